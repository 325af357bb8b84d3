//! Conversation groups end to end, natively: client rules (spec §10), cloud rules
//! (CONTRACT §4), events and their order (CONTRACT §5), multi-device pushes (spec §12).

mod common;
use common::*;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

const CLU: &str = "onConversationListUpdated";
const CGLU: &str = "onConversationGroupListUpdated";
const CIGU: &str = "onConversationInGroupUpdated";

/// alice with C2C bob and C2C example and GROUP test (the seed page's conversations).
fn seeded() -> (World, usize) {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_send("bob", ConvType::C2c, "alice", "hi");
    w.admin_send("example", ConvType::C2c, "alice", "hello");
    w.admin_create_group("carol", "test", &["alice"]);
    w.take_pushed(a);
    (w, a)
}

fn group_list(w: &World, i: usize, name: &str) -> Vec<String> {
    w.clients[i]
        .store
        .list(&obj(&[("groupName", s(name))]))
        .iter()
        .map(|e| e.conv.conversation_id.clone())
        .collect()
}

#[test]
fn seed_page_sequence() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    // create 'Suppliers' with GROUPtest and C2Cexample
    let (res, ev) = c
        .create_conversation_group(cloud, now, "Suppliers", &ids(&["GROUPtest", "C2Cexample"]))
        .unwrap();
    assert_eq!(res.success, ids(&["GROUPtest", "C2Cexample"]));
    assert!(res.failure.is_empty());
    assert_eq!(names(&ev), vec![CGLU, CLU]);
    assert_eq!(
        ev[0],
        Event::ConversationGroupListUpdated(ids(&["Suppliers"]))
    );
    assert_eq!(c.get_conversation_group_list(), ids(&["Suppliers"]));
    let mut members = group_list(&w, a, "Suppliers");
    members.sort();
    assert_eq!(members, ids(&["C2Cexample", "GROUPtest"]));
    // rename to Suppliers_new: the name follows into conversationGroupList
    let (c, cloud, now) = w.c(a);
    let ((), ev) = c
        .rename_conversation_group(cloud, now, "Suppliers", "Suppliers_new")
        .unwrap();
    assert_eq!(names(&ev), vec![CGLU, CLU]);
    assert_eq!(
        c.store.get("C2Cexample").unwrap().conversation_group_list,
        ids(&["Suppliers_new"])
    );
    // remove one conversation
    let (res, ev) = c
        .update_conversation_group(cloud, now, "Suppliers_new", &ids(&["C2Cexample"]), false)
        .unwrap();
    assert_eq!(res.success, ids(&["C2Cexample"]));
    assert_eq!(names(&ev), vec![CLU, CIGU]);
    // (after the full build's CONVERSATIONS_DELETED_FROM_GROUP, when built)
    assert_eq!(
        ev.iter()
            .find(|e| matches!(e, Event::ConversationInGroupUpdated(_))),
        Some(&Event::ConversationInGroupUpdated("Suppliers_new".into()))
    );
    // add conversations: GROUPtest is already in, so it is in neither list
    let (res, ev) = c
        .update_conversation_group(
            cloud,
            now,
            "Suppliers_new",
            &ids(&["GROUPtest", "C2Cexample"]),
            true,
        )
        .unwrap();
    assert_eq!(res.success, ids(&["C2Cexample"]));
    assert!(res.failure.is_empty());
    assert_eq!(names(&ev), vec![CLU, CIGU]);
    // delete it: erased from every conversation
    let ((), ev) = c
        .delete_conversation_group(cloud, now, "Suppliers_new")
        .unwrap();
    assert_eq!(names(&ev), vec![CGLU, CLU]);
    assert!(c.get_conversation_group_list().is_empty());
    assert!(c
        .store
        .get("GROUPtest")
        .unwrap()
        .conversation_group_list
        .is_empty());
    assert_eq!(
        group_list(&w, a, "").len(),
        3,
        "every conversation is in no group again"
    );
}

#[test]
fn precheck_failures_and_all_unknown_creates_nothing() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    let (res, ev) = c
        .create_conversation_group(cloud, now, "X", &ids(&["C2Cnobody", "foo"]))
        .unwrap();
    assert!(res.success.is_empty());
    assert_eq!(
        res.failure.iter().map(|f| f.code).collect::<Vec<_>>(),
        vec![2500, 2500]
    );
    assert!(ev.is_empty());
    assert!(
        c.get_conversation_group_list().is_empty(),
        "nothing created"
    );
    let (res, _) = c
        .create_conversation_group(cloud, now, "X", &ids(&["C2Cnobody", "C2Cbob"]))
        .unwrap();
    assert_eq!(res.success, ids(&["C2Cbob"]));
    assert_eq!(res.failure[0].conversation_id, "C2Cnobody");
    assert_eq!(res.failure[0].code, 2500);
    assert!(!res.failure[0].message.is_empty());
}

#[test]
fn cloud_codes_reach_the_caller() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    let one = ids(&["C2Cbob"]);
    // 11 CJK characters pass the client (11 UTF-16 units) and fail in the cloud (33 bytes).
    assert_eq!(
        c.create_conversation_group(cloud, now, &"组".repeat(11), &one)
            .unwrap_err()
            .code,
        51011
    );
    for i in 0..20 {
        c.create_conversation_group(cloud, now, &format!("g{i}"), &one)
            .unwrap();
    }
    assert_eq!(
        c.create_conversation_group(cloud, now, "g0", &one)
            .unwrap_err()
            .code,
        51013
    );
    assert_eq!(
        c.create_conversation_group(cloud, now, "g20", &one)
            .unwrap_err()
            .code,
        51010
    );
    assert_eq!(
        c.delete_conversation_group(cloud, now, "nope")
            .unwrap_err()
            .code,
        51009
    );
    assert_eq!(
        c.rename_conversation_group(cloud, now, "nope", "x")
            .unwrap_err()
            .code,
        51009
    );
    assert_eq!(
        c.rename_conversation_group(cloud, now, "g1", "g2")
            .unwrap_err()
            .code,
        51013
    );
    assert_eq!(
        c.update_conversation_group(cloud, now, "nope", &one, true)
            .unwrap_err()
            .code,
        51009
    );
    assert_eq!(
        c.update_conversation_group(cloud, now, "nope", &one, false)
            .unwrap_err()
            .code,
        51009
    );
    // Renaming to its own name is allowed and emits nothing.
    let ((), ev) = c.rename_conversation_group(cloud, now, "g1", "g1").unwrap();
    assert!(ev.is_empty());
    assert_eq!(c.get_conversation_group_list().len(), 20);
}

#[test]
fn membership_survives_conversation_deletion() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    c.create_conversation_group(cloud, now, "Friends", &ids(&["C2Cbob"]))
        .unwrap();
    c.delete_conversations(cloud, now, &ids(&["C2Cbob"]), false)
        .unwrap();
    assert!(c.store.get("C2Cbob").is_none());
    w.flush(a);
    w.admin_send("bob", ConvType::C2c, "alice", "back again");
    let conv = w.clients[a].store.get("C2Cbob").unwrap();
    assert_eq!(
        conv.conversation_group_list,
        ids(&["Friends"]),
        "it reappears still in its group"
    );
}

#[test]
fn another_device_sees_every_change_with_events() {
    let (mut w, a) = seeded();
    let (b, _) = w.login("alice");
    assert_eq!(w.clients[b].store.len(), 3);
    let (c, cloud, now) = w.c(a);
    c.create_conversation_group(cloud, now, "Work", &ids(&["C2Cbob", "GROUPtest"]))
        .unwrap();
    w.flush(a);
    let ev = w.take_pushed(b);
    assert_eq!(names(&ev), vec![CLU, CGLU]);
    assert_eq!(
        w.clients[b]
            .store
            .get("C2Cbob")
            .unwrap()
            .conversation_group_list,
        ids(&["Work"])
    );
    let (c, cloud, now) = w.c(a);
    c.rename_conversation_group(cloud, now, "Work", "Job")
        .unwrap();
    w.flush(a);
    assert_eq!(names(&w.take_pushed(b)), vec![CGLU, CLU]);
    assert_eq!(w.clients[b].get_conversation_group_list(), ids(&["Job"]));
    let (c, cloud, now) = w.c(a);
    c.update_conversation_group(cloud, now, "Job", &ids(&["C2Cbob"]), false)
        .unwrap();
    w.flush(a);
    let ev = w.take_pushed(b);
    assert_eq!(names(&ev), vec![CLU, CIGU]);
    assert_eq!(group_list(&w, b, "Job"), ids(&["GROUPtest"]));
    let (c, cloud, now) = w.c(a);
    c.delete_conversation_group(cloud, now, "Job").unwrap();
    w.flush(a);
    assert_eq!(names(&w.take_pushed(b)), vec![CGLU, CLU]);
    assert!(w.clients[b].get_conversation_group_list().is_empty());
    // The acting session gets no push of its own change.
    assert!(w.take_pushed(a).is_empty());
}

#[test]
fn login_loads_groups_and_membership() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    c.create_conversation_group(cloud, now, "A", &ids(&["C2Cbob"]))
        .unwrap();
    let (_, events) = w.login("alice");
    assert_eq!(
        names(&events),
        vec![
            CLU,
            "onTotalUnreadMessageCountUpdated",
            CGLU,
            "onGroupListUpdated"
        ]
    );
    assert_eq!(events[2], Event::ConversationGroupListUpdated(ids(&["A"])));
}

#[test]
fn login_with_nothing_still_tells_the_list_is_synced() {
    let mut w = World::new();
    let (_, events) = w.login("nobody-yet");
    // As the original: the (empty) list with isSyncCompleted, and the (empty) group list.
    assert_eq!(names(&events), vec![CLU, "onGroupListUpdated"]);
}

#[test]
fn reloading_state_reports_only_what_changed() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    c.create_conversation_group(cloud, now, "A", &ids(&["C2Cbob"]))
        .unwrap();
    let revs: Vec<u64> = c
        .store
        .ids()
        .iter()
        .map(|id| c.store.entry(id).unwrap().rev)
        .collect();
    // Nothing changed meanwhile: no event, every conversation keeps its revision (its JS object).
    let (c, cloud, now) = w.c(a);
    assert!(c.load(cloud, now, false).unwrap().is_empty());
    assert_eq!(
        c.store
            .ids()
            .iter()
            .map(|id| c.store.entry(id).unwrap().rev)
            .collect::<Vec<_>>(),
        revs
    );
    // Changed meanwhile by another session: only that is reported, under a new revision.
    let (b, _) = w.login("alice");
    let (cb, cloud, now) = w.c(b);
    cb.rename_conversation_group(cloud, now, "A", "B").unwrap();
    let (c, cloud, now) = w.c(a);
    let events = c.load(cloud, now, false).unwrap();
    assert_eq!(names(&events), vec![CLU, CGLU]);
    assert_ne!(
        c.store.entry("C2Cbob").unwrap().rev,
        revs[c.store.ids().iter().position(|i| i == "C2Cbob").unwrap()]
    );
}

#[test]
fn scale_20_groups_of_1000() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for i in 0..1000 {
        w.admin_send(&format!("u{i}"), ConvType::C2c, "alice", "x");
    }
    let all: Vec<String> = (0..1000).map(|i| format!("C2Cu{i}")).collect();
    let start = std::time::Instant::now();
    for g in 0..20 {
        let (c, cloud, now) = w.c(a);
        let (res, _) = c
            .create_conversation_group(cloud, now, &format!("group{g}"), &all)
            .unwrap();
        assert_eq!(res.success.len(), 1000);
    }
    assert_eq!(
        w.clients[a]
            .store
            .get("C2Cu5")
            .unwrap()
            .conversation_group_list
            .len(),
        20
    );
    // The 1001st conversation of a full group fails per item with 51008.
    w.admin_send("extra", ConvType::C2c, "alice", "x");
    let (c, cloud, now) = w.c(a);
    let (res, _) = c
        .update_conversation_group(cloud, now, "group0", &ids(&["C2Cextra"]), true)
        .unwrap();
    assert_eq!(res.failure[0].code, 51008);
    let (res, _) = c
        .update_conversation_group(cloud, now, "group3", &all, false)
        .unwrap();
    assert_eq!(res.success.len(), 1000);
    c.rename_conversation_group(cloud, now, "group1", "renamed")
        .unwrap();
    c.delete_conversation_group(cloud, now, "group2").unwrap();
    assert_eq!(
        c.store
            .get("C2Cu999")
            .unwrap()
            .conversation_group_list
            .len(),
        18
    );
    eprintln!("20 x 1000 group operations: {:?}", start.elapsed());
}

#[test]
fn list_filters() {
    let (mut w, a) = seeded();
    let (c, cloud, now) = w.c(a);
    c.create_conversation_group(cloud, now, "G", &ids(&["C2Cbob"]))
        .unwrap();
    let store = &w.clients[a].store;
    let ids_of = |v: &Value| {
        store
            .list(v)
            .iter()
            .map(|e| e.conv.conversation_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids_of(&obj(&[("groupName", s("G"))])), ids(&["C2Cbob"]));
    assert_eq!(ids_of(&obj(&[("type", s("GROUP"))])), ids(&["GROUPtest"]));
    assert_eq!(
        ids_of(&obj(&[("type", s("TOPIC"))])).len(),
        3,
        "other type values are ignored"
    );
    assert!(ids_of(&Value::Null).is_empty());
    assert!(ids_of(&s("x")).is_empty());
    assert_eq!(
        ids_of(&Value::Array(vec![s("C2Cbob"), s("C2Cnobody")])),
        ids(&["C2Cbob"])
    );
    assert_eq!(
        ids_of(&obj(&[("hasUnreadCount", Value::Bool(true))])).len(),
        3
    );
    assert_eq!(
        ids_of(&obj(&[("hasUnreadCount", Value::Bool(false))])).len(),
        0
    );
    // Newest first: the group tip came last.
    assert_eq!(
        ids_of(&Value::Undefined),
        ids(&["GROUPtest", "C2Cexample", "C2Cbob"])
    );
}
