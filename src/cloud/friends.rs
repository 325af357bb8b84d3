//! The full build's relationship chain in the cloud: friends (added at once or through an
//! application, as the other user's `allowType` says), friend applications, friend groups and
//! their effect on both users' devices. One request type carries every change
//! ([`RelationOp`]); its answer is a result per user and the user's relations after it.

use super::protocol::{PushBody, Response};
use super::relations::{Application, FriendFields, Relations};
use super::state::Cloud;
use super::{Outcome, SessionId};
use crate::core::error::Error;

/// Tencent's result codes for the relationship chain (per user, in a result list).
pub mod code {
    /// Not a friend of the user (the original's client code, which the cloud answers).
    pub const NOT_FRIEND: u32 = 2700;
    /// A request that cannot apply: already friends, not a friend, no such application.
    pub const INVALID: u32 = 30001;
    /// The user asked for is on the caller's blacklist.
    pub const IN_MY_BLACKLIST: u32 = 30515;
    /// The user asked for accepts no friends (`AllowType_Type_DenyAny`).
    pub const DENIED: u32 = 30516;
    /// The caller is on the other user's blacklist.
    pub const IN_THEIR_BLACKLIST: u32 = 30525;
    /// The other user confirms friends (`AllowType_Type_NeedConfirm`): an application waits.
    pub const PENDING: u32 = 30539;
}

/// checkFriend's relations by result value: neither, the user has them (1), they have the user
/// (2), both ways (3).
pub const RELATIONS: [&str; 4] = [
    "CheckResult_Type_NoRelation",
    "CheckResult_Type_AWithB",
    "CheckResult_Type_BWithA",
    "CheckResult_Type_BothWay",
];

/// What changed in a user's relations: which lists a push names (events follow them).
pub mod changed {
    pub const FRIENDS: u32 = 1;
    pub const APPLICATIONS: u32 = 2;
    pub const GROUPS: u32 = 4;
}

/// A change to the relationship chain, as its method gives it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RelationOp {
    /// The method: `addFriend`, `deleteFriend`, `updateFriend`, `acceptFriendApplication`,
    /// `refuseFriendApplication`, `deleteFriendApplication`, `setFriendApplicationRead`,
    /// `createFriendGroup`, `deleteFriendGroup`, `addToFriendGroup`, `removeFromFriendGroup`,
    /// `renameFriendGroup`.
    pub op: String,
    /// The users it names.
    pub ids: Vec<String>,
    /// A friend group's name (for a rename, the old one); for addFriend and acceptance, the
    /// friend group to put the new friend in.
    pub name: String,
    /// A rename's new name; addFriend, acceptance and updateFriend: the remark.
    pub text: String,
    /// addFriend: the application's wording.
    pub word: String,
    /// addFriend: `AddSource_Type_…`.
    pub source: String,
    /// Both ways: addFriend and deleteFriend `…_TYPE_BOTH`, acceptance "agree and add".
    pub both: bool,
    /// updateFriend: custom fields set; addFriend: none.
    pub custom: Vec<(String, String)>,
    /// updateFriend: whether a remark was given (`text`).
    pub has_text: bool,
}

/// `b` when `flag`, else nothing.
fn bit(flag: bool, b: u32) -> u32 {
    if flag {
        b
    } else {
        0
    }
}

fn friend_pos(r: &Relations, id: &str) -> Option<usize> {
    r.friends.iter().position(|(u, _, _)| u == id)
}

/// Adds `id` to `r`'s friends (remark, group, source), unless there.
fn befriend(r: &mut Relations, id: &str, remark: &str, group: &str, source: &str, now: u64) {
    if friend_pos(r, id).is_some() {
        return;
    }
    r.friends.push((id.to_string(), remark.to_string(), now));
    r.friend_fields.push(FriendFields {
        user_id: id.to_string(),
        source: source.to_string(),
        custom: Vec::new(),
    });
    if !group.is_empty() {
        match r.friend_groups.iter_mut().find(|(n, _)| n == group) {
            Some((_, members)) => members.push(id.to_string()),
            None => r
                .friend_groups
                .push((group.to_string(), vec![id.to_string()])),
        }
    }
}

/// Removes `id` from `r`'s friends and its friend groups; whether it was a friend.
fn unfriend(r: &mut Relations, id: &str) -> bool {
    let Some(i) = friend_pos(r, id) else {
        return false;
    };
    r.friends.remove(i);
    r.friend_fields.retain(|f| f.user_id != id);
    for (_, members) in &mut r.friend_groups {
        members.retain(|m| m != id);
    }
    true
}

/// Drops the applications between `r`'s user and `id`; whether there were any.
fn drop_applications(r: &mut Relations, id: &str) -> bool {
    let before = r.applications.len();
    r.applications.retain(|a| a.user_id != id);
    r.applications.len() != before
}

impl Cloud {
    /// The answer to a relation change: the per-user results, the user's relations after, and
    /// which of their lists changed.
    fn relation_answer(&self, user: &str, results: Vec<(String, u32)>, changed: u32) -> Response {
        let r = self.relations(user);
        let profiles = self.relation_profiles(&r);
        Response::Relation {
            results,
            relations: r,
            profiles,
            changed,
        }
    }

    /// Tells `user`'s sessions (but `except`) that these lists of their relations changed.
    fn push_relations(&self, user: &str, except: Option<SessionId>, what: u32, out: &mut Outcome) {
        if what == 0 || !out.wants(user) {
            return;
        }
        let relations = self.relations(user);
        let profiles = self.relation_profiles(&relations);
        out.push(
            user,
            except,
            PushBody::Relations {
                relations,
                profiles,
                changed: what,
            },
        );
    }

    /// Whether `user` lets others add them at once (`Some(true)`), after confirming
    /// (`Some(false)`), or not at all (`None`): their profile's `allowType`.
    fn admits(&self, user: &str) -> Option<bool> {
        let p = self.profile(user);
        match p
            .texts
            .iter()
            .find(|(k, _)| k == "allowType")
            .map(|(_, v)| v.as_str())
        {
            Some("AllowType_Type_AllowAny") => Some(true),
            Some("AllowType_Type_DenyAny") => None,
            // Tencent's default.
            _ => Some(false),
        }
    }

    /// addFriend from `user` to `to`: friends at once (both ways with `op.both`, or when `to`
    /// had asked first), an application each side keeps, or refused; the result code.
    fn add_friend(
        &mut self,
        user: &str,
        to: &str,
        op: &RelationOp,
        now: u64,
        mine: &mut u32,
        theirs: &mut Vec<(String, u32)>,
    ) -> u32 {
        if to.is_empty() || to == user || friend_pos(&self.relations(user), to).is_some() {
            return code::INVALID;
        }
        if self.blocks(user, to) {
            return code::IN_MY_BLACKLIST;
        }
        if self.blocks(to, user) {
            return code::IN_THEIR_BLACKLIST;
        }
        let Some(at_once) = self.admits(to) else {
            return code::DENIED;
        };
        self.ensure_account(to);
        // A pending application from them is an acceptance: friends at once.
        let asked = self
            .relations(user)
            .applications
            .iter()
            .any(|a| a.user_id == to && a.incoming);
        if at_once || asked {
            let r = self.relations_mut(user);
            befriend(r, to, &op.text, &op.name, &op.source, now);
            drop_applications(r, to);
            *mine |= changed::FRIENDS | bit(asked, changed::APPLICATIONS);
            if op.both || asked {
                let r = self.relations_mut(to);
                befriend(r, user, "", "", &op.source, now);
                let had = drop_applications(r, user);
                theirs.push((
                    to.to_string(),
                    changed::FRIENDS | bit(had, changed::APPLICATIONS),
                ));
            }
            return 0;
        }
        for (who, other, incoming) in [(user, to, false), (to, user, true)] {
            let r = self.relations_mut(who);
            drop_applications(r, other);
            r.applications.push(Application {
                user_id: other.to_string(),
                incoming,
                word: op.word.clone(),
                source: op.source.clone(),
                time: now,
                remark: op.text.clone(),
                group: op.name.clone(),
            });
        }
        *mine |= changed::APPLICATIONS;
        theirs.push((to.to_string(), changed::APPLICATIONS));
        code::PENDING
    }

    pub(super) fn relation(
        &mut self,
        user: &str,
        session: SessionId,
        op: RelationOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let me = Some(session);
        let mut results = Vec::new();
        // The lists that changed: the user's, and each other user's.
        let mut mine = 0;
        let mut theirs: Vec<(String, u32)> = Vec::new();
        let first = op.ids.first().cloned().unwrap_or_default();
        match op.op.as_str() {
            "addFriend" => {
                let code = self.add_friend(user, &first, &op, now, &mut mine, &mut theirs);
                results.push((first, code));
            }
            "checkFriend" => {
                // 0 no relation, 1 the user has them, 2 they have the user, 3 both ways (with
                // `both` false: 0 or 1).
                for id in &op.ids {
                    let mut rel = friend_pos(&self.relations(user), id).is_some() as u32;
                    if op.both && friend_pos(&self.relations(id), user).is_some() {
                        rel |= 2;
                    }
                    results.push((id.clone(), rel));
                }
            }
            // The REST API's friend_import (the administrator's; clients are refused at the
            // wire): friends in the user's list at once, one way, no allowType or blacklist.
            "importFriend" => {
                for id in &op.ids {
                    let r = self.relations_mut(user);
                    let code = if id.is_empty() || id == user || friend_pos(r, id).is_some() {
                        code::INVALID
                    } else {
                        befriend(r, id, &op.text, &op.name, &op.source, now);
                        mine |= changed::FRIENDS;
                        0
                    };
                    results.push((id.clone(), code));
                }
            }
            "deleteFriend" => {
                for id in &op.ids {
                    if unfriend(self.relations_mut(user), id) {
                        mine |= changed::FRIENDS;
                        if op.both && unfriend(self.relations_mut(id), user) {
                            theirs.push((id.clone(), changed::FRIENDS));
                        }
                        results.push((id.clone(), 0));
                    } else {
                        results.push((id.clone(), code::NOT_FRIEND));
                    }
                }
            }
            "updateFriend" => {
                let r = self.relations_mut(user);
                let Some(i) = friend_pos(r, &first) else {
                    return Ok(self.relation_answer(user, vec![(first, code::INVALID)], 0));
                };
                if op.has_text {
                    r.friends[i].1 = op.text.clone();
                }
                if let Some(f) = r.friend_fields.iter_mut().find(|f| f.user_id == first) {
                    for (k, v) in &op.custom {
                        match f.custom.iter_mut().find(|(key, _)| key == k) {
                            Some(slot) => slot.1 = v.clone(),
                            None => f.custom.push((k.clone(), v.clone())),
                        }
                    }
                }
                mine |= changed::FRIENDS;
                results.push((first, 0));
            }
            "acceptFriendApplication" | "refuseFriendApplication" | "deleteFriendApplication" => {
                let accept = op.op == "acceptFriendApplication";
                // deleteFriendApplication names which one (`source`: the application type).
                let incoming = accept
                    || op.op == "refuseFriendApplication"
                    || op.source != "Pendency_Type_SendOut";
                let found = self
                    .relations(user)
                    .applications
                    .iter()
                    .find(|a| a.user_id == first && a.incoming == incoming)
                    .cloned();
                let Some(a) = found else {
                    return Ok(self.relation_answer(user, vec![(first, code::INVALID)], 0));
                };
                let r = self.relations_mut(user);
                r.applications
                    .retain(|x| !(x.user_id == first && x.incoming == incoming));
                mine |= changed::APPLICATIONS;
                // "Agree and add": this user keeps the applicant as a friend too.
                if accept && op.both {
                    befriend(r, &first, &op.text, "", &a.source, now);
                    mine |= changed::FRIENDS;
                }
                if op.op != "deleteFriendApplication" {
                    // The applicant's side: their outgoing application ends; accepted, they get
                    // the friend they asked for, with the remark and group they chose.
                    let r = self.relations_mut(&first);
                    let mut what = bit(drop_applications(r, user), changed::APPLICATIONS);
                    if accept {
                        befriend(r, user, &a.remark, &a.group, &a.source, now);
                        what |= changed::FRIENDS;
                    }
                    theirs.push((first.clone(), what));
                }
                results.push((first, 0));
            }
            "setFriendApplicationRead" => {
                let r = self.relations_mut(user);
                if r.applications_read != now {
                    r.applications_read = now;
                    mine |= changed::APPLICATIONS;
                }
            }
            "createFriendGroup" | "addToFriendGroup" | "removeFromFriendGroup" => {
                let create = op.op == "createFriendGroup";
                let add = op.op != "removeFromFriendGroup";
                let r = self.relations_mut(user);
                let exists = r.friend_groups.iter().any(|(n, _)| *n == op.name);
                if create == exists {
                    return Ok(self.relation_answer(user, vec![(op.name, code::INVALID)], 0));
                }
                if create {
                    r.friend_groups.push((op.name.clone(), Vec::new()));
                }
                let friends: Vec<String> = r.friends.iter().map(|(u, _, _)| u.clone()).collect();
                if let Some((_, members)) = r.friend_groups.iter_mut().find(|(n, _)| *n == op.name)
                {
                    // Only friends can be in a friend group: others are passed over, as the
                    // original's client leaves them out of its request.
                    for id in op.ids.iter().filter(|id| friends.contains(id)) {
                        let is_member = members.contains(id);
                        let code = if add && !is_member {
                            members.push(id.clone());
                            0
                        } else if !add && is_member {
                            members.retain(|m| m != id);
                            0
                        } else {
                            code::INVALID
                        };
                        results.push((id.clone(), code));
                    }
                }
                // The list changed when the group is new or a friend moved in or out.
                mine |= bit(
                    create || results.iter().any(|(_, c)| *c == 0),
                    changed::GROUPS,
                );
            }
            "deleteFriendGroup" => {
                let r = self.relations_mut(user);
                for name in &op.ids {
                    let before = r.friend_groups.len();
                    r.friend_groups.retain(|(n, _)| n != name);
                    let code = if r.friend_groups.len() == before {
                        code::INVALID
                    } else {
                        0
                    };
                    mine |= bit(code == 0, changed::GROUPS);
                    results.push((name.clone(), code));
                }
            }
            "renameFriendGroup" => {
                let r = self.relations_mut(user);
                let taken = r.friend_groups.iter().any(|(n, _)| *n == op.text);
                match r.friend_groups.iter_mut().find(|(n, _)| *n == op.name) {
                    Some((n, _)) if !taken && !op.text.is_empty() => {
                        *n = op.text.clone();
                        mine |= changed::GROUPS;
                        results.push((op.text.clone(), 0));
                    }
                    _ => results.push((op.name.clone(), code::INVALID)),
                }
            }
            _ => return Err(Error::of(crate::core::error::Code::InvalidOperation)),
        }
        self.push_relations(user, me, mine, out);
        for (other, what) in theirs {
            self.push_relations(&other, None, what, out);
        }
        Ok(self.relation_answer(user, results, mine))
    }
}

impl Cloud {
    /// Ends every relation between `user` and `other` but the blacklist: friends both ways,
    /// applications, friend-group membership. Each side whose lists changed is told (`user`'s
    /// sessions but `except`).
    pub(super) fn part(
        &mut self,
        user: &str,
        other: &str,
        except: Option<SessionId>,
        out: &mut Outcome,
    ) {
        for (who, peer, skip) in [(user, other, except), (other, user, None)] {
            let r = self.relations_mut(who);
            let what = bit(unfriend(r, peer), changed::FRIENDS)
                | bit(drop_applications(r, peer), changed::APPLICATIONS);
            self.push_relations(who, skip, what, out);
        }
    }
}

impl Cloud {
    /// A profile change reaches the user's friends: PROFILE_UPDATED, and a new friend list for
    /// those who have the user as a friend too (their list shows the profile).
    pub(super) fn tell_friends(
        &self,
        user: &str,
        p: &crate::core::profile::Profile,
        out: &mut Outcome,
    ) {
        for (f, _, _) in &self.relations(user).friends {
            out.push(f, None, PushBody::ProfileUpdated(p.clone()));
            if friend_pos(&self.relations(f), user).is_some() {
                self.push_relations(f, None, changed::FRIENDS, out);
            }
        }
    }
}
