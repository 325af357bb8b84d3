//! The WebSocket side: each connection's frames go through its `session::Connection` (pure);
//! this loop moves text, runs calls against the store and forwards the user's pushes. A client
//! that has not logged in within 10 s, or sends nothing for `IDLE_LIMIT_SECS`, is closed; when
//! its sig expires it is told (`Kicked`) and closed.

use crate::http::Shared;
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::session::{Connection, Identity, Out};
use crate::store::Store;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tim_wasm::cloud::wire::{self, Answered, ServerFrame};

const LOGIN_DEADLINE: Duration = Duration::from_secs(10);
/// Most pushes replayed to a resuming client (older ones: it reloads its state instead).
const MAX_BACKLOG: usize = 100_000;

pub async fn upgrade(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    // Room above the protocol's limit, so an oversized frame gets a coded refusal, not a reset.
    // Small buffers that grow when a frame needs it: idle connections stay cheap (tungstenite's
    // defaults keep 128 KiB each way per connection).
    ws.read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .max_message_size(wire::MAX_FRAME * 2)
        .on_upgrade(move |socket| run(socket, shared))
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Runs `f` on the store, off the async threads. `None`: it panicked (the connection ends; the
/// store's transaction was rolled back).
async fn blocking<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&Store, &Hub) -> T + Send + 'static,
) -> Option<T> {
    let s = shared.clone();
    tokio::task::spawn_blocking(move || f(&s.store, &s.hub))
        .await
        .ok()
}

/// Sends a frame; `false` when the connection is over — or when the peer has not taken it
/// within `SEND_LIMIT` (a dead peer must not hold the task, its sig expiry and its kick).
async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> bool {
    match serde_json::to_string(frame) {
        Ok(text) => matches!(
            tokio::time::timeout(SEND_LIMIT, socket.send(Message::Text(text.into()))).await,
            Ok(Ok(()))
        ),
        Err(_) => false,
    }
}

const SEND_LIMIT: Duration = Duration::from_secs(10);

/// The next text frame's outputs; `None` when the connection is over.
fn outputs(
    conn: &mut Connection,
    msg: Option<Result<Message, axum::Error>>,
    shared: &Shared,
) -> Option<Vec<Out>> {
    match msg {
        Some(Ok(Message::Text(text))) => Some(conn.on_text(text.as_str(), &shared.apps, now_ms())),
        Some(Ok(Message::Binary(_))) => Some(conn.on_binary()),
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => Some(Vec::new()),
        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => None,
    }
}

async fn run(mut socket: WebSocket, shared: Arc<Shared>) {
    let conn_id = shared.next_session.fetch_add(1, Ordering::Relaxed);
    let mut conn = Connection::new(conn_id);
    // Login, within one deadline (frames without output, e.g. WebSocket pings, do not extend it).
    let deadline = tokio::time::Instant::now() + LOGIN_DEADLINE;
    let (id, version, resume_after) = loop {
        let Ok(msg) = tokio::time::timeout_at(deadline, socket.recv()).await else {
            tracing::debug!("no login within the deadline");
            return;
        };
        let Some(outs) = outputs(&mut conn, msg, &shared) else {
            return;
        };
        let mut accepted = None;
        for out in outs {
            match out {
                Out::Send(f) => {
                    if !send(&mut socket, &f).await {
                        return;
                    }
                }
                Out::Close => {
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                Out::Accept {
                    version,
                    resume_after,
                } => accepted = Some((version, resume_after)),
                Out::Serve { .. } => {}
            }
        }
        if let (Some((version, resume_after)), Some(id)) = (accepted, conn.identity.clone()) {
            break (id, version, resume_after);
        }
    };
    Metrics::add(&shared.metrics.logins);
    shared.metrics.connections.fetch_add(1, Ordering::Relaxed);
    let mut pushes = shared.hub.follow(id.sdk_app_id, &id.user_id, conn_id);
    // Online for every node before the client is welcomed.
    present(&shared, &id).await;
    serve(
        &mut socket,
        &shared,
        &mut conn,
        &id,
        version,
        resume_after,
        &mut pushes,
    )
    .await;
    shared.hub.unfollow(id.sdk_app_id, &id.user_id, conn_id);
    present(&shared, &id).await;
    shared.metrics.connections.fetch_sub(1, Ordering::Relaxed);
    let _ = socket.send(Message::Close(None)).await;
}

/// Writes whether the user has a connection on this node (a failure is left to the next beat).
async fn present(shared: &Arc<Shared>, id: &Identity) {
    let (s, app, user) = (shared.clone(), id.sdk_app_id, id.user_id.clone());
    let now = now_ms() / 1000;
    let done = blocking(shared, move |store, hub| {
        s.presence.update(store, hub, app, &user, now)
    })
    .await;
    if let Some(Err(e)) = done {
        tracing::warn!(error = %e.message, "presence not written; the next beat writes it");
    }
}

async fn serve(
    socket: &mut WebSocket,
    shared: &Arc<Shared>,
    conn: &mut Connection,
    id: &Identity,
    version: u32,
    resume_after: u64,
    pushes: &mut tokio::sync::mpsc::Receiver<crate::hub::Live>,
) {
    let (app, user, session) = (id.sdk_app_id, id.user_id.clone(), id.session);
    // Where the user's change log stands, and what this client missed. The connection follows
    // the user already: a push committed from here on arrives live too (a second copy is
    // dropped by its sequence).
    let start = blocking(
        shared,
        move |store, _| -> Result<_, tim_wasm::core::error::Error> {
            let seq = store.push_seq(app, &user)?;
            if resume_after == 0 || resume_after >= seq {
                return Ok((seq, Vec::new(), false));
            }
            let missed = store.changes_after(app, &user, resume_after, MAX_BACKLOG)?;
            // Every push from the client's next one to the newest, or it starts afresh: the
            // first ones were pruned, or there are more than one resume sends.
            let whole = missed.first().is_some_and(|p| p.seq == resume_after + 1)
                && missed.last().is_some_and(|p| p.seq >= seq);
            Ok(if whole {
                (seq, missed, false)
            } else {
                (seq, Vec::new(), true)
            })
        },
    )
    .await;
    let Some(Ok((mut last, missed, resync))) = start else {
        return;
    };
    // The client's own pushes are not sent: the count is of those that are.
    let missed: Vec<_> = missed
        .into_iter()
        .filter(|p| p.except != Some(session))
        .collect();
    let welcome = ServerFrame::Welcome {
        version,
        session,
        push_seq: last,
        server_time: now_ms(),
        backlog: missed.len() as u64,
        resync,
        files: shared
            .apps
            .key(app)
            .map(|key| crate::files::token(key, &id.user_id, now_ms() / 1000))
            .unwrap_or_default(),
    };
    if !send(socket, &welcome).await {
        return;
    }
    for p in missed {
        let frame = ServerFrame::Push {
            seq: p.seq,
            body: p.body,
        };
        if !send(socket, &frame).await {
            return;
        }
    }
    let idle = Duration::from_secs(wire::IDLE_LIMIT_SECS);
    let expires = tokio::time::Instant::now()
        + Duration::from_secs(id.expires_at.saturating_sub(now_ms() / 1000));
    loop {
        tokio::select! {
            msg = tokio::time::timeout(idle, socket.recv()) => {
                let Ok(msg) = msg else { return };
                let Some(outs) = outputs(conn, msg, shared) else { return };
                for out in outs {
                    let frame = match out {
                        Out::Send(f) => f,
                        Out::Close => return,
                        Out::Accept { .. } => continue,
                        Out::Serve { id: call, request } => {
                            let user = id.user_id.clone();
                            let now = now_ms() / 1000;
                            let done = blocking(shared, move |store, hub| {
                                let r = store.call(app, &user, session, call, request, now);
                                if let Ok(called) = &r {
                                    // Calls of other threads and nodes may deliver theirs out
                                    // of commit order: `forward` reads any gap from the log.
                                    hub.deliver(app, called.pushes.clone());
                                }
                                r.map(|called| (called.answer, called.seq))
                            })
                            .await;
                            let (result, upto) = match done {
                                Some(Ok(a)) => a,
                                Some(Err(e)) => (Answered::Err { code: e.code, message: e.message }, 0),
                                None => return,
                            };
                            Metrics::add(&shared.metrics.calls);
                            if matches!(result, Answered::Err { .. }) {
                                Metrics::add(&shared.metrics.calls_failed);
                            }
                            // Pushes of earlier commits first: an answer never overtakes them.
                            while let Ok(p) = pushes.try_recv() {
                                if !forward(socket, shared, id, p, &mut last).await {
                                    return;
                                }
                            }
                            // Any the hub has not brought yet (another node's, or another
                            // thread's still delivering) come from the log.
                            if !forward(socket, shared, id, crate::hub::Live::Behind(upto), &mut last).await {
                                return;
                            }
                            ServerFrame::Answer { id: call, result }
                        }
                    };
                    if !send(socket, &frame).await {
                        return;
                    }
                }
            }
            p = pushes.recv() => {
                // `None`: this connection fell behind and was dropped; it resumes on reconnect.
                let Some(p) = p else { return };
                if !forward(socket, shared, id, p, &mut last).await {
                    return;
                }
            }
            _ = tokio::time::sleep_until(expires) => {
                let _ = send(socket, &ServerFrame::Kicked { reason: "userSigExpired".into() }).await;
                return;
            }
        }
    }
}

/// Hands one hub message to the client: pushes in order and none skipped — anything between the
/// last one sent and this one (another node's, or a wake-up) comes from the change log first.
/// `false` when the connection is over.
async fn forward(
    socket: &mut WebSocket,
    shared: &Arc<Shared>,
    id: &Identity,
    live: crate::hub::Live,
    last: &mut u64,
) -> bool {
    let (app, session) = (id.sdk_app_id, id.session);
    let (upto, pushed) = match live {
        crate::hub::Live::Push(p) => (p.seq, Some(p)),
        crate::hub::Live::Behind(seq) => (seq, None),
        crate::hub::Live::Kick(reason) => {
            let _ = send(socket, &ServerFrame::Kicked { reason }).await;
            return false;
        }
    };
    if upto <= *last {
        return true;
    }
    let gap = if pushed.is_none() || upto > *last + 1 {
        let (user, from) = (id.user_id.clone(), *last);
        match blocking(shared, move |store, _| {
            store.changes_after(app, &user, from, MAX_BACKLOG)
        })
        .await
        {
            Some(Ok(missed)) => missed,
            _ => return false,
        }
    } else {
        Vec::new()
    };
    for p in gap.iter().chain(pushed.as_deref()) {
        if p.seq <= *last {
            continue;
        }
        *last = p.seq;
        if p.except != Some(session)
            && !send(
                socket,
                &ServerFrame::Push {
                    seq: p.seq,
                    body: p.body.clone(),
                },
            )
            .await
        {
            return false;
        }
    }
    true
}
