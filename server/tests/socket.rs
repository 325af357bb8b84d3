//! Clients over a real WebSocket against the server binary: login with a sig from the server's
//! development app (Welcome), each refusal code as a frame then a close, keep-alive, and calls
//! the server does not serve yet answered with a code — never a crash, never silence.

mod common;
use common::*;
use futures_util::{SinkExt, StreamExt};
use tim_wasm::cloud::wire::{Answered, ClientFrame, ServerFrame};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(addr: &str) -> Ws {
    tokio_tungstenite::connect_async(format!("ws://{addr}"))
        .await
        .expect("connects")
        .0
}

async fn send(ws: &mut Ws, f: &ClientFrame) {
    ws.send(Message::Text(serde_json::to_string(f).unwrap().into()))
        .await
        .unwrap();
}

/// The next frame of the protocol, or `None` once the server closed.
async fn next(ws: &mut Ws) -> Option<ServerFrame> {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), ws.next())
            .await
            .expect("an answer in time")
        {
            Some(Ok(Message::Text(t))) => {
                return Some(serde_json::from_str(t.as_str()).expect("a frame"))
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
            Some(Ok(_)) => continue,
        }
    }
}

fn hello(app: u64, user: &str, sig: &str) -> ClientFrame {
    ClientFrame::Hello {
        versions: vec![1],
        sdk_app_id: app,
        user_id: user.into(),
        user_sig: sig.into(),
        resume_after: 0,
    }
}

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
    // Calls: answered, with the code of something not served yet.
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
        result: Answered::Err { code: 2998, .. },
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
