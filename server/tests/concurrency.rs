//! Concurrent writers on one Postgres (CONTRACT §9, scale-out): calls touching different users
//! do not wait for each other; calls touching the same rows are serialised by the database,
//! lose nothing, and leave one order everyone sees.

#[path = "common/pg.rs"]
mod pg;

use std::sync::mpsc;
use std::time::Duration;
use tim_server::config::Database;
use tim_server::rows::{lock_key, USER};
use tim_server::store::{Called, Store};
use tim_wasm::cloud::wire::Answered;
use tim_wasm::cloud::{PushBody, Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;

const APP: u64 = 1400000001;

fn text(to: &str, kind: ConvType, text: String, random: u32) -> Request {
    Request::SendMessage {
        conv_type: kind,
        to: to.into(),
        payload: Payload::Text { text },
        cloud_custom_data: String::new(),
        random,
        client_time: 100,
        flags: 0,
    }
}

fn ok(c: &Called) -> &Response {
    match &c.answer {
        Answered::Ok(r) => r,
        Answered::Err { code, message } => panic!("{code}: {message}"),
    }
}

#[test]
fn a_call_waits_only_for_the_users_it_touches() {
    let pg = pg::TempPg::start();
    let url = pg.database("parallel");
    let store = Store::connect(&Database::Postgres(url.clone())).unwrap();
    // Another node is in the middle of a call for ann: it holds her lock.
    let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut held = other.transaction().unwrap();
    held.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&lock_key(APP as i64, USER, "ann")],
    )
    .unwrap();
    std::thread::scope(|s| {
        let (done, finished) = mpsc::channel();
        let store = &store;
        // bob writes to cy: neither is ann, so it does not wait.
        let send = |from: &'static str, to: &'static str, done: mpsc::Sender<_>| {
            s.spawn(move || {
                let req = text(to, ConvType::C2c, format!("{from} to {to}"), 1);
                let c = store.call(APP, from, 1, 1, req, 100).unwrap();
                done.send((from, c)).unwrap();
            });
        };
        send("bob", "cy", done.clone());
        let (who, c) = finished
            .recv_timeout(Duration::from_secs(20))
            .expect("bob's call is not held up by ann's lock");
        assert_eq!(who, "bob");
        ok(&c);
        // dan writes to ann: he waits until ann's other call ends, then goes on.
        send("dan", "ann", done);
        assert!(
            finished.recv_timeout(Duration::from_millis(500)).is_err(),
            "dan's call touches ann's rows: it waits for her lock"
        );
        held.rollback().unwrap();
        let (who, c) = finished.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_eq!(who, "dan");
        ok(&c);
        assert_eq!(c.pushes.iter().filter(|p| p.user == "ann").count(), 1);
    });
}

#[test]
fn writers_of_one_group_chat_on_many_connections_keep_one_order() {
    let pg = pg::TempPg::start();
    let db = Database::Postgres(pg.database("one_group"));
    let setup = Store::connect(&db).unwrap();
    let members: Vec<String> = (0..6).map(|i| format!("m{i}")).collect();
    let created = setup
        .call(
            APP,
            "m0",
            1,
            1,
            Request::CreateGroup {
                group_id: Some("team".into()),
                name: "team".into(),
                kind: "Public".into(),
                members: members[1..].to_vec(),
            },
            50,
        )
        .unwrap();
    ok(&created);
    // Two nodes, each with a pool of connections, and every member writing at once.
    let nodes = [Store::connect(&db).unwrap(), Store::connect(&db).unwrap()];
    const EACH: u32 = 15;
    std::thread::scope(|s| {
        for (i, m) in members.iter().enumerate() {
            let node = &nodes[i % 2];
            s.spawn(move || {
                for k in 0..EACH {
                    let c = node
                        .call(
                            APP,
                            m,
                            2,
                            u64::from(k),
                            text("team", ConvType::Group, format!("{m}:{k}"), k),
                            100,
                        )
                        .unwrap();
                    ok(&c);
                }
            });
        }
    });
    let total = members.len() * EACH as usize;
    // One history: sequences 1..=total, each message once, each sender's in its own order.
    let page = setup
        .call(
            APP,
            "m0",
            1,
            2,
            Request::GetMessages {
                conversation_id: "GROUPteam".into(),
                before: None,
                count: 100,
            },
            200,
        )
        .unwrap();
    let mut texts = Vec::new();
    let mut seqs = Vec::new();
    let mut from_page = |c: &Called| match ok(c) {
        Response::Messages { messages, .. } => {
            for m in messages {
                seqs.push(m.sequence);
                if let Payload::Text { text } = &m.payload {
                    texts.push(text.clone());
                }
            }
        }
        other => panic!("{other:?}"),
    };
    from_page(&page);
    // The page holds the newest 100; the rest come from the page before.
    let first = match ok(&page) {
        Response::Messages { messages, .. } => messages.first().map(|m| m.id.clone()),
        _ => None,
    };
    let older = setup
        .call(
            APP,
            "m0",
            1,
            3,
            Request::GetMessages {
                conversation_id: "GROUPteam".into(),
                before: first,
                count: 100,
            },
            200,
        )
        .unwrap();
    let (mut all_seqs, mut all_texts) = (Vec::new(), Vec::new());
    {
        let mut older_seqs = Vec::new();
        let mut older_texts = Vec::new();
        if let Response::Messages { messages, .. } = ok(&older) {
            for m in messages {
                older_seqs.push(m.sequence);
                if let Payload::Text { text } = &m.payload {
                    older_texts.push(text.clone());
                }
            }
        }
        all_seqs.extend(older_seqs);
        all_texts.extend(older_texts);
    }
    all_seqs.extend(seqs);
    all_texts.extend(texts);
    // The group tip of the creation is message 1.
    assert_eq!(all_seqs, (1..=total as u64 + 1).collect::<Vec<_>>());
    let mut sorted = all_texts.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), total, "every message once");
    for m in &members {
        let mine: Vec<u32> = all_texts
            .iter()
            .filter_map(|t| t.strip_prefix(&format!("{m}:")))
            .map(|k| k.parse().unwrap())
            .collect();
        assert_eq!(
            mine,
            (0..EACH).collect::<Vec<_>>(),
            "{m}'s messages in order"
        );
    }
    // Every member's change log: gap-free, and the group's messages in the thread's order.
    for m in &members {
        let log = setup.changes_after(APP, m, 0, 10_000).unwrap();
        assert_eq!(
            log.iter().map(|l| l.seq).collect::<Vec<_>>(),
            (1..=log.len() as u64).collect::<Vec<_>>()
        );
        let pushed: Vec<u64> = log
            .iter()
            .filter_map(|l| match &l.body {
                PushBody::Message { message, .. } => Some(message.sequence),
                _ => None,
            })
            .collect();
        let mut in_order = pushed.clone();
        in_order.sort_unstable();
        assert_eq!(
            pushed, in_order,
            "{m} learns the messages in the thread's order"
        );
    }
}

#[test]
fn two_devices_renaming_one_conversation_group_converge() {
    let pg = pg::TempPg::start();
    let db = Database::Postgres(pg.database("rename"));
    let nodes = [Store::connect(&db).unwrap(), Store::connect(&db).unwrap()];
    for round in 0..10u64 {
        let name = format!("g{round}");
        let c = nodes[0]
            .call(
                APP,
                "zoe",
                1,
                100 + round,
                Request::CreateConvGroup {
                    name: name.clone(),
                    ids: vec!["C2Cann".into()],
                },
                10,
            )
            .unwrap();
        ok(&c);
        // Two devices of zoe, on two nodes, rename the same group at once.
        let together = std::sync::Barrier::new(2);
        let answers: Vec<Called> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2u64)
                .map(|d| {
                    let (node, name, together) = (&nodes[d as usize], name.clone(), &together);
                    s.spawn(move || {
                        together.wait();
                        node.call(
                            APP,
                            "zoe",
                            10 + d,
                            round,
                            Request::RenameConvGroup {
                                old: name,
                                new: format!("r{round}-{d}"),
                            },
                            20,
                        )
                        .unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // One wins; the other finds the name gone (51009: no such group).
        let won: Vec<usize> = (0..2)
            .filter(|d| matches!(answers[*d].answer, Answered::Ok(_)))
            .collect();
        assert_eq!(won.len(), 1, "{answers:?}");
        let lost = 1 - won[0];
        assert!(
            matches!(answers[lost].answer, Answered::Err { code: 51009, .. }),
            "{:?}",
            answers[lost].answer
        );
    }
    // Every device's view, a fresh login's: each round's group under the winner's name.
    let synced = nodes[1].call(APP, "zoe", 99, 1, Request::Sync, 30).unwrap();
    match ok(&synced) {
        Response::Snapshot { conv_groups, .. } => {
            let names: Vec<String> = conv_groups.iter().map(|(_, n)| n.clone()).collect();
            assert_eq!(names.len(), 10, "{names:?}");
            for round in 0..10 {
                assert_eq!(
                    names
                        .iter()
                        .filter(|n| n.starts_with(&format!("r{round}-")))
                        .count(),
                    1,
                    "{names:?}"
                );
            }
        }
        other => panic!("{other:?}"),
    }
    let log = nodes[0].changes_after(APP, "zoe", 0, 10_000).unwrap();
    assert_eq!(
        log.iter().map(|l| l.seq).collect::<Vec<_>>(),
        (1..=log.len() as u64).collect::<Vec<_>>()
    );
}
