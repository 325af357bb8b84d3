//! The full build's revokeMessage: who may revoke (a one-to-one message its sender; a group
//! message its sender, the owner and admins) and when (the sender within two minutes), the
//! revoked message everywhere (`isRevoked`, `revoker`, MESSAGE_REVOKED on the other sessions,
//! the conversation's lastMessage), and the unread counts it leaves.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn send(w: &mut World, i: usize, kind: &str, to: &str, text: &str) -> J {
    w.send_text(i, kind, to, text)
}

/// The message as revokeMessage takes it (the fields it reads).
fn msg(m: &J) -> Value {
    obj(&[
        ("ID", s(m["ID"].as_str().unwrap())),
        ("conversationID", s(m["conversationID"].as_str().unwrap())),
    ])
}

fn conv(w: &mut World, i: usize, id: &str) -> J {
    call(w, i, "getConversationProfile", s(id)).unwrap()["conversation"].clone()
}

fn revoked_events(w: &mut World, i: usize) -> Vec<(String, String)> {
    w.take_pushed(i)
        .into_iter()
        .filter_map(|e| match e {
            Event::MessageRevoked(list) => Some(list),
            _ => None,
        })
        .flatten()
        .map(|m| (m.id.clone(), m.revoker.clone()))
        .collect()
}

#[test]
fn the_sender_revokes_a_one_to_one_message_within_two_minutes_and_everyone_sees_it() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (bob2, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let first = send(&mut w, bob, "C2C", "alice", "oops");
    let m = send(&mut w, bob, "C2C", "alice", "wrong chat");
    assert_eq!(conv(&mut w, alice, "C2Cbob")["unreadCount"], json!(2));
    for i in [bob, bob2, alice] {
        w.take_pushed(i);
    }

    // The recipient may not; the sender may, and gets the message marked.
    let hers = obj(&[
        ("ID", s(m["ID"].as_str().unwrap())),
        ("conversationID", s("C2Cbob")),
    ]);
    assert_eq!(call(&mut w, alice, "revokeMessage", hers), Err(2110));
    let done = call(&mut w, bob, "revokeMessage", msg(&m)).unwrap();
    assert_eq!(
        (
            &done["message"]["ID"],
            &done["message"]["isRevoked"],
            &done["message"]["revoker"]
        ),
        (&m["ID"], &json!(true), &json!("bob"))
    );
    // The other sessions are told; the sender's own session is not.
    let id = m["ID"].as_str().unwrap().to_string();
    assert_eq!(
        revoked_events(&mut w, alice),
        [(id.clone(), "bob".to_string())]
    );
    assert_eq!(
        revoked_events(&mut w, bob2),
        [(id.clone(), "bob".to_string())]
    );
    assert_eq!(revoked_events(&mut w, bob), []);
    // The last message is the revoked one; the unread message it was is no longer counted.
    let c = conv(&mut w, alice, "C2Cbob");
    assert_eq!(
        (
            &c["lastMessage"]["isRevoked"],
            &c["lastMessage"]["revoker"],
            &c["unreadCount"]
        ),
        (&json!(true), &json!("bob"), &json!(1))
    );
    // So it is for the sender.
    let mine = conv(&mut w, bob, "C2Calice");
    assert_eq!(
        (
            &mine["lastMessage"]["isRevoked"],
            &mine["lastMessage"]["revoker"]
        ),
        (&json!(true), &json!("bob"))
    );
    // History keeps it, marked.
    let list = call(
        &mut w,
        alice,
        "getMessageList",
        obj(&[("conversationID", s("C2Cbob"))]),
    )
    .unwrap();
    let flags: Vec<(J, J)> = list["messageList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["payload"]["text"].clone(), m["isRevoked"].clone()))
        .collect();
    assert_eq!(
        flags,
        [(json!("oops"), J::Null), (json!("wrong chat"), json!(true))]
    );
    // Again: nothing changes, nobody is told.
    assert!(call(&mut w, bob, "revokeMessage", msg(&m)).is_ok());
    assert_eq!(revoked_events(&mut w, alice), []);
    // Past two minutes: 20016; an unknown message: 20026.
    w.tick(200);
    assert_eq!(call(&mut w, bob, "revokeMessage", msg(&first)), Err(20016));
    let unknown = obj(&[("ID", s("bob-1-1")), ("conversationID", s("C2Calice"))]);
    assert_eq!(call(&mut w, bob, "revokeMessage", unknown), Err(20026));
}

#[test]
fn a_read_message_revoked_leaves_the_unread_count_alone() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let m = send(&mut w, bob, "C2C", "alice", "hi");
    call(
        &mut w,
        alice,
        "setMessageRead",
        obj(&[("conversationID", s("C2Cbob"))]),
    )
    .unwrap();
    send(&mut w, bob, "C2C", "alice", "later");
    call(&mut w, bob, "revokeMessage", msg(&m)).unwrap();
    assert_eq!(conv(&mut w, alice, "C2Cbob")["unreadCount"], json!(1));
    // Not the last message: the conversation's lastMessage is untouched.
    assert_eq!(
        conv(&mut w, alice, "C2Cbob")["lastMessage"]["isRevoked"],
        J::Null
    );
}

#[test]
fn in_a_group_the_owner_and_admins_revoke_any_message_at_any_time() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    let made = call(
        &mut w,
        bob,
        "createGroup",
        obj(&[
            ("type", s("Public")),
            ("name", s("Team")),
            ("groupID", s("team")),
            (
                "memberList",
                Value::Array(vec![
                    obj(&[("userID", s("alice")), ("role", s("Admin"))]),
                    obj(&[("userID", s("carol"))]),
                ]),
            ),
        ]),
    );
    assert!(made.is_ok(), "{made:?}");
    let by_carol = send(&mut w, carol, "GROUP", "team", "spam");
    let by_carol2 = send(&mut w, carol, "GROUP", "team", "more spam");
    let by_alice = send(&mut w, alice, "GROUP", "team", "admin note");
    w.tick(300);
    // Past the limit the sender may not; another member never may.
    assert_eq!(
        call(&mut w, carol, "revokeMessage", msg(&by_carol)),
        Err(10031)
    );
    assert_eq!(
        call(&mut w, carol, "revokeMessage", msg(&by_alice)),
        Err(10007)
    );
    // The admin and the owner may, at any time; every member is told.
    w.take_pushed(bob);
    let done = call(&mut w, alice, "revokeMessage", msg(&by_carol)).unwrap();
    assert_eq!(done["message"]["revoker"], json!("alice"));
    let id = by_carol["ID"].as_str().unwrap().to_string();
    assert_eq!(
        revoked_events(&mut w, bob),
        [(id.clone(), "alice".to_string())]
    );
    assert_eq!(revoked_events(&mut w, carol), [(id, "alice".to_string())]);
    call(&mut w, bob, "revokeMessage", msg(&by_carol2)).unwrap();
    // Bob had three unread (tips are not counted); two of them are revoked now.
    assert_eq!(conv(&mut w, bob, "GROUPteam")["unreadCount"], json!(1));
    // A system notice is not revoked (the rule refuses it before the cloud is asked).
    let sys = obj(&[("conversationType", s("@TIM#SYSTEM"))]);
    assert!(tim_wasm::core::validate::validate("revokeMessage", &[sys]).is_err());
    let again = obj(&[
        ("conversationType", s("C2C")),
        ("isRevoked", Value::Bool(true)),
    ]);
    assert!(tim_wasm::core::validate::validate("revokeMessage", &[again]).is_err());
}
