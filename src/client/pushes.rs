//! Applying the cloud's pushes (spec §12), coalesced: one task of pushes gives at most one
//! CONVERSATION_LIST_UPDATED and one TOTAL_UNREAD_MESSAGE_COUNT_UPDATED (CONTRACT §5). Where
//! the original loses or invents events (spec §12 quirks), the correct ones are emitted.

use super::Client;
use crate::cloud::PushBody;
#[cfg(feature = "full")]
use crate::core::event::group_events;
use crate::core::event::{Event, Events};

impl Client {
    /// Pushes this client's own requests addressed to its own user with no session exclusion
    /// (e.g. group tips for a group it created): applied like pushes from elsewhere. They stay
    /// in the outbox for the user's other sessions, now excluding this one.
    pub(crate) fn take_own_pushes(&mut self) -> Vec<PushBody> {
        let (me, sid) = (self.user(), self.session_id);
        let mut own = Vec::new();
        for p in self.outbox.iter_mut() {
            if p.user == me && p.except.is_none() {
                own.push(p.body.clone());
                p.except = Some(sid);
            }
        }
        own
    }

    /// Applies pushes for this client's user; returns the events to deliver.
    pub fn apply_pushes(&mut self, pushes: Vec<PushBody>) -> Vec<Event> {
        let mut events = Events::default();
        self.apply_into(&mut events, pushes);
        self.finish(events)
    }

    pub(crate) fn apply_into(&mut self, events: &mut Events, pushes: Vec<PushBody>) {
        let mut resort = false;
        for body in pushes {
            match body {
                PushBody::Message { message, conv } => {
                    events.push(Event::MessageReceived(vec![message]));
                    let c = self.conversation_from(conv);
                    if self.store.put(c) {
                        resort = true;
                        events.list_changed();
                    }
                }
                PushBody::OnlineMessage(message) => {
                    events.push(Event::MessageReceived(vec![message]))
                }
                PushBody::MessageModified { message, conv } => {
                    // A revoked message cannot be modified: a change that revokes it is this.
                    #[cfg(feature = "full")]
                    let ev = if message.revoker.is_empty() {
                        Event::MessageModified(vec![message])
                    } else {
                        Event::MessageRevoked(vec![message])
                    };
                    #[cfg(not(feature = "full"))]
                    let ev = Event::MessageModified(vec![message]);
                    events.push(ev);
                    if let Some(snap) = conv {
                        let c = self.conversation_from(snap);
                        if self.store.put(c) {
                            events.list_changed();
                        }
                    }
                }
                PushBody::ConvUpdated(snap) => {
                    if snap.peer_read_time
                        > self.store.get(&snap.id).map_or(0, |c| c.peer_read_time)
                    {
                        events.push(Event::MessageReadByPeer {
                            conversation_id: snap.id.clone(),
                            time: snap.peer_read_time,
                        });
                    }
                    let c = self.conversation_from(snap);
                    // Pin and last-message changes (history cleared elsewhere) move it in the
                    // list; a conversation new here (pinned elsewhere after a delete) takes its
                    // place.
                    let moved = self.store.get(&c.conversation_id).is_none_or(|old| {
                        old.is_pinned != c.is_pinned || old.last_time() != c.last_time()
                    });
                    if self.store.put(c) {
                        resort |= moved;
                        events.list_changed();
                    }
                }
                PushBody::ConvDeleted(ids) => {
                    for id in ids {
                        if self.store.remove(&id) {
                            events.list_changed();
                        }
                    }
                }
                PushBody::ConvGroupCreated { id, name, members } => {
                    let mut changed = false;
                    for m in &members {
                        changed |= self.store.add_to_group(m, &name);
                    }
                    if changed {
                        events.list_changed();
                    }
                    if self.store.set_group(id, &name) {
                        events.push(Event::ConversationGroupListUpdated(
                            self.store.group_names(),
                        ));
                        #[cfg(feature = "full")]
                        {
                            let known = members.into_iter().filter(|m| self.store.contains(m));
                            let ids = known.collect();
                            events.push(Event::GroupConvs(group_events::CREATED, name, ids));
                        }
                    }
                }
                PushBody::ConvGroupDeleted { id, name } => {
                    self.apply_group_deleted(events, id, &name)
                }
                PushBody::ConvGroupRenamed { id, old, new } => {
                    self.apply_group_renamed(events, id, &old, &new)
                }
                #[cfg(feature = "full")]
                PushBody::ConvGroupOrder(groups) => self.apply_group_order(events, groups),
                PushBody::ConvGroupMembers {
                    name,
                    added,
                    removed,
                } => {
                    let mut changed = false;
                    #[cfg(feature = "full")]
                    let (mut plus, mut minus) = (Vec::new(), Vec::new());
                    for id in &added {
                        let done = self.store.add_to_group(id, &name);
                        #[cfg(feature = "full")]
                        if done {
                            plus.push(id.clone());
                        }
                        changed |= done;
                    }
                    for id in &removed {
                        let done = self.store.remove_from_group(id, &name);
                        #[cfg(feature = "full")]
                        if done {
                            minus.push(id.clone());
                        }
                        changed |= done;
                    }
                    if changed {
                        events.list_changed();
                        #[cfg(feature = "full")]
                        for (kind, ids) in
                            [(group_events::ADDED, plus), (group_events::REMOVED, minus)]
                        {
                            if !ids.is_empty() {
                                events.push(Event::GroupConvs(kind, name.clone(), ids));
                            }
                        }
                        events.push(Event::ConversationInGroupUpdated(name));
                    }
                }
                PushBody::GroupListChanged => events.push(Event::GroupListUpdated),
                PushBody::ProfileUpdated(p) => {
                    // The full build's cloud also tells a user's friends.
                    if cfg!(feature = "full") || p.user_id == self.user() {
                        events.push(Event::ProfileUpdated(vec![p]));
                    }
                }
                #[cfg(feature = "full")]
                PushBody::Blacklist(list) => events.push(Event::BlacklistUpdated(list)),
                #[cfg(feature = "full")]
                PushBody::Relations {
                    relations,
                    profiles,
                    changed,
                } => super::relations::relation_events(events, &relations, &profiles, changed),
                #[cfg(feature = "full")]
                PushBody::GroupAttributes {
                    group_id,
                    attributes,
                    updated,
                    deleted,
                } => events.push(super::group_keys::attributes_event(
                    &group_id,
                    &attributes,
                    &updated,
                    &deleted,
                )),
                #[cfg(feature = "full")]
                PushBody::GroupCounters { group_id, counters } => {
                    super::group_keys::counter_events(events, &group_id, &counters)
                }
                #[cfg(feature = "full")]
                PushBody::Reactions {
                    message_id,
                    reactions,
                } => super::reactions::reactions_event(events, &message_id, &reactions),
                #[cfg(feature = "full")]
                PushBody::Extensions {
                    message_id,
                    set,
                    deleted,
                } => super::extensions::extension_events(events, &message_id, &set, &deleted),
                #[cfg(feature = "full")]
                PushBody::Receipt {
                    conversation_id,
                    message_id,
                    read,
                    unread,
                    time,
                } => super::receipts::receipt_event(
                    events,
                    &conversation_id,
                    message_id,
                    (read, unread, time),
                ),
                PushBody::Unknown => {}
            }
        }
        if resort {
            self.store.sort();
        }
    }
}
