//! Messages: create, send, history (issue: local cloud).

use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::message::{Message, Payload};

/// `getMessageList` result: `{messageList, nextReqMessageID, isCompleted}`.
#[derive(Debug, PartialEq)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    pub next_req_message_id: String,
    pub is_completed: bool,
}

impl Client {
    /// `createTextMessage` / `createCustomMessage`: a message not sent yet (status `unSend`).
    pub fn create_message(&mut self, conv_type: &str, to: &str, payload: Payload, cloud_custom_data: String, now: u64) -> Message {
        let random = self.random() >> 1;
        let msg = Message::draft(&self.user(), conv_type, to, payload, cloud_custom_data, random, now);
        self.drafts.insert(msg.id.clone(), msg.clone());
        msg
    }

    /// `sendMessage(message)`: the message as stored (status `success`, sequence, time).
    pub fn send_message(&mut self, link: &mut dyn CloudLink, now: u64, message_id: &str) -> Reply<Message> {
        let draft = self
            .drafts
            .get(message_id)
            .cloned()
            .ok_or_else(|| Error::raw(2105, "sendMessage needs a message created by this instance's create*Message"))?;
        let conv_type = match draft.conversation_type.as_str() {
            "C2C" => ConvType::C2c,
            "GROUP" => ConvType::Group,
            other => return Err(Error::raw(2106, format!("sendMessage: conversationType must be C2C or GROUP, got \"{other}\""))),
        };
        let req = Request::SendMessage {
            conv_type,
            to: draft.to.clone(),
            payload: draft.payload.clone(),
            cloud_custom_data: draft.cloud_custom_data.clone(),
            random: draft.random,
            client_time: draft.client_time,
        };
        let Response::Sent { message, conv } = self.req(link, req, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        self.drafts.remove(message_id);
        let c = self.conversation_from(&conv);
        let mut events = Events::default();
        if self.store.put(c) {
            self.store.sort();
            events.list_changed();
        }
        Ok((message, self.finish(events)))
    }

    /// A created message not sent yet, by ID.
    pub fn draft(&self, id: &str) -> Option<Message> {
        self.drafts.get(id).cloned()
    }

    /// Keeps a message for sending again (its send was not committed).
    pub fn restore_draft(&mut self, m: Message) {
        self.drafts.insert(m.id.clone(), m);
    }

    /// `getMessageList({conversationID, nextReqMessageID, count})`: oldest first.
    pub fn get_message_list(&mut self, link: &mut dyn CloudLink, now: u64, conversation_id: &str, next: Option<String>, count: usize) -> Result<MessagePage, Error> {
        let Response::Messages { messages, complete } = self.req(link, Request::GetMessages { conversation_id: conversation_id.to_string(), before: next, count }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let next_req_message_id = messages.first().map(|m| m.id.clone()).unwrap_or_default();
        Ok(MessagePage { messages, next_req_message_id, is_completed: complete })
    }
}
