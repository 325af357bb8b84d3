//! The user's own state of conversations (spec §9.4–§9.7, §9.11): draft, pin, marks, custom
//! data, remind type, cleared history.

use super::step::Step;
use super::{Client, ItemsResult, Reply};
use crate::cloud::{CloudLink, ConvChange, ConvSnapshot, Request, Response};
use crate::core::conversation::{ConvType, Conversation, SYSTEM_ID};
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::group::GroupProfile;
use crate::core::message::LastMessage;

impl Client {
    /// Applies the cloud's snapshots; true when a conversation changed.
    fn apply_snapshots(&mut self, snaps: &[ConvSnapshot]) -> bool {
        let mut changed = false;
        for s in snaps {
            let c = self.conversation_from(s.clone());
            changed |= self.store.put(c);
        }
        changed
    }

    /// Asks the cloud to change these conversations; `then` gets whether anything changed here,
    /// and the conversations as the cloud has them now.
    fn change<T: 'static>(
        ids: Vec<String>,
        change: ConvChange,
        then: impl FnOnce(&mut Client, bool, Vec<ConvSnapshot>) -> Reply<T> + 'static,
    ) -> Step<T> {
        Step::ask(Request::UpdateConvs { ids, change }, move |c, res| {
            let Response::Conversations(snaps) = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            let changed = c.apply_snapshots(&snaps);
            then(c, changed, snaps)
        })
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
        let conv = self
            .store
            .get(id)
            .cloned()
            .ok_or_else(|| Error::of(Code::ConvNotFound))?;
        Ok((conv, self.list_event(changed)))
    }

    /// `pinConversation`: no request and no event when nothing changes; an unknown ID gets a
    /// conversation (spec §9.5); at most 50 pinned (51012).
    pub fn pin_conversation(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        id: &str,
        pinned: bool,
    ) -> Reply<()> {
        let step = self.pin_conversation_step(id, pinned);
        self.drive(link, now, step)
    }

    pub fn pin_conversation_step(&mut self, id: &str, pinned: bool) -> Step<()> {
        if self.store.get(id).is_some_and(|c| c.is_pinned == pinned) {
            return Step::Done(Ok(((), Vec::new())));
        }
        let pinned_here = |c: &mut Client, changed: bool, _| {
            c.store.sort();
            Ok(((), c.list_event(changed)))
        };
        if id == SYSTEM_ID {
            let changed = self.store.update(id, |c| {
                std::mem::replace(&mut c.is_pinned, pinned) != pinned
            });
            return Step::Done(pinned_here(self, changed, Vec::new()));
        }
        Self::change(vec![id.to_string()], ConvChange::Pin(pinned), pinned_here)
    }

    /// `markConversation` and `setConversationCustomData`: the pre-check of spec §10.2, then
    /// every checked ID succeeds; one list event if anything changed.
    pub fn update_conversations(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        ids: &[String],
        change: ConvChange,
    ) -> Reply<ItemsResult> {
        let step = self.update_conversations_step(ids, change);
        self.drive(link, now, step)
    }

    pub fn update_conversations_step(
        &mut self,
        ids: &[String],
        change: ConvChange,
    ) -> Step<ItemsResult> {
        let (valid, failures) = self.precheck(ids);
        if valid.is_empty() {
            return Step::Done(Ok((
                ItemsResult {
                    success: Vec::new(),
                    failure: failures,
                },
                Vec::new(),
            )));
        }
        Self::change(valid.clone(), change, move |c, changed, _| {
            Ok((
                ItemsResult {
                    success: valid,
                    failure: failures,
                },
                c.list_event(changed),
            ))
        })
    }

    /// `setMessageRemindType` for C2C users or a group. Muted conversations leave the unread
    /// total (spec §8.6).
    pub fn set_remind_type(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        ids: Vec<String>,
        remind: &str,
    ) -> Reply<Option<GroupProfile>> {
        self.drive(link, now, Self::set_remind_type_step(ids, remind))
    }

    /// Gives the group as it is now, for a group's remind type (`{group}` in the original).
    pub fn set_remind_type_step(ids: Vec<String>, remind: &str) -> Step<Option<GroupProfile>> {
        Self::change(
            ids,
            ConvChange::Remind(remind.to_string()),
            |c, changed, snaps| {
                Ok((
                    snaps.into_iter().find_map(|s| s.group),
                    c.list_event(changed),
                ))
            },
        )
    }

    /// `clearHistoryMessage` (spec §9.11).
    pub fn clear_history(&mut self, link: &mut dyn CloudLink, now: u64, id: &str) -> Reply<()> {
        let step = self.clear_history_step(id);
        self.drive(link, now, step)
    }

    pub fn clear_history_step(&mut self, id: &str) -> Step<()> {
        let Some(conv) = self.store.get(id) else {
            return Step::Done(Err(Error::of(Code::ConvNotFound)));
        };
        match conv.kind {
            ConvType::System => return Step::Done(Ok(((), Vec::new()))),
            ConvType::C2c | ConvType::Group => {}
            _ => return Step::Done(Err(Error::of(Code::ConvUnRecordedType))),
        }
        let id = id.to_string();
        Step::ask(
            Request::ClearHistory {
                conversation_id: id.clone(),
            },
            move |c, res| {
                res?;
                let changed = c.store.update(&id, |conv| {
                    let had = !conv.last_message.is_empty() || conv.unread_count > 0;
                    conv.last_message = LastMessage::default();
                    conv.unread_count = 0;
                    had
                });
                c.store.sort();
                Ok(((), c.list_event(changed)))
            },
        )
    }
}
