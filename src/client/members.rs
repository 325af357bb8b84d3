//! The full build's group-member reads, as the original gives them.

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::json::Json;
use crate::core::value::Value;

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
            let Response::Members { members, profiles } = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut j = Json::new();
            j.open().key("memberList").open_array();
            for ((user, role, joined), p) in members.iter().zip(&profiles) {
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
                    .str("")
                    .key("muteUntil")
                    .num(0)
                    .key("memberCustomField")
                    .open_array()
                    .close_array()
                    .key("isOnline")
                    .bool(false)
                    .close();
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
