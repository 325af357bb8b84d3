//! A native load client for `npm run bench:server` (1,000 SDK instances do not fit in one page
//! or process: `create` keeps one instance per SDKAppID). It logs in `--clients` users over
//! real WebSockets, puts them in chat groups of `--group-size`, then sends `--rate` group
//! messages per second for `--seconds`, each carrying its send time; every member's connection
//! times the push. Prints one JSON line: connections held, pushes received per second, push
//! latency percentiles, and the server's memory per connection (its RSS, from /proc, before and
//! after the logins).

use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tim_wasm::cloud::wire::{ClientFrame, ServerFrame};
use tim_wasm::cloud::{PushBody, Request};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

struct Args {
    /// One or more nodes, comma-separated: client i connects to node i mod n.
    addr: String,
    app: u64,
    key: String,
    clients: usize,
    group_size: usize,
    rate: u64,
    seconds: u64,
    /// The server processes (comma-separated) whose memory is summed.
    pid: Vec<u32>,
}

fn args() -> Args {
    let mut a = Args {
        addr: "127.0.0.1:8090".into(),
        app: 0,
        key: String::new(),
        clients: 100,
        group_size: 20,
        rate: 100,
        seconds: 10,
        pid: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().unwrap_or_default();
        match flag.as_str() {
            "--addr" => a.addr = v,
            "--app" => a.app = v.parse().unwrap_or(0),
            "--key" => a.key = v,
            "--clients" => a.clients = v.parse().unwrap_or(100),
            "--group-size" => a.group_size = v.parse().unwrap_or(20),
            "--rate" => a.rate = v.parse().unwrap_or(100),
            "--seconds" => a.seconds = v.parse().unwrap_or(10),
            "--pid" => a.pid = v.split(',').filter_map(|p| p.parse().ok()).collect(),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

fn micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// The servers' resident memory (KB), or 0 without /proc.
fn rss_kb(pids: &[u32]) -> u64 {
    pids.iter().map(|p| rss_one(*p)).sum()
}

fn rss_one(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

struct Shared {
    latencies: Mutex<Vec<u32>>,
    pushes: AtomicU64,
    /// When the last timed push arrived (µs since the epoch).
    last: AtomicU64,
    measuring: std::sync::atomic::AtomicBool,
}

/// One logged-in client: a writer channel; its reader times the pushes.
async fn client(
    a: &Args,
    i: usize,
    shared: Arc<Shared>,
) -> Option<mpsc::UnboundedSender<ClientFrame>> {
    let user = format!("load{i}");
    let nodes: Vec<&str> = a.addr.split(',').collect();
    let addr = nodes[i % nodes.len()].to_string();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    let sig = tim_server::usersig::generate(a.app, &a.key, &user, now, 86400);
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}"))
        .await
        .ok()?;
    let (mut sink, mut stream) = ws.split();
    let hello = ClientFrame::Hello {
        versions: vec![1],
        sdk_app_id: a.app,
        user_id: user,
        user_sig: sig,
        resume_after: 0,
        session: 0,
    };
    sink.send(Message::Text(serde_json::to_string(&hello).ok()?.into()))
        .await
        .ok()?;
    match stream.next().await {
        Some(Ok(Message::Text(t))) if t.as_str().contains("\"Welcome\"") => {}
        _ => return None,
    }
    let (tx, mut rx) = mpsc::unbounded_channel::<ClientFrame>();
    tokio::spawn(async move {
        while let Some(f) = rx.recv().await {
            let Ok(text) = serde_json::to_string(&f) else {
                break;
            };
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
    });
    tokio::spawn(async move {
        while let Some(Ok(m)) = stream.next().await {
            let Message::Text(t) = m else { continue };
            let Ok(ServerFrame::Push {
                body: PushBody::Message { message, .. },
                ..
            }) = serde_json::from_str::<ServerFrame>(t.as_str())
            else {
                continue;
            };
            if !shared.measuring.load(Ordering::Relaxed) {
                continue;
            }
            if let Payload::Text { text } = &message.payload {
                if let Some(sent) = text.strip_prefix("t=").and_then(|t| t.parse::<u64>().ok()) {
                    shared.pushes.fetch_add(1, Ordering::Relaxed);
                    let now = micros();
                    shared.last.fetch_max(now, Ordering::Relaxed);
                    let ms = (now.saturating_sub(sent) / 100) as u32; // tenths of a millisecond
                    if let Ok(mut l) = shared.latencies.lock() {
                        l.push(ms);
                    }
                }
            }
        }
    });
    Some(tx)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 10.0
}

#[tokio::main]
async fn main() {
    let a = Arc::new(args());
    let shared = Arc::new(Shared {
        latencies: Mutex::new(Vec::new()),
        pushes: AtomicU64::new(0),
        last: AtomicU64::new(0),
        measuring: false.into(),
    });
    let rss_before = rss_kb(&a.pid);
    // Log in, 50 at a time.
    let mut senders = Vec::new();
    for chunk in (0..a.clients).collect::<Vec<_>>().chunks(50) {
        let logins = chunk.iter().map(|i| {
            let (a, shared) = (a.clone(), shared.clone());
            async move { client(&a, *i, shared).await }
        });
        senders.extend(futures_util::future::join_all(logins).await);
    }
    let connected = senders.iter().filter(|s| s.is_some()).count();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_after = rss_kb(&a.pid);
    // Groups: member 0 of each creates it with the others.
    let groups: Vec<Vec<usize>> = (0..a.clients)
        .collect::<Vec<_>>()
        .chunks(a.group_size.max(1))
        .map(<[usize]>::to_vec)
        .collect();
    let call = AtomicU64::new(1);
    let tag = micros();
    for (g, members) in groups.iter().enumerate() {
        if let Some(Some(tx)) = senders.get(members[0]) {
            let req = Request::CreateGroup {
                group_id: Some(format!("load-{tag}-{g}")),
                name: format!("load {g}"),
                kind: "Public".into(),
                members: members.iter().map(|m| format!("load{m}")).collect(),
            };
            let _ = tx.send(ClientFrame::Call {
                id: call.fetch_add(1, Ordering::Relaxed),
                request: req,
            });
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Measure: `rate` messages a second, from members in turn, to their groups.
    shared.measuring.store(true, Ordering::Relaxed);
    let start = Instant::now();
    let start_us = micros();
    let total = a.rate * a.seconds;
    let mut sent = 0u64;
    let mut k = 0usize;
    while sent < total {
        let due = start + Duration::from_micros(sent * 1_000_000 / a.rate.max(1));
        tokio::time::sleep_until(due.into()).await;
        let g = k % groups.len().max(1);
        let members = &groups[g];
        let who = members[(k / groups.len().max(1)) % members.len()];
        k += 1;
        if let Some(Some(tx)) = senders.get(who) {
            let req = Request::SendMessage {
                conv_type: ConvType::Group,
                to: format!("load-{tag}-{g}"),
                payload: Payload::Text {
                    text: format!("t={}", micros()),
                },
                cloud_custom_data: String::new(),
                random: k as u32,
                client_time: 0,
                flags: 0,
            };
            let _ = tx.send(ClientFrame::Call {
                id: call.fetch_add(1, Ordering::Relaxed),
                request: req,
            });
        }
        sent += 1;
    }
    // Let the last pushes land.
    tokio::time::sleep(Duration::from_secs(2)).await;
    shared.measuring.store(false, Ordering::Relaxed);
    // From the first send to the last push received.
    let elapsed =
        (shared.last.load(Ordering::Relaxed).saturating_sub(start_us) as f64 / 1e6).max(1e-3);
    let pushes = shared.pushes.load(Ordering::Relaxed);
    let mut l = shared
        .latencies
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    l.sort_unstable();
    let per_conn = if connected > 0 {
        rss_after.saturating_sub(rss_before) as f64 / connected as f64
    } else {
        0.0
    };
    println!(
        "{}",
        serde_json::json!({
            "clients": a.clients,
            "connected": connected,
            "group_size": a.group_size,
            "rate": a.rate,
            "nodes": a.addr.split(',').count(),
            "messages_sent": sent,
            "pushes_received": pushes,
            "seconds": (elapsed * 10.0).round() / 10.0,
            "pushes_per_second": (pushes as f64 / elapsed).round(),
            "p50_ms": percentile(&l, 0.5),
            "p99_ms": percentile(&l, 0.99),
            "rss_before_kb": rss_before,
            "rss_after_kb": rss_after,
            "kb_per_connection": (per_conn * 10.0).round() / 10.0,
        })
    );
}
