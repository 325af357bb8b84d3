//! Reading the server's frames in the page without serde's derived deserializers: those cost
//! ~58 KB gzip of wasm for these types (measured), half the size budget (CONTRACT §1). The page
//! parses the text with `JSON.parse` into a [`Value`]; [`Decode`] reads it in serde's JSON form
//! (externally tagged enums, tuples as arrays, `t`-tagged frames). `tests/wire.rs` checks that
//! every answer and push the cloud makes reads back equal after serde_json wrote it.

use super::protocol::{ConvSnapshot, PushBody, Response};
use super::relations::{Application, Relations};
use super::wire::{Answered, ServerFrame};
use crate::core::conversation::AtInfo;
use crate::core::group::GroupProfile;
use crate::core::message::{Message, Payload, Status};
use crate::core::profile::Profile;
use crate::core::value::Value;

/// A value read from serde's JSON form; `None` when it does not have that form.
pub trait Decode: Sized {
    fn decode(v: &Value) -> Option<Self>;
}

/// Field `k` of object `v`.
fn f<T: Decode>(v: &Value, k: &str) -> Option<T> {
    T::decode(v.get(k))
}

/// An enum value: the variant's name and its content (`Undefined` for a unit variant).
fn variant(v: &Value) -> Option<(&str, &Value)> {
    match v {
        Value::Str(s) => Some((s, &crate::core::value::UNDEFINED)),
        Value::Object(fields) if fields.len() == 1 => fields.first().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

fn item<T: Decode>(a: &[Value], i: usize) -> Option<T> {
    T::decode(a.get(i)?)
}

impl Decode for String {
    fn decode(v: &Value) -> Option<Self> {
        v.as_str().map(str::to_string)
    }
}

impl Decode for bool {
    fn decode(v: &Value) -> Option<Self> {
        v.as_bool()
    }
}

impl Decode for u64 {
    fn decode(v: &Value) -> Option<Self> {
        v.as_number().filter(|n| *n >= 0.0 && n.fract() == 0.0).map(|n| n as u64)
    }
}

impl Decode for u32 {
    fn decode(v: &Value) -> Option<Self> {
        u64::decode(v).and_then(|n| u32::try_from(n).ok())
    }
}

impl Decode for u8 {
    fn decode(v: &Value) -> Option<Self> {
        u64::decode(v).and_then(|n| u8::try_from(n).ok())
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(v: &Value) -> Option<Self> {
        v.as_array()?.iter().map(T::decode).collect()
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(v: &Value) -> Option<Self> {
        match v {
            Value::Null | Value::Undefined => Some(None),
            v => T::decode(v).map(Some),
        }
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(v: &Value) -> Option<Self> {
        let a = v.as_array()?;
        Some((item(a, 0)?, item(a, 1)?))
    }
}

impl<A: Decode, B: Decode, C: Decode> Decode for (A, B, C) {
    fn decode(v: &Value) -> Option<Self> {
        let a = v.as_array()?;
        Some((item(a, 0)?, item(a, 1)?, item(a, 2)?))
    }
}

impl Decode for Payload {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Text" => Payload::Text { text: f(b, "text")? },
            "TextAt" => Payload::TextAt { text: f(b, "text")?, at_user_list: f(b, "at_user_list")? },
            "Custom" => Payload::Custom { data: f(b, "data")?, description: f(b, "description")?, extension: f(b, "extension")? },
            "GroupTip" => Payload::GroupTip { operator_id: f(b, "operator_id")?, operation_type: f(b, "operation_type")?, user_id_list: f(b, "user_id_list")? },
            _ => return None,
        })
    }
}

impl Decode for Message {
    fn decode(v: &Value) -> Option<Self> {
        Some(Message {
            id: f(v, "id")?,
            conversation_id: f(v, "conversation_id")?,
            conversation_type: f(v, "conversation_type")?,
            time: f(v, "time")?,
            sequence: f(v, "sequence")?,
            random: f(v, "random")?,
            nick: f(v, "nick")?,
            avatar: f(v, "avatar")?,
            from: f(v, "from")?,
            to: f(v, "to")?,
            incoming: f(v, "incoming")?,
            status: match v.get("status").as_str()? {
                "UnSend" => Status::UnSend,
                "Success" => Status::Success,
                _ => return None,
            },
            cloud_custom_data: f(v, "cloud_custom_data")?,
            client_time: f(v, "client_time")?,
            payload: f(v, "payload")?,
            arrival: f(v, "arrival")?,
            version: f(v, "version")?,
            peer_read: f(v, "peer_read")?,
        })
    }
}

impl Decode for Profile {
    fn decode(v: &Value) -> Option<Self> {
        Some(Profile {
            user_id: f(v, "user_id")?,
            nick: f(v, "nick")?,
            avatar: f(v, "avatar")?,
            last_updated_time: f(v, "last_updated_time")?,
            texts: f(v, "texts")?,
            numbers: f(v, "numbers")?,
            custom: f(v, "custom")?,
        })
    }
}

impl Decode for GroupProfile {
    fn decode(v: &Value) -> Option<Self> {
        Some(GroupProfile {
            group_id: f(v, "group_id")?,
            name: f(v, "name")?,
            kind: f(v, "kind")?,
            owner_id: f(v, "owner_id")?,
            create_time: f(v, "create_time")?,
            member_count: f(v, "member_count")?,
            max_member_count: f(v, "max_member_count")?,
            join_option: f(v, "join_option")?,
            role: f(v, "role")?,
            join_time: f(v, "join_time")?,
            remind: f(v, "remind")?,
            viewer: f(v, "viewer")?,
            last_time: f(v, "last_time")?,
            last_sequence: f(v, "last_sequence")?,
            last_from: f(v, "last_from")?,
            last_for_show: f(v, "last_for_show")?,
            next_message_seq: f(v, "next_message_seq")?,
        })
    }
}

impl Decode for AtInfo {
    fn decode(v: &Value) -> Option<Self> {
        Some(AtInfo { from: f(v, "from")?, group_id: f(v, "group_id")?, sequence: f(v, "sequence")?, random: f(v, "random")?, kind: f(v, "kind")? })
    }
}

impl Decode for ConvSnapshot {
    fn decode(v: &Value) -> Option<Self> {
        Some(ConvSnapshot {
            id: f(v, "id")?,
            unread: f(v, "unread")?,
            pinned: f(v, "pinned")?,
            marks: f(v, "marks")?,
            custom_data: f(v, "custom_data")?,
            remind: f(v, "remind")?,
            groups: f(v, "groups")?,
            last: f(v, "last")?,
            peer: f(v, "peer")?,
            group: f(v, "group")?,
            peer_read_time: f(v, "peer_read_time")?,
            at_infos: f(v, "at_infos")?,
        })
    }
}

impl Decode for Application {
    fn decode(v: &Value) -> Option<Self> {
        Some(Application { user_id: f(v, "user_id")?, incoming: f(v, "incoming")?, word: f(v, "word")?, source: f(v, "source")?, time: f(v, "time")? })
    }
}

impl Decode for Relations {
    fn decode(v: &Value) -> Option<Self> {
        Some(Relations { friends: f(v, "friends")?, friend_groups: f(v, "friend_groups")?, blacklist: f(v, "blacklist")?, applications: f(v, "applications")? })
    }
}

impl Decode for Response {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Snapshot" => Response::Snapshot { convs: f(b, "convs")?, conv_groups: f(b, "conv_groups")? },
            "Sent" => Response::Sent { message: f(b, "message")?, conv: f(b, "conv")? },
            "SentOnline" => Response::SentOnline { message: f(b, "message")? },
            "Modified" => Response::Modified { message: f(b, "message")?, conv: f(b, "conv")? },
            "Messages" => Response::Messages { messages: f(b, "messages")?, complete: f(b, "complete")? },
            "Conversations" => Response::Conversations(Decode::decode(b)?),
            "Deleted" => Response::Deleted(Decode::decode(b)?),
            "ConvGroupCreated" => Response::ConvGroupCreated { id: f(b, "id")?, results: f(b, "results")? },
            "ConvGroupDeleted" => Response::ConvGroupDeleted { id: f(b, "id")? },
            "ConvGroupRenamed" => Response::ConvGroupRenamed { id: f(b, "id")?, changed: f(b, "changed")? },
            "ConvGroupUpdated" => Response::ConvGroupUpdated { results: f(b, "results")? },
            "Group" => Response::Group(Decode::decode(b)?),
            "Groups" => Response::Groups(Decode::decode(b)?),
            "Profiles" => Response::Profiles(Decode::decode(b)?),
            "Relations" => {
                let (r, p) = Decode::decode(b)?;
                Response::Relations(r, p)
            }
            "Done" => Response::Done,
            _ => return None,
        })
    }
}

impl Decode for PushBody {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Message" => PushBody::Message { message: f(b, "message")?, conv: f(b, "conv")? },
            "OnlineMessage" => PushBody::OnlineMessage(Decode::decode(b)?),
            "MessageModified" => PushBody::MessageModified { message: f(b, "message")?, conv: f(b, "conv")? },
            "ConvUpdated" => PushBody::ConvUpdated(Decode::decode(b)?),
            "ConvDeleted" => PushBody::ConvDeleted(Decode::decode(b)?),
            "ConvGroupCreated" => PushBody::ConvGroupCreated { id: f(b, "id")?, name: f(b, "name")?, members: f(b, "members")? },
            "ConvGroupDeleted" => PushBody::ConvGroupDeleted { id: f(b, "id")?, name: f(b, "name")? },
            "ConvGroupRenamed" => PushBody::ConvGroupRenamed { id: f(b, "id")?, old: f(b, "old")?, new: f(b, "new")? },
            "ConvGroupMembers" => PushBody::ConvGroupMembers { name: f(b, "name")?, added: f(b, "added")?, removed: f(b, "removed")? },
            "GroupListChanged" => PushBody::GroupListChanged,
            "ProfileUpdated" => PushBody::ProfileUpdated(Decode::decode(b)?),
            _ => return None,
        })
    }
}

impl Decode for Answered {
    fn decode(v: &Value) -> Option<Self> {
        let (name, b) = variant(v)?;
        Some(match name {
            "Ok" => Answered::Ok(Decode::decode(b)?),
            "Err" => Answered::Err { code: f(b, "code")?, message: f(b, "message")? },
            _ => return None,
        })
    }
}

impl Decode for ServerFrame {
    fn decode(v: &Value) -> Option<Self> {
        Some(match v.get("t").as_str()? {
            "Welcome" => ServerFrame::Welcome {
                version: f(v, "version")?,
                session: f(v, "session")?,
                push_seq: f(v, "push_seq")?,
                server_time: f(v, "server_time")?,
                backlog: f::<Option<u64>>(v, "backlog")?.unwrap_or(0),
            },
            "Refused" => ServerFrame::Refused { code: f(v, "code")?, message: f(v, "message")? },
            "Answer" => ServerFrame::Answer { id: f(v, "id")?, result: f(v, "result")? },
            "Push" => ServerFrame::Push { seq: f(v, "seq")?, body: f(v, "body")? },
            "Pong" => ServerFrame::Pong { n: f(v, "n")? },
            "Kicked" => ServerFrame::Kicked { reason: f(v, "reason")? },
            _ => return None,
        })
    }
}
