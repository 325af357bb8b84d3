//! The wire protocol between a client and a tim-wasm server (docs/PROTOCOL.md): versioned
//! frames over one WebSocket, JSON text. Pure types and rules here; each side brings its own
//! JSON (the server serde_json; the page its own writer and reader, `wire_encode.rs` and
//! `wire_decode.rs`, which cost a fraction of serde's derived code in the wasm).
//!
//! A connection: the client says `Hello` (the versions it speaks, its identity, and the last
//! push it has, to resume); the server answers `Welcome` (the version chosen) or `Refused` (a
//! code, then it closes). Then `Call`s, each answered once by an `Answer` with the same `id`
//! (a call re-sent after a reconnect keeps its `id`: the server applies it at most once);
//! `Push`es, numbered per user so a client that reconnects resumes exactly where it was; `Ping`
//! and `Pong` keep the line alive.

use super::protocol::{PushBody, Request, Response};
use super::SessionId;
use serde::{Deserialize, Serialize};

/// The protocol versions this build speaks, oldest first.
pub const VERSIONS: &[u32] = &[1];

/// Largest frame either side accepts (bytes of JSON text); a larger one closes the connection.
pub const MAX_FRAME: usize = 1 << 20;

/// Ours (docs/COMPATIBILITY.md): the client and the server share no protocol version.
pub const NO_COMMON_VERSION: u32 = 2988;
/// Ours: a frame that is not JSON, not a known frame, or too large.
pub const BAD_FRAME: u32 = 2989;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum ClientFrame {
    /// The first frame: who is connecting, and from which push on to resume (`0`: fresh, from
    /// now on). `session`: the client's own session ID, kept across its reconnects (pushes of
    /// its own changes skip it; its calls are told apart by it); `0` lets the server choose.
    Hello {
        versions: Vec<u32>,
        sdk_app_id: u64,
        user_id: String,
        user_sig: String,
        resume_after: u64,
        #[serde(default)]
        session: SessionId,
    },
    /// A request; answered once by `Answer { id }`.
    Call {
        id: u64,
        request: Request,
    },
    /// Pushes up to `seq` were applied (the server may forget them).
    Ack {
        seq: u64,
    },
    Ping {
        n: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum ServerFrame {
    /// The login succeeded: the version in use, the session's ID at the cloud, the newest push
    /// sequence of the user, the server's clock (milliseconds), and how many missed pushes
    /// follow at once (a resume: the client applies them as one batch).
    Welcome {
        version: u32,
        session: SessionId,
        push_seq: u64,
        server_time: u64,
        #[serde(default)]
        backlog: u64,
        /// The pushes after the client's `resume_after` are no longer kept (the change log is
        /// pruned by age) or are too many to send: the client fetches its state afresh instead.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        resync: bool,
        /// The user's signatures for files on this server (the full build's file messages):
        /// `<expiry>.<download signature>.<upload signature>` (server/src/files.rs).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        files: String,
    },
    /// The login (or the connection) was refused: a code (CONTRACT §4: 70001–70020, or ours);
    /// the server closes after it.
    Refused {
        code: u32,
        message: String,
    },
    /// The answer to `Call { id }`.
    Answer {
        id: u64,
        result: Answered,
    },
    /// Something for this user's sessions; `seq` goes up by one per user.
    Push {
        seq: u64,
        body: PushBody,
    },
    Pong {
        n: u64,
    },
    /// The server ends the session: `reason` is `TYPES.KICKED_OUT_*`'s value
    /// (`userSigExpired`, `REST_API_Kick`); it closes after this frame.
    Kicked {
        reason: String,
    },
}

/// A call's outcome on the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Short-lived (one per frame or step): boxing the large variant would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Answered {
    Ok(Response),
    Err { code: u32, message: String },
}

/// A client that sends no frame for this long is closed; clients ping more often.
pub const IDLE_LIMIT_SECS: u64 = 75;
pub const PING_EVERY_SECS: u64 = 25;

/// The invalid-parameter code (CONTRACT §4): a request outside the limits below.
pub const INVALID: u32 = 6017;
/// Most messages one `GetMessages` reads (the original's page is at most 15).
pub const MAX_PAGE: usize = 100;
/// Most IDs one request names (conversation groups take 1000 conversations).
pub const MAX_IDS: usize = 1000;

/// Why a payload's JSON text is not what it is written as: a location's numbers must be JSON
/// numbers, a merger's list a JSON array, a file's payload a JSON object of a known kind.
#[cfg(feature = "full")]
fn raw_fault(p: &crate::core::message::Payload) -> Option<&'static str> {
    use crate::core::json_read::parse;
    use crate::core::message::{is_json_number, Payload};
    use crate::core::value::Value;
    match p {
        Payload::Location {
            longitude,
            latitude,
            ..
        } if !is_json_number(longitude) || !is_json_number(latitude) => {
            Some("a location's longitude and latitude must be JSON numbers")
        }
        Payload::Merger { message_list, .. } if !matches!(parse(message_list), Value::Array(_)) => {
            Some("a merger's message list must be a JSON array")
        }
        Payload::Media { kind, body } if *kind > 3 || !matches!(parse(body), Value::Object(_)) => {
            Some("a file's payload must be a JSON object of kind 0 to 3")
        }
        _ => None,
    }
}

/// Checks a request from the network against the limits a client keeps by itself (the page's
/// client validates before it asks; a server cannot trust that it did).
pub fn check(req: &Request) -> Result<(), (u32, String)> {
    let too_many = |what: &str, n: usize| {
        if n > MAX_IDS {
            Err((
                INVALID,
                format!("{what}: at most {MAX_IDS} IDs per request, got {n}"),
            ))
        } else {
            Ok(())
        }
    };
    match req {
        Request::GetMessages { count, .. } if *count == 0 || *count > MAX_PAGE => Err((
            INVALID,
            format!("GetMessages: count must be 1 to {MAX_PAGE}, got {count}"),
        )),
        Request::DeleteConversations { ids, .. }
        | Request::UpdateConvs { ids, .. }
        | Request::CreateConvGroup { ids, .. }
        | Request::UpdateConvGroup { ids, .. } => too_many("conversation IDs", ids.len()),
        Request::CreateGroup { members, .. } => too_many("members", members.len()),
        Request::GetProfiles { user_ids } => too_many("user IDs", user_ids.len()),
        Request::JoinGroup { by_admin: true, .. } => Err((
            INVALID,
            "JoinGroup: only the app's administrator adds members (the REST API)".into(),
        )),
        // What goes into JSON as it is must be of its JSON kind.
        #[cfg(feature = "full")]
        Request::SendMessage { payload, .. }
        | Request::SendOnline { payload, .. }
        | Request::ModifyMessage {
            payload: Some(payload),
            ..
        } => raw_fault(payload).map_or(Ok(()), |why| Err((INVALID, why.into()))),
        #[cfg(feature = "full")]
        Request::Relation(op) if op.op == "importFriend" => Err((
            INVALID,
            "importFriend: only the app's administrator imports friends (the REST API)".into(),
        )),
        #[cfg(feature = "full")]
        Request::GroupKeys(op) if op.by_admin => Err((
            INVALID,
            "GroupKeys: only the app's administrator passes over membership (the REST API)".into(),
        )),
        #[cfg(feature = "full")]
        Request::Blacklist { user_ids: ids, .. }
        | Request::Relation(super::friends::RelationOp { ids, .. })
        | Request::GetGroupMembers { user_ids: ids, .. } => too_many("user IDs", ids.len()),
        #[cfg(feature = "full")]
        Request::GroupMember(op) => too_many(
            "users, custom fields or profile fields",
            op.ids.len().max(op.custom.len()).max(op.profile.len()),
        ),
        #[cfg(feature = "full")]
        Request::MessageOp(op) => too_many("messages", op.ids.len()),
        #[cfg(feature = "full")]
        Request::GroupKeys(op) => too_many(
            "keys",
            op.keys
                .len()
                .max(op.attributes.len())
                .max(op.counters.len()),
        ),
        _ => Ok(()),
    }
}

/// The version a server speaking `ours` uses with a client speaking `theirs`: the newest both
/// speak, or `NO_COMMON_VERSION` with a message naming both sides' versions.
pub fn negotiate(ours: &[u32], theirs: &[u32]) -> Result<u32, (u32, String)> {
    ours.iter().rev().find(|v| theirs.contains(v)).copied().ok_or_else(|| {
        (NO_COMMON_VERSION, format!("no protocol version in common: the server speaks {ours:?}, the client {theirs:?}; update the older side"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_cannot_ask_the_administrators_way_in() {
        let join = |by_admin| Request::JoinGroup {
            group_id: "g".into(),
            by_admin,
        };
        assert_eq!(check(&join(true)).map_err(|e| e.0), Err(INVALID));
        assert_eq!(check(&join(false)), Ok(()));
        let page = Request::GetMessages {
            conversation_id: "C2Cb".into(),
            before: None,
            count: MAX_PAGE + 1,
        };
        assert_eq!(check(&page).map_err(|e| e.0), Err(INVALID));
    }

    #[test]
    fn the_newest_common_version_wins() {
        assert_eq!(negotiate(&[1, 2, 3], &[2, 3, 4]), Ok(3));
        assert_eq!(negotiate(&[1], &[1]), Ok(1));
        let (code, message) = negotiate(&[2], &[1]).unwrap_err();
        assert_eq!(code, NO_COMMON_VERSION);
        assert!(message.contains("[2]") && message.contains("[1]"));
        assert!(negotiate(&[1], &[]).is_err());
    }
}
