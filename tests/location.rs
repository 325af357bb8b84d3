//! createLocationMessage (full build): `{description, longitude, latitude}` sent, stored,
//! delivered and read back with the numbers exactly as given (carried as their JSON text: the
//! wasm links no float formatting); forwarded like any message; a server refuses numbers that
//! are not numbers; the journal and a snapshot keep them (`World`'s drop replays).

mod common;

use common::World;
use serde_json::json;
use tim_wasm::cloud::wire::check;
use tim_wasm::cloud::Request;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::json::ToJson;
use tim_wasm::core::message::{is_json_number, Payload};
use tim_wasm::core::value::{obj, s, Value};

fn location(lon: f64, lat: f64) -> Value {
    obj(&[
        ("description", s("天安门 \"gate\"")),
        ("longitude", Value::Number(lon)),
        ("latitude", Value::Number(lat)),
    ])
}

#[test]
fn a_location_arrives_with_its_numbers_as_given() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    w.tick(1);
    let draft = obj(&[
        ("to", s("bob")),
        ("conversationType", s("C2C")),
        ("payload", location(116.397128, -39.9165e-3)),
    ]);
    let (c, cloud, now) = w.c(ann);
    let Some(Ok((tim_wasm::client::Output::Draft(id, json), _))) =
        c.call(cloud, now, "createLocationMessage", &[draft])
    else {
        panic!("createLocationMessage")
    };
    let m: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(m["type"], "TIMLocationElem");
    let sent = w
        .call_json(ann, "sendMessage", obj(&[("ID", s(&id))]))
        .unwrap();
    let want =
        json!({"description": "天安门 \"gate\"", "longitude": 116.397128, "latitude": -0.0399165});
    assert_eq!(sent["message"]["payload"], want);
    // bob's copy, from the cloud.
    let theirs = w.history("bob", 9, "C2Cann");
    let got: serde_json::Value = serde_json::from_str(&theirs.last().unwrap().to_json()).unwrap();
    assert_eq!(got["payload"], want);
    assert_eq!(got["type"], "TIMLocationElem");
    // The conversation shows it as the original does.
    let conv = w
        .call_json(bob, "getConversationProfile", s("C2Cann"))
        .unwrap();
    assert_eq!(
        conv["conversation"]["lastMessage"]["messageForShow"],
        "[位置]"
    );
    // A snapshot keeps it.
    let text = tim_wasm::cloud::snapshot::write(&w.cloud.cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, w.cloud.cloud.sdk_app_id).unwrap();
    assert!(back.same_state(&w.cloud.cloud));
}

#[test]
fn a_location_is_forwarded_as_itself() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    w.login("bob");
    w.tick(1);
    let original = json!({
        "type": "TIMLocationElem",
        "_elements": [],
        "payload": {"description": "here", "longitude": 1.5, "latitude": 2},
    });
    let p = tim_wasm::core::json_read::parse(&original.to_string());
    let (c, cloud, now) = w.c(ann);
    let Some(Ok((tim_wasm::client::Output::Draft(_, json), _))) = c.call(
        cloud,
        now,
        "createForwardMessage",
        &[obj(&[
            ("to", s("bob")),
            ("conversationType", s("C2C")),
            ("payload", p),
        ])],
    ) else {
        panic!("createForwardMessage")
    };
    let m: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        m["payload"],
        json!({"description": "here", "longitude": 1.5, "latitude": 2})
    );
}

#[test]
fn bad_locations_are_refused() {
    use tim_wasm::core::validate::validate;
    let with = |payload: Value| {
        validate(
            "createLocationMessage",
            &[obj(&[
                ("to", s("bob")),
                ("conversationType", s("C2C")),
                ("payload", payload),
            ])],
        )
        .map_err(|e| e.code)
    };
    assert!(with(location(1.0, 2.0)).is_ok());
    assert_eq!(
        with(obj(&[
            ("description", s("x")),
            ("longitude", s("1")),
            ("latitude", Value::Number(2.0))
        ])),
        Err(6017)
    );
    assert_eq!(
        with(obj(&[
            ("longitude", Value::Number(1.0)),
            ("latitude", Value::Number(2.0))
        ])),
        Err(6017)
    );
    // A server takes a location's numbers only as JSON numbers (they are written as they are).
    let send = |lon: &str| Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Location {
            description: "d".into(),
            longitude: lon.into(),
            latitude: "2".into(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    assert!(check(&send("-12.5e+3")).is_ok());
    for bad in [
        "", "1}", "[1]", "01", "1.", ".5", "+1", "1e", "NaN", "1 ", "\"1\"",
    ] {
        assert!(check(&send(bad)).is_err(), "{bad:?}");
    }
    for good in ["0", "-0", "116.397128", "1e21", "1E-7", "null"] {
        assert!(is_json_number(good), "{good}");
    }
}
