//! The full build's group-member changes: roles (owner, admins, members), mutes, name cards
//! and member custom fields, with the original's permission rules, codes and group tips. One
//! request type carries them all ([`MemberOp`]).

use super::messaging::{ERR_GROUP_NOT_FOUND, ERR_NOT_A_MEMBER};
use super::protocol::Response;
use super::state::{Cloud, Group};
use super::Outcome;
use crate::core::error::Error;

/// The original's client codes for these methods, which the cloud answers.
pub mod code {
    /// setGroupMemberRole by anyone but the owner.
    pub const NOT_OWNER: u32 = 2681;
    /// A role other than `Admin` or `Member`.
    pub const INVALID_ROLE: u32 = 2683;
    /// setGroupMemberRole on oneself.
    pub const ROLE_OF_SELF: u32 = 2684;
    /// setGroupMemberMuteTime on oneself.
    pub const MUTE_SELF: u32 = 2685;
    /// Tencent's: not a member, or not allowed to (10007, as `ERR_NOT_A_MEMBER`).
    pub const NO_PERMISSION: u32 = super::ERR_NOT_A_MEMBER;
    /// changeGroupOwner to oneself.
    pub const OWNER_TO_SELF: u32 = 2621;
    /// Tencent's: a field out of its limits.
    pub const INVALID: u32 = 10004;
    /// Tencent's: a muted member sends to the group.
    pub const MUTED: u32 = 10017;
}

/// `GRP_TIP_MBR_SET_ADMIN`, `GRP_TIP_MBR_CANCELED_ADMIN`, `GRP_TIP_MBR_PROFILE_UPDATED`.
pub const TIP_SET_ADMIN: u8 = 4;
pub const TIP_CANCELED_ADMIN: u8 = 5;
pub const TIP_MEMBER_PROFILE: u8 = 7;
/// A custom field in a profile tip's changes: `groupCustomField:` and its key (as
/// `core::message` reads it).
pub const CUSTOM_PREFIX: &str = "groupCustomField:";
/// `GRP_TIP_GRP_PROFILE_UPDATED`.
pub const TIP_GROUP_PROFILE: u8 = 6;

/// What a group keeps of a member besides the ID and join time (kept only for members with
/// any of it).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MemberInfo {
    pub user_id: String,
    /// `Admin`, or empty (the owner is the group's, the others `Member`).
    pub role: String,
    pub name_card: String,
    /// Muted until this time (seconds); 0 never muted.
    pub mute_until: u64,
    /// `memberCustomField`: keys and values.
    pub custom: Vec<(String, String)>,
}

impl MemberInfo {
    /// Sets custom field `k` (replaced in place when the member has it, else added last).
    pub(super) fn set_custom(&mut self, k: &str, v: &str) {
        match self.custom.iter_mut().find(|(x, _)| x == k) {
            Some((_, old)) => v.clone_into(old),
            None => self.custom.push((k.to_string(), v.to_string())),
        }
    }
}

/// A change to a group member, as its method gives it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MemberOp {
    /// `setGroupMemberRole`, `setGroupMemberMuteTime`, `setGroupMemberNameCard`,
    /// `setGroupMemberCustomField`, `changeGroupOwner` (`user_id`: the new owner).
    pub op: String,
    pub group_id: String,
    /// The member changed (the caller when empty).
    pub user_id: String,
    /// The role, or the name card.
    pub text: String,
    /// The mute time in seconds (0 unmutes).
    pub seconds: u64,
    /// The custom fields set (the member's, or for updateGroupProfile the group's).
    pub custom: Vec<(String, String)>,
    /// addGroupMember / deleteGroupMember: the users.
    pub ids: Vec<String>,
    /// updateGroupProfile: the fields changed, by the original's names (`name`, `introduction`,
    /// `notification`, `avatar`, `joinOption`, `muteAllMembers` as `true` / `false`).
    pub profile: Vec<(String, String)>,
    /// joinGroup: the application's note; handleGroupApplication: the handler's message.
    pub note: String,
    /// createGroup: the first members' custom fields, as (member, key, value).
    pub member_custom: Vec<(String, String, String)>,
}

pub(super) fn error(code: u32, message: &str) -> Error {
    Error::raw(code, message.to_string())
}

impl Group {
    /// `user`'s role: `Owner`, `Admin` or `Member` (`""` for a non-member).
    pub fn role_of(&self, user: &str) -> &str {
        if self.owner == user {
            "Owner"
        } else if self.info_of(user).is_some_and(|i| i.role == "Admin") {
            "Admin"
        } else if self.has(user) {
            "Member"
        } else {
            ""
        }
    }

    pub fn info_of(&self, user: &str) -> Option<&MemberInfo> {
        self.member_info.iter().find(|i| i.user_id == user)
    }

    pub(super) fn info_mut(&mut self, user: &str) -> &mut MemberInfo {
        let at = match self.member_info.iter().position(|i| i.user_id == user) {
            Some(at) => at,
            None => {
                self.member_info.push(MemberInfo {
                    user_id: user.to_string(),
                    ..MemberInfo::default()
                });
                self.member_info.len() - 1
            }
        };
        &mut self.member_info[at]
    }

    /// Whether `user` is muted at `now`: by a mute of their own, or as an ordinary member of a
    /// group with everyone muted.
    pub fn muted(&self, user: &str, now: u64) -> bool {
        self.info_of(user).is_some_and(|i| i.mute_until > now)
            || (self.more.mute_all && self.role_of(user) == "Member")
    }
}

/// Whether `by` may change `target`'s name card, custom fields or mute: the owner anyone's, an
/// admin ordinary members' (and, but for a mute, their own), a member their own.
fn may_change(g: &Group, by: &str, target: &str, mute: bool) -> bool {
    match g.role_of(by) {
        "Owner" => true,
        "Admin" => g.role_of(target) == "Member" || (!mute && by == target),
        "Member" => !mute && by == target,
        _ => false,
    }
}

impl Cloud {
    /// A group to change, or 10010.
    pub(super) fn group_mut(&mut self, id: &str) -> Result<&mut Group, Error> {
        self.groups
            .get_mut(id)
            .ok_or_else(|| error(ERR_GROUP_NOT_FOUND, "the group does not exist"))
    }

    /// `changeGroupOwner`: the owner hands the group to another member (and becomes a member);
    /// every member's group list changes, and the group sees a profile tip (6) naming the new
    /// owner. The answer: the group as the caller sees it now.
    fn change_owner(
        &mut self,
        user: &str,
        group_id: &str,
        to: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        if to == user {
            return Err(error(
                code::OWNER_TO_SELF,
                "the group is already the caller's",
            ));
        }
        let g = self.group_mut(group_id)?;
        if g.owner != user {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "only the group's owner hands it over",
            ));
        }
        if !g.has(to) {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "the new owner must be a member of the group",
            ));
        }
        g.owner = to.to_string();
        g.member_info
            .iter_mut()
            .filter(|i| i.user_id == to)
            .for_each(|i| i.role.clear());
        let members: Vec<String> = g.members.iter().map(|(m, _)| m.clone()).collect();
        let payload = crate::core::message::Payload::GroupTip {
            operator_id: user.to_string(),
            operation_type: TIP_GROUP_PROFILE,
            user_id_list: Vec::new(),
            member_list: Vec::new(),
            new_profile: vec![("ownerID".to_string(), to.to_string())],
        };
        self.tip_payload(user, group_id, payload, now, out)?;
        Self::group_list_changed(out, members);
        self.group_profile_checked(user, group_id)
            .map(Response::Group)
    }

    /// `addGroupMember`: in a Work or Community group any member invites (added at once; the
    /// original's results per user: 1 added, 2 already a member); in a Public or Meeting group
    /// only the app's administrator adds (10007). The group sees a join tip (1) from the
    /// inviter; the new members' group lists change.
    /// `deleteGroupMember`: the owner removes anyone, an admin ordinary members (not in a Work
    /// group); the group, the removed included, sees a kicked-out tip (3); their group lists
    /// change. The answer: each user's result and the group as the caller sees it.
    fn add_or_remove(
        &mut self,
        user: &str,
        op: MemberOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let add = op.op == "addGroupMember";
        let g = self.group_mut(&op.group_id)?;
        if !g.has(user) {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "only a member of the group can do this",
            ));
        }
        let mut results = Vec::new();
        let mut changed = Vec::new();
        if add {
            if !matches!(g.kind.as_str(), "Private" | "Community") {
                return Err(error(
                    ERR_NOT_A_MEMBER,
                    "in this group only the app's administrator adds members",
                ));
            }
            for id in &op.ids {
                let result = if g.has(id) || changed.contains(id) {
                    2
                } else {
                    changed.push(id.clone());
                    1
                };
                results.push((id.clone(), result));
            }
            for id in &changed {
                g.members.push((id.clone(), now));
            }
            for id in &changed {
                self.ensure_account(id);
            }
            if !changed.is_empty() {
                self.member_tip(
                    user,
                    &op.group_id,
                    super::groups::TIP_JOIN,
                    changed.clone(),
                    Vec::new(),
                    now,
                    out,
                )?;
            }
        } else {
            let work = g.kind == "Private";
            for id in &op.ids {
                let allowed = g.has(id)
                    && id != user
                    && match g.role_of(user) {
                        "Owner" => true,
                        "Admin" => !work && g.role_of(id) == "Member",
                        _ => false,
                    };
                if !allowed {
                    return Err(Error::raw(
                        ERR_NOT_A_MEMBER,
                        format!("no permission to remove {id}"),
                    ));
                }
                if !changed.contains(id) {
                    changed.push(id.clone());
                }
            }
            if !changed.is_empty() {
                self.member_tip(
                    user,
                    &op.group_id,
                    super::groups::TIP_KICKED_OUT,
                    changed.clone(),
                    Vec::new(),
                    now,
                    out,
                )?;
            }
            // Each removed member is told (a system notice, 4).
            let kicked = super::group_apps::NOTICE_KICKED;
            self.notify(&changed, &op.group_id, kicked, user, "", 0, now, out);
            for id in &changed {
                self.leave(&op.group_id, id);
            }
            results = changed.iter().map(|id| (id.clone(), 1)).collect();
        }
        Self::group_list_changed(out, changed);
        let group = self.group_profile_checked(user, &op.group_id)?;
        Ok(Response::MemberResults { results, group })
    }

    /// Changes a member of a group (see [`MemberOp`]); the answer is the group as the caller
    /// sees it and the member after the change. Role changes and mutes bring their group tips.
    pub(super) fn member_change(
        &mut self,
        user: &str,
        mut op: MemberOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        match op.op.as_str() {
            "joinGroup" => return self.join_group(user, &op.group_id, false, &op.note, now, out),
            "getGroupApplicationList" => return Ok(self.group_applications(user)),
            "handleGroupApplication" => return self.handle_application(user, op, now, out),
            "changeGroupOwner" => {
                return self.change_owner(user, &op.group_id, &op.user_id, now, out)
            }
            "updateGroupProfile" => return self.update_group_profile(user, op, now, out),
            "createGroup" => return self.create_group_with(user, op, now, out),
            "addGroupMember" | "deleteGroupMember" => {
                return self.add_or_remove(user, op, now, out)
            }
            _ => {}
        }
        if op.user_id.is_empty() {
            op.user_id = user.to_string();
        }
        let target = op.user_id.clone();
        let g = self.group_mut(&op.group_id)?;
        if !g.has(user) || !g.has(&target) {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "both users must be members of the group",
            ));
        }
        let work = g.kind == "Private";
        let mut tip = None;
        match op.op.as_str() {
            "setGroupMemberRole" => {
                if g.role_of(user) != "Owner" {
                    return Err(error(code::NOT_OWNER, "only the group's owner sets roles"));
                }
                if op.text != "Admin" && op.text != "Member" {
                    return Err(error(
                        code::INVALID_ROLE,
                        "the role must be Admin or Member",
                    ));
                }
                if target == user {
                    return Err(error(
                        code::ROLE_OF_SELF,
                        "the owner's own role cannot be set",
                    ));
                }
                if work {
                    return Err(error(ERR_NOT_A_MEMBER, "a Work group has no admins"));
                }
                let admin = op.text == "Admin";
                if (g.role_of(&target) == "Admin") != admin {
                    g.info_mut(&target).role = if admin {
                        op.text.clone()
                    } else {
                        String::new()
                    };
                    let kind = if admin {
                        TIP_SET_ADMIN
                    } else {
                        TIP_CANCELED_ADMIN
                    };
                    tip = Some((kind, Vec::new()));
                }
            }
            "setGroupMemberMuteTime" => {
                if target == user {
                    return Err(error(code::MUTE_SELF, "a member cannot mute themselves"));
                }
                if work || !may_change(g, user, &target, true) {
                    return Err(error(ERR_NOT_A_MEMBER, "no permission to mute this member"));
                }
                g.info_mut(&target).mute_until = if op.seconds == 0 {
                    0
                } else {
                    now.saturating_add(op.seconds)
                };
                tip = Some((TIP_MEMBER_PROFILE, vec![(target.clone(), op.seconds)]));
            }
            "setGroupMemberNameCard" | "setGroupMemberCustomField" => {
                if !may_change(g, user, &target, false) {
                    return Err(error(
                        ERR_NOT_A_MEMBER,
                        "no permission to change this member",
                    ));
                }
                let info = g.info_mut(&target);
                if op.op == "setGroupMemberNameCard" {
                    info.name_card = op.text.clone();
                } else {
                    for (k, v) in &op.custom {
                        info.set_custom(k, v);
                    }
                }
            }
            _ => return Err(Error::of(crate::core::error::Code::InvalidOperation)),
        }
        // Nothing kept for a member with nothing to keep.
        g.member_info.retain(|i| {
            *i != MemberInfo {
                user_id: i.user_id.clone(),
                ..MemberInfo::default()
            }
        });
        if let Some((kind, mutes)) = tip {
            self.member_tip(
                user,
                &op.group_id,
                kind,
                vec![target.clone()],
                mutes,
                now,
                out,
            )?;
        }
        let group = self.group_profile_checked(user, &op.group_id)?;
        let Response::Members {
            members,
            profiles,
            details,
            ..
        } = self.group_members(user, &op.group_id, 0, 0, "", &[target])
        else {
            return Err(Error::of(crate::core::error::Code::UncaughtError));
        };
        Ok(Response::Members {
            members,
            profiles,
            details,
            group: Some(group),
        })
    }
}

impl Cloud {
    /// A member tip (`GRP_TIP_MBR_*`): the users it names and, for a mute, each one's seconds.
    #[allow(clippy::too_many_arguments)]
    fn member_tip(
        &mut self,
        operator: &str,
        group_id: &str,
        kind: u8,
        users: Vec<String>,
        mutes: Vec<(String, u64)>,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let payload = crate::core::message::Payload::GroupTip {
            operator_id: operator.to_string(),
            operation_type: kind,
            user_id_list: users,
            member_list: mutes,
            new_profile: Vec::new(),
        };
        self.tip_payload(operator, group_id, payload, now, out)
    }
}
