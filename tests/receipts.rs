//! The full build's read receipts: only messages sent with `needReadReceipt` take them, once per
//! reader; the sender's sessions hear MESSAGE_READ_RECEIPT_RECEIVED (group: counts; one-to-one:
//! isPeerRead) and read the counts and the pages of readers and non-readers; the journal replays
//! the readers (`World`'s drop).

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::client::Output;
use tim_wasm::core::event::Event;
use tim_wasm::core::json::ToJson;
use tim_wasm::core::value::{obj, s, Value};

const RECEIVED: &str = "onMessageReadReceiptReceived";

/// A message object as an app hands it back.
fn msg(m: &J) -> Value {
    obj(&[
        ("ID", s(m["ID"].as_str().unwrap())),
        ("conversationID", s(m["conversationID"].as_str().unwrap())),
        (
            "conversationType",
            s(m["conversationType"].as_str().unwrap()),
        ),
        ("from", s(m["from"].as_str().unwrap())),
        ("needReadReceipt", Value::Bool(m["needReadReceipt"] == true)),
    ])
}

fn list(ms: &[&J]) -> Value {
    Value::Array(ms.iter().map(|m| msg(m)).collect())
}

fn receipts_of(w: &mut World, i: usize, ms: &[&J]) -> Result<J, u32> {
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    let res = c
        .call(cloud, now, "getMessageReadReceiptList", &[list(ms)])
        .expect("built");
    w.flush(i);
    match res {
        Ok((Output::Receipts(json), _)) => Ok(serde_json::from_str(&json).unwrap()),
        Ok((other, _)) => panic!("{other:?}"),
        Err(e) => Err(e.code),
    }
}

/// The receipt events session `i` got since last asked.
fn told(w: &mut World, i: usize) -> Vec<J> {
    w.take_pushed(i)
        .into_iter()
        .filter_map(|e| match e {
            Event::Keyed(RECEIVED, _, data) => Some(serde_json::from_str(&data).unwrap()),
            _ => None,
        })
        .collect()
}

fn needing() -> [(&'static str, Value); 1] {
    [("needReadReceipt", Value::Bool(true))]
}

#[test]
fn group_receipts_count_each_reader_once_and_reach_the_senders_sessions() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (ann2, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    let (cat, _) = w.login("cat");
    w.admin_create_group("ann", "team", &["bob", "cat", "dan"]);
    let asked = w.send_text_with(ann, "GROUP", "team", "read me", &needing());
    let plain = w.send_text(ann, "GROUP", "team", "no receipts");
    assert_eq!(asked["needReadReceipt"], true);
    told(&mut w, ann2);

    // Nothing read yet: 0 of the 3 other members.
    let id = asked["ID"].as_str().unwrap();
    assert_eq!(
        receipts_of(&mut w, ann, &[&asked, &plain]),
        Ok(json!({ id: {"readCount": 0, "unreadCount": 3} }))
    );
    // One's own message, or one that asked for none, takes no receipt: 2114.
    assert_eq!(
        w.call_data(ann, "sendMessageReadReceipt", &[list(&[&asked])]),
        Err(2114)
    );
    assert_eq!(
        w.call_data(bob, "sendMessageReadReceipt", &[list(&[&plain])]),
        Err(2114)
    );
    // bob reads it: both of ann's sessions hear the counts; twice changes nothing.
    assert_eq!(
        w.call_data(bob, "sendMessageReadReceipt", &[list(&[&asked, &plain])]),
        Ok(json!({}))
    );
    let heard = json!([[{"groupID": "team", "messageID": id, "readCount": 1, "unreadCount": 2}]]);
    assert_eq!(told(&mut w, ann), heard.as_array().unwrap().clone());
    assert_eq!(told(&mut w, ann2), heard.as_array().unwrap().clone());
    assert!(told(&mut w, bob).is_empty());
    w.call_data(bob, "sendMessageReadReceipt", &[list(&[&asked])])
        .unwrap();
    assert!(told(&mut w, ann).is_empty());
    w.call_data(cat, "sendMessageReadReceipt", &[list(&[&asked])])
        .unwrap();
    assert_eq!(
        told(&mut w, ann2),
        vec![json!([{"groupID": "team", "messageID": id, "readCount": 2, "unreadCount": 1}])]
    );
    assert_eq!(
        receipts_of(&mut w, ann, &[&asked]),
        Ok(json!({ id: {"readCount": 2, "unreadCount": 1} }))
    );

    // The pages: readers in the order they read, non-readers in join order.
    let page = |w: &mut World, filter: f64, cursor: &str, count: f64| {
        w.call_data(
            ann,
            "getGroupMessageReadMemberList",
            &[obj(&[
                ("message", msg(&asked)),
                ("filter", Value::Number(filter)),
                ("cursor", s(cursor)),
                ("count", Value::Number(count)),
            ])],
        )
        .unwrap()
    };
    assert_eq!(
        page(&mut w, 0.0, "", 1.0),
        json!({"cursor": "bob", "isCompleted": false, "messageID": id, "unreadUserIDList": [], "readUserIDList": ["bob"]})
    );
    assert_eq!(
        page(&mut w, 0.0, "bob", 1.0),
        json!({"cursor": "", "isCompleted": true, "messageID": id, "unreadUserIDList": [], "readUserIDList": ["cat"]})
    );
    assert_eq!(
        page(&mut w, 1.0, "", 100.0),
        json!({"cursor": "", "isCompleted": true, "messageID": id, "unreadUserIDList": ["dan"], "readUserIDList": []})
    );
    // Only the sender pages the readers of a message.
    assert_eq!(
        w.call_data(
            bob,
            "getGroupMessageReadMemberList",
            &[obj(&[
                ("message", msg(&asked)),
                ("filter", Value::Number(0.0))
            ])]
        ),
        Err(20026)
    );
    // A snapshot keeps who read what (a new tab reads the state, not the journal).
    let text = tim_wasm::cloud::snapshot::write(&w.cloud.cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, w.cloud.cloud.sdk_app_id).unwrap();
    assert!(back.same_state(&w.cloud.cloud));
    assert!(text.contains(r#""readers":["bob","cat"]"#), "{text}");
    // Someone outside the group reads nothing of it.
    let (eve, _) = w.login("eve");
    assert_eq!(
        w.call_data(eve, "sendMessageReadReceipt", &[list(&[&asked])]),
        Err(10007)
    );
}

#[test]
fn a_one_to_one_receipt_marks_the_message_read_by_the_peer() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    let asked = w.send_text_with(ann, "C2C", "bob", "seen?", &needing());
    let id = asked["ID"].as_str().unwrap();
    assert_eq!(
        receipts_of(&mut w, ann, &[&asked]),
        Ok(json!({ id: {"isPeerRead": false} }))
    );
    // bob holds his own copy (its conversation is C2Cann).
    let theirs = w.history("bob", 9, "C2Cann");
    let copy: J = serde_json::from_str(&theirs.last().unwrap().to_json()).unwrap();
    assert_eq!(copy["needReadReceipt"], true);
    let before = w.now + 1;
    w.call_data(bob, "sendMessageReadReceipt", &[list(&[&copy])])
        .unwrap();
    assert_eq!(
        told(&mut w, ann),
        vec![json!([{"userID": "bob", "messageID": id, "isPeerRead": true, "timestamp": before}])]
    );
    assert_eq!(
        receipts_of(&mut w, ann, &[&asked]),
        Ok(json!({ id: {"isPeerRead": true} }))
    );
    // Nothing of one's own to count: the list as it is.
    assert_eq!(receipts_of(&mut w, bob, &[&copy]), Ok(json!({})));
}
