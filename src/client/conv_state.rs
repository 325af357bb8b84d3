//! The user's own state of conversations (spec §9.4–§9.7, §9.11): draft, pin, marks, custom
//! data, remind type, cleared history.

use super::{Client, ItemsResult, Reply};
use crate::cloud::{CloudLink, ConvChange, ConvSnapshot, Request, Response};
use crate::core::conversation::{Conversation, ConvType, SYSTEM_ID};
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::message::LastMessage;

impl Client {
    /// Applies the cloud's snapshots; true when a conversation changed.
    fn apply_snapshots(&mut self, snaps: &[ConvSnapshot]) -> bool {
        let mut changed = false;
        for s in snaps {
            let c = self.conversation_from(s);
            changed |= self.store.put(c);
        }
        changed
    }

    fn change(&mut self, link: &mut dyn CloudLink, now: u64, ids: Vec<String>, change: ConvChange) -> Result<bool, Error> {
        let Response::Conversations(snaps) = self.req(link, Request::UpdateConvs { ids, change }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        Ok(self.apply_snapshots(&snaps))
    }

    fn list_event(&mut self, changed: bool) -> Vec<crate::core::event::Event> {
        let mut events = Events::default();
        if changed {
            events.list_changed();
        }
        self.finish(events)
    }

    /// `setConversationDraft`: local only; 2500 for an unknown conversation.
    pub fn set_draft(&mut self, id: &str, text: &str) -> Reply<Conversation> {
        if !self.store.contains(id) {
            return Err(Error::of(Code::ConvNotFound));
        }
        let changed = self.store.update(id, |c| {
            let old = std::mem::replace(&mut c.draft_text, text.to_string());
            old != text
        });
        let conv = self.store.get(id).cloned().ok_or_else(|| Error::of(Code::ConvNotFound))?;
        Ok((conv, self.list_event(changed)))
    }

    /// `pinConversation`: no request and no event when nothing changes; an unknown ID gets a
    /// conversation (spec §9.5); at most 50 pinned (51012).
    pub fn pin_conversation(&mut self, link: &mut dyn CloudLink, now: u64, id: &str, pinned: bool) -> Reply<()> {
        if self.store.get(id).is_some_and(|c| c.is_pinned == pinned) {
            return Ok(((), Vec::new()));
        }
        let changed = if id == SYSTEM_ID {
            self.store.update(id, |c| std::mem::replace(&mut c.is_pinned, pinned) != pinned)
        } else {
            self.change(link, now, vec![id.to_string()], ConvChange::Pin(pinned))?
        };
        self.store.sort();
        Ok(((), self.list_event(changed)))
    }

    /// `markConversation` and `setConversationCustomData`: the pre-check of spec §10.2, then
    /// every checked ID succeeds; one list event if anything changed.
    pub fn update_conversations(&mut self, link: &mut dyn CloudLink, now: u64, ids: &[String], change: ConvChange) -> Reply<ItemsResult> {
        let (valid, failures) = self.precheck(ids);
        if valid.is_empty() {
            return Ok((ItemsResult { success: Vec::new(), failure: failures }, Vec::new()));
        }
        let changed = self.change(link, now, valid.clone(), change)?;
        Ok((ItemsResult { success: valid, failure: failures }, self.list_event(changed)))
    }

    /// `setMessageRemindType` for C2C users or a group. Muted conversations leave the unread
    /// total (spec §8.6).
    pub fn set_remind_type(&mut self, link: &mut dyn CloudLink, now: u64, ids: Vec<String>, remind: &str) -> Reply<()> {
        let changed = self.change(link, now, ids, ConvChange::Remind(remind.to_string()))?;
        Ok(((), self.list_event(changed)))
    }

    /// `clearHistoryMessage` (spec §9.11).
    pub fn clear_history(&mut self, link: &mut dyn CloudLink, now: u64, id: &str) -> Reply<()> {
        let Some(conv) = self.store.get(id) else { return Err(Error::of(Code::ConvNotFound)) };
        match conv.kind {
            ConvType::System => return Ok(((), Vec::new())),
            ConvType::C2c | ConvType::Group => {}
            _ => return Err(Error::of(Code::ConvUnRecordedType)),
        }
        self.req(link, Request::ClearHistory { conversation_id: id.to_string() }, now)?;
        let changed = self.store.update(id, |c| {
            let had = !c.last_message.is_empty() || c.unread_count > 0;
            c.last_message = LastMessage::default();
            c.unread_count = 0;
            had
        });
        self.store.sort();
        Ok(((), self.list_event(changed)))
    }
}
