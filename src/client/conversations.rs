//! Conversation methods (spec §9): profile, delete, read state.

use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::conversation::{target_of, ConvType, Conversation};
use crate::core::error::{Code, Error};
use crate::core::event::Events;

impl Client {
    /// `getConversationProfile(id)` (spec §9.2): the local conversation, or one built from the
    /// cloud; a new C2C conversation is inserted after the pinned ones.
    pub fn get_conversation_profile(&mut self, link: &mut dyn CloudLink, now: u64, id: &str) -> Reply<Conversation> {
        if let Some(c) = self.store.get(id) {
            return Ok((c.clone(), Vec::new()));
        }
        let mut conv = Conversation::new(id);
        let target = target_of(id).to_string();
        match conv.kind {
            ConvType::C2c => {
                let Response::Profiles(mut p) = self.req(link, Request::GetProfiles { user_ids: vec![target] }, now)? else {
                    return Err(Error::of(Code::UncaughtError));
                };
                conv.user_profile = p.pop();
            }
            // A group the user belongs to (spec §9.2 step 5); any other group, or a group that
            // does not exist, gives a temporary object that is not inserted (step 4).
            ConvType::Group => match self.req(link, Request::GetGroupProfile { group_id: target }, now) {
                Ok(Response::Group(g)) if !g.role.is_empty() => {
                    conv.sub_type = g.kind.clone();
                    conv.group_profile = Some(g);
                }
                _ => return Ok((conv, Vec::new())),
            },
            _ => return Ok((conv, Vec::new())),
        }
        conv.is_info_completed = true;
        // The cloud's default for a new conversation (CONTRACT §7).
        conv.message_remind_type = Some("AcceptAndNotify".to_string());
        self.store.put(conv.clone());
        self.store.insert_after_pinned(id);
        let mut events = Events::default();
        events.list_changed();
        Ok((conv, self.finish(events)))
    }

    /// `deleteConversation` (spec §9.3): returns the IDs deleted; none → 2500.
    pub fn delete_conversations(&mut self, link: &mut dyn CloudLink, now: u64, ids: &[String], clear_history: bool) -> Reply<Vec<String>> {
        let present: Vec<String> = ids.iter().filter(|id| self.store.contains(id)).cloned().collect();
        if present.is_empty() {
            return Err(Error::of(Code::ConvNotFound));
        }
        let Response::Deleted(mut deleted) = self.req(link, Request::DeleteConversations { ids: present.clone(), clear_history }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        // Conversations the cloud did not know (created locally only) are removed locally.
        for id in &present {
            if !deleted.contains(id) {
                deleted.push(id.clone());
            }
        }
        let mut events = Events::default();
        for id in &deleted {
            if self.store.remove(id) {
                events.list_changed();
            }
        }
        Ok((deleted, self.finish(events)))
    }

    /// `setMessageRead({conversationID})` (spec §9.8).
    pub fn set_message_read(&mut self, link: &mut dyn CloudLink, now: u64, id: &str) -> Reply<()> {
        match self.store.get(id) {
            Some(c) if c.unread_count > 0 => {}
            _ => return Ok(((), Vec::new())),
        }
        self.req(link, Request::SetRead { conversation_id: id.to_string() }, now)?;
        let mut events = Events::default();
        if self.store.update(id, |c| std::mem::replace(&mut c.unread_count, 0) != 0) {
            events.list_changed();
        }
        Ok(((), self.finish(events)))
    }

    /// `setAllMessageRead({scope})` (spec §9.9).
    pub fn set_all_message_read(&mut self, link: &mut dyn CloudLink, now: u64, scope: &str) -> Reply<()> {
        let (c2c, group) = match scope {
            "readAllC2CMessage" => (true, false),
            "readAllGroupMessage" => (false, true),
            _ => (true, true),
        };
        let targets: Vec<String> = self
            .store
            .visible()
            .filter(|e| e.conv.unread_count > 0 && ((c2c && e.conv.kind == ConvType::C2c) || (group && e.conv.kind == ConvType::Group)))
            .map(|e| e.conv.conversation_id.clone())
            .collect();
        if targets.is_empty() {
            return Ok(((), Vec::new()));
        }
        self.req(link, Request::SetAllRead { c2c, group }, now)?;
        let mut events = Events::default();
        for id in targets {
            if self.store.update(&id, |c| std::mem::replace(&mut c.unread_count, 0) != 0) {
                events.list_changed();
            }
        }
        Ok(((), self.finish(events)))
    }
}
