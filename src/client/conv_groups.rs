//! The six conversation-group methods (spec §10), with CONTRACT §5's corrections: no event
//! whose data did not change, at most one of each event per call.

use super::step::Step;
use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::error::{Code, Error};
#[cfg(feature = "full")]
use crate::core::event::group_events::{ADDED, CREATED, DELETED, NAME_CHANGED, REMOVED};
use crate::core::event::{Event, Events};
use crate::core::json::{Json, ToJson};

/// A per-conversation failure `{conversationID, code, message}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub conversation_id: String,
    pub code: u32,
    pub message: String,
}

/// `{successConversationIDList, failureConversationIDList}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemsResult {
    pub success: Vec<String>,
    pub failure: Vec<Failure>,
}

impl ToJson for ItemsResult {
    fn write(&self, j: &mut Json) {
        j.open()
            .key("successConversationIDList")
            .strs(&self.success)
            .key("failureConversationIDList")
            .open_array();
        for f in &self.failure {
            j.open()
                .key("conversationID")
                .str(&f.conversation_id)
                .key("code")
                .num(f.code as u64)
                .key("message")
                .str(&f.message)
                .close();
        }
        j.close_array().close();
    }
}

pub(crate) fn failure(id: &str, code: u32) -> Failure {
    let message = match code {
        2500 => Code::ConvNotFound.text().to_string(),
        2503 => Code::InvalidConvId.text().to_string(),
        51008 => "the conversation group already holds 1000 conversations".to_string(),
        _ => format!("failed with code {code}"),
    };
    Failure {
        conversation_id: id.to_string(),
        code,
        message,
    }
}

impl Client {
    /// The local pre-check of spec §10.2: unknown IDs fail with 2500 (even malformed ones),
    /// known IDs that are neither C2C nor GROUP with 2503. Returns (valid IDs, failures).
    pub(crate) fn precheck(&self, ids: &[String]) -> (Vec<String>, Vec<Failure>) {
        let mut valid = Vec::new();
        let mut failures = Vec::new();
        for id in ids {
            if !self.store.contains(id) {
                failures.push(failure(id, 2500));
            } else if !(id.starts_with("C2C") || id.starts_with("GROUP")) {
                failures.push(failure(id, 2503));
            } else {
                valid.push(id.clone());
            }
        }
        (valid, failures)
    }

    pub fn get_conversation_group_list(&self) -> Vec<String> {
        self.store.group_names()
    }

    pub fn create_conversation_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        name: &str,
        ids: &[String],
    ) -> Reply<ItemsResult> {
        let step = self.create_conversation_group_step(name, ids);
        self.drive(link, now, step)
    }

    pub fn create_conversation_group_step(
        &mut self,
        name: &str,
        ids: &[String],
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
        let name = name.to_string();
        Step::ask(
            Request::CreateConvGroup {
                name: name.clone(),
                ids: valid,
            },
            move |c, res| c.conversation_group_created(res, &name, failures),
        )
    }

    fn conversation_group_created(
        &mut self,
        res: Result<Response, Error>,
        name: &str,
        mut failures: Vec<Failure>,
    ) -> Reply<ItemsResult> {
        let Response::ConvGroupCreated { id, results } = res? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut events = Events::default();
        let mut success = Vec::new();
        let mut server_failures = Vec::new();
        let mut changed = false;
        let created = self.store.set_group(id, name);
        if created {
            events.push(Event::ConversationGroupListUpdated(
                self.store.group_names(),
            ));
        }
        for (cid, code) in results {
            if code == 0 {
                changed |= self.store.add_to_group(&cid, name);
                success.push(cid);
            } else {
                server_failures.push(failure(&cid, code));
            }
        }
        if changed {
            events.list_changed();
        }
        #[cfg(feature = "full")]
        if created {
            events.push(Event::GroupConvs(
                CREATED,
                name.to_string(),
                success.clone(),
            ));
        }
        failures.extend(server_failures);
        Ok((
            ItemsResult {
                success,
                failure: failures,
            },
            self.finish(events),
        ))
    }

    /// Resolves `undefined` in the original; errors with 51009 when the group does not exist.
    pub fn delete_conversation_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        name: &str,
    ) -> Reply<()> {
        let step = self.delete_conversation_group_step(name);
        self.drive(link, now, step)
    }

    pub fn delete_conversation_group_step(&mut self, name: &str) -> Step<()> {
        let name = name.to_string();
        Step::ask(
            Request::DeleteConvGroup { name: name.clone() },
            move |c, res| {
                let Response::ConvGroupDeleted { id } = res? else {
                    return Err(Error::of(Code::UncaughtError));
                };
                let mut events = Events::default();
                c.apply_group_deleted(&mut events, id, &name);
                Ok(((), c.finish(events)))
            },
        )
    }

    /// Only a group this client knows is removed from its conversations (spec §12 pushType 6).
    pub(crate) fn apply_group_deleted(&mut self, events: &mut Events, id: u64, name: &str) {
        if !self.store.remove_group(id) {
            return;
        }
        events.push(Event::ConversationGroupListUpdated(
            self.store.group_names(),
        ));
        if self.store.regroup_all(name, None) {
            events.list_changed();
        }
        #[cfg(feature = "full")]
        {
            let mut j = Json::new();
            j.open().key("groupName").str(name).close();
            events.push(Event::Keyed(DELETED, name.to_string(), j.finish()));
        }
    }

    /// Resolves `undefined`; renaming to the same name changes nothing and emits nothing.
    pub fn rename_conversation_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        old: &str,
        new: &str,
    ) -> Reply<()> {
        let step = self.rename_conversation_group_step(old, new);
        self.drive(link, now, step)
    }

    pub fn rename_conversation_group_step(&mut self, old: &str, new: &str) -> Step<()> {
        let (old, new) = (old.to_string(), new.to_string());
        Step::ask(
            Request::RenameConvGroup {
                old: old.clone(),
                new: new.clone(),
            },
            move |c, res| {
                let Response::ConvGroupRenamed { id, changed } = res? else {
                    return Err(Error::of(Code::UncaughtError));
                };
                if !changed {
                    return Ok(((), Vec::new()));
                }
                let mut events = Events::default();
                c.apply_group_renamed(&mut events, id, &old, &new);
                Ok(((), c.finish(events)))
            },
        )
    }

    pub(crate) fn apply_group_renamed(
        &mut self,
        events: &mut Events,
        id: u64,
        old: &str,
        new: &str,
    ) {
        if !self.store.set_group(id, new) {
            return;
        }
        events.push(Event::ConversationGroupListUpdated(
            self.store.group_names(),
        ));
        let renamed = self.store.regroup_all(old, Some(new));
        if renamed {
            events.list_changed();
        }
        #[cfg(feature = "full")]
        {
            let mut j = Json::new();
            j.open()
                .key("oldName")
                .str(old)
                .key("newName")
                .str(new)
                .close();
            events.push(Event::Keyed(NAME_CHANGED, old.to_string(), j.finish()));
        }
    }

    /// `addConversationsToGroup` (`add`) and `deleteConversationsFromGroup` (spec §10.7–§10.8).
    pub fn update_conversation_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        name: &str,
        ids: &[String],
        add: bool,
    ) -> Reply<ItemsResult> {
        let step = self.update_conversation_group_step(name, ids, add);
        self.drive(link, now, step)
    }

    pub fn update_conversation_group_step(
        &mut self,
        name: &str,
        ids: &[String],
        add: bool,
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
        let name = name.to_string();
        Step::ask(
            Request::UpdateConvGroup {
                name: name.clone(),
                add,
                ids: valid,
            },
            move |c, res| c.conversation_group_updated(res, &name, add, failures),
        )
    }

    fn conversation_group_updated(
        &mut self,
        res: Result<Response, Error>,
        name: &str,
        add: bool,
        mut failures: Vec<Failure>,
    ) -> Reply<ItemsResult> {
        let Response::ConvGroupUpdated { results } = res? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut success = Vec::new();
        for (cid, code) in results {
            if code != 0 {
                failures.push(failure(&cid, code));
                continue;
            }
            let changed = if add {
                self.store.add_to_group(&cid, name)
            } else {
                self.store.remove_from_group(&cid, name)
            };
            if changed {
                success.push(cid);
            }
        }
        let mut events = Events::default();
        if !success.is_empty() {
            events.list_changed();
            #[cfg(feature = "full")]
            events.push(Event::GroupConvs(
                if add { ADDED } else { REMOVED },
                name.to_string(),
                success.clone(),
            ));
            events.push(Event::ConversationInGroupUpdated(name.to_string()));
        }
        Ok((
            ItemsResult {
                success,
                failure: failures,
            },
            self.finish(events),
        ))
    }

    /// `setConversationGroupOrder(groupNameList)` (ours): resolves `{groupNameList}`, the order
    /// now.
    #[cfg(feature = "full")]
    pub fn set_group_order_step(&mut self, names: Vec<String>) -> Step<Vec<String>> {
        Step::ask(Request::ConvGroupOrder { names }, move |c, res| {
            let Response::ConvGroupOrder(groups) = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut events = Events::default();
            c.apply_group_order(&mut events, groups);
            Ok((c.store.group_names(), c.finish(events)))
        })
    }

    /// A new order of the groups: CONVERSATION_GROUP_LIST_UPDATED, and the list event when a
    /// conversation's groups are listed in a new order.
    #[cfg(feature = "full")]
    pub(crate) fn apply_group_order(&mut self, events: &mut Events, groups: Vec<(u64, String)>) {
        let names: Vec<String> = groups.iter().map(|(_, n)| n.clone()).collect();
        if names == self.store.group_names() {
            return;
        }
        events.push(Event::ConversationGroupListUpdated(names));
        if self.store.reorder_groups(groups) {
            events.list_changed();
        }
    }

    /// `markConversationGroupAsRead(groupName)` (ours): every conversation of the group read, in
    /// one request; 51009 for a group that does not exist.
    #[cfg(feature = "full")]
    pub fn read_group_step(&mut self, name: &str) -> Step<()> {
        let name = name.to_string();
        Step::ask(
            Request::ReadConvGroup { name: name.clone() },
            move |c, res| {
                res?;
                let ids: Vec<String> = c
                    .store
                    .in_group(&name)
                    .iter()
                    .map(|e| e.conv.conversation_id.clone())
                    .collect();
                Ok(((), c.mark_read(&ids)))
            },
        )
    }
}
