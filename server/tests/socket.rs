//! Clients over a real WebSocket against the server binary: login with a sig from the server's
//! development app (Welcome), each refusal code as a frame then a close, keep-alive; two users
//! chatting with pushes numbered per user; a reconnect that resumes (nothing missed, nothing
//! twice); a re-sent call applied once; kill -9 after acknowledged calls loses nothing.

mod common;
use common::ws::*;
use common::*;
use futures_util::SinkExt;
use tim_wasm::cloud::wire::{Answered, ClientFrame, ServerFrame};
use tim_wasm::cloud::{Request, Response};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "current_thread")]
async fn login_refusals_and_keepalive_over_a_real_socket() {
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &temp_db("socket")]);
    let (app, key) = dev_app(&s.printed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();

    // A sig from /dev/usersig logs alice in.
    let (_, body) = s.http("POST", "/dev/usersig", r#"{"userID":"alice"}"#);
    let sig = serde_json::from_str::<serde_json::Value>(&body).unwrap()["userSig"]
        .as_str()
        .unwrap()
        .to_string();
    let mut ws = connect(&s.addr).await;
    send(&mut ws, &hello(app, "alice", &sig)).await;
    let Some(ServerFrame::Welcome { version: 1, .. }) = next(&mut ws).await else {
        panic!("welcome")
    };
    send(&mut ws, &ClientFrame::Ping { n: 9 }).await;
    assert_eq!(next(&mut ws).await, Some(ServerFrame::Pong { n: 9 }));
    // Calls are served.
    send(
        &mut ws,
        &ClientFrame::Call {
            id: 1,
            request: tim_wasm::cloud::Request::Sync,
        },
    )
    .await;
    let Some(ServerFrame::Answer {
        id: 1,
        result: Answered::Ok(Response::Snapshot { .. }),
    }) = next(&mut ws).await
    else {
        panic!("answer")
    };

    // Each refusal: a Refused frame with Tencent's code, then the server closes.
    let forged = tim_server::usersig::generate(app, "a guess", "alice", now, 3600);
    let expired = tim_server::usersig::generate(app, &key, "alice", now - 7200, 3600);
    for (frame, code) in [
        (hello(app, "alice", "not a sig"), 70003),
        (hello(app + 1, "alice", &sig), 70020),
        (hello(app, "mallory", &sig), 70013),
        (hello(app, "alice", &forged), 70009),
        (hello(app, "alice", &expired), 70001),
        (ClientFrame::Ping { n: 1 }, 2989),
    ] {
        let mut ws = connect(&s.addr).await;
        send(&mut ws, &frame).await;
        match next(&mut ws).await {
            Some(ServerFrame::Refused { code: got, .. }) => assert_eq!(got, code),
            other => panic!("expected Refused {code}, got {other:?}"),
        }
        assert_eq!(next(&mut ws).await, None, "closed after the refusal");
    }
    // Garbage text and binary frames: refused, and the server keeps serving.
    let mut ws = connect(&s.addr).await;
    ws.send(Message::Binary(vec![0, 1, 2].into()))
        .await
        .unwrap();
    assert!(matches!(
        next(&mut ws).await,
        Some(ServerFrame::Refused { code: 2989, .. })
    ));
    assert_eq!(s.http("GET", "/healthz", "").0, 200);
    assert!(s.stop().success());
}

#[tokio::test(flavor = "current_thread")]
async fn two_users_chat_resume_and_nothing_acknowledged_is_lost() {
    let db = temp_db("chat");
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    let (app, key) = dev_app(&s.printed);
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;
    let (mut bob, start) = Client::login(&s.addr, app, &key, "bob", 0, 0).await;
    assert_eq!(start, 0);
    // Alice writes; bob's connection gets each message as a push, numbered 1, 2, 3.
    for i in 0..3 {
        assert!(matches!(
            alice.call(i, text("bob", &format!("m{i}"), i as u32)).await,
            Answered::Ok(Response::Sent { .. })
        ));
    }
    let got = bob.pushes(3).await;
    assert_eq!(
        got.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(texts(&got), vec!["m0", "m1", "m2"]);
    // Bob drops; alice writes two more; bob comes back resuming after 3: exactly those two.
    let bob_session = bob.session;
    drop(bob);
    for i in 3..5 {
        alice.call(i, text("bob", &format!("m{i}"), i as u32)).await;
    }
    let (mut bob, newest) = Client::login(&s.addr, app, &key, "bob", 3, bob_session).await;
    assert_eq!(newest, 5);
    assert_eq!(texts(&bob.pushes(2).await), vec!["m3", "m4"]);
    // Alice re-sends call 4 (as after a reconnect): the first answer, no second message.
    let again = alice.call(4, text("bob", "m4", 4)).await;
    assert!(matches!(again, Answered::Ok(Response::Sent { .. })));
    match bob
        .call(
            1,
            Request::GetMessages {
                conversation_id: "C2Calice".into(),
                before: None,
                count: 15,
            },
        )
        .await
    {
        Answered::Ok(Response::Messages { messages, .. }) => assert_eq!(messages.len(), 5),
        other => panic!("{other:?}"),
    }
    // A request outside the limits: a coded answer, the connection stays.
    let big = bob
        .call(
            2,
            Request::GetMessages {
                conversation_id: "C2Calice".into(),
                before: None,
                count: 100_000,
            },
        )
        .await;
    assert!(matches!(big, Answered::Err { code: 6017, .. }), "{big:?}");
    drop((alice, bob));
    // kill -9 right after acknowledged calls, restart on the same database: all there.
    let mut s = s;
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    assert_eq!(dev_app(&s.printed).0, app, "the development app is kept");
    let (mut bob, newest) = Client::login(&s.addr, app, &key, "bob", 0, 0).await;
    assert_eq!(newest, 5, "the change log survived");
    match bob.call(1, Request::Sync).await {
        Answered::Ok(Response::Snapshot { convs, .. }) => {
            assert_eq!(convs.len(), 1);
            assert_eq!((convs[0].id.as_str(), convs[0].unread), ("C2Calice", 5));
        }
        other => panic!("{other:?}"),
    }
    assert!(s.stop().success());
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_that_does_not_read_is_dropped_and_resumes_without_loss() {
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &temp_db("slow")]);
    let (app, key) = dev_app(&s.printed);
    // carol logs in and then reads nothing while dave sends her far more than her queue holds.
    let (mut carol, _) = Client::login(&s.addr, app, &key, "carol", 0, 0).await;
    let (mut dave, _) = Client::login(&s.addr, app, &key, "dave", 0, 0).await;
    let big = "x".repeat(4000);
    let started = std::time::Instant::now();
    for i in 0..1500u64 {
        let answer = dave
            .call(i, text("carol", &format!("{i} {big}"), i as u32))
            .await;
        assert!(
            matches!(answer, Answered::Ok(Response::Sent { .. })),
            "{answer:?}"
        );
    }
    // The sender was never held up by the reader (each call answered; no timeout hit).
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    // carol reads now: what was queued, then the server has closed her connection.
    let mut last = 0;
    let mut got = Vec::new();
    while let Some(frame) = next(&mut carol.ws).await {
        if let ServerFrame::Push { seq, body } = frame {
            assert_eq!(seq, last + 1, "in order, nothing twice");
            last = seq;
            got.push(body);
        }
    }
    assert!(
        last < 1500,
        "the connection was dropped before everything was delivered ({last})"
    );
    // She reconnects where she was: the rest, exactly once, as one batch.
    let (mut again, newest) = Client::login(&s.addr, app, &key, "carol", last, carol.session).await;
    assert_eq!(newest, 1500);
    let rest = again.pushes((1500 - last) as usize).await;
    assert_eq!(rest.first().map(|(s, _)| *s), Some(last + 1));
    assert_eq!(rest.last().map(|(s, _)| *s), Some(1500));
    assert!(s.stop().success());
}

#[tokio::test(flavor = "current_thread")]
async fn a_sig_that_expires_while_connected_ends_the_session() {
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &temp_db("expiry")]);
    let (app, key) = dev_app(&s.printed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let sig = tim_server::usersig::generate(app, &key, "erin", now, 2);
    let mut ws = connect(&s.addr).await;
    send(&mut ws, &hello(app, "erin", &sig)).await;
    assert!(matches!(
        next(&mut ws).await,
        Some(ServerFrame::Welcome { .. })
    ));
    assert_eq!(
        next(&mut ws).await,
        Some(ServerFrame::Kicked {
            reason: "userSigExpired".into()
        })
    );
    assert_eq!(next(&mut ws).await, None);
    assert!(s.stop().success());
}

#[tokio::test(flavor = "current_thread")]
async fn a_resume_from_before_the_pruned_log_starts_afresh() {
    let db = temp_db("pruned");
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    let (app, key) = dev_app(&s.printed);
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;
    for i in 0..3 {
        assert!(matches!(
            alice.call(i, text("bob", &format!("m{i}"), i as u32)).await,
            Answered::Ok(_)
        ));
    }
    assert!(s.stop().success());
    // A week and more later the log keeps only each user's newest push, the base of the next
    // one: of alice's three and bob's three, two each go.
    let store = tim_server::store::Store::open(db.strip_prefix("sqlite:").unwrap_or(&db)).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let later = now + tim_server::store::KEEP_CHANGES + 60;
    assert_eq!(store.prune(later).unwrap(), 4);
    assert_eq!(store.push_seq(app, "bob").unwrap(), 3);
    drop(store);
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    let sig = tim_server::usersig::generate(app, &key, "bob", now, 3600);
    let welcome = |resume_after| {
        let addr = s.addr.clone();
        let sig = sig.clone();
        async move {
            let mut ws = connect(&addr).await;
            let mut frame = hello(app, "bob", &sig);
            if let ClientFrame::Hello {
                resume_after: r, ..
            } = &mut frame
            {
                *r = resume_after;
            }
            send(&mut ws, &frame).await;
            next(&mut ws).await
        }
    };
    // bob's device that had push 1 cannot resume: the state afresh, nothing replayed.
    assert!(matches!(
        welcome(1).await,
        Some(ServerFrame::Welcome {
            push_seq: 3,
            backlog: 0,
            resync: true,
            ..
        })
    ));
    // One that had push 3 missed nothing.
    assert!(matches!(
        welcome(3).await,
        Some(ServerFrame::Welcome {
            push_seq: 3,
            backlog: 0,
            resync: false,
            ..
        })
    ));
    assert!(s.stop().success());
}
