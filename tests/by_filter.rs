//! Beyond the original (full build): unread counts by filter — asked once or kept while
//! subscribed, with UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED once per changed count and never
//! otherwise, across devices — and the filtered list in pages that partition it, under
//! concurrent changes.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::validate::validate;
use tim_wasm::core::value::{obj, s, Value};

const UPDATED: &str = "onUnreadMessageCountByFilterUpdated";

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn ids(v: &[&str]) -> Value {
    Value::Array(v.iter().map(|x| s(x)).collect())
}

/// The UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED data session `i` got since last asked.
fn updates(w: &mut World, i: usize) -> Vec<J> {
    std::mem::take(&mut w.pushed[i])
        .into_iter()
        .filter_map(|e| match e {
            Event::Keyed(UPDATED, _, data) => Some(serde_json::from_str(&data).expect("JSON")),
            _ => None,
        })
        .collect()
}

fn count(w: &mut World, i: usize, filter: Value) -> u64 {
    let r = w.call_json(i, "getUnreadMessageCountByFilter", filter);
    r.expect("count")["unreadCount"].as_u64().expect("number")
}

#[test]
fn counts_by_filter_follow_every_change_once() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (a2, _) = w.login("alice");
    for (from, k) in [("bob", 2), ("carol", 1), ("dave", 3)] {
        for _ in 0..k {
            w.admin_send(from, ConvType::C2c, "alice", "hi");
        }
    }
    let work = || obj(&[("groupName", s("work"))]);
    w.call_json(
        a,
        "createConversationGroup",
        obj(&[
            ("groupName", s("work")),
            ("conversationIDList", ids(&["C2Cbob", "C2Cdave"])),
        ]),
    )
    .unwrap();
    assert_eq!(count(&mut w, a, work()), 5);
    assert_eq!(count(&mut w, a, obj(&[])), 6, "no filter: the total");
    assert_eq!(
        count(&mut w, a, obj(&[("groupName", s(""))])),
        1,
        "in no group"
    );
    // A key of the wrong kind filters nothing, as in getConversationList.
    assert_eq!(count(&mut w, a, obj(&[("groupName", n(3.0))])), 6);

    let sub = w
        .call_json(a, "subscribeUnreadMessageCountByFilter", work())
        .unwrap();
    assert_eq!(sub, json!({"unreadCount": 5}));
    // The same filter by value (a key it does not read, another object): still one subscription.
    w.call_json(
        a,
        "subscribeUnreadMessageCountByFilter",
        obj(&[("groupName", s("work")), ("other", n(1.0))]),
    )
    .unwrap();
    updates(&mut w, a);

    w.admin_send("bob", ConvType::C2c, "alice", "again");
    assert_eq!(
        updates(&mut w, a),
        vec![json!({"filter": {"groupName": "work"}, "unreadCount": 6})]
    );
    assert!(updates(&mut w, a2).is_empty(), "not subscribed there");

    w.admin_send("carol", ConvType::C2c, "alice", "not in work");
    assert!(updates(&mut w, a).is_empty(), "the count did not change");

    // Read on the other device: the push brings the count down.
    w.call_json(
        a2,
        "setMessageRead",
        obj(&[("conversationID", s("C2Cbob"))]),
    )
    .unwrap();
    assert_eq!(
        updates(&mut w, a),
        vec![json!({"filter": {"groupName": "work"}, "unreadCount": 3})]
    );
    // Membership changes count too: dave leaves the group, carol joins.
    w.call_json(
        a2,
        "deleteConversationsFromGroup",
        obj(&[
            ("groupName", s("work")),
            ("conversationIDList", ids(&["C2Cdave"])),
        ]),
    )
    .unwrap();
    assert_eq!(updates(&mut w, a)[0]["unreadCount"], 0);
    w.call_json(
        a,
        "addConversationsToGroup",
        obj(&[
            ("groupName", s("work")),
            ("conversationIDList", ids(&["C2Ccarol"])),
        ]),
    )
    .unwrap();
    assert_eq!(
        updates(&mut w, a),
        vec![json!({"filter": {"groupName": "work"}, "unreadCount": 2})]
    );

    // Two subscriptions: one message changes both, each reported once.
    w.call_json(
        a,
        "subscribeUnreadMessageCountByFilter",
        obj(&[("type", s("C2C")), ("hasUnreadCount", Value::Bool(true))]),
    )
    .unwrap();
    w.admin_send("carol", ConvType::C2c, "alice", "more");
    let got = updates(&mut w, a);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0]["unreadCount"], 3);
    assert_eq!(
        got[1],
        json!({"filter": {"type": "C2C", "hasUnreadCount": true}, "unreadCount": 6})
    );
    // Kept incrementally, equal to a count from scratch.
    assert_eq!(count(&mut w, a, work()), 3);

    w.call_json(a, "unsubscribeUnreadMessageCountByFilter", work())
        .unwrap();
    w.admin_send("carol", ConvType::C2c, "alice", "after");
    let got = updates(&mut w, a);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0]["filter"],
        json!({"type": "C2C", "hasUnreadCount": true})
    );
}

/// Every page of the filtered list, from nextSeq 0.
fn pages(w: &mut World, i: usize, filter: Value, count: f64) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seq = 0.0;
    loop {
        let p = w
            .call_json(
                i,
                "getConversationListByFilter",
                obj(&[
                    ("filter", filter.clone()),
                    ("nextSeq", n(seq)),
                    ("count", n(count)),
                ]),
            )
            .unwrap();
        let list: Vec<String> = serde_json::from_value(p["conversationList"].clone()).unwrap();
        out.push(list);
        if p["isFinished"] == json!(true) {
            assert_eq!(p["nextSeq"], json!(0.0));
            return out;
        }
        seq = p["nextSeq"].as_f64().unwrap();
    }
}

fn visible(w: &mut World, i: usize) -> Vec<String> {
    w.clients[i]
        .store
        .visible()
        .map(|e| e.conv.conversation_id.clone())
        .collect()
}

#[test]
fn pages_partition_the_filtered_list_and_survive_changes() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for k in 0..25 {
        w.admin_send(&format!("u{k:02}"), ConvType::C2c, "alice", "hi");
    }
    let all = visible(&mut w, a);
    let got = pages(&mut w, a, obj(&[]), 10.0);
    assert_eq!(
        got.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![10, 10, 5]
    );
    assert_eq!(got.concat(), all, "the pages, in order, are the list");
    // A filter: only those with unread messages, after some are read.
    for k in [3, 7, 11] {
        w.call_json(
            a,
            "setMessageRead",
            obj(&[("conversationID", s(&format!("C2Cu{k:02}")))]),
        )
        .unwrap();
    }
    let unread = obj(&[("hasUnreadCount", Value::Bool(true))]);
    let got = pages(&mut w, a, unread.clone(), 7.0).concat();
    assert_eq!(got.len(), 22);
    assert!(!got.contains(&"C2Cu03".to_string()));

    // Changes while paging: the first page is taken, then a conversation on it and one further
    // down get new messages (both move to the top), and one further down is deleted.
    let first = w
        .call_json(
            a,
            "getConversationListByFilter",
            obj(&[("nextSeq", n(0.0)), ("count", n(10.0))]),
        )
        .unwrap();
    let page1: Vec<String> = serde_json::from_value(first["conversationList"].clone()).unwrap();
    let (on_page1, further, gone) = (page1[4].clone(), all[17].clone(), all[20].clone());
    w.admin_send(&on_page1[3..], ConvType::C2c, "alice", "moved");
    w.admin_send(&further[3..], ConvType::C2c, "alice", "moved");
    w.call_json(a, "deleteConversation", s(&gone)).unwrap();
    let mut rest = Vec::new();
    let mut seq = first["nextSeq"].as_f64().unwrap();
    while seq != 0.0 {
        let p = w
            .call_json(
                a,
                "getConversationListByFilter",
                obj(&[("nextSeq", n(seq)), ("count", n(10.0))]),
            )
            .unwrap();
        rest.extend(serde_json::from_value::<Vec<String>>(p["conversationList"].clone()).unwrap());
        seq = p["nextSeq"].as_f64().unwrap();
    }
    let seen = [page1, rest].concat();
    let mut expected = all.clone();
    expected.retain(|c| *c != gone);
    assert_eq!(
        seen, expected,
        "each once, where it stood when paging began; the deleted left out"
    );

    // A nextSeq of no open paging is refused; so are bad filters and counts (validator).
    assert_eq!(
        w.call_json(
            a,
            "getConversationListByFilter",
            obj(&[("nextSeq", n(12345.0))])
        ),
        Err(6017)
    );
    for bad in [
        obj(&[("filter", s("work"))]),
        obj(&[("filter", obj(&[("markType", n(1.5))]))]),
        obj(&[("count", n(0.0))]),
        obj(&[("nextSeq", n(-1.0))]),
    ] {
        assert_eq!(
            validate("getConversationListByFilter", std::slice::from_ref(&bad)).map_err(|e| e.code),
            Err(6017),
            "{bad:?}"
        );
    }
    assert!(validate("getConversationListByFilter", &[obj(&[])]).is_ok());
    assert!(validate("getUnreadMessageCountByFilter", &[obj(&[])]).is_ok());
    assert!(validate("getUnreadMessageCountByFilter", &[]).is_err());
    assert!(validate("subscribeUnreadMessageCountByFilter", &[s("x")]).is_err());
}

/// 20 conversation groups over 10,000 conversations, each group's count subscribed: a message
/// changes only the counts of the groups holding its conversation, and each is reported once.
#[test]
fn at_scale_a_message_moves_only_the_counts_it_affects() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for k in 0..10_000 {
        w.admin_send(&format!("u{k}"), ConvType::C2c, "alice", "hi");
    }
    for g in 0..20 {
        let ids: Vec<Value> = (0..500)
            .map(|k| s(&format!("C2Cu{}", g * 500 + k)))
            .collect();
        let mut more = ids.clone();
        if g > 0 {
            // u0 is in every group but the first as well.
            more.push(s("C2Cu0"));
        }
        w.call_json(
            a,
            "createConversationGroup",
            obj(&[
                ("groupName", s(&format!("g{g}"))),
                ("conversationIDList", Value::Array(more)),
            ]),
        )
        .unwrap();
        let sub = w
            .call_json(
                a,
                "subscribeUnreadMessageCountByFilter",
                obj(&[("groupName", s(&format!("g{g}")))]),
            )
            .unwrap();
        assert_eq!(sub["unreadCount"], if g > 0 { 501 } else { 500 });
    }
    updates(&mut w, a);
    w.admin_send("u7777", ConvType::C2c, "alice", "again");
    assert_eq!(
        updates(&mut w, a),
        vec![json!({"filter": {"groupName": "g15"}, "unreadCount": 502})]
    );
    w.admin_send("u0", ConvType::C2c, "alice", "again");
    let got = updates(&mut w, a);
    assert_eq!(got.len(), 20, "u0 is in all 20");
    for (g, u) in got.iter().enumerate() {
        let want = match g {
            0 => 501,
            15 => 503,
            _ => 502,
        };
        assert_eq!(
            u,
            &json!({"filter": {"groupName": format!("g{g}")}, "unreadCount": want})
        );
    }
    w.admin_send("u9999", ConvType::C2c, "alice", "again");
    assert_eq!(updates(&mut w, a).len(), 1);
}
