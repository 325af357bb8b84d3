//! Messages: create, send, history (issue: local cloud).

use super::step::Step;
use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::message::{Message, Payload};
use crate::core::value::Value;

/// `getMessageList` result: `{messageList, nextReqMessageID, isCompleted}`.
#[derive(Debug, PartialEq)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    pub next_req_message_id: String,
    pub is_completed: bool,
}

/// modifyMessage's conflict (MSG_MODIFY_CONFLICT): the message was modified meanwhile.
#[cfg(feature = "full")]
pub const CONFLICT: u32 = 2480;

impl Client {
    /// `createTextMessage` / `createCustomMessage`: a message not sent yet (status `unSend`).
    pub fn create_message(
        &mut self,
        conv_type: &str,
        to: &str,
        payload: Payload,
        cloud_custom_data: String,
        now: u64,
    ) -> Message {
        let random = self.random() >> 1;
        let msg = Message::draft(
            &self.user(),
            conv_type,
            to,
            payload,
            cloud_custom_data,
            random,
            now,
        );
        self.drafts.insert(msg.id.clone(), msg.clone());
        msg
    }

    /// A created message with the options `create*Message` took (`needReadReceipt`,
    /// `isSupportExtension`), kept until it is sent.
    #[cfg(feature = "full")]
    pub(crate) fn with_flags(&mut self, mut m: Message, options: &Value) -> Message {
        use crate::core::message::flags::{EXTENSION, READ_RECEIPT};
        let on = |k: &str| options.get(k).as_bool() == Some(true);
        m.flags = if on("needReadReceipt") {
            READ_RECEIPT
        } else {
            0
        } | if on("isSupportExtension") {
            EXTENSION
        } else {
            0
        };
        if let Some(draft) = self.drafts.get_mut(&m.id) {
            draft.flags = m.flags;
        }
        m
    }

    /// A file message's payload again, as the page's facade passes it once the file is stored
    /// (js/media.js: an image's size is known then); only a file's payload takes it.
    #[cfg(feature = "full")]
    pub(crate) fn stored_file(&mut self, id: &str, payload: Option<&Value>) {
        if let (Some(d), Some(p)) = (
            self.drafts.get_mut(id),
            payload.filter(|p| matches!(p, Value::Object(_))),
        ) {
            if let Payload::Media { kind, .. } = d.payload {
                d.payload = Payload::media(kind, p);
            }
        }
    }

    /// `sendMessage(message)`: the message as stored (status `success`, sequence, time).
    /// `online`: `sendMessage(message, {onlineUserOnly: true})`, delivered to online sessions
    /// only and kept nowhere; the conversation list does not change.
    pub fn send_message(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        message_id: &str,
        online: bool,
    ) -> Reply<Message> {
        let step = self.send_message_step(message_id, online);
        self.drive(link, now, step)
    }

    pub fn send_message_step(&mut self, message_id: &str, online: bool) -> Step<Message> {
        let Some(draft) = self.drafts.get(message_id).cloned() else {
            return Step::Done(Err(Error::raw(
                2105,
                "sendMessage needs a message created by this instance's create*Message",
            )));
        };
        let conv_type = match draft.conversation_type.as_str() {
            "C2C" => ConvType::C2c,
            "GROUP" => ConvType::Group,
            other => {
                return Step::Done(Err(Error::raw(
                    2106,
                    format!("sendMessage: conversationType must be C2C or GROUP, got \"{other}\""),
                )))
            }
        };
        let (to, payload, cloud_custom_data) = (
            draft.to.clone(),
            draft.payload.clone(),
            draft.cloud_custom_data.clone(),
        );
        let (random, client_time) = (draft.random, draft.client_time);
        let req = if online {
            Request::SendOnline {
                conv_type,
                to,
                payload,
                cloud_custom_data,
                random,
                client_time,
            }
        } else {
            Request::SendMessage {
                conv_type,
                to,
                payload,
                cloud_custom_data,
                random,
                client_time,
                #[cfg(feature = "full")]
                flags: draft.flags,
            }
        };
        let message_id = message_id.to_string();
        Step::ask(req, move |c, res| c.message_sent(res, &message_id))
    }

    fn message_sent(&mut self, res: Result<Response, Error>, message_id: &str) -> Reply<Message> {
        let (message, conv) = match res? {
            Response::Sent { message, conv } => (message, conv),
            Response::SentOnline { message } => {
                self.drafts.remove(message_id);
                return Ok((message, Vec::new()));
            }
            _ => return Err(Error::of(Code::UncaughtError)),
        };
        self.drafts.remove(message_id);
        let c = self.conversation_from(conv);
        let mut events = Events::default();
        if self.store.put(c) {
            self.store.sort();
            events.list_changed();
        }
        Ok((message, self.finish(events)))
    }

    /// `modifyMessage(message)`: the message object's `cloudCustomData` and text or custom
    /// payload become the stored message's; the conversation follows when it was the last one.
    pub fn modify_message(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        m: &Value,
    ) -> Reply<Message> {
        self.drive(link, now, Self::modify_message_step(m))
    }

    pub fn modify_message_step(m: &Value) -> Step<Message> {
        let s = |v: &Value, k: &str| v.get(k).as_str().unwrap_or_default().to_string();
        // An @-text stays one when the message names users.
        let at = Some(m.get("atUserList")).filter(|a| a.as_array().is_some_and(|a| !a.is_empty()));
        let payload = Payload::of(
            m.get("type").as_str().unwrap_or_default(),
            m.get("payload"),
            at,
        );
        let req = Request::ModifyMessage {
            conversation_id: s(m, "conversationID"),
            message_id: s(m, "ID"),
            cloud_custom_data: m.get("cloudCustomData").as_str().map(str::to_string),
            payload,
            // The version this object shows: changed meanwhile, and it is a conflict (2480).
            #[cfg(feature = "full")]
            version: m.get("version").as_number().map(|v| v as u64),
        };
        Step::ask(req, |c, res| c.message_changed(res))
    }

    /// A message changed (modified, revoked): the message, and the conversation when it was
    /// its last message.
    pub(crate) fn message_changed(&mut self, res: Result<Response, Error>) -> Reply<Message> {
        let res = res?;
        // modifyMessage's conflict: the message as it is now is kept for the facade, which
        // puts it in the error's `data.message`, as the original.
        #[cfg(feature = "full")]
        if let Response::ModifyConflict { message } = res {
            self.conflict = Some(crate::core::json::ToJson::to_json(&message));
            return Err(Error::raw(
                CONFLICT,
                "the message was modified meanwhile: data.message is the message as it is now",
            ));
        }
        let Response::Modified { message, conv } = res else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut events = Events::default();
        if let Some(snap) = conv {
            let conv = self.conversation_from(snap);
            if self.store.put(conv) {
                events.list_changed();
            }
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
    pub fn get_message_list(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        conversation_id: &str,
        next: Option<String>,
        count: usize,
    ) -> Result<MessagePage, Error> {
        self.drive(
            link,
            now,
            Self::get_message_list_step(conversation_id, next, count),
        )
        .map(|(p, _)| p)
    }

    pub fn get_message_list_step(
        conversation_id: &str,
        next: Option<String>,
        count: usize,
    ) -> Step<MessagePage> {
        Step::ask(
            Request::GetMessages {
                conversation_id: conversation_id.to_string(),
                before: next,
                count,
            },
            |_, res| {
                let Response::Messages { messages, complete } = res? else {
                    return Err(Error::of(Code::UncaughtError));
                };
                let next_req_message_id =
                    messages.first().map(|m| m.id.clone()).unwrap_or_default();
                Ok((
                    MessagePage {
                        messages,
                        next_req_message_id,
                        is_completed: complete,
                    },
                    Vec::new(),
                ))
            },
        )
    }
}
