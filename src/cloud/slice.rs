//! The cloud over a slice of its state (CONTRACT §9, storage model). A server does not keep an
//! app's whole state in memory: for each request it loads the rows that request touches into an
//! empty [`Cloud`], runs the same rules as the page's cloud, and writes back what changed.
//!
//! Which rows a request touches depends on data (a group message reaches the group's members),
//! so planning is a loop: [`Cloud::wants`] names the rows needed given what is loaded so far,
//! the [`Source`] loads the missing ones, until nothing is missing (two or three rounds). Then
//! [`Changes::between`] compares the slice before and after the request: the rows to write.
//! Everything here is pure; `tests/slice.rs` checks that a sliced run answers, pushes and ends
//! exactly as a run on the whole state.

use super::conv_groups::ConvGroups;
use super::protocol::{ConvChange, Push, Request, Response};
use super::relations::Relations;
use super::state::{Cloud, ConvRecord, Group, Stored, Thread, UserState};
use super::{Outcome, SessionId};
use crate::core::conversation::{c2c_id, group_id as group_conv_id, target_of, ConvType};
use crate::core::error::{Code, Error};
use crate::core::profile::Profile;
use std::collections::BTreeSet;

/// Names rows of a cloud's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keys {
    /// Profiles.
    pub accounts: BTreeSet<String>,
    /// A user's conversation groups and relations.
    pub heads: BTreeSet<String>,
    /// Every conversation record of these users.
    pub all_convs: BTreeSet<String>,
    /// One user's record of one conversation: (user, conversation ID).
    pub convs: BTreeSet<(String, String)>,
    /// Chat groups (with their members).
    pub groups: BTreeSet<String>,
    /// Every chat group these users are members of.
    pub groups_of: BTreeSet<String>,
    /// The last message of a thread (its key: [`Cloud::thread_key`]).
    pub tails: BTreeSet<String>,
    /// One message of a thread by ID: (thread key, message ID).
    pub messages: BTreeSet<(String, String)>,
    /// A page of a thread: the `count + 1` messages before the one with ID `before` (the last
    /// ones when `None`), and that message.
    pub pages: BTreeSet<(String, Option<String>, usize)>,
    /// The messages a history page from a point reads (getMessageListHopping).
    #[cfg(feature = "full")]
    pub hops: BTreeSet<super::hopping::Hop>,
    /// Users whose presence is read (online or not; never written, never locked).
    #[cfg(feature = "full")]
    pub online: BTreeSet<String>,
}

impl Keys {
    pub fn is_empty(&self) -> bool {
        *self == Keys::default()
    }

    /// The keys of `self` not in `other`.
    pub fn minus(&self, other: &Keys) -> Keys {
        fn d<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> BTreeSet<T> {
            a.difference(b).cloned().collect()
        }
        Keys {
            accounts: d(&self.accounts, &other.accounts),
            heads: d(&self.heads, &other.heads),
            all_convs: d(&self.all_convs, &other.all_convs),
            convs: d(&self.convs, &other.convs),
            groups: d(&self.groups, &other.groups),
            groups_of: d(&self.groups_of, &other.groups_of),
            tails: d(&self.tails, &other.tails),
            messages: d(&self.messages, &other.messages),
            pages: d(&self.pages, &other.pages),
            #[cfg(feature = "full")]
            hops: d(&self.hops, &other.hops),
            #[cfg(feature = "full")]
            online: d(&self.online, &other.online),
        }
    }

    pub fn extend(&mut self, other: Keys) {
        self.accounts.extend(other.accounts);
        self.heads.extend(other.heads);
        self.all_convs.extend(other.all_convs);
        self.convs.extend(other.convs);
        self.groups.extend(other.groups);
        self.groups_of.extend(other.groups_of);
        self.tails.extend(other.tails);
        self.messages.extend(other.messages);
        self.pages.extend(other.pages);
        #[cfg(feature = "full")]
        self.hops.extend(other.hops);
        #[cfg(feature = "full")]
        self.online.extend(other.online);
    }

    /// What a snapshot of `conv` for `user` reads (push or answer).
    fn conv(&mut self, user: &str, conv: &str) {
        // A record made for a user makes their account too.
        self.accounts.insert(user.to_string());
        self.heads.insert(user.to_string());
        self.convs.insert((user.to_string(), conv.to_string()));
        self.tails.insert(Cloud::thread_key(user, conv));
        match ConvType::of(conv) {
            ConvType::C2c => self.accounts.insert(target_of(conv).to_string()),
            ConvType::System => false,
            _ => self.groups.insert(target_of(conv).to_string()),
        };
    }
}

/// Where a slice's rows come from: a database in a transaction, or (tests) a whole cloud.
pub trait Source {
    /// The app's counter (message arrival numbers, conversation creation order), asked once per
    /// request after its rows are loaded. Any number above the counters handed out to requests
    /// that committed before will do (a server hands out blocks).
    fn counter(&mut self) -> Result<u64, Error>;
    /// Adds the rows named by `keys` to `slice`; rows that do not exist stay absent. A message
    /// goes into its thread in sequence order, once.
    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error>;
}

/// The rows a request changed, to be written in its transaction. (Its serde form is also the
/// page's snapshot format, `snapshot.rs`.)
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Changes {
    pub counter: Option<u64>,
    /// Profiles written (accounts are never deleted).
    pub accounts: Vec<(String, Profile)>,
    pub heads: Vec<(String, ConvGroups, Relations)>,
    /// (user, conversation ID, record; `None`: deleted).
    pub convs: Vec<(String, String, Option<ConvRecord>)>,
    /// (group ID, group; `None`: deleted).
    pub groups: Vec<(String, Option<Group>)>,
    /// Messages added or changed: (thread key, message), keyed by the message's sequence.
    pub messages: Vec<(String, Stored)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// What differs from `before` in `after` (the same slice, before and after a request).
    pub fn between(before: &Cloud, after: &Cloud) -> Changes {
        let mut c = Changes {
            counter: (after.counter != before.counter).then_some(after.counter),
            ..Default::default()
        };
        for (id, p) in after.accounts.iter() {
            if before.accounts.get(id) != Some(p) {
                c.accounts.push((id.clone(), p.clone()));
            }
        }
        let empty = UserState::default();
        for (user, s) in after.users.iter() {
            let old = before.users.get(user).unwrap_or(&empty);
            if old.conv_groups != s.conv_groups || old.relations != s.relations {
                c.heads
                    .push((user.clone(), s.conv_groups.clone(), s.relations.clone()));
            }
            for (id, r) in s.convs.iter() {
                if old.convs.get(id) != Some(r) {
                    c.convs.push((user.clone(), id.clone(), Some(r.clone())));
                }
            }
            for (id, _) in old.convs.iter() {
                if !s.convs.contains_key(id) {
                    c.convs.push((user.clone(), id.clone(), None));
                }
            }
        }
        for (user, old) in before.users.iter() {
            if !after.users.contains_key(user) {
                c.convs.extend(
                    old.convs
                        .iter()
                        .map(|(id, _)| (user.clone(), id.clone(), None)),
                );
            }
        }
        for (id, g) in after.groups.iter() {
            if before.groups.get(id) != Some(g) {
                c.groups.push((id.clone(), Some(g.clone())));
            }
        }
        for (id, _) in before.groups.iter() {
            if !after.groups.contains_key(id) {
                c.groups.push((id.clone(), None));
            }
        }
        for (key, t) in after.threads.iter() {
            let old = before.threads.get(key).map_or(&[][..], |t| &t.messages[..]);
            for m in &t.messages {
                let i = old.partition_point(|o| o.seq < m.seq);
                if old.get(i) != Some(m) {
                    c.messages.push((key.clone(), m.clone()));
                }
            }
        }
        c
    }
}

/// A request run over a slice: its answer, its pushes and the rows to write.
pub struct Sliced {
    pub result: Result<Response, Error>,
    pub pushes: Vec<Push>,
    pub changes: Changes,
    /// The rows that were loaded (for tests and metrics).
    pub loaded: Keys,
}

/// Loads the slice `req` needs from `source`, runs it, and returns what to write.
pub fn run(
    source: &mut dyn Source,
    sdk_app_id: f64,
    user: &str,
    session: SessionId,
    req: Request,
    now: u64,
) -> Result<Sliced, Error> {
    let mut slice = Cloud::new(sdk_app_id);
    let mut loaded = Keys::default();
    let mut counted = false;
    for _ in 0..ROUNDS {
        let missing = slice.wants(user, &req).minus(&loaded);
        if missing.is_empty() && !counted {
            // The counter last, once the slice's rows are settled (and, on a server, locked):
            // a call that waited for another's rows numbers after it. The rows a request wants
            // can depend on it (generated group IDs): another look.
            slice.counter = source.counter()?;
            counted = true;
            continue;
        }
        if missing.is_empty() {
            let before = slice.clone();
            let mut out = Outcome::default();
            let result = slice.handle(user, session, req, now, &mut out);
            let changes = Changes::between(&before, &slice);
            return Ok(Sliced {
                result,
                pushes: out.pushes,
                changes,
                loaded,
            });
        }
        source.load(&missing, &mut slice)?;
        loaded.extend(missing);
    }
    Err(Error::new(
        Code::StorageFailed,
        "the rows this request needs did not settle",
    ))
}

/// Loading rounds before giving up: a group message needs three (the group, then its members'
/// rows, then the senders' profiles of what those rows show), and one more follows the counter.
const ROUNDS: usize = 8;

impl Cloud {
    /// The rows `req` from `user` reads or writes, as far as the rows loaded so far tell.
    pub fn wants(&self, user: &str, req: &Request) -> Keys {
        let mut k = Keys::default();
        k.accounts.insert(user.to_string());
        k.heads.insert(user.to_string());
        match req {
            Request::Sync => {
                k.all_convs.insert(user.to_string());
                for (id, r) in self.loaded_convs(user) {
                    if !r.hidden {
                        k.conv(user, id);
                    }
                }
            }
            Request::SendOnline { conv_type, to, .. } => {
                self.audience_keys(&mut k, user, *conv_type, to)
            }
            Request::SendMessage {
                conv_type,
                to,
                random,
                client_time,
                ..
            } => {
                self.audience_keys(&mut k, user, *conv_type, to);
                // A re-tried send finds the message it stored.
                let conv = if *conv_type == ConvType::Group {
                    group_conv_id(to)
                } else {
                    c2c_id(to)
                };
                let id = crate::core::message::message_id(user, *client_time, *random as u64);
                k.messages.insert((Cloud::thread_key(user, &conv), id));
            }
            Request::ModifyMessage {
                conversation_id,
                message_id,
                ..
            } => {
                self.audience_keys(
                    &mut k,
                    user,
                    ConvType::of(conversation_id),
                    target_of(conversation_id),
                );
                k.messages
                    .insert((Cloud::thread_key(user, conversation_id), message_id.clone()));
            }
            Request::GetMessages {
                conversation_id,
                before,
                count,
            } => {
                k.convs.insert((user.to_string(), conversation_id.clone()));
                if ConvType::of(conversation_id) == ConvType::Group {
                    k.groups.insert(target_of(conversation_id).to_string());
                }
                // The window grows by the messages the user deleted (`get_messages_of`).
                #[cfg(feature = "full")]
                let count = &(count + self.deleted_count(user, conversation_id));
                k.pages.insert((
                    Cloud::thread_key(user, conversation_id),
                    before.clone(),
                    *count,
                ));
            }
            Request::SetRead { conversation_id } => read_keys(&mut k, user, conversation_id),
            Request::SetAllRead { c2c, group } => {
                k.all_convs.insert(user.to_string());
                for (id, r) in self.loaded_convs(user) {
                    let kind = ConvType::of(id);
                    if ((*c2c && kind == ConvType::C2c) || (*group && kind == ConvType::Group))
                        && (r.unread > 0 || !r.at_infos.is_empty())
                    {
                        read_keys(&mut k, user, id);
                    }
                }
            }
            Request::DeleteConversations { ids, .. } => ids.iter().for_each(|id| k.conv(user, id)),
            Request::UpdateConvs { ids, change } => {
                if *change == ConvChange::Pin(true) {
                    k.all_convs.insert(user.to_string());
                }
                ids.iter().for_each(|id| k.conv(user, id));
            }
            Request::ClearHistory { conversation_id } => k.conv(user, conversation_id),
            Request::CreateConvGroup { .. }
            | Request::DeleteConvGroup { .. }
            | Request::RenameConvGroup { .. }
            | Request::UpdateConvGroup { .. } => {}
            #[cfg(feature = "full")]
            Request::ConvGroupOrder { .. } => {}
            // The group's conversations, once the user's head (its groups) is loaded.
            #[cfg(feature = "full")]
            Request::ReadConvGroup { name } => {
                let group = self.users.get(user).and_then(|s| s.conv_groups.get(name));
                for id in group.into_iter().flat_map(|g| g.members()) {
                    read_keys(&mut k, user, id);
                }
            }
            Request::CreateGroup {
                group_id, members, ..
            } => self.create_keys(&mut k, user, group_id.as_deref(), members),
            Request::JoinGroup { group_id, .. }
            | Request::QuitGroup { group_id }
            | Request::DismissGroup { group_id } => {
                k.groups.insert(group_id.clone());
                k.conv(user, &group_conv_id(group_id));
                self.member_keys(&mut k, group_id);
                // The system notices it may send: an application to the handlers, a quit to
                // the user, a dismissal to every member.
                #[cfg(feature = "full")]
                self.notice_keys(
                    &mut k,
                    user,
                    group_id,
                    matches!(req, Request::DismissGroup { .. }),
                );
            }
            Request::GetJoinedGroups => {
                k.groups_of.insert(user.to_string());
                for g in self.groups.values().filter(|g| g.has(user)) {
                    k.tails.insert(Cloud::group_thread_key(&g.id));
                    k.convs.insert((user.to_string(), group_conv_id(&g.id)));
                }
            }
            // The group (its members are pushed to, their accounts need no reading).
            #[cfg(feature = "full")]
            Request::GroupKeys(op) => {
                k.groups.insert(op.group_id.clone());
            }
            // The group and its audience (a tip), the member's account (the answer's profile).
            // Applications: the group, its handlers' and the applicant's system conversations,
            // the applicant's record of the group (joined).
            // The user's record (cleared and deleted history), the group (membership), the
            // cursor message and the page.
            #[cfg(feature = "full")]
            Request::MessageOp(op) if op.op == "getMessageListHopping" => {
                let conv = &op.conversation_id;
                k.convs.insert((user.to_string(), conv.clone()));
                if ConvType::of(conv) == ConvType::Group {
                    k.groups.insert(target_of(conv).to_string());
                }
                let hop = self.hop_of(user, op);
                if let Some(id) = &hop.cursor {
                    k.messages.insert((hop.thread.clone(), id.clone()));
                }
                k.hops.insert(hop);
            }
            // The user's record and the messages deleted.
            #[cfg(feature = "full")]
            Request::MessageOp(op) if op.op == "deleteMessage" => {
                self.forget_keys(&mut k, user, &op.conversation_id, &op.ids)
            }
            // The chat's audience and records and the messages named; a revoke also the newest
            // page of the thread (whether the message was unread: `message_ops::UNREAD_WINDOW`),
            // a reaction the profiles its users show (known once the messages are loaded) and
            // the actor's own; extensions nothing more.
            #[cfg(feature = "full")]
            Request::MessageOp(op) => {
                let conv = &op.conversation_id;
                self.audience_keys(&mut k, user, ConvType::of(conv), target_of(conv));
                let thread = Cloud::thread_key(user, conv);
                for id in &op.ids {
                    k.messages.insert((thread.clone(), id.clone()));
                }
                if super::reactions::is_reaction(op) {
                    k.accounts.insert(user.to_string());
                    k.accounts.extend(self.reactor_keys(user, op));
                } else if !super::extensions::is_extension(op) && !super::receipts::is_receipt(op) {
                    k.pages
                        .insert((thread, None, super::message_ops::UNREAD_WINDOW));
                }
            }
            #[cfg(feature = "full")]
            Request::GroupMember(op) if op.op == "createGroup" => {
                self.create_keys(&mut k, user, Some(&op.group_id), &op.ids)
            }
            #[cfg(feature = "full")]
            Request::GroupMember(op)
                if matches!(op.op.as_str(), "joinGroup" | "handleGroupApplication") =>
            {
                let applicant = if op.op == "joinGroup" {
                    user
                } else {
                    &op.user_id
                };
                k.groups.insert(op.group_id.clone());
                k.accounts.insert(applicant.to_string());
                k.conv(applicant, &group_conv_id(&op.group_id));
                self.member_keys(&mut k, &op.group_id);
                self.notice_keys(&mut k, applicant, &op.group_id, false);
                // The handled notice, taken out of the handler's view.
                if op.op == "handleGroupApplication" && !op.ids.is_empty() {
                    let sys = crate::core::conversation::SYSTEM_ID;
                    self.forget_keys(&mut k, user, sys, &op.ids);
                }
            }
            // The groups the user handles, and the applicants' profiles (their nicks).
            #[cfg(feature = "full")]
            Request::GroupMember(op) if op.op == "getGroupApplicationList" => {
                k.groups_of.insert(user.to_string());
                for g in self.groups.values() {
                    k.accounts
                        .extend(g.applications.iter().map(|a| a.user_id.clone()));
                }
            }
            #[cfg(feature = "full")]
            Request::GroupMember(op) => {
                self.audience_keys(&mut k, user, ConvType::Group, &op.group_id);
                k.accounts.insert(op.user_id.clone());
                // Those added or removed: their accounts and records of the group.
                for id in &op.ids {
                    k.accounts.insert(id.clone());
                    k.conv(id, &group_conv_id(&op.group_id));
                    k.conv(id, crate::core::conversation::SYSTEM_ID);
                }
            }
            #[cfg(feature = "full")]
            Request::OnlineCount { group_id } => {
                k.groups.insert(group_id.clone());
                if let Some(g) = self.groups.get(group_id) {
                    k.online.extend(g.members.iter().map(|(m, _)| m.clone()));
                }
            }
            #[cfg(feature = "full")]
            Request::GetGroupMembers { group_id, .. } => {
                k.groups.insert(group_id.clone());
                if let Some(g) = self.groups.get(group_id) {
                    k.accounts.extend(g.members.iter().map(|(m, _)| m.clone()));
                }
            }
            Request::GetGroupProfile { group_id } => {
                k.groups.insert(group_id.clone());
                k.tails.insert(Cloud::group_thread_key(group_id));
                k.convs.insert((user.to_string(), group_conv_id(group_id)));
            }
            Request::GetRelations => self.relation_accounts(&mut k, user),
            Request::GetProfiles { user_ids } => k.accounts.extend(user_ids.iter().cloned()),
            Request::UpdateProfile(_) => {
                // The user's friends are told, with their own friends' profiles.
                #[cfg(feature = "full")]
                for f in self
                    .users
                    .get(user)
                    .iter()
                    .flat_map(|s| &s.relations.friends)
                {
                    self.relation_keys(&mut k, &f.0);
                }
            }
            #[cfg(feature = "full")]
            Request::Blacklist { user_ids: ids, .. }
            | Request::Relation(super::friends::RelationOp { ids, .. }) => {
                // Both users' relations change (a blacklisting ends a friendship); each one's
                // push and answer carry their friends' profiles; an addFriend reads the other's
                // allowType.
                for u in ids.iter().map(String::as_str).chain([user]) {
                    self.relation_keys(&mut k, u);
                }
            }
        }
        // A conversation whose user deleted messages shows the newest one they kept: among
        // the newest `deleted + 1` (`Cloud::snapshot`).
        #[cfg(feature = "full")]
        {
            let shown: Vec<(String, String)> = k
                .convs
                .iter()
                .cloned()
                .chain(k.all_convs.iter().flat_map(|u| {
                    self.loaded_convs(u)
                        .map(move |(c, _)| (u.clone(), c.clone()))
                }))
                .collect();
            for (u, c) in shown {
                let d = self.deleted_count(&u, &c);
                if d > 0 {
                    k.pages.insert((Cloud::thread_key(&u, &c), None, d));
                }
            }
        }
        // A message shown carries its sender's nick and avatar.
        for (_, t) in self.threads.iter() {
            k.accounts.extend(t.messages.iter().map(|m| m.from.clone()));
        }
        k
    }

    /// How many messages of `conv` `user` deleted (as far as the loaded record tells).
    #[cfg(feature = "full")]
    fn deleted_count(&self, user: &str, conv: &str) -> usize {
        self.users
            .get(user)
            .and_then(|s| s.convs.get(conv))
            .map_or(0, |r| r.deleted.len())
    }

    /// The profiles `user`'s relations show (a relation answer or push carries them): the
    /// friends', and in the full build the applications' other users'.
    fn relation_accounts(&self, k: &mut Keys, user: &str) {
        if let Some(s) = self.users.get(user) {
            let r = &s.relations;
            k.accounts
                .extend(r.friends.iter().map(|(f, _, _)| f.clone()));
            #[cfg(feature = "full")]
            k.accounts
                .extend(r.applications.iter().map(|a| a.user_id.clone()));
        }
    }

    /// A user whose relations a request changes: their row, profile, and what their relations
    /// show.
    #[cfg(feature = "full")]
    fn relation_keys(&self, k: &mut Keys, user: &str) {
        k.heads.insert(user.to_string());
        k.accounts.insert(user.to_string());
        self.relation_accounts(k, user);
    }

    fn loaded_convs<'a>(
        &'a self,
        user: &str,
    ) -> Box<dyn Iterator<Item = (&'a String, &'a ConvRecord)> + 'a> {
        match self.users.get(user) {
            Some(s) => Box::new(s.convs.iter()),
            None => Box::new(std::iter::empty()),
        }
    }

    /// What taking messages out of a user's view reads (`Cloud::forget_messages`): the user's
    /// record, the messages, and the conversation's last message after it (among the newest
    /// `deleted + 1`).
    #[cfg(feature = "full")]
    fn forget_keys(&self, k: &mut Keys, user: &str, conv: &str, ids: &[String]) {
        let thread = Cloud::thread_key(user, conv);
        k.conv(user, conv);
        for id in ids {
            k.messages.insert((thread.clone(), id.clone()));
        }
        let after = self.deleted_count(user, conv) + ids.len().min(super::message_ops::MAX_DELETE);
        k.pages.insert((thread, None, after));
    }

    /// The rows a message from `user` to `to` reaches.
    fn audience_keys(&self, k: &mut Keys, user: &str, conv_type: ConvType, to: &str) {
        match conv_type {
            ConvType::C2c => {
                k.accounts.insert(to.to_string());
                k.conv(user, &c2c_id(to));
                k.conv(to, &c2c_id(user));
                // The recipient's blacklist decides whether it is delivered.
                #[cfg(feature = "full")]
                k.heads.insert(to.to_string());
            }
            ConvType::Group => {
                k.groups.insert(to.to_string());
                self.member_keys(k, to);
            }
            _ => {}
        }
    }

    /// The system conversations of those a group's notices reach: `user`, and (once the group
    /// is loaded) its owner and admins, or (`everyone`) every member.
    #[cfg(feature = "full")]
    fn notice_keys(&self, k: &mut Keys, user: &str, group_id: &str, everyone: bool) {
        let sys = crate::core::conversation::SYSTEM_ID;
        k.conv(user, sys);
        if let Some(g) = self.groups.get(group_id) {
            let to = if everyone {
                g.members.iter().map(|(m, _)| m.clone()).collect()
            } else {
                g.handlers()
            };
            for m in &to {
                k.conv(m, sys);
            }
        }
    }

    /// A group to be made: its ID (given, or the generated one: the first candidate not taken,
    /// so the candidates are read), its members' accounts and records of it.
    fn create_keys(&self, k: &mut Keys, user: &str, group_id: Option<&str>, members: &[String]) {
        let id = match group_id.filter(|s| !s.is_empty()) {
            Some(id) => id.to_string(),
            None => {
                let candidates: Vec<String> = (1..=CANDIDATES)
                    .map(|i| super::groups::generated_id(self.counter + i))
                    .collect();
                k.groups.extend(candidates.iter().cloned());
                candidates
                    .into_iter()
                    .find(|c| !self.groups.contains_key(c))
                    .unwrap_or_default()
            }
        };
        k.groups.insert(id.clone());
        for m in members.iter().chain([&user.to_string()]) {
            k.accounts.insert(m.clone());
            k.conv(m, &group_conv_id(&id));
        }
    }

    /// Every member's record of a group's conversation (once the group is loaded).
    fn member_keys(&self, k: &mut Keys, group_id: &str) {
        if let Some(g) = self.groups.get(group_id) {
            for (m, _) in &g.members {
                k.conv(m, &group_conv_id(group_id));
            }
        }
    }

    /// Loaders of a slice's rows (a [`Source`] puts what it read with these).
    pub fn load_account(&mut self, user: &str, p: Profile) {
        self.accounts.insert(user.to_string(), p);
    }

    pub fn load_head(&mut self, user: &str, conv_groups: ConvGroups, relations: Relations) {
        let s = self.users.get_or_insert_with(user, UserState::default);
        s.conv_groups = conv_groups;
        s.relations = relations;
    }

    pub fn load_conv(&mut self, user: &str, conv: &str, r: ConvRecord) {
        self.users
            .get_or_insert_with(user, UserState::default)
            .convs
            .insert(conv.to_string(), r);
    }

    pub fn load_group(&mut self, g: Group) {
        self.groups.insert(g.id.clone(), g);
    }

    /// Puts a stored message into its thread, in sequence order (once).
    pub fn put_message(&mut self, thread: &str, m: Stored) {
        let t = self.threads.get_or_insert_with(thread, Thread::default);
        let i = t.messages.partition_point(|o| o.seq < m.seq);
        if t.messages.get(i).is_none_or(|o| o.seq != m.seq) {
            t.messages.insert(i, m);
        }
    }

    /// Applies written rows to a whole cloud (tests: the cloud stands for a database).
    pub fn apply(&mut self, c: &Changes) {
        if let Some(n) = c.counter {
            self.counter = n;
        }
        for (id, p) in &c.accounts {
            self.accounts.insert(id.clone(), p.clone());
        }
        for (user, groups, relations) in &c.heads {
            let s = self.users.get_or_insert_with(user, UserState::default);
            s.conv_groups = groups.clone();
            s.relations = relations.clone();
        }
        for (user, id, r) in &c.convs {
            let s = self.users.get_or_insert_with(user, UserState::default);
            match r {
                Some(r) => drop(s.convs.insert(id.clone(), r.clone())),
                None => drop(s.convs.remove(id)),
            }
        }
        for (id, g) in &c.groups {
            match g {
                Some(g) => drop(self.groups.insert(id.clone(), g.clone())),
                None => drop(self.groups.remove(id)),
            }
        }
        for (key, m) in &c.messages {
            let t = self.threads.get_or_insert_with(key, Thread::default);
            let i = t.messages.partition_point(|o| o.seq < m.seq);
            match t.messages.get_mut(i) {
                Some(o) if o.seq == m.seq => *o = m.clone(),
                _ => t.messages.insert(i, m.clone()),
            }
        }
    }
}

/// Generated group IDs tried ahead: one is taken only when a caller chose that very ID.
const CANDIDATES: u64 = 8;

/// Reading a conversation: its record, and for C2C the peer's record (the read receipt).
fn read_keys(k: &mut Keys, user: &str, conv: &str) {
    k.conv(user, conv);
    if ConvType::of(conv) == ConvType::C2c {
        k.conv(target_of(conv), &c2c_id(user));
    }
}

/// A whole cloud as a [`Source`]: copies the named rows (the reference for sliced runs).
impl Source for Cloud {
    fn counter(&mut self) -> Result<u64, Error> {
        Ok(self.counter)
    }

    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error> {
        for id in &keys.accounts {
            if let Some(p) = self.accounts.get(id) {
                slice.load_account(id, p.clone());
            }
        }
        for user in &keys.heads {
            if let Some(s) = self.users.get(user) {
                slice.load_head(user, s.conv_groups.clone(), s.relations.clone());
            }
        }
        for user in &keys.all_convs {
            for (id, r) in self.users.get(user).iter().flat_map(|s| s.convs.iter()) {
                slice.load_conv(user, id, r.clone());
            }
        }
        for (user, id) in &keys.convs {
            if let Some(r) = self.users.get(user).and_then(|s| s.convs.get(id)) {
                slice.load_conv(user, id, r.clone());
            }
        }
        for id in &keys.groups {
            if let Some(g) = self.groups.get(id) {
                slice.load_group(g.clone());
            }
        }
        for user in &keys.groups_of {
            for g in self.groups.values().filter(|g| g.has(user)) {
                slice.load_group(g.clone());
            }
        }
        for key in &keys.tails {
            if let Some(m) = self.threads.get(key).and_then(|t| t.messages.last()) {
                slice.put_message(key, m.clone());
            }
        }
        for (key, id) in &keys.messages {
            if let Some(m) = self
                .threads
                .get(key)
                .and_then(|t| t.messages.iter().find(|m| &m.id == id))
            {
                slice.put_message(key, m.clone());
            }
        }
        for (key, before, count) in &keys.pages {
            let Some(t) = self.threads.get(key) else {
                continue;
            };
            let end = match before {
                Some(id) => match t.messages.iter().rposition(|m| &m.id == id) {
                    Some(i) => i + 1,
                    None => continue,
                },
                None => t.messages.len(),
            };
            for m in &t.messages[end.saturating_sub(count + 2)..end] {
                slice.put_message(key, m.clone());
            }
        }
        #[cfg(feature = "full")]
        for hop in &keys.hops {
            if let Some(t) = self.threads.get(&hop.thread) {
                for m in hop.select(&t.messages) {
                    slice.put_message(&hop.thread, m.clone());
                }
            }
        }
        #[cfg(feature = "full")]
        {
            let online = keys.online.iter().filter(|u| self.online.0.contains_key(u));
            slice.add_online(online.cloned());
        }
        Ok(())
    }
}

impl Cloud {
    /// Equal state, counting a user with no rows as absent (a slice writes no empty rows).
    pub fn same_state(&self, other: &Cloud) -> bool {
        let empty = UserState::default();
        let users = |a: &Cloud, b: &Cloud| {
            a.users
                .iter()
                .all(|(u, s)| s == b.users.get(u).unwrap_or(&empty))
        };
        let threads = |a: &Cloud, b: &Cloud| {
            a.threads
                .iter()
                .all(|(k, t)| t.messages.is_empty() || b.threads.get(k) == Some(t))
        };
        self.counter == other.counter
            && self.accounts == other.accounts
            && self.groups == other.groups
            && users(self, other)
            && users(other, self)
            && threads(self, other)
            && threads(other, self)
    }

    /// How many rows the state has (accounts, conversation records, chat groups, messages).
    pub fn rows(&self) -> u64 {
        let convs: usize = self.users.values().map(|u| u.convs.len()).sum();
        (self.accounts.len() + convs + self.groups.len() + self.message_count()) as u64
    }

    /// Messages in all threads (tests: how much a slice loaded).
    pub fn message_count(&self) -> usize {
        self.threads.values().map(|t| t.messages.len()).sum()
    }
}
