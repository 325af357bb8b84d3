//! One client connection, sans-I/O: frames in (text, with the clock), frames out and whether to
//! close. The socket loop (`socket.rs`) only moves bytes. Login first — `Hello`, then `Welcome`
//! or `Refused` (the userSig's codes in CONTRACT §9's order, or no common protocol version) —
//! and afterwards the connection acts only as the user its sig proved.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::usersig;
use std::collections::HashMap;
use tim_wasm::cloud::protocol::Request;
use tim_wasm::cloud::wire::{self, Answered, ClientFrame, ServerFrame};

/// The apps this server serves: SDKAppID → secret key.
#[derive(Debug, Default, Clone)]
pub struct Apps(pub HashMap<u64, String>);

impl Apps {
    pub fn key(&self, sdk_app_id: u64) -> Option<&str> {
        self.0.get(&sdk_app_id).map(String::as_str)
    }
}

/// Who a connection is, once logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub sdk_app_id: u64,
    pub user_id: String,
    /// Seconds: the sig's end of validity.
    pub expires_at: u64,
    /// The session at the cloud: the client's own (kept across its reconnects) or the server's.
    pub session: u64,
}

/// What the socket loop does next.
#[derive(Debug, PartialEq)]
// Short-lived (one per frame or step): boxing the large variant would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Out {
    Send(ServerFrame),
    /// Logged in: follow the user's pushes, then send `Welcome` (with the user's newest push
    /// sequence) and the pushes after `resume_after` (none when it is 0: a fresh start).
    Accept {
        version: u32,
        resume_after: u64,
    },
    /// Run the call; answer with `Answer { id }`.
    Serve {
        id: u64,
        request: Request,
    },
    /// Close the connection (after sending what came before).
    Close,
}

#[derive(Debug)]
pub struct Connection {
    /// `None` until a `Hello` was accepted.
    pub identity: Option<Identity>,
    session: u64,
}

fn refuse(code: u32, message: impl Into<String>) -> Vec<Out> {
    vec![
        Out::Send(ServerFrame::Refused {
            code,
            message: message.into(),
        }),
        Out::Close,
    ]
}

impl Connection {
    /// `session`: this connection's session ID at the cloud (unique per server).
    pub fn new(session: u64) -> Connection {
        Connection {
            identity: None,
            session,
        }
    }

    /// A text frame from the client at `now_ms` (milliseconds).
    pub fn on_text(&mut self, text: &str, apps: &Apps, now_ms: u64) -> Vec<Out> {
        if text.len() > wire::MAX_FRAME {
            return refuse(
                wire::BAD_FRAME,
                format!("a frame over {} bytes", wire::MAX_FRAME),
            );
        }
        let frame = match serde_json::from_str::<ClientFrame>(text) {
            Ok(f) => f,
            Err(e) => {
                return refuse(
                    wire::BAD_FRAME,
                    format!("not a frame of the tim-wasm protocol: {e}"),
                )
            }
        };
        match (&self.identity, frame) {
            (
                None,
                ClientFrame::Hello {
                    versions,
                    sdk_app_id,
                    user_id,
                    user_sig,
                    resume_after,
                    session,
                },
            ) => {
                let version = match wire::negotiate(wire::VERSIONS, &versions) {
                    Ok(v) => v,
                    Err((code, message)) => return refuse(code, message),
                };
                match usersig::verify(
                    &user_sig,
                    sdk_app_id,
                    &user_id,
                    |a| apps.key(a),
                    now_ms / 1000,
                ) {
                    Ok(v) => {
                        self.identity = Some(Identity {
                            sdk_app_id,
                            user_id: v.user_id,
                            expires_at: v.expires_at,
                            session: if session == 0 { self.session } else { session },
                        });
                        vec![Out::Accept {
                            version,
                            resume_after,
                        }]
                    }
                    Err(r) => refuse(r.code, r.message),
                }
            }
            (None, _) => refuse(wire::BAD_FRAME, "the first frame must be Hello"),
            (Some(_), ClientFrame::Hello { .. }) => {
                refuse(wire::BAD_FRAME, "already logged in on this connection")
            }
            (Some(_), ClientFrame::Ping { n }) => vec![Out::Send(ServerFrame::Pong { n })],
            (Some(_), ClientFrame::Ack { .. }) => Vec::new(),
            (Some(_), ClientFrame::Call { id, request }) => match wire::check(&request) {
                Ok(()) => vec![Out::Serve { id, request }],
                Err((code, message)) => vec![Out::Send(ServerFrame::Answer {
                    id,
                    result: Answered::Err { code, message },
                })],
            },
        }
    }

    /// A binary frame: not part of the protocol.
    pub fn on_binary(&mut self) -> Vec<Out> {
        refuse(wire::BAD_FRAME, "frames are JSON text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: u64 = 1400000001;
    const KEY: &str = "key-of-the-app";
    const NOW: u64 = 1_800_000_000;

    fn apps() -> Apps {
        Apps(HashMap::from([
            (APP, KEY.to_string()),
            (1400000002, "other".to_string()),
        ]))
    }

    fn hello(app: u64, user: &str, sig: &str, versions: &[u32]) -> String {
        serde_json::to_string(&ClientFrame::Hello {
            versions: versions.to_vec(),
            sdk_app_id: app,
            user_id: user.into(),
            user_sig: sig.into(),
            resume_after: 3,
            session: 0,
        })
        .unwrap()
    }

    fn refused(out: &[Out]) -> Option<u32> {
        match out {
            [Out::Send(ServerFrame::Refused { code, .. }), Out::Close] => Some(*code),
            _ => None,
        }
    }

    #[test]
    fn a_valid_sig_logs_in_and_the_connection_is_its_user() {
        let mut c = Connection::new(7);
        let sig = usersig::generate(APP, KEY, "alice", NOW - 10, 3600);
        let out = c.on_text(&hello(APP, "alice", &sig, &[1]), &apps(), NOW * 1000);
        assert_eq!(
            out,
            vec![Out::Accept {
                version: 1,
                resume_after: 3
            }]
        );
        assert_eq!(
            c.identity,
            Some(Identity {
                sdk_app_id: APP,
                user_id: "alice".into(),
                expires_at: NOW - 10 + 3600,
                session: 7,
            })
        );
        assert_eq!(
            c.on_text(r#"{"t":"Ping","n":4}"#, &apps(), NOW * 1000),
            vec![Out::Send(ServerFrame::Pong { n: 4 })]
        );
        // A second Hello (to become someone else) is refused and closes.
        let bob = usersig::generate(APP, KEY, "bob", NOW, 3600);
        assert_eq!(
            refused(&c.on_text(&hello(APP, "bob", &bob, &[1]), &apps(), NOW * 1000)),
            Some(wire::BAD_FRAME)
        );
    }

    #[test]
    fn every_refusal_code_reaches_the_client() {
        let good = usersig::generate(APP, KEY, "alice", NOW - 10, 3600);
        let other_app = usersig::generate(1400000002, "other", "alice", NOW - 10, 3600);
        for (frame, code) in [
            (hello(APP, "alice", "garbage", &[1]), usersig::UNPARSEABLE),
            (
                hello(1400000099, "alice", &good, &[1]),
                usersig::UNKNOWN_APP,
            ),
            (hello(APP, "alice", &other_app, &[1]), usersig::OTHER_APP),
            (hello(APP, "mallory", &good, &[1]), usersig::OTHER_USER),
            (
                hello(
                    APP,
                    "alice",
                    &usersig::generate(APP, "guess", "alice", NOW - 10, 3600),
                    &[1],
                ),
                usersig::BAD_SIGNATURE,
            ),
            (
                hello(
                    APP,
                    "alice",
                    &usersig::generate(APP, KEY, "alice", NOW - 7200, 3600),
                    &[1],
                ),
                usersig::EXPIRED,
            ),
            (hello(APP, "alice", &good, &[99]), wire::NO_COMMON_VERSION),
            ("nonsense".to_string(), wire::BAD_FRAME),
            (r#"{"t":"Ping","n":1}"#.to_string(), wire::BAD_FRAME),
            ("x".repeat(wire::MAX_FRAME + 1), wire::BAD_FRAME),
        ] {
            let mut c = Connection::new(1);
            assert_eq!(
                refused(&c.on_text(&frame, &apps(), NOW * 1000)),
                Some(code),
                "{}",
                &frame[..frame.len().min(80)]
            );
            assert_eq!(c.identity, None);
        }
    }

    #[test]
    fn calls_within_limits_are_served_others_answered_with_a_code() {
        let mut c = Connection::new(1);
        c.on_text(
            &hello(
                APP,
                "alice",
                &usersig::generate(APP, KEY, "alice", NOW, 3600),
                &[1],
            ),
            &apps(),
            NOW * 1000,
        );
        let out = c.on_text(
            r#"{"t":"Call","id":5,"request":"Sync"}"#,
            &apps(),
            NOW * 1000,
        );
        assert_eq!(
            out,
            vec![Out::Serve {
                id: 5,
                request: Request::Sync
            }]
        );
        let out = c.on_text(
            r#"{"t":"Call","id":6,"request":{"GetMessages":{"conversation_id":"C2Cb","before":null,"count":100000}}}"#,
            &apps(),
            NOW * 1000,
        );
        assert!(
            matches!(
                &out[..],
                [Out::Send(ServerFrame::Answer {
                    id: 6,
                    result: Answered::Err {
                        code: wire::INVALID,
                        ..
                    }
                })]
            ),
            "{out:?}"
        );
    }
}
