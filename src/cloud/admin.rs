//! Operations in their written form: the admin handle's options (the local counterpart of the
//! server REST API) and the journal's entries share it, so one decoder serves both. Options in
//! (core `Value`), a request out; the admin handle's results leave as `(kind, JSON)` for the JS
//! entry to hydrate.

use super::journal::Replica;
use super::protocol::{ConvChange, Request, Response};
use super::CloudLink;
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::message::Payload;
use crate::core::value::Value;

fn need(v: &Value, key: &str) -> Result<String, Error> {
    match v.get(key).as_str() {
        Some(s) if !s.is_empty() => Ok(s.to_string()),
        _ => Err(Error::new(
            Code::InvalidParameter,
            format!("Params validate failed. LocalCloud: \"{key}\" must be a non-empty string."),
        )),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).as_str().unwrap_or_default().to_string()
}

fn number(v: &Value, key: &str) -> Option<u64> {
    v.get(key).as_number().map(|n| n as u64)
}

/// A message's payload: `text` (with `atUserList`: an @-text) at the top or in `payload`, else
/// the custom fields of `payload`.
fn payload_of(o: &Value) -> Payload {
    let p = o.get("payload");
    let at = [p, o]
        .into_iter()
        .map(|v| v.get("atUserList"))
        .find(|a| a.as_array().is_some());
    let with_text = [o, p]
        .into_iter()
        .find(|v| v.get("text").as_str().is_some());
    match with_text {
        Some(v) => Payload::text(v, at),
        // A face is named by its index.
        #[cfg(feature = "full")]
        None if p.get("index").as_number().is_some() => Payload::face(p),
        // A merger's list is written as its text (`journal::write_payload`).
        #[cfg(feature = "full")]
        None if p.get("compatibleText").as_str().is_some() => {
            let s = |k: &str| p.get(k).as_str().unwrap_or_default().to_string();
            Payload::Merger {
                title: s("title"),
                abstract_list: list(p, "abstractList"),
                compatible_text: s("compatibleText"),
                message_list: s("messageList"),
            }
        }
        // A file's payload is written as its text (`journal::write_payload`).
        #[cfg(feature = "full")]
        None if p.get("media").as_number().is_some() => Payload::Media {
            kind: p.get("media").as_number().map_or(0, |k| k as u8),
            body: p.get("body").as_str().unwrap_or_default().to_string(),
        },
        // A location's numbers are written as their text (`journal::write_payload`).
        #[cfg(feature = "full")]
        None if p.get("longitude").as_str().is_some() => {
            let s = |k: &str| p.get(k).as_str().unwrap_or_default().to_string();
            Payload::Location {
                description: s("description"),
                longitude: s("longitude"),
                latitude: s("latitude"),
            }
        }
        None => Payload::custom(p),
    }
}

/// Strings of a list, or the `userID` of objects in it.
fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|x| x.as_str().or(x.get("userID").as_str()).map(str::to_string))
        .collect()
}

/// The key naming the acting user of operation `op`.
pub(super) fn user_key(op: &str) -> &'static str {
    match op {
        "sendMessage" | "sendOnlineMessage" => "from",
        "createGroup" => "ownerID",
        _ => "userID",
    }
}

/// Decodes operation `op` with options `o` into the acting user and the request. `now` and
/// `random` are used unless `o` carries its own (`t`, `random`: a journal entry does). Only the
/// acting user is required here: whatever a request carried, its entry must decode back to it
/// (the admin handle checks its required options first).
pub fn decode(op: &str, o: &Value, now: u64, random: u32) -> Result<(String, Request), Error> {
    let user = need(o, user_key(op))?;
    let now = number(o, "t").unwrap_or(now);
    let conv_ids = || list(o, "conversationIDList");
    let flag = |key: &str| o.get(key).as_bool().unwrap_or(false);
    let req = match op {
        // Account creation only (a journal entry; answers `undefined` to the admin handle).
        "sync" => Request::Sync,
        // {userID, nick?, avatar?} → Profile
        "importAccount" => {
            Request::UpdateProfile(crate::core::profile::ProfileChange::from_value(o))
        }
        // {from, to, conversationType?, text? | payload?, atUserList?, cloudCustomData?} → the sender's Message
        "sendMessage" | "sendOnlineMessage" => {
            let payload = payload_of(o);
            let conv_type = if o.get("conversationType").as_str() == Some("GROUP") {
                ConvType::Group
            } else {
                ConvType::C2c
            };
            let random = number(o, "random").map_or(random, |n| n as u32);
            let client_time = number(o, "clientTime").unwrap_or(now);
            let (to, cloud_custom_data) = (text(o, "to"), text(o, "cloudCustomData"));
            if op == "sendOnlineMessage" {
                Request::SendOnline {
                    conv_type,
                    to,
                    payload,
                    cloud_custom_data,
                    random,
                    client_time,
                }
            } else {
                Request::SendMessage {
                    conv_type,
                    to,
                    payload,
                    cloud_custom_data,
                    random,
                    client_time,
                    #[cfg(feature = "full")]
                    flags: o.get("flags").as_number().map_or(0, |n| n as u8),
                }
            }
        }
        // {userID, conversationID, messageID, cloudCustomData?, payload?} → the Message
        "modifyMessage" => Request::ModifyMessage {
            conversation_id: text(o, "conversationID"),
            message_id: text(o, "messageID"),
            cloud_custom_data: o.get("cloudCustomData").as_str().map(str::to_string),
            payload: matches!(o.get("payload"), Value::Object(_)).then(|| payload_of(o)),
            #[cfg(feature = "full")]
            version: o.get("version").as_number().map(|n| n as u64),
        },
        // {ownerID, groupID?, name?, type?, memberList?: [userID | {userID}]} → {groupID}
        "createGroup" => {
            let group_id = o.get("groupID").as_str().map(str::to_string);
            let name = o
                .get("name")
                .as_str()
                .or(group_id.as_deref())
                .unwrap_or("group")
                .to_string();
            Request::CreateGroup {
                group_id,
                name,
                kind: o.get("type").as_str().unwrap_or("Public").to_string(),
                members: list(o, "memberList"),
            }
        }
        // {userID, groupID} → Group
        // The admin handle adds the user; a journal entry says whether it was the admin.
        "joinGroup" => Request::JoinGroup {
            group_id: text(o, "groupID"),
            by_admin: o.get("admin").as_bool() == Some(true),
        },
        "quitGroup" => Request::QuitGroup {
            group_id: text(o, "groupID"),
        },
        "dismissGroup" => Request::DismissGroup {
            group_id: text(o, "groupID"),
        },
        // The REST API's contact-group calls, for any user.
        "createConversationGroup" => Request::CreateConvGroup {
            name: text(o, "groupName"),
            ids: conv_ids(),
        },
        "renameConversationGroup" => Request::RenameConvGroup {
            old: text(o, "oldName"),
            new: text(o, "newName"),
        },
        "deleteConversationGroup" => Request::DeleteConvGroup {
            name: text(o, "groupName"),
        },
        "addConversationsToGroup" | "deleteConversationsFromGroup" => Request::UpdateConvGroup {
            name: text(o, "groupName"),
            add: op == "addConversationsToGroup",
            ids: conv_ids(),
        },
        // The user's own conversation state.
        "setMessageRead" => Request::SetRead {
            conversation_id: text(o, "conversationID"),
        },
        "clearHistoryMessage" => Request::ClearHistory {
            conversation_id: text(o, "conversationID"),
        },
        "setAllMessageRead" => Request::SetAllRead {
            c2c: flag("c2c"),
            group: flag("group"),
        },
        // {userID, userIDList} (the full build's blacklist methods)
        #[cfg(feature = "full")]
        "addToBlacklist" | "removeFromBlacklist" => Request::Blacklist {
            add: op == "addToBlacklist",
            user_ids: list(o, "userIDList"),
        },
        // {userID, r: RelationOp} (the full build's relationship chain)
        #[cfg(feature = "full")]
        "relation" => Request::Relation(super::wire_decode::Read::read(o.get("r"))),
        // {userID, k: GroupKeysOp} (the full build's group attributes and counters)
        #[cfg(feature = "full")]
        "groupKeys" => Request::GroupKeys(super::wire_decode::Read::read(o.get("k"))),
        // {userID, m: MemberOp} (the full build's group-member changes)
        #[cfg(feature = "full")]
        "groupMember" => Request::GroupMember(super::wire_decode::Read::read(o.get("m"))),
        // {userID, g: MessageOp} (the full build's changes to stored messages)
        #[cfg(feature = "full")]
        "messageOp" => Request::MessageOp(super::wire_decode::Read::read(o.get("g"))),
        // {userID, groupNameList} / {userID, groupName}: ours (setConversationGroupOrder,
        // markConversationGroupAsRead).
        #[cfg(feature = "full")]
        "setConversationGroupOrder" => Request::ConvGroupOrder {
            names: list(o, "groupNameList"),
        },
        #[cfg(feature = "full")]
        "markConversationGroupAsRead" => Request::ReadConvGroup {
            name: text(o, "groupName"),
        },
        "deleteConversation" => Request::DeleteConversations {
            ids: conv_ids(),
            clear_history: flag("clearHistoryMessage"),
        },
        // {userID, conversationIDList, change: pin|mark|customData|remind, value, markType?}
        "updateConversations" => {
            let change = match o.get("change").as_str().unwrap_or_default() {
                "pin" => ConvChange::Pin(flag("value")),
                "mark" => ConvChange::Mark(number(o, "markType").unwrap_or(0), flag("value")),
                "customData" => ConvChange::CustomData(text(o, "value")),
                "remind" => ConvChange::Remind(text(o, "value")),
                _ => return Err(Error::of(Code::InvalidOperation)),
            };
            Request::UpdateConvs {
                ids: conv_ids(),
                change,
            }
        }
        _ => {
            return Err(Error::new(
                Code::InvalidOperation,
                format!("LocalCloud: unknown operation \"{op}\""),
            ))
        }
    };
    Ok((user, req))
}

impl Replica {
    /// Runs admin operation `op` as a request of the user it names (no session of theirs made
    /// it, so every session of theirs gets the pushes). Returns the result's kind and JSON
    /// (empty: `undefined`), and the pushes.
    pub fn admin(
        &mut self,
        op: &str,
        o: &Value,
        now: u64,
        random: u32,
    ) -> (Result<(&'static str, String), Error>, Vec<super::Push>) {
        if op == "getConversationGroups" {
            // {userID} → [{groupName, conversationIDList}]
            let groups = match need(o, "userID") {
                Ok(user) => self.cloud.conversation_groups_of(&user),
                Err(e) => return (Err(e), Vec::new()),
            };
            let mut j = Json::new();
            j.open_array();
            for (name, ids) in groups {
                j.open()
                    .key("groupName")
                    .str(&name)
                    .key("conversationIDList")
                    .strs(&ids)
                    .close();
            }
            j.close_array();
            return (Ok(("json", j.finish())), Vec::new());
        }
        let required = match op {
            "sendMessage" => "to",
            "joinGroup" => "groupID",
            _ => user_key(op),
        };
        let (user, req) = match need(o, required).and_then(|_| decode(op, o, now, random)) {
            // The admin handle is the app's administrator: it adds members to any group.
            Ok((user, Request::JoinGroup { group_id, .. })) => (
                user,
                Request::JoinGroup {
                    group_id,
                    by_admin: true,
                },
            ),
            Ok(d) => d,
            Err(e) => return (Err(e), Vec::new()),
        };
        let (res, pushes) = self.request(&user, 0, req, now);
        let res = res.map(|r| match r {
            Response::Profiles(p) => (
                "profile",
                p.first().map(ToJson::to_json).unwrap_or_default(),
            ),
            Response::Sent { message, .. }
            | Response::SentOnline { message }
            | Response::Modified { message, .. } => ("message", message.to_json()),
            Response::Group(g) if op == "createGroup" => {
                let mut j = Json::new();
                j.open().key("groupID").str(&g.group_id).close();
                ("json", j.finish())
            }
            Response::Group(g) => ("group", g.to_json()),
            _ => ("json", String::new()),
        });
        (res, pushes)
    }
}
