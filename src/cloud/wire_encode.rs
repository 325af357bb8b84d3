//! Writing the client's frames in the page as serde's JSON form, with the crate's own JSON
//! writer: serde's derived serializers for these types grew the wasm past the size webpack
//! warns about (244 KiB raw, measured). `tests/wire.rs` checks that serde_json reads every
//! frame written here back equal.

use super::protocol::{ConvChange, Request};
use super::wire::ClientFrame;
use crate::core::conversation::ConvType;
use crate::core::json::{Json, ToJson};
use crate::core::message::Payload;

/// A client frame as JSON text.
pub fn client_frame(f: &ClientFrame) -> String {
    let mut j = Json::new();
    match f {
        ClientFrame::Hello {
            versions,
            sdk_app_id,
            user_id,
            user_sig,
            resume_after,
            session,
        } => {
            j.open().key("t").str("Hello").key("versions").open_array();
            for v in versions {
                j.num(*v as u64);
            }
            j.close_array()
                .key("sdk_app_id")
                .num(*sdk_app_id)
                .key("user_id")
                .str(user_id)
                .key("user_sig")
                .str(user_sig);
            j.key("resume_after")
                .num(*resume_after)
                .key("session")
                .num(*session)
                .close();
        }
        ClientFrame::Call { id, request } => {
            j.open()
                .key("t")
                .str("Call")
                .key("id")
                .num(*id)
                .key("request");
            request_json(&mut j, request);
            j.close();
        }
        ClientFrame::Ack { seq } => {
            j.open().key("t").str("Ack").key("seq").num(*seq).close();
        }
        ClientFrame::Ping { n } => {
            j.open().key("t").str("Ping").key("n").num(*n).close();
        }
    }
    j.finish()
}

pub(super) fn pairs<T>(j: &mut Json, v: &[(String, T)], mut value: impl FnMut(&mut Json, &T)) {
    j.open_array();
    for (k, x) in v {
        j.open_array().str(k);
        value(j, x);
        j.close_array();
    }
    j.close_array();
}

pub(super) fn payload(j: &mut Json, p: &Payload) {
    j.open();
    match p {
        Payload::Text { text } => j.key("Text").open().key("text").str(text).close(),
        Payload::TextAt { text, at_user_list } => j
            .key("TextAt")
            .open()
            .key("text")
            .str(text)
            .key("at_user_list")
            .strs(at_user_list)
            .close(),
        Payload::Custom {
            data,
            description,
            extension,
        } => j
            .key("Custom")
            .open()
            .key("data")
            .str(data)
            .key("description")
            .str(description)
            .key("extension")
            .str(extension)
            .close(),
        #[cfg(feature = "full")]
        Payload::Face { index, data } => j
            .key("Face")
            .open()
            .key("index")
            .num(*index)
            .key("data")
            .str(data)
            .close(),
        #[cfg(feature = "full")]
        Payload::Merger {
            title,
            abstract_list,
            compatible_text,
            message_list,
        } => j
            .key("Merger")
            .open()
            .key("title")
            .str(title)
            .key("abstract_list")
            .strs(abstract_list)
            .key("compatible_text")
            .str(compatible_text)
            .key("message_list")
            .str(message_list)
            .close(),
        #[cfg(feature = "full")]
        Payload::Media { kind, body } => j
            .key("Media")
            .open()
            .key("kind")
            .num(*kind as u64)
            .key("body")
            .str(body)
            .close(),
        #[cfg(feature = "full")]
        Payload::Location {
            description,
            longitude,
            latitude,
        } => j
            .key("Location")
            .open()
            .key("description")
            .str(description)
            .key("longitude")
            .str(longitude)
            .key("latitude")
            .str(latitude)
            .close(),
        Payload::GroupTip {
            operator_id,
            operation_type,
            user_id_list,
            ..
        } => {
            j.key("GroupTip")
                .open()
                .key("operator_id")
                .str(operator_id)
                .key("operation_type")
                .num(*operation_type as u64)
                .key("user_id_list")
                .strs(user_id_list);
            #[cfg(feature = "full")]
            if let Payload::GroupTip {
                member_list,
                new_profile,
                ..
            } = p
            {
                j.key("member_list");
                pairs(j, member_list, |j, n| {
                    j.num(*n);
                });
                j.key("new_profile");
                pairs(j, new_profile, |j, v| {
                    j.str(v);
                });
            }
            j.close()
        }
        #[cfg(feature = "full")]
        Payload::GroupSystemNotice {
            operation_type,
            operator_id,
            group_id,
            group_name,
            group_type,
            handle_message,
            message_key,
        } => j
            .key("GroupSystemNotice")
            .open()
            .key("operation_type")
            .num(u64::from(*operation_type))
            .key("operator_id")
            .str(operator_id)
            .key("group_id")
            .str(group_id)
            .key("group_name")
            .str(group_name)
            .key("group_type")
            .str(group_type)
            .key("handle_message")
            .str(handle_message)
            .key("message_key")
            .num(*message_key)
            .close(),
    };
    j.close();
}

/// A variant with fields: `{"Name": {` … then the caller writes fields and closes twice.
fn variant<'a>(j: &'a mut Json, name: &str) -> &'a mut Json {
    j.open().key(name).open()
}

fn request_json(j: &mut Json, r: &Request) {
    match r {
        Request::Sync => {
            j.str("Sync");
        }
        Request::GetJoinedGroups => {
            j.str("GetJoinedGroups");
        }
        Request::GetRelations => {
            j.str("GetRelations");
        }
        Request::SendMessage {
            conv_type,
            to,
            payload: p,
            cloud_custom_data,
            random,
            client_time,
            ..
        }
        | Request::SendOnline {
            conv_type,
            to,
            payload: p,
            cloud_custom_data,
            random,
            client_time,
        } => {
            let name = if matches!(r, Request::SendMessage { .. }) {
                "SendMessage"
            } else {
                "SendOnline"
            };
            let kind = match conv_type {
                ConvType::C2c => "C2c",
                ConvType::Group => "Group",
                ConvType::Topic => "Topic",
                ConvType::System => "System",
            };
            variant(j, name)
                .key("conv_type")
                .str(kind)
                .key("to")
                .str(to)
                .key("payload");
            payload(j, p);
            j.key("cloud_custom_data")
                .str(cloud_custom_data)
                .key("random")
                .num(*random as u64)
                .key("client_time")
                .num(*client_time);
            #[cfg(feature = "full")]
            if let Request::SendMessage { flags: f @ 1.., .. } = r {
                j.key("flags").num(u64::from(*f));
            }
            j.close().close();
        }
        Request::GetMessages {
            conversation_id,
            before,
            count,
        } => {
            variant(j, "GetMessages")
                .key("conversation_id")
                .str(conversation_id)
                .key("before");
            before.write(j);
            j.key("count").num(*count as u64).close().close();
        }
        Request::ModifyMessage {
            conversation_id,
            message_id,
            cloud_custom_data,
            payload: p,
            ..
        } => {
            variant(j, "ModifyMessage")
                .key("conversation_id")
                .str(conversation_id)
                .key("message_id")
                .str(message_id)
                .key("cloud_custom_data");
            cloud_custom_data.write(j);
            j.key("payload");
            match p {
                Some(p) => payload(j, p),
                None => {
                    j.null();
                }
            }
            #[cfg(feature = "full")]
            if let Request::ModifyMessage {
                version: Some(v), ..
            } = r
            {
                j.key("version").num(*v);
            }
            j.close().close();
        }
        Request::SetRead { conversation_id } => {
            variant(j, "SetRead")
                .key("conversation_id")
                .str(conversation_id)
                .close()
                .close();
        }
        Request::ClearHistory { conversation_id } => {
            variant(j, "ClearHistory")
                .key("conversation_id")
                .str(conversation_id)
                .close()
                .close();
        }
        Request::SetAllRead { c2c, group } => {
            variant(j, "SetAllRead")
                .key("c2c")
                .bool(*c2c)
                .key("group")
                .bool(*group)
                .close()
                .close();
        }
        Request::DeleteConversations { ids, clear_history } => {
            variant(j, "DeleteConversations")
                .key("ids")
                .strs(ids)
                .key("clear_history")
                .bool(*clear_history)
                .close()
                .close();
        }
        Request::UpdateConvs { ids, change } => {
            variant(j, "UpdateConvs")
                .key("ids")
                .strs(ids)
                .key("change")
                .open();
            match change {
                ConvChange::Pin(b) => j.key("Pin").bool(*b),
                ConvChange::Mark(m, b) => j.key("Mark").open_array().num(*m).bool(*b).close_array(),
                ConvChange::CustomData(s) => j.key("CustomData").str(s),
                ConvChange::Remind(s) => j.key("Remind").str(s),
            };
            j.close().close().close();
        }
        Request::CreateConvGroup { name, ids } => {
            variant(j, "CreateConvGroup")
                .key("name")
                .str(name)
                .key("ids")
                .strs(ids)
                .close()
                .close();
        }
        Request::DeleteConvGroup { name } => {
            variant(j, "DeleteConvGroup")
                .key("name")
                .str(name)
                .close()
                .close();
        }
        #[cfg(feature = "full")]
        Request::ConvGroupOrder { names } => {
            variant(j, "ConvGroupOrder")
                .key("names")
                .strs(names)
                .close()
                .close();
        }
        #[cfg(feature = "full")]
        Request::ReadConvGroup { name } => {
            variant(j, "ReadConvGroup")
                .key("name")
                .str(name)
                .close()
                .close();
        }
        Request::RenameConvGroup { old, new } => {
            variant(j, "RenameConvGroup")
                .key("old")
                .str(old)
                .key("new")
                .str(new)
                .close()
                .close();
        }
        Request::UpdateConvGroup { name, add, ids } => {
            variant(j, "UpdateConvGroup")
                .key("name")
                .str(name)
                .key("add")
                .bool(*add)
                .key("ids")
                .strs(ids)
                .close()
                .close();
        }
        Request::CreateGroup {
            group_id,
            name,
            kind,
            members,
        } => {
            variant(j, "CreateGroup").key("group_id");
            group_id.write(j);
            j.key("name")
                .str(name)
                .key("kind")
                .str(kind)
                .key("members")
                .strs(members)
                .close()
                .close();
        }
        Request::JoinGroup { group_id, by_admin } => {
            variant(j, "JoinGroup")
                .key("group_id")
                .str(group_id)
                .key("by_admin")
                .bool(*by_admin)
                .close()
                .close();
        }
        Request::QuitGroup { group_id } => {
            variant(j, "QuitGroup")
                .key("group_id")
                .str(group_id)
                .close()
                .close();
        }
        Request::DismissGroup { group_id } => {
            variant(j, "DismissGroup")
                .key("group_id")
                .str(group_id)
                .close()
                .close();
        }
        Request::GetGroupProfile { group_id } => {
            variant(j, "GetGroupProfile")
                .key("group_id")
                .str(group_id)
                .close()
                .close();
        }
        Request::GetProfiles { user_ids } => {
            variant(j, "GetProfiles")
                .key("user_ids")
                .strs(user_ids)
                .close()
                .close();
        }
        Request::UpdateProfile(c) => {
            j.open().key("UpdateProfile").open().key("nick");
            c.nick.write(j);
            j.key("avatar");
            c.avatar.write(j);
            j.key("texts");
            pairs(j, &c.texts, |j, v| {
                j.str(v);
            });
            j.key("numbers");
            pairs(j, &c.numbers, |j, v| {
                j.num(*v);
            });
            j.key("custom");
            match &c.custom {
                Some(list) => pairs(j, list, |j, v| {
                    j.str(v);
                }),
                None => {
                    j.null();
                }
            }
            j.close().close();
        }
        #[cfg(feature = "full")]
        Request::GetGroupMembers {
            group_id,
            offset,
            count,
            role,
            user_ids,
        } => {
            variant(j, "GetGroupMembers")
                .key("group_id")
                .str(group_id)
                .key("offset")
                .num(*offset)
                .key("count")
                .num(*count)
                .key("role")
                .str(role)
                .key("user_ids")
                .strs(user_ids)
                .close()
                .close();
        }
        #[cfg(feature = "full")]
        Request::OnlineCount { group_id } => {
            variant(j, "OnlineCount")
                .key("group_id")
                .str(group_id)
                .close()
                .close();
        }
        #[cfg(feature = "full")]
        Request::Relation(op) => {
            j.open().key("Relation");
            relation_op(j, op);
            j.close();
        }
        #[cfg(feature = "full")]
        Request::GroupKeys(op) => {
            j.open().key("GroupKeys");
            group_keys_op(j, op);
            j.close();
        }
        #[cfg(feature = "full")]
        Request::GroupMember(op) => {
            j.open().key("GroupMember");
            member_op(j, op);
            j.close();
        }
        #[cfg(feature = "full")]
        Request::MessageOp(op) => {
            j.open().key("MessageOp");
            message_op(j, op);
            j.close();
        }
        #[cfg(feature = "full")]
        Request::Blacklist { add, user_ids } => {
            variant(j, "Blacklist")
                .key("add")
                .bool(*add)
                .key("user_ids")
                .strs(user_ids)
                .close()
                .close();
        }
    }
}

/// A relation change in serde's form of [`RelationOp`](super::friends::RelationOp) (the journal
/// writes the same fields under the names its decoder reads).
#[cfg(feature = "full")]
pub fn relation_op(j: &mut Json, op: &super::friends::RelationOp) {
    j.open()
        .key("op")
        .str(&op.op)
        .key("ids")
        .strs(&op.ids)
        .key("name")
        .str(&op.name)
        .key("text")
        .str(&op.text)
        .key("word")
        .str(&op.word);
    j.key("source")
        .str(&op.source)
        .key("both")
        .bool(op.both)
        .key("custom");
    pairs(j, &op.custom, |j, v| {
        j.str(v);
    });
    j.key("has_text").bool(op.has_text).close();
}

/// A group attribute or counter request in serde's form of
/// [`GroupKeysOp`](super::group_keys::GroupKeysOp) (the journal writes it too).
#[cfg(feature = "full")]
pub fn group_keys_op(j: &mut Json, op: &super::group_keys::GroupKeysOp) {
    j.open()
        .key("op")
        .str(&op.op)
        .key("group_id")
        .str(&op.group_id)
        .key("keys")
        .strs(&op.keys)
        .key("attributes");
    pairs(j, &op.attributes, |j, v| {
        j.str(v);
    });
    j.key("counters");
    pairs(j, &op.counters, |j, v| {
        j.int(*v);
    });
    j.key("by_admin").bool(op.by_admin).close();
}

/// A change to stored messages in serde's form of
/// [`MessageOp`](super::message_ops::MessageOp) (the journal writes it too).
#[cfg(feature = "full")]
pub fn message_op(j: &mut Json, op: &super::message_ops::MessageOp) {
    j.open()
        .key("op")
        .str(&op.op)
        .key("conversation_id")
        .str(&op.conversation_id)
        .key("ids")
        .strs(&op.ids)
        .field("reaction", &op.reaction)
        .field_num("count", op.count)
        .field_num("next", op.next);
    if op.newer {
        j.key("newer").bool(true);
    }
    if !op.extensions.is_empty() {
        j.key("extensions").open_array();
        for (k, v) in &op.extensions {
            j.open_array().str(k).str(v).close_array();
        }
        j.close_array();
    }
    j.close();
}

/// A member change in serde's form of [`MemberOp`](super::members::MemberOp) (the journal
/// writes it too).
#[cfg(feature = "full")]
pub fn member_op(j: &mut Json, op: &super::members::MemberOp) {
    j.open()
        .key("op")
        .str(&op.op)
        .key("group_id")
        .str(&op.group_id)
        .key("user_id")
        .str(&op.user_id)
        .key("text")
        .str(&op.text)
        .key("seconds")
        .num(op.seconds)
        .key("custom");
    pairs(j, &op.custom, |j, v| {
        j.str(v);
    });
    j.key("profile");
    pairs(j, &op.profile, |j, v| {
        j.str(v);
    });
    j.key("ids").strs(&op.ids).key("note").str(&op.note);
    if !op.member_custom.is_empty() {
        j.key("member_custom").open_array();
        for (m, k, v) in &op.member_custom {
            j.open_array().str(m).str(k).str(v).close_array();
        }
        j.close_array();
    }
    j.close();
}

/// What a group keeps of a member, in serde's form of
/// [`MemberInfo`](super::members::MemberInfo) (the snapshot's).
#[cfg(feature = "full")]
pub fn member_info(j: &mut Json, i: &super::members::MemberInfo) {
    j.open()
        .key("user_id")
        .str(&i.user_id)
        .key("role")
        .str(&i.role)
        .key("name_card")
        .str(&i.name_card)
        .key("mute_until")
        .num(i.mute_until)
        .key("custom");
    pairs(j, &i.custom, |j, v| {
        j.str(v);
    });
    j.close();
}

/// A group's further profile in serde's form of [`GroupMore`](crate::core::group::GroupMore)
/// (the snapshot's).
#[cfg(feature = "full")]
pub fn group_more(j: &mut Json, m: &crate::core::group::GroupMore) {
    j.open()
        .key("introduction")
        .str(&m.introduction)
        .key("notification")
        .str(&m.notification)
        .key("avatar")
        .str(&m.avatar)
        .key("join_option")
        .str(&m.join_option)
        .key("mute_all")
        .bool(m.mute_all)
        .key("custom");
    pairs(j, &m.custom, |j, v| {
        j.str(v);
    });
    j.close();
}
