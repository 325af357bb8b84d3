//! The full build's getMessageListHopping: pages of a chat's history from a point, older or
//! newer, as the original gives them — a group's by sequence (`nextMessageSeq`), a one-to-one
//! chat's by time (`nextMessageTime`, messages of one second neither repeated nor skipped) —
//! leaving out what the user cleared or deleted.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::cloud::{CloudLink, Request};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;
use tim_wasm::core::value::{obj, s, Value};

fn hop(w: &mut World, i: usize, conv: &str, fields: &[(&str, f64)]) -> Result<J, u32> {
    let mut o = vec![("conversationID", s(conv))];
    o.extend(fields.iter().map(|(k, v)| (*k, Value::Number(*v))));
    w.call_json(i, "getMessageListHopping", obj(&o))
}

fn texts(page: &J) -> Vec<String> {
    page["messageList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["payload"]["text"].as_str().unwrap_or("(tip)").to_string())
        .collect()
}

/// `from` sends `to` these texts in one second.
fn burst(w: &mut World, from: &str, to: &str, texts: &[&str]) -> u64 {
    w.tick(1);
    for (n, t) in texts.iter().enumerate() {
        let req = Request::SendMessage {
            conv_type: ConvType::C2c,
            to: to.into(),
            payload: Payload::Text {
                text: t.to_string(),
            },
            cloud_custom_data: String::new(),
            random: n as u32 + 1,
            client_time: w.now,
            flags: 0,
        };
        let (res, pushes) = w.cloud.request(from, 0, req, w.now);
        res.unwrap();
        w.route(pushes);
    }
    w.now
}

#[test]
fn a_group_history_pages_by_sequence_both_ways() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    w.admin_create_group("ann", "team", &[]);
    // The group's first sequence is its creation tip's.
    let seqs: Vec<f64> = (1..=12)
        .map(|n| {
            w.send_text(ann, "GROUP", "team", &format!("g{n}"))["sequence"]
                .as_f64()
                .unwrap()
        })
        .collect();
    let seq = |n: usize| seqs[n - 1];
    // Older from g10, three at a time: g8–g10, then g5–g7 …; down to the first.
    let p = hop(
        &mut w,
        ann,
        "GROUPteam",
        &[("sequence", seq(10)), ("count", 3.0)],
    )
    .unwrap();
    assert_eq!(texts(&p), ["g8", "g9", "g10"]);
    assert_eq!(
        (&p["isCompleted"], &p["nextMessageSeq"]),
        (&json!(false), &json!(seq(7) as u64))
    );
    let (mut seen, mut next) = (texts(&p), seq(7));
    loop {
        let p = hop(
            &mut w,
            ann,
            "GROUPteam",
            &[("sequence", next), ("count", 3.0)],
        )
        .unwrap();
        let mut page = texts(&p);
        page.retain(|t| t.starts_with('g'));
        seen.splice(0..0, page);
        if p["isCompleted"] == json!(true) {
            assert_eq!(p["nextMessageSeq"], json!(""));
            break;
        }
        next = p["nextMessageSeq"].as_f64().unwrap();
    }
    let want: Vec<String> = (1..=10).map(|n| format!("g{n}")).collect();
    assert_eq!(seen, want);
    // Without a sequence: from the newest (the tip and the twelve); at most 15.
    let p = hop(&mut w, ann, "GROUPteam", &[("count", 100.0)]).unwrap();
    assert_eq!(p["messageList"].as_array().unwrap().len(), 13);
    assert_eq!(p["isCompleted"], json!(true));

    // Newer from g11: g11 and g12, not complete until a page comes back empty (as the
    // original).
    let p = hop(
        &mut w,
        ann,
        "GROUPteam",
        &[("sequence", seq(11)), ("direction", 1.0)],
    )
    .unwrap();
    assert_eq!(texts(&p), ["g11", "g12"]);
    let after = seq(12) + 1.0;
    assert_eq!(
        (&p["isCompleted"], &p["nextMessageSeq"]),
        (&json!(false), &json!(after as u64))
    );
    let p = hop(
        &mut w,
        ann,
        "GROUPteam",
        &[("sequence", after), ("direction", 1.0)],
    )
    .unwrap();
    assert_eq!((texts(&p).len(), &p["isCompleted"]), (0, &json!(true)));
    // Newer without a sequence: nothing, complete (as the original).
    let p = hop(&mut w, ann, "GROUPteam", &[("direction", 1.0)]).unwrap();
    assert_eq!(
        p,
        json!({"messageList": [], "isCompleted": true, "nextMessageSeq": ""})
    );
    // Not a member: 10007; no such group: 10010.
    let (bob, _) = w.login("bob");
    assert_eq!(hop(&mut w, bob, "GROUPteam", &[]), Err(10007));
    assert_eq!(hop(&mut w, bob, "GROUPnone", &[]), Err(10010));
}

#[test]
fn a_one_to_one_history_pages_by_time_through_messages_of_one_second() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    let (bob, _) = w.login("bob");
    let early = burst(&mut w, "bob", "ann", &["a1", "a2"]);
    let same = burst(&mut w, "bob", "ann", &["b1", "b2", "b3", "b4", "b5"]);
    burst(&mut w, "ann", "bob", &["c1"]);
    // Older from the burst's second, two at a time: the second's messages in order, then on.
    let mut t = same as f64;
    let mut pages = Vec::new();
    loop {
        let p = hop(&mut w, ann, "C2Cbob", &[("time", t), ("count", 2.0)]).unwrap();
        pages.push(texts(&p));
        if p["isCompleted"] == json!(true) {
            assert_eq!(p["nextMessageTime"], json!(""));
            break;
        }
        t = p["nextMessageTime"].as_f64().unwrap();
    }
    assert_eq!(
        pages,
        [
            vec!["b4", "b5"],
            vec!["b2", "b3"],
            vec!["a2", "b1"],
            vec!["a1"]
        ]
    );
    // Newer from the early second: each message once, to the last.
    let (mut t, mut seen) = (early as f64, Vec::new());
    loop {
        let p = hop(
            &mut w,
            ann,
            "C2Cbob",
            &[("time", t), ("direction", 1.0), ("count", 3.0)],
        )
        .unwrap();
        seen.extend(texts(&p));
        if p["isCompleted"] == json!(true) {
            break;
        }
        t = p["nextMessageTime"].as_f64().unwrap();
    }
    assert_eq!(seen, ["a1", "a2", "b1", "b2", "b3", "b4", "b5", "c1"]);
    // The other side sees the same chat.
    let p = hop(&mut w, bob, "C2Cann", &[]).unwrap();
    assert_eq!(texts(&p).len(), 8);
    // A system conversation has no such history: empty and complete.
    let p = hop(&mut w, ann, "@TIM#SYSTEM", &[]).unwrap();
    assert_eq!(
        p,
        json!({"messageList": [], "isCompleted": true, "nextMessageTime": ""})
    );
}

#[test]
fn cleared_and_deleted_messages_are_left_out() {
    let mut w = World::new();
    let (ann, _) = w.login("ann");
    w.admin_create_group("ann", "team", &[]);
    for n in 1..=4 {
        w.send_text(ann, "GROUP", "team", &format!("old{n}"));
    }
    w.call_json(ann, "clearHistoryMessage", s("GROUPteam"))
        .unwrap();
    let kept: Vec<J> = (1..=6)
        .map(|n| w.send_text(ann, "GROUP", "team", &format!("new{n}")))
        .collect();
    let gone = obj(&[
        ("ID", s(kept[2]["ID"].as_str().unwrap())),
        ("conversationID", s("GROUPteam")),
        ("status", s("success")),
    ]);
    w.call_json(ann, "deleteMessage", Value::Array(vec![gone]))
        .unwrap();
    let p = hop(&mut w, ann, "GROUPteam", &[("count", 15.0)]).unwrap();
    assert_eq!(texts(&p), ["new1", "new2", "new4", "new5", "new6"]);
    assert_eq!(p["isCompleted"], json!(true));
    // Newer from the first sequence: the cleared ones are not there either.
    let p = hop(
        &mut w,
        ann,
        "GROUPteam",
        &[("sequence", 1.0), ("direction", 1.0), ("count", 3.0)],
    )
    .unwrap();
    assert_eq!(texts(&p), ["new1", "new2", "new4"]);
}
