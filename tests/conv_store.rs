//! The conversation store keeps its list order and unread total incrementally (`ConvStore::sort`
//! places only the conversations that moved; the total follows each change): after any history
//! of puts, changes, removals, hand moves and sorts, its order equals a model that re-sorts the
//! whole list, stably, from scratch (spec §8.4), its total the sum over the list (§8.6), and its
//! conversation group lists and members those of a model that keeps each list in the groups'
//! order (§11); and a group's members and listing, read from the bits the store keeps per
//! conversation (64 names have one), equal a scan of the lists, with more names than bits.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use tim_wasm::core::conv_store::{stable_order, ConvStore};
use tim_wasm::core::conversation::Conversation;
use tim_wasm::core::group::GroupProfile;
use tim_wasm::core::message::{LastMessage, Payload};

#[derive(Clone, Debug)]
enum Op {
    /// Puts conversation `id` (new or changed): pinned or not, with a last message at `time`
    /// (0: none; few distinct times, so ties happen) and `arrival`.
    Put {
        id: u8,
        pinned: bool,
        time: u8,
        arrival: u8,
    },
    /// Changes only whether it is pinned, in place.
    Pin {
        id: u8,
        pinned: bool,
    },
    /// Changes its unread count and whether it counts (Do-Not-Disturb), in place.
    Unread {
        id: u8,
        n: u32,
        dnd: bool,
    },
    Remove(u8),
    InsertAfterPinned(u8),
    Sort,
    /// Adds it to conversation group `g` (one of `GROUPS`, or 4: a name the store does not
    /// know, which goes last), or removes it from that group.
    Group {
        id: u8,
        g: u8,
        add: bool,
    },
}

/// The user's conversation groups, in their order; the store's group lists follow it.
const GROUPS: [&str; 5] = ["g0", "g1", "g2", "g3", "elsewhere"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..24u8, any::<bool>(), 0..5u8, 0..4u8).prop_map(|(id, pinned, time, arrival)| Op::Put { id, pinned, time, arrival }),
        2 => (0..24u8, any::<bool>()).prop_map(|(id, pinned)| Op::Pin { id, pinned }),
        2 => (0..24u8, 0..50u32, any::<bool>()).prop_map(|(id, n, dnd)| Op::Unread { id, n, dnd }),
        1 => (0..24u8).prop_map(Op::Remove),
        1 => (0..24u8).prop_map(Op::InsertAfterPinned),
        3 => Just(Op::Sort),
        4 => (0..24u8, 0..5u8, any::<bool>()).prop_map(|(id, g, add)| Op::Group { id, g, add }),
    ]
}

/// Conversations 20 and up are groups, shown or not as their group's kind says (a Room is not
/// in the list, spec §8.5): its kind flips with the time put, so entries hide and show again.
fn id_of(id: u8) -> String {
    if id < 20 {
        format!("C2Cu{id}")
    } else {
        format!("GROUPr{id}")
    }
}

fn conv(id: u8, pinned: bool, time: u8, arrival: u8) -> Conversation {
    let mut c = Conversation::new(&id_of(id));
    if id >= 20 {
        c.group_profile = Some(GroupProfile {
            group_id: format!("r{id}"),
            kind: if time % 2 == 1 { "Room" } else { "Public" }.into(),
            ..GroupProfile::default()
        });
    }
    c.is_pinned = pinned;
    if time > 0 {
        c.last_message = LastMessage {
            payload: Some(Payload::Text {
                text: format!("t{time}"),
            }),
            time: u64::from(time),
            arrival: u64::from(arrival),
            ..Default::default()
        };
    }
    c
}

/// The model: the list as a plain vector, re-sorted whole and stably at every sort.
#[derive(Default)]
struct Model {
    list: Vec<Conversation>,
}

impl Model {
    fn key(c: &Conversation) -> [u64; 3] {
        let has = c.last_message.payload.is_some() && c.last_message.time != 0;
        let bucket = match (c.is_pinned, has) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        if has {
            [
                bucket,
                u64::MAX - c.last_message.time,
                u64::MAX - c.last_message.arrival,
            ]
        } else {
            [bucket, u64::MAX, u64::MAX]
        }
    }

    fn apply(&mut self, op: &Op) {
        match op {
            Op::Put {
                id,
                pinned,
                time,
                arrival,
            } => {
                let c = conv(*id, *pinned, *time, *arrival);
                match self
                    .list
                    .iter_mut()
                    .find(|x| x.conversation_id == c.conversation_id)
                {
                    // Unchanged as the JS object sees it (the arrival is not in it): kept.
                    Some(x)
                        if tim_wasm::core::json::ToJson::to_json(x)
                            == tim_wasm::core::json::ToJson::to_json(&c) => {}
                    Some(x) => *x = c,
                    None => self.list.push(c),
                }
            }
            Op::Pin { id, pinned } => {
                if let Some(x) = self
                    .list
                    .iter_mut()
                    .find(|x| x.conversation_id == id_of(*id))
                {
                    x.is_pinned = *pinned;
                }
            }
            Op::Remove(id) => self.list.retain(|x| x.conversation_id != id_of(*id)),
            Op::Unread { id, n, dnd } => {
                if let Some(x) = self
                    .list
                    .iter_mut()
                    .find(|x| x.conversation_id == id_of(*id))
                {
                    set_unread(x, *n, *dnd);
                }
            }
            Op::InsertAfterPinned(id) => {
                if let Some(i) = self
                    .list
                    .iter()
                    .position(|x| x.conversation_id == id_of(*id))
                {
                    let c = self.list.remove(i);
                    let at = self
                        .list
                        .iter()
                        .position(|x| !x.is_pinned)
                        .unwrap_or(self.list.len());
                    self.list.insert(at, c);
                }
            }
            Op::Group { id, g, add } => {
                let name = GROUPS[*g as usize];
                if let Some(x) = self
                    .list
                    .iter_mut()
                    .find(|x| x.conversation_id == id_of(*id))
                {
                    let list = &mut x.conversation_group_list;
                    if !*add {
                        list.retain(|n| n != name);
                    } else if !list.iter().any(|n| n == name) {
                        // In the groups' order; a name not among the known groups goes last.
                        let rank = |n: &str| GROUPS[..4].iter().position(|k| *k == n).unwrap_or(9);
                        let at = list.iter().filter(|n| rank(n) <= rank(name)).count();
                        list.insert(at, name.to_string());
                    }
                }
            }
            Op::Sort => {
                let keys = self.list.iter().map(Model::key).collect();
                let old = std::mem::take(&mut self.list);
                self.list = stable_order(keys)
                    .into_iter()
                    .map(|i| old[i].clone())
                    .collect();
            }
        }
    }
}

fn set_unread(c: &mut Conversation, n: u32, dnd: bool) {
    c.unread_count = n;
    c.message_remind_type = Some(
        if dnd {
            "AcceptNotNotify"
        } else {
            "AcceptAndNotify"
        }
        .into(),
    );
}

fn apply(store: &mut ConvStore, op: &Op) {
    match op {
        Op::Put {
            id,
            pinned,
            time,
            arrival,
        } => {
            store.put(conv(*id, *pinned, *time, *arrival));
        }
        Op::Pin { id, pinned } => {
            store.update(&id_of(*id), |c| {
                let changed = c.is_pinned != *pinned;
                c.is_pinned = *pinned;
                changed
            });
        }
        Op::Remove(id) => {
            store.remove(&id_of(*id));
        }
        Op::Unread { id, n, dnd } => {
            store.update(&id_of(*id), |c| {
                set_unread(c, *n, *dnd);
                true
            });
        }
        Op::InsertAfterPinned(id) => store.insert_after_pinned(&id_of(*id)),
        Op::Sort => store.sort(),
        Op::Group { id, g, add } => {
            let name = GROUPS[*g as usize];
            if *add {
                store.add_to_group(&id_of(*id), name);
            } else {
                store.remove_from_group(&id_of(*id), name);
            }
        }
    }
}

proptest! {
    // 256 cases in the test command; `PROPTEST_CASES=N` for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_incremental_order_equals_a_whole_stable_sort(ops in proptest::collection::vec(op(), 1..120)) {
        let mut store = ConvStore::default();
        store.set_groups(GROUPS[..4].iter().enumerate().map(|(i, n)| (i as u64 + 1, n.to_string())).collect());
        let mut model = Model::default();
        // The facade's copy of the visible list, kept as the store reports its layout changes.
        let mut mirror: Vec<u32> = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            let before: Vec<Vec<String>> = model.list.iter().map(|c| c.conversation_group_list.clone()).collect();
            apply(&mut store, op);
            match store.take_layout() {
                None => mirror = store.visible_handles(),
                Some(moves) => {
                    for (from, to) in moves {
                        let h = mirror.remove(from as usize);
                        mirror.insert(to as usize, h);
                    }
                }
            }
            prop_assert_eq!(&mirror, &store.visible_handles(), "layout after op {} ({:?})", n, op);
            model.apply(op);
            let want: Vec<String> = model.list.iter().map(|c| c.conversation_id.clone()).collect();
            prop_assert_eq!(store.ids(), want, "after op {} ({:?})", n, op);
            let total: u32 = model
                .list
                .iter()
                .filter(|c| c.counts_toward_total())
                .map(|c| c.unread_count)
                .sum();
            prop_assert_eq!(store.total_unread(), total, "unread total after op {}", n);
            // The list's handles (kept per handle) agree with the entries' own visibility.
            let by_handle: Vec<String> = store
                .visible_handles()
                .into_iter()
                .filter_map(|h| store.by_handle(h).map(|e| e.conv.conversation_id.clone()))
                .collect();
            let by_entry: Vec<String> = store.visible().map(|e| e.conv.conversation_id.clone()).collect();
            prop_assert_eq!(by_handle, by_entry, "visible handles after op {}", n);
            // Group lists as the model keeps them; a change of groups alone is reported as one.
            let changed = store.take_changed();
            for (i, c) in model.list.iter().enumerate() {
                let kept = store.get(&c.conversation_id).map(|x| x.conversation_group_list.clone());
                prop_assert_eq!(kept.as_ref(), Some(&c.conversation_group_list), "groups of {} after op {}", c.conversation_id, n);
                if matches!(op, Op::Group { .. }) && before.get(i) != Some(&c.conversation_group_list) {
                    prop_assert_eq!(changed.len(), 1, "one change after op {}", n);
                    prop_assert!(changed[0].1, "a groups-only change after op {}", n);
                }
            }
            for name in GROUPS {
                let want: Vec<String> = model.list.iter().filter(|c| c.is_visible() && c.conversation_group_list.iter().any(|g| g == name)).map(|c| c.conversation_id.clone()).collect();
                let got: Vec<String> = store.in_group(name).into_iter().map(|e| e.conv.conversation_id.clone()).collect();
                prop_assert_eq!(got, want, "members of {} after op {}", name, n);
            }
        }
    }

    #[test]
    fn listing_a_group_equals_a_scan_of_the_lists(ops in proptest::collection::vec(group_op(), 1..200)) {
        use tim_wasm::core::value::Value;
        let mut store = ConvStore::default();
        for (n, op) in ops.iter().enumerate() {
            match op {
                GroupOp::Put { id, groups } => {
                    let mut c = conv(*id, false, id % 7, *id);
                    for g in groups {
                        if !c.conversation_group_list.contains(&name(*g)) {
                            c.conversation_group_list.push(name(*g));
                        }
                    }
                    store.put(c);
                }
                GroupOp::Add { id, g } => drop(store.add_to_group(&id_of(*id), &name(*g))),
                GroupOp::Remove { id, g } => drop(store.remove_from_group(&id_of(*id), &name(*g))),
                GroupOp::Rename { from, to } => {
                    let (from, to) = (name(*from), name(*to));
                    store.regroup_all(&from, Some(&to));
                    if from != to {
                        let left = store.visible().filter(|e| e.conv.conversation_group_list.contains(&from)).count();
                        prop_assert_eq!(left, 0, "{} renamed after op {}", from, n);
                    }
                }
                GroupOp::Ungroup(g) => drop(store.regroup_all(&name(*g), None)),
                GroupOp::Drop(id) => drop(store.remove(&id_of(*id))),
            }
            store.sort();
            for g in 0..90 {
                let g = name(g);
                let scan: Vec<String> = store
                    .visible()
                    .filter(|e| e.conv.conversation_group_list.contains(&g))
                    .map(|e| e.conv.conversation_id.clone())
                    .collect();
                let members: Vec<String> = store.in_group(&g).into_iter().map(|e| e.conv.conversation_id.clone()).collect();
                prop_assert_eq!(&members, &scan, "members of {} after op {} ({:?})", g, n, op);
                let filter = Value::Object(vec![("groupName".into(), Value::Str(g.clone()))]);
                let listed: Vec<String> = store.list(&filter).into_iter().map(|e| e.conv.conversation_id.clone()).collect();
                prop_assert_eq!(&listed, &scan, "list of {} after op {}", g, n);
            }
        }
    }
}

/// A change to the conversations' group lists, with 90 names: more than the store gives bits to
/// (64), so listings by a name with a bit and by one without are both exercised.
#[derive(Clone, Debug)]
enum GroupOp {
    Put {
        id: u8,
        groups: Vec<u8>,
    },
    Add {
        id: u8,
        g: u8,
    },
    Remove {
        id: u8,
        g: u8,
    },
    Rename {
        from: u8,
        to: u8,
    },
    /// A group deleted: its name taken out of every list.
    Ungroup(u8),
    Drop(u8),
}

fn group_op() -> impl Strategy<Value = GroupOp> {
    prop_oneof![
        3 => (0..30u8, proptest::collection::vec(0..90u8, 0..4)).prop_map(|(id, groups)| GroupOp::Put { id, groups }),
        3 => (0..30u8, 0..90u8).prop_map(|(id, g)| GroupOp::Add { id, g }),
        1 => (0..30u8, 0..90u8).prop_map(|(id, g)| GroupOp::Remove { id, g }),
        1 => (0..90u8, 0..90u8).prop_map(|(from, to)| GroupOp::Rename { from, to }),
        1 => (0..90u8).prop_map(GroupOp::Ungroup),
        1 => (0..30u8).prop_map(GroupOp::Drop),
    ]
}

fn name(g: u8) -> String {
    format!("n{g}")
}
