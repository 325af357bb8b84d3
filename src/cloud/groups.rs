//! Chat groups: create (with a caller-chosen or generated `@TGS#…` ID), join, quit, dismiss,
//! with the group tip messages members see.

use super::messaging::{ERR_GROUP_NOT_FOUND, ERR_NOT_A_MEMBER};
use super::protocol::PushBody;
use super::state::{Cloud, Group};
use super::Outcome;
use crate::core::conversation::{group_id as group_conv_id, ConvType};
use crate::core::error::Error;
use crate::core::group::GroupProfile;
use crate::core::message::Payload;

pub const ERR_GROUP_ID_IN_USE: u32 = 10021;
pub const ERR_OWNER_CANNOT_QUIT: u32 = 10009;
pub const ERR_BAD_GROUP_TYPE: u32 = 10004;

pub const TIP_JOIN: u8 = 1;
pub const TIP_QUIT: u8 = 2;
/// `GRP_TIP_MBR_KICKED_OUT`.
#[cfg_attr(not(feature = "full"), allow(dead_code))]
pub const TIP_KICKED_OUT: u8 = 3;

const GROUP_TYPES: [&str; 4] = ["Private", "Public", "ChatRoom", "Community"];

fn not_found(id: &str) -> Error {
    Error::raw(ERR_GROUP_NOT_FOUND, format!("group {id} does not exist"))
}

/// The ID of a group created without one, from the cloud's counter: `@TGS#2` and eight
/// upper-case hex digits (written by hand: hex formatting costs the wasm).
pub(super) fn generated_id(n: u64) -> String {
    let h = n.wrapping_mul(2654435761);
    let mut id = String::from("@TGS#2");
    for shift in (0..8).rev() {
        id.push(char::from(
            b"0123456789ABCDEF"[((h >> (shift * 4)) & 15) as usize],
        ));
    }
    id
}

impl Cloud {
    pub(super) fn group_view(&self, viewer: &str, g: &Group) -> GroupProfile {
        #[allow(unused_mut)]
        let mut view = self.group_view_of(viewer, g);
        #[cfg(feature = "full")]
        {
            view.join_option = g.join_option().to_string();
        }
        view
    }

    fn group_view_of(&self, viewer: &str, g: &Group) -> GroupProfile {
        let last = self
            .threads
            .get(&Self::group_thread_key(&g.id))
            .and_then(|t| t.messages.last());
        let me = g.members.iter().find(|(m, _)| m == viewer);
        let remind = self
            .users
            .get(viewer)
            .and_then(|s| s.convs.get(&group_conv_id(&g.id)))
            .map_or("AcceptAndNotify", |r| r.remind.as_str());
        let private = g.kind == "Private";
        GroupProfile {
            group_id: g.id.clone(),
            name: g.name.clone(),
            kind: g.kind.clone(),
            owner_id: g.owner.clone(),
            create_time: g.created,
            member_count: g.members.len() as u32,
            max_member_count: if private { 200 } else { 2000 },
            join_option: (if private {
                "NeedPermission"
            } else {
                "FreeAccess"
            })
            .to_string(),
            role: match me {
                Some((m, _)) if *m == g.owner => "Owner".into(),
                #[cfg(feature = "full")]
                Some((m, _)) if g.role_of(m) == "Admin" => "Admin".into(),
                Some(_) => "Member".into(),
                None => String::new(),
            },
            join_time: me.map_or(0, |(_, t)| *t),
            remind: if me.is_some() {
                remind.to_string()
            } else {
                String::new()
            },
            viewer: if me.is_some() {
                viewer.to_string()
            } else {
                String::new()
            },
            last_time: last.map_or(0, |m| m.time),
            last_sequence: last.map_or(0, |m| m.seq),
            last_from: last.map(|m| m.from.clone()).unwrap_or_default(),
            last_for_show: last
                .map(|m| {
                    m.payload
                        .for_show(crate::core::message::is_intl(self.sdk_app_id))
                })
                .unwrap_or_default(),
            next_message_seq: last.map_or(1, |m| m.seq + 1),
            #[cfg(feature = "full")]
            more: g.more.clone(),
        }
    }

    pub(super) fn group_profile_checked(
        &self,
        viewer: &str,
        id: &str,
    ) -> Result<GroupProfile, Error> {
        self.groups
            .get(id)
            .map(|g| self.group_view(viewer, g))
            .ok_or_else(|| not_found(id))
    }

    pub(super) fn joined_groups(&self, user: &str) -> Vec<GroupProfile> {
        let mine: Vec<&Group> = self.groups.values().filter(|g| g.has(user)).collect();
        // In creation order, with the list's own ordering (one sort in the wasm, not two).
        let order =
            crate::core::conv_store::stable_order(mine.iter().map(|g| [g.order, 0, 0]).collect());
        order
            .into_iter()
            .map(|i| self.group_view(user, mine[i]))
            .collect()
    }

    pub(super) fn tip(
        &mut self,
        operator: &str,
        id: &str,
        op: u8,
        users: Vec<String>,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let payload = Payload::GroupTip {
            operator_id: operator.to_string(),
            operation_type: op,
            user_id_list: users,
            #[cfg(feature = "full")]
            member_list: Vec::new(),
            #[cfg(feature = "full")]
            new_profile: Vec::new(),
        };
        self.tip_payload(operator, id, payload, now, out)
    }

    /// Sends a group tip to the group, from `operator`.
    pub(super) fn tip_payload(
        &mut self,
        operator: &str,
        id: &str,
        payload: Payload,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let no = self.next();
        let msg_id = crate::core::message::message_id(operator, now, no);
        self.send_message(
            operator,
            None,
            ConvType::Group,
            id,
            (payload, 0),
            String::new(),
            msg_id,
            no as u32,
            now,
            false,
            out,
        )
        .map(|_| ())
    }

    pub(super) fn group_list_changed(out: &mut Outcome, users: impl IntoIterator<Item = String>) {
        for u in users {
            out.push(&u, None, PushBody::GroupListChanged);
        }
    }

    /// Creates a group owned by `owner` with `members` (the owner is always a member).
    #[allow(clippy::too_many_arguments)]
    pub fn create_group(
        &mut self,
        owner: &str,
        id: Option<String>,
        name: &str,
        kind: &str,
        members: &[String],
        now: u64,
        out: &mut Outcome,
    ) -> Result<GroupProfile, Error> {
        let kind = if kind.is_empty() { "Private" } else { kind };
        if !GROUP_TYPES.contains(&kind) {
            return Err(Error::raw(
                ERR_BAD_GROUP_TYPE,
                format!("unsupported group type \"{kind}\""),
            ));
        }
        let id = match id.filter(|s| !s.is_empty()) {
            Some(id) if self.groups.contains_key(&id) => {
                return Err(Error::raw(
                    ERR_GROUP_ID_IN_USE,
                    format!("group ID {id} is already in use"),
                ));
            }
            Some(id) => id,
            None => loop {
                let candidate = generated_id(self.next());
                if !self.groups.contains_key(&candidate) {
                    break candidate;
                }
            },
        };
        let mut list = vec![(owner.to_string(), now)];
        for m in members {
            if !list.iter().any(|(x, _)| x == m) {
                self.ensure_account(m);
                list.push((m.clone(), now));
            }
        }
        let all: Vec<String> = list.iter().map(|(m, _)| m.clone()).collect();
        let order = self.counter;
        self.groups.insert(
            id.clone(),
            Group {
                id: id.clone(),
                order,
                name: name.to_string(),
                kind: kind.to_string(),
                owner: owner.to_string(),
                created: now,
                members: list,
                #[cfg(feature = "full")]
                attributes: Vec::new(),
                #[cfg(feature = "full")]
                counters: Vec::new(),
                #[cfg(feature = "full")]
                member_info: Vec::new(),
                #[cfg(feature = "full")]
                more: Default::default(),
                #[cfg(feature = "full")]
                applications: Vec::new(),
            },
        );
        let mut joined: Vec<String> = Vec::new();
        for m in &all {
            if m != owner {
                joined.push(m.clone());
            }
        }
        self.tip(
            owner,
            &id,
            TIP_JOIN,
            if joined.is_empty() {
                vec![owner.to_string()]
            } else {
                joined
            },
            now,
            out,
        )?;
        Self::group_list_changed(out, all);
        self.group_profile_checked(owner, &id)
    }

    /// Joins a group. A Private (work) group admits only by invitation: its members are added
    /// by the app's administrator (`by_admin`), not by asking (10007). In the full build a
    /// group's join option rules: `NeedPermission` keeps an application with `note` (`None`:
    /// nothing joined yet), `DisableApply` refuses (10007). The answer: the group
    /// (`Response::Group`; already a member: no change), or `Response::Done` for an application.
    pub fn join_group(
        &mut self,
        user: &str,
        id: &str,
        by_admin: bool,
        #[allow(unused_variables)] note: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<super::protocol::Response, Error> {
        let g = self.groups.get_mut(id).ok_or_else(|| not_found(id))?;
        if !g.has(user) {
            if g.kind == "Private" && !by_admin {
                return Err(Error::raw(
                    ERR_NOT_A_MEMBER,
                    format!("group {id} is joined by invitation only"),
                ));
            }
            #[cfg(feature = "full")]
            if !by_admin {
                match g.join_option() {
                    "NeedPermission" => {
                        self.apply_to_join(user, id, note, now, out)?;
                        return Ok(super::protocol::Response::Done);
                    }
                    "DisableApply" => {
                        return Err(Error::raw(
                            ERR_NOT_A_MEMBER,
                            format!("group {id} takes no applications"),
                        ))
                    }
                    _ => {}
                }
            }
            self.admit(user, id, now, out)?;
        }
        self.group_profile_checked(user, id)
            .map(super::protocol::Response::Group)
    }

    /// Makes `user` a member of group `id` (joined, or an application agreed to): the join tip
    /// from them, their group list.
    pub(super) fn admit(
        &mut self,
        user: &str,
        id: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        self.groups
            .get_mut(id)
            .ok_or_else(|| not_found(id))?
            .members
            .push((user.to_string(), now));
        self.tip(user, id, TIP_JOIN, vec![user.to_string()], now, out)?;
        Self::group_list_changed(out, [user.to_string()]);
        Ok(())
    }

    pub fn quit_group(
        &mut self,
        user: &str,
        id: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let g = self.groups.get(id).ok_or_else(|| not_found(id))?;
        if g.owner == user {
            return Err(Error::raw(
                ERR_OWNER_CANNOT_QUIT,
                "the owner cannot quit the group; dismiss it or transfer ownership",
            ));
        }
        if !g.has(user) {
            return Err(Error::raw(
                ERR_NOT_A_MEMBER,
                format!("{user} is not a member of group {id}"),
            ));
        }
        // The tip goes to everyone still in the group, from the one leaving.
        self.tip(user, id, TIP_QUIT, vec![user.to_string()], now, out)?;
        // The quitter's devices are told (full build: a system notice, 8).
        #[cfg(feature = "full")]
        self.notify(
            &[user.to_string()],
            id,
            super::group_apps::NOTICE_QUIT,
            user,
            "",
            0,
            now,
            out,
        );
        self.leave(id, user);
        Self::group_list_changed(out, [user.to_string()]);
        Ok(())
    }

    /// Takes `user` out of group `id` (after the tip of it was sent).
    pub(super) fn leave(&mut self, id: &str, user: &str) {
        if let Some(g) = self.groups.get_mut(id) {
            g.members.retain(|(m, _)| m != user);
            #[cfg(feature = "full")]
            g.member_info.retain(|i| i.user_id != user);
        }
        // What they saw stays theirs (the tip of their leaving last); what comes after does not.
        let to = self
            .threads
            .get(&Self::group_thread_key(id))
            .and_then(|t| t.messages.last())
            .map_or(0, |m| m.seq);
        if let Some(r) = self
            .users
            .get_mut(user)
            .and_then(|s| s.convs.get_mut(&group_conv_id(id)))
        {
            r.seen_to = to;
        }
    }

    /// Dismisses a group (its owner only): every member's conversation of it goes, their group
    /// lists change, and (full build) each gets a system notice (5).
    pub fn dismiss_group(
        &mut self,
        user: &str,
        id: &str,
        #[allow(unused_variables)] now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let g = self.groups.get(id).ok_or_else(|| not_found(id))?;
        if g.owner != user {
            return Err(Error::raw(
                ERR_NOT_A_MEMBER,
                "only the owner can dismiss the group",
            ));
        }
        let members: Vec<String> = g.members.iter().map(|(m, _)| m.clone()).collect();
        #[cfg(feature = "full")]
        self.notify(
            &members,
            id,
            super::group_apps::NOTICE_DISMISSED,
            user,
            "",
            0,
            now,
            out,
        );
        self.groups.remove(id);
        let conv = group_conv_id(id);
        for m in &members {
            if let Some(s) = self.users.get_mut(m) {
                if s.convs.remove(&conv).is_some() {
                    out.push(m, None, PushBody::ConvDeleted(vec![conv.clone()]));
                }
            }
        }
        Self::group_list_changed(out, members);
        Ok(())
    }
}

impl Cloud {
    /// The groups `user` belongs to, as Group objects (GROUP_LIST_UPDATED, getGroupList).
    pub fn joined_group_profiles(&self, user: &str) -> Vec<GroupProfile> {
        self.joined_groups(user)
    }
}

#[cfg(feature = "full")]
impl Cloud {
    /// A page of a group's members in join order, for a member of it (none for anyone else, as
    /// the original answers for a group the user is not in): `offset`, at most `count` (≤ 100);
    /// `role` (`Owner`, `Admin`, `Member`) keeps only those. With `only`: those members (the
    /// first 50 named), in that order. Each with what the group keeps of it (name card, mute,
    /// custom fields).
    pub(super) fn group_members(
        &self,
        user: &str,
        group_id: &str,
        offset: u64,
        count: u64,
        role: &str,
        only: &[String],
    ) -> super::protocol::Response {
        let mut members = Vec::new();
        let mut details = Vec::new();
        if let Some(g) = self.groups.get(group_id).filter(|g| g.has(user)) {
            let view = |(m, joined): &(String, u64)| (m.clone(), g.role_of(m).to_string(), *joined);
            members = if only.is_empty() {
                g.members
                    .iter()
                    .map(view)
                    .filter(|(_, r, _)| role.is_empty() || r == role)
                    .skip(offset as usize)
                    .take(count.min(100) as usize)
                    .collect()
            } else {
                // getGroupMemberProfile: the first 50 named, those who are members.
                only.iter()
                    .take(50)
                    .filter_map(|u| g.members.iter().find(|(m, _)| m == u).map(view))
                    .collect()
            };
            details = members
                .iter()
                .map(|(m, _, _)| g.info_of(m).cloned().unwrap_or_default())
                .collect();
        }
        let profiles = members.iter().map(|(m, _, _)| self.profile(m)).collect();
        super::protocol::Response::Members {
            members,
            profiles,
            details,
            group: None,
        }
    }
}
