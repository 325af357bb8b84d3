//! The wire protocol (docs/PROTOCOL.md): every request, answer and push the cloud makes crosses
//! as JSON and comes back equal; bad frames are errors, never panics; the document's examples
//! are real frames.

mod common;
use common::*;
use tim_wasm::cloud::protocol::Response;
use tim_wasm::cloud::wire::{negotiate, Answered, ClientFrame, ServerFrame, VERSIONS};
use tim_wasm::cloud::CloudLink;
use tim_wasm::cloud::PushBody;

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    v: &T,
) {
    let json = serde_json::to_string(v).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, v, "{json}");
}

#[test]
fn every_request_answer_and_push_crosses_unchanged() {
    let mut w = World::new();
    w.login("alice");
    w.login("bob");
    w.admin_send(
        "bob",
        tim_wasm::core::conversation::ConvType::C2c,
        "alice",
        "hi \"there\" 😀",
    );
    // Reactions to that message first (every_change's are to another user's chat).
    let id = format!("bob-{}-{}", w.now, w.now as u32);
    let reaction = |name: &str, reaction: &str| {
        tim_wasm::cloud::Request::MessageOp(tim_wasm::cloud::message_ops::MessageOp {
            op: name.into(),
            conversation_id: "C2Cbob".into(),
            ids: vec![id.clone()],
            reaction: reaction.into(),
            count: 10,
            ..Default::default()
        })
    };
    let reactions = [
        reaction("addMessageReaction", "x\"😀"),
        reaction("getMessageReactions", ""),
        reaction("getAllUserListOfMessageReaction", "x\"😀"),
    ];
    let (mut answers, mut pushes) = (0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    for (i, request) in reactions.into_iter().chain(every_change()).enumerate() {
        round_trip(&ClientFrame::Call {
            id: i as u64,
            request: request.clone(),
        });
        let (res, out) = w.cloud.request("alice", 1, request, w.now);
        let result = match res {
            Ok(r) => Answered::Ok(r),
            Err(e) => Answered::Err {
                code: e.code,
                message: e.message,
            },
        };
        if let Answered::Ok(r) = &result {
            kinds.insert(
                format!("{r:?}")
                    .split([' ', '(', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        let answer = ServerFrame::Answer {
            id: i as u64,
            result,
        };
        round_trip(&answer);
        reads_back(&answer);
        answers += 1;
        for (seq, p) in out.into_iter().enumerate() {
            kinds.insert(
                format!("push {:?}", p.body)
                    .split([' ', '(', '{'])
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            let push = ServerFrame::Push {
                seq: seq as u64 + 1,
                body: p.body,
            };
            round_trip(&push);
            reads_back(&push);
            pushes += 1;
        }
    }
    // The login snapshot too (conversations with last messages, profiles, groups).
    let (res, _) = w
        .cloud
        .request("alice", 1, tim_wasm::cloud::Request::Sync, w.now);
    let Ok(snapshot @ Response::Snapshot { .. }) = res else {
        panic!()
    };
    round_trip(&Answered::Ok(snapshot.clone()));
    reads_back(&ServerFrame::Answer {
        id: 0,
        result: Answered::Ok(snapshot),
    });
    let count = ServerFrame::Answer {
        id: 1,
        result: Answered::Ok(Response::Count(9_007_199_254_740_991)),
    };
    round_trip(&count);
    reads_back(&count);
    // Read receipts: the sender's answer and push.
    let receipts = ServerFrame::Answer {
        id: 2,
        result: Answered::Ok(Response::Receipts(vec![(
            "m-1-\"2\"".into(),
            3,
            4_000_000_000,
        )])),
    };
    round_trip(&receipts);
    reads_back(&receipts);
    let receipt = ServerFrame::Push {
        seq: 7,
        body: PushBody::Receipt {
            conversation_id: "GROUPg".into(),
            message_id: "m-1-2".into(),
            read: 1,
            unread: 0,
            time: 1_700_000_000,
        },
    };
    round_trip(&receipt);
    reads_back(&receipt);
    assert!(
        answers > 20 && pushes > 5,
        "{answers} answers, {pushes} pushes"
    );
    for kind in ["Reactions", "ReactionUsers", "push Reactions"] {
        assert!(kinds.contains(kind), "{kind} not among {kinds:?}");
    }
    for f in [
        ClientFrame::Hello {
            versions: VERSIONS.to_vec(),
            sdk_app_id: 1400000001,
            user_id: "小明".into(),
            user_sig: "s".into(),
            resume_after: u64::MAX,
            session: 9_007_199_254_740_991,
        },
        ClientFrame::Ack { seq: 9 },
        ClientFrame::Ping { n: 1 },
    ] {
        round_trip(&f);
    }
}

#[test]
fn bad_frames_are_errors_not_panics() {
    for text in [
        "",
        "not json",
        "[]",
        "{}",
        r#"{"t":"Nope"}"#,
        r#"{"t":"Call","id":-1,"request":"Sync"}"#,
        r#"{"t":"Call","id":1}"#,
        r#"{"t":"Call","id":1,"request":{"CreateConvGroup":{"name":5,"ids":[]}}}"#,
        r#"{"t":"Hello","versions":"1","sdk_app_id":1,"user_id":"a","user_sig":"s","resume_after":0}"#,
        r#"{"t":"Ack","seq":1e400}"#,
    ] {
        assert!(serde_json::from_str::<ClientFrame>(text).is_err(), "{text}");
    }
    // Deep nesting is refused by the parser's recursion limit, without overflowing the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(serde_json::from_str::<ClientFrame>(&deep).is_err());
}

#[test]
fn a_client_and_server_without_a_common_version_refuse_clearly() {
    assert_eq!(negotiate(VERSIONS, VERSIONS), Ok(*VERSIONS.last().unwrap()));
    let (code, message) = negotiate(VERSIONS, &[999]).unwrap_err();
    assert_eq!(code, 2988);
    assert!(message.contains("999"));
}

#[test]
fn the_documents_examples_are_real_frames() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROTOCOL.md")).unwrap();
    let (mut client, mut server) = (0, 0);
    for block in doc.split("```json ").skip(1) {
        let (side, rest) = block.split_once('\n').unwrap();
        let text = rest.split("```").next().unwrap().trim();
        match side.trim() {
            "client" => {
                serde_json::from_str::<ClientFrame>(text).unwrap_or_else(|e| panic!("{text}: {e}"));
                client += 1;
            }
            "server" => {
                serde_json::from_str::<ServerFrame>(text).unwrap_or_else(|e| panic!("{text}: {e}"));
                server += 1;
            }
            other => panic!("unlabelled example {other}"),
        }
    }
    assert_eq!((client, server), (4, 9));
}

/// What the page reads (JSON text → `JSON.parse`-like value → `Decode`) equals what the server
/// wrote with serde, for every frame the server sends.
fn reads_back(frame: &ServerFrame) {
    use tim_wasm::cloud::wire_decode::Decode;
    let text = serde_json::to_string(frame).unwrap();
    let back = ServerFrame::decode(&json::parse(&text));
    assert_eq!(back.as_ref(), Some(frame), "{text}");
}

#[test]
fn the_page_reads_every_frame_the_server_writes() {
    use common::histories::History;
    use tim_wasm::cloud::{Cloud, Outcome};
    let mut frames = 0;
    for seed in 1..=64 {
        let mut history = History::new(seed);
        let mut cloud = Cloud::new(1400000001.0);
        for _ in 0..60 {
            let s = history.next();
            let mut out = Outcome::default();
            let res = cloud.handle(s.user, s.session, s.req.clone(), s.now, &mut out);
            let result = match &res {
                Ok(r) => Answered::Ok(r.clone()),
                Err(e) => Answered::Err {
                    code: e.code,
                    message: e.message.clone(),
                },
            };
            reads_back(&ServerFrame::Answer { id: s.n, result });
            for (i, p) in out.pushes.into_iter().enumerate() {
                reads_back(&ServerFrame::Push {
                    seq: i as u64 + 1,
                    body: p.body,
                });
                frames += 1;
            }
            history.learn(&s, &res);
            frames += 1;
        }
    }
    for f in [
        ServerFrame::Welcome {
            version: 1,
            session: 9_007_199_254_740_991,
            push_seq: 3,
            server_time: 1_764_255_600_000,
            backlog: 2,
            resync: true,
            files: "1764342000.ab.cd".into(),
        },
        ServerFrame::Refused {
            code: 70001,
            message: "é \"x\"".into(),
        },
        ServerFrame::Pong { n: 4 },
        ServerFrame::Kicked {
            reason: "REST_API_Kick".into(),
        },
    ] {
        reads_back(&f);
    }
    assert!(frames > 5000, "{frames} frames");
    // Not frames: nothing, never a panic.
    use tim_wasm::cloud::wire_decode::Decode;
    for text in [
        r#"{"t":"Push","seq":1,"body":7}"#,
        r#"{"t":"Answer","id":1,"result":{"Ok":{"Nope":1}}}"#,
        r#"[1,2]"#,
        r#"{"t":"Welcome"}"#,
    ] {
        assert_eq!(ServerFrame::decode(&json::parse(text)), None, "{text}");
    }
    // A push of a kind this build does not know (a fuller server's) is a push all the same: the
    // client counts its sequence number and skips it, and stays connected.
    for body in [r#""Nope""#, r#"{"Nope":{"x":1}}"#] {
        let text = format!(r#"{{"t":"Push","seq":9,"body":{body}}}"#);
        assert_eq!(
            ServerFrame::decode(&json::parse(&text)),
            Some(ServerFrame::Push {
                seq: 9,
                body: PushBody::Unknown
            }),
            "{text}"
        );
    }
}

/// What the server reads (serde_json) equals what the page wrote with its own writer.
fn written_back(frame: &ClientFrame) {
    let text = tim_wasm::cloud::wire_encode::client_frame(frame);
    let back: ClientFrame = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(&back, frame, "{text}");
}

#[test]
fn the_server_reads_every_frame_the_page_writes() {
    use common::histories::History;
    let mut n = 0;
    for (i, request) in every_change().into_iter().enumerate() {
        written_back(&ClientFrame::Call {
            id: i as u64,
            request,
        });
        n += 1;
    }
    for seed in 1..=64 {
        let mut history = History::new(seed);
        for _ in 0..60 {
            let s = history.next();
            written_back(&ClientFrame::Call {
                id: s.n,
                request: s.req.clone(),
            });
            n += 1;
        }
    }
    for request in [
        tim_wasm::cloud::Request::GetMessages {
            conversation_id: "C2C\"q\"".into(),
            before: Some("m-1".into()),
            count: 15,
        },
        tim_wasm::cloud::Request::ModifyMessage {
            conversation_id: "GROUPg".into(),
            message_id: "x".into(),
            cloud_custom_data: None,
            payload: None,
            version: Some(3),
        },
        tim_wasm::cloud::Request::UpdateProfile(tim_wasm::core::profile::ProfileChange::default()),
        tim_wasm::cloud::Request::GetGroupProfile {
            group_id: "@TGS#2".into(),
        },
        tim_wasm::cloud::Request::OnlineCount {
            group_id: "g \"1\"".into(),
        },
    ] {
        written_back(&ClientFrame::Call { id: 1, request });
    }
    for f in [
        ClientFrame::Hello {
            versions: vec![1, 2],
            sdk_app_id: 1400000001,
            user_id: "小明 \"x\"".into(),
            user_sig: "eJw=".into(),
            resume_after: 42,
            session: 9_007_199_254_740_991,
        },
        ClientFrame::Ack { seq: 9 },
        ClientFrame::Ping {
            n: 1_764_255_600_000,
        },
    ] {
        written_back(&f);
    }
    assert!(n > 3000);
}
