//! The journal: every change to a cloud, written down as an operation (the admin handle's
//! written form, see `admin::decode`) so it can be stored and replayed. A cloud's state is a
//! pure function of its journal: replaying the same entries in the same order gives the same
//! state, which is how every tab of a browser origin (and, later, every replica of a server)
//! agrees. Storage itself sits behind [`Storage`]: in memory here, IndexedDB in the facade.

use super::admin::{decode, user_key};
use super::protocol::{ConvChange, Request, Response};
use super::snapshot;
use super::state::Cloud;
use super::{CloudLink, Outcome, Push, SessionId};
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::json::Json;
use crate::core::message::Payload;
use crate::core::value::Value;
use std::cell::{Cell, RefCell};

/// Journal entries (JSON text) with their sequence numbers (keys), in order.
pub type Entries = Vec<(u64, String)>;

/// What a transaction reads: the entries after the caller's position, or, when the journal no
/// longer holds that position, its snapshot (if it has one) and every entry after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tail {
    /// (key, text): the state as of that key (`snapshot.rs`).
    pub snapshot: Option<(u64, String)>,
    pub entries: Entries,
}

/// What a transaction writes: entries, and maybe a new snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Commit {
    pub entries: Entries,
    pub snapshot: Option<Snapshot>,
}

/// The state as of key `at` (the last key committed with it); the entries up to `drop_to` are
/// deleted with it (`drop_to < at`: the journal keeps its newest entries, so a tab a little
/// behind still finds its position).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub at: u64,
    pub text: String,
    pub drop_to: u64,
}

impl From<Entries> for Commit {
    fn from(entries: Entries) -> Commit {
        Commit {
            entries,
            snapshot: None,
        }
    }
}

/// One atomic step: receives what was committed after the caller's position, returns what to
/// commit with it.
pub type Step = Box<dyn FnOnce(Tail) -> Commit>;
/// Learns whether the step's writes were committed.
pub type Done = Box<dyn FnOnce(Result<(), Error>)>;

/// Where a journal lives. Implementations: [`MemoryStorage`] and the facade's IndexedDB.
pub trait Storage {
    /// Runs `step` in one atomic transaction, isolated from every other writer. When `after`
    /// is not 0 and the journal holds the entry at `after`, the step gets the entries from
    /// `after` on (that entry first) and no snapshot. Otherwise (a first read, or a position
    /// compacted away, cleared or replaced) it gets the journal's snapshot, if any, and every
    /// entry after the snapshot's key. What it returns is committed all or none: its entries
    /// (a key already taken fails the whole transaction), and its snapshot, which replaces the
    /// one stored and deletes the entries up to its `drop_to`. `done` runs after the commit or
    /// the failure (`StorageUnavailable`: the step never ran; `StorageFailed`: nothing was
    /// kept).
    fn transact(&self, after: u64, step: Step, done: Done);

    /// Calls `wake` each time another writer commits (other tabs), from now on; a later call
    /// replaces the earlier `wake`. Notices may come late, and one may cover several commits.
    fn watch(&self, wake: Box<dyn Fn()>);

    /// Presence (getGroupOnlineMemberCount): `session` is signed in as `user` (empty: signed
    /// out), visible to every writer of this storage while its writer lives.
    #[cfg(feature = "full")]
    fn present(&self, _session: u64, _user: &str) {}

    /// The users the other writers of this storage have signed in, as far as it can tell.
    #[cfg(feature = "full")]
    fn online(&self, then: Box<dyn FnOnce(Vec<String>)>) {
        then(Vec::new())
    }
}

/// A journal kept in memory: for native tests, and for `create({storage: 'memory'})`.
#[derive(Default)]
pub struct MemoryStorage {
    log: RefCell<Entries>,
    snapshot: RefCell<Option<(u64, String)>>,
    /// The last key committed (entries may have been dropped since).
    last: Cell<u64>,
}

impl Storage for MemoryStorage {
    fn transact(&self, after: u64, step: Step, done: Done) {
        let tail = {
            let log = self.log.borrow();
            let from = log.partition_point(|(n, _)| *n < after);
            if after != 0 && log.get(from).is_some_and(|(n, _)| *n == after) {
                Tail {
                    snapshot: None,
                    entries: log[from..].to_vec(),
                }
            } else {
                let snapshot = self.snapshot.borrow().clone();
                let base = snapshot.as_ref().map_or(0, |(n, _)| *n);
                let from = log.partition_point(|(n, _)| *n <= base);
                Tail {
                    snapshot,
                    entries: log[from..].to_vec(),
                }
            }
        };
        let commit = step(tail);
        // Keys go up one by one from the last one committed.
        let mut next = self.last.get() + 1;
        let res = if commit
            .entries
            .iter()
            .all(|(n, _)| std::mem::replace(&mut next, n + 1) == *n)
        {
            let mut log = self.log.borrow_mut();
            self.last.set(next - 1);
            log.extend(commit.entries);
            if let Some(s) = commit.snapshot {
                log.retain(|(n, _)| *n > s.drop_to);
                *self.snapshot.borrow_mut() = Some((s.at, s.text));
            }
            Ok(())
        } else {
            Err(Error::new(
                Code::StorageFailed,
                "journal key already used: the change was not stored",
            ))
        };
        done(res);
    }

    /// Nobody else writes to a journal in memory.
    fn watch(&self, _wake: Box<dyn Fn()>) {}
}

/// Requests that change nothing for a user who already has an account.
pub fn read_only(req: &Request) -> bool {
    matches!(
        req,
        Request::Sync
            | Request::GetMessages { .. }
            | Request::GetJoinedGroups
            | Request::GetGroupProfile { .. }
            | Request::GetProfiles { .. }
            | Request::GetRelations
    ) || full_read_only(req)
}

/// The full build's reads: checkFriend (both users' relations), a page of group members, a
/// group's attributes or counters, the group applications a user handles.
#[cfg(feature = "full")]
fn full_read_only(req: &Request) -> bool {
    matches!(req, Request::Relation(op) if op.op == "checkFriend")
        || matches!(req, Request::GroupMember(op) if op.op == "getGroupApplicationList")
        || matches!(
            req,
            Request::GetGroupMembers { .. } | Request::OnlineCount { .. }
        )
        || matches!(req, Request::GroupKeys(op) if super::group_keys::reads(op))
        || matches!(req, Request::MessageOp(op) if super::message_ops::reads(op))
}

#[cfg(not(feature = "full"))]
fn full_read_only(_: &Request) -> bool {
    false
}

/// The journal entry of a request, as JSON: `{op, <user key>, s: session, t: now, ...}` in the
/// written form `admin::decode` reads. A read-only request is written as `sync` (it can only
/// have created the user's account).
pub fn entry(user: &str, session: SessionId, now: u64, req: &Request) -> String {
    let op = match req {
        Request::SendMessage { .. } => "sendMessage",
        Request::SendOnline { .. } => "sendOnlineMessage",
        Request::ModifyMessage { .. } => "modifyMessage",
        Request::SetRead { .. } => "setMessageRead",
        Request::ClearHistory { .. } => "clearHistoryMessage",
        Request::SetAllRead { .. } => "setAllMessageRead",
        Request::DeleteConversations { .. } => "deleteConversation",
        Request::UpdateConvs { .. } => "updateConversations",
        Request::CreateConvGroup { .. } => "createConversationGroup",
        Request::DeleteConvGroup { .. } => "deleteConversationGroup",
        Request::RenameConvGroup { .. } => "renameConversationGroup",
        Request::UpdateConvGroup { add: true, .. } => "addConversationsToGroup",
        Request::UpdateConvGroup { .. } => "deleteConversationsFromGroup",
        Request::CreateGroup { .. } => "createGroup",
        Request::JoinGroup { .. } => "joinGroup",
        Request::QuitGroup { .. } => "quitGroup",
        Request::DismissGroup { .. } => "dismissGroup",
        Request::UpdateProfile(_) => "importAccount",
        #[cfg(feature = "full")]
        Request::Blacklist { add: true, .. } => "addToBlacklist",
        #[cfg(feature = "full")]
        Request::Blacklist { .. } => "removeFromBlacklist",
        #[cfg(feature = "full")]
        Request::Relation(_) => "relation",
        #[cfg(feature = "full")]
        Request::GroupKeys(op) if !super::group_keys::reads(op) => "groupKeys",
        #[cfg(feature = "full")]
        Request::GroupMember(_) => "groupMember",
        #[cfg(feature = "full")]
        Request::MessageOp(op) if !super::message_ops::reads(op) => "messageOp",
        #[cfg(feature = "full")]
        Request::ConvGroupOrder { .. } => "setConversationGroupOrder",
        #[cfg(feature = "full")]
        Request::ReadConvGroup { .. } => "markConversationGroupAsRead",
        _ => "sync",
    };
    let mut j = Json::new();
    j.open()
        .key("op")
        .str(op)
        .key(user_key(op))
        .str(user)
        .key("s")
        .num(session)
        .key("t")
        .num(now);
    match req {
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
            j.key("conversationType")
                .str(if *conv_type == ConvType::Group {
                    "GROUP"
                } else {
                    "C2C"
                })
                .key("to")
                .str(to);
            write_payload(&mut j, payload);
            j.key("cloudCustomData")
                .str(cloud_custom_data)
                .key("random")
                .num(*random as u64)
                .key("clientTime")
                .num(*client_time);
            #[cfg(feature = "full")]
            if let Request::SendMessage { flags: f @ 1.., .. } = req {
                j.key("flags").num(u64::from(*f));
            }
        }
        Request::ModifyMessage {
            conversation_id,
            message_id,
            cloud_custom_data,
            payload,
            ..
        } => {
            j.key("conversationID")
                .str(conversation_id)
                .key("messageID")
                .str(message_id);
            if let Some(c) = cloud_custom_data {
                j.key("cloudCustomData").str(c);
            }
            if let Some(p) = payload {
                write_payload(&mut j, p);
            }
            #[cfg(feature = "full")]
            if let Request::ModifyMessage {
                version: Some(v), ..
            } = req
            {
                j.key("version").num(*v);
            }
        }
        Request::SetRead { conversation_id } | Request::ClearHistory { conversation_id } => {
            j.key("conversationID").str(conversation_id);
        }
        Request::SetAllRead { c2c, group } => {
            j.key("c2c").bool(*c2c).key("group").bool(*group);
        }
        Request::DeleteConversations { ids, clear_history } => {
            j.key("conversationIDList")
                .strs(ids)
                .key("clearHistoryMessage")
                .bool(*clear_history);
        }
        Request::UpdateConvs { ids, change } => {
            j.key("conversationIDList").strs(ids).key("change");
            match change {
                ConvChange::Pin(b) => j.str("pin").key("value").bool(*b),
                ConvChange::Mark(mark, b) => j
                    .str("mark")
                    .key("markType")
                    .num(*mark)
                    .key("value")
                    .bool(*b),
                ConvChange::CustomData(s) => j.str("customData").key("value").str(s),
                ConvChange::Remind(s) => j.str("remind").key("value").str(s),
            };
        }
        Request::CreateConvGroup { name, ids } | Request::UpdateConvGroup { name, ids, .. } => {
            j.key("groupName")
                .str(name)
                .key("conversationIDList")
                .strs(ids);
        }
        Request::DeleteConvGroup { name } => {
            j.key("groupName").str(name);
        }
        Request::RenameConvGroup { old, new } => {
            j.key("oldName").str(old).key("newName").str(new);
        }
        Request::CreateGroup {
            group_id,
            name,
            kind,
            members,
        } => {
            if let Some(id) = group_id {
                j.key("groupID").str(id);
            }
            j.key("name")
                .str(name)
                .key("type")
                .str(kind)
                .key("memberList")
                .strs(members);
        }
        Request::JoinGroup { group_id, by_admin } => {
            j.key("groupID").str(group_id);
            if *by_admin {
                j.key("admin").bool(true);
            }
        }
        Request::QuitGroup { group_id } | Request::DismissGroup { group_id } => {
            j.key("groupID").str(group_id);
        }
        Request::UpdateProfile(change) => change.write_fields(&mut j),
        #[cfg(feature = "full")]
        Request::Blacklist { user_ids, .. } => {
            j.key("userIDList").strs(user_ids);
        }
        #[cfg(feature = "full")]
        Request::Relation(op) => {
            j.key("r");
            super::wire_encode::relation_op(&mut j, op);
        }
        #[cfg(feature = "full")]
        Request::GroupKeys(op) => {
            j.key("k");
            super::wire_encode::group_keys_op(&mut j, op);
        }
        #[cfg(feature = "full")]
        Request::GroupMember(op) => {
            j.key("m");
            super::wire_encode::member_op(&mut j, op);
        }
        #[cfg(feature = "full")]
        Request::MessageOp(op) => {
            j.key("g");
            super::wire_encode::message_op(&mut j, op);
        }
        #[cfg(feature = "full")]
        Request::ConvGroupOrder { names } => {
            j.key("groupNameList").strs(names);
        }
        #[cfg(feature = "full")]
        Request::ReadConvGroup { name } => {
            j.key("groupName").str(name);
        }
        _ => {}
    }
    j.close();
    j.finish()
}

/// A cloud kept in step with a journal: requests made through it are recorded (as pending
/// entries, to commit in the same transaction), and entries others committed are replayed.
pub struct Replica {
    pub cloud: Cloud,
    /// The key of the last entry applied.
    pub seen: u64,
    pending: Entries,
    /// The key of the newest snapshot this replica read or wrote.
    snapshot_at: u64,
    /// No compaction is considered before this key: the state's size was counted (a pass over
    /// it) and the entries since the snapshot could not reach it sooner.
    check_at: u64,
    /// The users whose pushes this replica's owner delivers (a tab's signed-in users), when
    /// known: pushes to anyone else are not built. Another tab replays the same entries and
    /// builds its own.
    pub listeners: Option<Listeners>,
}

/// Lists the users signed in where a replica's pushes go.
pub type Listeners = Box<dyn Fn() -> Vec<String>>;

/// A snapshot is written once this many entries follow the last one…
pub const COMPACT_MIN: u64 = 500;
/// …and replaying them would cost more than reading the state: an entry costs about as much
/// as this many rows of a snapshot (measured in the page).
pub const ENTRY_COST_IN_ROWS: u64 = 16;
/// Entries kept before a snapshot's key, so that a tab a little behind still finds its
/// position and goes on without reloading.
pub const KEEP: u64 = 1000;

impl Replica {
    pub fn new(sdk_app_id: f64) -> Self {
        Replica {
            cloud: Cloud::new(sdk_app_id),
            seen: 0,
            pending: Vec::new(),
            snapshot_at: 0,
            check_at: 0,
            listeners: None,
        }
    }

    /// Starts from a snapshot (after `reset`, before the entries that follow it). One this
    /// build cannot read leaves the replica empty and reports it (2985).
    pub fn restore(&mut self, at: u64, text: &str) -> Result<(), Error> {
        self.seen = at;
        self.snapshot_at = at;
        match snapshot::read(text, self.cloud.sdk_app_id) {
            Some(cloud) => {
                self.cloud = cloud;
                Ok(())
            }
            None => Err(Error::new(
                Code::StorageCorrupt,
                format!("the stored snapshot at record {at} could not be read: the state before it is missing"),
            )),
        }
    }

    /// A snapshot of the state as of `seen` (pending entries included), when enough entries
    /// followed the last one that reading the state beats replaying them.
    pub fn compaction(&mut self) -> Option<Snapshot> {
        let tail = self.seen.saturating_sub(self.snapshot_at);
        if tail < COMPACT_MIN || self.seen < self.check_at {
            return None;
        }
        let rows = self.cloud.rows();
        if tail * ENTRY_COST_IN_ROWS < rows {
            // Not before the tail could cost as much as the state does now.
            self.check_at = self.snapshot_at + rows / ENTRY_COST_IN_ROWS + 1;
            return None;
        }
        self.snapshot_at = self.seen;
        Some(Snapshot {
            at: self.seen,
            text: snapshot::write(&self.cloud),
            drop_to: self.seen.saturating_sub(KEEP),
        })
    }

    /// Forgets everything (to rebuild from the journal after a failed commit).
    pub fn reset(&mut self) {
        let listeners = self.listeners.take();
        *self = Replica::new(self.cloud.sdk_app_id);
        self.listeners = listeners;
    }

    /// Checks what a transaction read from `after` on (see [`Storage::transact`]) and drops the
    /// entry at `after`, which this replica applied already. Returns `true`, having reset the
    /// replica, when the journal no longer holds that entry (it was cleared or replaced under
    /// this page): `entries` are then the whole journal, to replay from the start.
    pub fn check_position<E>(&mut self, after: u64, entries: &mut Vec<(u64, E)>) -> bool {
        if after == 0 {
            return false;
        }
        if entries.first().is_some_and(|(n, _)| *n == after) {
            entries.remove(0);
            return false;
        }
        self.reset();
        true
    }

    /// Replays entries committed by others, in order. Returns their pushes, and an error for
    /// each entry that could not be read (skipped: every replica skips it alike).
    /// Entries arrive parsed (by the crate's JSON reader, `core/json_read.rs`, in the host); one
    /// that is not JSON is `Value::Undefined`.
    pub fn catch_up(&mut self, entries: Vec<(u64, Value)>) -> (Vec<Push>, Vec<(u64, Error)>) {
        let mut out = Outcome::only(self.listeners.as_ref().map(|f| f()));
        out.replay = true;
        let mut errors = Vec::new();
        for (n, e) in entries {
            if n <= self.seen {
                continue;
            }
            self.seen = n;
            match decode(e.get("op").as_str().unwrap_or_default(), &e, 0, 0) {
                Ok((user, req)) => {
                    let session = e.get("s").as_number().unwrap_or(0.0) as SessionId;
                    let now = e.get("t").as_number().unwrap_or(0.0) as u64;
                    let _ = self.cloud.handle(&user, session, req, now, &mut out);
                }
                Err(err) => errors.push((
                    n,
                    Error::new(
                        Code::StorageCorrupt,
                        format!(
                            "stored record {n} could not be read and was skipped: {}",
                            err.message
                        ),
                    ),
                )),
            }
        }
        (out.pushes, errors)
    }

    /// The entries recorded since the last call, to commit.
    pub fn take_pending(&mut self) -> Entries {
        std::mem::take(&mut self.pending)
    }
}

impl CloudLink for Replica {
    fn request(
        &mut self,
        user: &str,
        session: SessionId,
        req: Request,
        now: u64,
    ) -> (Result<Response, Error>, Vec<Push>) {
        if !read_only(&req) || !self.cloud.has_account(user) {
            self.seen += 1;
            self.pending
                .push((self.seen, entry(user, session, now, &req)));
        }
        // The caller is listening even while its session is busy making this call.
        let mut out = Outcome::only(self.listeners.as_ref().map(|f| {
            let mut users = f();
            users.push(user.to_string());
            users
        }));
        let res = self.cloud.handle(user, session, req, now, &mut out);
        (res, out.pushes)
    }
}

/// `"payload": {...}` in the written form `admin::decode` reads. Tips are the cloud's own
/// messages: no client sends one (written as an empty custom).
fn write_payload(j: &mut Json, payload: &Payload) {
    j.key("payload").open();
    match payload {
        Payload::Text { text } => {
            j.key("text").str(text);
        }
        Payload::TextAt { text, at_user_list } => {
            j.key("text").str(text).key("atUserList").strs(at_user_list);
        }
        Payload::Custom {
            data,
            description,
            extension,
        } => {
            j.key("data")
                .str(data)
                .key("description")
                .str(description)
                .key("extension")
                .str(extension);
        }
        #[cfg(feature = "full")]
        Payload::Face { index, data } => {
            j.key("index").num(*index).key("data").str(data);
        }
        // The numbers as their text (read back without a float parser: `admin::payload_of`).
        #[cfg(feature = "full")]
        Payload::Location {
            description,
            longitude,
            latitude,
        } => {
            j.key("description")
                .str(description)
                .key("longitude")
                .str(longitude)
                .key("latitude")
                .str(latitude);
        }
        // The list as its text (exact: no number goes through a float).
        #[cfg(feature = "full")]
        Payload::Merger {
            title,
            abstract_list,
            compatible_text,
            message_list,
        } => {
            j.key("title")
                .str(title)
                .key("abstractList")
                .strs(abstract_list)
                .key("compatibleText")
                .str(compatible_text)
                .key("messageList")
                .str(message_list);
        }
        // The page's object as its text (read back as it was: `admin::payload_of`).
        #[cfg(feature = "full")]
        Payload::Media { kind, body } => {
            j.key("media").num(*kind as u64).key("body").str(body);
        }
        Payload::GroupTip { .. } => {}
        #[cfg(feature = "full")]
        Payload::GroupSystemNotice { .. } => {}
    }
    j.close();
}
