//! Conversation methods (spec §9): profile, delete, read state.

use super::step::Step;
use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::conversation::{target_of, ConvType, Conversation};
use crate::core::error::{Code, Error};
use crate::core::event::Events;

impl Client {
    /// `getConversationProfile(id)` (spec §9.2): the local conversation, or one built from the
    /// cloud; a new C2C conversation is inserted after the pinned ones.
    pub fn get_conversation_profile(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        id: &str,
    ) -> Reply<Conversation> {
        let step = self.get_conversation_profile_step(id);
        self.drive(link, now, step)
    }

    pub fn get_conversation_profile_step(&mut self, id: &str) -> Step<Conversation> {
        if let Some(c) = self.store.get(id) {
            return Step::Done(Ok((c.clone(), Vec::new())));
        }
        let mut conv = Conversation::new(id);
        let target = target_of(id).to_string();
        match conv.kind {
            ConvType::C2c => Step::ask(
                Request::GetProfiles {
                    user_ids: vec![target],
                },
                move |c, res| {
                    let Response::Profiles(mut p) = res? else {
                        return Err(Error::of(Code::UncaughtError));
                    };
                    conv.user_profile = p.pop();
                    c.insert_fetched(conv)
                },
            ),
            // A group the user belongs to (spec §9.2 step 5); any other group, or a group that
            // does not exist, gives a temporary object that is not inserted (step 4).
            ConvType::Group => Step::ask(
                Request::GetGroupProfile { group_id: target },
                move |c, res| match res {
                    Ok(Response::Group(g)) if !g.role.is_empty() => {
                        conv.sub_type = g.kind.clone();
                        conv.group_profile = Some(g);
                        c.insert_fetched(conv)
                    }
                    _ => Ok((conv, Vec::new())),
                },
            ),
            _ => Step::Done(Ok((conv, Vec::new()))),
        }
    }

    /// A conversation built from the cloud goes into the list, after the pinned ones.
    fn insert_fetched(&mut self, mut conv: Conversation) -> Reply<Conversation> {
        let id = conv.conversation_id.clone();
        conv.is_info_completed = true;
        // The cloud's default for a new conversation (CONTRACT §7).
        conv.message_remind_type = Some("AcceptAndNotify".to_string());
        self.store.put(conv.clone());
        self.store.insert_after_pinned(&id);
        let mut events = Events::default();
        events.list_changed();
        Ok((conv, self.finish(events)))
    }

    /// `deleteConversation` (spec §9.3): returns the IDs deleted; none → 2500.
    pub fn delete_conversations(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        ids: &[String],
        clear_history: bool,
    ) -> Reply<Vec<String>> {
        let step = self.delete_conversations_step(ids, clear_history);
        self.drive(link, now, step)
    }

    pub fn delete_conversations_step(
        &mut self,
        ids: &[String],
        clear_history: bool,
    ) -> Step<Vec<String>> {
        let mut present: Vec<String> = Vec::new();
        for id in ids {
            if self.store.contains(id) {
                present.push(id.clone());
            }
        }
        if present.is_empty() {
            return Step::Done(Err(Error::of(Code::ConvNotFound)));
        }
        Step::ask(
            Request::DeleteConversations {
                ids: present.clone(),
                clear_history,
            },
            move |c, res| c.conversations_deleted(res, present),
        )
    }

    fn conversations_deleted(
        &mut self,
        res: Result<Response, Error>,
        present: Vec<String>,
    ) -> Reply<Vec<String>> {
        let Response::Deleted(mut deleted) = res? else {
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
        let step = self.set_message_read_step(id);
        self.drive(link, now, step)
    }

    pub fn set_message_read_step(&mut self, id: &str) -> Step<()> {
        match self.store.get(id) {
            Some(c) if c.unread_count > 0 => {}
            _ => return Step::Done(Ok(((), Vec::new()))),
        }
        let id = id.to_string();
        Step::ask(
            Request::SetRead {
                conversation_id: id.clone(),
            },
            move |c, res| {
                res?;
                Ok(((), c.mark_read(std::slice::from_ref(&id))))
            },
        )
    }

    /// Zeroes the unread counts of these conversations; the events.
    pub(crate) fn mark_read(&mut self, ids: &[String]) -> Vec<crate::core::event::Event> {
        let mut events = Events::default();
        for id in ids {
            let read = |c: &mut Conversation| {
                (std::mem::replace(&mut c.unread_count, 0) != 0)
                    | !std::mem::take(&mut c.group_at_list).is_empty()
            };
            if self.store.update(id, read) {
                events.list_changed();
            }
        }
        self.finish(events)
    }

    /// `setAllMessageRead({scope})` (spec §9.9).
    pub fn set_all_message_read(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        scope: &str,
    ) -> Reply<()> {
        let step = self.set_all_message_read_step(scope);
        self.drive(link, now, step)
    }

    pub fn set_all_message_read_step(&mut self, scope: &str) -> Step<()> {
        let (c2c, group) = match scope {
            "readAllC2CMessage" => (true, false),
            "readAllGroupMessage" => (false, true),
            _ => (true, true),
        };
        let targets: Vec<String> = self
            .store
            .visible()
            .filter(|e| {
                e.conv.unread_count > 0
                    && ((c2c && e.conv.kind == ConvType::C2c)
                        || (group && e.conv.kind == ConvType::Group))
            })
            .map(|e| e.conv.conversation_id.clone())
            .collect();
        if targets.is_empty() {
            return Step::Done(Ok(((), Vec::new())));
        }
        Step::ask(Request::SetAllRead { c2c, group }, move |c, res| {
            res?;
            Ok(((), c.mark_read(&targets)))
        })
    }
}
