//! The admin handle's operations (the local counterpart of the server REST API), as a pure
//! dispatcher: options in (core `Value`), `(kind, JSON)` out for the JS entry to hydrate.

use super::protocol::{Request, Response};
use super::state::Cloud;
use super::Outcome;
use crate::core::conversation::ConvType;
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::message::Payload;
use crate::core::value::Value;

fn need(v: &Value, key: &str) -> Result<String, Error> {
    match v.get(key).as_str() {
        Some(s) if !s.is_empty() => Ok(s.to_string()),
        _ => Err(Error::new(Code::InvalidParameter, format!("Params validate failed. LocalCloud: \"{key}\" must be a non-empty string."))),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).as_str().unwrap_or_default().to_string()
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

impl Cloud {
    /// Runs admin operation `op` as a request of the user it names (no session of theirs made
    /// it, so every session of theirs gets the pushes). Returns the result's kind and JSON
    /// (empty: `undefined`).
    pub fn admin(&mut self, op: &str, o: &Value, now: u64, random: u32, out: &mut Outcome) -> Result<(&'static str, String), Error> {
        let user_key = match op {
            "sendMessage" => "from",
            "createGroup" => "ownerID",
            _ => "userID",
        };
        let user = need(o, user_key)?;
        let conv_ids = || list(o, "conversationIDList");
        let req = match op {
            // {userID, nick?, avatar?} → Profile
            "importAccount" => Request::UpdateProfile { nick: o.get("nick").as_str().map(str::to_string), avatar: o.get("avatar").as_str().map(str::to_string) },
            // {from, to, conversationType?, text? | payload?, cloudCustomData?} → the sender's Message
            "sendMessage" => {
                let p = o.get("payload");
                let payload = match o.get("text").as_str().or(p.get("text").as_str()) {
                    Some(t) => Payload::Text { text: t.to_string() },
                    None => Payload::Custom { data: text(p, "data"), description: text(p, "description"), extension: text(p, "extension") },
                };
                let conv_type = if o.get("conversationType").as_str() == Some("GROUP") { ConvType::Group } else { ConvType::C2c };
                Request::SendMessage { conv_type, to: need(o, "to")?, payload, cloud_custom_data: text(o, "cloudCustomData"), random, client_time: now }
            }
            // {ownerID, groupID?, name?, type?, memberList?: [userID | {userID}]} → {groupID}
            "createGroup" => {
                let group_id = o.get("groupID").as_str().map(str::to_string);
                let name = o.get("name").as_str().or(group_id.as_deref()).unwrap_or("group").to_string();
                Request::CreateGroup { group_id, name, kind: o.get("type").as_str().unwrap_or("Public").to_string(), members: list(o, "memberList") }
            }
            // {userID, groupID} → Group
            "joinGroup" => Request::JoinGroup { group_id: need(o, "groupID")? },
            // The REST API's contact-group calls, for any user.
            "createConversationGroup" => Request::CreateConvGroup { name: text(o, "groupName"), ids: conv_ids() },
            "renameConversationGroup" => Request::RenameConvGroup { old: text(o, "oldName"), new: text(o, "newName") },
            "deleteConversationGroup" => Request::DeleteConvGroup { name: text(o, "groupName") },
            "addConversationsToGroup" | "deleteConversationsFromGroup" => {
                Request::UpdateConvGroup { name: text(o, "groupName"), add: op == "addConversationsToGroup", ids: conv_ids() }
            }
            // {userID} → [{groupName, conversationIDList}]
            "getConversationGroups" => {
                let mut j = Json::new();
                j.open_array();
                for (name, ids) in self.conversation_groups_of(&user) {
                    j.open().key("groupName").str(&name).key("conversationIDList").strs(&ids).close();
                }
                j.close_array();
                return Ok(("json", j.finish()));
            }
            _ => return Err(Error::new(Code::InvalidOperation, format!("LocalCloud: unknown operation \"{op}\""))),
        };
        Ok(match self.handle(&user, 0, req, now, out)? {
            Response::Profiles(p) => ("profile", p.first().map(ToJson::to_json).unwrap_or_default()),
            Response::Sent { message, .. } => ("message", message.to_json()),
            Response::Group(g) if op == "createGroup" => {
                let mut j = Json::new();
                j.open().key("groupID").str(&g.group_id).close();
                ("json", j.finish())
            }
            Response::Group(g) => ("group", g.to_json()),
            _ => ("json", String::new()),
        })
    }
}
