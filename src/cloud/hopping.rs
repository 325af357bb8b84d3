//! The full build's getMessageListHopping: a page of a chat's history from a point, older or
//! newer — a group's by message sequence, a one-to-one chat's by time (with the message a
//! previous page ended at, so messages of one second are neither skipped nor repeated).
//!
//! What a page reads is one [`Hop`]: the server loads exactly those messages (`slice.rs`, its
//! rows in `server/src/rows.rs`) and the page is computed from them as from the whole thread.

use super::message_ops::MessageOp;
use super::protocol::Response;
use super::state::{Cloud, Stored};
use crate::core::conversation::ConvType;
use crate::core::error::Error;

/// The most messages one page holds (the original's).
pub const HOP_MAX: usize = 15;

/// The messages of one thread a page reads: those after `after_seq` (the user's cleared
/// history), at or before `anchor` (older; 0: the newest) or at or after it (newer), and past
/// the `cursor` message when it is one of the thread's; `count` of them, nearest the anchor
/// first. The anchor is a time (`by_time`: messages in (time, sequence) order, a message of
/// the same second as the cursor but past it still comes) or a sequence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hop {
    pub thread: String,
    pub by_time: bool,
    pub anchor: u64,
    pub newer: bool,
    pub cursor: Option<String>,
    pub after_seq: u64,
    pub count: usize,
}

impl Hop {
    /// A message's place in this hop's order.
    fn key(&self, m: &Stored) -> (u64, u64) {
        (if self.by_time { m.time } else { m.seq }, m.seq)
    }

    /// The thread's messages this hop reads, nearest the anchor first (`messages` in sequence
    /// order: the whole thread, or what a slice loaded of it).
    pub fn select<'a>(&self, messages: &'a [Stored]) -> Vec<&'a Stored> {
        let cursor = self
            .cursor
            .as_ref()
            .and_then(|id| messages.iter().rev().find(|m| m.id == *id))
            .map(|m| self.key(m));
        // The `count` nearest, kept in order as they come (no sort: a page is small).
        let mut found: Vec<&Stored> = Vec::new();
        for m in messages {
            let k = self.key(m);
            let fits = m.seq > self.after_seq
                && if self.newer {
                    k.0 >= self.anchor && cursor.is_none_or(|c| k > c)
                } else {
                    (self.anchor == 0 || k.0 <= self.anchor) && cursor.is_none_or(|c| k < c)
                };
            if fits {
                let at = found.partition_point(|x| (self.key(x) < k) == self.newer);
                if at < self.count {
                    found.insert(at, m);
                    found.truncate(self.count);
                }
            }
        }
        found
    }
}

/// The messages a page holds: `count`, 1 to [`HOP_MAX`] (clamped before narrowing: `usize`
/// is 32 bits in the page).
fn page_count(op: &MessageOp) -> usize {
    op.count.clamp(1, HOP_MAX as u64) as usize
}

impl Cloud {
    /// The hop `op` asks for as `user` sees the chat: a page wide enough that the messages
    /// the user deleted, which it passes over, leave `count` and one more to tell whether
    /// the page is the last.
    pub(super) fn hop_of(&self, user: &str, op: &MessageOp) -> Hop {
        let conv = op.conversation_id.as_str();
        let rec = self.users.get(user).and_then(|s| s.convs.get(conv));
        Hop {
            thread: Self::thread_key(user, conv),
            by_time: ConvType::of(conv) != ConvType::Group,
            anchor: op.next,
            newer: op.newer,
            cursor: op.ids.first().cloned(),
            after_seq: rec.map_or(0, |r| r.cleared_to),
            count: page_count(op) + 1 + rec.map_or(0, |r| r.deleted.len()),
        }
    }

    /// getMessageListHopping: up to `count` messages (at most [`HOP_MAX`]) from `op.next`,
    /// oldest first, and whether none is left that way. A group's history is for its members
    /// (10010, 10007).
    pub(super) fn hop(&self, user: &str, op: &MessageOp) -> Result<Response, Error> {
        let conv = op.conversation_id.as_str();
        self.may_read_history(user, conv)?;
        let hop = self.hop_of(user, op);
        let deleted = self
            .users
            .get(user)
            .and_then(|s| s.convs.get(conv))
            .map_or(&[][..], |r| &r.deleted[..]);
        let count = page_count(op);
        let mut page: Vec<&Stored> = match self.threads.get(&hop.thread) {
            Some(t) => hop
                .select(&t.messages)
                .into_iter()
                .filter(|m| deleted.binary_search(&m.seq).is_err())
                .collect(),
            None => Vec::new(),
        };
        let complete = page.len() <= count;
        page.truncate(count);
        if !hop.newer {
            page.reverse();
        }
        Ok(Response::Messages {
            messages: page.into_iter().map(|m| self.view(user, conv, m)).collect(),
            complete,
        })
    }
}
