//! The REST admin API's commands (CONTRACT §9), in Tencent's field names: each becomes the
//! cloud's own requests, made on behalf of the user it names and run like any client's call
//! (one transaction each; the pushes reach that user's connections, and the other users', with
//! the usual events). A backend written against Tencent's REST API for these works unchanged.

use crate::hub::Hub;
use crate::rest::{failure, success};
use crate::store::Store;
use serde_json::{json, Value};
use tim_wasm::cloud::protocol::{ConvChange, ConvSnapshot, Request, Response};
use tim_wasm::cloud::wire::Answered;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;
use tim_wasm::core::profile::ProfileChange;

/// A required field is missing or of the wrong type (Tencent's "invalid JSON / parameter").
pub const BAD_FIELD: u32 = 60003;
/// A message body Tencent's API carries but this server does not (only text and custom).
pub const UNSUPPORTED_ELEM: u32 = 90005;

/// Users one `openim/query_online_status` asks about, at most (Tencent's limit).
pub const MAX_STATUS_QUERY: usize = 500;
/// Tencent's "the account does not exist".
pub const NO_ACCOUNT: u32 = 70107;

/// One REST call's context: the store, the hub, the app, the administrator.
pub struct Admin<'a> {
    pub store: &'a Store,
    pub hub: &'a Hub,
    pub app: u64,
    pub admin: &'a str,
    pub now: u64,
    /// The app's secret key (file URLs the history reads hand out are signed with it).
    pub key: &'a str,
}

/// A message's `MsgKey` in Tencent's form: `<sequence>_<random>_<time>`.
pub(crate) fn msg_key(m: &tim_wasm::core::message::Message) -> String {
    format!("{}_{}_{}", m.sequence, m.random, m.time)
}

pub(crate) type Failed = (u32, String);

pub(crate) fn need<'v>(body: &'v Value, key: &str) -> Result<&'v str, Failed> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| (BAD_FIELD, format!("{key} is required (a non-empty string)")))
}

pub(crate) fn list<'v>(body: &'v Value, key: &str) -> Result<&'v [Value], Failed> {
    body.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| (BAD_FIELD, format!("{key} is required (an array)")))
}

/// `{Type: 1, To_Account}` or `{Type: 2, ToGroupId}` (also `ToGroupid`, `GroupId`): the
/// conversation ID.
fn contact(item: &Value) -> Result<String, Failed> {
    let text = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    match item.get("Type").and_then(Value::as_u64) {
        Some(1) => text("To_Account").map(|u| format!("C2C{u}")),
        Some(2) => text("ToGroupId")
            .or(text("ToGroupid"))
            .or(text("GroupId"))
            .map(|g| format!("GROUP{g}")),
        _ => None,
    }
    .ok_or_else(|| {
        (
            BAD_FIELD,
            "a contact item is {Type: 1, To_Account} or {Type: 2, ToGroupId}".into(),
        )
    })
}

/// A conversation ID as Tencent's contact item.
fn contact_item(conv: &str) -> Value {
    match conv.strip_prefix("GROUP") {
        Some(g) => json!({ "Type": 2, "ToGroupId": g }),
        None => json!({ "Type": 1, "To_Account": conv.strip_prefix("C2C").unwrap_or(conv) }),
    }
}

/// A user's conversations and conversation groups.
type Snapshot = (Vec<ConvSnapshot>, Vec<(u64, String)>);

impl Admin<'_> {
    /// Runs a request as `user`; its pushes go out.
    pub(crate) fn call(&mut self, user: &str, req: Request) -> Result<Response, Failed> {
        let called = self
            .store
            .admin_call(self.app, user, req, self.now)
            .map_err(|e| (e.code, e.message))?;
        self.hub.deliver(self.app, called.pushes);
        match called.answer {
            Answered::Ok(r) => Ok(r),
            Answered::Err { code, message } => Err((code, message)),
        }
    }

    /// Runs `command`; the reply in Tencent's envelope.
    pub fn run(&mut self, command: &str, body: &Value) -> Value {
        if let Some(out) = self
            .group_admin(command, body)
            .or_else(|| self.history(command, body))
        {
            return match out {
                Ok(v) => success(v),
                Err((code, info)) => failure(code, &info),
            };
        }
        let out = match command {
            "im_open_login_svc/account_import" => self.account_import(body),
            "im_open_login_svc/kick" => self.kick(body),
            "openim/query_online_status" => self.query_online_status(body),
            "openim/sendmsg" => self.sendmsg(body),
            "group_open_http_svc/create_group" => self.create_group(body),
            "group_open_http_svc/add_group_member" => self.add_group_member(body),
            "recentcontact/delete" => self.delete(body),
            "recentcontact/create_contact_group" => self.create_contact_group(body),
            "recentcontact/del_contact_group" => self.del_contact_group(body),
            "recentcontact/update_contact_group" => self.update_contact_group(body),
            "recentcontact/get_contact_group" => self.get_contact_group(body),
            "recentcontact/search_contact_group" => self.search_contact_group(body),
            "recentcontact/mark_contact" => self.mark_contact(body),
            "recentcontact/get_list" => self.get_list(body),
            c if c.starts_with("sns/") => self.sns(c, body),
            "group_open_http_svc/set_group_attr"
            | "group_open_http_svc/modify_group_attr"
            | "group_open_http_svc/delete_group_attr"
            | "group_open_http_svc/clear_group_attr"
            | "group_open_attr_http_svc/get_group_attr"
            | "group_open_http_svc/update_group_counter"
            | "group_open_http_svc/get_group_counter" => self.group_keys(command, body),
            _ => Err((
                crate::rest::NOT_SERVED,
                format!("{command} is not a command of this API"),
            )),
        };
        match out {
            Ok(v) => success(v),
            Err((code, info)) => failure(code, &info),
        }
    }

    fn account_import(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "UserID")?;
        let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        let change = ProfileChange {
            nick: text("Nick"),
            avatar: text("FaceUrl"),
            ..Default::default()
        };
        self.call(user, Request::UpdateProfile(change))?;
        Ok(json!({}))
    }

    fn kick(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "UserID")?;
        self.hub.kick(self.app, user, "REST_API_Kick");
        Ok(json!({}))
    }

    /// `openim/query_online_status {To_Account: [..500], IsNeedDetail?}`: each user's `Status`
    /// (`Online`: a connection on any node; `Offline`), the platform when asked (always `Web`:
    /// every client is the web SDK's); a user with no account in `ErrorList` (70107).
    fn query_online_status(&mut self, body: &Value) -> Result<Value, Failed> {
        let users: Vec<String> = list(body, "To_Account")?
            .iter()
            .filter_map(|u| u.as_str().map(str::to_string))
            .collect();
        if users.len() > MAX_STATUS_QUERY {
            return Err((
                BAD_FIELD,
                format!(
                    "To_Account: at most {MAX_STATUS_QUERY} users, got {}",
                    users.len()
                ),
            ));
        }
        let detail = body.get("IsNeedDetail").and_then(Value::as_u64) == Some(1);
        let (known, online) = self
            .store
            .online_status(self.app, &users, self.now)
            .map_err(|e| (e.code, e.message))?;
        let mut results = Vec::new();
        let mut errors = Vec::new();
        for u in &users {
            if !known.contains(u) {
                errors.push(json!({ "To_Account": u, "ErrorCode": NO_ACCOUNT }));
                continue;
            }
            let status = if online.contains(u) {
                "Online"
            } else {
                "Offline"
            };
            let mut r = json!({ "To_Account": u, "Status": status });
            if detail {
                r["Detail"] = if status == "Online" {
                    json!([{ "Platform": "Web", "Status": "Online" }])
                } else {
                    json!([])
                };
            }
            results.push(r);
        }
        Ok(json!({ "QueryResult": results, "ErrorList": errors }))
    }

    fn sendmsg(&mut self, body: &Value) -> Result<Value, Failed> {
        let to = need(body, "To_Account")?;
        let from = body
            .get("From_Account")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(self.admin)
            .to_string();
        let elem = list(body, "MsgBody")?
            .first()
            .ok_or_else(|| (BAD_FIELD, "MsgBody is empty".to_string()))?;
        let content = elem.get("MsgContent").unwrap_or(&Value::Null);
        let s = |k: &str| {
            content
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let payload = match elem.get("MsgType").and_then(Value::as_str) {
            Some("TIMTextElem") => Payload::Text { text: s("Text") },
            Some("TIMCustomElem") => Payload::Custom {
                data: s("Data"),
                description: s("Desc"),
                extension: s("Ext"),
            },
            Some("TIMFaceElem") => Payload::Face {
                index: content.get("Index").and_then(Value::as_u64).unwrap_or(0),
                data: s("Data"),
            },
            Some("TIMLocationElem") => {
                // The numbers as their JSON text (the cloud carries them so).
                let num = |k: &str| match content.get(k) {
                    Some(Value::Number(n)) => Ok(n.to_string()),
                    _ => Err((BAD_FIELD, format!("MsgContent.{k} must be a number"))),
                };
                Payload::Location {
                    description: s("Desc"),
                    longitude: num("Longitude")?,
                    latitude: num("Latitude")?,
                }
            }
            Some(t @ ("TIMImageElem" | "TIMFileElem" | "TIMSoundElem" | "TIMVideoFileElem")) => {
                crate::history::media_of(t, content)
            }
            other => {
                return Err((
                    UNSUPPORTED_ELEM,
                    format!(
                        "MsgType {other:?} is not served (TIMTextElem, TIMCustomElem, TIMFaceElem, TIMLocationElem, TIMImageElem, TIMFileElem, TIMSoundElem, TIMVideoFileElem)"
                    ),
                ))
            }
        };
        // Without MsgRandom, a random one: two messages of one second must not share an ID.
        let random = body
            .get("MsgRandom")
            .and_then(Value::as_u64)
            .unwrap_or_else(crate::http::random) as u32;
        let cloud_custom_data = body
            .get("CloudCustomData")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let req = Request::SendMessage {
            conv_type: ConvType::C2c,
            to: to.to_string(),
            payload,
            cloud_custom_data,
            random,
            client_time: self.now,
            flags: 0,
        };
        match self.call(&from, req)? {
            Response::Sent { message, .. } => Ok(json!({
                "MsgTime": message.time,
                "MsgKey": msg_key(&message),
                "MsgId": message.id,
            })),
            _ => Ok(json!({})),
        }
    }

    fn add_group_member(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let mut results = Vec::new();
        for m in list(body, "MemberList")? {
            let user = m
                .get("Member_Account")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| (BAD_FIELD, "Member_Account is required".to_string()))?;
            // 1: added (or already a member: joining again changes nothing).
            self.call(
                user,
                Request::JoinGroup {
                    group_id: group_id.clone(),
                    by_admin: true,
                },
            )?;
            results.push(json!({ "Member_Account": user, "Result": 1 }));
        }
        Ok(json!({ "MemberList": results }))
    }

    fn delete(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let conv = contact(body)?;
        let clear_history = body.get("ClearRamble").and_then(Value::as_u64) == Some(1);
        self.call(
            &user,
            Request::DeleteConversations {
                ids: vec![conv],
                clear_history,
            },
        )?;
        Ok(json!({}))
    }

    fn create_contact_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let mut out = Vec::new();
        for g in list(body, "GroupContactItem")? {
            let name = need(g, "GroupName")?.to_string();
            let ids = list(g, "ContactItem")?
                .iter()
                .map(contact)
                .collect::<Result<Vec<_>, _>>()?;
            if let Response::ConvGroupCreated { id, results } = self.call(
                &user,
                Request::CreateConvGroup {
                    name: name.clone(),
                    ids,
                },
            )? {
                let items: Vec<Value> = results
                    .iter()
                    .map(|(conv, code)| {
                        let mut item = contact_item(conv);
                        item["ResultCode"] = json!(code);
                        item
                    })
                    .collect();
                out.push(json!({ "GroupItem": { "GroupName": name, "GroupId": id }, "ResultItem": items }));
            }
        }
        Ok(json!({ "GroupResultItem": out }))
    }

    fn del_contact_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let mut out = Vec::new();
        for name in list(body, "GroupName")? {
            let name = name
                .as_str()
                .ok_or_else(|| (BAD_FIELD, "GroupName is an array of names".to_string()))?
                .to_string();
            if let Response::ConvGroupDeleted { id } =
                self.call(&user, Request::DeleteConvGroup { name: name.clone() })?
            {
                out.push(json!({ "GroupName": name, "GroupId": id }));
            }
        }
        Ok(json!({ "GroupItem": out }))
    }

    fn update_contact_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        if body.get("UpdateType").and_then(Value::as_u64) != Some(1) {
            return Err((BAD_FIELD, "UpdateType 1 (update a group) is served".into()));
        }
        let g = body
            .get("UpdateGroup")
            .ok_or_else(|| (BAD_FIELD, "UpdateGroup is required".to_string()))?;
        let old = need(g, "OldGroupName")?.to_string();
        match g.get("UpdateGroupType").and_then(Value::as_u64) {
            Some(1) => {
                let new = need(g, "NewGroupName")?.to_string();
                let id = match self.call(
                    &user,
                    Request::RenameConvGroup {
                        old: old.clone(),
                        new: new.clone(),
                    },
                )? {
                    Response::ConvGroupRenamed { id, .. } => id,
                    _ => 0,
                };
                Ok(
                    json!({ "UpdateGroupResult": { "UpdateGroupType": 1, "OldGroupName": old, "GroupName": new, "GroupId": id } }),
                )
            }
            Some(2) => {
                let mut results = Vec::new();
                for item in list(g, "ContactUpdateItem")? {
                    let op = item.get("ContactOptType").and_then(Value::as_u64);
                    let conv = contact(item.get("ContactItem").unwrap_or(&Value::Null))?;
                    let add = match op {
                        Some(1) => true,
                        Some(2) => false,
                        _ => {
                            return Err((
                                BAD_FIELD,
                                "ContactOptType is 1 (add) or 2 (remove)".into(),
                            ))
                        }
                    };
                    let code = match self.call(
                        &user,
                        Request::UpdateConvGroup {
                            name: old.clone(),
                            add,
                            ids: vec![conv.clone()],
                        },
                    )? {
                        Response::ConvGroupUpdated { results } => {
                            results.first().map_or(0, |(_, c)| *c)
                        }
                        _ => 0,
                    };
                    results.push(json!({ "ContactItem": contact_item(&conv), "ContactOptType": op, "ResultCode": code, "ResultInfo": "" }));
                }
                Ok(
                    json!({ "UpdateGroupResult": { "UpdateGroupType": 2, "GroupName": old, "ContactResultItem": results } }),
                )
            }
            _ => Err((
                BAD_FIELD,
                "UpdateGroupType is 1 (rename) or 2 (add or remove conversations)".into(),
            )),
        }
    }

    /// The user's conversations and conversation groups (one `Sync`).
    fn snapshot(&mut self, user: &str) -> Result<Snapshot, Failed> {
        match self.call(user, Request::Sync)? {
            Response::Snapshot { convs, conv_groups } => Ok((convs, conv_groups)),
            _ => Ok((Vec::new(), Vec::new())),
        }
    }

    fn get_contact_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let (convs, groups) = self.snapshot(&user)?;
        let items: Vec<Value> = convs
            .iter()
            .filter(|c| !c.groups.is_empty() || !c.marks.is_empty() || !c.custom_data.is_empty())
            .map(|c| marked_item(c, &groups))
            .collect();
        Ok(
            json!({ "ContactItem": items, "GroupItem": group_items(&groups), "CompleteFlag": 1, "NextStartIndex": 0 }),
        )
    }

    fn search_contact_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let wanted = list(body, "ContactItem")?
            .iter()
            .map(contact)
            .collect::<Result<Vec<_>, _>>()?;
        let (convs, groups) = self.snapshot(&user)?;
        let items: Vec<Value> = wanted
            .iter()
            .map(|id| match convs.iter().find(|c| &c.id == id) {
                Some(c) => {
                    let mut item = marked_item(c, &groups);
                    item["ResultCode"] = json!(0);
                    item
                }
                // Not in the list: no marks, no groups (true of a conversation never made).
                None => {
                    let mut item = contact_item(id);
                    item["StandardMark"] = json!("0");
                    item["CustomMark"] = json!("");
                    item["ContactGroupId"] = json!([]);
                    item["ResultCode"] = json!(0);
                    item
                }
            })
            .collect();
        Ok(json!({ "ContactResultItem": items, "GroupItem": group_items(&groups) }))
    }

    /// Standard marks (bit numbers in `SetMark` / `ClearMark`) and the custom mark, per item.
    fn mark_contact(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let mut results = Vec::new();
        for item in list(body, "MarkItem")? {
            let conv = contact(item.get("ContactItem").unwrap_or(&Value::Null))?;
            let opt = item.get("OptType").and_then(Value::as_u64).unwrap_or(0);
            if !(1..=3).contains(&opt) {
                return Err((
                    BAD_FIELD,
                    "OptType is 1 (standard marks), 2 (custom mark) or 3 (both)".into(),
                ));
            }
            let bits = |k: &str| -> Vec<u64> {
                item.get(k)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_u64)
                            .filter(|b| *b < 64)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut changes = Vec::new();
            if opt & 1 != 0 {
                changes.extend(
                    bits("SetMark")
                        .into_iter()
                        .map(|b| ConvChange::Mark(1 << b, true)),
                );
                changes.extend(
                    bits("ClearMark")
                        .into_iter()
                        .map(|b| ConvChange::Mark(1 << b, false)),
                );
            }
            if opt & 2 != 0 {
                changes.push(ConvChange::CustomData(
                    item.get("CustomMark")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                ));
            }
            let mut last = None;
            for change in changes {
                if let Response::Conversations(c) = self.call(
                    &user,
                    Request::UpdateConvs {
                        ids: vec![conv.clone()],
                        change,
                    },
                )? {
                    last = c.into_iter().next().or(last);
                }
            }
            let mut out = contact_item(&conv);
            if let Some(c) = &last {
                out["StandardMark"] = json!(standard_mark(c));
                out["CustomMark"] = json!(c.custom_data);
            }
            results.push(json!({ "OptType": opt, "ContactItem": contact_item(&conv), "ResultCode": 0, "ResultInfo": "", "StandardMark": out["StandardMark"], "CustomMark": out["CustomMark"] }));
        }
        Ok(json!({ "ResultItem": results }))
    }

    /// The whole list in one page (`CompleteFlag: 1`), pinned ones first, newest first.
    fn get_list(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let (mut convs, groups) = self.snapshot(&user)?;
        let time = |c: &ConvSnapshot| c.last.as_ref().map_or(0, |m| m.time);
        convs.sort_by(|a, b| b.pinned.cmp(&a.pinned).then(time(b).cmp(&time(a))));
        let items: Vec<Value> = convs
            .iter()
            .map(|c| {
                let mut item = marked_item(c, &groups);
                if let Some(g) = c.id.strip_prefix("GROUP") {
                    // get_list names a group conversation's group `GroupId`.
                    if let Value::Object(m) = &mut item {
                        m.remove("ToGroupId");
                        m.insert("GroupId".into(), json!(g));
                    }
                }
                item["MsgTime"] = json!(time(c));
                item["TopFlag"] = json!(u8::from(c.pinned));
                item
            })
            .collect();
        Ok(
            json!({ "SessionItem": items, "CompleteFlag": 1, "TimeStamp": self.now, "StartIndex": 0, "TopTimeStamp": self.now, "TopStartIndex": 0 }),
        )
    }
}

/// Standard marks as Tencent writes them: the bits as a binary string.
fn standard_mark(c: &ConvSnapshot) -> String {
    format!("{:b}", c.marks.iter().fold(0u64, |a, m| a | m))
}

fn group_items(groups: &[(u64, String)]) -> Vec<Value> {
    groups
        .iter()
        .map(|(id, n)| json!({ "GroupName": n, "GroupId": id }))
        .collect()
}

/// A conversation with its marks and conversation groups, as Tencent's `ContactItem`.
fn marked_item(c: &ConvSnapshot, groups: &[(u64, String)]) -> Value {
    let mut item = contact_item(&c.id);
    item["StandardMark"] = json!(standard_mark(c));
    item["CustomMark"] = json!(c.custom_data);
    item["ContactGroupId"] = json!(c
        .groups
        .iter()
        .filter_map(|n| groups.iter().find(|(_, g)| g == n).map(|(id, _)| *id))
        .collect::<Vec<_>>());
    item["Timestamp"] = json!(c.last.as_ref().map_or(0, |m| m.time));
    item
}
