//! The SQLite store runs the cloud as the page's whole-state cloud does: random histories give
//! the same answers and pushes, the change log numbers each user's pushes 1, 2, 3…, a re-sent
//! call is applied once, and state survives reopening the database.

#[path = "../../tests/common/histories.rs"]
mod histories;
#[path = "../../tests/common/rng.rs"]
mod rng;

use histories::{History, USERS};
use std::collections::HashMap;
use tim_server::store::Store;
use tim_wasm::cloud::wire::Answered;
use tim_wasm::cloud::{Cloud, Outcome, Request};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;

const APP: u64 = 1400000001;

fn temp(name: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("tim-store-test-{}-{name}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
    path.to_string_lossy().into_owned()
}

fn answered(r: Result<tim_wasm::cloud::Response, tim_wasm::core::error::Error>) -> Answered {
    match r {
        Ok(r) => Answered::Ok(r),
        Err(e) => Answered::Err {
            code: e.code,
            message: e.message,
        },
    }
}

/// Every user's view, read back through requests: the list, groups, histories, profiles.
fn reads() -> Vec<(&'static str, Request)> {
    let mut v = Vec::new();
    for u in USERS {
        v.push((u, Request::Sync));
        v.push((u, Request::GetJoinedGroups));
        v.push((
            u,
            Request::GetProfiles {
                user_ids: USERS.iter().map(|s| s.to_string()).collect(),
            },
        ));
        for peer in USERS {
            v.push((
                u,
                Request::GetMessages {
                    conversation_id: format!("C2C{peer}"),
                    before: None,
                    count: 1000,
                },
            ));
        }
    }
    v
}

#[test]
fn random_histories_in_sqlite_equal_the_whole_cloud() {
    let path = temp("histories");
    let mut store = Store::open(&path).unwrap();
    for seed in 1..=24u64 {
        let app = APP + seed;
        let mut history = History::new(seed);
        let mut whole = Cloud::new(app as f64);
        let mut seqs: HashMap<String, u64> = HashMap::new();
        for _ in 0..80 {
            let s = history.next();
            let (user, req, session, now, step) = (s.user, s.req.clone(), s.session, s.now, s.n);
            let mut out = Outcome::default();
            let want = whole.handle(user, session, req.clone(), now, &mut out);
            let (got, logged) = store
                .call(app, user, session, step, req.clone(), now)
                .unwrap();
            assert_eq!(
                got,
                answered(want.clone()),
                "seed {seed} step {step}: {req:?}"
            );
            let pushed: Vec<_> = logged
                .iter()
                .map(|l| (l.user.clone(), l.except, l.body.clone()))
                .collect();
            let expected: Vec<_> = out
                .pushes
                .into_iter()
                .map(|p| (p.user, p.except, p.body))
                .collect();
            assert_eq!(
                pushed, expected,
                "seed {seed} step {step}: pushes of {req:?}"
            );
            for l in &logged {
                let n = seqs.entry(l.user.clone()).or_default();
                *n += 1;
                assert_eq!(l.seq, *n, "each user's pushes are numbered 1, 2, 3…");
            }
            history.learn(&s, &want);
        }
        // Reopened, the database answers every read as the whole cloud does.
        drop(store);
        store = Store::open(&path).unwrap();
        for (i, (user, req)) in reads().into_iter().enumerate() {
            let want = whole.handle(user, 9, req.clone(), 1_800_000_000, &mut Outcome::default());
            let (got, _) = store
                .call(
                    app,
                    user,
                    9,
                    1_000_000 + i as u64,
                    req.clone(),
                    1_800_000_000,
                )
                .unwrap();
            assert_eq!(got, answered(want), "seed {seed}: {user} {req:?}");
        }
    }
}

#[test]
fn a_resent_call_is_applied_once_and_the_log_replays() {
    let path = temp("once");
    let mut store = Store::open(&path).unwrap();
    let send = Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Text {
            text: "once".into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
    };
    let (first, pushes) = store.call(APP, "ann", 5, 42, send.clone(), 100).unwrap();
    // Bob's devices, and ann's other devices (not session 5, which has the answer).
    let to: Vec<_> = pushes
        .iter()
        .map(|p| (p.user.as_str(), p.seq, p.except))
        .collect();
    assert_eq!(to, vec![("ann", 1, Some(5)), ("bob", 1, None)]);
    // The same call again (a reconnect re-sent it): the first answer, nothing new.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let (again, pushes) = store.call(APP, "ann", 5, 42, send.clone(), 101).unwrap();
    assert_eq!((again, pushes.len()), (first, 0));
    let history = Request::GetMessages {
        conversation_id: "C2Cann".into(),
        before: None,
        count: 15,
    };
    match store.call(APP, "bob", 1, 1, history, 102).unwrap().0 {
        Answered::Ok(tim_wasm::cloud::Response::Messages { messages, .. }) => {
            assert_eq!(messages.len(), 1)
        }
        other => panic!("{other:?}"),
    }
    // Another session's call with the same number is another call.
    let (_, pushes) = store.call(APP, "ann", 6, 42, send, 103).unwrap();
    assert_eq!(pushes.iter().map(|p| p.seq).collect::<Vec<_>>(), vec![2, 2]);
    // Bob's change log, from the start and from a position; other apps see none of it.
    let log = store.changes_after(APP, "bob", 0, 100).unwrap();
    assert_eq!(log.iter().map(|l| l.seq).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(store.changes_after(APP, "bob", 1, 100).unwrap().len(), 1);
    assert_eq!(store.push_seq(APP, "bob").unwrap(), 2);
    assert!(store
        .changes_after(APP + 1, "bob", 0, 100)
        .unwrap()
        .is_empty());
}
