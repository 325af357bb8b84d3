//! The WebSocket side: each connection's frames go through its `session::Connection` (pure);
//! this loop only moves text. A client that has not logged in within 10 s is closed.

use crate::http::Shared;
use crate::session::{Connection, Out};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tim_wasm::cloud::wire;

const LOGIN_DEADLINE: Duration = Duration::from_secs(10);

pub async fn upgrade(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    // Room above the protocol's limit, so an oversized frame gets a coded refusal, not a reset.
    ws.max_message_size(wire::MAX_FRAME * 2)
        .on_upgrade(move |socket| run(socket, shared))
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

async fn run(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut conn = Connection::new(shared.next_session.fetch_add(1, Ordering::Relaxed));
    loop {
        let next = if conn.identity.is_none() {
            match tokio::time::timeout(LOGIN_DEADLINE, socket.recv()).await {
                Ok(m) => m,
                Err(_) => {
                    tracing::debug!("no login within the deadline");
                    return;
                }
            }
        } else {
            socket.recv().await
        };
        let outs = match next {
            Some(Ok(Message::Text(text))) => conn.on_text(text.as_str(), &shared.apps, now_ms()),
            Some(Ok(Message::Binary(_))) => conn.on_binary(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
        };
        for out in outs {
            match out {
                Out::Send(frame) => {
                    let Ok(text) = serde_json::to_string(&frame) else {
                        return;
                    };
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Out::Close => {
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
            }
        }
    }
}
