//! The journal: entries written by every request decode back to it; replaying a journal
//! rebuilds the same cloud; replicas sharing a storage converge; a journal stored by schema
//! version 1 still loads; and the storage suite on `MemoryStorage`.

mod common;
#[path = "suite/storage.rs"]
mod suite;

use common::json::parse;
use common::{every_change, ids};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use tim_wasm::cloud::journal::{entry, read_only, Tail};
use tim_wasm::cloud::message_ops::MessageOp;
use tim_wasm::cloud::{decode, CloudLink, MemoryStorage, Replica, Request, Storage};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;

const APP: f64 = 1400000001.0;

/// Runs a future that `MemoryStorage` completes at once.
fn now<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("MemoryStorage completes synchronously"),
    }
}

#[test]
fn storage_suite_on_memory() {
    now(suite::empty_journal_reads_nothing(&MemoryStorage::default()));
    now(suite::commits_and_reads_back_in_order(
        &MemoryStorage::default(),
    ));
    now(suite::a_taken_key_fails_the_whole_transaction(
        &MemoryStorage::default(),
    ));
    let m = MemoryStorage::default();
    now(suite::a_writer_sees_what_another_committed(&m, &m));
    now(suite::a_lost_position_gives_the_whole_journal(
        &MemoryStorage::default(),
    ));
    let m = MemoryStorage::default();
    now(suite::a_snapshot_replaces_the_entries_before_it(&m, &m));
}

#[test]
fn a_replica_whose_position_is_gone_rebuilds_from_the_whole_journal() {
    let g = |name: &str| {
        entry(
            "alice",
            1,
            5,
            &Request::CreateConvGroup {
                name: name.into(),
                ids: ids(&["C2Cbob"]),
            },
        )
    };
    let mut r = Replica::new(APP);
    r.catch_up(vec![(1, parse(&g("Old"))), (2, parse(&g("Older")))]);
    // Reading from its position (2) finds it: that entry is dropped, the rest applies.
    let mut read = vec![(2, parse(&g("Older"))), (3, parse(&g("Next")))];
    assert!(!r.check_position(2, &mut read));
    assert_eq!(read.len(), 1);
    r.catch_up(read);
    assert_eq!(r.cloud.conversation_groups_of("alice").len(), 3);
    // The journal was cleared and written anew: position 3 is gone; the replica starts over.
    let mut read = vec![(1, parse(&g("Fresh")))];
    assert!(r.check_position(3, &mut read));
    assert_eq!(r.seen, 0);
    r.catch_up(read);
    assert_eq!(
        r.cloud.conversation_groups_of("alice"),
        vec![("Fresh".to_string(), ids(&["C2Cbob"]))]
    );
}

#[test]
fn every_change_is_written_so_that_it_reads_back_the_same() {
    for req in every_change() {
        let text = entry("al\"ice", 123_456_789, 1_700_000_000, &req);
        let v = parse(&text);
        assert_eq!(v.get("s").as_number(), Some(123_456_789.0), "{text}");
        assert_eq!(v.get("t").as_number(), Some(1_700_000_000.0), "{text}");
        let op = v.get("op").as_str().unwrap_or_default();
        assert_eq!(
            decode(op, &v, 0, 0),
            Ok(("al\"ice".to_string(), req.clone())),
            "{text}"
        );
    }
}

#[test]
fn reads_change_nothing_and_are_not_written_once_the_account_exists() {
    let mut r = Replica::new(APP);
    let reads = [
        Request::Sync,
        Request::GetMessages {
            conversation_id: "C2Cbob".into(),
            before: None,
            count: 15,
        },
        Request::GetJoinedGroups,
        Request::GetGroupProfile {
            group_id: "g".into(),
        },
        Request::GetProfiles {
            user_ids: ids(&["bob", "nobody"]),
        },
        Request::MessageOp(MessageOp {
            op: "getMessageReactions".into(),
            conversation_id: "C2Cbob".into(),
            ids: ids(&["bob-11-1", "x\"😀"]),
            count: 10,
            ..Default::default()
        }),
        Request::MessageOp(MessageOp {
            op: "getAllUserListOfMessageReaction".into(),
            conversation_id: "C2Cbob".into(),
            ids: ids(&["bob-11-1"]),
            reaction: "smile".into(),
            count: 100,
            next: 1,
            ..Default::default()
        }),
    ];
    // A new user's first read creates the account: written (as `sync`).
    let _ = r.request("alice", 1, reads[1].clone(), 10);
    let first = r.take_pending();
    assert_eq!(first.len(), 1);
    assert_eq!(parse(&first[0].1).get("op").as_str(), Some("sync"));
    let _ = r.request(
        "bob",
        2,
        Request::SendMessage {
            conv_type: ConvType::C2c,
            to: "alice".into(),
            payload: Payload::Text { text: "x".into() },
            cloud_custom_data: String::new(),
            random: 1,
            client_time: 11,
            flags: 0,
        },
        11,
    );
    let _ = r.request(
        "alice",
        1,
        Request::CreateGroup {
            group_id: Some("g".into()),
            name: "G".into(),
            kind: "Public".into(),
            members: Vec::new(),
        },
        12,
    );
    r.take_pending();
    let before = r.cloud.clone();
    for req in reads {
        assert!(read_only(&req));
        let _ = r.request("alice", 1, req, 20);
    }
    assert!(r.take_pending().is_empty(), "reads are not written");
    assert!(r.cloud == before, "reads change nothing");
    assert!(every_change()
        .iter()
        .filter(|q| !matches!(q, Request::Sync))
        .all(|q| !read_only(q)));
}

/// Runs `req` as `user` on replica `r` in one transaction of `storage`, as the facade does:
/// catch up, then the request, then commit what it recorded.
fn run(
    storage: &dyn Storage,
    r: &std::rc::Rc<std::cell::RefCell<Replica>>,
    user: &str,
    session: u64,
    req: Request,
) -> (Result<u32, u32>, Result<(), u32>) {
    let out = std::rc::Rc::new(std::cell::RefCell::new((Err(0), Ok(()))));
    let (r1, o1, o2) = (r.clone(), out.clone(), out.clone());
    let (user, after) = (user.to_string(), r.borrow().seen);
    storage.transact(
        after,
        Box::new(move |tail: Tail| {
            let mut rep = r1.borrow_mut();
            let (_, errors) = rep.catch_up(
                tail.entries
                    .into_iter()
                    .map(|(n, e)| (n, parse(&e)))
                    .collect(),
            );
            assert!(errors.is_empty());
            let (res, _) = rep.request(&user, session, req, 100);
            o1.borrow_mut().0 = res.map(|_| 0).map_err(|e| e.code);
            rep.take_pending().into()
        }),
        Box::new(move |res| o2.borrow_mut().1 = res.map_err(|e| e.code)),
    );
    let v = *out.borrow();
    v
}

#[test]
fn two_tabs_writing_at_once_converge_without_losing_a_change() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let storage = MemoryStorage::default();
    let (a, b) = (
        Rc::new(RefCell::new(Replica::new(APP))),
        Rc::new(RefCell::new(Replica::new(APP))),
    );
    let group = |name: &str| Request::CreateConvGroup {
        name: name.into(),
        ids: ids(&["C2Cbob"]),
    };
    // Both tabs start from nothing; their transactions are serialized by the storage.
    assert_eq!(
        run(&storage, &a, "alice", 1, group("Work")),
        (Ok(0), Ok(()))
    );
    // Tab b has not seen tab a's group: it catches up first, so the duplicate is refused.
    assert_eq!(
        run(&storage, &b, "alice", 2, group("Work")),
        (Err(51013), Ok(()))
    );
    assert_eq!(
        run(&storage, &b, "alice", 2, group("Home")),
        (Ok(0), Ok(()))
    );
    assert_eq!(
        run(
            &storage,
            &a,
            "alice",
            1,
            Request::UpdateConvGroup {
                name: "Home".into(),
                add: true,
                ids: ids(&["C2Ccarol"])
            }
        ),
        (Ok(0), Ok(()))
    );
    assert_eq!(
        run(
            &storage,
            &b,
            "alice",
            2,
            Request::RenameConvGroup {
                old: "Work".into(),
                new: "Job".into()
            }
        ),
        (Ok(0), Ok(()))
    );
    // Both catch up: the same cloud, with every change.
    let _ = run(&storage, &a, "alice", 1, Request::Sync);
    let _ = run(&storage, &b, "alice", 2, Request::Sync);
    assert!(a.borrow().cloud == b.borrow().cloud);
    let groups = a.borrow().cloud.conversation_groups_of("alice");
    assert_eq!(
        groups,
        vec![
            ("Job".to_string(), ids(&["C2Cbob"])),
            ("Home".to_string(), ids(&["C2Cbob", "C2Ccarol"]))
        ]
    );
    // A reload (a fresh replica) replays the same state.
    let fresh = Rc::new(RefCell::new(Replica::new(APP)));
    let _ = run(&storage, &fresh, "alice", 3, Request::Sync);
    assert!(fresh.borrow().cloud == a.borrow().cloud);
}

#[test]
fn a_writer_that_skipped_catching_up_fails_and_commits_nothing() {
    let storage = MemoryStorage::default();
    let mut a = Replica::new(APP);
    let mut b = Replica::new(APP);
    let _ = a.request(
        "alice",
        1,
        Request::CreateConvGroup {
            name: "A".into(),
            ids: ids(&["C2Cx"]),
        },
        1,
    );
    let pending = a.take_pending();
    assert_eq!(now(suite::tx(&storage, 0, pending)).1, Ok(()));
    // b writes key 1 again without reading: the storage refuses the whole transaction.
    let _ = b.request(
        "alice",
        2,
        Request::CreateConvGroup {
            name: "B".into(),
            ids: ids(&["C2Cx"]),
        },
        1,
    );
    let (_, res) = now(suite::tx(&storage, 0, b.take_pending()));
    assert_eq!(res.map_err(|e| e.code), Err(2984));
    let (read, _) = now(suite::tx(&storage, 0, Vec::new()));
    assert_eq!(read.len(), 1);
    // b rebuilds from the journal (the facade's recovery) and agrees with a.
    b.reset();
    b.catch_up(read.into_iter().map(|(n, e)| (n, parse(&e))).collect());
    assert!(a.cloud == b.cloud);
}

#[test]
fn an_unreadable_entry_is_reported_and_skipped_and_the_rest_applies() {
    let mut r = Replica::new(APP);
    let good = entry(
        "alice",
        1,
        5,
        &Request::CreateConvGroup {
            name: "G".into(),
            ids: ids(&["C2Cbob"]),
        },
    );
    let (_, errors) = r.catch_up(vec![
        (1, parse("{not json")),
        (2, parse(r#"{"op":"teleport","userID":"alice"}"#)),
        (3, parse(&good)),
    ]);
    assert_eq!(
        errors.iter().map(|(n, e)| (*n, e.code)).collect::<Vec<_>>(),
        vec![(1, 2985), (2, 2985)]
    );
    assert!(
        errors[0].1.message.contains("record 1"),
        "{}",
        errors[0].1.message
    );
    assert_eq!(
        r.cloud.conversation_groups_of("alice"),
        vec![("G".to_string(), ids(&["C2Cbob"]))]
    );
    assert_eq!(r.seen, 3);
}

/// The first stored schema (version 1): a journal written then still loads, whole. A future
/// change to the entry format must keep this passing (with a migration if needed).
#[test]
fn a_journal_stored_by_schema_version_1_loads() {
    let fixture = parse(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/journal-v1.json"
        ))
        .unwrap(),
    );
    let entries: Vec<_> = fixture
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let p = pair.as_array().unwrap();
            (
                p[0].as_number().unwrap() as u64,
                parse(p[1].as_str().unwrap()),
            )
        })
        .collect();
    let mut r = Replica::new(APP);
    let (_, errors) = r.catch_up(entries);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        r.cloud.conversation_groups_of("alice"),
        vec![("Job".to_string(), ids(&["C2Cbob", "GROUPteam"]))]
    );
    let convs = r.cloud.snapshots("alice");
    let bob = convs.iter().find(|c| c.id == "C2Cbob").unwrap();
    assert_eq!(
        (bob.pinned, bob.unread, bob.groups.clone()),
        (true, 0, ids(&["Job"]))
    );
    assert_eq!(
        bob.last.as_ref().map(|m| m.payload.clone()),
        Some(Payload::Text {
            text: "hi alice".into()
        })
    );
    assert!(convs.iter().any(|c| c.id == "GROUPteam"));
    assert_eq!(r.cloud.profile("bob").nick, "Bob");
}

/// The facade runs a method in a storage transaction only if it is not local: a local method
/// that changed the cloud would bypass the journal (other tabs and reloads would miss it).
#[test]
fn local_methods_write_nothing_and_every_cloud_method_is_built() {
    use tim_wasm::client::{is_cloud, is_local, CLOUD, FULL_CLOUD};
    use tim_wasm::core::value::{obj, s, Value};
    let mut w = common::World::new();
    let (a, _) = w.login("alice");
    w.admin_send("bob", ConvType::C2c, "alice", "hi");
    let msg = |payload: Value| {
        [obj(&[
            ("to", s("bob")),
            ("conversationType", s("C2C")),
            ("payload", payload),
        ])]
    };
    let local: [(&str, Vec<Value>); 7] = [
        ("getConversationList", Vec::new()),
        ("getTotalUnreadMessageCount", Vec::new()),
        (
            "setConversationDraft",
            vec![obj(&[
                ("conversationID", s("C2Cbob")),
                ("draftText", s("x")),
            ])],
        ),
        ("getConversationGroupList", Vec::new()),
        ("createTextMessage", msg(obj(&[("text", s("x"))])).to_vec()),
        (
            "createCustomMessage",
            msg(obj(&[("data", s("d"))])).to_vec(),
        ),
        (
            "createFaceMessage",
            msg(obj(&[("index", Value::Number(1.0)), ("data", s("d"))])).to_vec(),
        ),
    ];
    for (name, args) in local {
        assert!(is_local(name) && !CLOUD.contains(&name), "{name}");
        let before = w.cloud.seen;
        let (c, cloud, now) = w.c(a);
        assert!(
            matches!(c.call(cloud, now, name, &args), Some(Ok(_))),
            "{name}"
        );
        assert_eq!(w.cloud.seen, before, "{name} wrote to the journal");
    }
    // The native tests build the full build (the server's): its methods too.
    for name in CLOUD.iter().chain(&FULL_CLOUD) {
        assert!(!is_local(name) && is_cloud(name));
        let (c, cloud, now) = w.c(a);
        assert!(
            c.call(cloud, now, name, &[Value::Undefined]).is_some(),
            "{name} is not handled by Client::call"
        );
    }
}

/// A replica told who is signed in where its pushes go builds pushes for them only (the caller
/// included, even when not listed: its session is busy making the call); the state and the
/// answers are the same as without it.
#[test]
fn pushes_are_built_only_for_the_listening_users() {
    let send = |to: &str| Request::SendMessage {
        conv_type: ConvType::C2c,
        to: to.into(),
        payload: Payload::Text { text: "x".into() },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 11,
        flags: 0,
    };
    let mut all = Replica::new(APP);
    let mut some = Replica::new(APP);
    some.listeners = Some(Box::new(|| vec!["alice".to_string()]));
    let users = |pushes: &[tim_wasm::cloud::Push]| {
        let mut u: Vec<String> = pushes.iter().map(|p| p.user.clone()).collect();
        u.sort();
        u
    };
    // bob to carol: both replicas make the same change; only the unfiltered one pushes to carol.
    let (a, pa) = all.request("bob", 1, send("carol"), 10);
    let (b, pb) = some.request("bob", 1, send("carol"), 10);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(users(&pa), ["bob", "carol"]);
    assert_eq!(
        users(&pb),
        ["bob"],
        "the caller's own other sessions still get theirs"
    );
    // carol to alice: alice listens.
    let (_, pa) = all.request("carol", 2, send("alice"), 11);
    let (_, pb) = some.request("carol", 2, send("alice"), 11);
    assert_eq!(users(&pa), ["alice", "carol"]);
    assert_eq!(users(&pb), ["alice", "carol"]);
    // Replaying the same entries: a replica listening for alice gets alice's push only.
    let entries: Vec<(u64, tim_wasm::core::value::Value)> = all
        .take_pending()
        .iter()
        .map(|(n, e)| (*n, parse(e)))
        .collect();
    let mut replay = Replica::new(APP);
    replay.listeners = Some(Box::new(|| vec!["alice".to_string()]));
    let (pushes, errors) = replay.catch_up(entries);
    assert!(errors.is_empty());
    assert_eq!(users(&pushes), ["alice"]);
    assert!(replay.cloud == all.cloud && some.cloud == all.cloud);
}
