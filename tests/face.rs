//! The full build's createFaceMessage: `{index, data}` stored and delivered as it was given,
//! shown as an animated sticker in the conversation list, forwarded like the other kinds.

mod common;

use common::World;
use serde_json::json;
use tim_wasm::client::Output;
use tim_wasm::core::value::{obj, s, Value};

fn create(w: &mut World, i: usize, name: &str, arg: Value) -> String {
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    match c.call(cloud, now, name, &[arg]).expect("built") {
        Ok((Output::Draft(id, _), _)) => id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_face_is_sent_shown_and_forwarded() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let face = obj(&[
        ("to", s("alice")),
        ("conversationType", s("C2C")),
        (
            "payload",
            obj(&[("index", Value::Number(3.0)), ("data", s("smile"))]),
        ),
    ]);
    let id = create(&mut w, bob, "createFaceMessage", face);
    let sent = w
        .call_json(bob, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    assert_eq!(
        (&sent["message"]["type"], &sent["message"]["payload"]),
        (&json!("TIMFaceElem"), &json!({"index": 3, "data": "smile"}))
    );
    let conv = w
        .call_json(alice, "getConversationProfile", s("C2Cbob"))
        .unwrap()["conversation"]["lastMessage"]
        .clone();
    // The app here is not an international one: the Chinese label.
    assert_eq!(
        (
            &conv["messageForShow"],
            &conv["type"],
            &conv["payload"]["index"]
        ),
        (&json!("[动画表情]"), &json!("TIMFaceElem"), &json!(3))
    );
    let list = w
        .call_json(
            alice,
            "getMessageList",
            obj(&[("conversationID", s("C2Cbob"))]),
        )
        .unwrap();
    let got = &list["messageList"][0];
    assert_eq!(got["payload"], json!({"index": 3, "data": "smile"}));

    // Forwarded as it came.
    let message = obj(&[
        ("type", s("TIMFaceElem")),
        (
            "payload",
            obj(&[("index", Value::Number(3.0)), ("data", s("smile"))]),
        ),
        (
            "_elements",
            Value::Array(vec![obj(&[("type", s("TIMFaceElem"))])]),
        ),
    ]);
    let fwd = obj(&[
        ("to", s("carol")),
        ("conversationType", s("C2C")),
        ("payload", message),
    ]);
    let id = create(&mut w, alice, "createForwardMessage", fwd);
    let sent = w
        .call_json(alice, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    assert_eq!(
        (
            &sent["message"]["type"],
            &sent["message"]["payload"]["data"]
        ),
        (&json!("TIMFaceElem"), &json!("smile"))
    );
}
