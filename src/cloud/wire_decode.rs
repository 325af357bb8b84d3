//! Reading the server's frames in the page without serde's derived deserializers: those cost
//! ~58 KB gzip of wasm for these types (measured), half the size budget (CONTRACT §1). The page
//! parses the text with `JSON.parse` into a [`Value`]; [`Decode`] reads it in serde's JSON form
//! (externally tagged enums, tuples as arrays, `t`-tagged frames). Frames and enum variants
//! must be known (`None` otherwise); within them, a missing or mistyped field reads as its
//! default — a lenient reader is a third the size of a strict one (measured), and the page
//! takes frames only from its server. `tests/wire.rs` checks that every answer and push the
//! cloud makes reads back equal after serde_json wrote it.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use super::protocol::{ConvSnapshot, PushBody, Response};
use super::relations::{Application, Relations};
use super::wire::{Answered, ServerFrame};
use crate::core::conversation::AtInfo;
use crate::core::group::GroupProfile;
use crate::core::message::{Message, Payload, Status};
use crate::core::profile::Profile;
use crate::core::value::Value;

/// A frame or enum read from serde's JSON form; `None` when it is not one this build knows.
pub trait Decode: Sized {
    fn decode(v: &Value) -> Option<Self>;
}

/// A value read leniently: what does not have the expected form reads as the default.
pub trait Read: Sized {
    fn read(v: &Value) -> Self;
}

/// Field `k` of object `v`.
fn f<T: Read>(v: &Value, k: &str) -> T {
    T::read(v.get(k))
}

/// An enum value: the variant's name and its content (`Undefined` for a unit variant).
fn variant(v: &Value) -> Option<(&str, &Value)> {
    match v {
        Value::Str(s) => Some((s, &crate::core::value::UNDEFINED)),
        Value::Object(fields) if fields.len() == 1 => fields.first().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

fn item<T: Read>(v: &Value, i: usize) -> T {
    T::read(
        v.as_array()
            .and_then(|a| a.get(i))
            .unwrap_or(&crate::core::value::UNDEFINED),
    )
}

impl Read for String {
    fn read(v: &Value) -> Self {
        v.as_str().unwrap_or_default().to_string()
    }
}

impl Read for bool {
    fn read(v: &Value) -> Self {
        v.as_bool().unwrap_or_default()
    }
}

impl Read for u64 {
    fn read(v: &Value) -> Self {
        // `as` saturates: a negative or fractional number cannot become garbage.
        v.as_number().map_or(0, |n| n as u64)
    }
}

/// A signed integer (the full build's group counters); beyond ±2^53 as JavaScript has it.
#[cfg(feature = "full")]
impl Read for i64 {
    fn read(v: &Value) -> Self {
        v.as_number().map_or(0, |n| n as i64)
    }
}

impl Read for u32 {
    fn read(v: &Value) -> Self {
        v.as_number().map_or(0, |n| n as u32)
    }
}

impl Read for u8 {
    fn read(v: &Value) -> Self {
        v.as_number().map_or(0, |n| n as u8)
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(v: &Value) -> Self {
        // A plain loop: iterator adapters instantiate more code per element type (the size budget).
        let items = v.as_array().unwrap_or_default();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(T::read(item));
        }
        out
    }
}

impl<T: Read> Read for Option<T> {
    fn read(v: &Value) -> Self {
        match v {
            Value::Null | Value::Undefined => None,
            v => Some(T::read(v)),
        }
    }
}

impl<A: Read, B: Read> Read for (A, B) {
    fn read(v: &Value) -> Self {
        (item(v, 0), item(v, 1))
    }
}

impl<A: Read, B: Read, C: Read> Read for (A, B, C) {
    fn read(v: &Value) -> Self {
        (item(v, 0), item(v, 1), item(v, 2))
    }
}

impl Read for Payload {
    fn read(v: &Value) -> Self {
        let (name, b) = variant(v).unwrap_or(("", v));
        match name {
            "Text" => Payload::Text { text: f(b, "text") },
            "TextAt" => Payload::TextAt {
                text: f(b, "text"),
                at_user_list: f(b, "at_user_list"),
            },
            "Custom" => Payload::Custom {
                data: f(b, "data"),
                description: f(b, "description"),
                extension: f(b, "extension"),
            },
            #[cfg(feature = "full")]
            "Face" => Payload::Face {
                index: f(b, "index"),
                data: f(b, "data"),
            },
            #[cfg(feature = "full")]
            "Merger" => Payload::Merger {
                title: f(b, "title"),
                abstract_list: f(b, "abstract_list"),
                compatible_text: f(b, "compatible_text"),
                message_list: f(b, "message_list"),
            },
            #[cfg(feature = "full")]
            "Media" => Payload::Media {
                kind: f(b, "kind"),
                body: f(b, "body"),
            },
            #[cfg(feature = "full")]
            "Location" => Payload::Location {
                description: f(b, "description"),
                longitude: f(b, "longitude"),
                latitude: f(b, "latitude"),
            },
            "GroupTip" => Payload::GroupTip {
                operator_id: f(b, "operator_id"),
                operation_type: f(b, "operation_type"),
                user_id_list: f(b, "user_id_list"),
                #[cfg(feature = "full")]
                member_list: f(b, "member_list"),
                #[cfg(feature = "full")]
                new_profile: f(b, "new_profile"),
            },
            #[cfg(feature = "full")]
            "GroupSystemNotice" => Payload::GroupSystemNotice {
                operation_type: f(b, "operation_type"),
                operator_id: f(b, "operator_id"),
                group_id: f(b, "group_id"),
                group_name: f(b, "group_name"),
                group_type: f(b, "group_type"),
                handle_message: f(b, "handle_message"),
                message_key: f(b, "message_key"),
            },
            _ => Payload::Text {
                text: String::new(),
            },
        }
    }
}

impl Read for Message {
    fn read(v: &Value) -> Self {
        Message {
            id: f(v, "id"),
            conversation_id: f(v, "conversation_id"),
            conversation_type: f(v, "conversation_type"),
            time: f(v, "time"),
            sequence: f(v, "sequence"),
            random: f(v, "random"),
            nick: f(v, "nick"),
            avatar: f(v, "avatar"),
            from: f(v, "from"),
            to: f(v, "to"),
            incoming: f(v, "incoming"),
            status: if v.get("status").as_str() == Some("UnSend") {
                Status::UnSend
            } else {
                Status::Success
            },
            cloud_custom_data: f(v, "cloud_custom_data"),
            client_time: f(v, "client_time"),
            payload: f(v, "payload"),
            arrival: f(v, "arrival"),
            version: f(v, "version"),
            peer_read: f(v, "peer_read"),
            #[cfg(feature = "full")]
            revoker: f(v, "revoker"),
            #[cfg(feature = "full")]
            flags: f(v, "flags"),
        }
    }
}

impl Read for Profile {
    fn read(v: &Value) -> Self {
        Profile {
            user_id: f(v, "user_id"),
            nick: f(v, "nick"),
            avatar: f(v, "avatar"),
            last_updated_time: f(v, "last_updated_time"),
            texts: f(v, "texts"),
            numbers: f(v, "numbers"),
            custom: f(v, "custom"),
        }
    }
}

impl Read for GroupProfile {
    fn read(v: &Value) -> Self {
        GroupProfile {
            group_id: f(v, "group_id"),
            name: f(v, "name"),
            kind: f(v, "kind"),
            owner_id: f(v, "owner_id"),
            create_time: f(v, "create_time"),
            member_count: f(v, "member_count"),
            max_member_count: f(v, "max_member_count"),
            join_option: f(v, "join_option"),
            role: f(v, "role"),
            join_time: f(v, "join_time"),
            remind: f(v, "remind"),
            viewer: f(v, "viewer"),
            last_time: f(v, "last_time"),
            last_sequence: f(v, "last_sequence"),
            last_from: f(v, "last_from"),
            last_for_show: f(v, "last_for_show"),
            next_message_seq: f(v, "next_message_seq"),
            #[cfg(feature = "full")]
            more: f(v, "more"),
        }
    }
}

impl Read for AtInfo {
    fn read(v: &Value) -> Self {
        AtInfo {
            from: f(v, "from"),
            group_id: f(v, "group_id"),
            sequence: f(v, "sequence"),
            random: f(v, "random"),
            kind: f(v, "kind"),
        }
    }
}

impl Read for ConvSnapshot {
    fn read(v: &Value) -> Self {
        ConvSnapshot {
            id: f(v, "id"),
            unread: f(v, "unread"),
            pinned: f(v, "pinned"),
            marks: f(v, "marks"),
            custom_data: f(v, "custom_data"),
            remind: f(v, "remind"),
            groups: f(v, "groups"),
            last: f(v, "last"),
            peer: f(v, "peer"),
            group: f(v, "group"),
            peer_read_time: f(v, "peer_read_time"),
            at_infos: f(v, "at_infos"),
        }
    }
}

impl Read for Application {
    fn read(v: &Value) -> Self {
        Application {
            user_id: f(v, "user_id"),
            incoming: f(v, "incoming"),
            word: f(v, "word"),
            source: f(v, "source"),
            time: f(v, "time"),
            #[cfg(feature = "full")]
            remark: f(v, "remark"),
            #[cfg(feature = "full")]
            group: f(v, "group"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::friends::RelationOp {
    fn read(v: &Value) -> Self {
        super::friends::RelationOp {
            op: f(v, "op"),
            ids: f(v, "ids"),
            name: f(v, "name"),
            text: f(v, "text"),
            word: f(v, "word"),
            source: f(v, "source"),
            both: f(v, "both"),
            custom: f(v, "custom"),
            has_text: f(v, "has_text"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for crate::core::group::GroupMore {
    fn read(v: &Value) -> Self {
        crate::core::group::GroupMore {
            introduction: f(v, "introduction"),
            notification: f(v, "notification"),
            avatar: f(v, "avatar"),
            join_option: f(v, "join_option"),
            mute_all: f(v, "mute_all"),
            custom: f(v, "custom"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::members::MemberInfo {
    fn read(v: &Value) -> Self {
        super::members::MemberInfo {
            user_id: f(v, "user_id"),
            role: f(v, "role"),
            name_card: f(v, "name_card"),
            mute_until: f(v, "mute_until"),
            custom: f(v, "custom"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::group_apps::Application {
    fn read(v: &Value) -> Self {
        super::group_apps::Application {
            user_id: f(v, "user_id"),
            note: f(v, "note"),
            time: f(v, "time"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::group_apps::ApplicationView {
    fn read(v: &Value) -> Self {
        super::group_apps::ApplicationView {
            group_id: f(v, "group_id"),
            group_name: f(v, "group_name"),
            applicant: f(v, "applicant"),
            applicant_nick: f(v, "applicant_nick"),
            note: f(v, "note"),
            time: f(v, "time"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::reactions::ReactionView {
    fn read(v: &Value) -> Self {
        super::reactions::ReactionView {
            id: f(v, "id"),
            total: f(v, "total"),
            users: f(v, "users"),
            mine: f(v, "mine"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::message_ops::MessageOp {
    fn read(v: &Value) -> Self {
        super::message_ops::MessageOp {
            op: f(v, "op"),
            conversation_id: f(v, "conversation_id"),
            ids: f(v, "ids"),
            reaction: f(v, "reaction"),
            count: f(v, "count"),
            next: f(v, "next"),
            newer: f(v, "newer"),
            extensions: f(v, "extensions"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::members::MemberOp {
    fn read(v: &Value) -> Self {
        super::members::MemberOp {
            op: f(v, "op"),
            group_id: f(v, "group_id"),
            user_id: f(v, "user_id"),
            text: f(v, "text"),
            seconds: f(v, "seconds"),
            custom: f(v, "custom"),
            ids: f(v, "ids"),
            profile: f(v, "profile"),
            note: f(v, "note"),
            member_custom: f(v, "member_custom"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::group_keys::GroupKeysOp {
    fn read(v: &Value) -> Self {
        super::group_keys::GroupKeysOp {
            op: f(v, "op"),
            group_id: f(v, "group_id"),
            keys: f(v, "keys"),
            attributes: f(v, "attributes"),
            counters: f(v, "counters"),
            by_admin: f(v, "by_admin"),
        }
    }
}

#[cfg(feature = "full")]
impl Read for super::relations::FriendFields {
    fn read(v: &Value) -> Self {
        super::relations::FriendFields {
            user_id: f(v, "user_id"),
            source: f(v, "source"),
            custom: f(v, "custom"),
        }
    }
}

impl Read for Relations {
    fn read(v: &Value) -> Self {
        Relations {
            friends: f(v, "friends"),
            friend_groups: f(v, "friend_groups"),
            blacklist: f(v, "blacklist"),
            applications: f(v, "applications"),
            #[cfg(feature = "full")]
            friend_fields: f(v, "friend_fields"),
            #[cfg(feature = "full")]
            applications_read: f(v, "applications_read"),
        }
    }
}

impl Decode for Response {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Snapshot" => Response::Snapshot {
                convs: f(b, "convs"),
                conv_groups: f(b, "conv_groups"),
            },
            "Sent" => Response::Sent {
                message: f(b, "message"),
                conv: f(b, "conv"),
            },
            "SentOnline" => Response::SentOnline {
                message: f(b, "message"),
            },
            "Modified" => Response::Modified {
                message: f(b, "message"),
                conv: f(b, "conv"),
            },
            #[cfg(feature = "full")]
            "ModifyConflict" => Response::ModifyConflict {
                message: f(b, "message"),
            },
            "Messages" => Response::Messages {
                messages: f(b, "messages"),
                complete: f(b, "complete"),
            },
            "Conversations" => Response::Conversations(Read::read(b)),
            "Deleted" => Response::Deleted(Read::read(b)),
            "ConvGroupCreated" => Response::ConvGroupCreated {
                id: f(b, "id"),
                results: f(b, "results"),
            },
            "ConvGroupDeleted" => Response::ConvGroupDeleted { id: f(b, "id") },
            "ConvGroupRenamed" => Response::ConvGroupRenamed {
                id: f(b, "id"),
                changed: f(b, "changed"),
            },
            "ConvGroupUpdated" => Response::ConvGroupUpdated {
                results: f(b, "results"),
            },
            #[cfg(feature = "full")]
            "ConvGroupOrder" => Response::ConvGroupOrder(Read::read(b)),
            "Group" => Response::Group(Read::read(b)),
            "Groups" => Response::Groups(Read::read(b)),
            "Profiles" => Response::Profiles(Read::read(b)),
            "Relations" => {
                let (r, p) = Read::read(b);
                Response::Relations(r, p)
            }
            #[cfg(feature = "full")]
            "Blacklist" => Response::Blacklist(Read::read(b)),
            #[cfg(feature = "full")]
            "Count" => Response::Count(Read::read(b)),
            #[cfg(feature = "full")]
            "Receipts" => Response::Receipts(Read::read(b)),
            #[cfg(feature = "full")]
            "Members" => Response::Members {
                members: f(b, "members"),
                profiles: f(b, "profiles"),
                details: f(b, "details"),
                group: f(b, "group"),
            },
            #[cfg(feature = "full")]
            "GroupApplications" => Response::GroupApplications(Read::read(b)),
            #[cfg(feature = "full")]
            "Reactions" => Response::Reactions(Read::read(b)),
            #[cfg(feature = "full")]
            "Extensions" => Response::Extensions(Read::read(b)),
            #[cfg(feature = "full")]
            "ReactionUsers" => Response::ReactionUsers {
                users: f(b, "users"),
                next: f(b, "next"),
            },
            #[cfg(feature = "full")]
            "MemberResults" => Response::MemberResults {
                results: f(b, "results"),
                group: f(b, "group"),
            },
            #[cfg(feature = "full")]
            "GroupKeys" => Response::GroupKeys {
                attributes: f(b, "attributes"),
                counters: f(b, "counters"),
                updated: f(b, "updated"),
                deleted: f(b, "deleted"),
            },
            #[cfg(feature = "full")]
            "Relation" => Response::Relation {
                results: f(b, "results"),
                relations: f(b, "relations"),
                profiles: f(b, "profiles"),
                changed: f(b, "changed"),
            },
            "Done" => Response::Done,
            _ => return None,
        })
    }
}

impl Decode for PushBody {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Message" => PushBody::Message {
                message: f(b, "message"),
                conv: f(b, "conv"),
            },
            "OnlineMessage" => PushBody::OnlineMessage(Read::read(b)),
            "MessageModified" => PushBody::MessageModified {
                message: f(b, "message"),
                conv: f(b, "conv"),
            },
            "ConvUpdated" => PushBody::ConvUpdated(Read::read(b)),
            "ConvDeleted" => PushBody::ConvDeleted(Read::read(b)),
            "ConvGroupCreated" => PushBody::ConvGroupCreated {
                id: f(b, "id"),
                name: f(b, "name"),
                members: f(b, "members"),
            },
            "ConvGroupDeleted" => PushBody::ConvGroupDeleted {
                id: f(b, "id"),
                name: f(b, "name"),
            },
            "ConvGroupRenamed" => PushBody::ConvGroupRenamed {
                id: f(b, "id"),
                old: f(b, "old"),
                new: f(b, "new"),
            },
            #[cfg(feature = "full")]
            "ConvGroupOrder" => PushBody::ConvGroupOrder(Read::read(b)),
            "ConvGroupMembers" => PushBody::ConvGroupMembers {
                name: f(b, "name"),
                added: f(b, "added"),
                removed: f(b, "removed"),
            },
            "GroupListChanged" => PushBody::GroupListChanged,
            "ProfileUpdated" => PushBody::ProfileUpdated(Read::read(b)),
            #[cfg(feature = "full")]
            "Blacklist" => PushBody::Blacklist(Read::read(b)),
            #[cfg(feature = "full")]
            "Receipt" => PushBody::Receipt {
                conversation_id: f(b, "conversation_id"),
                message_id: f(b, "message_id"),
                read: f(b, "read"),
                unread: f(b, "unread"),
                time: f(b, "time"),
            },
            #[cfg(feature = "full")]
            "Relations" => PushBody::Relations {
                relations: f(b, "relations"),
                profiles: f(b, "profiles"),
                changed: f(b, "changed"),
            },
            #[cfg(feature = "full")]
            "GroupAttributes" => PushBody::GroupAttributes {
                group_id: f(b, "group_id"),
                attributes: f(b, "attributes"),
                updated: f(b, "updated"),
                deleted: f(b, "deleted"),
            },
            #[cfg(feature = "full")]
            "GroupCounters" => PushBody::GroupCounters {
                group_id: f(b, "group_id"),
                counters: f(b, "counters"),
            },
            #[cfg(feature = "full")]
            "Reactions" => PushBody::Reactions {
                message_id: f(b, "message_id"),
                reactions: f(b, "reactions"),
            },
            #[cfg(feature = "full")]
            "Extensions" => PushBody::Extensions {
                message_id: f(b, "message_id"),
                set: f(b, "set"),
                deleted: f(b, "deleted"),
            },
            _ => PushBody::Unknown,
        })
    }
}

impl Decode for Answered {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Ok" => Answered::Ok(Response::decode(b)?),
            "Err" => Answered::Err {
                code: f(b, "code"),
                message: f(b, "message"),
            },
            _ => return None,
        })
    }
}

impl Decode for ServerFrame {
    fn decode(v: &Value) -> Option<Self> {
        Some(match v.get("t").as_str()? {
            "Welcome" => ServerFrame::Welcome {
                // The version is what makes a Welcome (the rest reads leniently).
                version: u32::try_from(v.get("version").as_number()? as u64).ok()?,
                session: f(v, "session"),
                push_seq: f(v, "push_seq"),
                server_time: f(v, "server_time"),
                backlog: f(v, "backlog"),
                resync: f(v, "resync"),
                files: f(v, "files"),
            },
            "Refused" => ServerFrame::Refused {
                code: f(v, "code"),
                message: f(v, "message"),
            },
            "Answer" => ServerFrame::Answer {
                id: f(v, "id"),
                result: Answered::decode(v.get("result"))?,
            },
            "Push" => ServerFrame::Push {
                seq: f(v, "seq"),
                body: PushBody::decode(v.get("body"))?,
            },
            "Pong" => ServerFrame::Pong { n: f(v, "n") },
            "Kicked" => ServerFrame::Kicked {
                reason: f(v, "reason"),
            },
            _ => return None,
        })
    }
}
