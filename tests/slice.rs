//! The cloud over slices (the server's storage model) behaves exactly as the cloud over its
//! whole state: random histories run both ways must give the same answers, the same pushes and
//! the same final state; and a request loads what it touches, not the app's history.

mod common;

use common::histories::History;
use common::{every_change, ids};
use tim_wasm::cloud::slice::{self, Keys, Source};
use tim_wasm::cloud::{Cloud, Outcome, Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::error::Error;
use tim_wasm::core::message::Payload;

const APP: f64 = 1400000001.0;

/// Runs one history both ways; panics at the first difference.
fn compare(seed: u64, steps: u64) {
    let mut history = History::new(seed);
    let mut whole = Cloud::new(APP);
    let mut db = Cloud::new(APP);
    for _ in 0..steps {
        let s = history.next();
        let (user, req, session, now, step) = (s.user, s.req.clone(), s.session, s.now, s.n);
        let mut out = Outcome::default();
        let want = whole.handle(user, session, req.clone(), now, &mut out);
        let got = slice::run(&mut db, APP, user, session, req.clone(), now).expect("slice settles");
        assert_eq!(got.result, want, "seed {seed} step {step}: {user} {req:?}");
        assert_eq!(
            got.pushes, out.pushes,
            "seed {seed} step {step}: pushes of {req:?}"
        );
        db.apply(&got.changes);
        assert!(
            db.same_state(&whole),
            "seed {seed} step {step}: state after {req:?}"
        );
        history.learn(&s, &want);
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
            let got = slice::run(&mut db, APP, user, 1, req.clone(), 1_700_000_000 + i as u64)
                .expect("slice settles");
            assert_eq!((got.result, got.pushes), (want, out.pushes), "{req:?}");
            db.apply(&got.changes);
        }
    }
    assert!(db.same_state(&whole));
}

/// An application handled from its notice takes the notice out of the handler's view: the
/// same sliced as whole (the handler's record, the notice and the page after it are loaded).
#[test]
fn an_application_handled_from_its_notice_runs_sliced() {
    use tim_wasm::cloud::members::MemberOp;
    let mut whole = Cloud::new(APP);
    let mut db = Cloud::new(APP);
    let mut step = |user: &str, req: Request, now: u64| {
        let mut out = Outcome::default();
        let want = whole.handle(user, 1, req.clone(), now, &mut out);
        let got = slice::run(&mut db, APP, user, 1, req.clone(), now).expect("slice settles");
        assert_eq!((&got.result, &got.pushes), (&want, &out.pushes), "{req:?}");
        db.apply(&got.changes);
        assert!(db.same_state(&whole), "state after {req:?}");
        want
    };
    let create = Request::CreateGroup {
        group_id: Some("pub".into()),
        name: "Pub".into(),
        kind: "Public".into(),
        members: Vec::new(),
    };
    step("ann", create, 1_700_000_000).unwrap();
    for (i, who) in ["bob", "cat"].into_iter().enumerate() {
        let join = MemberOp {
            op: "joinGroup".into(),
            group_id: "pub".into(),
            ..Default::default()
        };
        step(who, Request::GroupMember(join), 1_700_000_001 + i as u64).unwrap();
    }
    let list = Request::GetMessages {
        conversation_id: "@TIM#SYSTEM".into(),
        before: None,
        count: 15,
    };
    let Ok(Response::Messages { messages, .. }) = step("ann", list.clone(), 1_700_000_010) else {
        panic!("ann's notices")
    };
    assert_eq!(messages.len(), 2);
    let handle = MemberOp {
        op: "handleGroupApplication".into(),
        group_id: "pub".into(),
        user_id: "bob".into(),
        text: "Agree".into(),
        ids: vec![messages[0].id.clone()],
        ..Default::default()
    };
    step("ann", Request::GroupMember(handle), 1_700_000_011).unwrap();
    let Ok(Response::Messages { messages: left, .. }) = step("ann", list, 1_700_000_012) else {
        panic!("ann's notices")
    };
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, messages[1].id);
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
    let send = |to: &str, n: u64, conv_type| Request::SendMessage {
        conv_type,
        to: to.into(),
        payload: Payload::Text {
            text: format!("{n}"),
        },
        cloud_custom_data: String::new(),
        random: n as u32,
        client_time: n,
        flags: 0,
    };
    let run = |db: &mut Cloud, user: &str, req: Request| {
        let mut c = Counting {
            db,
            messages: 0,
            users_all: 0,
        };
        let got = slice::run(&mut c, APP, user, 1, req, 1_700_000_000).expect("settles");
        let (messages, users_all) = (c.messages, c.users_all);
        db.apply(&got.changes);
        (got, messages, users_all)
    };
    run(
        &mut db,
        "ann",
        Request::CreateGroup {
            group_id: Some("big".into()),
            name: "B".into(),
            kind: "Public".into(),
            members: ids(&["bob", "cy"]),
        },
    );
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
    let (got, paged, _) = run(
        &mut db,
        "bob",
        Request::GetMessages {
            conversation_id: "C2Cann".into(),
            before: None,
            count: 15,
        },
    );
    assert!(paged <= 17, "a page of 15 read {paged} messages");
    match got.result {
        Ok(Response::Messages { messages, complete }) => {
            assert_eq!((messages.len(), complete), (15, false))
        }
        other => panic!("{other:?}"),
    }
    // Sync reads every conversation of the user, each with its last message only.
    let (_, synced, all) = run(&mut db, "bob", Request::Sync);
    assert_eq!((synced, all), (2, 1));
}
