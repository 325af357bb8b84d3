//! The full build's message reactions, carried by [`MessageOp`]: `addMessageReaction`,
//! `removeMessageReaction` (Tencent's limits and codes), `getMessageReactions` (each reaction's
//! count and first users) and `getAllUserListOfMessageReaction` (its users by page). Every
//! change reaches every session of every participant, the actor's included, as one
//! [`PushBody::Reactions`] (MESSAGE_REACTIONS_UPDATED), seen as its recipient sees it.

use super::message_ops::MessageOp;
use super::messaging::ERR_MESSAGE_NOT_FOUND;
use super::protocol::{PushBody, Response};
use super::state::{Cloud, Stored};
use super::Outcome;
use crate::core::conversation::{target_of, ConvType};
use crate::core::error::Error;

/// Tencent's: a message holds at most [`MAX_REACTIONS`] reactions.
pub const ERR_TOO_MANY_REACTIONS: u32 = 23005;
/// Tencent's: a reaction holds at most [`MAX_USERS`] users.
pub const ERR_TOO_MANY_USERS: u32 = 23006;
/// Tencent's: the user is already among the reaction's users.
pub const ERR_ALREADY_REACTED: u32 = 23007;
/// Ours (Tencent documents none): removing a reaction the user has not added.
pub const ERR_NOT_REACTED: u32 = 23008;
/// Tencent's invalid-parameter code: an empty reaction ID.
const ERR_INVALID: u32 = 10004;
pub const MAX_REACTIONS: usize = 10;
pub const MAX_USERS: usize = 100;
/// Most users a reaction lists with its count (`maxUserCountPerReaction`, default and maximum).
pub const PARTIAL_MAX: u64 = 10;
/// Most users one page of `getAllUserListOfMessageReaction` holds (its default).
pub const PAGE_MAX: u64 = 100;

/// A user as a reaction lists them: user ID, nick, avatar.
pub type Reactor = (String, String, String);

/// One reaction of a message as one user sees it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReactionView {
    pub id: String,
    pub total: u32,
    /// The first users (at most the count asked for), in the order they reacted.
    pub users: Vec<Reactor>,
    /// Whether the viewer is among them all.
    pub mine: bool,
}

/// A page of a reaction's users: `count`, at most [`PAGE_MAX`] (0: [`PAGE_MAX`]).
fn page_size(op: &MessageOp) -> usize {
    match op.count {
        0 => PAGE_MAX as usize,
        n => n.min(PAGE_MAX) as usize,
    }
}

/// Where a page of a reaction's users starts (saturating: `usize` is 32 bits in the page).
fn start_of(op: &MessageOp) -> usize {
    usize::try_from(op.next).unwrap_or(usize::MAX)
}

/// Whether the operation only reads.
pub fn reads(op: &MessageOp) -> bool {
    matches!(
        op.op.as_str(),
        "getMessageReactions" | "getAllUserListOfMessageReaction"
    )
}

/// Whether the operation is one of this module's.
pub fn is_reaction(op: &MessageOp) -> bool {
    reads(op)
        || matches!(
            op.op.as_str(),
            "addMessageReaction" | "removeMessageReaction"
        )
}

impl Cloud {
    pub(super) fn reaction_op(
        &mut self,
        user: &str,
        op: &MessageOp,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        match op.op.as_str() {
            "getMessageReactions" => {
                let count = op.count.min(PARTIAL_MAX) as usize;
                let (conv, _) = self.message_chat(user, &op.conversation_id)?;
                let key = Self::thread_key(user, &conv);
                let thread = self.threads.get(&key);
                let mut list = Vec::new();
                for id in &op.ids {
                    if let Some(m) = thread.and_then(|t| t.messages.iter().find(|m| m.id == *id)) {
                        let views = m
                            .reactions
                            .iter()
                            .map(|(r, users)| self.reaction_view(user, r, users, count))
                            .collect();
                        list.push((id.clone(), views));
                    }
                }
                Ok(Response::Reactions(list))
            }
            "getAllUserListOfMessageReaction" => {
                let (conv, _) = self.message_chat(user, &op.conversation_id)?;
                let (_, m) = self.chat_message(user, &conv, op)?;
                let users = m
                    .reactions
                    .iter()
                    .find(|(r, _)| *r == op.reaction)
                    .map_or(&[][..], |(_, u)| u);
                let from = start_of(op).min(users.len());
                let to = from.saturating_add(page_size(op)).min(users.len());
                let page = users[from..to].iter().map(|u| self.reactor(u)).collect();
                let next = if to < users.len() { to as u64 } else { 0 };
                Ok(Response::ReactionUsers { users: page, next })
            }
            _ => self.react(user, op, op.op == "addMessageReaction", out),
        }
    }

    /// The chat of a conversation whose messages the user may react to or extend: its ID as the
    /// user sees it and who takes part (the user's membership checked).
    pub(super) fn message_chat(
        &self,
        user: &str,
        conv_id: &str,
    ) -> Result<(String, Vec<(String, String)>), Error> {
        let kind = ConvType::of(conv_id);
        if !matches!(kind, ConvType::C2c | ConvType::Group) {
            return Err(Error::raw(
                ERR_MESSAGE_NOT_FOUND,
                "only one-to-one and group messages take reactions",
            ));
        }
        self.participants(user, kind, target_of(conv_id))
    }

    /// The message `op.ids[0]` in the user's chat `conv`, with its place in the thread.
    pub(super) fn chat_message(
        &self,
        user: &str,
        conv: &str,
        op: &MessageOp,
    ) -> Result<(usize, &Stored), Error> {
        let id = op.ids.first().map(String::as_str).unwrap_or_default();
        self.threads
            .get(&Self::thread_key(user, conv))
            .and_then(|t| t.messages.iter().enumerate().find(|(_, m)| m.id == id))
            .ok_or_else(|| Error::raw(ERR_MESSAGE_NOT_FOUND, format!("no message {id} in {conv}")))
    }

    /// `addMessageReaction` / `removeMessageReaction`: the user joins or leaves one reaction of
    /// a message (a reaction left by its last user is gone); every participant is told.
    fn react(
        &mut self,
        user: &str,
        op: &MessageOp,
        add: bool,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        if op.reaction.is_empty() {
            return Err(Error::raw(ERR_INVALID, "reactionID must not be empty"));
        }
        let (conv, recipients) = self.message_chat(user, &op.conversation_id)?;
        let (at, m) = self.chat_message(user, &conv, op)?;
        let mut reactions = m.reactions.clone();
        let id = m.id.clone();
        let r = op.reaction.as_str();
        match (reactions.iter().position(|(x, _)| x == r), add) {
            (Some(i), true) => {
                let users = &mut reactions[i].1;
                if users.iter().any(|u| u == user) {
                    return Err(Error::raw(ERR_ALREADY_REACTED, "already reacted so"));
                }
                if users.len() >= MAX_USERS {
                    return Err(Error::raw(
                        ERR_TOO_MANY_USERS,
                        format!("a reaction holds at most {MAX_USERS} users"),
                    ));
                }
                users.push(user.to_string());
            }
            (None, true) => {
                if reactions.len() >= MAX_REACTIONS {
                    return Err(Error::raw(
                        ERR_TOO_MANY_REACTIONS,
                        format!("a message holds at most {MAX_REACTIONS} reactions"),
                    ));
                }
                reactions.push((r.to_string(), vec![user.to_string()]));
            }
            (found, false) => {
                let i = found
                    .filter(|&i| reactions[i].1.iter().any(|u| u == user))
                    .ok_or_else(|| Error::raw(ERR_NOT_REACTED, "not reacted so"))?;
                reactions[i].1.retain(|u| u != user);
                if reactions[i].1.is_empty() {
                    reactions.remove(i);
                }
            }
        }
        let key = Self::thread_key(user, &conv);
        let users = reactions
            .iter()
            .find(|(x, _)| x == r)
            .map(|(_, u)| u.clone())
            .unwrap_or_default();
        if let Some(t) = self.threads.get_mut(&key) {
            t.messages[at].reactions = reactions;
        }
        for (member, _) in &recipients {
            if out.wants(member) {
                let view = self.reaction_view(member, r, &users, PARTIAL_MAX as usize);
                let body = PushBody::Reactions {
                    message_id: id.clone(),
                    reactions: vec![view],
                };
                out.push(member, None, body);
            }
        }
        Ok(Response::Done)
    }

    fn reaction_view(
        &self,
        viewer: &str,
        id: &str,
        users: &[String],
        count: usize,
    ) -> ReactionView {
        ReactionView {
            id: id.to_string(),
            total: users.len() as u32,
            users: users.iter().take(count).map(|u| self.reactor(u)).collect(),
            mine: users.iter().any(|u| u == viewer),
        }
    }

    fn reactor(&self, user: &str) -> Reactor {
        let p = self.profile(user);
        (p.user_id, p.nick, p.avatar)
    }

    /// The users whose profiles a reaction operation shows, once its messages are loaded: the
    /// first users of each reaction, or the page asked for.
    pub(super) fn reactor_keys(&self, user: &str, op: &MessageOp) -> Vec<String> {
        let Some(t) = self
            .threads
            .get(&Self::thread_key(user, &op.conversation_id))
        else {
            return Vec::new();
        };
        let mut keys = Vec::new();
        for m in t.messages.iter().filter(|m| op.ids.contains(&m.id)) {
            for (r, users) in &m.reactions {
                let (from, count) = if op.op == "getAllUserListOfMessageReaction" {
                    if *r != op.reaction {
                        continue;
                    }
                    (start_of(op), page_size(op))
                } else {
                    (0, PARTIAL_MAX as usize)
                };
                keys.extend(users.iter().skip(from).take(count).cloned());
            }
        }
        keys
    }
}
