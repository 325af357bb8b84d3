//! The relationship lists (friends, friend groups, blacklist, friend applications) as the
//! original returns them, read from the cloud.

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};

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
            let mut j = Json::new();
            match name.as_str() {
                "getFriendList" => {
                    j.open_array();
                    for ((user, remark, added), profile) in r.friends.iter().zip(&profiles) {
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
                        j.key("source")
                            .str("")
                            .key("addTime")
                            .num(*added)
                            .key("friendCustomField")
                            .open_array()
                            .close_array();
                        j.key("timestamp")
                            .num(*added * 1000)
                            .key("profile")
                            .raw(&profile.to_json())
                            .close();
                    }
                    j.close_array();
                }
                "getFriendGroupList" => {
                    j.open_array();
                    for (name, members) in &r.friend_groups {
                        j.open()
                            .key("name")
                            .str(name)
                            .key("userIDList")
                            .strs(members)
                            .key("count")
                            .num(members.len() as u64)
                            .close();
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
                        j.open()
                            .key("userID")
                            .str(&a.user_id)
                            .key("avatar")
                            .str("")
                            .key("nick")
                            .str("")
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
                    let unread = r.applications.iter().filter(|a| a.incoming).count() as u64;
                    j.close_array().key("unreadCount").num(unread).close();
                }
            }
            Ok((Output::Data("json", j.finish()), Vec::new()))
        })
    }
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
        let ids: Vec<String> = a0
            .get("userIDList")
            .as_array()
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
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
