//! The full build's message extensions, carried by [`MessageOp`]: `setMessageExtensions` (keys
//! of 1–100 bytes, values up to 1 KB, the first 20 of a call, at most 300 a message; a key set
//! again takes the new value), `getMessageExtensions` and `deleteMessageExtensions` (some keys,
//! or every one). Every change reaches the participants' other sessions as one
//! [`PushBody::Extensions`] (MESSAGE_EXTENSIONS_UPDATED / MESSAGE_EXTENSIONS_DELETED).

use super::message_ops::MessageOp;
use super::protocol::{PushBody, Response};
use super::state::Cloud;
use super::{Outcome, SessionId};
use crate::core::error::Error;

pub const MAX_PER_CALL: usize = 20;
pub const MAX_PER_MESSAGE: usize = 300;
pub const MAX_KEY_BYTES: usize = 100;
pub const MAX_VALUE_BYTES: usize = 1024;
/// Tencent's invalid-parameter code, per extension: a key empty or too long, a value too long,
/// or the message full.
pub const ERR_INVALID: u32 = 10004;

/// Whether the operation is one of this module's.
pub fn is_extension(op: &MessageOp) -> bool {
    matches!(
        op.op.as_str(),
        "setMessageExtensions" | "getMessageExtensions" | "deleteMessageExtensions"
    )
}

impl Cloud {
    pub(super) fn extension_op(
        &mut self,
        user: &str,
        session: SessionId,
        op: &MessageOp,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (conv, recipients) = self.message_chat(user, &op.conversation_id)?;
        let (at, m) = self.chat_message(user, &conv, op)?;
        if m.flags & crate::core::message::flags::EXTENSION == 0 {
            return Err(Error::raw(
                ERR_INVALID,
                "the message was not sent with isSupportExtension: true",
            ));
        }
        let mut all = m.extensions.clone();
        let id = m.id.clone();
        let mut results = Vec::new();
        let (mut set, mut deleted) = (Vec::new(), Vec::new());
        match op.op.as_str() {
            "getMessageExtensions" => {
                let list = all.into_iter().map(|(k, v)| (0, k, v)).collect();
                return Ok(Response::Extensions(list));
            }
            "setMessageExtensions" => {
                for (k, v) in op.extensions.iter().take(MAX_PER_CALL) {
                    let slot = all.iter().position(|(x, _)| x == k);
                    let fits = slot.is_some() || all.len() < MAX_PER_MESSAGE;
                    let code = if k.is_empty()
                        || k.len() > MAX_KEY_BYTES
                        || v.len() > MAX_VALUE_BYTES
                        || !fits
                    {
                        ERR_INVALID
                    } else {
                        match slot.and_then(|i| all.get_mut(i)) {
                            Some(e) => e.1.clone_from(v),
                            None => all.push((k.clone(), v.clone())),
                        }
                        set.push((k.clone(), v.clone()));
                        0
                    };
                    results.push((code, k.clone(), v.clone()));
                }
            }
            // deleteMessageExtensions: the keys given, or every one.
            _ => {
                let keys: Vec<String> = if op.extensions.is_empty() {
                    all.iter().map(|(k, _)| k.clone()).collect()
                } else {
                    op.extensions.iter().map(|(k, _)| k.clone()).collect()
                };
                for k in keys {
                    if let Some(i) = all.iter().position(|(x, _)| *x == k) {
                        all.remove(i);
                        deleted.push(k.clone());
                    }
                    results.push((0, k, String::new()));
                }
            }
        }
        if !set.is_empty() || !deleted.is_empty() {
            let key = Self::thread_key(user, &conv);
            if let Some(m) = self
                .threads
                .get_mut(&key)
                .and_then(|t| t.messages.get_mut(at))
            {
                m.extensions = all;
            }
            for (member, _) in &recipients {
                let body = PushBody::Extensions {
                    message_id: id.clone(),
                    set: set.clone(),
                    deleted: deleted.clone(),
                };
                let except = (member == user).then_some(session);
                out.push(member, except, body);
            }
        }
        Ok(Response::Extensions(results))
    }
}
