//! The full build's message extensions: set (limits per key, value, call and message; a key set
//! again takes its new value), get, delete (some keys or all), the events on the participants'
//! other sessions, in one-to-one and group chats; the journal replays them (`World`'s drop).

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, args: &[Value]) -> Result<J, u32> {
    w.call_data(i, name, args)
}

fn msg(id: &str, conv: &str) -> Value {
    obj(&[
        ("ID", s(id)),
        ("conversationID", s(conv)),
        ("status", s("success")),
    ])
}

fn exts(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| obj(&[("key", s(k)), ("value", s(v))]))
            .collect(),
    )
}

/// The extension events session `i` got since last asked: (name, data).
fn told(w: &mut World, i: usize) -> Vec<(String, J)> {
    w.take_pushed(i)
        .into_iter()
        .filter_map(|e| match e {
            Event::Keyed(name, _, data) if name.starts_with("onMessageExtensions") => {
                Some((name.to_string(), serde_json::from_str(&data).unwrap()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn extensions_are_set_read_and_deleted_by_both_sides_and_seen_everywhere() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (alice2, _) = w.login("alice");
    let plain = w.send_text(bob, "C2C", "alice", "no extensions");
    let m = w.send_text_with(
        bob,
        "C2C",
        "alice",
        "poll: lunch?",
        &[("isSupportExtension", Value::Bool(true))],
    );
    let id = m["ID"].as_str().unwrap().to_string();
    assert_eq!(m["isSupportExtension"], true);
    assert_eq!(
        plain.get("isSupportExtension"),
        None,
        "absent: false in the JS object"
    );
    // The recipient's copy says so too.
    let theirs = w.history("alice", 9, "C2Cbob");
    assert_eq!(
        theirs.iter().map(|m| m.flags).collect::<Vec<_>>(),
        vec![0, 2]
    );
    // A message sent without it takes none (10004).
    let pid = plain["ID"].as_str().unwrap();
    assert_eq!(
        call(
            &mut w,
            alice,
            "setMessageExtensions",
            &[msg(pid, "C2Cbob"), exts(&[("a", "b")])]
        ),
        Err(10004)
    );
    told(&mut w, alice);
    told(&mut w, alice2);
    told(&mut w, bob);

    // alice votes (on her side the chat is C2Cbob): her other session and bob hear it.
    let r = call(
        &mut w,
        alice,
        "setMessageExtensions",
        &[msg(&id, "C2Cbob"), exts(&[("alice", "pizza"), ("", "x")])],
    );
    assert_eq!(
        r,
        Ok(json!({"extensions": [
            {"code": 0, "key": "alice", "value": "pizza"},
            {"code": 10004, "key": "", "value": "x"}
        ]}))
    );
    let updated = (
        "onMessageExtensionsUpdated".to_string(),
        json!({"messageID": id, "extensions": [{"key": "alice", "value": "pizza"}]}),
    );
    assert_eq!(told(&mut w, alice2), vec![updated.clone()]);
    assert_eq!(told(&mut w, bob), vec![updated]);
    assert!(told(&mut w, alice).is_empty(), "the caller has its answer");

    // bob votes and alice changes hers: a key set again takes its new value, in its place.
    call(
        &mut w,
        bob,
        "setMessageExtensions",
        &[msg(&id, "C2Calice"), exts(&[("bob", "sushi")])],
    )
    .unwrap();
    call(
        &mut w,
        alice,
        "setMessageExtensions",
        &[msg(&id, "C2Cbob"), exts(&[("alice", "sushi")])],
    )
    .unwrap();
    let all = json!({"extensions": [{"key": "alice", "value": "sushi"}, {"key": "bob", "value": "sushi"}]});
    assert_eq!(
        call(&mut w, bob, "getMessageExtensions", &[msg(&id, "C2Calice")]),
        Ok(all)
    );

    // Limits: a key over 100 bytes, a value over 1 KB; the first 20 of a call only.
    let long_key = "k".repeat(101);
    let long_value = "v".repeat(1025);
    let r = call(
        &mut w,
        bob,
        "setMessageExtensions",
        &[
            msg(&id, "C2Calice"),
            exts(&[(&long_key, "x"), ("ok", &long_value)]),
        ],
    )
    .unwrap();
    assert_eq!(r["extensions"][0]["code"], 10004);
    assert_eq!(r["extensions"][1]["code"], 10004);
    let many: Vec<(String, String)> = (0..25)
        .map(|i| (format!("k{i}"), "v".to_string()))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = call(
        &mut w,
        bob,
        "setMessageExtensions",
        &[msg(&id, "C2Calice"), exts(&many)],
    )
    .unwrap();
    assert_eq!(r["extensions"].as_array().unwrap().len(), 20);
    told(&mut w, alice);
    told(&mut w, alice2);
    told(&mut w, bob);

    // Deleting some keys, then every one.
    let r = call(
        &mut w,
        alice,
        "deleteMessageExtensions",
        &[msg(&id, "C2Cbob"), Value::Array(vec![s("bob"), s("none")])],
    );
    assert_eq!(
        r,
        Ok(
            json!({"extensions": [{"code": 0, "key": "bob", "value": ""}, {"code": 0, "key": "none", "value": ""}]})
        )
    );
    assert_eq!(
        told(&mut w, bob),
        vec![(
            "onMessageExtensionsDeleted".to_string(),
            json!({"messageID": id, "keyList": ["bob"]})
        )]
    );
    call(
        &mut w,
        bob,
        "deleteMessageExtensions",
        &[msg(&id, "C2Calice")],
    )
    .unwrap();
    assert_eq!(
        told(&mut w, alice2).last().unwrap().1["keyList"]
            .as_array()
            .unwrap()
            .len(),
        21,
        "alice and k0..k19"
    );
    assert_eq!(
        call(&mut w, alice, "getMessageExtensions", &[msg(&id, "C2Cbob")]),
        Ok(json!({"extensions": []}))
    );

    // A message not in the chat: 20026; a fresh login reads what is stored.
    assert_eq!(
        call(
            &mut w,
            alice,
            "getMessageExtensions",
            &[msg("nope", "C2Cbob")]
        ),
        Err(20026)
    );
}

#[test]
fn a_group_message_takes_extensions_from_its_members_only() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (eve, _) = w.login("eve");
    w.admin_create_group("bob", "team", &["alice"]);
    let m = w.send_text_with(
        bob,
        "GROUP",
        "team",
        "vote",
        &[("isSupportExtension", Value::Bool(true))],
    );
    let id = m["ID"].as_str().unwrap().to_string();
    told(&mut w, alice);
    call(
        &mut w,
        alice,
        "setMessageExtensions",
        &[msg(&id, "GROUPteam"), exts(&[("alice", "yes")])],
    )
    .unwrap();
    assert_eq!(told(&mut w, bob).len(), 1, "the group's members hear it");
    assert_eq!(
        call(
            &mut w,
            eve,
            "setMessageExtensions",
            &[msg(&id, "GROUPteam"), exts(&[("eve", "no")])]
        )
        .map(|_| ()),
        Err(10007),
        "not a member"
    );
    let (again, _) = w.login("bob");
    assert_eq!(
        call(
            &mut w,
            again,
            "getMessageExtensions",
            &[msg(&id, "GROUPteam")]
        ),
        Ok(json!({"extensions": [{"key": "alice", "value": "yes"}]}))
    );
}
