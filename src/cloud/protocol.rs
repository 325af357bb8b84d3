//! Requests, responses and pushes between a client and a cloud. Plain data: a network
//! transport can carry them as they are.

use super::SessionId;
use crate::core::conversation::ConvType;
use crate::core::group::GroupProfile;
use crate::core::message::{Message, Payload};
use crate::core::profile::Profile;

/// A client's request, made as the logged-in user.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Request {
    /// Everything the client loads at login: conversations and conversation groups.
    Sync,
    SendMessage {
        conv_type: ConvType,
        to: String,
        payload: Payload,
        cloud_custom_data: String,
        random: u32,
        client_time: u64,
        /// The message's options as `create*Message` took them ([`crate::core::message::flags`]:
        /// `needReadReceipt`, `isSupportExtension`), kept with it (the full build).
        #[cfg(feature = "full")]
        #[serde(default)]
        flags: u8,
    },
    /// `sendMessage(message, {onlineUserOnly: true})`: delivered to the sessions online now,
    /// never stored, no conversation or unread count changes (typing notices).
    SendOnline {
        conv_type: ConvType,
        to: String,
        payload: Payload,
        cloud_custom_data: String,
        random: u32,
        client_time: u64,
    },
    /// Messages older than the one with ID `before` (the newest when `None`), oldest first.
    GetMessages {
        conversation_id: String,
        before: Option<String>,
        count: usize,
    },
    /// Changes a stored message's `cloudCustomData` and/or payload.
    ModifyMessage {
        conversation_id: String,
        message_id: String,
        cloud_custom_data: Option<String>,
        payload: Option<Payload>,
        /// The message's version the caller saw (full build): another, and the change is
        /// refused as a conflict (`ModifyConflict`).
        #[cfg(feature = "full")]
        #[serde(default)]
        version: Option<u64>,
    },
    SetRead {
        conversation_id: String,
    },
    SetAllRead {
        c2c: bool,
        group: bool,
    },
    DeleteConversations {
        ids: Vec<String>,
        clear_history: bool,
    },
    /// Changes the user's own state of these conversations (pin, marks, custom data, remind
    /// type); creates a conversation the user does not have yet.
    UpdateConvs {
        ids: Vec<String>,
        change: ConvChange,
    },
    ClearHistory {
        conversation_id: String,
    },
    CreateConvGroup {
        name: String,
        ids: Vec<String>,
    },
    DeleteConvGroup {
        name: String,
    },
    RenameConvGroup {
        old: String,
        new: String,
    },
    UpdateConvGroup {
        name: String,
        add: bool,
        ids: Vec<String>,
    },
    CreateGroup {
        group_id: Option<String>,
        name: String,
        kind: String,
        members: Vec<String>,
    },
    /// Joins a group (free access), or — `by_admin`, the app's administrator adding the user —
    /// any group. Clients cannot ask `by_admin` (`wire::check`).
    JoinGroup {
        group_id: String,
        #[serde(default)]
        by_admin: bool,
    },
    QuitGroup {
        group_id: String,
    },
    DismissGroup {
        group_id: String,
    },
    GetJoinedGroups,
    GetGroupProfile {
        group_id: String,
    },
    GetProfiles {
        user_ids: Vec<String>,
    },
    /// The user's friends, friend groups, blacklist and friend applications.
    GetRelations,
    UpdateProfile(crate::core::profile::ProfileChange),
    /// Adds users to the user's blacklist (`add`) or removes them from it.
    #[cfg(feature = "full")]
    Blacklist {
        add: bool,
        user_ids: Vec<String>,
    },
    /// A change to the relationship chain (friends, applications, friend groups).
    #[cfg(feature = "full")]
    Relation(super::friends::RelationOp),
    /// A page of a group's members (`role`: only those, when not empty), or (`user_ids` not
    /// empty) these members, in that order.
    #[cfg(feature = "full")]
    GetGroupMembers {
        group_id: String,
        offset: u64,
        count: u64,
        role: String,
        #[serde(default)]
        user_ids: Vec<String>,
    },
    /// How many of a group's members are online (signed in somewhere): 0 for a group the user
    /// is not in. Presence is the host's knowledge, not stored state (`Cloud::online`).
    #[cfg(feature = "full")]
    OnlineCount {
        group_id: String,
    },
    /// A read or change of a group's attributes or counters.
    #[cfg(feature = "full")]
    GroupKeys(super::group_keys::GroupKeysOp),
    /// A change to a group member: role, mute, name card, custom fields.
    #[cfg(feature = "full")]
    GroupMember(super::members::MemberOp),
    /// A change to stored messages: revoking.
    #[cfg(feature = "full")]
    MessageOp(super::message_ops::MessageOp),
    /// The user's order of conversation groups: these first, the others after them in theirs
    /// (`setConversationGroupOrder`, ours).
    #[cfg(feature = "full")]
    ConvGroupOrder {
        names: Vec<String>,
    },
    /// Reads every conversation of a conversation group (`markConversationGroupAsRead`, ours).
    #[cfg(feature = "full")]
    ReadConvGroup {
        name: String,
    },
}

/// A change to a user's conversation state.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ConvChange {
    Pin(bool),
    /// A mark value (`TYPES.CONV_MARK_TYPE_*` or a custom bit value), set or cleared.
    Mark(u64, bool),
    CustomData(String),
    Remind(String),
}

/// A conversation as the cloud keeps it for one user.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConvSnapshot {
    pub id: String,
    pub unread: u32,
    pub pinned: bool,
    pub marks: Vec<u64>,
    pub custom_data: String,
    pub remind: String,
    /// Names of the user's conversation groups holding it, in group order.
    pub groups: Vec<String>,
    pub last: Option<Message>,
    pub peer: Option<Profile>,
    pub group: Option<GroupProfile>,
    /// C2C: when the peer last read it (seconds; 0: never).
    pub peer_read_time: u64,
    /// GROUP: @-mentions of the user not read yet.
    pub at_infos: Vec<crate::core::conversation::AtInfo>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Response {
    Snapshot {
        convs: Vec<ConvSnapshot>,
        conv_groups: Vec<(u64, String)>,
    },
    Sent {
        message: Message,
        conv: ConvSnapshot,
    },
    SentOnline {
        message: Message,
    },
    Modified {
        message: Message,
        conv: Option<ConvSnapshot>,
    },
    /// modifyMessage refused: the message was modified meanwhile; it is as it is now (2480).
    #[cfg(feature = "full")]
    ModifyConflict {
        message: Message,
    },
    Messages {
        messages: Vec<Message>,
        complete: bool,
    },
    Conversations(Vec<ConvSnapshot>),
    Deleted(Vec<String>),
    ConvGroupCreated {
        id: u64,
        results: Vec<(String, u32)>,
    },
    ConvGroupDeleted {
        id: u64,
    },
    ConvGroupRenamed {
        id: u64,
        changed: bool,
    },
    ConvGroupUpdated {
        results: Vec<(String, u32)>,
    },
    /// The user's conversation groups in their order, after a `ConvGroupOrder`.
    #[cfg(feature = "full")]
    ConvGroupOrder(Vec<(u64, String)>),
    /// Group attributes or counters read or written; after an attribute change, the keys it
    /// set and deleted.
    #[cfg(feature = "full")]
    GroupKeys {
        attributes: Vec<(String, String)>,
        counters: Vec<(String, i64)>,
        updated: Vec<String>,
        deleted: Vec<String>,
    },
    Group(GroupProfile),
    Groups(Vec<GroupProfile>),
    Profiles(Vec<Profile>),
    /// The user's relationships, and the profiles of their friends (in the same order).
    Relations(super::relations::Relations, Vec<Profile>),
    /// The user's blacklist after the change, in the order users were added.
    #[cfg(feature = "full")]
    Blacklist(Vec<String>),
    /// A number: a group's online members (`OnlineCount`).
    #[cfg(feature = "full")]
    Count(u64),
    /// A relation change's result per user (or friend group), and the user's relations after
    /// it with their friends' profiles.
    #[cfg(feature = "full")]
    Relation {
        results: Vec<(String, u32)>,
        relations: super::relations::Relations,
        profiles: Vec<Profile>,
        changed: u32,
    },
    /// getMessageReactions: each message found (its ID) with its reactions.
    #[cfg(feature = "full")]
    Reactions(Vec<(String, Vec<super::reactions::ReactionView>)>),
    /// A message's extensions (code, key, value): each one set or deleted with its result, or
    /// all of them (getMessageExtensions, code 0).
    #[cfg(feature = "full")]
    Extensions(Vec<(u32, String, String)>),
    /// Read receipts: (message ID, members who read it, members who have not).
    #[cfg(feature = "full")]
    Receipts(Vec<(String, u32, u32)>),
    /// getAllUserListOfMessageReaction: a page of a reaction's users, and where the next
    /// starts (0: none left).
    #[cfg(feature = "full")]
    ReactionUsers {
        users: Vec<super::reactions::Reactor>,
        next: u64,
    },
    /// getGroupApplicationList: the applications the user handles.
    #[cfg(feature = "full")]
    GroupApplications(Vec<super::group_apps::ApplicationView>),
    /// addGroupMember / deleteGroupMember: the result per user (1 done, 2 already a member),
    /// and the group after it.
    #[cfg(feature = "full")]
    MemberResults {
        results: Vec<(String, u32)>,
        group: GroupProfile,
    },
    /// Group members: user ID, role, join time (seconds), and their profiles and details in
    /// that order.
    #[cfg(feature = "full")]
    Members {
        members: Vec<(String, String, u64)>,
        profiles: Vec<Profile>,
        /// What the group keeps of each (name card, mute, custom fields), in the same order.
        #[serde(default)]
        details: Vec<super::members::MemberInfo>,
        /// After a member change: the group, as the caller sees it.
        #[serde(default)]
        group: Option<GroupProfile>,
    },
    Done,
}

/// Something the cloud tells a user's sessions without being asked.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Push {
    pub user: String,
    /// The session that caused it (it learns from its own response instead).
    pub except: Option<SessionId>,
    pub body: PushBody,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PushBody {
    /// A message arrived in (or was sent from elsewhere into) one of the user's conversations.
    Message {
        message: Message,
        conv: ConvSnapshot,
    },
    /// An online-only message (never stored; the conversation does not change).
    OnlineMessage(Message),
    /// A message was modified (by this user elsewhere or another participant); `conv` is the
    /// conversation as it is now (its last message may be the one modified).
    MessageModified {
        message: Message,
        conv: Option<ConvSnapshot>,
    },
    /// A conversation changed elsewhere (read, pinned, a group's profile...).
    ConvUpdated(ConvSnapshot),
    ConvDeleted(Vec<String>),
    ConvGroupCreated {
        id: u64,
        name: String,
        members: Vec<String>,
    },
    ConvGroupDeleted {
        id: u64,
        name: String,
    },
    ConvGroupRenamed {
        id: u64,
        old: String,
        new: String,
    },
    /// The user's conversation groups in a new order (ID, name).
    #[cfg(feature = "full")]
    ConvGroupOrder(Vec<(u64, String)>),
    ConvGroupMembers {
        name: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    GroupListChanged,
    ProfileUpdated(Profile),
    /// The user's blacklist changed elsewhere: the whole list.
    #[cfg(feature = "full")]
    Blacklist(Vec<String>),
    /// The user's relations changed (`changed`: `friends::changed` bits): all of them, with
    /// the friends' profiles.
    #[cfg(feature = "full")]
    Relations {
        relations: super::relations::Relations,
        profiles: Vec<Profile>,
        changed: u32,
    },
    /// A group's attributes changed: all of them now, the keys set and the keys deleted.
    #[cfg(feature = "full")]
    GroupAttributes {
        group_id: String,
        attributes: Vec<(String, String)>,
        updated: Vec<String>,
        deleted: Vec<String>,
    },
    /// A group's counters changed: those keys and their values now.
    #[cfg(feature = "full")]
    GroupCounters {
        group_id: String,
        counters: Vec<(String, i64)>,
    },
    /// A message's reaction changed: that reaction as the user sees it now.
    #[cfg(feature = "full")]
    Reactions {
        message_id: String,
        reactions: Vec<super::reactions::ReactionView>,
    },
    /// A message's extensions changed: those set (key, value) and the keys deleted.
    #[cfg(feature = "full")]
    Extensions {
        message_id: String,
        set: Vec<(String, String)>,
        deleted: Vec<String>,
    },
    /// A message of the user's was read (a read receipt), in the user's chat
    /// `conversation_id`: the members who read it and who have not, at `time`.
    #[cfg(feature = "full")]
    Receipt {
        conversation_id: String,
        message_id: String,
        read: u32,
        unread: u32,
        time: u64,
    },
    /// A push this build does not know (a newer or fuller server's): skipped, its sequence
    /// number counted. Never sent.
    Unknown,
}
