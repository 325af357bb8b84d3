//! A WebSocket client of the wire protocol for the integration tests (tokio-tungstenite).
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use tim_wasm::cloud::wire::{Answered, ClientFrame, ServerFrame};
use tim_wasm::cloud::{PushBody, Request};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;
use tokio_tungstenite::tungstenite::Message;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn connect(addr: &str) -> Ws {
    tokio_tungstenite::connect_async(format!("ws://{addr}"))
        .await
        .expect("connects")
        .0
}

pub async fn send(ws: &mut Ws, f: &ClientFrame) {
    ws.send(Message::Text(serde_json::to_string(f).unwrap().into()))
        .await
        .unwrap();
}

/// The next frame of the protocol, or `None` once the server closed.
pub async fn next(ws: &mut Ws) -> Option<ServerFrame> {
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

pub fn hello(app: u64, user: &str, sig: &str) -> ClientFrame {
    ClientFrame::Hello {
        versions: vec![1],
        sdk_app_id: app,
        user_id: user.into(),
        user_sig: sig.into(),
        resume_after: 0,
        session: 0,
    }
}

/// A logged-in test client: calls by ID, pushes kept in arrival order.
pub struct Client {
    pub ws: Ws,
    pub pushes: Vec<(u64, PushBody)>,
    pub session: u64,
}

impl Client {
    pub async fn login(
        addr: &str,
        app: u64,
        key: &str,
        user: &str,
        resume_after: u64,
        session: u64,
    ) -> (Client, u64) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let sig = tim_server::usersig::generate(app, key, user, now, 3600);
        let mut ws = connect(addr).await;
        let mut frame = hello(app, user, &sig);
        if let ClientFrame::Hello {
            resume_after: r,
            session: s,
            ..
        } = &mut frame
        {
            (*r, *s) = (resume_after, session);
        }
        send(&mut ws, &frame).await;
        match next(&mut ws).await {
            Some(ServerFrame::Welcome {
                session, push_seq, ..
            }) => (
                Client {
                    ws,
                    pushes: Vec::new(),
                    session,
                },
                push_seq,
            ),
            other => panic!("welcome, got {other:?}"),
        }
    }

    pub async fn call(&mut self, id: u64, request: Request) -> Answered {
        send(&mut self.ws, &ClientFrame::Call { id, request }).await;
        loop {
            match next(&mut self.ws).await {
                Some(ServerFrame::Answer { id: got, result }) if got == id => return result,
                Some(ServerFrame::Push { seq, body }) => self.pushes.push((seq, body)),
                other => panic!("answer {id}, got {other:?}"),
            }
        }
    }

    /// Waits for pushes until `n` have arrived in all.
    pub async fn pushes(&mut self, n: usize) -> Vec<(u64, PushBody)> {
        while self.pushes.len() < n {
            match next(&mut self.ws).await {
                Some(ServerFrame::Push { seq, body }) => self.pushes.push((seq, body)),
                other => panic!("a push, got {other:?}"),
            }
        }
        self.pushes.clone()
    }
}

pub fn text(to: &str, t: &str, random: u32) -> Request {
    Request::SendMessage {
        conv_type: ConvType::C2c,
        to: to.into(),
        payload: Payload::Text { text: t.into() },
        cloud_custom_data: String::new(),
        random,
        client_time: 1_800_000_000,
        flags: 0,
    }
}

pub fn texts(pushes: &[(u64, PushBody)]) -> Vec<String> {
    pushes
        .iter()
        .filter_map(|(_, b)| match b {
            PushBody::Message { message, .. } => match &message.payload {
                Payload::Text { text } => Some(text.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}
