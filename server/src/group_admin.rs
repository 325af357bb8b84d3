//! The REST admin API's group management commands (`group_open_http_svc/*`): a group's
//! profile and members read and changed by the app's administrator, in Tencent's field names.
//! A change is made in the group owner's name (the one member every rule allows), so the
//! cloud's rules, codes, group tips and pushes are those of the owner's own call.

use crate::commands::{list, need, Admin, Failed, BAD_FIELD};
use serde_json::{json, Value};
use tim_wasm::cloud::members::{MemberInfo, MemberOp};
use tim_wasm::cloud::protocol::{Request, Response};
use tim_wasm::core::group::GroupProfile;

/// Tencent's `Key`/`Value` pairs (`AppDefinedData`, `AppMemberDefinedData`).
fn key_values(v: Option<&Value>, field: &str) -> Result<Vec<(String, String)>, Failed> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    v.as_array()
        .ok_or_else(|| (BAD_FIELD, format!("{field} is an array of {{Key, Value}}")))?
        .iter()
        .map(|kv| {
            let key = need(kv, "Key")?.to_string();
            let value = kv.get("Value").and_then(Value::as_str).unwrap_or_default();
            Ok((key, value.to_string()))
        })
        .collect()
}

/// A group's profile fields in Tencent's names (`Name`, `Introduction`, `Notification`,
/// `FaceUrl`, `ApplyJoinOption`, `MuteAllMember` "On"/"Off", `AppDefinedData`), as the cloud's
/// profile changes and custom fields.
type Profile = (Vec<(String, String)>, Vec<(String, String)>);

fn profile_of(body: &Value) -> Result<Profile, Failed> {
    let mut profile = Vec::new();
    for (field, name) in [
        ("Name", "name"),
        ("Introduction", "introduction"),
        ("Notification", "notification"),
        ("FaceUrl", "avatar"),
        ("ApplyJoinOption", "joinOption"),
    ] {
        if let Some(v) = body.get(field) {
            let v = v
                .as_str()
                .ok_or_else(|| (BAD_FIELD, format!("{field} is a string")))?;
            profile.push((name.to_string(), v.to_string()));
        }
    }
    match body.get("MuteAllMember").map(Value::as_str) {
        None => {}
        Some(Some("On")) => profile.push(("muteAllMembers".into(), "true".into())),
        Some(Some("Off")) => profile.push(("muteAllMembers".into(), "false".into())),
        Some(_) => return Err((BAD_FIELD, "MuteAllMember is \"On\" or \"Off\"".into())),
    }
    let custom = key_values(body.get("AppDefinedData"), "AppDefinedData")?;
    Ok((profile, custom))
}

/// A member (ID, role, join time) and what the group keeps of it.
type Member = ((String, String, u64), MemberInfo);

fn pairs(kv: &[(String, String)]) -> Vec<Value> {
    kv.iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect()
}

/// A group as `get_group_info` gives it.
fn group_info(g: &GroupProfile) -> Value {
    json!({
        "GroupId": g.group_id,
        "ErrorCode": 0,
        "ErrorInfo": "",
        "Type": g.kind,
        "Name": g.name,
        "Introduction": g.more.introduction,
        "Notification": g.more.notification,
        "FaceUrl": g.more.avatar,
        "Owner_Account": g.owner_id,
        "CreateTime": g.create_time,
        "LastMsgTime": g.last_time,
        "NextMsgSeq": g.next_message_seq,
        "MemberNum": g.member_count,
        "MaxMemberNum": g.max_member_count,
        "ApplyJoinOption": g.join_option,
        "MuteAllMember": if g.more.mute_all { "On" } else { "Off" },
        "AppDefinedData": pairs(&g.more.custom),
    })
}

/// A member as `get_group_member_info` gives it.
fn member_item((id, role, joined): &(String, String, u64), info: &MemberInfo) -> Value {
    json!({
        "Member_Account": id,
        "Role": role,
        "JoinTime": joined,
        "MsgFlag": "AcceptAndNotify",
        "ShutUpUntil": info.mute_until,
        "NameCard": info.name_card,
        "AppMemberDefinedData": pairs(&info.custom),
    })
}

impl Admin<'_> {
    /// The group's profile (10010 when there is none).
    pub(crate) fn group(&mut self, group_id: &str) -> Result<GroupProfile, Failed> {
        let admin = self.admin.to_string();
        match self.call(
            &admin,
            Request::GetGroupProfile {
                group_id: group_id.to_string(),
            },
        )? {
            Response::Group(g) => Ok(g),
            _ => Err((BAD_FIELD, "no group in the answer".into())),
        }
    }

    /// A member change made as the group's owner.
    fn as_owner(&mut self, op: MemberOp) -> Result<Response, Failed> {
        let owner = self.group(&op.group_id)?.owner_id;
        self.call(&owner, Request::GroupMember(op))
    }

    /// Every member (or those named), read as the owner, with what the group keeps of each.
    fn members(&mut self, group_id: &str, only: Vec<String>) -> Result<Vec<Member>, Failed> {
        let owner = self.group(group_id)?.owner_id;
        let mut out = Vec::new();
        loop {
            let req = Request::GetGroupMembers {
                group_id: group_id.to_string(),
                offset: out.len() as u64,
                count: 100,
                role: String::new(),
                user_ids: only.clone(),
            };
            let Response::Members {
                members, details, ..
            } = self.call(&owner, req)?
            else {
                break;
            };
            let n = members.len();
            out.extend(members.into_iter().zip(details));
            if !only.is_empty() || n < 100 {
                break;
            }
        }
        Ok(out)
    }

    /// Runs one of the group management commands (`None`: not one of them).
    pub(crate) fn group_admin(
        &mut self,
        command: &str,
        body: &Value,
    ) -> Option<Result<Value, Failed>> {
        let name = command.strip_prefix("group_open_http_svc/")?;
        Some(match name {
            "get_group_info" => self.get_group_info(body),
            "get_group_member_info" => self.get_group_member_info(body),
            "get_role_in_group" => self.get_role_in_group(body),
            "get_joined_group_list" => self.get_joined_group_list(body),
            "modify_group_base_info" => self.modify_group_base_info(body),
            "modify_group_member_info" => self.modify_group_member_info(body),
            "delete_group_member" => self.delete_group_member(body),
            "change_group_owner" => self.change_group_owner(body),
            "forbid_send_msg" => self.forbid_send_msg(body),
            "destroy_group" => self.destroy_group(body),
            _ => return None,
        })
    }

    /// `{GroupIdList}`: each group's profile, or its own error code.
    fn get_group_info(&mut self, body: &Value) -> Result<Value, Failed> {
        let mut out = Vec::new();
        for id in list(body, "GroupIdList")? {
            let id = id.as_str().ok_or_else(|| {
                (
                    BAD_FIELD,
                    "GroupIdList is an array of group IDs".to_string(),
                )
            })?;
            out.push(match self.group(id) {
                Ok(g) => {
                    let mut info = group_info(&g);
                    let members: Vec<Value> = self
                        .members(id, Vec::new())?
                        .iter()
                        .map(|(m, i)| member_item(m, i))
                        .collect();
                    info["MemberList"] = json!(members);
                    info
                }
                Err((code, info)) => json!({"GroupId": id, "ErrorCode": code, "ErrorInfo": info}),
            });
        }
        Ok(json!({ "GroupInfo": out }))
    }

    /// `{GroupId, Offset?, Limit?, MemberRoleFilter?}`: the members, their count.
    fn get_group_member_info(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let all = self.members(&group_id, Vec::new())?;
        let roles: Vec<&str> = body
            .get("MemberRoleFilter")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let offset = body.get("Offset").and_then(Value::as_u64).unwrap_or(0) as usize;
        let limit = body
            .get("Limit")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |l| l as usize);
        let items: Vec<Value> = all
            .iter()
            .filter(|((_, role, _), _)| roles.is_empty() || roles.contains(&role.as_str()))
            .skip(offset)
            .take(limit)
            .map(|(m, i)| member_item(m, i))
            .collect();
        Ok(json!({ "MemberNum": all.len(), "MemberList": items }))
    }

    /// `{GroupId, User_Account}`: each user's role, `NotMember` for others.
    fn get_role_in_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let users: Vec<String> = list(body, "User_Account")?
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let found = self.members(&group_id, users.clone())?;
        let items: Vec<Value> = users
            .iter()
            .map(|u| {
                let role = found
                    .iter()
                    .find(|((m, _, _), _)| m == u)
                    .map_or("NotMember", |((_, r, _), _)| r.as_str());
                json!({"Member_Account": u, "Role": role})
            })
            .collect();
        Ok(json!({ "UserIdList": items }))
    }

    /// `{Member_Account}`: the groups the user is in.
    fn get_joined_group_list(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "Member_Account")?.to_string();
        let groups = match self.call(&user, Request::GetJoinedGroups)? {
            Response::Groups(g) => g,
            _ => Vec::new(),
        };
        let items: Vec<Value> = groups
            .iter()
            .map(|g| json!({"GroupId": g.group_id, "Name": g.name, "Type": g.kind}))
            .collect();
        Ok(json!({ "TotalCount": items.len(), "GroupIdList": items }))
    }

    /// `{GroupId, Name?, Introduction?, Notification?, FaceUrl?, ApplyJoinOption?,
    /// MuteAllMember? ("On"/"Off"), AppDefinedData?}`.
    fn modify_group_base_info(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let (profile, custom) = profile_of(body)?;
        self.as_owner(MemberOp {
            op: "updateGroupProfile".into(),
            group_id,
            profile,
            custom,
            ..MemberOp::default()
        })?;
        Ok(json!({}))
    }

    /// `{Owner_Account?, Type?, GroupId?, Name, Introduction?, Notification?, FaceUrl?,
    /// ApplyJoinOption?, MuteAllMember?, AppDefinedData?, MemberList?: [{Member_Account,
    /// Role?: "Admin", AppMemberDefinedData?}]}` → `{GroupId}`: made in the owner's name (the administrator's when none
    /// is given) with its profile, in one request.
    pub(crate) fn create_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let owner = body
            .get("Owner_Account")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(self.admin)
            .to_string();
        let kind = match body.get("Type").and_then(Value::as_str).unwrap_or("Public") {
            // Tencent's "Work" is the original SDK's Private.
            "Work" => "Private",
            k => k,
        };
        let (mut profile, custom) = profile_of(body)?;
        need(body, "Name")?;
        profile.push(("type".into(), kind.to_string()));
        let (mut ids, mut member_custom) = (Vec::new(), Vec::new());
        if body.get("MemberList").is_some() {
            for m in list(body, "MemberList")? {
                let id = need(m, "Member_Account")?.to_string();
                for (k, v) in key_values(m.get("AppMemberDefinedData"), "AppMemberDefinedData")? {
                    member_custom.push((id.clone(), k, v));
                }
                match m.get("Role").map(Value::as_str) {
                    None | Some(Some("Member")) => {}
                    Some(Some("Admin")) => profile.push(("admin".into(), id.clone())),
                    Some(_) => return Err((BAD_FIELD, "Role is \"Admin\" or \"Member\"".into())),
                }
                ids.push(id);
            }
        }
        let op = MemberOp {
            op: "createGroup".into(),
            group_id: body
                .get("GroupId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            ids,
            profile,
            custom,
            member_custom,
            ..MemberOp::default()
        };
        match self.call(&owner, Request::GroupMember(op))? {
            Response::Group(g) => Ok(json!({ "GroupId": g.group_id })),
            _ => Ok(json!({})),
        }
    }

    /// `{GroupId, Member_Account, Role? ("Admin"/"Member"), NameCard?, ShutUpTime? (seconds),
    /// AppMemberDefinedData?}`: each one given, in that order.
    fn modify_group_member_info(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let user = need(body, "Member_Account")?.to_string();
        let op = |name: &str| MemberOp {
            op: name.into(),
            group_id: group_id.clone(),
            user_id: user.clone(),
            ..MemberOp::default()
        };
        let mut ops = Vec::new();
        // Role ("Admin"/"Member") and NameCard: text fields, each its own method.
        for (field, name) in [
            ("Role", "setGroupMemberRole"),
            ("NameCard", "setGroupMemberNameCard"),
        ] {
            if let Some(v) = body.get(field) {
                let text = v
                    .as_str()
                    .ok_or_else(|| (BAD_FIELD, format!("{field} is a string")))?;
                ops.push(MemberOp {
                    text: text.to_string(),
                    ..op(name)
                });
            }
        }
        if let Some(t) = body.get("ShutUpTime") {
            let seconds = t
                .as_u64()
                .ok_or_else(|| (BAD_FIELD, "ShutUpTime is a number of seconds".to_string()))?;
            ops.push(MemberOp {
                seconds,
                ..op("setGroupMemberMuteTime")
            });
        }
        let custom = key_values(body.get("AppMemberDefinedData"), "AppMemberDefinedData")?;
        if !custom.is_empty() {
            ops.push(MemberOp {
                custom,
                ..op("setGroupMemberCustomField")
            });
        }
        for op in ops {
            self.as_owner(op)?;
        }
        Ok(json!({}))
    }

    /// `{GroupId, MemberToDel_Account}`.
    fn delete_group_member(&mut self, body: &Value) -> Result<Value, Failed> {
        let ids = list(body, "MemberToDel_Account")?
            .iter()
            .map(|u| {
                u.as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        (
                            BAD_FIELD,
                            "MemberToDel_Account is an array of user IDs".to_string(),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.as_owner(MemberOp {
            op: "deleteGroupMember".into(),
            group_id: need(body, "GroupId")?.to_string(),
            ids,
            ..MemberOp::default()
        })?;
        Ok(json!({}))
    }

    /// `{GroupId, NewOwner_Account}`.
    fn change_group_owner(&mut self, body: &Value) -> Result<Value, Failed> {
        self.as_owner(MemberOp {
            op: "changeGroupOwner".into(),
            group_id: need(body, "GroupId")?.to_string(),
            user_id: need(body, "NewOwner_Account")?.to_string(),
            ..MemberOp::default()
        })?;
        Ok(json!({}))
    }

    /// `{GroupId, Members_Account, MuteTime}` (0 unmutes).
    fn forbid_send_msg(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let seconds = body
            .get("MuteTime")
            .and_then(Value::as_u64)
            .ok_or_else(|| (BAD_FIELD, "MuteTime is a number of seconds".to_string()))?;
        for u in list(body, "Members_Account")? {
            let user = u.as_str().ok_or_else(|| {
                (
                    BAD_FIELD,
                    "Members_Account is an array of user IDs".to_string(),
                )
            })?;
            self.as_owner(MemberOp {
                op: "setGroupMemberMuteTime".into(),
                group_id: group_id.clone(),
                user_id: user.to_string(),
                seconds,
                ..MemberOp::default()
            })?;
        }
        Ok(json!({}))
    }

    /// `{GroupId}`.
    fn destroy_group(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let owner = self.group(&group_id)?.owner_id;
        self.call(&owner, Request::DismissGroup { group_id })?;
        Ok(json!({}))
    }
}
