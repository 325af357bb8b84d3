//! The full build's group profile: a group created with its profile (createGroup's
//! introduction, notification, avatar, join option, mute-all, custom fields and admins) and
//! updateGroupProfile, under one set of rules for the fields and their limits.

use super::members::{code, error, MemberOp, CUSTOM_PREFIX, TIP_GROUP_PROFILE};
use super::messaging::ERR_NOT_A_MEMBER;
use super::protocol::Response;
use super::state::Cloud;
use super::Outcome;
use crate::core::error::Error;
use crate::core::group::GroupMore;

/// The join options a Public or Community group may have.
const JOIN_OPTIONS: [&str; 3] = ["FreeAccess", "NeedPermission", "DisableApply"];

/// Sets the profile fields given by the original's names (`name`, `introduction`,
/// `notification`, `avatar`, `joinOption` — Public and Community groups only, passed over
/// elsewhere as the original —, `muteAllMembers` as `true` / `false`) within Tencent's limits
/// (10004), and merges the custom fields by key. Other keys are passed over. Nothing is changed
/// on an error. The answer: what changed, as a profile tip names it.
pub(super) fn set_profile(
    kind: &str,
    name: &mut String,
    more: &mut GroupMore,
    profile: &[(String, String)],
    custom: &[(String, String)],
) -> Result<Vec<(String, String)>, Error> {
    let mut next = (name.clone(), more.clone());
    let mut changed = Vec::new();
    for (k, v) in profile {
        let (field, limit) = match k.as_str() {
            "name" => (&mut next.0, 30),
            "introduction" => (&mut next.1.introduction, 240),
            "notification" => (&mut next.1.notification, 300),
            "avatar" => (&mut next.1.avatar, 500),
            "joinOption" if matches!(kind, "Public" | "Community") => {
                if !JOIN_OPTIONS.contains(&v.as_str()) {
                    return Err(error(
                        code::INVALID,
                        "joinOption must be FreeAccess, NeedPermission or DisableApply",
                    ));
                }
                (&mut next.1.join_option, 32)
            }
            "muteAllMembers" => {
                next.1.mute_all = v == "true";
                changed.push((k.clone(), v.clone()));
                continue;
            }
            _ => continue,
        };
        if v.len() > limit {
            return Err(Error::raw(
                code::INVALID,
                format!("{k} is longer than {limit} bytes"),
            ));
        }
        v.clone_into(field);
        let key = if k == "name" { "groupName" } else { k.as_str() };
        changed.push((key.to_string(), v.clone()));
    }
    for (k, v) in custom {
        match next.1.custom.iter_mut().find(|(x, _)| x == k) {
            Some((_, old)) => old.clone_from(v),
            None => next.1.custom.push((k.clone(), v.clone())),
        }
        changed.push((format!("{CUSTOM_PREFIX}{k}"), v.clone()));
    }
    (*name, *more) = next;
    Ok(changed)
}

impl Cloud {
    /// createGroup with a profile: `op.group_id` (empty: generated), `op.ids` the first members,
    /// `op.profile` the `type`, the fields of [`set_profile`] and one `admin` entry per first
    /// member made an admin (not in a Work group: 10007), `op.custom` the group's custom fields.
    /// Checked before anything is made; then as the plain create (tip 1, group lists).
    pub(super) fn create_group_with(
        &mut self,
        user: &str,
        op: MemberOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let field = |key: &'static str| {
            op.profile
                .iter()
                .filter(move |(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let kind = field("type")
            .next_back()
            .filter(|k| !k.is_empty())
            .unwrap_or("Private");
        let (mut name, mut more) = (String::new(), GroupMore::default());
        set_profile(kind, &mut name, &mut more, &op.profile, &op.custom)?;
        let admins: Vec<&str> = field("admin").collect();
        if !admins.is_empty() && kind == "Private" {
            return Err(error(ERR_NOT_A_MEMBER, "a Work group has no admins"));
        }
        if let Some(a) = admins.iter().find(|a| !op.ids.iter().any(|m| m == *a)) {
            return Err(Error::raw(
                code::INVALID,
                format!("admin {a} is not among the group's members"),
            ));
        }
        let id = Some(op.group_id.clone()).filter(|s| !s.is_empty());
        let made = self.create_group(user, id, &name, kind, &op.ids, now, out)?;
        let g = self.group_mut(&made.group_id)?;
        g.more = more;
        for a in admins {
            if a != user {
                g.info_mut(a).role = "Admin".to_string();
            }
        }
        // The first members' custom fields (a name given twice keeps the last value).
        for (m, k, v) in &op.member_custom {
            if g.has(m) {
                g.info_mut(m).set_custom(k, v);
            }
        }
        self.group_profile_checked(user, &made.group_id)
            .map(Response::Group)
    }

    /// `updateGroupProfile`: in a Work group any member, elsewhere the owner and admins change
    /// the fields of [`set_profile`]. The group sees a profile tip (6) with what changed, and
    /// every member's group list changes. The answer: the group as the caller sees it now.
    pub(super) fn update_group_profile(
        &mut self,
        user: &str,
        op: MemberOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let g = self.group_mut(&op.group_id)?;
        let allowed = match g.role_of(user) {
            "Owner" | "Admin" => true,
            "Member" => g.kind == "Private",
            _ => false,
        };
        if !allowed {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "no permission to change the group's profile",
            ));
        }
        let kind = g.kind.clone();
        let changed = set_profile(&kind, &mut g.name, &mut g.more, &op.profile, &op.custom)?;
        let members: Vec<String> = g.members.iter().map(|(m, _)| m.clone()).collect();
        if !changed.is_empty() {
            let payload = crate::core::message::Payload::GroupTip {
                operator_id: user.to_string(),
                operation_type: TIP_GROUP_PROFILE,
                user_id_list: Vec::new(),
                member_list: Vec::new(),
                new_profile: changed,
            };
            self.tip_payload(user, &op.group_id, payload, now, out)?;
            Self::group_list_changed(out, members);
        }
        self.group_profile_checked(user, &op.group_id)
            .map(Response::Group)
    }
}
