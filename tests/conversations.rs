//! Conversation APIs natively (spec §8–§9): sorting with ties, filters, pin (51012), marks,
//! custom data, drafts, remind type and the unread total, cleared history, event payloads.

mod common;
use common::*;
use tim_wasm::cloud::ConvChange;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

const CLU: &str = "onConversationListUpdated";
const TOTAL: &str = "onTotalUnreadMessageCountUpdated";

fn order(w: &World, i: usize) -> Vec<String> {
    w.clients[i]
        .store
        .visible()
        .map(|e| e.conv.conversation_id.clone())
        .collect()
}

fn filtered(w: &World, i: usize, f: Value) -> Vec<String> {
    w.clients[i]
        .store
        .list(&f)
        .iter()
        .map(|e| e.conv.conversation_id.clone())
        .collect()
}

/// Three conversations whose last messages all fall in the same second.
fn same_second() -> (World, usize) {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.tick(1);
    let now = w.now;
    for peer in ["p1", "p2", "p3"] {
        let payload = tim_wasm::core::message::Payload::Text { text: peer.into() };
        let req = tim_wasm::cloud::Request::SendMessage {
            conv_type: ConvType::C2c,
            to: "alice".into(),
            payload,
            cloud_custom_data: String::new(),
            random: 1,
            client_time: now,
            flags: 0,
        };
        let (res, pushes) = tim_wasm::cloud::CloudLink::request(&mut w.cloud, peer, 0, req, now);
        res.unwrap();
        w.route(pushes);
    }
    w.take_pushed(a);
    (w, a)
}

#[test]
fn sorting_newest_first_ties_by_arrival_pinned_on_top() {
    let (mut w, a) = same_second();
    assert_eq!(
        order(&w, a),
        ids(&["C2Cp3", "C2Cp2", "C2Cp1"]),
        "same second: the more recent message first"
    );
    let (c, cloud, now) = w.c(a);
    let ((), ev) = c.pin_conversation(cloud, now, "C2Cp1", true).unwrap();
    assert_eq!(names(&ev), vec![CLU]);
    assert_eq!(order(&w, a), ids(&["C2Cp1", "C2Cp3", "C2Cp2"]));
    // Pinning an unknown ID creates the conversation (spec §9.5), in the pinned bucket without time.
    let (c, cloud, now) = w.c(a);
    c.pin_conversation(cloud, now, "C2Cnew", true).unwrap();
    assert_eq!(order(&w, a), ids(&["C2Cp1", "C2Cnew", "C2Cp3", "C2Cp2"]));
    // Same state again: no request, no event.
    let (c, cloud, now) = w.c(a);
    assert!(c
        .pin_conversation(cloud, now, "C2Cp1", true)
        .unwrap()
        .1
        .is_empty());
    w.admin_send("p2", ConvType::C2c, "alice", "later");
    assert_eq!(order(&w, a), ids(&["C2Cp1", "C2Cnew", "C2Cp2", "C2Cp3"]));
}

#[test]
fn at_most_50_pinned() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for i in 0..51 {
        w.admin_send(&format!("u{i}"), ConvType::C2c, "alice", "x");
    }
    let (c, cloud, now) = w.c(a);
    for i in 0..50 {
        c.pin_conversation(cloud, now, &format!("C2Cu{i}"), true)
            .unwrap();
    }
    assert_eq!(
        c.pin_conversation(cloud, now, "C2Cu50", true)
            .unwrap_err()
            .code,
        51012
    );
    c.pin_conversation(cloud, now, "C2Cu0", false).unwrap();
    assert!(c.pin_conversation(cloud, now, "C2Cu50", true).is_ok());
}

#[test]
fn marks_custom_data_drafts_and_filters() {
    let (mut w, a) = same_second();
    let (c, cloud, now) = w.c(a);
    let (r, ev) = c
        .update_conversations(
            cloud,
            now,
            &ids(&["C2Cp1", "C2Cnobody"]),
            ConvChange::Mark(1, true),
        )
        .unwrap();
    assert_eq!(r.success, ids(&["C2Cp1"]));
    assert_eq!(r.failure[0].code, 2500);
    assert_eq!(names(&ev), vec![CLU]);
    c.update_conversations(
        cloud,
        now,
        &ids(&["C2Cp1"]),
        ConvChange::Mark(1 << 20, true),
    )
    .unwrap();
    assert_eq!(c.store.get("C2Cp1").unwrap().mark_list, vec![1, 1 << 20]);
    // Setting the same mark again succeeds with no event.
    let (r, ev) = c
        .update_conversations(cloud, now, &ids(&["C2Cp1"]), ConvChange::Mark(1, true))
        .unwrap();
    assert_eq!((r.success.len(), ev.len()), (1, 0));
    let (_, ev) = c
        .update_conversations(
            cloud,
            now,
            &ids(&["C2Cp2"]),
            ConvChange::CustomData("x".into()),
        )
        .unwrap();
    assert_eq!(names(&ev), vec![CLU]);
    assert!(c
        .update_conversations(
            cloud,
            now,
            &ids(&["C2Cp2"]),
            ConvChange::CustomData("x".into())
        )
        .unwrap()
        .1
        .is_empty());
    let (conv, ev) = c.set_draft("C2Cp3", "typing").unwrap();
    assert_eq!((conv.draft_text.as_str(), ev.len()), ("typing", 1));
    assert!(
        c.set_draft("C2Cp3", "typing").unwrap().1.is_empty(),
        "unchanged draft: no event"
    );
    assert_eq!(c.set_draft("C2Cnobody", "x").unwrap_err().code, 2500);
    assert_eq!(
        filtered(&w, a, obj(&[("markType", Value::Number(1.0))])),
        ids(&["C2Cp1"])
    );
    assert_eq!(
        filtered(&w, a, obj(&[("markType", Value::Number(0.0))])),
        ids(&["C2Cp3", "C2Cp2"])
    );
    assert_eq!(
        filtered(&w, a, obj(&[("markType", Value::Number(f64::NAN))])).len(),
        3,
        "NaN: no filter"
    );
    assert_eq!(
        filtered(
            &w,
            a,
            obj(&[("type", s("C2C")), ("hasUnreadCount", Value::Bool(true))])
        )
        .len(),
        3
    );
    assert_eq!(
        filtered(&w, a, obj(&[("hasGroupAtInfo", Value::Bool(true))])).len(),
        0
    );
    assert_eq!(
        filtered(&w, a, obj(&[("hasUnreadCount", s("yes"))])).len(),
        3,
        "wrong kind: no filter"
    );
    // Another device of alice sees the marks and custom data.
    let (b, _) = w.login("alice");
    assert_eq!(
        w.clients[b].store.get("C2Cp1").unwrap().mark_list,
        vec![1, 1 << 20]
    );
    assert_eq!(w.clients[b].store.get("C2Cp2").unwrap().custom_data, "x");
    assert_eq!(
        w.clients[b].store.get("C2Cp3").unwrap().draft_text,
        "",
        "drafts are local"
    );
}

#[test]
fn remind_type_and_the_unread_total() {
    let (mut w, a) = same_second();
    assert_eq!(w.clients[a].store.total_unread(), 3);
    let (c, cloud, now) = w.c(a);
    let (_, ev) = c
        .set_remind_type(cloud, now, ids(&["C2Cp1"]), "AcceptNotNotify")
        .unwrap();
    assert_eq!(
        ev,
        vec![Event::ConversationListUpdated, Event::TotalUnreadUpdated(2)]
    );
    assert_eq!(
        c.store.get("C2Cp1").unwrap().message_remind_type.as_deref(),
        Some("AcceptNotNotify")
    );
    // A remind type for someone never talked to does not make a conversation appear.
    c.set_remind_type(cloud, now, ids(&["C2Cstranger"]), "Discard")
        .unwrap();
    assert!(c.store.get("C2Cstranger").is_none());
    w.admin_send("p1", ConvType::C2c, "alice", "muted");
    let ev = w.take_pushed(a);
    assert!(
        !names(&ev).contains(&TOTAL),
        "a muted conversation does not change the total"
    );
    assert_eq!(w.clients[a].store.total_unread(), 2);
}

#[test]
fn clear_history_and_read() {
    let (mut w, a) = same_second();
    let (c, cloud, now) = w.c(a);
    let ((), ev) = c.clear_history(cloud, now, "C2Cp2").unwrap();
    assert_eq!(names(&ev), vec![CLU, TOTAL]);
    let conv = c.store.get("C2Cp2").unwrap();
    assert!(conv.last_message.is_empty());
    assert_eq!(conv.unread_count, 0);
    assert_eq!(
        order(&w, a).last().unwrap(),
        "C2Cp2",
        "no last message: after those with one"
    );
    let (c, cloud, now) = w.c(a);
    assert_eq!(
        c.clear_history(cloud, now, "C2Cnobody").unwrap_err().code,
        2500
    );
    assert!(c
        .get_message_list(cloud, now, "C2Cp2", None, 15)
        .unwrap()
        .messages
        .is_empty());
    let ((), ev) = c
        .set_all_message_read(cloud, now, "readAllMessage")
        .unwrap();
    assert_eq!(
        ev,
        vec![Event::ConversationListUpdated, Event::TotalUnreadUpdated(0)]
    );
}

#[test]
fn conversation_profile_of_a_joined_group_not_in_the_list() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice"]);
    w.admin_create_group("bob", "other", &[]);
    let (c, cloud, now) = w.c(a);
    c.delete_conversations(cloud, now, &ids(&["GROUPteam"]), false)
        .unwrap();
    assert!(c.store.get("GROUPteam").is_none());
    let (conv, ev) = c.get_conversation_profile(cloud, now, "GROUPteam").unwrap();
    assert_eq!(names(&ev), vec!["onConversationListUpdated"]);
    assert_eq!(conv.group_profile.as_ref().unwrap().group_id, "team");
    assert!(c.store.get("GROUPteam").is_some(), "inserted");
    // A group alice is not in, and one that does not exist: temporary objects, not inserted.
    for id in ["GROUPother", "GROUPnope"] {
        let (conv, ev) = c.get_conversation_profile(cloud, now, id).unwrap();
        assert!(ev.is_empty() && conv.group_profile.is_none());
        assert!(c.store.get(id).is_none());
    }
}
