//! The full build's message lifecycle past sending and modifying: revoking, deleting, and the
//! reactions (`reactions.rs`), carried by one request type ([`MessageOp`]).

use super::messaging::{ERR_MESSAGE_NOT_FOUND, ERR_NOT_A_MEMBER};
use super::protocol::{PushBody, Response};
use super::state::{Cloud, Stored};
use super::{Outcome, SessionId};
use crate::core::conversation::{target_of, ConvType};
use crate::core::error::Error;
use crate::core::message::Payload;

/// Tencent's: a one-to-one message past the revoke time limit.
pub const ERR_C2C_REVOKE_TIME: u32 = 20016;
/// Tencent's: a group message past the revoke time limit.
pub const ERR_GROUP_REVOKE_TIME: u32 = 10031;
/// The original's MSG_REVOKE_FAIL: a one-to-one message revoked by its recipient.
pub const ERR_REVOKE_FAIL: u32 = 2110;
/// The original's CANNOT_DELETE_GRP_SYSTEM_NOTICE: a system notice is not deleted.
pub const ERR_DELETE_SYSTEM: u32 = 2116;
/// Tencent's default revoke time limit, in seconds.
pub const REVOKE_LIMIT: u64 = 120;
/// A revoked message counts as unread for a recipient when it is among their unread ones in
/// this many newest messages of the chat (both homes look at the same window).
pub const UNREAD_WINDOW: usize = 100;

/// The messages one deleteMessage deletes at most (the original sends the first 30).
pub const MAX_DELETE: usize = 30;

/// A change to stored messages, as its method gives it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MessageOp {
    /// `revokeMessage`, `deleteMessage`, or a reaction method's name.
    pub op: String,
    pub conversation_id: String,
    /// The messages (revokeMessage, the reactions' changes and user list: one; deleteMessage:
    /// up to [`MAX_DELETE`]; getMessageReactions: any).
    pub ids: Vec<String>,
    /// The reaction (add, remove, its user list).
    pub reaction: String,
    /// How many users: per reaction (getMessageReactions), or a page's (the user list).
    pub count: u64,
    /// Where a page of a reaction's users starts (0: its first); getMessageListHopping: the
    /// sequence (a group) or time (one-to-one) a page starts from (0: the newest).
    pub next: u64,
    /// getMessageListHopping: newer messages (older when false).
    pub newer: bool,
    /// setMessageExtensions: the extensions (key, value); deleteMessageExtensions: the keys
    /// (values empty; none: every extension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<(String, String)>,
}

/// Whether the operation only reads.
pub fn reads(op: &MessageOp) -> bool {
    super::reactions::reads(op)
        || super::receipts::reads(op)
        || op.op == "getMessageListHopping"
        || op.op == "getMessageExtensions"
}

impl Cloud {
    pub(super) fn message_op(
        &mut self,
        user: &str,
        session: SessionId,
        op: MessageOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        match op.op.as_str() {
            "revokeMessage" => self.revoke(user, session, &op, now, out),
            "deleteMessage" => self.delete_messages(user, &op, out),
            "getMessageListHopping" => self.hop(user, &op),
            _ if super::reactions::is_reaction(&op) => self.reaction_op(user, &op, out),
            _ if super::extensions::is_extension(&op) => self.extension_op(user, session, &op, out),
            _ if super::receipts::is_receipt(&op) => self.receipt_op(user, &op, now, out),
            other => Err(Error::raw(
                super::members::code::INVALID,
                format!("unknown message operation \"{other}\""),
            )),
        }
    }

    /// `revokeMessage`: a one-to-one message by its sender, a group message by its sender or
    /// the group's owner and admins; the sender within [`REVOKE_LIMIT`] (the owner and admins
    /// at any time). The stored message keeps its content, marked revoked by `user`; every
    /// participant's other sessions are told (MESSAGE_REVOKED) with the conversation, whose
    /// unread count drops when the message was unread there. Revoking it again changes nothing.
    fn revoke(
        &mut self,
        user: &str,
        session: SessionId,
        op: &MessageOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let conv_id = op.conversation_id.as_str();
        let (kind, to) = (ConvType::of(conv_id), target_of(conv_id));
        let id = op.ids.first().map(String::as_str).unwrap_or_default();
        if !matches!(kind, ConvType::C2c | ConvType::Group) {
            return Err(Error::raw(
                ERR_REVOKE_FAIL,
                "only one-to-one and group messages are revoked",
            ));
        }
        // No blacklist check: a message delivered once can always be revoked.
        let (conv_id, recipients) = self.participants(user, kind, to)?;
        let key = Self::thread_key(user, &conv_id);
        let found = self.threads.get(&key).and_then(|t| {
            let at = t.messages.iter().position(|m| m.id == id)?;
            Some((at, t.messages[at].clone()))
        });
        let Some((at, mut m)) = found else {
            return Err(Error::raw(
                ERR_MESSAGE_NOT_FOUND,
                format!("revokeMessage: no message {id} in {conv_id}"),
            ));
        };
        let own = m.from == user;
        let handler = kind == ConvType::Group
            && self
                .groups
                .get(to)
                .is_some_and(|g| matches!(g.role_of(user), "Owner" | "Admin"));
        if !own && !handler {
            let code = if kind == ConvType::C2c {
                ERR_REVOKE_FAIL
            } else {
                ERR_NOT_A_MEMBER
            };
            return Err(Error::raw(code, "only the sender revokes this message"));
        }
        if !m.revoker.is_empty() {
            return Ok(Response::Modified {
                message: self.view(user, &conv_id, &m),
                conv: self.snapshot(user, &conv_id),
            });
        }
        if !handler && now.saturating_sub(m.time) > REVOKE_LIMIT {
            let code = if kind == ConvType::C2c {
                ERR_C2C_REVOKE_TIME
            } else {
                ERR_GROUP_REVOKE_TIME
            };
            return Err(Error::raw(
                code,
                format!("a message is revoked within {REVOKE_LIMIT} seconds of its sending"),
            ));
        }
        for (member, conv) in &recipients {
            if self.unread_for(member, conv, &key, &m) {
                let rec = self.conv_record(member, conv);
                rec.unread = rec.unread.saturating_sub(1);
            }
        }
        user.clone_into(&mut m.revoker);
        if let Some(t) = self.threads.get_mut(&key) {
            t.messages[at].clone_from(&m);
        }
        self.push_modified(user, session, &recipients, &m, out);
        Ok(Response::Modified {
            message: self.view(user, &conv_id, &m),
            conv: self.snapshot(user, &conv_id),
        })
    }

    /// `deleteMessage`: the messages leave the user's own view of the chat (their history and,
    /// for the last one, the conversation's lastMessage); the other participants keep them.
    /// IDs of no message there are passed over. Every session of the user is told the
    /// conversation (so the caller's list follows as its other devices' do).
    fn delete_messages(
        &mut self,
        user: &str,
        op: &MessageOp,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let conv_id = op.conversation_id.as_str();
        if !matches!(ConvType::of(conv_id), ConvType::C2c | ConvType::Group) {
            return Err(Error::raw(
                ERR_DELETE_SYSTEM,
                "only one-to-one and group messages are deleted",
            ));
        }
        self.forget_messages(user, conv_id, &op.ids, out);
        Ok(Response::Done)
    }

    /// Takes messages out of `user`'s own view of a conversation (deleteMessage; a handled
    /// application's notice): IDs of no message there are passed over, at most [`MAX_DELETE`];
    /// every session of the user is told the conversation.
    pub(super) fn forget_messages(
        &mut self,
        user: &str,
        conv_id: &str,
        ids: &[String],
        out: &mut Outcome,
    ) {
        if self
            .users
            .get(user)
            .and_then(|u| u.convs.get(conv_id))
            .is_none()
        {
            return;
        }
        let key = Self::thread_key(user, conv_id);
        let mut seqs: Vec<u64> = self
            .threads
            .get(&key)
            .map(|t| {
                t.messages
                    .iter()
                    .filter(|m| ids.iter().take(MAX_DELETE).any(|id| *id == m.id))
                    .map(|m| m.seq)
                    .collect()
            })
            .unwrap_or_default();
        if seqs.is_empty() {
            return;
        }
        let rec = self.conv_record(user, conv_id);
        seqs.retain(|s| *s > rec.cleared_to);
        // Kept sorted and without repeats by insertion (a few at a time): the standard
        // library's sort would cost the wasm 3 KB.
        for seq in seqs {
            if let Err(at) = rec.deleted.binary_search(&seq) {
                rec.deleted.insert(at, seq);
            }
        }
        if out.wants(user) {
            if let Some(snap) = self.snapshot(user, conv_id) {
                out.push(user, None, PushBody::ConvUpdated(snap));
            }
        }
    }

    /// Whether `m` is among `member`'s unread messages of thread `key`: their unread count
    /// reaches it, counting back over the messages that count (others', not tips) in the
    /// newest [`UNREAD_WINDOW`].
    fn unread_for(&self, member: &str, conv: &str, key: &str, m: &Stored) -> bool {
        if m.from == member {
            return false;
        }
        let unread = self
            .users
            .get(member)
            .and_then(|u| u.convs.get(conv))
            .map_or(0, |r| r.unread as usize);
        let Some(thread) = self.threads.get(key) else {
            return false;
        };
        let mut newer = 0;
        for x in thread.messages.iter().rev().take(UNREAD_WINDOW) {
            if x.id == m.id {
                return newer < unread;
            }
            if x.from != member && !matches!(x.payload, Payload::GroupTip { .. }) {
                newer += 1;
            }
        }
        false
    }
}
