//! File messages (full build): createImageMessage / createFileMessage / createAudioMessage /
//! createVideoMessage keep the payload the page made of the file (its URLs empty: the page fills
//! them in from the file's UUID), deliver it as given, show each kind as the original does, and
//! take the payload again once the file is stored (sendMessage's internal third argument); the
//! journal and a snapshot keep it (`World`'s drop replays); a server takes only a JSON object of
//! a known kind.

mod common;

use common::World;
use serde_json::json;
use tim_wasm::client::Output;
use tim_wasm::cloud::wire::check;
use tim_wasm::cloud::Request;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::json::ToJson;
use tim_wasm::core::json_read::parse;
use tim_wasm::core::message::Payload;
use tim_wasm::core::value::{obj, s, Value};

fn create(w: &mut World, i: usize, method: &str, payload: serde_json::Value) -> String {
    let draft = obj(&[
        ("to", s("bob")),
        ("conversationType", s("C2C")),
        ("payload", parse(&payload.to_string())),
    ]);
    let (c, cloud, now) = w.c(i);
    let Some(Ok((Output::Draft(id, json), _))) = c.call(cloud, now, method, &[draft]) else {
        panic!("{method}")
    };
    let m: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        m["payload"], payload,
        "{method}: the draft's payload is the page's"
    );
    id
}

#[test]
fn each_kind_arrives_as_given_and_shows_as_the_original() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    w.tick(1);
    for (method, elem, show, payload) in [
        (
            "createImageMessage",
            "TIMImageElem",
            "[图片]",
            json!({"imageFormat": 3, "uuid": "u1", "imageInfoArray": [
                {"instanceID": 7, "sizeType": 1, "type": 0, "size": 99, "width": 0, "height": 0, "imageUrl": "", "url": ""}
            ]}),
        ),
        (
            "createFileMessage",
            "TIMFileElem",
            "[文件]",
            json!({"downloadFlag": 2, "fileUrl": "", "remoteFileUrl": "", "uuid": "u2", "fileName": "a \"b\".txt", "fileSize": 10}),
        ),
        (
            "createAudioMessage",
            "TIMSoundElem",
            "[语音]",
            json!({"downloadFlag": 2, "second": 3, "size": 5, "url": "", "remoteAudioUrl": "", "uuid": "u3"}),
        ),
        (
            "createVideoMessage",
            "TIMVideoFileElem",
            "[视频]",
            json!({"remoteVideoUrl": "", "videoFormat": "mp4", "videoSecond": 2, "videoUUID": "u4"}),
        ),
    ] {
        let id = create(&mut w, ann, method, payload.clone());
        let sent = w
            .call_json(ann, "sendMessage", obj(&[("ID", s(&id))]))
            .unwrap();
        assert_eq!(sent["message"]["type"], elem);
        assert_eq!(sent["message"]["payload"], payload);
        let theirs = w.history("bob", 9, "C2Cann");
        let got: serde_json::Value =
            serde_json::from_str(&theirs.last().unwrap().to_json()).unwrap();
        assert_eq!([&got["type"], &got["payload"]], [&json!(elem), &payload]);
        let conv = w
            .call_json(bob, "getConversationProfile", s("C2Cann"))
            .unwrap();
        assert_eq!(
            conv["conversation"]["lastMessage"]["messageForShow"], show,
            "{method}"
        );
    }
    // A snapshot keeps them.
    let text = tim_wasm::cloud::snapshot::write(&w.cloud.cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, w.cloud.cloud.sdk_app_id).unwrap();
    assert!(back.same_state(&w.cloud.cloud));
}

#[test]
fn a_file_takes_its_payload_again_once_stored_and_nothing_else_does() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    w.login("bob");
    w.tick(1);
    let id = create(
        &mut w,
        ann,
        "createImageMessage",
        json!({"uuid": "u", "imageInfoArray": [{"width": 0}]}),
    );
    let stored = parse(&json!({"uuid": "u", "imageInfoArray": [{"width": 300}]}).to_string());
    let (c, cloud, now) = w.c(ann);
    let out = c.call(
        cloud,
        now,
        "sendMessage",
        &[obj(&[("ID", s(&id))]), Value::Undefined, stored.clone()],
    );
    assert!(out.is_some());
    w.flush(ann);
    let mine = w.history("ann", 9, "C2Cbob");
    let got: serde_json::Value = serde_json::from_str(&mine.last().unwrap().to_json()).unwrap();
    assert_eq!(got["payload"]["imageInfoArray"][0]["width"], 300);
    // A text message ignores a third argument.
    let (c, cloud, now) = w.c(ann);
    let Some(Ok((Output::Draft(id, _), _))) = c.call(
        cloud,
        now,
        "createTextMessage",
        &[obj(&[
            ("to", s("bob")),
            ("conversationType", s("C2C")),
            ("payload", obj(&[("text", s("hi"))])),
        ])],
    ) else {
        panic!("createTextMessage")
    };
    c.call(
        cloud,
        now,
        "sendMessage",
        &[obj(&[("ID", s(&id))]), Value::Undefined, stored],
    );
    w.flush(ann);
    let mine = w.history("ann", 9, "C2Cbob");
    let got: serde_json::Value = serde_json::from_str(&mine.last().unwrap().to_json()).unwrap();
    assert_eq!(got["payload"], json!({"text": "hi"}));
}

#[test]
fn a_server_takes_a_json_object_of_a_known_kind_only() {
    let send = |kind: u8, body: &str| Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Media {
            kind,
            body: body.into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    assert!(check(&send(0, "{\"uuid\":\"u\"}")).is_ok());
    assert!(check(&send(3, "{}")).is_ok());
    for (kind, bad) in [
        (0, "[]"),
        (1, "{"),
        (2, "\"x\""),
        (0, "{}}"),
        (4, "{}"),
        (0, ""),
    ] {
        assert_eq!(
            check(&send(kind, bad)).map_err(|e| e.0),
            Err(6017),
            "{kind} {bad:?}"
        );
    }
    // Also when sent to online users only.
    let online = Request::SendOnline {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Media {
            kind: 0,
            body: "{".into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
    };
    assert_eq!(check(&online).map_err(|e| e.0), Err(6017));
}
