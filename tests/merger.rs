//! createMergerMessage (full build): messages merged into one, each as the original's entry,
//! kept inline (no `downloadKey`: downloadMergerMessage has nothing to fetch, 2451 as the
//! original answers such a message); delivered, stored, forwarded and replayed as given; a
//! server takes only a JSON array as the list.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::cloud::wire::check;
use tim_wasm::cloud::Request;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::json::ToJson;
use tim_wasm::core::message::Payload;
use tim_wasm::core::value::{obj, s, Value};

fn value(j: &J) -> Value {
    tim_wasm::core::json_read::parse(&j.to_string())
}

fn draft(w: &mut World, i: usize, name: &str, arg: Value) -> (String, J) {
    let (c, cloud, now) = w.c(i);
    let Some(Ok((tim_wasm::client::Output::Draft(id, json), _))) = c.call(cloud, now, name, &[arg])
    else {
        panic!("{name}")
    };
    (id, serde_json::from_str(&json).unwrap())
}

#[test]
fn merged_messages_arrive_as_the_originals_entries() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    w.login("bob");
    let first = w.send_text(ann, "C2C", "cat", "one");
    let face = json!({"ID": "cat-1-2", "from": "cat", "to": "ann", "conversationType": "C2C",
        "type": "TIMLocationElem", "time": 1_700_000_000, "sequence": 4, "random": 2, "clientTime": 1,
        "nick": "Cat", "avatar": "c.png", "cloudCustomData": "",
        "payload": {"description": "here", "longitude": 1.25, "latitude": -2}});
    let list = json!([first, face]);
    let (id, m) = draft(
        &mut w,
        ann,
        "createMergerMessage",
        obj(&[
            ("to", s("bob")),
            ("conversationType", s("C2C")),
            (
                "payload",
                value(
                    &json!({"messageList": list, "title": "Chat", "abstractList": ["ann: one", "cat: [位置]"], "compatibleText": "update to see this"}),
                ),
            ),
        ]),
    );
    assert_eq!(m["type"], "TIMRelayElem");
    let entries = &m["payload"]["messageList"];
    assert_eq!(
        entries[1],
        json!({"from": "cat", "messageSender": "cat", "time": 1_700_000_000, "messageSequence": 4,
            "clientSequence": 4, "messageRandom": 2, "cloudCustomData": "", "clientTime": 1,
            "ID": "cat-1-2", "nick": "Cat", "avatar": "c.png",
            "messageBody": [{"type": "TIMLocationElem", "payload": {"description": "here", "longitude": 1.25, "latitude": -2}}],
            "receiverUserID": "ann", "messageReceiver": "ann"})
    );
    assert_eq!(entries[0]["messageBody"][0]["payload"]["text"], "one");
    assert_eq!(
        [
            &m["payload"]["downloadKey"],
            &m["payload"]["title"],
            &m["payload"]["layersOverLimit"]
        ],
        [&json!(""), &json!("Chat"), &json!(false)]
    );
    let sent = w
        .call_json(ann, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    assert_eq!(sent["message"]["payload"], m["payload"]);
    // bob's copy.
    let theirs = w.history("bob", 9, "C2Cann");
    let got: J = serde_json::from_str(&theirs.last().unwrap().to_json()).unwrap();
    assert_eq!(got["payload"], m["payload"]);
    let conv = w
        .call_json(ann, "getConversationProfile", s("C2Cbob"))
        .unwrap();
    assert_eq!(
        conv["conversation"]["lastMessage"]["messageForShow"],
        "[聊天记录]"
    );

    // Forwarded, its entries stay as they are (a merger inside a merger keeps its body).
    let (_, fwd) = draft(
        &mut w,
        ann,
        "createForwardMessage",
        obj(&[
            ("to", s("cat")),
            ("conversationType", s("C2C")),
            (
                "payload",
                value(&json!({"type": "TIMRelayElem", "_elements": [], "payload": m["payload"]})),
            ),
        ]),
    );
    assert_eq!(fwd["payload"]["messageList"], m["payload"]["messageList"]);
    // Nothing to download: 2451; not a merger: 2450.
    let mut code = |v: J| {
        let (c, cloud, now) = w.c(ann);
        c.call(cloud, now, "downloadMergerMessage", &[value(&v)])
            .unwrap()
            .err()
            .map(|e| e.code)
    };
    assert_eq!(code(got.clone()), Some(2451));
    assert_eq!(code(first), Some(2450));
    // A snapshot keeps it.
    let text = tim_wasm::cloud::snapshot::write(&w.cloud.cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, w.cloud.cloud.sdk_app_id).unwrap();
    assert!(back.same_state(&w.cloud.cloud));
}

#[test]
fn bad_mergers_are_refused() {
    use tim_wasm::core::validate::validate;
    let with = |payload: J| {
        validate(
            "createMergerMessage",
            &[obj(&[
                ("to", s("bob")),
                ("conversationType", s("C2C")),
                ("payload", value(&payload)),
            ])],
        )
        .map_err(|e| e.code)
    };
    assert!(with(json!({"messageList": [{"ID": "a"}], "compatibleText": "x"})).is_ok());
    for bad in [
        json!({"messageList": [], "compatibleText": "x"}),
        json!({"messageList": [{"ID": "a"}]}),
        json!({"messageList": [{"ID": "a"}], "compatibleText": ""}),
        json!({"messageList": [{"ID": "a", "status": "fail"}], "compatibleText": "x"}),
    ] {
        assert_eq!(with(bad.clone()), Err(6017), "{bad}");
    }
    // A server takes a merger's list only as a JSON array (it is written as it is).
    let send = |list: &str| Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Merger {
            title: String::new(),
            abstract_list: Vec::new(),
            compatible_text: "x".into(),
            message_list: list.into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    assert!(check(&send(r#"[{"a":[1,2.5,null]}]"#)).is_ok());
    for bad in ["", "{}", "[1]]", "[1] x", "[NaN]", "\"[]\""] {
        assert!(check(&send(bad)).is_err(), "{bad:?}");
    }
}
