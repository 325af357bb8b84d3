//! The store runs the cloud as the page's whole-state cloud does, on every backend (SQLite, and
//! Postgres started for the test): random histories give the same answers and pushes, the change
//! log numbers each user's pushes 1, 2, 3…, a re-sent call is applied once, and state survives
//! reopening the database.

#[path = "../../tests/common/histories.rs"]
mod histories;
#[path = "common/pg.rs"]
mod pg;
#[path = "../../tests/common/rng.rs"]
mod rng;

use histories::{History, USERS};
use std::collections::HashMap;
use tim_server::config::Database;
use tim_server::rows::COUNTER_BLOCK;
use tim_server::store::{Called, Store};
use tim_wasm::cloud::slice::Changes;
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

/// Each backend: its name and how to (re)open the same database.
fn backends(name: &str, pg: &pg::TempPg) -> Vec<(&'static str, Database)> {
    vec![
        ("sqlite", Database::Sqlite(temp(name))),
        (
            "postgres",
            Database::Postgres(pg.database(&name.replace('-', "_"))),
        ),
    ]
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
fn random_histories_in_every_backend_equal_the_whole_cloud() {
    let pg = pg::TempPg::start();
    for (backend, db) in backends("histories", &pg) {
        histories(backend, &db);
    }
}

fn histories(backend: &str, db: &Database) {
    let mut store = Store::connect(db).unwrap();
    // Postgres numbers each call inside a block of the counter (a sequence value, one per
    // call, the first after the schema's start being the second block): the whole cloud is
    // given the same blocks, so the numbers it makes are the same.
    let mut block = (backend == "postgres").then_some(2u64);
    let mut give_block = |whole: &mut Cloud| {
        if let Some(k) = block.as_mut() {
            whole.apply(&Changes {
                counter: Some(*k * COUNTER_BLOCK),
                ..Default::default()
            });
            *k += 1;
        }
    };
    for seed in 1..=24u64 {
        let app = APP + seed;
        let mut history = History::new(seed);
        let mut whole = Cloud::new(app as f64);
        let mut seqs: HashMap<String, u64> = HashMap::new();
        for _ in 0..80 {
            let s = history.next();
            let (user, req, session, now, step) = (s.user, s.req.clone(), s.session, s.now, s.n);
            let mut out = Outcome::default();
            give_block(&mut whole);
            let want = whole.handle(user, session, req.clone(), now, &mut out);
            let Called {
                answer: got,
                pushes: logged,
                ..
            } = store
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
        store = Store::connect(db).unwrap();
        for (i, (user, req)) in reads().into_iter().enumerate() {
            give_block(&mut whole);
            let want = whole.handle(user, 9, req.clone(), 1_800_000_000, &mut Outcome::default());
            let Called { answer: got, .. } = store
                .call(
                    app,
                    user,
                    9,
                    1_000_000 + i as u64,
                    req.clone(),
                    1_800_000_000,
                )
                .unwrap();
            assert_eq!(got, answered(want), "{backend} seed {seed}: {user} {req:?}");
        }
    }
}

#[test]
fn a_resent_call_is_applied_once_and_the_log_replays() {
    let pg = pg::TempPg::start();
    for (_, db) in backends("once", &pg) {
        once(&db);
    }
}

fn once(db: &Database) {
    let store = Store::connect(db).unwrap();
    let send = Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Text {
            text: "once".into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    let Called {
        answer: first,
        pushes,
        ..
    } = store.call(APP, "ann", 5, 42, send.clone(), 100).unwrap();
    // Bob's devices, and ann's other devices (not session 5, which has the answer).
    let to: Vec<_> = pushes
        .iter()
        .map(|p| (p.user.as_str(), p.seq, p.except))
        .collect();
    assert_eq!(to, vec![("ann", 1, Some(5)), ("bob", 1, None)]);
    // The same call again (a reconnect re-sent it): the first answer, nothing new.
    drop(store);
    let store = Store::connect(db).unwrap();
    let Called {
        answer: again,
        pushes,
        ..
    } = store.call(APP, "ann", 5, 42, send.clone(), 101).unwrap();
    assert_eq!((again, pushes.len()), (first.clone(), 0));
    let history = Request::GetMessages {
        conversation_id: "C2Cann".into(),
        before: None,
        count: 15,
    };
    match store.call(APP, "bob", 1, 1, history, 102).unwrap().answer {
        Answered::Ok(tim_wasm::cloud::Response::Messages { messages, .. }) => {
            assert_eq!(messages.len(), 1)
        }
        other => panic!("{other:?}"),
    }
    // The same message under a new call ID (its first answer was lost, the app sent it again):
    // the stored message, nothing twice.
    let Called {
        answer: same,
        pushes,
        ..
    } = store.call(APP, "ann", 5, 43, send.clone(), 102).unwrap();
    assert_eq!((same, pushes.len()), (first, 0));
    // Another session's call with the same number is another call.
    let other = match send {
        Request::SendMessage {
            conv_type,
            to,
            payload,
            cloud_custom_data,
            client_time,
            ..
        } => Request::SendMessage {
            conv_type,
            to,
            payload,
            cloud_custom_data,
            random: 2,
            client_time,
            flags: 0,
        },
        r => r,
    };
    let Called { pushes, .. } = store.call(APP, "ann", 6, 42, other, 103).unwrap();
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

#[test]
fn postgres_migrates_once_and_refuses_a_newer_schema() {
    let pg = pg::TempPg::start();
    let url = pg.database("schema");
    let db = Database::Postgres(url.clone());
    // Two stores opening at once (two nodes starting): both come up on one schema.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Store::connect(&db));
        let b = s.spawn(|| Store::connect(&db));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.is_ok() && b.is_ok(), "{:?} {:?}", a.err(), b.err());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let version: i64 = client
        .query_one("SELECT version FROM tim_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, tim_server::store::schema_version());
    client
        .execute("UPDATE tim_schema SET version = version + 1", &[])
        .unwrap();
    let e = Store::connect(&db).err().expect("refused");
    assert!(e.contains("newer than this server"), "{e}");
}

#[test]
fn two_nodes_writing_to_one_postgres_lose_nothing() {
    let pg = pg::TempPg::start();
    let db = Database::Postgres(pg.database("two_nodes"));
    // Two stores (two nodes) send to one user at once, and each adds to one of her groups.
    let setup = Store::connect(&db).unwrap();
    setup
        .call(
            APP,
            "zoe",
            1,
            1,
            Request::CreateConvGroup {
                name: "g".into(),
                ids: vec!["C2Cann".into()],
            },
            1,
        )
        .unwrap();
    std::thread::scope(|s| {
        for node in 0..2u64 {
            let db = &db;
            s.spawn(move || {
                let store = Store::connect(db).unwrap();
                for i in 0..40u64 {
                    let from = format!("sender{node}");
                    let send = Request::SendMessage {
                        conv_type: ConvType::C2c,
                        to: "zoe".into(),
                        payload: Payload::Text {
                            text: format!("{node}-{i}"),
                        },
                        cloud_custom_data: String::new(),
                        random: i as u32,
                        client_time: i,
                        flags: 0,
                    };
                    let Called { answer, .. } =
                        store.call(APP, &from, 1, i, send, 100 + i).unwrap();
                    assert!(matches!(answer, Answered::Ok(_)), "{answer:?}");
                    if let Err(e) = store.call(
                        APP,
                        "zoe",
                        10 + node,
                        i,
                        Request::UpdateConvGroup {
                            name: "g".into(),
                            add: true,
                            ids: vec![format!("C2Cx{node}-{i}")],
                        },
                        100 + i,
                    ) {
                        let log = store.changes_after(APP, "zoe", 0, 10_000).unwrap();
                        panic!(
                            "node {node} call {i}: {e:?}; zoe's log: {:?}",
                            log.iter().map(|l| (l.seq, l.except)).collect::<Vec<_>>()
                        );
                    }
                }
            });
        }
    });
    let store = Store::connect(&db).unwrap();
    // Every message, every unread count, every group member, and a gap-free change log.
    match store
        .call(APP, "zoe", 1, 1000, Request::Sync, 1000)
        .unwrap()
        .answer
    {
        Answered::Ok(tim_wasm::cloud::Response::Snapshot { convs, .. }) => {
            let unread: u32 = convs.iter().map(|c| c.unread).sum();
            assert_eq!(unread, 80);
        }
        other => panic!("{other:?}"),
    }
    let log = store.changes_after(APP, "zoe", 0, 10_000).unwrap();
    assert_eq!(
        log.iter().map(|l| l.seq).collect::<Vec<_>>(),
        (1..=log.len() as u64).collect::<Vec<_>>()
    );
    assert_eq!(
        log.iter()
            .filter(|l| matches!(l.body, tim_wasm::cloud::PushBody::Message { .. }))
            .count(),
        80
    );
    // Both nodes' additions to her group are all there: removing the 80 removes 80.
    let ids: Vec<String> = (0..2)
        .flat_map(|n| (0..40).map(move |i| format!("C2Cx{n}-{i}")))
        .collect();
    let Called { pushes, .. } = store
        .call(
            APP,
            "zoe",
            1,
            1001,
            Request::UpdateConvGroup {
                name: "g".into(),
                add: false,
                ids,
            },
            1000,
        )
        .unwrap();
    match pushes.iter().find(|p| p.user == "zoe").map(|p| &p.body) {
        Some(tim_wasm::cloud::PushBody::ConvGroupMembers { removed, .. }) => {
            assert_eq!(removed.len(), 80)
        }
        other => panic!("{other:?}"),
    }
}

/// A database from the first schema version upgrades at start and keeps what it held: the
/// development app stays, and the cloud's calls work on the new tables.
#[test]
fn a_first_version_database_upgrades_on_every_backend() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/schema");
    let path = temp("upgrade");
    std::fs::copy(format!("{fixtures}/v1.sqlite"), &path).unwrap();
    let pg = pg::TempPg::start();
    let url = pg.database("upgrade");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&std::fs::read_to_string(format!("{fixtures}/v1.postgres.sql")).unwrap())
        .unwrap();
    drop(client);
    for db in [Database::Sqlite(path), Database::Postgres(url)] {
        let store = Store::connect(&db).unwrap();
        let app = store
            .dev_app(|| panic!("the development app is kept"))
            .unwrap();
        assert_eq!(
            (app.sdk_app_id, app.key.as_str()),
            (1400000555, "fixture-key")
        );
        let Called { answer, .. } = store
            .call(
                app.sdk_app_id,
                "ann",
                1,
                1,
                Request::CreateConvGroup {
                    name: "g".into(),
                    ids: vec!["C2Cbob".into()],
                },
                1,
            )
            .unwrap();
        assert!(matches!(answer, Answered::Ok(_)), "{db:?}: {answer:?}");
    }
}

/// Messages stored before they had a time column (schema version 5) get theirs from their data
/// when the server upgrades, so a one-to-one history page from a time finds them.
#[test]
fn an_upgraded_database_pages_old_messages_by_time() {
    let pg = pg::TempPg::start();
    for (name, db) in backends("upgrade-time", &pg) {
        let store = Store::connect(&db).unwrap();
        for (i, text) in ["one", "two"].into_iter().enumerate() {
            let send = Request::SendMessage {
                conv_type: ConvType::C2c,
                to: "bob".into(),
                payload: Payload::Text { text: text.into() },
                cloud_custom_data: String::new(),
                random: i as u32,
                client_time: 1,
                flags: 0,
            };
            store
                .call(APP, "ann", 1, i as u64 + 1, send, 1_700_000_100 + i as u64)
                .unwrap();
        }
        drop(store);
        // Back to version 5: no time column (and none of the later steps' tables).
        let undo = "DROP TABLE files; DROP TABLE presence; DROP TABLE nodes; DROP INDEX messages_by_time; ALTER TABLE messages DROP COLUMN time";
        match &db {
            Database::Sqlite(path) => {
                let c = rusqlite::Connection::open(path).unwrap();
                c.execute_batch(&format!("{undo}; PRAGMA user_version = 5"))
                    .unwrap();
            }
            Database::Postgres(url) => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.batch_execute(&format!("{undo}; UPDATE tim_schema SET version = 5"))
                    .unwrap();
            }
        }
        let store = Store::connect(&db).unwrap();
        let hop = Request::MessageOp(tim_wasm::cloud::message_ops::MessageOp {
            op: "getMessageListHopping".into(),
            conversation_id: "C2Cbob".into(),
            next: 1_700_000_100,
            count: 15,
            ..Default::default()
        });
        let Called { answer, .. } = store.call(APP, "ann", 1, 9, hop, 1_700_000_200).unwrap();
        let Answered::Ok(tim_wasm::cloud::Response::Messages { messages, complete }) = answer
        else {
            panic!("{name}: {answer:?}")
        };
        let texts: Vec<String> = messages
            .iter()
            .map(|m| match &m.payload {
                Payload::Text { text } => text.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!((texts, complete), (vec!["one".to_string()], true), "{name}");
    }
}

#[test]
fn presence_counts_the_live_nodes_users_on_every_backend() {
    let pg = pg::TempPg::start();
    for (_, db) in backends("presence", &pg) {
        presence(&db);
    }
}

/// Presence rows as nodes write them (`presence.rs`): a group's members counted when a node
/// that lives serves them, once however many nodes do; a node silent for `ALIVE` seconds counts
/// for no one; another app's user of the same name is someone else.
fn presence(db: &Database) {
    use tim_server::presence::ALIVE;
    use tim_wasm::cloud::Response;
    let store = Store::connect(db).unwrap();
    let made = store
        .call(
            APP,
            "ann",
            1,
            1,
            Request::CreateGroup {
                group_id: Some("team".into()),
                name: "Team".into(),
                kind: "Public".into(),
                members: vec!["bob".into(), "cat".into()],
            },
            100,
        )
        .unwrap();
    assert!(matches!(made.answer, Answered::Ok(Response::Group(_))));
    let count = |user: &str, now: u64, call: u64| match store
        .call(
            APP,
            user,
            1,
            call,
            Request::OnlineCount {
                group_id: "team".into(),
            },
            now,
        )
        .unwrap()
        .answer
    {
        Answered::Ok(Response::Count(n)) => n,
        other => panic!("{other:?}"),
    };
    let pair = |app: u64, u: &str| (app, u.to_string());
    assert_eq!(count("ann", 100, 2), 0);
    // Node 1 serves ann and bob; node 2 serves bob too, and another app's cat.
    store
        .presence(1, 100, &[pair(APP, "ann"), pair(APP, "bob")], &[])
        .unwrap();
    store
        .presence(2, 100, &[pair(APP, "bob"), pair(APP + 1, "cat")], &[])
        .unwrap();
    assert_eq!(count("ann", 101, 3), 2);
    // Written again: nothing doubles.
    store.presence(1, 101, &[pair(APP, "ann")], &[]).unwrap();
    assert_eq!(count("ann", 102, 4), 2);
    // Not a member: 0.
    assert_eq!(count("dan", 102, 5), 0);
    // bob leaves node 1: node 2 still serves him.
    store.presence(1, 103, &[], &[pair(APP, "bob")]).unwrap();
    assert_eq!(count("ann", 104, 6), 2);
    // Node 2 falls silent: past ALIVE its users count for no one; node 1 beats on.
    store.presence(1, 100 + ALIVE + 5, &[], &[]).unwrap();
    assert_eq!(count("ann", 100 + ALIVE + 5, 7), 1);
    // Pruning an hour later leaves the live node's rows.
    store.presence(1, 5000, &[], &[]).unwrap();
    store.prune(5000).unwrap();
    assert_eq!(count("ann", 5000, 8), 1);
}

#[test]
fn files_are_kept_once_with_their_bytes_on_every_backend() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let file = |name, mime, size, bytes| tim_server::store::NewFile {
        name,
        owner: "ann",
        mime,
        size,
        bytes,
    };
    let pg = pg::TempPg::start();
    for (backend, db) in backends("files", &pg) {
        let store = Store::connect(&db).unwrap();
        assert!(store
            .put_file(
                7,
                &file("7-ann-a.png", "image/png", bytes.len(), Some(&bytes)),
                100
            )
            .unwrap());
        // A second write of the name changes nothing.
        assert!(!store
            .put_file(7, &file("7-ann-a.png", "text/html", 1, Some(b"x")), 101)
            .unwrap());
        // Kept in a directory: the row without bytes.
        assert!(store
            .put_file(7, &file("7-ann-b", "text/plain", 3, None), 102)
            .unwrap());
        assert_eq!(
            store.get_file(7, "7-ann-a.png").unwrap(),
            Some(("image/png".to_string(), Some(bytes.clone()))),
            "{backend}"
        );
        assert_eq!(
            store.get_file(7, "7-ann-b").unwrap(),
            Some(("text/plain".to_string(), None))
        );
        // Another app's file of the name is another file.
        assert_eq!(store.get_file(8, "7-ann-a.png").unwrap(), None);
    }
}
