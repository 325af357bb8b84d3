//! Random request histories over a few users, groups and messages: the workload the sliced
//! cloud and every storage backend are checked against (a whole cloud answers the same).

#![allow(dead_code)]

use super::rng::Rng;
use tim_wasm::cloud::{Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::error::Error;
use tim_wasm::core::message::Payload;

pub const USERS: [&str; 4] = ["ann", "bob", "cy", "dee"];

/// What the history has made so far: group IDs and message IDs to refer to.
#[derive(Default)]
pub struct Seen {
    pub groups: Vec<String>,
    pub messages: Vec<(String, String, String)>, // (user, conversation, message ID)
}

fn conv_id(r: &mut Rng, seen: &Seen) -> String {
    if !seen.groups.is_empty() && r.below(3) == 0 {
        format!("GROUP{}", r.pick(&seen.groups))
    } else {
        format!("C2C{}", r.pick(&USERS))
    }
}

pub fn request(r: &mut Rng, user: &str, seen: &Seen, step: u64) -> Request {
    let text = |r: &mut Rng| Payload::Text {
        text: format!("m{}", r.below(1000)),
    };
    let group = |r: &mut Rng| {
        if seen.groups.is_empty() || r.below(5) == 0 {
            "nope".to_string()
        } else {
            r.pick(&seen.groups).clone()
        }
    };
    let names = ["work", "home", "x"];
    match r.below(23) {
        0..=4 => {
            let (conv_type, to) = if !seen.groups.is_empty() && r.below(2) == 0 {
                (ConvType::Group, group(r))
            } else {
                (ConvType::C2c, r.pick(&USERS).to_string())
            };
            let payload = if conv_type == ConvType::Group && r.below(3) == 0 {
                Payload::TextAt {
                    text: "@".into(),
                    at_user_list: vec![
                        r.pick(&USERS).to_string(),
                        "__kImSDK_MesssageAtALL__".into(),
                    ][..1 + r.below(2)]
                        .to_vec(),
                }
            } else {
                text(r)
            };
            let (random, client_time) = (r.below(1 << 30) as u32, 1_700_000_000 + step);
            let send = Request::SendMessage {
                conv_type,
                to,
                payload,
                cloud_custom_data: String::new(),
                random,
                client_time,
                flags: 0,
            };
            if r.below(8) == 0 {
                online(send)
            } else {
                send
            }
        }
        5 => Request::SetRead {
            conversation_id: conv_id(r, seen),
        },
        6 => Request::SetAllRead {
            c2c: r.below(2) == 0,
            group: r.below(2) == 0,
        },
        7 => Request::DeleteConversations {
            ids: vec![conv_id(r, seen)],
            clear_history: r.below(2) == 0,
        },
        8 => {
            use tim_wasm::cloud::ConvChange::*;
            let change = match r.below(4) {
                0 => Pin(r.below(3) != 0),
                1 => Mark(1 << r.below(3), r.below(2) == 0),
                2 => CustomData(format!("d{}", r.below(9))),
                _ => Remind("AcceptNotNotify".into()),
            };
            Request::UpdateConvs {
                ids: vec![conv_id(r, seen), conv_id(r, seen)],
                change,
            }
        }
        9 => Request::ClearHistory {
            conversation_id: conv_id(r, seen),
        },
        10 => Request::CreateConvGroup {
            name: r.pick(&names).to_string(),
            ids: vec![conv_id(r, seen)],
        },
        11 => Request::DeleteConvGroup {
            name: r.pick(&names).to_string(),
        },
        12 => Request::RenameConvGroup {
            old: r.pick(&names).to_string(),
            new: r.pick(&names).to_string(),
        },
        13 => Request::UpdateConvGroup {
            name: r.pick(&names).to_string(),
            add: r.below(2) == 0,
            ids: vec![conv_id(r, seen)],
        },
        14 => {
            let group_id = match r.below(3) {
                0 => None,
                1 => Some(format!("g{}", r.below(3))),
                _ => Some(String::new()),
            };
            let members = USERS
                .iter()
                .filter(|_| r.below(2) == 0)
                .map(|u| u.to_string())
                .collect();
            Request::CreateGroup {
                group_id,
                name: "G".into(),
                kind: r.pick(&["Public", "Private", "Work"]).to_string(),
                members,
            }
        }
        15 => Request::JoinGroup {
            group_id: group(r),
            by_admin: r.below(4) == 0,
        },
        16 => Request::QuitGroup { group_id: group(r) },
        17 if r.below(3) == 0 => Request::DismissGroup { group_id: group(r) },
        18 => match seen
            .messages
            .iter()
            .filter(|(u, _, _)| u == user)
            .collect::<Vec<_>>()
        {
            mine if !mine.is_empty() => {
                let (_, conv, id) = r.pick(&mine);
                Request::ModifyMessage {
                    conversation_id: conv.clone(),
                    message_id: id.clone(),
                    cloud_custom_data: Some("c".into()),
                    payload: None,
                    version: None,
                }
            }
            _ => Request::GetJoinedGroups,
        },
        19 => {
            let before = seen
                .messages
                .iter()
                .rfind(|(u, _, _)| u == user)
                .map(|(_, _, id)| id.clone())
                .filter(|_| r.below(2) == 0);
            Request::GetMessages {
                conversation_id: conv_id(r, seen),
                before,
                count: 1 + r.below(4),
            }
        }
        // A history page from a point, either way; sometimes past a message seen (a cursor).
        21 => {
            let conv = conv_id(r, seen);
            let anchor = if conv.starts_with("GROUP") {
                r.below(8) as u64
            } else {
                [0, 1_700_000_000 + 7 * r.below(step as usize + 1) as u64][r.below(2)]
            };
            let cursor = seen
                .messages
                .iter()
                .rfind(|(_, c, _)| *c == conv)
                .map(|(_, _, id)| id.clone())
                .filter(|_| r.below(2) == 0);
            Request::MessageOp(tim_wasm::cloud::message_ops::MessageOp {
                op: "getMessageListHopping".into(),
                conversation_id: conv,
                ids: cursor.into_iter().collect(),
                count: r.below(5) as u64,
                next: anchor,
                newer: r.below(2) == 0,
                ..Default::default()
            })
        }
        20 => Request::UpdateProfile(tim_wasm::core::profile::ProfileChange {
            nick: Some(format!("n{}", r.below(5))),
            ..Default::default()
        }),
        _ => match r.below(4) {
            0 => Request::Sync,
            1 => Request::GetJoinedGroups,
            2 => Request::GetRelations,
            _ => Request::GetProfiles {
                user_ids: vec!["bob".to_string(), "zed".to_string()],
            },
        },
    }
}

pub fn learn(seen: &mut Seen, user: &str, req: &Request, res: &Result<Response, Error>) {
    match (req, res) {
        (_, Ok(Response::Group(g))) if matches!(req, Request::CreateGroup { .. }) => {
            seen.groups.push(g.group_id.clone())
        }
        (_, Ok(Response::Sent { message, .. })) => seen.messages.push((
            user.to_string(),
            message.conversation_id.clone(),
            message.id.clone(),
        )),
        _ => {}
    }
}

/// The online-only form of a send.
fn online(send: Request) -> Request {
    match send {
        Request::SendMessage {
            conv_type,
            to,
            payload,
            cloud_custom_data,
            random,
            client_time,
            ..
        } => Request::SendOnline {
            conv_type,
            to,
            payload,
            cloud_custom_data,
            random,
            client_time,
        },
        other => other,
    }
}

/// One step of a history: who asks what, from which session, when.
pub struct Step {
    pub user: &'static str,
    pub req: Request,
    pub session: u64,
    pub now: u64,
    pub n: u64,
}

/// A seeded history: `next` makes the next step, `learn` feeds back what it answered.
pub struct History {
    r: Rng,
    seen: Seen,
    n: u64,
}

impl History {
    pub fn new(seed: u64) -> History {
        History {
            r: Rng::seeded(seed),
            seen: Seen::default(),
            n: 0,
        }
    }

    pub fn next(&mut self) -> Step {
        let n = self.n;
        self.n += 1;
        let user = *self.r.pick(&USERS);
        let req = request(&mut self.r, user, &self.seen, n);
        let session = 1 + self.r.below(3) as u64;
        Step {
            user,
            req,
            session,
            now: 1_700_000_000 + n * 7,
            n,
        }
    }

    pub fn learn(&mut self, step: &Step, res: &Result<Response, Error>) {
        learn(&mut self.seen, step.user, &step.req, res);
    }
}
