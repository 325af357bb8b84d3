//! Tencent's 12 KB limit on a message: its content (text; custom data, description and
//! extension; an @-list) and `cloudCustomData` together, in UTF-8 bytes. Over it, sendMessage
//! and modifyMessage reject 80002 and nothing is stored, pushed or changed.

mod common;

use common::{names, World};
use tim_wasm::client::Output;
use tim_wasm::core::value::{obj, s, Value};

const LIMIT: usize = 12 * 1024;

/// Creates a message of `kind` with `payload` (and custom data) on session `i` and sends it:
/// the sent message's ID, or the code.
fn send(w: &mut World, i: usize, kind: &str, payload: Value, custom: &str) -> Result<String, u32> {
    let create = match kind {
        "custom" => "createCustomMessage",
        _ => "createTextMessage",
    };
    let draft = obj(&[
        ("to", s("bob")),
        ("conversationType", s("C2C")),
        ("payload", payload),
        ("cloudCustomData", s(custom)),
    ]);
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    let Some(Ok((Output::Draft(id, _), _))) = c.call(cloud, now, create, &[draft]) else {
        panic!("{create}")
    };
    w.call_json(i, "sendMessage", obj(&[("ID", s(&id))]))
        .map(|_| id)
}

#[test]
fn a_message_of_12_kb_is_sent_one_byte_more_is_refused_80002_and_nothing_is_kept() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    // Exactly 12 KB: text and custom data together.
    let fits = send(
        &mut w,
        alice,
        "text",
        obj(&[("text", s(&"a".repeat(LIMIT - 10)))]),
        &"c".repeat(10),
    );
    assert!(fits.is_ok(), "{fits:?}");
    w.take_pushed(bob);

    // One byte more, three ways: the text, the custom data, a multi-byte character.
    let over = [
        send(
            &mut w,
            alice,
            "text",
            obj(&[("text", s(&"a".repeat(LIMIT + 1)))]),
            "",
        ),
        send(
            &mut w,
            alice,
            "text",
            obj(&[("text", s("hi"))]),
            &"c".repeat(LIMIT - 1),
        ),
        // 4096 characters of three bytes each are 12 KB; one more ASCII byte passes it.
        send(
            &mut w,
            alice,
            "text",
            obj(&[("text", s(&format!("{}!", "会".repeat(LIMIT / 3))))]),
            "",
        ),
        send(
            &mut w,
            alice,
            "custom",
            obj(&[
                ("data", s(&"d".repeat(LIMIT / 2))),
                ("description", s(&"e".repeat(LIMIT / 2))),
                ("extension", s("x")),
            ]),
            "",
        ),
    ];
    assert_eq!(over.map(|r| r.err()), [Some(80002); 4]);
    // Nothing stored or pushed: the history holds the first message alone, bob heard nothing.
    let messages = w.history("alice", 50, "C2Cbob");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].cloud_custom_data, "c".repeat(10));
    w.flush(bob);
    assert_eq!(names(&w.take_pushed(bob)), Vec::<&str>::new());
}

#[test]
fn modify_message_cannot_grow_a_message_past_12_kb() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    let id = send(&mut w, alice, "text", obj(&[("text", s("short"))]), "").unwrap();
    w.take_pushed(bob);
    let edit = |text: &str, custom: &str| {
        obj(&[
            ("ID", s(&id)),
            ("conversationID", s("C2Cbob")),
            ("type", s("TIMTextElem")),
            ("payload", obj(&[("text", s(text))])),
            ("cloudCustomData", s(custom)),
        ])
    };
    assert_eq!(
        w.call_json(alice, "modifyMessage", edit("short", &"c".repeat(LIMIT))),
        Err(80002)
    );
    w.flush(bob);
    assert_eq!(names(&w.take_pushed(bob)), Vec::<&str>::new());
    // The message is as it was; an edit within the limit goes through.
    let ok = w
        .call_json(
            alice,
            "modifyMessage",
            edit("longer", &"c".repeat(LIMIT - 6)),
        )
        .unwrap();
    assert_eq!(ok["message"]["payload"]["text"], "longer");
    assert_eq!(ok["message"]["version"], 1);
}
