//! The client's connection to a tim-wasm server (CONTRACT §9), sans-I/O: events in (socket
//! opened, a frame's text, socket closed, the clock), [`Action`]s out (open a socket, send a
//! frame, answer a call, apply pushes, report the network state). The page's facade moves the
//! bytes and runs the timers; everything that decides lives here and is tested natively.
//!
//! - Login opens a socket and says `Hello`; `Welcome` logs in, `Refused` fails the login with
//!   the server's code (70001… for the userSig, 2988 for no common protocol version).
//! - A call gets an ID (unique within this session) and is sent when the socket is open; calls
//!   made while disconnected wait. Calls in flight at a drop are sent again with the same ID
//!   after the reconnect (the server applies each ID once). No answer within 15 s (90 s for
//!   login) answers 2801, as the original.
//! - A lost connection is re-established by itself, with exponential backoff and jitter, and
//!   resumes after the last push applied: the missed pushes arrive as one batch.
//! - `NET_STATE_CHANGE` only on change, starting from "connected" (the original's first state).

use crate::cloud::protocol::{PushBody, Request, Response};
use crate::cloud::wire::{self, Answered, ClientFrame, ServerFrame};
use crate::cloud::wire_encode::client_frame;
use crate::core::error::Error;

/// The original's NETWORK_TIMEOUT.
pub const NETWORK_TIMEOUT: u32 = 2801;
/// The original's NETWORK_ERROR: the server cannot be reached at login.
pub const NETWORK_ERROR: u32 = 2800;
pub const CALL_TIMEOUT_MS: u64 = 15_000;
pub const LOGIN_TIMEOUT_MS: u64 = 90_000;
/// Reconnect delays: from 0.5 s doubling up to 30 s, each with up to half of it as jitter.
const BACKOFF_FIRST_MS: u64 = 500;
const BACKOFF_MAX_MS: u64 = 30_000;
/// A reconnect attempt that reaches no `Welcome` within this is abandoned (then backoff).
const ATTEMPT_MS: u64 = 15_000;
/// A server silent this long after a ping is taken as gone.
const SILENCE_MS: u64 = (wire::IDLE_LIMIT_SECS - 5) * 1000;

/// `TYPES.NET_STATE_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetState {
    Connected,
    Connecting,
    Disconnected,
}

impl NetState {
    pub fn as_str(self) -> &'static str {
        match self {
            NetState::Connected => "connected",
            NetState::Connecting => "connecting",
            NetState::Disconnected => "disconnected",
        }
    }
}

/// What the host does next.
#[derive(Debug, PartialEq)]
// Short-lived (one per frame or step): boxing the large variant would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Action {
    /// Open a socket to `url` (closing any other first).
    Open(String),
    /// Send this frame (JSON text, `wire_encode.rs`) on the open socket.
    Send(String),
    /// Close the socket (no reconnect follows unless an `Open` does).
    Close,
    /// The login's connection is up: the user is this server's (the client loads its state).
    LoggedIn,
    /// The login failed with this error (the socket is closed).
    LoginFailed(Error),
    /// The answer to call `id`.
    Answer(u64, Result<Response, Error>),
    /// Pushes to apply, as one task.
    Pushes(Vec<PushBody>),
    /// `NET_STATE_CHANGE`.
    Net(NetState),
    /// The server ended the session (`userSigExpired`, `REST_API_Kick`).
    Kicked(String),
    /// The server no longer has the pushes this client missed: reload the user's state.
    Resync,
    /// The server at this URL signs the user's files so (the full build's file messages).
    #[cfg(feature = "full")]
    Files(String, String),
}

#[derive(Debug, PartialEq)]
enum Phase {
    /// Not logged in.
    Idle,
    /// A socket is opening (`attempt` 0: the login's own).
    Opening,
    /// `Hello` sent, waiting for `Welcome`.
    Greeting,
    /// Logged in and connected.
    Open,
    /// Lost; the next attempt opens at `at` (ms).
    Waiting { at: u64 },
}

struct Call {
    id: u64,
    /// The frame as sent (and as re-sent after a reconnect).
    frame: String,
    deadline: u64,
    sent: bool,
}

pub struct Remote {
    urls: Vec<String>,
    /// Which URL the next attempt uses (failover goes round the list).
    url: usize,
    pub session: u64,
    hello: Option<(u64, String, String)>,
    phase: Phase,
    /// Whether this login ever got `Welcome` (before that, failures fail the login).
    welcomed: bool,
    login_deadline: u64,
    calls: Vec<Call>,
    next_id: u64,
    /// The last push applied.
    last_seq: u64,
    /// Catch-up after a reconnect: pushes still to come, those collected, and the newest
    /// sequence among them (`last_seq` moves to it only when the batch is handed on: a drop
    /// mid-batch resumes from before the batch).
    backlog: u64,
    caught: Vec<PushBody>,
    caught_seq: u64,
    /// URLs tried since the last success (a login fails once every one was tried).
    tried: usize,
    /// When the current connection attempt gives up (no socket, or no `Welcome`).
    attempt_deadline: u64,
    net: NetState,
    attempt: u32,
    seed: u64,
    last_heard: u64,
    /// The server's clock minus ours (ms), from the last `Welcome`.
    offset: i64,
    last_ping: u64,
}

impl Remote {
    /// `session`: this client's session ID (random, below 2^53); `seed` drives the jitter.
    pub fn new(urls: Vec<String>, session: u64, seed: u64) -> Remote {
        Remote {
            urls,
            url: 0,
            session,
            hello: None,
            phase: Phase::Idle,
            welcomed: false,
            login_deadline: 0,
            calls: Vec::new(),
            next_id: 0,
            last_seq: 0,
            backlog: 0,
            caught: Vec::new(),
            caught_seq: 0,
            tried: 0,
            attempt_deadline: 0,
            net: NetState::Connected,
            attempt: 0,
            seed: seed | 1,
            last_heard: 0,
            offset: 0,
            last_ping: 0,
        }
    }

    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    /// Starts a login: opens a socket; `Hello` follows once it is open.
    pub fn login(&mut self, sdk_app_id: u64, user: &str, user_sig: &str, now: u64) -> Vec<Action> {
        self.hello = Some((sdk_app_id, user.to_string(), user_sig.to_string()));
        self.phase = Phase::Opening;
        self.welcomed = false;
        self.login_deadline = now + LOGIN_TIMEOUT_MS;
        self.last_seq = 0;
        self.attempt = 0;
        self.tried = 0;
        self.open(now)
    }

    /// Logout or destroy: closes, and answers what is still waiting with `cut` (2982).
    pub fn logout(&mut self, cut: &Error) -> Vec<Action> {
        let mut out: Vec<Action> = self
            .calls
            .drain(..)
            .map(|c| Action::Answer(c.id, Err(cut.clone())))
            .collect();
        let was = std::mem::replace(&mut self.phase, Phase::Idle);
        self.hello = None;
        self.caught.clear();
        self.caught_seq = 0;
        self.backlog = 0;
        if was != Phase::Idle {
            out.push(Action::Close);
        }
        out
    }

    /// A call: sent now if the socket is open, otherwise when it is. Returns its ID.
    pub fn call(&mut self, request: Request, now: u64) -> (u64, Vec<Action>) {
        self.next_id += 1;
        let id = self.next_id;
        let frame = client_frame(&ClientFrame::Call { id, request });
        // The server would close the connection on it, and the re-sent call again: refused here.
        if frame.len() > wire::MAX_FRAME {
            let e = Error::raw(
                wire::BAD_FRAME,
                "the request is over the server's limit (1 MiB)",
            );
            return (id, vec![Action::Answer(id, Err(e))]);
        }
        let mut call = Call {
            id,
            frame,
            deadline: now + CALL_TIMEOUT_MS,
            sent: false,
        };
        let mut out = Vec::new();
        if self.phase == Phase::Open {
            call.sent = true;
            out.push(Action::Send(call.frame.clone()));
        } else if self.phase == Phase::Idle {
            return (
                id,
                vec![Action::Answer(
                    id,
                    Err(Error::raw(NETWORK_ERROR, "not connected to the server")),
                )],
            );
        }
        self.calls.push(call);
        (id, out)
    }

    /// The socket is open: say who we are.
    pub fn opened(&mut self, now: u64) -> Vec<Action> {
        let Some((sdk_app_id, user_id, user_sig)) = self.hello.clone() else {
            return vec![Action::Close];
        };
        if self.phase != Phase::Opening {
            return Vec::new();
        }
        self.phase = Phase::Greeting;
        self.last_heard = now;
        let hello = ClientFrame::Hello {
            versions: wire::VERSIONS.to_vec(),
            sdk_app_id,
            user_id,
            user_sig,
            resume_after: if self.welcomed { self.last_seq } else { 0 },
            session: self.session,
        };
        vec![Action::Send(client_frame(&hello))]
    }

    /// Opens a socket to the current URL, with a deadline for getting to `Welcome`.
    fn open(&mut self, now: u64) -> Vec<Action> {
        self.phase = Phase::Opening;
        self.attempt_deadline = now + ATTEMPT_MS;
        vec![Action::Open(self.current_url())]
    }

    /// The URL in use (the login's, or the one failed over to).
    fn current_url(&self) -> String {
        let at = self.url % self.urls.len().max(1);
        self.urls.get(at).cloned().unwrap_or_default()
    }

    /// The socket closed (or failed to open).
    pub fn closed(&mut self, now: u64) -> Vec<Action> {
        match self.phase {
            Phase::Idle | Phase::Waiting { .. } => Vec::new(),
            _ if !self.welcomed => {
                // The login's server cannot be reached: try the next URL, if any, then fail.
                self.url += 1;
                self.tried += 1;
                if self.tried < self.urls.len() {
                    return self.open(now);
                }
                self.phase = Phase::Idle;
                self.hello = None;
                vec![Action::LoginFailed(Error::raw(
                    NETWORK_ERROR,
                    "cannot connect to the tim-wasm server",
                ))]
            }
            _ => {
                self.caught.clear();
                self.caught_seq = 0;
                self.caught_seq = 0;
                self.backlog = 0;
                for c in &mut self.calls {
                    c.sent = false;
                }
                self.url += 1;
                self.phase = Phase::Waiting {
                    at: now + self.backoff(),
                };
                self.attempt += 1;
                self.net_state(NetState::Connecting)
            }
        }
    }

    fn backoff(&mut self) -> u64 {
        let base = (BACKOFF_FIRST_MS << self.attempt.min(8)).min(BACKOFF_MAX_MS);
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        base / 2 + self.seed % (base / 2 + 1)
    }

    fn net_state(&mut self, s: NetState) -> Vec<Action> {
        if self.net == s {
            return Vec::new();
        }
        self.net = s;
        vec![Action::Net(s)]
    }

    /// The clock: timeouts, reconnects, keep-alive. Call it about every half second.
    pub fn tick(&mut self, now: u64) -> Vec<Action> {
        let mut out = Vec::new();
        if matches!(self.phase, Phase::Opening | Phase::Greeting)
            && !self.welcomed
            && now >= self.login_deadline
        {
            self.phase = Phase::Idle;
            self.hello = None;
            out.push(Action::Close);
            out.push(Action::LoginFailed(Error::raw(
                NETWORK_TIMEOUT,
                "login timed out",
            )));
            return out;
        }
        let mut i = 0;
        while i < self.calls.len() {
            if now >= self.calls[i].deadline {
                let c = self.calls.remove(i);
                out.push(Action::Answer(
                    c.id,
                    Err(Error::raw(
                        NETWORK_TIMEOUT,
                        "no answer from the server within 15 s",
                    )),
                ));
            } else {
                i += 1;
            }
        }
        match self.phase {
            Phase::Waiting { at } if now >= at => out.extend(self.open(now)),
            // A reconnect that gets no socket or no `Welcome` in time: give up on it, back off.
            Phase::Opening | Phase::Greeting if self.welcomed && now >= self.attempt_deadline => {
                out.push(Action::Close);
                out.extend(self.closed(now));
            }
            Phase::Open if now.saturating_sub(self.last_heard) > SILENCE_MS => {
                out.push(Action::Close);
                out.extend(self.closed(now));
            }
            Phase::Open if now.saturating_sub(self.last_ping) >= wire::PING_EVERY_SECS * 1000 => {
                self.last_ping = now;
                out.push(Action::Send(client_frame(&ClientFrame::Ping { n: now })));
            }
            _ => {}
        }
        out
    }

    /// A frame from the server; `None`: text that is not a frame of the protocol (the
    /// connection is dropped, then re-established, or the login fails).
    /// The server's clock minus this one (ms), as of the last `Welcome` (`getServerTime`).
    pub fn server_offset(&self) -> i64 {
        self.offset
    }

    pub fn frame(&mut self, frame: Option<ServerFrame>, now: u64) -> Vec<Action> {
        self.last_heard = now;
        let Some(frame) = frame else {
            let mut out = vec![Action::Close];
            out.extend(self.closed(now));
            return out;
        };
        match frame {
            ServerFrame::Welcome {
                push_seq,
                backlog,
                resync,
                server_time,
                #[cfg(feature = "full")]
                files,
                ..
            } => {
                if self.phase != Phase::Greeting {
                    return Vec::new();
                }
                self.offset = server_time as i64 - now as i64;
                self.phase = Phase::Open;
                self.attempt = 0;
                self.tried = 0;
                self.last_ping = now;
                let mut out = Vec::new();
                #[cfg(feature = "full")]
                if !files.is_empty() {
                    out.push(Action::Files(self.current_url(), files));
                }
                out.extend(self.net_state(NetState::Connected));
                if !self.welcomed {
                    self.welcomed = true;
                    self.last_seq = push_seq;
                    out.push(Action::LoggedIn);
                } else if resync || push_seq < self.last_seq {
                    // The server's log does not reach back to us: pruned, too long to replay,
                    // or its database was replaced. The state is fetched afresh.
                    self.last_seq = push_seq;
                    out.push(Action::Resync);
                } else if backlog == 0 && push_seq > self.last_seq {
                    // Everything missed was this session's own: nothing to apply.
                    self.last_seq = push_seq;
                }
                self.backlog = backlog;
                self.caught_seq = 0;
                for c in &mut self.calls {
                    c.sent = true;
                    out.push(Action::Send(c.frame.clone()));
                }
                out
            }
            ServerFrame::Refused { code, message } => {
                let login = !self.welcomed;
                self.phase = Phase::Idle;
                self.hello = None;
                let mut out = vec![Action::Close];
                if login {
                    out.push(Action::LoginFailed(Error::raw(code, message)));
                } else {
                    // The sig was refused on a reconnect: the session is over, as a kick.
                    out.extend(
                        self.calls
                            .drain(..)
                            .map(|c| Action::Answer(c.id, Err(Error::raw(code, message.clone())))),
                    );
                    out.push(Action::Kicked(if code == 70001 {
                        "userSigExpired".into()
                    } else {
                        "REST_API_Kick".into()
                    }));
                }
                out
            }
            ServerFrame::Answer { id, result } => {
                match self.calls.iter().position(|c| c.id == id) {
                    Some(i) => {
                        self.calls.remove(i);
                        let r = match result {
                            Answered::Ok(r) => Ok(r),
                            Answered::Err { code, message } => Err(Error::raw(code, message)),
                        };
                        vec![Action::Answer(id, r)]
                    }
                    None => Vec::new(),
                }
            }
            ServerFrame::Push { seq, body } => {
                if self.backlog > 0 {
                    self.backlog -= 1;
                    if seq > self.last_seq.max(self.caught_seq) {
                        self.caught_seq = seq;
                        self.caught.push(body);
                    }
                    if self.backlog > 0 || self.caught.is_empty() {
                        return Vec::new();
                    }
                    self.last_seq = self.last_seq.max(self.caught_seq);
                    return vec![Action::Pushes(std::mem::take(&mut self.caught))];
                }
                if seq <= self.last_seq {
                    return Vec::new();
                }
                self.last_seq = seq;
                vec![Action::Pushes(vec![body])]
            }
            ServerFrame::Pong { .. } => Vec::new(),
            ServerFrame::Kicked { reason } => {
                let mut out = self.logout(&Error::raw(
                    if reason == "userSigExpired" {
                        3004
                    } else {
                        3006
                    },
                    format!("kicked out: {reason}"),
                ));
                out.push(Action::Kicked(reason));
                out
            }
        }
    }
}
