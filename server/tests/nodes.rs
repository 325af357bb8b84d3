//! Several nodes on one Postgres serve one chat (CONTRACT §9): a change committed through one
//! node reaches the user's connections on the others, in order and once; when a node dies its
//! clients reconnect to another and resume exactly where they were.

mod common;
use common::pg::TempPg;
use common::ws::*;
use common::*;
use tim_wasm::cloud::wire::Answered;
use tim_wasm::cloud::{PushBody, Request, Response};

const APP: u64 = 1400000777;
const KEY: &str = "nodes-test-key";

fn node(url: &str) -> Running {
    Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        url,
        "--app",
        &format!("{APP}:{KEY}"),
    ])
}

fn seqs(p: &[(u64, PushBody)]) -> Vec<u64> {
    p.iter().map(|(s, _)| *s).collect()
}

#[test]
fn three_nodes_one_chat_and_a_node_dies() {
    // The Postgres client blocks on its own runtime: set the database up outside the test's.
    let pg = TempPg::start();
    let url = pg.database("nodes");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(chat(&url));
}

async fn chat(url: &str) {
    let (a, mut b, c) = (node(url), node(url), node(url));
    let (mut alice, _) = Client::login(&a.addr, APP, KEY, "alice", 0, 0).await;
    let (mut bob, _) = Client::login(&b.addr, APP, KEY, "bob", 0, 0).await;
    let (mut bob2, _) = Client::login(&c.addr, APP, KEY, "bob", 0, 0).await;

    // alice (node A) writes; bob's devices on B and C both get it, as push 1.
    assert!(matches!(
        alice.call(1, text("bob", "one", 1)).await,
        Answered::Ok(Response::Sent { .. })
    ));
    assert_eq!(texts(&bob.pushes(1).await), vec!["one"]);
    assert_eq!(texts(&bob2.pushes(1).await), vec!["one"]);
    // bob files alice in a group on B: his device on C hears it (not B: it had the answer).
    let made = bob
        .call(
            2,
            Request::CreateConvGroup {
                name: "Work".into(),
                ids: vec!["C2Calice".into()],
            },
        )
        .await;
    assert!(
        matches!(made, Answered::Ok(Response::ConvGroupCreated { .. })),
        "{made:?}"
    );
    let got = bob2.pushes(2).await;
    assert!(
        matches!(&got[1].1, PushBody::ConvGroupCreated { name, .. } if name == "Work"),
        "{got:?}"
    );
    assert_eq!(seqs(&got), vec![1, 2]);

    // Node B dies (kill -9). alice writes twice more meanwhile; bob's B device reconnects to
    // node C where it was (push 2 applied), and gets exactly the two it missed.
    let bob_session = bob.session;
    b.child.kill().unwrap();
    b.child.wait().unwrap();
    drop(bob);
    for i in 3..5 {
        alice.call(i, text("bob", &format!("m{i}"), i as u32)).await;
    }
    let (mut again, newest) = Client::login(&c.addr, APP, KEY, "bob", 2, bob_session).await;
    assert_eq!(newest, 4);
    let missed = again.pushes(2).await;
    assert_eq!(
        (seqs(&missed), texts(&missed)),
        (vec![3, 4], vec!["m3".to_string(), "m4".to_string()])
    );
    // His other device on C saw the same two, live, and nothing twice.
    let all = bob2.pushes(4).await;
    assert_eq!(seqs(&all), vec![1, 2, 3, 4]);
    // One history for everyone, whichever node answers.
    match again
        .call(
            9,
            Request::GetMessages {
                conversation_id: "C2Calice".into(),
                before: None,
                count: 15,
            },
        )
        .await
    {
        Answered::Ok(Response::Messages { messages, .. }) => assert_eq!(messages.len(), 3),
        other => panic!("{other:?}"),
    }
    assert!(a.stop().success());
    assert!(c.stop().success());
}

#[path = "../../tests/common/histories.rs"]
mod histories;
#[path = "../../tests/common/rng.rs"]
mod rng;

/// One device: which user, on which node, from which push it started, and what it received.
struct Device {
    user: &'static str,
    node: usize,
    start: u64,
    client: Client,
}

#[test]
fn a_random_workload_over_three_nodes_with_one_killed_loses_and_repeats_nothing() {
    let pg = TempPg::start();
    let url = pg.database("workload");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let devices = rt.block_on(workload(&url));
    // Every device received, in order and once, every push of its user's change log after its
    // start that another session caused (its own session's it had as answers).
    let store =
        tim_server::store::Store::connect(&tim_server::config::Database::Postgres(url)).unwrap();
    for d in &devices {
        let log = store.changes_after(APP, d.user, d.start, 100_000).unwrap();
        let want: Vec<u64> = log
            .iter()
            .filter(|l| l.except != Some(d.client.session))
            .map(|l| l.seq)
            .collect();
        let got: Vec<u64> = d.client.pushes.iter().map(|(s, _)| *s).collect();
        assert_eq!(got, want, "{} on node {}", d.user, d.node);
    }
}

async fn workload(url: &str) -> Vec<Device> {
    let mut nodes: Vec<Option<Running>> = (0..3).map(|_| Some(node(url))).collect();
    let addr = |nodes: &[Option<Running>], i: usize| nodes[i].as_ref().map(|n| n.addr.clone());
    let mut devices: Vec<Device> = Vec::new();
    let mut history = histories::History::new(7);
    for step in 0..240u64 {
        if step == 120 {
            // Node 1 dies; its devices read what reached them, then resume on node 2.
            let mut dead = nodes[1].take().unwrap();
            dead.child.kill().unwrap();
            dead.child.wait().unwrap();
            for d in devices.iter_mut().filter(|d| d.node == 1) {
                while let Some(f) = next(&mut d.client.ws).await {
                    if let tim_wasm::cloud::wire::ServerFrame::Push { seq, body } = f {
                        d.client.pushes.push((seq, body));
                    }
                }
                let last = d.client.pushes.last().map_or(d.start, |(s, _)| *s);
                let (mut again, _) = Client::login(
                    &addr(&nodes, 2).unwrap(),
                    APP,
                    KEY,
                    d.user,
                    last,
                    d.client.session,
                )
                .await;
                again.pushes = std::mem::take(&mut d.client.pushes);
                d.client = again;
                d.node = 2;
            }
        }
        let s = history.next();
        // Each (user, session) is a device, on a node picked by the session.
        let found = devices
            .iter()
            .position(|d| d.user == s.user && d.client.session == 1000 + s.session);
        let i = match found {
            Some(i) => i,
            None => {
                let mut node = (s.session as usize) % 3;
                if nodes[node].is_none() {
                    node = 2;
                }
                let (client, start) = Client::login(
                    &addr(&nodes, node).unwrap(),
                    APP,
                    KEY,
                    s.user,
                    0,
                    1000 + s.session,
                )
                .await;
                devices.push(Device {
                    user: s.user,
                    node,
                    start,
                    client,
                });
                devices.len() - 1
            }
        };
        let answer = devices[i].client.call(step, s.req.clone()).await;
        let res = match answer {
            Answered::Ok(r) => Ok(r),
            Answered::Err { code, message } => {
                Err(tim_wasm::core::error::Error::raw(code, message))
            }
        };
        history.learn(&s, &res);
    }
    // Let every push land, then collect what is still in flight on each device.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    for d in devices.iter_mut() {
        loop {
            match tokio::time::timeout(
                std::time::Duration::from_millis(200),
                next(&mut d.client.ws),
            )
            .await
            {
                Ok(Some(tim_wasm::cloud::wire::ServerFrame::Push { seq, body })) => {
                    d.client.pushes.push((seq, body))
                }
                Ok(Some(_)) => continue,
                Ok(None) | Err(_) => break,
            }
        }
    }
    for n in nodes.into_iter().flatten() {
        assert!(n.stop().success());
    }
    devices
}
