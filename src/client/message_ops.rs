//! The full build's message lifecycle: revokeMessage, as the original gives it.

use super::api::{text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::protocol::Request;
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
        };
        Step::ask(Request::MessageOp(op), move |c, res| {
            let (message, events) = c.message_changed(res)?;
            Ok((Output::Sent(id, message.to_json()), events))
        })
    }
}
