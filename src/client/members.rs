//! The full build's group-member reads, as the original gives them.

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::members::{MemberInfo, MemberOp};
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::profile::Profile;
use crate::core::value::Value;

/// A GroupMember: `(userID, role, joinTime)`, the profile, what the group keeps of it.
fn member(
    j: &mut Json,
    (user, role, joined): &(String, String, u64),
    p: &Profile,
    info: Option<&MemberInfo>,
) {
    let info = info.cloned().unwrap_or_default();
    j.open()
        .key("userID")
        .str(user)
        .key("avatar")
        .str(&p.avatar)
        .key("nick")
        .str(&p.nick)
        .key("role")
        .str(role)
        .key("joinTime")
        .num(*joined);
    j.key("lastSendMsgTime")
        .num(0)
        .key("nameCard")
        .str(&info.name_card)
        .key("muteUntil")
        .num(info.mute_until)
        .key("memberCustomField")
        .open_array();
    for (k, v) in &info.custom {
        j.open().key("key").str(k).key("value").str(v).close();
    }
    j.close_array().key("isOnline").bool(false).close();
}

impl Client {
    /// `getGroupMemberList({groupID, count?, offset?, role?})` → `{memberList, offset}`: 15 by
    /// default, at most 100; the next page's offset, or 0 after the last page.
    /// `getGroupMemberProfile({groupID, userIDList})` (`named`) → `{memberList}`: those of the
    /// first 50 who are members, in that order.
    pub(crate) fn group_members_step(&self, a0: &Value, named: bool) -> Step<Output> {
        let offset = match a0.get("offset") {
            Value::Str(s) => s.parse().unwrap_or(0),
            v => v.as_number().map_or(0, |n| n.max(0.0) as u64),
        };
        let count = a0
            .get("count")
            .as_number()
            .map_or(15, |n| n.clamp(1.0, 100.0) as u64);
        let req = Request::GetGroupMembers {
            group_id: super::api::text(a0, "groupID"),
            offset,
            count,
            role: super::api::text(a0, "role"),
            user_ids: if named {
                super::api::list(a0.get("userIDList"))
            } else {
                Vec::new()
            },
        };
        Step::ask(req, move |_, res| {
            let Response::Members {
                members,
                profiles,
                details,
                ..
            } = res?
            else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut j = Json::new();
            j.open().key("memberList").open_array();
            for (i, (m, p)) in members.iter().zip(&profiles).enumerate() {
                member(&mut j, m, p, details.get(i));
            }
            j.close_array();
            if !named {
                let next = if members.len() as u64 == count {
                    offset + count
                } else {
                    0
                };
                j.key("offset").num(next);
            }
            j.close();
            Ok((Output::Data("json", j.finish()), Vec::new()))
        })
    }
}

impl Client {
    /// `setGroupMemberRole({groupID, userID, role})`, `setGroupMemberMuteTime({groupID, userID,
    /// muteTime})`, `setGroupMemberNameCard({groupID, nameCard, userID?})`,
    /// `setGroupMemberCustomField({groupID, memberCustomField, userID?})` → `{group, member}`;
    /// `changeGroupOwner({groupID, newOwnerID})` → `{group}`; `addGroupMember({groupID,
    /// userIDList})`, `deleteGroupMember({groupID, userIDList})` (see [`member_results`]).
    pub(crate) fn member_change_step(&self, name: &str, a0: &Value) -> Step<Output> {
        let text = |k: &str| super::api::text(a0, k);
        let owner = name == "changeGroupOwner";
        // updateGroupProfile({groupID, name?, introduction?, notification?, avatar?,
        // joinOption?, muteAllMembers?, groupCustomField?}) → `{group}`, as changeGroupOwner.
        let op = MemberOp {
            op: name.to_string(),
            group_id: text("groupID"),
            user_id: text(if owner { "newOwnerID" } else { "userID" }),
            text: if name == "setGroupMemberRole" {
                text("role")
            } else {
                text("nameCard")
            },
            seconds: a0
                .get("muteTime")
                .as_number()
                .map_or(0, |n| n.max(0.0) as u64),
            custom: super::api::key_values(a0.get(if name == "updateGroupProfile" {
                "groupCustomField"
            } else {
                "memberCustomField"
            })),
            profile: profile_fields(a0),
            ids: super::api::list(a0.get("userIDList")),
            ..MemberOp::default()
        };
        let (add, asked) = (name == "addGroupMember", op.ids.clone());
        Step::ask(Request::GroupMember(op), move |_, res| {
            let res = res?;
            if let Response::MemberResults { results, group } = res {
                let json = member_results(add, &asked, &results, &group);
                return Ok((Output::Data("groupResult", json), Vec::new()));
            }
            if let Response::Group(g) = res {
                let json = format!("{{\"group\":{}}}", g.to_json());
                return Ok((Output::Data("groupResult", json), Vec::new()));
            }
            let Response::Members {
                members,
                profiles,
                details,
                group: Some(group),
            } = res
            else {
                return Err(Error::of(Code::UncaughtError));
            };
            let (Some(m), Some(p)) = (members.first(), profiles.first()) else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut j = Json::new();
            j.open().key("group").raw(&group.to_json()).key("member");
            member(&mut j, m, p, details.first());
            j.close();
            Ok((Output::Data("groupResult", j.finish()), Vec::new()))
        })
    }
}

/// The group profile fields given in `a0` by the original's names, for the cloud's
/// `set_profile` (`muteAllMembers` as `true` / `false`).
fn profile_fields(a0: &Value) -> Vec<(String, String)> {
    [
        "name",
        "introduction",
        "notification",
        "avatar",
        "joinOption",
    ]
    .iter()
    .filter_map(|k| Some((k.to_string(), a0.get(k).as_str()?.to_string())))
    .chain(
        a0.get("muteAllMembers")
            .as_bool()
            .map(|b| ("muteAllMembers".to_string(), b.to_string())),
    )
    .collect()
}

impl Client {
    /// createGroup({name, type?, groupID?, introduction?, notification?, avatar?, joinOption?,
    /// muteAllMembers?, groupCustomField?, memberList?: [{userID, role?}]}): the group made with
    /// its profile in one request; a first member with `role: 'Admin'` is made an admin.
    pub(crate) fn create_group_full_step(a0: &Value) -> Step<crate::core::group::GroupProfile> {
        let members = a0.get("memberList").as_array().unwrap_or_default();
        let mut profile = profile_fields(a0);
        profile.push(("type".to_string(), super::api::text(a0, "type")));
        for m in members {
            if m.get("role").as_str() == Some("Admin") {
                profile.push(("admin".to_string(), super::api::text(m, "userID")));
            }
        }
        let member_custom = members
            .iter()
            .flat_map(|m| {
                let id = super::api::text(m, "userID");
                super::api::key_values(m.get("memberCustomField"))
                    .into_iter()
                    .map(move |(k, v)| (id.clone(), k, v))
            })
            .collect();
        let op = MemberOp {
            op: "createGroup".to_string(),
            group_id: super::api::text(a0, "groupID"),
            member_custom,
            custom: super::api::key_values(a0.get("groupCustomField")),
            ids: members
                .iter()
                .map(|m| super::api::text(m, "userID"))
                .collect(),
            profile,
            ..MemberOp::default()
        };
        Self::the_group(Self::group_step(Request::GroupMember(op)))
    }
}

/// addGroupMember's `{successUserIDList, failureUserIDList, existedUserIDList,
/// overLimitUserIDList, group?}` (the group only when someone was added), or deleteGroupMember's
/// `{group, userIDList}` echoing the IDs asked for, as the original.
fn member_results(
    add: bool,
    asked: &[String],
    results: &[(String, u32)],
    group: &crate::core::group::GroupProfile,
) -> String {
    let with = |code: u32| {
        results
            .iter()
            .filter(move |(_, r)| *r == code)
            .map(|(u, _)| u)
    };
    let mut j = Json::new();
    j.open();
    if add {
        j.key("successUserIDList")
            .strs(with(1))
            .key("failureUserIDList")
            .strs(with(0))
            .key("existedUserIDList")
            .strs(with(2))
            .key("overLimitUserIDList")
            .open_array()
            .close_array();
        if with(1).next().is_some() {
            j.key("group").raw(&group.to_json());
        }
    } else {
        j.key("group")
            .raw(&group.to_json())
            .key("userIDList")
            .strs(asked);
    }
    j.close();
    j.finish()
}
