//! The full build's message reactions as the original gives them: addMessageReaction and
//! removeMessageReaction resolve `{}` after MESSAGE_REACTIONS_UPDATED, getMessageReactions
//! `{resultList}`, getAllUserListOfMessageReaction a page of users.

use super::api::{count_of, text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::protocol::{Request, Response};
use crate::cloud::reactions::{ReactionView, Reactor, PAGE_MAX, PARTIAL_MAX};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::json::Json;
use crate::core::value::Value;

pub const REACTIONS_UPDATED: &str = "onMessageReactionsUpdated";

/// `{userID, nick, avatar}`.
fn user(j: &mut Json, (id, nick, avatar): &Reactor) {
    j.open()
        .key("userID")
        .str(id)
        .key("nick")
        .str(nick)
        .key("avatar")
        .str(avatar)
        .close();
}

/// `{messageID, reactionList: [{reactionID, totalUserCount, partialUserList, reactedByMyself}]}`.
fn message_reactions(j: &mut Json, message_id: &str, reactions: &[ReactionView]) {
    j.open().key("messageID").str(message_id);
    j.key("reactionList").open_array();
    for r in reactions {
        j.open()
            .key("reactionID")
            .str(&r.id)
            .key("totalUserCount")
            .num(u64::from(r.total))
            .key("partialUserList")
            .open_array();
        for u in &r.users {
            user(j, u);
        }
        j.close_array().key("reactedByMyself").bool(r.mine).close();
    }
    j.close_array().close();
}

/// MESSAGE_REACTIONS_UPDATED for one changed reaction of a message (one event per message and
/// reaction, so two changes in one task both arrive).
pub(crate) fn reactions_event(events: &mut Events, message_id: &str, reactions: &[ReactionView]) {
    let mut j = Json::new();
    message_reactions(&mut j, message_id, reactions);
    // `[a, b].concat()` would bring in the standard library's join (1 KB of wasm).
    let mut key = message_id.to_string();
    key.push('\u{0}');
    key.push_str(reactions.first().map_or("", |r| r.id.as_str()));
    events.push(Event::Keyed(REACTIONS_UPDATED, key, j.finish()));
}

impl Client {
    /// `addMessageReaction(message, reactionID)`, `removeMessageReaction(message, reactionID)`,
    /// `getMessageReactions({messageList, maxUserCountPerReaction?})` and
    /// `getAllUserListOfMessageReaction({message, reactionID, nextSeq?, count?})`.
    pub(crate) fn reaction_step(&self, name: &str, args: &[Value]) -> Step<Output> {
        let a0 = args.first().unwrap_or(&crate::core::value::UNDEFINED);
        let mut op = MessageOp {
            op: name.to_string(),
            ..MessageOp::default()
        };
        match name {
            "getMessageReactions" => {
                let list = a0.get("messageList").as_array().unwrap_or_default();
                op.conversation_id = text(list.first().unwrap_or(&Value::Null), "conversationID");
                op.ids = list
                    .iter()
                    .filter(|m| text(m, "conversationID") == op.conversation_id)
                    .map(|m| text(m, "ID"))
                    .collect();
                // [0, 10], 10 when absent (the original's default).
                op.count = a0
                    .get("maxUserCountPerReaction")
                    .as_number()
                    .filter(|n| n.is_finite())
                    .map_or(PARTIAL_MAX, |n| n.clamp(0.0, PARTIAL_MAX as f64) as u64);
                if op.ids.is_empty() {
                    let empty = r#"{"resultList":[]}"#.to_string();
                    return Step::Done(Ok((Output::Data("json", empty), Vec::new())));
                }
            }
            "getAllUserListOfMessageReaction" => {
                let m = a0.get("message");
                op.conversation_id = text(m, "conversationID");
                op.ids = vec![text(m, "ID")];
                op.reaction = text(a0, "reactionID");
                op.next = a0
                    .get("nextSeq")
                    .as_number()
                    .filter(|n| n.is_finite() && *n > 0.0)
                    .map_or(0, |n| n as u64);
                op.count = count_of(a0.get("count"), PAGE_MAX as usize) as u64;
            }
            _ => {
                op.conversation_id = text(a0, "conversationID");
                op.ids = vec![text(a0, "ID")];
                op.reaction = args
                    .get(1)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
            }
        }
        Step::ask(Request::MessageOp(op), move |c, res| {
            let mut j = Json::new();
            match res? {
                Response::Reactions(list) => {
                    j.open().key("resultList").open_array();
                    for (id, reactions) in &list {
                        message_reactions(&mut j, id, reactions);
                    }
                    j.close_array().close();
                }
                Response::ReactionUsers { users, next } => {
                    j.open().key("userList").open_array();
                    for u in &users {
                        user(&mut j, u);
                    }
                    j.close_array()
                        .key("nextSeq")
                        .num(next)
                        .key("isCompleted")
                        .bool(next == 0)
                        .close();
                }
                Response::Done => {
                    // The change's own MESSAGE_REACTIONS_UPDATED comes before the Promise resolves.
                    let own = c.take_own_pushes();
                    return Ok((Output::Data("json", "{}".to_string()), c.apply_pushes(own)));
                }
                _ => return Err(Error::of(Code::UncaughtError)),
            }
            Ok((Output::Data("json", j.finish()), Vec::new()))
        })
    }
}
