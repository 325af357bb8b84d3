//! The full build's message lifecycle: revokeMessage and deleteMessage, as the original gives
//! them.

use super::api::{text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::message_ops::{ERR_DELETE_SYSTEM, MAX_DELETE};
use crate::cloud::protocol::Request;
use crate::core::error::Error;
use crate::core::event::Events;
use crate::core::json::ToJson;
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
            let mut events = Events::default();
            c.apply_into(&mut events, own);
            Ok((Output::Deleted(ids), c.finish(events)))
        })
    }
}
