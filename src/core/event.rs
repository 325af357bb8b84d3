//! Events the core asks the facade to deliver, with the original's event names (spec §2.1),
//! and the per-call collector that enforces CONTRACT §5.

use super::message::Message;
use super::profile::Profile;

/// An event and its payload. List-shaped payloads (the conversation list, a group's members)
/// are read from the client's state when the facade delivers them.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    SdkReady,
    SdkNotReady,
    SdkDestroy {
        sdk_app_id: f64,
    },
    /// The ready gate's report: a plain `{code, message}` object, as in the original.
    Error {
        code: u32,
        message: String,
    },
    /// `{name, isSyncCompleted, data: Conversation[]}` — the whole visible list.
    ConversationListUpdated,
    TotalUnreadUpdated(u32),
    ConversationGroupListUpdated(Vec<String>),
    /// `{groupName, conversationList}` — the group's visible members after the change.
    ConversationInGroupUpdated(String),
    MessageReceived(Vec<Message>),
    MessageModified(Vec<Message>),
    /// Messages revoked elsewhere (MESSAGE_REVOKED).
    #[cfg(feature = "full")]
    MessageRevoked(Vec<Message>),
    /// C2C read receipt: the peer read conversation `id` at `time` (seconds); the data is the
    /// viewer's messages there that became read (the facade knows the message objects).
    MessageReadByPeer {
        conversation_id: String,
        time: u64,
    },
    GroupListUpdated,
    ProfileUpdated(Vec<Profile>),
    /// `{state}`: `TYPES.NET_STATE_*` (server mode).
    NetStateChanged(&'static str),
    /// `{type}`: `TYPES.KICKED_OUT_*` (server mode).
    KickedOut(String),
    /// The user's whole blacklist, changed on another device.
    #[cfg(feature = "full")]
    BlacklistUpdated(Vec<String>),
    /// An event of the full build whose data is JSON for the facade to hydrate: its name and
    /// the data (FRIEND_LIST_UPDATED, FRIEND_APPLICATION_LIST_UPDATED,
    /// FRIEND_GROUP_LIST_UPDATED).
    #[cfg(feature = "full")]
    Json(&'static str, String),
    /// Like `Json`, one per key (its name, a key, the data): GROUP_ATTRIBUTES_UPDATED per group,
    /// GROUP_COUNTER_UPDATED per group and counter.
    #[cfg(feature = "full")]
    Keyed(&'static str, String, String),
    /// `{groupName, conversationList}`: these conversations of one conversation group, as an
    /// addition reports them (its name, the group, the conversation IDs):
    /// CONVERSATION_GROUP_CREATED, CONVERSATIONS_ADDED_TO_GROUP, CONVERSATIONS_DELETED_FROM_GROUP.
    #[cfg(feature = "full")]
    GroupConvs(&'static str, String, Vec<String>),
}

/// The fine-grained conversation-group events (full build, ours: fired besides the original's
/// CONVERSATION_GROUP_LIST_UPDATED and CONVERSATION_IN_GROUP_UPDATED).
#[cfg(feature = "full")]
pub mod group_events {
    pub const CREATED: &str = "onConversationGroupCreated";
    pub const DELETED: &str = "onConversationGroupDeleted";
    pub const NAME_CHANGED: &str = "onConversationGroupNameChanged";
    pub const ADDED: &str = "onConversationsAddedToGroup";
    pub const REMOVED: &str = "onConversationsDeletedFromGroup";
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::SdkReady => "sdkStateReady",
            Event::SdkNotReady => "sdkStateNotReady",
            Event::SdkDestroy { .. } => "sdkDestroy",
            Event::Error { .. } => "error",
            Event::ConversationListUpdated => "onConversationListUpdated",
            Event::TotalUnreadUpdated(_) => "onTotalUnreadMessageCountUpdated",
            Event::ConversationGroupListUpdated(_) => "onConversationGroupListUpdated",
            Event::ConversationInGroupUpdated(_) => "onConversationInGroupUpdated",
            Event::MessageReceived(_) => "onMessageReceived",
            Event::MessageModified(_) => "onMessageModified",
            #[cfg(feature = "full")]
            Event::MessageRevoked(_) => "onMessageRevoked",
            Event::MessageReadByPeer { .. } => "onMessageReadByPeer",
            Event::GroupListUpdated => "onGroupListUpdated",
            Event::ProfileUpdated(_) => "onProfileUpdated",
            Event::NetStateChanged(_) => "netStateChange",
            Event::KickedOut(_) => "kickedOut",
            #[cfg(feature = "full")]
            Event::BlacklistUpdated(_) => "blacklistUpdated",
            #[cfg(feature = "full")]
            Event::Json(name, _) | Event::Keyed(name, _, _) | Event::GroupConvs(name, _, _) => name,
        }
    }
}

/// Collects the events of one call or one task of pushes. At most one event per name (one per
/// group for CONVERSATION_IN_GROUP_UPDATED): a repeat keeps the first position and takes the
/// newest data; received messages accumulate.
#[derive(Debug, Default)]
pub struct Events {
    list: Vec<Event>,
}

impl Events {
    pub fn push(&mut self, ev: Event) {
        let same = |e: &Event| match (e, &ev) {
            (Event::ConversationInGroupUpdated(a), Event::ConversationInGroupUpdated(b)) => a == b,
            #[cfg(feature = "full")]
            (Event::Json(a, _), Event::Json(b, _)) => a == b,
            #[cfg(feature = "full")]
            (Event::Keyed(a, x, _), Event::Keyed(b, y, _)) => a == b && x == y,
            #[cfg(feature = "full")]
            (Event::GroupConvs(a, x, _), Event::GroupConvs(b, y, _)) => a == b && x == y,
            _ => std::mem::discriminant(e) == std::mem::discriminant(&ev),
        };
        match self.list.iter_mut().find(|e| same(e)) {
            Some(Event::MessageReceived(msgs)) => {
                if let Event::MessageReceived(more) = ev {
                    msgs.extend(more);
                }
            }
            Some(Event::MessageModified(msgs)) => {
                if let Event::MessageModified(more) = ev {
                    msgs.extend(more);
                }
            }
            #[cfg(feature = "full")]
            Some(Event::MessageRevoked(msgs)) => {
                if let Event::MessageRevoked(more) = ev {
                    msgs.extend(more);
                }
            }
            #[cfg(feature = "full")]
            Some(Event::GroupConvs(_, _, ids)) => {
                if let Event::GroupConvs(_, _, more) = ev {
                    ids.extend(more);
                }
            }
            Some(slot) => *slot = ev,
            None => self.list.push(ev),
        }
    }

    pub fn list_changed(&mut self) {
        self.push(Event::ConversationListUpdated);
    }

    /// Finishes: when the list changed and the unread total differs from the last delivered
    /// one, TOTAL_UNREAD_MESSAGE_COUNT_UPDATED follows the list event (spec §8.6).
    pub fn finish(mut self, total: u32, emitted_total: &mut u32) -> Vec<Event> {
        if total != *emitted_total {
            *emitted_total = total;
            let at = self
                .list
                .iter()
                .position(|e| *e == Event::ConversationListUpdated)
                .map_or(self.list.len(), |i| i + 1);
            self.list.insert(at, Event::TotalUnreadUpdated(total));
        }
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_per_name_and_total_after_the_list() {
        let mut e = Events::default();
        e.push(Event::ConversationGroupListUpdated(vec!["a".into()]));
        e.list_changed();
        e.push(Event::ConversationGroupListUpdated(vec![
            "a".into(),
            "b".into(),
        ]));
        e.list_changed();
        let mut emitted = 0;
        let out = e.finish(3, &mut emitted);
        assert_eq!(
            out,
            vec![
                Event::ConversationGroupListUpdated(vec!["a".into(), "b".into()]),
                Event::ConversationListUpdated,
                Event::TotalUnreadUpdated(3)
            ]
        );
        assert_eq!(emitted, 3);
        assert_eq!(Events::default().finish(3, &mut emitted), vec![]);
    }
}
