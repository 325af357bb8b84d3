//! The client's connection machine (src/client/remote.rs) frame by frame: login, refusal,
//! calls that wait and are re-sent with their IDs, timeouts (2801), reconnects with backoff and
//! failover, a resume's missed pushes as one batch, the network state and kicks.

use tim_wasm::client::remote::{
    Action, NetState, Remote, LOGIN_TIMEOUT_MS, NETWORK_ERROR, NETWORK_TIMEOUT,
};
use tim_wasm::cloud::protocol::{PushBody, Request, Response};
use tim_wasm::cloud::wire::{Answered, ClientFrame, ServerFrame};

fn welcome(push_seq: u64, backlog: u64) -> Option<ServerFrame> {
    Some(ServerFrame::Welcome {
        version: 1,
        session: 77,
        push_seq,
        server_time: 0,
        backlog,
        resync: false,
        files: String::new(),
    })
}

fn push(seq: u64) -> Option<ServerFrame> {
    Some(ServerFrame::Push {
        seq,
        body: PushBody::GroupListChanged,
    })
}

/// The frames sent, as the server reads them.
fn sent(actions: &[Action]) -> Vec<ClientFrame> {
    actions
        .iter()
        .filter_map(|a| {
            if let Action::Send(f) = a {
                Some(serde_json::from_str(f).expect("a frame"))
            } else {
                None
            }
        })
        .collect()
}

fn call_ids(frames: &[ClientFrame]) -> Vec<u64> {
    frames
        .iter()
        .filter_map(|f| {
            if let ClientFrame::Call { id, .. } = f {
                Some(*id)
            } else {
                None
            }
        })
        .collect()
}

/// A machine logged in at t = 0 and at push 5.
fn logged_in() -> Remote {
    let mut r = Remote::new(vec!["ws://a".into(), "ws://b".into()], 77, 1);
    assert_eq!(
        r.login(1400000001, "alice", "sig", 0),
        vec![Action::Open("ws://a".into())]
    );
    let hello = sent(&r.opened(0));
    assert!(
        matches!(
            &hello[..],
            [ClientFrame::Hello {
                resume_after: 0,
                session: 77,
                ..
            }]
        ),
        "{hello:?}"
    );
    assert_eq!(r.frame(welcome(5, 0), 0), vec![Action::LoggedIn]);
    r
}

#[test]
fn a_refused_login_fails_with_the_servers_code() {
    let mut r = Remote::new(vec!["ws://a".into()], 1, 1);
    r.login(1, "alice", "bad", 0);
    r.opened(0);
    let out = r.frame(
        Some(ServerFrame::Refused {
            code: 70009,
            message: "signature".into(),
        }),
        1,
    );
    assert!(
        matches!(&out[..], [Action::Close, Action::LoginFailed(e)] if e.code == 70009),
        "{out:?}"
    );
}

#[test]
fn an_unreachable_server_tries_each_url_then_fails_the_login() {
    let mut r = Remote::new(vec!["ws://a".into(), "ws://b".into()], 1, 1);
    r.login(1, "alice", "sig", 0);
    assert_eq!(r.closed(10), vec![Action::Open("ws://b".into())]);
    let out = r.closed(20);
    assert!(
        matches!(&out[..], [Action::LoginFailed(e)] if e.code == NETWORK_ERROR),
        "{out:?}"
    );
    // A login that never hears back times out at 90 s with 2801.
    let mut r = Remote::new(vec!["ws://a".into()], 1, 1);
    r.login(1, "alice", "sig", 0);
    r.opened(0);
    assert!(r.tick(LOGIN_TIMEOUT_MS - 1).is_empty());
    let out = r.tick(LOGIN_TIMEOUT_MS);
    assert!(
        matches!(&out[..], [Action::Close, Action::LoginFailed(e)] if e.code == NETWORK_TIMEOUT),
        "{out:?}"
    );
}

#[test]
fn calls_in_flight_at_a_drop_are_resent_with_their_ids_after_the_reconnect() {
    let mut r = logged_in();
    let (a, out) = r.call(Request::Sync, 100);
    assert_eq!(call_ids(&sent(&out)), vec![a]);
    // The connection drops: "connecting", and a reconnect after a jittered backoff.
    assert_eq!(r.closed(200), vec![Action::Net(NetState::Connecting)]);
    let (b, out) = r.call(Request::GetJoinedGroups, 300);
    assert!(out.is_empty(), "a call made while disconnected waits");
    let mut opened_at = None;
    for t in (300..40_000).step_by(50) {
        if r.tick(t)
            .iter()
            .any(|a| matches!(a, Action::Open(u) if u == "ws://b"))
        {
            opened_at = Some(t);
            break;
        }
    }
    let t = opened_at.expect("a reconnect to the next URL");
    assert!(
        (450..=800).contains(&t),
        "first backoff 0.25–0.5 s after the drop, got {t}"
    );
    let hello = sent(&r.opened(t));
    assert!(
        matches!(
            &hello[..],
            [ClientFrame::Hello {
                resume_after: 5,
                session: 77,
                ..
            }]
        ),
        "{hello:?}"
    );
    let out = r.frame(welcome(5, 0), t);
    assert_eq!(out[0], Action::Net(NetState::Connected));
    assert_eq!(
        call_ids(&sent(&out)),
        vec![a, b],
        "both calls, in order, with their IDs"
    );
    let out = r.frame(
        Some(ServerFrame::Answer {
            id: a,
            result: Answered::Ok(Response::Done),
        }),
        t,
    );
    assert_eq!(out, vec![Action::Answer(a, Ok(Response::Done))]);
}

#[test]
fn a_call_unanswered_for_15_s_fails_with_2801() {
    let mut r = logged_in();
    let (id, _) = r.call(Request::Sync, 1_000);
    assert!(r
        .tick(15_999)
        .iter()
        .all(|a| !matches!(a, Action::Answer(..))));
    let out = r.tick(16_000);
    assert!(
        out.iter().any(
            |a| matches!(a, Action::Answer(i, Err(e)) if *i == id && e.code == NETWORK_TIMEOUT)
        ),
        "{out:?}"
    );
    // A late answer to it is ignored.
    assert!(r
        .frame(
            Some(ServerFrame::Answer {
                id,
                result: Answered::Ok(Response::Done)
            }),
            17_000
        )
        .is_empty());
}

#[test]
fn a_resume_delivers_the_missed_pushes_as_one_batch_and_nothing_twice() {
    let mut r = logged_in();
    assert_eq!(
        r.frame(push(6), 1),
        vec![Action::Pushes(vec![PushBody::GroupListChanged])]
    );
    assert!(
        r.frame(push(6), 2).is_empty(),
        "a push seen already is dropped"
    );
    r.closed(3);
    let t = (3..40_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    let hello = sent(&r.opened(t));
    assert!(matches!(
        &hello[..],
        [ClientFrame::Hello {
            resume_after: 6,
            ..
        }]
    ));
    assert_eq!(
        r.frame(welcome(9, 3), t),
        vec![Action::Net(NetState::Connected)]
    );
    assert!(r.frame(push(7), t).is_empty());
    assert!(r.frame(push(8), t).is_empty());
    assert_eq!(
        r.frame(push(9), t),
        vec![Action::Pushes(vec![PushBody::GroupListChanged; 3])]
    );
    assert_eq!(
        r.frame(push(10), t),
        vec![Action::Pushes(vec![PushBody::GroupListChanged])]
    );
}

#[test]
fn a_silent_server_is_left_and_pings_keep_a_quiet_line_alive() {
    let mut r = logged_in();
    let out = r.tick(25_000);
    assert!(
        matches!(&sent(&out)[..], [ClientFrame::Ping { .. }]),
        "{out:?}"
    );
    r.frame(Some(ServerFrame::Pong { n: 0 }), 25_001);
    let out = r.tick(25_001 + 71_000);
    assert_eq!(out, vec![Action::Close, Action::Net(NetState::Connecting)]);
}

#[test]
fn a_kick_ends_the_session_and_answers_what_waits() {
    let mut r = logged_in();
    let (id, _) = r.call(Request::Sync, 1);
    let out = r.frame(
        Some(ServerFrame::Kicked {
            reason: "userSigExpired".into(),
        }),
        2,
    );
    assert!(
        matches!(&out[0], Action::Answer(i, Err(e)) if *i == id && e.code == 3004),
        "{out:?}"
    );
    assert_eq!(
        &out[1..],
        &[Action::Close, Action::Kicked("userSigExpired".into())]
    );
    // After it, calls fail at once; nothing reconnects.
    let (_, out) = r.call(Request::Sync, 3);
    assert!(matches!(&out[..], [Action::Answer(_, Err(e))] if e.code == NETWORK_ERROR));
    assert!(r.tick(60_000).is_empty());
}

#[test]
fn a_drop_in_the_middle_of_a_resume_batch_resumes_from_before_it() {
    let mut r = logged_in();
    r.closed(1);
    let t = (1..40_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    r.opened(t);
    r.frame(welcome(9, 4), t);
    assert!(r.frame(push(6), t).is_empty());
    assert!(r.frame(push(7), t).is_empty());
    // Gone before 8 and 9: 6 and 7 were never applied, so the next Hello asks from 5 again.
    r.closed(t + 1);
    let t = (t + 1..t + 40_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    let hello = sent(&r.opened(t));
    assert!(
        matches!(
            &hello[..],
            [ClientFrame::Hello {
                resume_after: 5,
                ..
            }]
        ),
        "{hello:?}"
    );
}

#[test]
fn a_reconnect_that_gets_no_welcome_gives_up_and_tries_again() {
    let mut r = logged_in();
    r.closed(1);
    let t = (1..40_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    r.opened(t);
    // The server took the socket but never answers Hello: after 15 s, close and back off.
    let out = r.tick(t + 15_000);
    assert_eq!(out[0], Action::Close);
    let again =
        (t + 15_000..t + 60_000).find(|x| r.tick(*x).iter().any(|a| matches!(a, Action::Open(_))));
    assert!(again.is_some(), "another attempt follows");
}

#[test]
fn every_url_is_tried_at_each_login() {
    let mut r = Remote::new(vec!["ws://a".into(), "ws://b".into()], 1, 1);
    r.login(1, "alice", "sig", 0);
    assert_eq!(r.closed(1), vec![Action::Open("ws://b".into())]);
    r.opened(2);
    r.frame(welcome(0, 0), 2);
    r.logout(&tim_wasm::core::error::Error::raw(2982, "logout"));
    // The next login starts at b (where it was) and still falls back to a.
    assert_eq!(
        r.login(1, "alice", "sig", 10),
        vec![Action::Open("ws://b".into())]
    );
    assert_eq!(r.closed(11), vec![Action::Open("ws://a".into())]);
    assert!(matches!(&r.closed(12)[..], [Action::LoginFailed(e)] if e.code == NETWORK_ERROR));
}

#[test]
fn a_resume_the_server_cannot_replay_fetches_the_state_afresh() {
    let mut r = logged_in();
    r.frame(push(6), 1);
    r.closed(2);
    let t = (2..40_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    r.opened(t);
    // The pushes after 6 were pruned: no backlog, a resync, and later pushes apply as usual.
    let resync = Some(ServerFrame::Welcome {
        version: 1,
        session: 77,
        push_seq: 900,
        server_time: 0,
        backlog: 0,
        resync: true,
        files: String::new(),
    });
    assert_eq!(
        r.frame(resync, t),
        vec![Action::Net(NetState::Connected), Action::Resync]
    );
    assert_eq!(
        r.frame(push(901), t),
        vec![Action::Pushes(vec![PushBody::GroupListChanged])]
    );
}

#[test]
fn the_servers_clock_offset_comes_with_each_welcome() {
    let mut r = Remote::new(vec!["ws://a".into()], 77, 1);
    r.login(1400000001, "alice", "sig", 1_000);
    r.opened(1_000);
    let welcome = |server_time| {
        Some(ServerFrame::Welcome {
            version: 1,
            session: 77,
            push_seq: 0,
            server_time,
            backlog: 0,
            resync: false,
            files: String::new(),
        })
    };
    // The server's clock is 5 s ahead of ours: getServerTime adds that.
    r.frame(welcome(6_000), 1_000);
    assert_eq!(r.server_offset(), 5_000);
    // After a reconnect, the new node's clock (2 s behind) is the one that counts.
    r.closed(2_000);
    let t = (2_000..60_000)
        .find(|t| r.tick(*t).iter().any(|a| matches!(a, Action::Open(_))))
        .unwrap();
    r.opened(t);
    r.frame(welcome(t - 2_000), t);
    assert_eq!(r.server_offset(), -2_000);
}

#[test]
fn a_request_over_the_frame_limit_is_refused_here_and_never_sent() {
    let mut r = logged_in();
    // A conversation group of many long IDs: a frame over 1 MB.
    let ids: Vec<String> = (0..2000)
        .map(|i| format!("C2C{i}{}", "x".repeat(600)))
        .collect();
    let (id, out) = r.call(
        Request::CreateConvGroup {
            name: "big".into(),
            ids,
        },
        100,
    );
    assert_eq!(sent(&out), vec![]);
    let [Action::Answer(answered, Err(e))] = &out[..] else {
        panic!("{out:?}")
    };
    assert_eq!((*answered, e.code), (id, tim_wasm::cloud::wire::BAD_FRAME));
    // Nothing left to re-send after a reconnect, and the next call goes out as usual.
    let (_, out) = r.call(Request::Sync, 200);
    assert_eq!(call_ids(&sent(&out)).len(), 1);
}

#[test]
fn a_welcome_with_file_signatures_hands_them_over_with_the_servers_url() {
    let mut r = Remote::new(vec!["ws://a".into(), "ws://b".into()], 77, 1);
    r.login(1400000001, "alice", "sig", 1_000);
    r.opened(1_000);
    let welcome = Some(ServerFrame::Welcome {
        version: 1,
        session: 77,
        push_seq: 0,
        server_time: 0,
        backlog: 0,
        resync: false,
        files: "99.ab.cd".into(),
    });
    let actions = r.frame(welcome, 1_000);
    assert_eq!(
        actions.first(),
        Some(&Action::Files("ws://a".into(), "99.ab.cd".into()))
    );
    assert!(actions.contains(&Action::LoggedIn));
}
