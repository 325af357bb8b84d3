//! The six conversation-group methods (spec §10), with CONTRACT §5's corrections: no event
//! whose data did not change, at most one of each event per call.

use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::error::{Code, Error};
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
        j.open().key("successConversationIDList").strs(&self.success).key("failureConversationIDList").open_array();
        for f in &self.failure {
            j.open().key("conversationID").str(&f.conversation_id).key("code").num(f.code as u64).key("message").str(&f.message).close();
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
    Failure { conversation_id: id.to_string(), code, message }
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

    pub fn create_conversation_group(&mut self, link: &mut dyn CloudLink, now: u64, name: &str, ids: &[String]) -> Reply<ItemsResult> {
        let (valid, mut failures) = self.precheck(ids);
        if valid.is_empty() {
            return Ok((ItemsResult { success: Vec::new(), failure: failures }, Vec::new()));
        }
        let Response::ConvGroupCreated { id, results } = self.req(link, Request::CreateConvGroup { name: name.to_string(), ids: valid }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut events = Events::default();
        let mut success = Vec::new();
        let mut server_failures = Vec::new();
        let mut changed = false;
        if self.store.set_group(id, name) {
            events.push(Event::ConversationGroupListUpdated(self.store.group_names()));
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
        failures.extend(server_failures);
        Ok((ItemsResult { success, failure: failures }, self.finish(events)))
    }

    /// Resolves `undefined` in the original; errors with 51009 when the group does not exist.
    pub fn delete_conversation_group(&mut self, link: &mut dyn CloudLink, now: u64, name: &str) -> Reply<()> {
        let Response::ConvGroupDeleted { id } = self.req(link, Request::DeleteConvGroup { name: name.to_string() }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut events = Events::default();
        self.apply_group_deleted(&mut events, id, name);
        Ok(((), self.finish(events)))
    }

    /// Only a group this client knows is removed from its conversations (spec §12 pushType 6).
    pub(crate) fn apply_group_deleted(&mut self, events: &mut Events, id: u64, name: &str) {
        if !self.store.remove_group(id) {
            return;
        }
        events.push(Event::ConversationGroupListUpdated(self.store.group_names()));
        if self.store.for_each_in_group(name, &mut |list| list.retain(|g| g != name)) {
            events.list_changed();
        }
    }

    /// Resolves `undefined`; renaming to the same name changes nothing and emits nothing.
    pub fn rename_conversation_group(&mut self, link: &mut dyn CloudLink, now: u64, old: &str, new: &str) -> Reply<()> {
        let Response::ConvGroupRenamed { id, changed } = self.req(link, Request::RenameConvGroup { old: old.to_string(), new: new.to_string() }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        if !changed {
            return Ok(((), Vec::new()));
        }
        let mut events = Events::default();
        self.apply_group_renamed(&mut events, id, old, new);
        Ok(((), self.finish(events)))
    }

    pub(crate) fn apply_group_renamed(&mut self, events: &mut Events, id: u64, old: &str, new: &str) {
        if !self.store.set_group(id, new) {
            return;
        }
        events.push(Event::ConversationGroupListUpdated(self.store.group_names()));
        let renamed = self.store.for_each_in_group(old, &mut |list| {
            if let Some(slot) = list.iter_mut().find(|g| g.as_str() == old) {
                *slot = new.to_string();
            }
        });
        if renamed {
            events.list_changed();
        }
    }

    /// `addConversationsToGroup` (`add`) and `deleteConversationsFromGroup` (spec §10.7–§10.8).
    pub fn update_conversation_group(&mut self, link: &mut dyn CloudLink, now: u64, name: &str, ids: &[String], add: bool) -> Reply<ItemsResult> {
        let (valid, mut failures) = self.precheck(ids);
        if valid.is_empty() {
            return Ok((ItemsResult { success: Vec::new(), failure: failures }, Vec::new()));
        }
        let Response::ConvGroupUpdated { results } = self.req(link, Request::UpdateConvGroup { name: name.to_string(), add, ids: valid }, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut success = Vec::new();
        for (cid, code) in results {
            if code != 0 {
                failures.push(failure(&cid, code));
                continue;
            }
            let changed = if add { self.store.add_to_group(&cid, name) } else { self.store.remove_from_group(&cid, name) };
            if changed {
                success.push(cid);
            }
        }
        let mut events = Events::default();
        if !success.is_empty() {
            events.list_changed();
            events.push(Event::ConversationInGroupUpdated(name.to_string()));
        }
        Ok((ItemsResult { success, failure: failures }, self.finish(events)))
    }
}
