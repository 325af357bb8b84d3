//! createForwardMessage: a message's element goes again to another conversation, as a new
//! message of this user's (its custom data kept unless other is given); a group tip, or a kind
//! not carried, is refused 2453 and what is not a message 2454, as the original.

mod common;

use common::World;
use serde_json::json;
use tim_wasm::client::Output;
use tim_wasm::core::value::{obj, s, Value};

/// A message object as the app holds it: its type, payload, custom data and `_elements`.
fn message(kind: &str, payload: Value, custom: &str) -> Value {
    obj(&[
        ("type", s(kind)),
        ("payload", payload.clone()),
        ("cloudCustomData", s(custom)),
        (
            "_elements",
            Value::Array(vec![obj(&[("type", s(kind)), ("content", payload)])]),
        ),
    ])
}

fn forward(
    w: &mut World,
    i: usize,
    to: &str,
    m: Value,
    custom: Option<&str>,
) -> Result<String, u32> {
    let mut o = vec![
        ("to", s(to)),
        ("conversationType", s("C2C")),
        ("payload", m),
    ];
    if let Some(c) = custom {
        o.push(("cloudCustomData", s(c)));
    }
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    match c
        .call(cloud, now, "createForwardMessage", &[obj(&o)])
        .expect("built")
    {
        Ok((Output::Draft(id, _), _)) => Ok(id),
        Ok((other, _)) => panic!("{other:?}"),
        Err(e) => Err(e.code),
    }
}

#[test]
fn a_message_is_forwarded_as_a_new_message_of_ones_own() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    let text = message("TIMTextElem", obj(&[("text", s("lunch at 1"))]), "from bob");
    let id = forward(&mut w, alice, "carol", text, None).unwrap();
    let sent = w
        .call_json(alice, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    let m = &sent["message"];
    assert_eq!(
        (
            &m["from"],
            &m["to"],
            &m["payload"]["text"],
            &m["cloudCustomData"]
        ),
        (
            &json!("alice"),
            &json!("carol"),
            &json!("lunch at 1"),
            &json!("from bob")
        )
    );
    let conv = w
        .call_json(carol, "getConversationProfile", s("C2Calice"))
        .unwrap();
    assert_eq!(
        conv["conversation"]["lastMessage"]["payload"]["text"],
        "lunch at 1"
    );

    // A custom message, with custom data of the forward's own.
    let custom = message(
        "TIMCustomElem",
        obj(&[
            ("data", s("d")),
            ("description", s("x")),
            ("extension", s("e")),
        ]),
        "old",
    );
    let id = forward(&mut w, alice, "carol", custom, Some("new")).unwrap();
    let sent = w
        .call_json(alice, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    assert_eq!(
        (
            &sent["message"]["payload"]["data"],
            &sent["message"]["cloudCustomData"]
        ),
        (&json!("d"), &json!("new"))
    );

    // A group tip is not forwarded; neither is what is not a message.
    let tip = message(
        "TIMGroupTipElem",
        obj(&[("operationType", Value::Number(1.0))]),
        "",
    );
    assert_eq!(forward(&mut w, alice, "carol", tip, None), Err(2453));
    assert_eq!(
        forward(
            &mut w,
            alice,
            "carol",
            obj(&[("type", s("TIMTextElem"))]),
            None
        ),
        Err(2454)
    );
}
