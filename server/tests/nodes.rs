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
