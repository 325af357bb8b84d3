//! The full build's read receipts as the original gives them, for messages sent with
//! `needReadReceipt: true`: sendMessageReadReceipt (others' messages, 2114 when none of the list
//! qualifies) resolves `{}`; getMessageReadReceiptList resolves `{messageList}` — the caller's
//! own objects, their `readReceiptInfo` filled in (the facade, `Output::Receipts`; one-to-one
//! too, where the original answers from what it holds);
//! getGroupMessageReadMemberList a page of readers or non-readers; the sender's sessions get
//! MESSAGE_READ_RECEIPT_RECEIVED (`[{groupID, messageID, readCount, unreadCount}]` for a
//! group, `[{userID, messageID, isPeerRead, timestamp}]` one-to-one).

use super::api::{count_of, text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::protocol::{Request, Response};
use crate::cloud::receipts::PAGE_MAX;
use crate::core::conversation::{target_of, ConvType};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::json::Json;
use crate::core::value::Value;

pub const RECEIPT_RECEIVED: &str = "onMessageReadReceiptReceived";

/// MESSAGE_READ_RECEIPT_RECEIVED for one message read (one event each: keyed by its ID).
pub(crate) fn receipt_event(
    events: &mut Events,
    conv: &str,
    id: String,
    (read, unread, time): (u32, u32, u64),
) {
    let group = ConvType::of(conv) == ConvType::Group;
    let mut j = Json::new();
    j.open_array()
        .open()
        .key(if group { "groupID" } else { "userID" })
        .str(target_of(conv))
        .key("messageID")
        .str(&id);
    if group {
        j.key("readCount")
            .num(u64::from(read))
            .key("unreadCount")
            .num(u64::from(unread));
    } else {
        j.key("isPeerRead").bool(true).key("timestamp").num(time);
    }
    j.close().close_array();
    events.push(Event::Keyed(RECEIPT_RECEIVED, id, j.finish()));
}

impl Client {
    /// `sendMessageReadReceipt(messageList)`, `getMessageReadReceiptList(messageList)`,
    /// `getGroupMessageReadMemberList({message, filter, cursor, count})`.
    pub(crate) fn receipt_step(&self, name: &str, a0: &Value) -> Step<Output> {
        let page = name == "getGroupMessageReadMemberList";
        let messages = if page {
            std::slice::from_ref(a0.get("message"))
        } else {
            a0.as_array().unwrap_or_default()
        };
        let first = messages.first().unwrap_or(&crate::core::value::UNDEFINED);
        // The cloud picks those that asked for receipts: others' to acknowledge, one's own to
        // count (2114 when there are none to acknowledge).
        let mut ids = Vec::new();
        for m in messages {
            ids.push(text(m, "ID"));
        }
        let unread = a0.get("filter") == &Value::Number(1.0);
        let op = MessageOp {
            op: name.to_string(),
            conversation_id: text(first, "conversationID"),
            ids,
            newer: unread,
            // The cursor: the last user of the page before (opaque to the app, as the original's).
            reaction: text(a0, "cursor"),
            count: count_of(a0.get("count"), PAGE_MAX as usize) as u64,
            ..MessageOp::default()
        };
        let message_id = text(first, "ID");
        let name_is_send = name == "sendMessageReadReceipt";
        let group = text(first, "conversationType") == "GROUP";
        Step::ask(Request::MessageOp(op), move |_, res| {
            let mut j = Json::new();
            match res? {
                Response::Receipts(list) if !page => {
                    if name_is_send {
                        return Ok((Output::Data("json", "{}".into()), Vec::new()));
                    }
                    // `{messageID: readReceiptInfo's new fields}`, for the facade to fill in.
                    j.open();
                    for (id, read, unread) in &list {
                        j.key(id).open();
                        if group {
                            j.key("readCount")
                                .num(u64::from(*read))
                                .key("unreadCount")
                                .num(u64::from(*unread));
                        } else {
                            j.key("isPeerRead").bool(*read > 0);
                        }
                        j.close();
                    }
                    j.close();
                    Ok((Output::Receipts(j.finish()), Vec::new()))
                }
                Response::ReactionUsers { users, next } => {
                    let mut ids = Vec::new();
                    for (u, _, _) in users {
                        ids.push(u);
                    }
                    let (read, not): (&[String], &[String]) =
                        if unread { (&[], &ids) } else { (&ids, &[]) };
                    let cursor = match ids.last() {
                        Some(u) if next > 0 => u.as_str(),
                        _ => "",
                    };
                    j.open()
                        .key("cursor")
                        .str(cursor)
                        .key("isCompleted")
                        .bool(next == 0)
                        .key("messageID")
                        .str(&message_id)
                        .key("unreadUserIDList")
                        .strs(not)
                        .key("readUserIDList")
                        .strs(read)
                        .close();
                    Ok((Output::Data("json", j.finish()), Vec::new()))
                }
                _ => Err(Error::of(Code::UncaughtError)),
            }
        })
    }
}
