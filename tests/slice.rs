//! The cloud over slices (the server's storage model) behaves exactly as the cloud over its
//! whole state: random histories run both ways must give the same answers, the same pushes and
//! the same final state; and a request loads what it touches, not the app's history.

mod common;

use common::rng::Rng;
use common::{every_change, ids};
use tim_wasm::cloud::slice::{self, Keys, Source};
use tim_wasm::cloud::{Cloud, Outcome, Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::error::Error;
use tim_wasm::core::message::Payload;

const APP: f64 = 1400000001.0;

const USERS: [&str; 4] = ["ann", "bob", "cy", "dee"];

/// What the history has made so far: group IDs and message IDs to refer to.
#[derive(Default)]
struct Seen {
    groups: Vec<String>,
    messages: Vec<(String, String, String)>, // (user, conversation, message ID)
}

fn conv_id(r: &mut Rng, seen: &Seen) -> String {
    if !seen.groups.is_empty() && r.below(3) == 0 {
        format!("GROUP{}", r.pick(&seen.groups))
    } else {
        format!("C2C{}", r.pick(&USERS))
    }
}

fn request(r: &mut Rng, user: &str, seen: &Seen, step: u64) -> Request {
    let text = |r: &mut Rng| Payload::Text { text: format!("m{}", r.below(1000)) };
    let group = |r: &mut Rng| if seen.groups.is_empty() || r.below(5) == 0 { "nope".to_string() } else { r.pick(&seen.groups).clone() };
    let names = ["work", "home", "x"];
    match r.below(22) {
        0..=4 => {
            let (conv_type, to) = if !seen.groups.is_empty() && r.below(2) == 0 { (ConvType::Group, group(r)) } else { (ConvType::C2c, r.pick(&USERS).to_string()) };
            let payload = if conv_type == ConvType::Group && r.below(3) == 0 {
                Payload::TextAt { text: "@".into(), at_user_list: vec![r.pick(&USERS).to_string(), "__kImSDK_MesssageAtALL__".into()][..1 + r.below(2)].to_vec() }
            } else {
                text(r)
            };
            let (random, client_time) = (r.below(1 << 30) as u32, 1_700_000_000 + step);
            if r.below(8) == 0 {
                Request::SendOnline { conv_type, to, payload, cloud_custom_data: String::new(), random, client_time }
            } else {
                Request::SendMessage { conv_type, to, payload, cloud_custom_data: String::new(), random, client_time }
            }
        }
        5 => Request::SetRead { conversation_id: conv_id(r, seen) },
        6 => Request::SetAllRead { c2c: r.below(2) == 0, group: r.below(2) == 0 },
        7 => Request::DeleteConversations { ids: vec![conv_id(r, seen)], clear_history: r.below(2) == 0 },
        8 => {
            use tim_wasm::cloud::ConvChange::*;
            let change = match r.below(4) {
                0 => Pin(r.below(3) != 0),
                1 => Mark(1 << r.below(3), r.below(2) == 0),
                2 => CustomData(format!("d{}", r.below(9))),
                _ => Remind("AcceptNotNotify".into()),
            };
            Request::UpdateConvs { ids: vec![conv_id(r, seen), conv_id(r, seen)], change }
        }
        9 => Request::ClearHistory { conversation_id: conv_id(r, seen) },
        10 => Request::CreateConvGroup { name: r.pick(&names).to_string(), ids: vec![conv_id(r, seen)] },
        11 => Request::DeleteConvGroup { name: r.pick(&names).to_string() },
        12 => Request::RenameConvGroup { old: r.pick(&names).to_string(), new: r.pick(&names).to_string() },
        13 => Request::UpdateConvGroup { name: r.pick(&names).to_string(), add: r.below(2) == 0, ids: vec![conv_id(r, seen)] },
        14 => {
            let group_id = match r.below(3) {
                0 => None,
                1 => Some(format!("g{}", r.below(3))),
                _ => Some(String::new()),
            };
            let members = USERS.iter().filter(|_| r.below(2) == 0).map(|u| u.to_string()).collect();
            Request::CreateGroup { group_id, name: "G".into(), kind: r.pick(&["Public", "Private", "Work"]).to_string(), members }
        }
        15 => Request::JoinGroup { group_id: group(r) },
        16 => Request::QuitGroup { group_id: group(r) },
        17 if r.below(3) == 0 => Request::DismissGroup { group_id: group(r) },
        18 => match seen.messages.iter().filter(|(u, _, _)| u == user).collect::<Vec<_>>() {
            mine if !mine.is_empty() => {
                let (_, conv, id) = r.pick(&mine);
                Request::ModifyMessage { conversation_id: conv.clone(), message_id: id.clone(), cloud_custom_data: Some("c".into()), payload: None }
            }
            _ => Request::GetJoinedGroups,
        },
        19 => {
            let before = seen.messages.iter().filter(|(u, _, _)| u == user).last().map(|(_, _, id)| id.clone()).filter(|_| r.below(2) == 0);
            Request::GetMessages { conversation_id: conv_id(r, seen), before, count: 1 + r.below(4) }
        }
        20 => Request::UpdateProfile(tim_wasm::core::profile::ProfileChange { nick: Some(format!("n{}", r.below(5))), ..Default::default() }),
        _ => match r.below(4) {
            0 => Request::Sync,
            1 => Request::GetJoinedGroups,
            2 => Request::GetRelations,
            _ => Request::GetProfiles { user_ids: ids(&["bob", "zed"]) },
        },
    }
}

fn learn(seen: &mut Seen, user: &str, req: &Request, res: &Result<Response, Error>) {
    match (req, res) {
        (_, Ok(Response::Group(g))) if matches!(req, Request::CreateGroup { .. }) => seen.groups.push(g.group_id.clone()),
        (_, Ok(Response::Sent { message, .. })) => seen.messages.push((user.to_string(), message.conversation_id.clone(), message.id.clone())),
        _ => {}
    }
}

/// Runs one history both ways; panics at the first difference.
fn compare(seed: u64, steps: u64) {
    let mut r = Rng::seeded(seed);
    let mut whole = Cloud::new(APP);
    let mut db = Cloud::new(APP);
    let mut seen = Seen::default();
    for step in 0..steps {
        let user = *r.pick(&USERS);
        let req = request(&mut r, user, &seen, step);
        let session = 1 + r.below(3) as u64;
        let now = 1_700_000_000 + step * 7;
        let mut out = Outcome::default();
        let want = whole.handle(user, session, req.clone(), now, &mut out);
        let got = slice::run(&mut db, APP, user, session, req.clone(), now).expect("slice settles");
        assert_eq!(got.result, want, "seed {seed} step {step}: {user} {req:?}");
        assert_eq!(got.pushes, out.pushes, "seed {seed} step {step}: pushes of {req:?}");
        db.apply(&got.changes);
        assert!(db.same_state(&whole), "seed {seed} step {step}: state after {req:?}");
        learn(&mut seen, user, &req, &want);
    }
}

#[test]
fn sliced_runs_equal_whole_runs_on_random_histories() {
    for seed in 1..=256 {
        compare(seed, 80);
    }
}

#[test]
fn every_kind_of_change_runs_sliced() {
    let mut whole = Cloud::new(APP);
    let mut db = Cloud::new(APP);
    for (i, req) in every_change().into_iter().enumerate() {
        for user in ["ann", "bob"] {
            let mut out = Outcome::default();
            let want = whole.handle(user, 1, req.clone(), 1_700_000_000 + i as u64, &mut out);
            let got = slice::run(&mut db, APP, user, 1, req.clone(), 1_700_000_000 + i as u64).expect("slice settles");
            assert_eq!((got.result, got.pushes), (want, out.pushes), "{req:?}");
            db.apply(&got.changes);
        }
    }
    assert!(db.same_state(&whole));
}

/// Counts the messages a request loads.
struct Counting<'a> {
    db: &'a mut Cloud,
    messages: usize,
    users_all: usize,
}

impl Source for Counting<'_> {
    fn counter(&mut self) -> Result<u64, Error> {
        self.db.counter()
    }
    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error> {
        let before = slice.message_count();
        self.users_all += keys.all_convs.len();
        self.db.load(keys, slice)?;
        self.messages += slice.message_count() - before;
        Ok(())
    }
}

#[test]
fn a_request_loads_what_it_touches_not_the_history() {
    let mut db = Cloud::new(APP);
    let send = |to: &str, n: u64, conv_type| Request::SendMessage { conv_type, to: to.into(), payload: Payload::Text { text: format!("{n}") }, cloud_custom_data: String::new(), random: n as u32, client_time: n };
    let run = |db: &mut Cloud, user: &str, req: Request| {
        let mut c = Counting { db, messages: 0, users_all: 0 };
        let got = slice::run(&mut c, APP, user, 1, req, 1_700_000_000).expect("settles");
        let (messages, users_all) = (c.messages, c.users_all);
        db.apply(&got.changes);
        (got, messages, users_all)
    };
    run(&mut db, "ann", Request::CreateGroup { group_id: Some("big".into()), name: "B".into(), kind: "Public".into(), members: ids(&["bob", "cy"]) });
    for n in 0..300 {
        run(&mut db, "ann", send("bob", n, ConvType::C2c));
        run(&mut db, "bob", send("big", n, ConvType::Group));
    }
    // One more message each way: the thread's last message is all the history it reads.
    let (_, c2c, all) = run(&mut db, "ann", send("bob", 1000, ConvType::C2c));
    assert_eq!((c2c, all), (1, 0));
    let (_, group, all) = run(&mut db, "cy", send("big", 1000, ConvType::Group));
    assert_eq!((group, all), (1, 0));
    // A page of history reads that page (and one more, to know whether it is the last).
    let (got, paged, _) = run(&mut db, "bob", Request::GetMessages { conversation_id: "C2Cann".into(), before: None, count: 15 });
    assert!(paged <= 17, "a page of 15 read {paged} messages");
    match got.result {
        Ok(Response::Messages { messages, complete }) => assert_eq!((messages.len(), complete), (15, false)),
        other => panic!("{other:?}"),
    }
    // Sync reads every conversation of the user, each with its last message only.
    let (_, synced, all) = run(&mut db, "bob", Request::Sync);
    assert_eq!((synced, all), (2, 1));
}
