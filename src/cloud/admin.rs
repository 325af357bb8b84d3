//! The admin handle's operations (the local counterpart of the server REST API), as a pure
//! dispatcher: options in (core `Value`), `(kind, JSON)` out for the JS entry to hydrate.

use super::protocol::Response;
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

const NONE: (&str, String) = ("json", String::new());

impl Cloud {
    /// Runs admin operation `op`. Returns the result's kind and JSON (empty: `undefined`).
    pub fn admin(&mut self, op: &str, o: &Value, now: u64, random: u32, out: &mut Outcome) -> Result<(&'static str, String), Error> {
        match op {
            // {userID, nick?, avatar?} → Profile
            "importAccount" => {
                let user = need(o, "userID")?;
                let p = self.import_account(&user, o.get("nick").as_str().map(str::to_string), o.get("avatar").as_str().map(str::to_string), now * 1000);
                Ok(("profile", p.to_json()))
            }
            // {from, to, conversationType?, text? | payload?, cloudCustomData?} → the sender's Message
            "sendMessage" => {
                let (from, to) = (need(o, "from")?, need(o, "to")?);
                let kind = if o.get("conversationType").as_str() == Some("GROUP") { ConvType::Group } else { ConvType::C2c };
                let p = o.get("payload");
                let payload = match o.get("text").as_str().or(p.get("text").as_str()) {
                    Some(t) => Payload::Text { text: t.to_string() },
                    None => Payload::Custom { data: text(p, "data"), description: text(p, "description"), extension: text(p, "extension") },
                };
                let id = format!("{from}-{now}-{random}");
                match self.send_message(&from, None, kind, &to, payload, text(o, "cloudCustomData"), id, random, now, out)? {
                    Response::Sent { message, .. } => Ok(("message", message.to_json())),
                    _ => Ok(NONE),
                }
            }
            // {ownerID, groupID?, name?, type?, memberList?: [userID | {userID}]} → {groupID}
            "createGroup" => {
                let owner = need(o, "ownerID")?;
                let id = o.get("groupID").as_str().map(str::to_string);
                let name = o.get("name").as_str().or(id.as_deref()).unwrap_or("group").to_string();
                let kind = o.get("type").as_str().unwrap_or("Public").to_string();
                let g = self.create_group(&owner, id, &name, &kind, &list(o, "memberList"), now, out)?;
                let mut j = Json::new();
                j.open().key("groupID").str(&g.group_id).close();
                Ok(("json", j.finish()))
            }
            // {userID, groupID} → Group
            "joinGroup" => {
                let (user, id) = (need(o, "userID")?, need(o, "groupID")?);
                self.join_group(&user, &id, now, out).map(|g| ("group", g.to_json()))
            }
            // The REST API's contact-group calls, for any user.
            "createConversationGroup" => {
                let user = need(o, "userID")?;
                self.create_conv_group(&user, None, &text(o, "groupName"), &list(o, "conversationIDList"), out).map(|_| NONE)
            }
            "renameConversationGroup" => {
                let user = need(o, "userID")?;
                self.rename_conv_group(&user, None, &text(o, "oldName"), &text(o, "newName"), out).map(|_| NONE)
            }
            "deleteConversationGroup" => {
                let user = need(o, "userID")?;
                self.delete_conv_group(&user, None, &text(o, "groupName"), out).map(|_| NONE)
            }
            "addConversationsToGroup" | "deleteConversationsFromGroup" => {
                let user = need(o, "userID")?;
                let add = op == "addConversationsToGroup";
                self.update_conv_group(&user, None, &text(o, "groupName"), add, &list(o, "conversationIDList"), out).map(|_| NONE)
            }
            // {userID} → [{groupName, conversationIDList}]
            "getConversationGroups" => {
                let user = need(o, "userID")?;
                let mut j = Json::new();
                j.open_array();
                for (name, ids) in self.conversation_groups_of(&user) {
                    j.open().key("groupName").str(&name).key("conversationIDList").strs(&ids).close();
                }
                j.close_array();
                Ok(("json", j.finish()))
            }
            _ => Err(Error::new(Code::InvalidOperation, format!("LocalCloud: unknown operation \"{op}\""))),
        }
    }
}
