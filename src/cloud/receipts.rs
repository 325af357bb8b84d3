//! The full build's read receipts, carried by [`MessageOp`], for messages sent with
//! `needReadReceipt: true` (`flags::READ_RECEIPT`): `sendMessageReadReceipt` (the reader marks
//! others' messages read: each message keeps who read it, once; the sender's sessions are
//! told, one [`PushBody::Receipt`] a message), `getMessageReadReceiptList` (the sender asks how
//! many read each of their messages, and how many members have not) and `getGroupMessageReadMemberList` (a
//! page of the members who read a group message of theirs, or who have not).

use super::message_ops::MessageOp;
use super::protocol::{PushBody, Response};
use super::state::{Cloud, Stored};
use super::Outcome;
use crate::core::conversation::ConvType;
use crate::core::error::Error;
use crate::core::message::flags::READ_RECEIPT;

/// READ_RECEIPT_MSG_LIST_EMPTY: no message of the list takes a receipt from this user.
pub const LIST_EMPTY: u32 = 2114;

/// A page of readers holds at most this many (the original asks for 100 at most).
pub const PAGE_MAX: u64 = 100;

/// Whether the operation is one of this module's.
pub fn is_receipt(op: &MessageOp) -> bool {
    op.op == "sendMessageReadReceipt" || reads(op)
}

/// Whether the operation only reads.
pub fn reads(op: &MessageOp) -> bool {
    matches!(
        op.op.as_str(),
        "getMessageReadReceiptList" | "getGroupMessageReadMemberList"
    )
}

impl Cloud {
    pub(super) fn receipt_op(
        &mut self,
        user: &str,
        op: &MessageOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (conv, members) = self.message_chat(user, &op.conversation_id)?;
        let group = ConvType::of(&conv) == ConvType::Group;
        // The members a message's readers are counted against: everyone but its sender.
        let others = members.len().saturating_sub(1) as u32;
        let key = Self::thread_key(user, &conv);
        let mut none = super::state::Thread::default();
        let thread = self.threads.get_mut(&key).unwrap_or(&mut none);
        let wanted = |m: &Stored| op.ids.contains(&m.id) && m.flags & READ_RECEIPT != 0;
        match op.op.as_str() {
            "sendMessageReadReceipt" => {
                // The sender of each message read now hears of it, in their view of the chat:
                // the group, or the one-to-one chat with the reader.
                let conversation_id = if group {
                    conv.clone()
                } else {
                    crate::core::conversation::c2c_id(user)
                };
                // Others' messages that asked for receipts (2114 when the list has none).
                let mut any = false;
                for m in thread.messages.iter_mut() {
                    if !wanted(m) || m.from == user {
                        continue;
                    }
                    any = true;
                    if m.readers.iter().any(|r| r == user) {
                        continue;
                    }
                    m.readers.push(user.to_string());
                    let read = m.readers.len() as u32;
                    let body = PushBody::Receipt {
                        conversation_id: conversation_id.clone(),
                        message_id: m.id.clone(),
                        read,
                        unread: others.saturating_sub(read),
                        time: now,
                    };
                    out.push(&m.from, None, body);
                }
                if !any {
                    return Err(Error::raw(
                        LIST_EMPTY,
                        "no message of the list asked for a read receipt from this user",
                    ));
                }
                Ok(Response::Receipts(Vec::new()))
            }
            "getMessageReadReceiptList" => {
                let mut list = Vec::new();
                for m in &thread.messages {
                    if wanted(m) && m.from == user {
                        let read = m.readers.len() as u32;
                        list.push((m.id.clone(), read, others.saturating_sub(read)));
                    }
                }
                Ok(Response::Receipts(list))
            }
            // getGroupMessageReadMemberList: the members who read it (`newer`: who have not), in
            // the group's order; a page starts after the member named in `reaction` (the
            // cursor), from the first when none.
            _ => {
                // Only its sender sees who read a message.
                let Some(m) = thread
                    .messages
                    .iter()
                    .find(|m| wanted(m) && group && m.from == user)
                else {
                    return Err(Error::raw(
                        super::messaging::ERR_MESSAGE_NOT_FOUND,
                        "no group message of yours in this chat that asked for read receipts",
                    ));
                };
                let count = op.count.clamp(1, PAGE_MAX) as usize;
                let (mut users, mut next) = (Vec::new(), 0);
                let mut open = op.reaction.is_empty();
                for (u, _) in &members {
                    if !open {
                        open = *u == op.reaction;
                    } else if *u != m.from && m.readers.contains(u) != op.newer {
                        if users.len() == count {
                            next = 1;
                            break;
                        }
                        users.push((u.clone(), String::new(), String::new()));
                    }
                }
                Ok(Response::ReactionUsers { users, next })
            }
        }
    }
}
