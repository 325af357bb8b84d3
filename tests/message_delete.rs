//! The full build's deleteMessage: messages leave the user's own view of a chat (history, the
//! conversation's lastMessage, their other devices' list) and stay the other participants';
//! pages still hold `count` messages around deleted ones; clearing the history forgets them.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn send(w: &mut World, i: usize, to: &str, text: &str) -> J {
    w.send_text(i, "C2C", to, text)
}

/// The message as deleteMessage takes it (the fields it reads).
fn item(m: &J) -> Value {
    let f = |k: &str| s(m[k].as_str().unwrap());
    obj(&[
        ("ID", f("ID")),
        ("conversationID", f("conversationID")),
        ("conversationType", f("conversationType")),
        ("status", f("status")),
    ])
}

fn texts(w: &mut World, i: usize, conv: &str, count: f64, next: Option<&str>) -> (Vec<String>, J) {
    let mut arg = vec![("conversationID", s(conv)), ("count", Value::Number(count))];
    if let Some(n) = next {
        arg.push(("nextReqMessageID", s(n)));
    }
    let page = call(w, i, "getMessageList", obj(&arg)).unwrap();
    let list = page["messageList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["payload"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    (list, page)
}

fn last_text(w: &mut World, i: usize, conv: &str) -> J {
    call(w, i, "getConversationProfile", s(conv)).unwrap()["conversation"]["lastMessage"]["payload"]
        ["text"]
        .clone()
}

#[test]
fn deleted_messages_leave_only_the_users_own_view() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (bob2, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let sent: Vec<J> = (1..=6)
        .map(|n| send(&mut w, bob, "alice", &format!("m{n}")))
        .collect();
    w.take_pushed(bob2);

    // The last two and one in the middle; a message of another conversation is passed over.
    let other = send(&mut w, bob, "carol", "elsewhere");
    let list = Value::Array(vec![
        item(&sent[5]),
        item(&sent[4]),
        item(&sent[2]),
        item(&other),
    ]);
    let done = call(&mut w, bob, "deleteMessage", list).unwrap();
    assert_eq!(
        done["messageList"],
        json!([sent[5]["ID"], sent[4]["ID"], sent[2]["ID"]])
    );
    // The sender's history and last message, and their other device's list, follow.
    assert_eq!(
        texts(&mut w, bob, "C2Calice", 15.0, None).0,
        ["m1", "m2", "m4"]
    );
    assert_eq!(last_text(&mut w, bob, "C2Calice"), json!("m4"));
    assert!(common::names(&w.take_pushed(bob2)).contains(&"onConversationListUpdated"));
    assert_eq!(last_text(&mut w, bob2, "C2Calice"), json!("m4"));
    // The recipient keeps everything.
    assert_eq!(texts(&mut w, alice, "C2Cbob", 15.0, None).0.len(), 6);
    assert_eq!(last_text(&mut w, alice, "C2Cbob"), json!("m6"));

    // Pages of two hold two messages around the deleted ones, and end where the history does.
    let (page, p) = texts(&mut w, bob, "C2Calice", 2.0, None);
    assert_eq!(
        (page, &p["isCompleted"]),
        (vec!["m2".to_string(), "m4".to_string()], &json!(false))
    );
    let next = p["nextReqMessageID"].as_str().unwrap().to_string();
    let (page, p) = texts(&mut w, bob, "C2Calice", 2.0, Some(&next));
    assert_eq!(
        (page, &p["isCompleted"]),
        (vec!["m1".to_string()], &json!(true))
    );

    // A new message is the last again; clearing the history forgets the deletions.
    send(&mut w, bob, "alice", "m7");
    assert_eq!(last_text(&mut w, bob, "C2Calice"), json!("m7"));
    call(&mut w, bob, "clearHistoryMessage", s("C2Calice")).unwrap();
    send(&mut w, bob, "alice", "m8");
    assert_eq!(texts(&mut w, bob, "C2Calice", 15.0, None).0, ["m8"]);
}

#[test]
fn only_sent_messages_of_the_first_ones_conversation_are_deleted_and_never_a_notice() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let m = send(&mut w, bob, "alice", "hi");
    let mut unsent = item(&m);
    if let Value::Object(fields) = &mut unsent {
        for (k, v) in fields.iter_mut() {
            if k == "status" {
                *v = s("unSend");
            }
        }
    }
    let done = call(&mut w, bob, "deleteMessage", Value::Array(vec![unsent])).unwrap();
    assert_eq!(done["messageList"], json!([]));
    assert_eq!(last_text(&mut w, bob, "C2Calice"), json!("hi"));
    let notice = obj(&[
        ("ID", s("n1")),
        ("conversationID", s("@TIM#SYSTEM")),
        ("conversationType", s("@TIM#SYSTEM")),
        ("status", s("success")),
    ]);
    assert_eq!(
        call(&mut w, bob, "deleteMessage", Value::Array(vec![notice])),
        Err(2116)
    );
    assert!(tim_wasm::core::validate::validate("deleteMessage", &[Value::Array(vec![])]).is_err());
}
