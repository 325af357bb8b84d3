//! The full build's message lifecycle: revokeMessage, deleteMessage and
//! getMessageListHopping, as the original gives them.

use super::api::{text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::hopping::HOP_MAX;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::message_ops::{ERR_DELETE_SYSTEM, MAX_DELETE};
use crate::cloud::protocol::{Request, Response};
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::value::Value;

impl Client {
    /// `revokeMessage(message)` → `{message}`: the caller's message object, now `isRevoked`
    /// with its `revoker`; the conversation follows when it was the last message.
    pub(crate) fn revoke_step(&self, m: &Value) -> Step<Output> {
        let id = text(m, "ID");
        let op = MessageOp {
            op: "revokeMessage".to_string(),
            conversation_id: text(m, "conversationID"),
            ids: vec![id.clone()],
            ..MessageOp::default()
        };
        Step::ask(Request::MessageOp(op), move |c, res| {
            let (message, events) = c.message_changed(res)?;
            Ok((Output::Sent(id, message.to_json()), events))
        })
    }

    /// `deleteMessage(messageList)` → `{messageList}`: the messages sent (status `success`) of
    /// the first one's conversation, the first 30, marked `isDeleted` (the facade marks the
    /// caller's objects); a system notice is not deleted (2116).
    pub(crate) fn delete_step(&self, list: &Value) -> Step<Output> {
        let items = list.as_array().unwrap_or_default();
        let first = items.first().unwrap_or(&Value::Null);
        let conv = text(first, "conversationID");
        if first.get("conversationType").as_str() == Some(crate::core::conversation::SYSTEM_ID) {
            return Step::Done(Err(Error::raw(
                ERR_DELETE_SYSTEM,
                "a group system notice cannot be deleted",
            )));
        }
        let ids: Vec<String> = items
            .iter()
            .filter(|m| {
                m.get("status").as_str() == Some("success") && text(m, "conversationID") == conv
            })
            .map(|m| text(m, "ID"))
            .take(MAX_DELETE)
            .collect();
        if ids.is_empty() {
            return Step::Done(Ok((Output::Deleted(ids), Vec::new())));
        }
        let op = MessageOp {
            op: "deleteMessage".to_string(),
            conversation_id: conv,
            ids: ids.clone(),
            ..MessageOp::default()
        };
        Step::ask(Request::MessageOp(op), move |c, res| {
            res?;
            let own = c.take_own_pushes();
            Ok((Output::Deleted(ids), c.apply_pushes(own)))
        })
    }

    /// `getMessageListHopping({conversationID, sequence?, time?, direction?, count?})` →
    /// `{messageList, isCompleted, nextMessageSeq}` (a group, by sequence) or `{messageList,
    /// isCompleted, nextMessageTime}` (a one-to-one chat, by time): up to `count` (at most 15)
    /// messages from the point, older (`direction` 0) or newer (1), oldest first; the next
    /// value continues the same way (`""` once complete). As the original: a group's newer
    /// page without a sequence, or another kind of conversation, is empty and complete; a
    /// group's newer pages complete only when one comes back empty.
    pub(crate) fn hop_step(&self, a0: &Value) -> Step<Output> {
        let conv = text(a0, "conversationID");
        let kind = ConvType::of(&conv);
        let group = kind == ConvType::Group;
        let newer = a0.get("direction").as_number() == Some(1.0);
        let count = super::api::count_of(a0.get("count"), HOP_MAX);
        let next_key = if group {
            "nextMessageSeq"
        } else {
            "nextMessageTime"
        };
        let anchor = a0
            .get(if group { "sequence" } else { "time" })
            .as_number()
            .filter(|n| n.is_finite() && *n >= 1.0)
            .map(|n| n as u64);
        if !matches!(kind, ConvType::C2c | ConvType::Group) || (group && newer && anchor.is_none())
        {
            let mut j = Json::new();
            j.open().key("messageList").open_array().close_array();
            j.key("isCompleted")
                .bool(true)
                .key(next_key)
                .str("")
                .close();
            return Step::Done(Ok((Output::Data("messageList", j.finish()), Vec::new())));
        }
        let anchor = anchor.unwrap_or(0);
        // Going on from where a page of this direction ended (its time given back): past its
        // message, so that messages of that second are neither repeated nor skipped.
        let cursor = self
            .hops
            .iter()
            .find(|(c, n, t, _)| *c == conv && *n == newer && *t == anchor && !group)
            .map(|h| h.3.clone());
        let op = MessageOp {
            op: "getMessageListHopping".to_string(),
            conversation_id: conv.clone(),
            ids: cursor.into_iter().collect(),
            count: count as u64,
            next: anchor,
            newer,
            ..MessageOp::default()
        };
        Step::ask(Request::MessageOp(op), move |c, res| {
            let Response::Messages { messages, complete } = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            let complete = if group && newer {
                messages.is_empty()
            } else {
                complete
            };
            let edge = if newer {
                messages.last()
            } else {
                messages.first()
            };
            c.hops.retain(|(x, n, _, _)| !(*x == conv && *n == newer));
            let mut j = Json::new();
            j.open().key("messageList");
            messages.write(&mut j);
            j.key("isCompleted").bool(complete).key(next_key);
            match edge.filter(|_| !complete) {
                Some(m) if group => {
                    j.num(if newer {
                        m.sequence + 1
                    } else {
                        m.sequence.saturating_sub(1)
                    });
                }
                Some(m) => {
                    j.num(m.time);
                    c.hops.push((conv, newer, m.time, m.id.clone()));
                }
                None => {
                    j.str("");
                }
            }
            j.close();
            Ok((Output::Data("messageList", j.finish()), Vec::new()))
        })
    }
}
