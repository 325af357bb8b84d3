//! The wire under hostile input (issue 17): a seeded fuzzer drives the server binary's WebSocket
//! and REST API with malformed, mutated, oversized and hostile frames and requests — from
//! sockets that never logged in, from a logged-in user of the same app, and over REST with and
//! without a valid administrator's sig. Meanwhile and afterwards the server serves everyone else;
//! nothing an attacker receives carries another user's or another app's data; the honest users'
//! histories, folders and messages are exactly what they made.
//!
//! Short and fixed-seed in the test command; `TIM_WIRE_FUZZ_STEPS=N TIM_WIRE_FUZZ_SEED=S cargo
//! test -p tim-server --test fuzz -- --nocapture` runs long ones and prints the figures.

mod common;
use common::ws::*;
use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tim_wasm::cloud::wire::{Answered, ClientFrame};
use tim_wasm::cloud::{Request, Response};
use tokio_tungstenite::tungstenite::Message;

const APP_A: u64 = 1400000001;
const APP_B: u64 = 1400000002;
/// The administrator's REST fuzz runs on an app of its own: what an administrator does is by
/// design, and must still reach nobody in the other apps.
const APP_C: u64 = 1400000003;
const KEY_A: &str = "key-of-app-a";
const KEY_B: &str = "key-of-app-b";
const KEY_C: &str = "key-of-app-c";
/// What only alice and bob (app A) and carol (app B) may ever see.
const SECRETS: [&str; 3] = [
    "secret-of-alice-and-bob",
    "alice-private-folder",
    "secret-of-carol",
];

/// xorshift64*: the runs replay from their seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn int(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.int(list.len())]
    }
}

const KEYS: &[&str] = &[
    "t",
    "id",
    "request",
    "versions",
    "sdk_app_id",
    "user_id",
    "user_sig",
    "resume_after",
    "session",
    "n",
    "conversation_id",
    "to",
    "payload",
    "Text",
    "text",
    "ids",
    "name",
    "old",
    "new",
    "add",
    "group_id",
    "by_admin",
    "members",
    "kind",
    "count",
    "before",
    "user_ids",
    "message_id",
    "cloud_custom_data",
    "random",
    "client_time",
    "conv_type",
    "change",
    "clear_history",
];

fn string(r: &mut Rng) -> String {
    match r.int(10) {
        0 => String::new(),
        1 => r
            .pick(&[
                "alice",
                "bob",
                "carol",
                "mallory",
                "administrator",
                "C2Calice",
                "C2Cbob",
                "GROUPteam",
            ])
            .to_string(),
        2 => "x".repeat(*r.pick(&[33, 1000, 100_000])),
        3 => "\u{0}\u{202e}\u{feff}会话😀\\\"".into(),
        4 => r.pick(KEYS).to_string(),
        5 => r
            .pick(&[
                "Sync",
                "Call",
                "Hello",
                "Ping",
                "SendMessage",
                "GetMessages",
                "C2c",
                "Group",
                "Text",
            ])
            .to_string(),
        _ => format!("s{}", r.int(50)),
    }
}

/// A JSON value of any shape.
fn value(r: &mut Rng, depth: usize) -> Value {
    match r.int(if depth > 3 { 6 } else { 10 }) {
        0 => Value::Null,
        1 => json!(r.chance(0.5)),
        2 => json!(*r.pick(&[0i64, -1, 1, 7, i64::MAX, i64::MIN, 1 << 53, 4_294_967_296])),
        3 => json!(*r.pick(&[1.5f64, -0.0, 1e308, 5e-324])),
        4 | 5 => json!(string(r)),
        6 | 7 => Value::Array((0..r.int(5)).map(|_| value(r, depth + 1)).collect()),
        _ => {
            let mut o = serde_json::Map::new();
            for _ in 0..r.int(6) {
                let k = if r.chance(0.85) {
                    r.pick(KEYS).to_string()
                } else {
                    string(r)
                };
                o.insert(k, value(r, depth + 1));
            }
            Value::Object(o)
        }
    }
}

/// `v` with one node replaced, removed or given an extra field.
fn mutate(r: &mut Rng, v: &Value) -> Value {
    let mut v = v.clone();
    mutate_in(r, &mut v);
    v
}

fn mutate_in(r: &mut Rng, v: &mut Value) {
    let dive = r.chance(0.6);
    if let Value::Object(o) = v {
        if !o.is_empty() {
            let keys: Vec<String> = o.keys().cloned().collect();
            let k = r.pick(&keys).clone();
            let inner = o.get_mut(&k).expect("a key it has");
            if dive && (inner.is_object() || inner.is_array()) {
                return mutate_in(r, inner);
            }
            match r.int(3) {
                0 => {
                    o.remove(&k);
                }
                1 => {
                    o.insert(k, value(r, 2));
                }
                _ => {
                    o.insert(r.pick(KEYS).to_string(), value(r, 2));
                }
            }
            return;
        }
    }
    if let Value::Array(a) = v {
        if !a.is_empty() {
            let i = r.int(a.len());
            if dive && (a[i].is_object() || a[i].is_array()) {
                return mutate_in(r, &mut a[i]);
            }
            a[i] = value(r, 2);
            return;
        }
    }
    *v = value(r, 2);
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Valid frames of every kind, for the fuzzer to mutate (as JSON).
fn templates(r: &mut Rng) -> Vec<Value> {
    let sig = tim_server::usersig::generate(APP_A, KEY_A, "mallory", now(), 3600);
    let requests = vec![
        Request::Sync,
        Request::GetJoinedGroups,
        text(
            ["alice", "bob", "mallory"][r.int(3)],
            "hello",
            r.next() as u32,
        ),
        Request::GetMessages {
            conversation_id: r.pick(&["C2Calice", "C2Cbob", "GROUPteam"]).to_string(),
            before: None,
            count: 15,
        },
        Request::CreateConvGroup {
            name: "m".into(),
            ids: vec!["C2Calice".into()],
        },
        // Guesses at alice's folder (never its real name: an error may echo what was asked).
        Request::DeleteConvGroup {
            name: "alice-folder".into(),
        },
        Request::RenameConvGroup {
            old: "alice-folder".into(),
            new: "stolen".into(),
        },
        Request::UpdateConvGroup {
            name: "alice-folder".into(),
            add: true,
            ids: vec!["C2Cmallory".into()],
        },
        Request::JoinGroup {
            group_id: "team".into(),
            by_admin: true,
        },
        Request::QuitGroup {
            group_id: "team".into(),
        },
        Request::DismissGroup {
            group_id: "team".into(),
        },
        Request::GetGroupProfile {
            group_id: "team".into(),
        },
        Request::GetProfiles {
            user_ids: vec!["alice".into(), "carol".into()],
        },
        Request::ModifyMessage {
            conversation_id: "C2Calice".into(),
            message_id: "alice-1-1".into(),
            cloud_custom_data: Some("x".into()),
            payload: None,
            version: None,
        },
        Request::DeleteConversations {
            ids: vec!["C2Calice".into()],
            clear_history: true,
        },
        Request::ClearHistory {
            conversation_id: "C2Calice".into(),
        },
        Request::SetAllRead {
            c2c: true,
            group: true,
        },
        Request::GetRelations,
    ];
    let mut out: Vec<Value> = requests
        .into_iter()
        .map(|request| {
            serde_json::to_value(ClientFrame::Call {
                id: r.next() % 1000,
                request,
            })
            .unwrap()
        })
        .collect();
    out.push(serde_json::to_value(hello(APP_A, "mallory", &sig)).unwrap());
    out.push(serde_json::to_value(hello(APP_A, "alice", &sig)).unwrap());
    out.push(serde_json::to_value(hello(APP_B, "mallory", &sig)).unwrap());
    out.push(serde_json::to_value(ClientFrame::Ping { n: 1 }).unwrap());
    out
}

/// One hostile WebSocket message: a mutated valid frame, any JSON, raw text or bytes, a deep or
/// an oversized one.
fn hostile(r: &mut Rng, templates: &[Value]) -> Message {
    match r.int(20) {
        0 => Message::Binary(
            (0..r.int(64))
                .map(|_| r.next() as u8)
                .collect::<Vec<u8>>()
                .into(),
        ),
        1 => Message::Text("[".repeat(*r.pick(&[200, 100_000])).into()),
        2 if r.chance(0.2) => Message::Text(
            format!(
                "{{\"t\":\"Ping\",\"n\":1,\"pad\":\"{}\"}}",
                "x".repeat((1 << 20) + 10)
            )
            .into(),
        ),
        3 => Message::Text(string(r).into()),
        4 | 5 => Message::Text(value(r, 0).to_string().into()),
        _ => {
            let t = r.pick(templates).clone();
            Message::Text(mutate(r, &t).to_string().into())
        }
    }
}

/// What an attacker's socket got back (every text frame, read until quiet or closed).
async fn drain(ws: &mut Ws, seen: &mut Vec<String>) -> bool {
    loop {
        match tokio::time::timeout(std::time::Duration::from_millis(40), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => seen.push(t.to_string()),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => return false,
            Ok(Some(Ok(_))) => continue,
            Err(_) => return true,
        }
    }
}

fn texts_of(res: &Answered) -> Vec<(String, u32)> {
    let Answered::Ok(Response::Messages { messages, .. }) = res else {
        panic!("messages, got {res:?}")
    };
    messages
        .iter()
        .map(|m| {
            let v = serde_json::to_value(&m.payload).unwrap();
            (
                v.pointer("/Text/text")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                m.version,
            )
        })
        .collect()
}

fn history(conv: &str) -> Request {
    Request::GetMessages {
        conversation_id: conv.into(),
        before: None,
        count: 100,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_frames_and_requests_harm_no_one_and_reveal_nothing() {
    let steps: usize = std::env::var("TIM_WIRE_FUZZ_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("TIM_WIRE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261129);
    let apps = format!("{APP_A}:{KEY_A}");
    let apps_b = format!("{APP_B}:{KEY_B}");
    let apps_c = format!("{APP_C}:{KEY_C}");
    let s = Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &temp_db("wire-fuzz"),
        "--app",
        &apps,
        "--app",
        &apps_b,
        "--app",
        &apps_c,
    ]);

    // The honest: alice and bob chat and alice files bob in a folder; carol is in another app.
    let (mut alice, _) = Client::login(&s.addr, APP_A, KEY_A, "alice", 0, 0).await;
    let (mut bob, _) = Client::login(&s.addr, APP_A, KEY_A, "bob", 0, 0).await;
    let (mut carol, _) = Client::login(&s.addr, APP_B, KEY_B, "carol", 0, 0).await;
    assert!(matches!(
        alice.call(1, text("bob", SECRETS[0], 1)).await,
        Answered::Ok(_)
    ));
    assert!(matches!(
        alice
            .call(
                2,
                Request::CreateConvGroup {
                    name: SECRETS[1].into(),
                    ids: vec!["C2Cbob".into()]
                }
            )
            .await,
        Answered::Ok(_)
    ));
    assert!(matches!(
        carol.call(1, text("alice", SECRETS[2], 2)).await,
        Answered::Ok(_)
    ));
    // alice's file, stored with her signatures (as her Welcome gives them).
    let token = tim_server::files::token(KEY_A, "alice", now());
    let sigs: Vec<&str> = token.split('.').collect();
    let file = format!("{APP_A}-alice-Fuzz1.txt");
    let file_at = |what: usize| format!("/files/{file}?u=alice&e={}&s={}", sigs[0], sigs[what]);
    assert_eq!(s.http("PUT", &file_at(2), SECRETS[0]).0, 201);

    let mut r = Rng(seed | 1);
    let templates = templates(&mut r);
    let mut seen: Vec<String> = Vec::new();
    let (mut sent_ws, mut sent_rest, mut closed) = (0usize, 0usize, 0usize);
    let (mut mallory, _) = Client::login(&s.addr, APP_A, KEY_A, "mallory", 0, 0).await;
    let mut anon = connect(&s.addr).await;
    let admin_sig = tim_server::usersig::generate(APP_C, KEY_C, "administrator", now(), 3600);
    let mallory_sig = tim_server::usersig::generate(APP_A, KEY_A, "mallory", now(), 3600);
    for step in 0..steps {
        match r.int(10) {
            // A logged-in user of the same app.
            0..=4 => {
                let m = hostile(&mut r, &templates);
                sent_ws += 1;
                if mallory.ws.send(m).await.is_err() || !drain(&mut mallory.ws, &mut seen).await {
                    closed += 1;
                    mallory = Client::login(&s.addr, APP_A, KEY_A, "mallory", 0, 0)
                        .await
                        .0;
                }
            }
            // A socket that never logged in.
            5..=6 => {
                let m = hostile(&mut r, &templates);
                sent_ws += 1;
                if anon.send(m).await.is_err() || !drain(&mut anon, &mut seen).await {
                    closed += 1;
                    anon = connect(&s.addr).await;
                }
            }
            // Files: alice's name and others, signatures forged, mutated or another user's.
            7 if r.chance(0.5) => {
                sent_rest += 1;
                let name = match r.int(4) {
                    0 => file.clone(),
                    1 => format!("{APP_A}-mallory-{}", string(&mut r)),
                    2 => format!("{}-alice-x", r.pick(&[APP_A, APP_B, APP_C, 0])),
                    _ => string(&mut r),
                };
                let enc: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
                // mallory's own signatures, as hers or as alice's; or nonsense.
                let mallory_token = tim_server::files::token(KEY_A, "mallory", now());
                let m: Vec<&str> = mallory_token.split('.').collect();
                let query = match r.int(4) {
                    0 => format!("u=alice&e={}&s={}", m[0], m[r.int(2) + 1]),
                    1 => format!("u=mallory&e={}&s={}", m[0], m[r.int(2) + 1]),
                    2 => format!(
                        "u={}&e={}&s={}",
                        string(&mut r),
                        string(&mut r),
                        string(&mut r)
                    ),
                    _ => string(&mut r),
                };
                let mut method = *r.pick(&["GET", "PUT", "OPTIONS", "DELETE", "POST"]);
                // A file's name is what grants reading it (a message names it; real names carry
                // 32 random letters and digits): mallory, told alice's name, would read it with
                // her own signature — so with that, she only tries to write it.
                if name == file && query.starts_with("u=mallory&") && method == "GET" {
                    method = "PUT";
                }
                let (status, out) =
                    s.http(method, &format!("/files/{enc}?{query}"), &string(&mut r));
                assert!(
                    (200..500).contains(&status),
                    "status {status} for a file request"
                );
                // Nothing of alice's is read or written by anyone else.
                assert!(
                    !(name == file && (200..300).contains(&status) && method != "OPTIONS"),
                    "{method} {name}: {status}"
                );
                seen.push(out);
            }
            // REST: mutated bodies as the administrator, and anything as anyone else.
            _ => {
                sent_rest += 1;
                let path = if r.chance(0.8) {
                    r.pick(&[
                        "openim/sendmsg",
                        "openim/admin_getroammsg",
                        "recentcontact/get_list",
                        "recentcontact/create_contact_group",
                        "recentcontact/get_contact_group",
                        "group_open_http_svc/create_group",
                        "group_open_http_svc/get_group_info",
                        "group_open_http_svc/group_msg_get_simple",
                        "sns/friend_get",
                        "profile/portrait_get",
                        "im_open_login_svc/account_import",
                    ])
                    .to_string()
                } else {
                    format!("{}/{}", string(&mut r), string(&mut r))
                };
                let who = r.int(5);
                let query = match who {
                    0..=2 => format!("sdkappid={APP_C}&identifier=administrator&usersig={admin_sig}&random=1&contenttype=json"),
                    3 => format!("sdkappid={APP_A}&identifier=mallory&usersig={mallory_sig}&random=1&contenttype=json"),
                    _ => format!("sdkappid={}&identifier={}&usersig={}", r.pick(&[APP_A, APP_B, 0]), string(&mut r), string(&mut r)),
                };
                // A sig of app C for app A, and other mismatches, sometimes.
                let query = if who < 3 && r.chance(0.1) {
                    query.replace(&APP_C.to_string(), &APP_A.to_string())
                } else {
                    query
                };
                let body = match r.int(4) {
                    0 => string(&mut r),
                    1 => value(&mut r, 0).to_string(),
                    _ => mutate(&mut r, &json!({"From_Account": "mallory", "To_Account": "alice", "GroupId": "team", "Peer_Account": "bob",
                        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x"}}], "MaxCnt": 10, "TimeInfo": {},
                        "UserID": "mallory", "Member_Account": "alice", "StartIndex": 0, "TopType": 0, "ContactGroup": [],
                        "GroupName": "g", "Type": "Public", "Owner_Account": "mallory", "To_Account_List": ["alice"]})).to_string(),
                };
                let encoded: String = path
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '/' || c == '_' {
                            c.to_string()
                        } else {
                            format!("%{:02X}", c as u32 & 0xff)
                        }
                    })
                    .collect();
                let (status, out) = s.http("POST", &format!("/v4/{encoded}?{query}"), &body);
                // An answer, never a server error: 200 with a code, or a 4xx (414, 413, 404…).
                assert!((200..500).contains(&status), "status {status} for {path}");
                let forged = query.contains(&format!("sdkappid={APP_A}&identifier=administrator"));
                if (who >= 3 || forged) && status == 200 {
                    let v: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
                    assert_ne!(
                        v["ActionStatus"], "OK",
                        "a non-administrator was served: {path} {out}"
                    );
                }
                seen.push(out);
            }
        }
        if step % 50 == 49 {
            // The honest are served meanwhile (and, calling, stay within the idle limit).
            for (k, honest) in [&mut alice, &mut bob, &mut carol].into_iter().enumerate() {
                let res = honest
                    .call(1000 + 3 * step as u64 + k as u64, Request::Sync)
                    .await;
                assert!(
                    matches!(res, Answered::Ok(Response::Snapshot { .. })),
                    "{res:?}"
                );
            }
        }
    }

    // Still serving, everyone; alice's file as she stored it.
    assert_eq!(s.http("GET", "/healthz", "").0, 200);
    assert_eq!(
        s.http("GET", &file_at(1), ""),
        (200, SECRETS[0].to_string())
    );
    assert!(matches!(
        alice.call(3, text("bob", "after the storm", 3)).await,
        Answered::Ok(_)
    ));
    let bob_history = texts_of(&bob.call(4, history("C2Calice")).await);
    let alice_history = texts_of(&alice.call(5, history("C2Cbob")).await);
    // Exactly what alice sent, unmodified (version 0), for both of them.
    let want = vec![
        (SECRETS[0].to_string(), 0),
        ("after the storm".to_string(), 0),
    ];
    assert_eq!(bob_history, want);
    assert_eq!(alice_history, want);
    // alice's folder holds bob alone; carol's message reached alice (another app's alice) only.
    let Answered::Ok(Response::Snapshot { convs, conv_groups }) =
        alice.call(6, Request::Sync).await
    else {
        panic!("snapshot")
    };
    assert_eq!(
        conv_groups
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>(),
        vec![SECRETS[1]]
    );
    let filed: Vec<&str> = convs
        .iter()
        .filter(|c| !c.groups.is_empty())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(filed, vec!["C2Cbob"]);
    assert!(
        !convs.iter().any(|c| c.id == "C2Ccarol"),
        "another app's user reached alice"
    );
    let carol_history = texts_of(&carol.call(2, history("C2Calice")).await);
    assert_eq!(carol_history, vec![(SECRETS[2].to_string(), 0)]);
    // Nothing an attacker received carries a secret.
    for text in &seen {
        for secret in SECRETS {
            assert!(
                !text.contains(secret),
                "an attacker received {secret}: {}",
                &text[..text.len().min(300)]
            );
        }
    }
    eprintln!(
        "wire fuzz: seed {seed}, {steps} steps: {sent_ws} WebSocket messages, {sent_rest} REST requests, {closed} connections closed by the server, {} answers read, 0 failures",
        seen.len()
    );
    assert!(
        closed > 0 && seen.len() > steps / 4,
        "the fuzz reached the server: {closed} closes, {} answers",
        seen.len()
    );
}
