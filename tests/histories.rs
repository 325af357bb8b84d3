//! Random histories of one user on two devices (issue 17's property test): messages in and out,
//! conversation groups created, renamed, deleted, filled and emptied, conversations deleted,
//! marked, pinned and read, a device logging in again — each call validated and made as the
//! page makes it, the cloud's pushes routed to the other device. After every step:
//! - the limits hold (20 groups, names of 1–32 UTF-16 units and unique, 50 pins);
//! - every conversation's `conversationGroupList` names groups that exist;
//! - both devices, and a fresh login now and then, show the same conversations in the same
//!   order (up to ties after a load, see `agree`), the same groups and total;
//! - each device got at most one CONVERSATION_LIST_UPDATED, CONVERSATION_GROUP_LIST_UPDATED and
//!   TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, and one exactly when what it shows changed;
//! - the unread counts device 0 subscribed by filter (the full build's addition), kept as each
//!   conversation changes, equal a count from scratch, and the `{}` one the total;
//! - and when the world ends, its journal replays into the same cloud (`World`'s drop).
//!
//! 64 cases in the test command; `PROPTEST_CASES=10000 cargo test --release --test histories`
//! runs long ones.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use proptest::prelude::*;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::json::ToJson;
use tim_wasm::core::validate::validate;
use tim_wasm::core::value::{obj, s, Value};

/// Peers `p0`… write to alice; `nobody` never does (an unknown conversation).
const PEERS: u8 = 8;
/// Folder names: collisions happen, two are invalid (empty, 33 units), one is 32 units of
/// two-byte characters.
const NAMES: [&str; 8] = [
    "work",
    "home",
    "g3",
    "会话分组",
    "",
    "x",
    "abcdefghijklmnopqrstuvwxyz0123456",
    "ééééééééééééééééééééééééééééééé",
];

#[derive(Clone, Debug)]
enum Op {
    Incoming {
        peer: u8,
    },
    Send {
        dev: u8,
        peer: u8,
    },
    Create {
        dev: u8,
        name: u8,
        convs: Vec<u8>,
    },
    /// Creates many folders at once (g0…gN): the 20-folder limit comes into reach.
    CreateMany {
        dev: u8,
        n: u8,
    },
    Rename {
        dev: u8,
        old: u8,
        new: u8,
    },
    Delete {
        dev: u8,
        name: u8,
    },
    Add {
        dev: u8,
        name: u8,
        convs: Vec<u8>,
    },
    Remove {
        dev: u8,
        name: u8,
        convs: Vec<u8>,
    },
    DeleteConv {
        dev: u8,
        conv: u8,
    },
    Mark {
        dev: u8,
        conv: u8,
        bit: u8,
        on: bool,
    },
    Pin {
        dev: u8,
        conv: u8,
        on: bool,
    },
    /// Pins many at once: the 50-pin limit comes into reach.
    PinMany {
        dev: u8,
        n: u8,
    },
    Read {
        dev: u8,
        conv: u8,
    },
    Relogin {
        dev: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let dev = 0..2u8;
    let conv = 0..PEERS + 1;
    let convs = proptest::collection::vec(0..PEERS + 1, 0..4);
    prop_oneof![
        4 => (0..PEERS).prop_map(|peer| Op::Incoming { peer }),
        2 => (dev.clone(), 0..PEERS).prop_map(|(dev, peer)| Op::Send { dev, peer }),
        3 => (dev.clone(), 0..8u8, convs.clone()).prop_map(|(dev, name, convs)| Op::Create { dev, name, convs }),
        1 => (dev.clone(), 1..24u8).prop_map(|(dev, n)| Op::CreateMany { dev, n }),
        2 => (dev.clone(), 0..8u8, 0..8u8).prop_map(|(dev, old, new)| Op::Rename { dev, old, new }),
        2 => (dev.clone(), 0..8u8).prop_map(|(dev, name)| Op::Delete { dev, name }),
        3 => (dev.clone(), 0..8u8, convs.clone()).prop_map(|(dev, name, convs)| Op::Add { dev, name, convs }),
        2 => (dev.clone(), 0..8u8, convs).prop_map(|(dev, name, convs)| Op::Remove { dev, name, convs }),
        1 => (dev.clone(), conv.clone()).prop_map(|(dev, conv)| Op::DeleteConv { dev, conv }),
        2 => (dev.clone(), conv.clone(), 0..4u8, any::<bool>()).prop_map(|(dev, conv, bit, on)| Op::Mark { dev, conv, bit, on }),
        2 => (dev.clone(), conv.clone(), any::<bool>()).prop_map(|(dev, conv, on)| Op::Pin { dev, conv, on }),
        1 => (dev.clone(), 40..60u8).prop_map(|(dev, n)| Op::PinMany { dev, n }),
        2 => (dev.clone(), conv).prop_map(|(dev, conv)| Op::Read { dev, conv }),
        1 => dev.prop_map(|dev| Op::Relogin { dev }),
    ]
}

fn conv_id(i: u8) -> String {
    if i < PEERS {
        format!("C2Cp{i}")
    } else {
        "C2Cnobody".into()
    }
}

fn ids(list: &[u8]) -> Value {
    Value::Array(list.iter().map(|&i| s(&conv_id(i))).collect())
}

/// What a device shows: its list (each conversation as the page's object text), its folders,
/// its total.
#[derive(Clone, Debug, PartialEq)]
struct View {
    list: Vec<String>,
    groups: Vec<String>,
    total: u32,
}

fn view(w: &World, i: usize) -> View {
    let store = &w.clients[i].store;
    View {
        list: store.visible().map(|e| e.conv.to_json()).collect(),
        groups: store.group_names(),
        total: store.total_unread(),
    }
}

/// Two views agree: the same conversations, folders and total, and the list in the same order
/// of (pinned, last message time). Ties (pinned conversations without messages, say) may stand
/// in another order on a device that loaded its list since: after a load the order of ties is
/// the cloud's, as the original's is its server's.
fn agree(a: &View, b: &View) -> bool {
    let keys = |v: &View| -> Vec<(bool, u64)> {
        v.list
            .iter()
            .map(|t| {
                let j = conversation_json(t);
                (
                    j["isPinned"] == true,
                    j["lastMessage"]["lastTime"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let sorted = |v: &View| {
        let mut l = v.list.clone();
        l.sort();
        l
    };
    a.groups == b.groups && a.total == b.total && keys(a) == keys(b) && sorted(a) == sorted(b)
}

/// Validates and calls `name(args)` on device `i` as the page does and routes the pushes (a
/// refused call is fine: the history is random; a panic is not). Each device's events of this
/// one call are then checked against what it shows.
fn call(
    w: &mut World,
    devs: &[usize; 2],
    i: usize,
    name: &str,
    args: Vec<Value>,
) -> Result<(), TestCaseError> {
    if validate(name, &args).is_err() {
        return Ok(());
    }
    observed(w, devs, name, |w| {
        w.tick(1);
        let (c, cloud, now) = w.c(i);
        let res = c.call(cloud, now, name, &args).expect("built");
        w.flush(i);
        if let Ok((_, events)) = res {
            w.pushed[i].extend(events);
        }
    })
}

/// Runs `f` (one call, or one push from elsewhere) and checks each device's events against the
/// change in what it shows: at most one of each list event, and one exactly when its data changed.
fn observed(
    w: &mut World,
    devs: &[usize; 2],
    what: &str,
    f: impl FnOnce(&mut World),
) -> Result<(), TestCaseError> {
    let before = [view(w, devs[0]), view(w, devs[1])];
    for &i in devs {
        w.pushed[i].clear();
    }
    f(w);
    for k in 0..2 {
        let after = view(w, devs[k]);
        let got = names(&w.pushed[devs[k]]);
        check_events(&before[k], &after, &got)
            .map_err(|e| TestCaseError::fail(format!("device {k} after {what}: {e}")))?;
    }
    Ok(())
}

fn apply(w: &mut World, devs: &mut [usize; 2], op: &Op) -> Result<(), TestCaseError> {
    let ds = *devs;
    let d = |dev: &u8| ds[*dev as usize];
    match op {
        Op::Incoming { peer } => observed(w, &ds, "a message in", |w| {
            w.admin_send(&format!("p{peer}"), ConvType::C2c, "alice", "hi")
        })?,
        Op::Send { dev, peer } => {
            let i = d(dev);
            let draft = obj(&[
                ("to", s(&format!("p{peer}"))),
                ("conversationType", s("C2C")),
                ("payload", obj(&[("text", s("yo"))])),
            ]);
            let (c, cloud, now) = w.c(i);
            if let Some(Ok((tim_wasm::client::Output::Draft(id, _), _))) =
                c.call(cloud, now, "createTextMessage", &[draft])
            {
                call(w, &ds, i, "sendMessage", vec![obj(&[("ID", s(&id))])])?;
            }
        }
        Op::Create { dev, name, convs } => call(
            w,
            &ds,
            d(dev),
            "createConversationGroup",
            vec![obj(&[
                ("groupName", s(NAMES[*name as usize])),
                ("conversationIDList", ids(convs)),
            ])],
        )?,
        Op::CreateMany { dev, n } => {
            for k in 0..*n {
                let args = vec![obj(&[
                    ("groupName", s(&format!("g{k}"))),
                    ("conversationIDList", ids(&[k % PEERS])),
                ])];
                call(w, &ds, d(dev), "createConversationGroup", args)?;
            }
        }
        Op::Rename { dev, old, new } => call(
            w,
            &ds,
            d(dev),
            "renameConversationGroup",
            vec![obj(&[
                ("oldName", s(NAMES[*old as usize])),
                ("newName", s(NAMES[*new as usize])),
            ])],
        )?,
        Op::Delete { dev, name } => call(
            w,
            &ds,
            d(dev),
            "deleteConversationGroup",
            vec![s(NAMES[*name as usize])],
        )?,
        Op::Add { dev, name, convs } | Op::Remove { dev, name, convs } => {
            let method = if matches!(op, Op::Add { .. }) {
                "addConversationsToGroup"
            } else {
                "deleteConversationsFromGroup"
            };
            let args = vec![obj(&[
                ("groupName", s(NAMES[*name as usize])),
                ("conversationIDList", ids(convs)),
            ])];
            call(w, &ds, d(dev), method, args)?;
        }
        Op::DeleteConv { dev, conv } => call(
            w,
            &ds,
            d(dev),
            "deleteConversation",
            vec![s(&conv_id(*conv))],
        )?,
        Op::Mark { dev, conv, bit, on } => {
            let args = vec![obj(&[
                ("conversationIDList", ids(&[*conv])),
                ("markType", Value::Number(f64::from(1u32 << bit))),
                ("enableMark", Value::Bool(*on)),
            ])];
            call(w, &ds, d(dev), "markConversation", args)?;
        }
        Op::Pin { dev, conv, on } => {
            let args = vec![obj(&[
                ("conversationID", s(&conv_id(*conv))),
                ("isPinned", Value::Bool(*on)),
            ])];
            call(w, &ds, d(dev), "pinConversation", args)?;
        }
        Op::PinMany { dev, n } => {
            // Conversations the user has not chatted in (pinning creates them).
            for k in 0..*n {
                let args = vec![obj(&[
                    ("conversationID", s(&format!("C2Cq{k}"))),
                    ("isPinned", Value::Bool(true)),
                ])];
                call(w, &ds, d(dev), "pinConversation", args)?;
            }
        }
        Op::Read { dev, conv } => call(
            w,
            &ds,
            d(dev),
            "setMessageRead",
            vec![obj(&[("conversationID", s(&conv_id(*conv)))])],
        )?,
        Op::Relogin { dev } => {
            let i = d(dev);
            devs[*dev as usize] = w.login("alice").0;
            w.pushed[i].clear();
        }
    }
    Ok(())
}

fn check_limits(v: &View, w: &World, i: usize) -> Result<(), TestCaseError> {
    prop_assert!(v.groups.len() <= 20, "{} folders", v.groups.len());
    let mut names = v.groups.clone();
    names.sort();
    names.dedup();
    prop_assert_eq!(
        names.len(),
        v.groups.len(),
        "folder names are unique: {:?}",
        v.groups
    );
    for n in &v.groups {
        let units = n.encode_utf16().count();
        prop_assert!((1..=32).contains(&units), "folder name {:?}", n);
    }
    let store = &w.clients[i].store;
    let pinned = store.visible().filter(|e| e.conv.is_pinned).count();
    prop_assert!(pinned <= 50, "{} pinned", pinned);
    for e in store.visible() {
        let gl = &e.conv.conversation_group_list;
        for g in gl {
            prop_assert!(
                v.groups.contains(g),
                "{} is in folder {:?}, which does not exist",
                e.conv.conversation_id,
                g
            );
        }
        let members = store
            .visible()
            .filter(|x| {
                x.conv
                    .conversation_group_list
                    .iter()
                    .any(|g| gl.contains(g))
            })
            .count();
        prop_assert!(members <= 1000);
    }
    Ok(())
}

/// At most one of each list event, and one exactly when what it reports changed.
fn check_events(before: &View, after: &View, names: &[&str]) -> Result<(), TestCaseError> {
    let count = |n: &str| names.iter().filter(|x| **x == n).count();
    for (event, changed) in [
        ("onConversationListUpdated", before.list != after.list),
        (
            "onConversationGroupListUpdated",
            before.groups != after.groups,
        ),
        (
            "onTotalUnreadMessageCountUpdated",
            before.total != after.total,
        ),
    ] {
        prop_assert_eq!(
            count(event),
            usize::from(changed),
            "{}: changed {}, events {:?}",
            event,
            changed,
            names
        );
    }
    Ok(())
}

/// Device `i` subscribes the unread counts of a few filters (groups, no group, kinds, marks).
fn subscribe(w: &mut World, i: usize) {
    let mut filters = vec![
        obj(&[]),
        obj(&[("groupName", s(""))]),
        obj(&[("type", s("C2C")), ("hasUnreadCount", Value::Bool(true))]),
        obj(&[("markType", Value::Number(1.0))]),
    ];
    filters.extend(NAMES.iter().take(4).map(|n| obj(&[("groupName", s(n))])));
    for f in filters {
        w.call_json(i, "subscribeUnreadMessageCountByFilter", f)
            .unwrap();
    }
    w.pushed[i].clear();
}

/// Every subscribed count of device `i` equals a count from scratch; `{}`'s is the total.
fn check_counts(w: &World, i: usize) -> Result<(), TestCaseError> {
    let store = &w.clients[i].store;
    prop_assert_eq!(store.subs.len(), 8);
    for sub in &store.subs {
        prop_assert_eq!(sub.count, store.unread_by(&sub.filter), "{:?}", sub.filter);
        prop_assert_eq!(sub.count, sub.emitted, "reported: {:?}", sub.filter);
        if sub.filter == obj(&[]) {
            prop_assert_eq!(sub.count, u64::from(store.total_unread()));
        }
    }
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = World::new();
    for p in 0..3 {
        w.admin_send(&format!("p{p}"), ConvType::C2c, "alice", "first");
    }
    let mut devs = [w.login("alice").0, w.login("alice").0];
    subscribe(&mut w, devs[0]);
    for (step, op) in ops.iter().enumerate() {
        let first = devs[0];
        apply(&mut w, &mut devs, op)?;
        if devs[0] != first {
            subscribe(&mut w, devs[0]);
        }
        check_counts(&w, devs[0])?;
        let after = [view(&w, devs[0]), view(&w, devs[1])];
        prop_assert!(
            agree(&after[0], &after[1]),
            "the devices differ after {:?}:\n{:?}\n{:?}",
            op,
            after[0],
            after[1]
        );
        check_limits(&after[0], &w, devs[0])?;
        if step % 16 == 15 || step + 1 == ops.len() {
            let fresh = w.login("alice").0;
            let fresh = view(&w, fresh);
            prop_assert!(
                agree(&fresh, &after[0]),
                "a fresh login differs after {:?}:\n{:?}\n{:?}",
                op,
                fresh,
                after[0]
            );
        }
    }
    Ok(())
}

proptest! {
    // 64 in the test command; PROPTEST_CASES for long runs.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn two_devices_and_a_fresh_login_agree_and_every_event_is_a_real_change(ops in proptest::collection::vec(op(), 1..60)) {
        run(&ops)?;
    }
}
