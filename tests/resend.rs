//! The full build's resendMessage: a message whose send was refused is sent again as the same
//! message (its ID), marked `isResend`, and the peer gets it once; a message this instance did
//! not create is refused 2105, as the original refuses anything but its Message instances.

mod common;

use common::World;
use serde_json::json;
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

#[test]
fn a_refused_message_is_sent_again_as_itself() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let block = obj(&[("userIDList", Value::Array(vec![s("alice")]))]);
    w.call_json(bob, "addToBlacklist", block.clone()).unwrap();
    let draft = obj(&[
        ("to", s("bob")),
        ("conversationType", s("C2C")),
        ("payload", obj(&[("text", s("let me in"))])),
    ]);
    let (c, cloud, now) = w.c(alice);
    let Some(Ok((tim_wasm::client::Output::Draft(id, _), _))) =
        c.call(cloud, now, "createTextMessage", &[draft])
    else {
        panic!("createTextMessage")
    };
    let msg = obj(&[("ID", s(&id))]);
    assert_eq!(w.call_json(alice, "sendMessage", msg.clone()), Err(20007));
    w.call_json(bob, "removeFromBlacklist", block).unwrap();
    w.take_pushed(bob);

    let done = w.call_json(alice, "resendMessage", msg.clone()).unwrap();
    assert_eq!(
        (
            &done["message"]["ID"],
            &done["message"]["isResend"],
            &done["message"]["status"]
        ),
        (&json!(id), &json!(true), &json!("success"))
    );
    let got: Vec<String> = w
        .take_pushed(bob)
        .into_iter()
        .filter_map(|e| match e {
            Event::MessageReceived(list) => Some(list),
            _ => None,
        })
        .flatten()
        .map(|m| m.id)
        .collect();
    assert_eq!(got, [id]);
    // Sent now: it is no longer a message to send.
    assert_eq!(w.call_json(alice, "resendMessage", msg), Err(2105));
    assert_eq!(
        w.call_json(alice, "resendMessage", obj(&[("ID", s("nobody-1-1"))])),
        Err(2105)
    );
}
