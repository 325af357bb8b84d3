//! The local cloud: what Tencent's server does for one SDKAppID, in pure Rust (no JS, no clock,
//! no I/O), so the same code can later run natively behind a network transport.
//!
//! The client talks to it through one seam, [`CloudLink`]: a [`Request`] gets a [`Response`],
//! and the cloud's [`Push`]es go to the other sessions of the users concerned.

mod accounts;
mod admin;
mod conv_groups;
#[cfg(feature = "full")]
pub mod extensions;
#[cfg(feature = "full")]
pub mod friends;
#[cfg(feature = "full")]
pub mod group_apps;
#[cfg(feature = "full")]
pub mod group_keys;
#[cfg(feature = "full")]
mod group_profile;
mod groups;
#[cfg(feature = "full")]
pub mod hopping;
pub mod host;
pub mod journal;
#[cfg(feature = "full")]
pub mod members;
#[cfg(feature = "full")]
pub mod message_ops;
mod messaging;
pub mod protocol;
#[cfg(feature = "full")]
pub mod reactions;
#[cfg(feature = "full")]
pub mod receipts;
pub mod relations;
pub mod slice;
pub mod snapshot;
pub mod state;
pub mod wakeups;
pub mod wire;
pub mod wire_decode;
pub mod wire_encode;

pub use admin::decode;
pub use journal::{MemoryStorage, Replica, Storage};
pub use protocol::{ConvChange, ConvSnapshot, Push, PushBody, Request, Response};
pub use state::Cloud;

use crate::core::error::Error;

/// Identifies one logged-in session (a tab or device) of a user.
pub type SessionId = u64;

/// What a request produced: the answer for the caller, and pushes for other sessions.
#[derive(Debug, Default)]
pub struct Outcome {
    pub pushes: Vec<Push>,
    /// Only these users' pushes are wanted, when set (the users signed in where the pushes go:
    /// a tab replaying another's entries). Others are neither built nor kept.
    pub only: Option<Vec<String>>,
    /// Replaying a journal: the answer goes nowhere, and a request may skip building it.
    pub replay: bool,
}

impl Outcome {
    pub fn only(users: Option<Vec<String>>) -> Self {
        Outcome {
            pushes: Vec::new(),
            only: users,
            replay: false,
        }
    }

    /// Whether a push to `user` is wanted: ask before building an expensive one.
    pub(crate) fn wants(&self, user: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|u| u == user))
    }

    pub(crate) fn push(&mut self, user: &str, except: Option<SessionId>, body: PushBody) {
        if !self.wants(user) {
            return;
        }
        self.pushes.push(Push {
            user: user.to_string(),
            except,
            body,
        });
    }
}

/// The seam between the client and a cloud: the embedded local cloud now, a network transport
/// later. `now` is the cloud's clock in seconds, supplied by whoever drives it.
pub trait CloudLink {
    fn request(
        &mut self,
        user: &str,
        session: SessionId,
        req: Request,
        now: u64,
    ) -> (Result<Response, Error>, Vec<Push>);
}

impl CloudLink for Cloud {
    fn request(
        &mut self,
        user: &str,
        session: SessionId,
        req: Request,
        now: u64,
    ) -> (Result<Response, Error>, Vec<Push>) {
        let mut out = Outcome::default();
        let res = self.handle(user, session, req, now, &mut out);
        (res, out.pushes)
    }
}
