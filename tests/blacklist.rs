//! The blacklist (the full build's addToBlacklist / removeFromBlacklist): results as the
//! original's, BLACKLIST_UPDATED on the user's other devices, and a blocked sender's C2C messages
//! refused with 20007. The world's journal replays to the same cloud at the end (`Drop`).

mod common;

use common::{ids, names, World};
use tim_wasm::client::Output;
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

fn list(users: &[&str]) -> Value {
    obj(&[(
        "userIDList",
        Value::Array(users.iter().map(|u| s(u)).collect()),
    )])
}

/// Calls `name` on session `i` and routes its pushes; the answer.
fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<Output, u32> {
    let (c, cloud, now) = w.c(i);
    let res = c.call(cloud, now, name, &[arg]).expect("built");
    w.flush(i);
    res.map(|(out, _)| out).map_err(|e| e.code)
}

fn json(text: &str) -> Result<Output, u32> {
    Ok(Output::Data("json", text.into()))
}

fn send(w: &mut World, i: usize, to: &str) -> Result<(), u32> {
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    let msg = obj(&[
        ("to", s(to)),
        ("conversationType", s("C2C")),
        ("payload", obj(&[("text", s("hi"))])),
    ]);
    let Some(Ok((Output::Draft(id, _), _))) = c.call(cloud, now, "createTextMessage", &[msg])
    else {
        panic!("createTextMessage")
    };
    let sent = obj(&[("ID", s(&id))]);
    let res = c.call(cloud, now, "sendMessage", &[sent]).expect("built");
    w.flush(i);
    res.map(|_| ()).map_err(|e| e.code)
}

#[test]
fn a_blacklist_change_answers_the_whole_list_and_reaches_the_other_devices() {
    let mut w = World::new();
    let (a1, _) = w.login("alice");
    let (a2, _) = w.login("alice");
    let (b, _) = w.login("bob");
    // The user among others is left out; a repeat and an empty ID are skipped.
    assert_eq!(
        call(
            &mut w,
            a1,
            "addToBlacklist",
            list(&["bob", "alice", "bob", "", "carol"])
        ),
        json(r#"["bob","carol"]"#)
    );
    assert!(
        w.take_pushed(a1).is_empty(),
        "the caller learns from its answer"
    );
    assert_eq!(
        w.take_pushed(a2),
        vec![Event::BlacklistUpdated(ids(&["bob", "carol"]))]
    );
    assert!(w.take_pushed(b).is_empty(), "the blocked user is not told");
    assert_eq!(
        call(&mut w, a2, "getBlacklist", Value::Undefined),
        json(r#"["bob","carol"]"#)
    );

    // Nothing changes: no push.
    assert_eq!(
        call(&mut w, a1, "addToBlacklist", list(&["carol"])),
        json(r#"["bob","carol"]"#)
    );
    assert_eq!(
        call(&mut w, a1, "removeFromBlacklist", list(&["dave"])),
        json(r#"["bob","carol"]"#)
    );
    assert!(w.take_pushed(a2).is_empty());

    assert_eq!(
        call(&mut w, a2, "removeFromBlacklist", list(&["bob"])),
        json(r#"["carol"]"#)
    );
    assert_eq!(
        names(&w.take_pushed(a1)),
        vec!["blacklistUpdated"],
        "the other device"
    );
}

#[test]
fn the_user_alone_cannot_be_blacklisted() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let before = w.cloud.seen;
    assert_eq!(
        call(&mut w, a, "addToBlacklist", list(&["alice"])),
        Err(2742)
    );
    assert_eq!(w.cloud.seen, before, "nothing was asked of the cloud");
    // Removing the user (never on the list) is no error.
    assert_eq!(
        call(&mut w, a, "removeFromBlacklist", list(&["alice"])),
        json("[]")
    );
}

#[test]
fn a_blocked_sender_cannot_reach_the_user_but_the_user_can_reach_them() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    assert!(call(&mut w, a, "addToBlacklist", list(&["bob"])).is_ok());
    w.take_pushed(a);
    assert_eq!(send(&mut w, b, "alice"), Err(20007));
    assert!(
        w.take_pushed(a).is_empty(),
        "nothing reached alice: no message, no conversation"
    );
    assert!(w.clients[a].store.get("C2Cbob").is_none());
    // The other way is open (Tencent's rule: only the one blacklisted is refused).
    assert_eq!(send(&mut w, a, "bob"), Ok(()));
    assert!(names(&w.take_pushed(b)).contains(&"onMessageReceived"));
    // Taken off the list, bob reaches alice again.
    assert!(call(&mut w, a, "removeFromBlacklist", list(&["bob"])).is_ok());
    assert_eq!(send(&mut w, b, "alice"), Ok(()));
    assert!(names(&w.take_pushed(a)).contains(&"onMessageReceived"));
}

#[test]
fn a_blacklist_method_checks_its_argument_as_the_original() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for (bad, names) in [
        (Value::Undefined, "options argument"),
        (obj(&[]), "userIDList"),
        (obj(&[("userIDList", s("bob"))]), "userIDList"),
    ] {
        for method in ["addToBlacklist", "removeFromBlacklist"] {
            let err =
                tim_wasm::core::validate::validate(method, std::slice::from_ref(&bad)).unwrap_err();
            assert_eq!(err.code, 6017);
            assert!(err.message.contains(names), "{}", err.message);
        }
    }
    assert!(w.take_pushed(a).is_empty());
}
