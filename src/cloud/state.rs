//! The cloud's state for one SDKAppID and the request dispatcher.

use super::conv_groups::ConvGroups;
use super::protocol::{ConvSnapshot, Request, Response};
use super::{Outcome, SessionId};
use crate::core::conversation::{target_of, ConvType};
use crate::core::error::Error;
use crate::core::group::GroupProfile;
use crate::core::keyed::Keyed;
use crate::core::message::{Message, Payload, Status};
use crate::core::profile::Profile;

/// A message as the cloud stores it once (both sides of a C2C chat see the same record).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stored {
    /// The message ID, `<sender>-<client time>-<random>`, as the sender's client made it.
    pub id: String,
    /// Arrival order across the whole cloud.
    pub no: u64,
    pub seq: u64,
    #[serde(default)]
    pub random: u32,
    pub time: u64,
    pub from: String,
    pub payload: Payload,
    #[serde(default)]
    pub cloud_custom_data: String,
    /// Times the message was modified (`modifyMessage`).
    #[serde(default)]
    pub version: u32,
    /// Who revoked it (empty: not revoked).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub revoker: String,
    /// Its reactions, in the order they were first added: each with its users, in the order
    /// they reacted.
    #[cfg(feature = "full")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<(String, Vec<String>)>,
    /// Its extensions (key, value), in the order their keys were first set.
    #[cfg(feature = "full")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<(String, String)>,
    /// Its options as sent (`core::message::flags`).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub flags: u8,
    /// Who sent a read receipt for it, in that order (`receipts.rs`).
    #[cfg(feature = "full")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<String>,
}

/// The messages of one chat: a C2C pair or a group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Thread {
    pub messages: Vec<Stored>,
}

/// One user's view of one conversation. (A field missing from a stored record reads as its
/// type's default: the page's snapshot leaves those out.)
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ConvRecord {
    pub unread: u32,
    pub pinned: bool,
    /// Mark values, in the order they were set.
    pub marks: Vec<u64>,
    pub custom_data: String,
    pub remind: String,
    /// Deleted by the user: hidden until a new message arrives.
    pub hidden: bool,
    /// Messages up to this sequence were cleared for this user.
    pub cleared_to: u64,
    /// Order in which the user's conversations appeared (for stable listing).
    pub created: u64,
    /// C2C: when the peer last read this conversation (seconds), and up to which message (the
    /// cloud's arrival number) — the user's messages up to it read `isPeerRead`.
    pub peer_read_time: u64,
    pub peer_read_no: u64,
    /// GROUP: @-mentions of the user since they last read it.
    pub at_infos: Vec<crate::core::conversation::AtInfo>,
    /// GROUP, when the user is not a member: the messages up to this sequence are theirs to see
    /// (those before they left; 0: none). A member sees the whole thread.
    #[serde(default)]
    pub seen_to: u64,
    /// The messages (sequences) the user deleted for themselves (deleteMessage), in order.
    #[cfg(feature = "full")]
    pub deleted: Vec<u64>,
}

impl ConvRecord {
    /// The user read it: no unread messages, no @-mentions left. True when that changed it.
    pub(super) fn read(&mut self) -> bool {
        let had = self.unread > 0 || !self.at_infos.is_empty();
        self.unread = 0;
        self.at_infos.clear();
        had
    }

    fn new(created: u64) -> Self {
        ConvRecord {
            unread: 0,
            pinned: false,
            marks: Vec::new(),
            custom_data: String::new(),
            remind: "AcceptAndNotify".into(),
            hidden: false,
            cleared_to: 0,
            created,
            peer_read_time: 0,
            peer_read_no: 0,
            at_infos: Vec::new(),
            seen_to: 0,
            #[cfg(feature = "full")]
            deleted: Vec::new(),
        }
    }
}

/// Everything the cloud keeps for one user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserState {
    pub convs: Keyed<ConvRecord>,
    pub conv_groups: ConvGroups,
    pub relations: super::relations::Relations,
}

/// A chat group (not to be confused with a conversation group).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub id: String,
    /// Creation order among the app's groups (listings follow it): the cloud's counter when
    /// the group was made, so unique and increasing without a table of all groups.
    pub order: u64,
    pub name: String,
    pub kind: String,
    pub owner: String,
    pub created: u64,
    /// Members and their join time, in join order.
    pub members: Vec<(String, u64)>,
    /// Group attributes (the full build's), in the order they were first set.
    #[cfg(feature = "full")]
    #[serde(default)]
    pub attributes: Vec<(String, String)>,
    /// Group counters (the full build's), in the order they were first set.
    #[cfg(feature = "full")]
    #[serde(default)]
    pub counters: Vec<(String, i64)>,
    /// Roles, name cards, mutes and custom fields of the members that have any (full build).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub member_info: Vec<super::members::MemberInfo>,
    /// Introduction, notification, avatar, join option, mute-all and custom fields (full build).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub more: crate::core::group::GroupMore,
    /// Applications to join, pending (full build).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub applications: Vec<super::group_apps::Application>,
}

impl Group {
    /// Whether `user` is a member.
    pub fn has(&self, user: &str) -> bool {
        self.members.iter().any(|(m, _)| m == user)
    }
}

/// The local cloud for one SDKAppID.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cloud {
    pub sdk_app_id: f64,
    pub(super) accounts: Keyed<Profile>,
    pub(super) users: Keyed<UserState>,
    pub(super) groups: Keyed<Group>,
    pub(super) threads: Keyed<Thread>,
    pub(super) counter: u64,
    /// Who is online (signed in somewhere), as the host last saw it: not stored state — the
    /// page's host sets it from its tabs' sessions, a server's slice loads it with the rows.
    #[cfg(feature = "full")]
    pub online: Presence,
}

/// Users online. Not part of the cloud's state: two clouds compare equal whoever is online (a
/// replayed journal equals the cloud that wrote it).
#[cfg(feature = "full")]
#[derive(Clone, Debug, Default)]
pub struct Presence(pub crate::core::keyed::Keyed<()>);

#[cfg(feature = "full")]
impl PartialEq for Presence {
    fn eq(&self, _: &Presence) -> bool {
        true
    }
}

impl Cloud {
    pub fn new(sdk_app_id: f64) -> Self {
        Cloud {
            sdk_app_id,
            ..Default::default()
        }
    }

    /// Adds users to those online (the page's host starts from none each time it asks).
    #[cfg(feature = "full")]
    pub fn add_online(&mut self, users: impl IntoIterator<Item = String>) {
        for u in users {
            self.online.0.insert(u, ());
        }
    }

    /// A fresh number (conversation creation order, generated group IDs).
    pub(super) fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    pub(super) fn user(&mut self, user: &str) -> &mut UserState {
        self.ensure_account(user);
        self.users.get_or_insert_with(user, UserState::default)
    }

    /// The user's record of a conversation, created (visible) if missing.
    pub(super) fn conv_record(&mut self, user: &str, conv_id: &str) -> &mut ConvRecord {
        // A creation number only for a record that is new.
        let exists = self
            .users
            .get(user)
            .is_some_and(|s| s.convs.contains_key(conv_id));
        let created = if exists { 0 } else { self.next() };
        self.user(user)
            .convs
            .get_or_insert_with(conv_id, || ConvRecord::new(created))
    }

    /// The thread key of a conversation as seen by `user`.
    pub(super) fn thread_key(user: &str, conv_id: &str) -> String {
        match ConvType::of(conv_id) {
            ConvType::C2c => {
                let peer = target_of(conv_id);
                // Length-prefixed, so no pair of user IDs can share a key ("a:b"+"c" vs "a"+"b:c").
                let (x, y) = if user <= peer {
                    (user, peer)
                } else {
                    (peer, user)
                };
                // Written by hand: a login asks one per conversation, and the formatter was a
                // tenth of its answer.
                let mut key = String::with_capacity(x.len() + y.len() + 10);
                key.push_str("c2c:");
                crate::core::json::push_digits(&mut key, x.len() as u64);
                key.push(':');
                key.push_str(x);
                key.push(':');
                key.push_str(y);
                key
            }
            // One system conversation per user (the full build's group system notices).
            #[cfg(feature = "full")]
            ConvType::System => format!("sys:{user}"),
            _ => Self::group_thread_key(target_of(conv_id)),
        }
    }

    pub(super) fn group_thread_key(group_id: &str) -> String {
        format!("group:{group_id}")
    }

    /// The sequence of the last message of a conversation as `user` sees it (0: none).
    pub(super) fn last_seq(&self, user: &str, conv_id: &str) -> u64 {
        self.threads
            .get(&Self::thread_key(user, conv_id))
            .and_then(|t| t.messages.last())
            .map_or(0, |m| m.seq)
    }

    /// The snapshot of one conversation for `user` (`None` if the user has no such record).
    pub fn snapshot(&self, user: &str, conv_id: &str) -> Option<ConvSnapshot> {
        let state = self.users.get(user)?;
        let rec = state.convs.get(conv_id)?;
        Some(self.snapshot_of(user, conv_id, rec, state.conv_groups.names_of(conv_id)))
    }

    /// The snapshot of `user`'s record `rec` of `conv_id`, in the groups named `groups`.
    fn snapshot_of(
        &self,
        user: &str,
        conv_id: &str,
        rec: &ConvRecord,
        groups: Vec<String>,
    ) -> ConvSnapshot {
        let kind = ConvType::of(conv_id);
        let thread = self.threads.get(&Self::thread_key(user, conv_id));
        // A group's messages are its members' (and a former member's, up to when they left):
        // a record of anyone else's shows none.
        let member = kind != ConvType::Group
            || self
                .groups
                .get(target_of(conv_id))
                .is_some_and(|g| g.has(user));
        // The newest message the user did not delete (among the newest `deleted + 1`).
        #[cfg(feature = "full")]
        let newest = thread.and_then(|t| {
            let mut it = t.messages.iter().rev().take(rec.deleted.len() + 1);
            it.find(|m| rec.deleted.binary_search(&m.seq).is_err())
        });
        #[cfg(not(feature = "full"))]
        let newest = thread.and_then(|t| t.messages.last());
        let last = newest
            .filter(|m| m.seq > rec.cleared_to && (member || m.seq <= rec.seen_to))
            .map(|m| self.view(user, conv_id, m));
        ConvSnapshot {
            id: conv_id.to_string(),
            unread: rec.unread,
            pinned: rec.pinned,
            marks: rec.marks.clone(),
            custom_data: rec.custom_data.clone(),
            remind: rec.remind.clone(),
            groups,
            last,
            peer: (kind == ConvType::C2c).then(|| self.profile(target_of(conv_id))),
            group: (kind == ConvType::Group)
                .then(|| self.group_profile(user, target_of(conv_id)))
                .flatten(),
            peer_read_time: rec.peer_read_time,
            at_infos: rec.at_infos.clone(),
        }
    }

    /// A stored message as `user` sees it in conversation `conv_id`.
    pub(super) fn view(&self, user: &str, conv_id: &str, m: &Stored) -> Message {
        let kind = ConvType::of(conv_id);
        let c2c = kind == ConvType::C2c;
        let incoming = m.from != user;
        let to = if (c2c || (cfg!(feature = "full") && kind == ConvType::System)) && incoming {
            user
        } else {
            target_of(conv_id)
        }
        .to_string();
        let profile = self.accounts.get(&m.from);
        let peer_read = c2c
            && !incoming
            && m.no > 0
            && self
                .users
                .get(user)
                .and_then(|s| s.convs.get(conv_id))
                .is_some_and(|r| m.no <= r.peer_read_no);
        Message {
            id: m.id.clone(),
            conversation_id: conv_id.to_string(),
            conversation_type: match kind {
                ConvType::C2c => "C2C",
                #[cfg(feature = "full")]
                ConvType::System => crate::core::conversation::SYSTEM_ID,
                _ => "GROUP",
            }
            .to_string(),
            time: m.time,
            sequence: m.seq,
            random: m.random,
            nick: profile.map(|p| p.nick.clone()).unwrap_or_default(),
            avatar: profile.map(|p| p.avatar.clone()).unwrap_or_default(),
            from: m.from.clone(),
            to,
            incoming,
            status: Status::Success,
            cloud_custom_data: m.cloud_custom_data.clone(),
            client_time: m.time,
            payload: m.payload.clone(),
            arrival: m.no,
            version: m.version,
            peer_read,
            #[cfg(feature = "full")]
            revoker: m.revoker.clone(),
            #[cfg(feature = "full")]
            flags: m.flags,
        }
    }

    /// Every visible conversation of the user, oldest first.
    pub fn snapshots(&self, user: &str) -> Vec<ConvSnapshot> {
        let Some(state) = self.users.get(user) else {
            return Vec::new();
        };
        let ids: Vec<(&String, &ConvRecord)> =
            state.convs.iter().filter(|(_, r)| !r.hidden).collect();
        let order = crate::core::conv_store::stable_order(
            ids.iter().map(|(_, r)| [r.created, 0, 0]).collect(),
        );
        let mut names = state.conv_groups.names_by_conversation();
        order
            .into_iter()
            .map(|i| {
                let (id, rec) = ids[i];
                let groups = names.get_mut(id).map(std::mem::take).unwrap_or_default();
                self.snapshot_of(user, id, rec, groups)
            })
            .collect()
    }

    /// Handles one request from `user`'s session.
    pub fn handle(
        &mut self,
        user: &str,
        session: SessionId,
        req: Request,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        self.ensure_account(user);
        // Kept nowhere, only delivered to the sessions online (`sendOnlineMessage`).
        let online = matches!(req, Request::SendOnline { .. });
        // The message's options (the full build keeps them; `core::message::flags`).
        #[cfg(feature = "full")]
        let flags = match &req {
            Request::SendMessage { flags, .. } => *flags,
            _ => 0,
        };
        #[cfg(not(feature = "full"))]
        let flags = 0;
        match req {
            Request::Sync => Ok(Response::Snapshot {
                convs: self.snapshots(user),
                conv_groups: self
                    .users
                    .get(user)
                    .map(|s| s.conv_groups.list())
                    .unwrap_or_default(),
            }),
            Request::SendMessage {
                conv_type,
                to,
                payload,
                cloud_custom_data,
                random,
                client_time,
                ..
            }
            | Request::SendOnline {
                conv_type,
                to,
                payload,
                cloud_custom_data,
                random,
                client_time,
            } => {
                let id = crate::core::message::message_id(user, client_time, random as u64);
                self.send_message(
                    user,
                    Some(session),
                    conv_type,
                    &to,
                    (payload, flags),
                    cloud_custom_data,
                    id,
                    random,
                    now,
                    online,
                    out,
                )
            }
            Request::ModifyMessage {
                conversation_id,
                message_id,
                cloud_custom_data,
                payload,
                #[cfg(feature = "full")]
                version,
            } => {
                #[cfg(feature = "full")]
                if let Some(conflict) = version.and_then(|seen| {
                    self.modify_conflict(user, &conversation_id, &message_id, seen)
                }) {
                    return Ok(conflict);
                }
                self.modify_message(
                    user,
                    session,
                    &conversation_id,
                    &message_id,
                    cloud_custom_data,
                    payload,
                    out,
                )
            }
            Request::GetMessages {
                conversation_id,
                before,
                count,
            } => self.get_messages(user, &conversation_id, before.as_deref(), count),
            Request::SetRead { conversation_id } => {
                Ok(self.set_read(user, session, &conversation_id, now, out))
            }
            Request::SetAllRead { c2c, group } => {
                Ok(self.set_all_read(user, session, c2c, group, now, out))
            }
            Request::DeleteConversations { ids, clear_history } => {
                Ok(self.delete_conversations(user, session, &ids, clear_history, out))
            }
            Request::UpdateConvs { ids, change } => self
                .update_convs(user, session, &ids, &change, out)
                .map(Response::Conversations),
            Request::ClearHistory { conversation_id } => {
                let ids = [conversation_id];
                let last = self.last_seq(user, &ids[0]);
                let rec = self.conv_record(user, &ids[0]);
                rec.cleared_to = last;
                #[cfg(feature = "full")]
                rec.deleted.clear();
                rec.unread = 0;
                self.push_convs(user, session, &ids, out);
                Ok(Response::Done)
            }
            Request::CreateConvGroup { name, ids } => {
                self.create_conv_group(user, Some(session), &name, &ids, out)
            }
            Request::DeleteConvGroup { name } => {
                self.delete_conv_group(user, Some(session), &name, out)
            }
            Request::RenameConvGroup { old, new } => {
                self.rename_conv_group(user, Some(session), &old, &new, out)
            }
            Request::UpdateConvGroup { name, add, ids } => {
                self.update_conv_group(user, Some(session), &name, add, &ids, out)
            }
            #[cfg(feature = "full")]
            Request::ConvGroupOrder { names } => {
                self.order_conv_groups(user, Some(session), &names, out)
            }
            #[cfg(feature = "full")]
            Request::ReadConvGroup { name } => self.read_conv_group(user, session, &name, now, out),
            Request::CreateGroup {
                group_id,
                name,
                kind,
                members,
            } => self
                .create_group(user, group_id, &name, &kind, &members, now, out)
                .map(Response::Group),
            Request::JoinGroup { group_id, by_admin } => {
                self.join_group(user, &group_id, by_admin, "", now, out)
            }
            Request::QuitGroup { group_id } => self
                .quit_group(user, &group_id, now, out)
                .map(|_| Response::Done),
            Request::DismissGroup { group_id } => self
                .dismiss_group(user, &group_id, now, out)
                .map(|_| Response::Done),
            Request::GetJoinedGroups => Ok(Response::Groups(self.joined_groups(user))),
            Request::GetGroupProfile { group_id } => self
                .group_profile_checked(user, &group_id)
                .map(Response::Group),
            Request::GetRelations => {
                let r = self.relations(user);
                let profiles = self.relation_profiles(&r);
                Ok(Response::Relations(r, profiles))
            }
            Request::GetProfiles { user_ids } => Ok(Response::Profiles(
                user_ids.iter().map(|u| self.profile(u)).collect(),
            )),
            Request::UpdateProfile(change) => Ok(Response::Profiles(vec![
                self.update_profile(user, &change, now, out)
            ])),
            #[cfg(feature = "full")]
            Request::Blacklist { add, user_ids } => Ok(Response::Blacklist(
                self.change_blacklist(user, session, add, &user_ids, out),
            )),
            #[cfg(feature = "full")]
            Request::Relation(op) => self.relation(user, session, op, now, out),
            #[cfg(feature = "full")]
            Request::GetGroupMembers {
                group_id,
                offset,
                count,
                role,
                user_ids,
            } => Ok(self.group_members(user, &group_id, offset, count, &role, &user_ids)),
            #[cfg(feature = "full")]
            Request::OnlineCount { group_id } => Ok(Response::Count(
                self.groups
                    .get(&group_id)
                    .filter(|g| g.has(user))
                    .map_or(0, |g| {
                        g.members
                            .iter()
                            .filter(|(m, _)| self.online.0.contains_key(m))
                            .count() as u64
                    }),
            )),
            #[cfg(feature = "full")]
            Request::GroupKeys(op) => self.group_keys(user, session, op, out),
            #[cfg(feature = "full")]
            Request::GroupMember(op) => self.member_change(user, op, now, out),
            #[cfg(feature = "full")]
            Request::MessageOp(op) => self.message_op(user, session, op, now, out),
        }
    }

    pub(super) fn group_profile(&self, viewer: &str, group_id: &str) -> Option<GroupProfile> {
        self.groups
            .get(group_id)
            .map(|g| self.group_view(viewer, g))
    }
}
