//! Beyond the original (full build): the user's order of conversation groups
//! (setConversationGroupOrder), kept in the cloud and synced like the groups, and
//! markConversationGroupAsRead. The world's journal replays every change (tests/common).

mod common;

use common::World;
use serde_json::json;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::validate::validate;
use tim_wasm::core::value::{obj, s, Value};

fn names(v: &[&str]) -> Value {
    Value::Array(v.iter().map(|x| s(x)).collect())
}

fn group_list_events(w: &mut World, i: usize) -> Vec<Vec<String>> {
    std::mem::take(&mut w.pushed[i])
        .into_iter()
        .filter_map(|e| match e {
            Event::ConversationGroupListUpdated(n) => Some(n),
            _ => None,
        })
        .collect()
}

fn groups_of(w: &World, i: usize, conv: &str) -> Vec<String> {
    w.clients[i]
        .store
        .get(conv)
        .unwrap()
        .conversation_group_list
        .clone()
}

#[test]
fn the_order_is_the_users_on_every_device_and_after_a_login() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("alice");
    w.admin_send("bob", ConvType::C2c, "alice", "hi");
    for g in ["one", "two", "three", "four"] {
        let arg = obj(&[
            ("groupName", s(g)),
            ("conversationIDList", names(&["C2Cbob"])),
        ]);
        w.call_json(a, "createConversationGroup", arg).unwrap();
    }
    group_list_events(&mut w, a);
    group_list_events(&mut w, b);

    // Named ones first, in that order; the others keep theirs after them.
    let r = w.call_json(a, "setConversationGroupOrder", names(&["three", "one"]));
    assert_eq!(
        r,
        Ok(json!({"groupNameList": ["three", "one", "two", "four"]}))
    );
    let order = vec!["three", "one", "two", "four"];
    assert_eq!(group_list_events(&mut w, a), vec![order.clone()]);
    assert_eq!(
        group_list_events(&mut w, b),
        vec![order.clone()],
        "the other device"
    );
    assert_eq!(w.clients[b].store.group_names(), order);
    assert_eq!(
        groups_of(&w, b, "C2Cbob"),
        order,
        "a conversation's groups follow"
    );
    assert_eq!(groups_of(&w, a, "C2Cbob"), order);

    // The same order again: nothing changes, nothing is told.
    w.call_json(b, "setConversationGroupOrder", names(&["three"]))
        .unwrap();
    assert!(group_list_events(&mut w, a).is_empty() && group_list_events(&mut w, b).is_empty());
    // A new group goes last; a fresh login lists the same.
    let arg = obj(&[
        ("groupName", s("five")),
        ("conversationIDList", names(&["C2Cbob"])),
    ]);
    w.call_json(b, "createConversationGroup", arg).unwrap();
    let (c, _) = w.login("alice");
    assert_eq!(
        w.clients[c].store.group_names(),
        vec!["three", "one", "two", "four", "five"]
    );
    assert_eq!(
        groups_of(&w, c, "C2Cbob"),
        vec!["three", "one", "two", "four", "five"]
    );

    // An unknown name: 51009, nothing changed; a repeated one is refused by the validator.
    assert_eq!(
        w.call_json(a, "setConversationGroupOrder", names(&["two", "nope"])),
        Err(51009)
    );
    assert_eq!(w.clients[a].store.group_names()[0], "three");
    assert!(validate("setConversationGroupOrder", &[names(&["one", "one"])]).is_err());
    assert!(validate("setConversationGroupOrder", &[s("one")]).is_err());
    assert!(validate("setConversationGroupOrder", &[names(&["one"])]).is_ok());
}

#[test]
fn marking_a_group_read_reads_its_conversations_only_everywhere() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("alice");
    for (from, k) in [("bob", 2), ("carol", 1), ("dave", 4)] {
        for _ in 0..k {
            w.admin_send(from, ConvType::C2c, "alice", "hi");
        }
    }
    let arg = obj(&[
        ("groupName", s("work")),
        ("conversationIDList", names(&["C2Cbob", "C2Ccarol"])),
    ]);
    w.call_json(a, "createConversationGroup", arg).unwrap();
    std::mem::take(&mut w.pushed[a]);
    std::mem::take(&mut w.pushed[b]);
    assert_eq!(
        w.call_json(a, "markConversationGroupAsRead", s("work")),
        Ok(json!({}))
    );
    for i in [a, b] {
        let unread = |id: &str| w.clients[i].store.get(id).unwrap().unread_count;
        assert_eq!(
            (unread("C2Cbob"), unread("C2Ccarol"), unread("C2Cdave")),
            (0, 0, 4)
        );
        assert_eq!(w.clients[i].store.total_unread(), 4);
    }
    let totals = |ev: &[Event]| {
        ev.iter()
            .filter(|e| matches!(e, Event::TotalUnreadUpdated(_)))
            .count()
    };
    assert_eq!(totals(&w.pushed[a]), 1, "one total for the call");
    assert_eq!(
        w.call_json(a, "markConversationGroupAsRead", s("nope")),
        Err(51009)
    );
    // The peers see their messages read (C2C read receipts, as setMessageRead gives).
    let (bob, _) = w.login("bob");
    let peer_read = w.clients[bob]
        .store
        .get("C2Calice")
        .map(|c| c.peer_read_time);
    assert!(peer_read.is_some_and(|t| t > 0));
}
