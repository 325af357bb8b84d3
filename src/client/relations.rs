//! The relationship lists (friends, friend groups, blacklist, friend applications) as the
//! original returns them, read from the cloud.

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::protocol::{Request, Response};
use crate::cloud::relations::Relations;
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::profile::Profile;

impl Client {
    /// `getFriendList` → `Friend[]`, `getFriendGroupList` → `FriendGroup[]`, `getBlacklist` →
    /// user IDs, `getFriendApplicationList` → `{friendApplicationList, unreadCount}`; keys in the
    /// original's order.
    pub(crate) fn relation_list_step(name: &str) -> Step<Output> {
        let name = name.to_string();
        Step::ask(Request::GetRelations, move |_, res| {
            let Response::Relations(r, profiles) = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            Ok((
                Output::Data("json", relation_json(&name, &r, &profiles)),
                Vec::new(),
            ))
        })
    }
}

/// One of the relationship lists as the original gives it (`name`: the method that reads it).
pub(crate) fn relation_json(name: &str, r: &Relations, profiles: &[Profile]) -> String {
    let mut j = Json::new();
    match name {
        "getFriendList" => {
            j.open_array();
            for (i, profile) in profiles.iter().enumerate().take(r.friends.len()) {
                friend(&mut j, r, i, profile);
            }
            j.close_array();
        }
        "getFriendGroupList" => {
            j.open_array();
            for (name, members) in &r.friend_groups {
                friend_group(&mut j, name, members);
            }
            j.close_array();
        }
        "getBlacklist" => {
            j.strs(&r.blacklist);
        }
        _ => {
            j.open().key("friendApplicationList").open_array();
            for a in &r.applications {
                let kind = if a.incoming {
                    "Pendency_Type_ComeIn"
                } else {
                    "Pendency_Type_SendOut"
                };
                #[cfg(feature = "full")]
                let (nick, avatar) = profiles
                    .iter()
                    .skip(r.friends.len())
                    .find(|p| p.user_id == a.user_id)
                    .map_or(("", ""), |p| (p.nick.as_str(), p.avatar.as_str()));
                #[cfg(not(feature = "full"))]
                let (nick, avatar) = ("", "");
                j.open()
                    .key("userID")
                    .str(&a.user_id)
                    .key("nick")
                    .str(nick)
                    .key("avatar")
                    .str(avatar)
                    .key("time")
                    .num(a.time);
                j.key("source")
                    .str(&a.source)
                    .key("wording")
                    .str(&a.word)
                    .key("type")
                    .str(kind)
                    .close();
            }
            #[cfg(feature = "full")]
            let read = r.applications_read;
            #[cfg(not(feature = "full"))]
            let read = 0;
            let unread = r
                .applications
                .iter()
                .filter(|a| a.incoming && a.time > read)
                .count() as u64;
            j.close_array().key("unreadCount").num(unread).close();
        }
    }
    j.finish()
}

/// Friend `i` of `r` as the original's Friend object.
fn friend(j: &mut Json, r: &Relations, i: usize, profile: &Profile) {
    let Some((user, remark, added)) = r.friends.get(i) else {
        return;
    };
    let groups: Vec<String> = r
        .friend_groups
        .iter()
        .filter(|(_, m)| m.contains(user))
        .map(|(n, _)| n.clone())
        .collect();
    j.open()
        .key("userID")
        .str(user)
        .key("remark")
        .str(remark)
        .key("groupList")
        .strs(&groups);
    #[cfg(feature = "full")]
    let (source, custom) = r
        .friend_fields
        .iter()
        .find(|f| f.user_id == *user)
        .map_or(("", &[][..]), |f| (f.source.as_str(), &f.custom[..]));
    #[cfg(not(feature = "full"))]
    let (source, custom): (&str, &[(String, String)]) = ("", &[]);
    j.key("source")
        .str(source)
        .key("addTime")
        .num(*added)
        .key("friendCustomField")
        .open_array();
    for (k, v) in custom {
        j.open().key("key").str(k).key("value").str(v).close();
    }
    j.close_array();
    j.key("timestamp")
        .num(*added * 1000)
        .key("profile")
        .raw(&profile.to_json())
        .close();
}

/// The original's code for a blacklist of the user alone.
#[cfg(feature = "full")]
const CANNOT_ADD_SELF_TO_BLACKLIST: u32 = 2742;

#[cfg(feature = "full")]
impl Client {
    /// `addToBlacklist` / `removeFromBlacklist({userIDList})` → the whole blacklist after the
    /// change, as the original: the user alone cannot be added (2742); among others the user is
    /// left out.
    pub(crate) fn blacklist_step(&self, add: bool, a0: &crate::core::value::Value) -> Step<Output> {
        let me = self.user();
        let ids = super::api::list(a0.get("userIDList"));
        if add && ids.len() == 1 && ids[0] == me {
            return Step::Done(Err(Error::raw(
                CANNOT_ADD_SELF_TO_BLACKLIST,
                "You cannot add yourself to the blacklist",
            )));
        }
        let user_ids = ids.into_iter().filter(|u| !(add && *u == me)).collect();
        Step::ask(Request::Blacklist { add, user_ids }, |_, res| {
            let Response::Blacklist(list) = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            Ok((Output::Data("json", list.to_json()), Vec::new()))
        })
    }
}

/// The events for the lists of `r` that changed (`friends::changed` bits), in the original's
/// order: friends, applications, friend groups.
#[cfg(feature = "full")]
pub(crate) fn relation_events(
    events: &mut crate::core::event::Events,
    r: &Relations,
    profiles: &[Profile],
    changed: u32,
) {
    use crate::cloud::friends::changed as c;
    use crate::core::event::Event;
    for (bit, name, list) in [
        (c::FRIENDS, "onFriendListUpdated", "getFriendList"),
        (
            c::APPLICATIONS,
            "onFriendApplicationListUpdated",
            "getFriendApplicationList",
        ),
        (c::GROUPS, "onFriendGroupListUpdated", "getFriendGroupList"),
    ] {
        if changed & bit != 0 {
            events.push(Event::Json(name, relation_json(list, r, profiles)));
        }
    }
}

/// The original's client codes for the relationship chain.
#[cfg(feature = "full")]
mod codes {
    pub const NOT_MY_FRIEND: u32 = 2700;
    pub const FRIEND_GROUP_EXISTED: u32 = 2710;
    pub const FRIEND_GROUP_NOT_EXIST: u32 = 2711;
    pub const APPLICATION_NOT_EXIST: u32 = 2716;
}

/// The text of a relation result code.
#[cfg(feature = "full")]
fn result_text(code: u32) -> &'static str {
    use crate::cloud::friends::code as c;
    match code {
        codes::NOT_MY_FRIEND => "The user is not a friend",
        c::IN_MY_BLACKLIST => "The user is on your blacklist",
        c::DENIED => "The user accepts no friend requests",
        c::IN_THEIR_BLACKLIST => "You are on the user's blacklist",
        c::PENDING => "The friend request is waiting for the user's confirmation",
        _ => "The request does not apply (already friends, or nothing to change)",
    }
}

/// A friend group as the original gives it: `{name, userIDList, count}`.
fn friend_group(j: &mut Json, name: &str, members: &[String]) {
    j.open()
        .key("name")
        .str(name)
        .key("userIDList")
        .strs(members)
        .key("count")
        .num(members.len() as u64)
        .close();
}

/// `[{<id_key>, code, message}]` for the failed results.
#[cfg(feature = "full")]
fn failures(j: &mut Json, id_key: &str, results: &[(String, u32)]) {
    j.open_array();
    for (id, code) in results.iter().filter(|(_, c)| *c != 0) {
        j.open()
            .key(id_key)
            .str(id)
            .key("code")
            .num(u64::from(*code))
            .key("message")
            .str(result_text(*code))
            .close();
    }
    j.close_array();
}

#[cfg(feature = "full")]
impl Client {
    /// The friend methods of the full build (`None`: not one of them).
    pub(crate) fn friend_step(
        &self,
        name: &str,
        a0: &crate::core::value::Value,
    ) -> Option<Step<Output>> {
        use super::api::list;
        use crate::cloud::friends::RelationOp;
        let text = |k: &str| super::api::text(a0, k);
        let mut op = RelationOp {
            op: name.to_string(),
            ..RelationOp::default()
        };
        match name {
            "getFriendProfile" => {
                let ids = list(a0.get("userIDList"));
                return Some(Step::ask(Request::GetRelations, move |_, res| {
                    let Response::Relations(r, profiles) = res? else {
                        return Err(Error::of(Code::UncaughtError));
                    };
                    let mut j = Json::new();
                    j.open().key("friendList").open_array();
                    let mut missing = Vec::new();
                    for id in &ids {
                        match r.friends.iter().position(|(u, _, _)| u == id) {
                            Some(i) if i < profiles.len() => friend(&mut j, &r, i, &profiles[i]),
                            _ => missing.push((id.clone(), codes::NOT_MY_FRIEND)),
                        }
                    }
                    j.close_array().key("failureUserIDList");
                    failures(&mut j, "userID", &missing);
                    j.close();
                    Ok((Output::Data("json", j.finish()), Vec::new()))
                }));
            }
            "addFriend" => {
                op.ids = vec![text("to")];
                op.source = text("source");
                op.word = text("wording");
                op.text = text("remark");
                op.name = text("groupName");
                op.both = a0.get("type").as_str() != Some("Add_Type_Single");
            }
            "deleteFriend" | "checkFriend" => {
                let mut ids = list(a0.get("userIDList"));
                ids.truncate(1000);
                op.ids = ids;
                let single = ["Delete_Type_Single", "CheckResult_Type_Single"];
                op.both = !a0.get("type").as_str().is_some_and(|t| single.contains(&t));
            }
            "updateFriend" => {
                op.ids = vec![text("userID")];
                op.has_text = a0.get("remark").as_str().is_some();
                op.text = text("remark");
                op.custom = super::api::key_values(a0.get("friendCustomField"));
            }
            "acceptFriendApplication" | "refuseFriendApplication" | "deleteFriendApplication" => {
                op.ids = vec![text("userID")];
                op.text = text("remark");
                op.both = a0.get("type").as_str() != Some("Response_Action_Agree");
                // deleteFriendApplication: which one (an application both ways is two).
                op.source = a0
                    .get("type")
                    .as_str()
                    .filter(|t| *t == "Pendency_Type_SendOut")
                    .unwrap_or("Pendency_Type_ComeIn")
                    .to_string();
            }
            "setFriendApplicationRead" => {}
            "createFriendGroup"
            | "deleteFriendGroup"
            | "addToFriendGroup"
            | "removeFromFriendGroup" => {
                op.name = text("name");
                op.ids = list(a0.get("userIDList"));
                if name == "deleteFriendGroup" {
                    op.ids = vec![op.name.clone()];
                }
            }
            "renameFriendGroup" => {
                op.name = text("oldName");
                op.text = text("newName");
            }
            _ => return None,
        }
        let name = op.op.clone();
        let before_groups = op.name.clone();
        Some(Step::ask(Request::Relation(op), move |_, res| {
            let Response::Relation {
                results,
                relations: r,
                profiles,
                changed,
            } = res?
            else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut events = crate::core::event::Events::default();
            relation_events(&mut events, &r, &profiles, changed);
            let events = events.finish(0, &mut 0);
            let (first, code) = results.first().cloned().unwrap_or_default();
            let reject = |code: u32| Err(Error::raw(code, result_text(code)));
            let group = |j: &mut Json, name: &str| {
                let members = r
                    .friend_groups
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, m)| &m[..])
                    .unwrap_or(&[]);
                friend_group(j, name, members);
            };
            let mut j = Json::new();
            let out = match name.as_str() {
                // Sent (0) or waiting for the other user (30539) resolve; other codes reject.
                "addFriend" => {
                    if code != 0 && code != crate::cloud::friends::code::PENDING {
                        return reject(code);
                    }
                    j.open()
                        .key("userID")
                        .str(&first)
                        .key("code")
                        .num(u64::from(code));
                    if code != 0 {
                        j.key("message").str(result_text(code));
                    }
                    j.close();
                    Output::Data("json", j.finish())
                }
                "deleteFriend" | "checkFriend" => {
                    let check = name == "checkFriend";
                    j.open().key("successUserIDList").open_array();
                    for (id, c) in &results {
                        if check {
                            j.open()
                                .key("userID")
                                .str(id)
                                .key("code")
                                .num(0)
                                .key("relation")
                                .str(crate::cloud::friends::RELATIONS[(*c & 3) as usize])
                                .close();
                        } else if *c == 0 {
                            j.open().key("userID").str(id).close();
                        }
                    }
                    j.close_array().key("failureUserIDList");
                    if check {
                        j.open_array().close_array();
                    } else {
                        failures(&mut j, "userID", &results);
                    }
                    j.close();
                    Output::Data("json", j.finish())
                }
                "updateFriend" => {
                    if code != 0 {
                        return reject(codes::NOT_MY_FRIEND);
                    }
                    match r.friends.iter().position(|(u, _, _)| *u == first) {
                        Some(i) if i < profiles.len() => {
                            friend(&mut j, &r, i, &profiles[i]);
                            Output::Data("json", j.finish())
                        }
                        _ => return reject(codes::NOT_MY_FRIEND),
                    }
                }
                "acceptFriendApplication"
                | "refuseFriendApplication"
                | "setFriendApplicationRead" => {
                    if code != 0 {
                        return reject(codes::APPLICATION_NOT_EXIST);
                    }
                    Output::Undefined
                }
                "deleteFriendApplication" => {
                    if code != 0 {
                        return reject(codes::APPLICATION_NOT_EXIST);
                    }
                    Output::Data("json", "{}".into())
                }
                "createFriendGroup" | "addToFriendGroup" | "removeFromFriendGroup" => {
                    let create = name == "createFriendGroup";
                    if results.iter().any(|(n, c)| *c != 0 && *n == before_groups) {
                        return reject(if create {
                            codes::FRIEND_GROUP_EXISTED
                        } else {
                            codes::FRIEND_GROUP_NOT_EXIST
                        });
                    }
                    j.open().key("friendGroup");
                    group(&mut j, &before_groups);
                    // addToFriendGroup and removeFromFriendGroup name these `to`, as the original.
                    j.key("failureUserIDList");
                    failures(&mut j, if create { "userID" } else { "to" }, &results);
                    j.close();
                    Output::Data("json", j.finish())
                }
                "deleteFriendGroup" => {
                    if code != 0 {
                        return reject(codes::FRIEND_GROUP_NOT_EXIST);
                    }
                    friend_group(&mut j, &first, &[]);
                    Output::Data("json", j.finish())
                }
                _ => {
                    // renameFriendGroup: the group under its new name.
                    if code != 0 {
                        let gone = !r.friend_groups.iter().any(|(n, _)| *n == before_groups);
                        return reject(if gone {
                            codes::FRIEND_GROUP_NOT_EXIST
                        } else {
                            code
                        });
                    }
                    group(&mut j, &first);
                    Output::Data("json", j.finish())
                }
            };
            Ok((out, events))
        }))
    }
}
