//! The full build's message reactions: adding and removing (Tencent's limits and codes), the
//! summary getMessageReactions gives (counts, first users, whether the viewer reacted), the
//! user list by page, MESSAGE_REACTIONS_UPDATED on every session of every participant (each
//! seeing whether they reacted), and who may react.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::cloud::message_ops::MessageOp;
use tim_wasm::cloud::{Cloud, Outcome, Request, Response};
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

fn arr(items: Vec<Value>) -> Value {
    Value::Array(items)
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn call(w: &mut World, i: usize, name: &str, args: &[Value]) -> Result<J, u32> {
    w.call_data(i, name, args)
}

/// The message as the reaction methods take it (the fields they read).
fn msg(m: &J) -> Value {
    obj(&[
        ("ID", s(m["ID"].as_str().unwrap())),
        ("conversationID", s(m["conversationID"].as_str().unwrap())),
        ("status", s("success")),
    ])
}

/// The message as the other side of a C2C chat names it (its conversation there).
fn theirs(m: &J, conv: &str) -> Value {
    obj(&[
        ("ID", s(m["ID"].as_str().unwrap())),
        ("conversationID", s(conv)),
        ("status", s("success")),
    ])
}

fn react(w: &mut World, i: usize, add: bool, m: Value, r: &str) -> Result<J, u32> {
    let name = if add {
        "addMessageReaction"
    } else {
        "removeMessageReaction"
    };
    call(w, i, name, &[m, s(r)])
}

/// The MESSAGE_REACTIONS_UPDATED data session `i` received since last asked.
fn updates(w: &mut World, i: usize) -> Vec<J> {
    w.take_pushed(i)
        .into_iter()
        .filter_map(|e| match e {
            Event::Keyed("onMessageReactionsUpdated", _, text) => {
                Some(serde_json::from_str(&text).unwrap())
            }
            _ => None,
        })
        .collect()
}

fn user(id: &str) -> J {
    json!({"userID": id, "nick": "", "avatar": ""})
}

#[test]
fn reactions_are_added_removed_and_seen_by_every_session_of_both_users() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (alice2, _) = w.login("alice");
    let m = w.send_text(bob, "C2C", "alice", "lunch?");
    let id = m["ID"].as_str().unwrap().to_string();
    for i in [bob, alice, alice2] {
        w.take_pushed(i);
    }

    // Alice reacts: the call resolves `{}`, and every session hears of it, each seeing
    // whether it reacted itself; her own session before the call resolves.
    assert_eq!(
        react(&mut w, alice, true, theirs(&m, "C2Cbob"), "smile"),
        Ok(json!({}))
    );
    let seen = |mine| {
        json!([{"messageID": id, "reactionList": [{
            "reactionID": "smile", "totalUserCount": 1,
            "partialUserList": [user("alice")], "reactedByMyself": mine,
        }]}])
    };
    assert_eq!(json!(updates(&mut w, alice)), seen(true));
    assert_eq!(json!(updates(&mut w, alice2)), seen(true));
    assert_eq!(json!(updates(&mut w, bob)), seen(false));

    // Twice is refused; bob joins; a second reaction follows the first.
    assert_eq!(
        react(&mut w, alice2, true, theirs(&m, "C2Cbob"), "smile"),
        Err(23007)
    );
    react(&mut w, bob, true, msg(&m), "smile").unwrap();
    react(&mut w, bob, true, msg(&m), "heart").unwrap();
    // Each side names the message in its own conversation.
    let summary = |w: &mut World, i, max: Option<f64>| {
        let mine = if i == bob {
            msg(&m)
        } else {
            theirs(&m, "C2Cbob")
        };
        let mut o = vec![("messageList", arr(vec![mine]))];
        if let Some(max) = max {
            o.push(("maxUserCountPerReaction", n(max)));
        }
        call(w, i, "getMessageReactions", &[obj(&o)]).unwrap()
    };
    assert_eq!(
        summary(&mut w, bob, None),
        json!({"resultList": [{"messageID": id, "reactionList": [
            {"reactionID": "smile", "totalUserCount": 2,
             "partialUserList": [user("alice"), user("bob")], "reactedByMyself": true},
            {"reactionID": "heart", "totalUserCount": 1,
             "partialUserList": [user("bob")], "reactedByMyself": true},
        ]}]})
    );
    // At most the users asked for; alice did not react with a heart.
    let first = summary(&mut w, alice, Some(1.0));
    let list = &first["resultList"][0]["reactionList"];
    assert_eq!(list[0]["partialUserList"], json!([user("alice")]));
    assert_eq!(list[0]["totalUserCount"], json!(2));
    assert_eq!(list[1]["reactedByMyself"], json!(false));

    // Removing: once; the last user's removal leaves no reaction behind.
    for i in [bob, alice, alice2] {
        w.take_pushed(i);
    }
    react(&mut w, alice, false, theirs(&m, "C2Cbob"), "smile").unwrap();
    assert_eq!(
        react(&mut w, alice, false, theirs(&m, "C2Cbob"), "smile"),
        Err(23008)
    );
    assert_eq!(
        react(&mut w, alice, false, theirs(&m, "C2Cbob"), "wave"),
        Err(23008)
    );
    react(&mut w, bob, false, msg(&m), "heart").unwrap();
    let after = updates(&mut w, alice2);
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(
        after[1]["reactionList"],
        json!([{"reactionID": "heart", "totalUserCount": 0, "partialUserList": [],
                "reactedByMyself": false}])
    );
    assert_eq!(
        summary(&mut w, alice, None)["resultList"][0]["reactionList"],
        json!([{"reactionID": "smile", "totalUserCount": 1,
                "partialUserList": [user("bob")], "reactedByMyself": false}])
    );

    // Unknown messages: a change is refused, a summary leaves them out.
    let ghost = obj(&[
        ("ID", s("nobody-1-1")),
        ("conversationID", s("C2Cbob")),
        ("status", s("success")),
    ]);
    assert_eq!(
        react(&mut w, alice, true, ghost.clone(), "smile"),
        Err(20026)
    );
    let none = call(
        &mut w,
        alice,
        "getMessageReactions",
        &[obj(&[("messageList", arr(vec![ghost]))])],
    );
    assert_eq!(none, Ok(json!({"resultList": []})));
    assert_eq!(
        call(
            &mut w,
            alice,
            "getMessageReactions",
            &[obj(&[("messageList", arr(vec![]))])]
        ),
        Ok(json!({"resultList": []}))
    );
}

#[test]
fn a_group_message_takes_reactions_from_its_members_only() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    let (carol, _) = w.login("carol");
    w.admin_create_group("ann", "team", &["bob"]);
    let m = w.send_text(ann, "GROUP", "team", "ship it");
    react(&mut w, bob, true, msg(&m), "rocket").unwrap();
    assert_eq!(react(&mut w, carol, true, msg(&m), "rocket"), Err(10007));
    // Every member hears of it; carol, not a member, does not.
    assert_eq!(updates(&mut w, ann).len(), 1);
    assert!(updates(&mut w, carol).is_empty());
    assert_eq!(
        call(
            &mut w,
            carol,
            "getMessageReactions",
            &[obj(&[("messageList", arr(vec![msg(&m)]))])]
        ),
        Err(10007)
    );
}

#[test]
fn the_users_of_a_reaction_come_by_page() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let members: Vec<String> = (0..25).map(|i| format!("u{i:02}")).collect();
    let refs: Vec<&str> = members.iter().map(String::as_str).collect();
    w.admin_create_group("ann", "big", &refs);
    let m = w.send_text(ann, "GROUP", "big", "vote");
    let sessions: Vec<usize> = refs.iter().map(|u| w.login(u).0).collect();
    for &i in &sessions {
        react(&mut w, i, true, msg(&m), "yes").unwrap();
    }
    let page = |w: &mut World, next: f64, count: Option<f64>| {
        let mut o = vec![
            ("message", msg(&m)),
            ("reactionID", s("yes")),
            ("nextSeq", n(next)),
        ];
        if let Some(c) = count {
            o.push(("count", n(c)));
        }
        call(w, ann, "getAllUserListOfMessageReaction", &[obj(&o)]).unwrap()
    };
    let mut seen = Vec::new();
    let mut next = 0.0;
    loop {
        let p = page(&mut w, next, Some(10.0));
        seen.extend(
            p["userList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["userID"].clone()),
        );
        if p["isCompleted"] == json!(true) {
            assert_eq!(p["nextSeq"], json!(0));
            break;
        }
        next = p["nextSeq"].as_f64().unwrap();
    }
    assert_eq!(seen, members.iter().map(|u| json!(u)).collect::<Vec<_>>());
    // By default (and at most) 100 a page: all at once.
    let all = page(&mut w, 0.0, None);
    assert_eq!(
        (
            all["userList"].as_array().unwrap().len(),
            &all["isCompleted"]
        ),
        (25, &json!(true))
    );
    // A reaction nobody added has no users.
    let mut o = vec![("message", msg(&m)), ("reactionID", s("no"))];
    o.push(("nextSeq", n(0.0)));
    assert_eq!(
        call(&mut w, ann, "getAllUserListOfMessageReaction", &[obj(&o)]),
        Ok(json!({"userList": [], "nextSeq": 0, "isCompleted": true}))
    );
}

/// Runs one reaction change as `user` on the cloud itself.
fn cloud_react(c: &mut Cloud, user: &str, id: &str, reaction: &str) -> Result<Response, u32> {
    let op = MessageOp {
        op: "addMessageReaction".into(),
        conversation_id: "GROUPg".into(),
        ids: vec![id.to_string()],
        reaction: reaction.into(),
        ..MessageOp::default()
    };
    c.handle(
        user,
        1,
        Request::MessageOp(op),
        1_700_000_100,
        &mut Outcome::default(),
    )
    .map_err(|e| e.code)
}

#[test]
fn a_message_holds_ten_reactions_and_a_reaction_a_hundred_users() {
    let mut c = Cloud::new(1.0);
    let users: Vec<String> = (0..101).map(|i| format!("m{i}")).collect();
    let create = Request::CreateGroup {
        group_id: Some("g".into()),
        name: "G".into(),
        kind: "Public".into(),
        members: users[1..].to_vec(),
    };
    c.handle("m0", 1, create, 1_700_000_000, &mut Outcome::default())
        .unwrap();
    let send = Request::SendMessage {
        conv_type: tim_wasm::core::conversation::ConvType::Group,
        to: "g".into(),
        payload: tim_wasm::core::message::Payload::Text { text: "hi".into() },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    c.handle("m0", 1, send, 1_700_000_001, &mut Outcome::default())
        .unwrap();
    let id = "m0-1-1";
    for r in 0..10 {
        assert_eq!(
            cloud_react(&mut c, "m0", id, &format!("r{r}")),
            Ok(Response::Done)
        );
    }
    assert_eq!(cloud_react(&mut c, "m1", id, "r10"), Err(23005));
    for u in &users[1..100] {
        assert_eq!(cloud_react(&mut c, u, id, "r0"), Ok(Response::Done));
    }
    assert_eq!(cloud_react(&mut c, &users[100], id, "r0"), Err(23006));
    // Another reaction still takes them; an empty reaction ID never.
    assert_eq!(
        cloud_react(&mut c, &users[100], id, "r1"),
        Ok(Response::Done)
    );
    assert_eq!(cloud_react(&mut c, &users[100], id, ""), Err(10004));
}
