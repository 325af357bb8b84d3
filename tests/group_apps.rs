//! The full build's applications to join a group: a Public group asks for permission (the
//! applicant waits, `WaitAdminApproval`), its owner and admins get a system notice in their
//! `@TIM#SYSTEM` conversation and see the application in getGroupApplicationList, and handling
//! it (from the notice or the list entry) admits or refuses the applicant, who is told.

mod common;

use common::{names, World};
use serde_json::{json, Value as J};
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn join(w: &mut World, i: usize, group: &str, note: &str) -> Result<J, u32> {
    call(
        w,
        i,
        "joinGroup",
        obj(&[("groupID", s(group)), ("applyMessage", s(note))]),
    )
}

fn applications(w: &mut World, i: usize) -> J {
    call(w, i, "getGroupApplicationList", Value::Undefined).unwrap()["applicationList"].clone()
}

/// Session `i`'s system notices, oldest first: their payloads.
fn notices(w: &mut World, i: usize) -> Vec<J> {
    let list = call(
        w,
        i,
        "getMessageList",
        obj(&[("conversationID", s("@TIM#SYSTEM"))]),
    )
    .unwrap();
    list["messageList"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|m| {
            assert_eq!(
                (&m["type"], &m["from"], &m["conversationType"], &m["flow"]),
                (
                    &json!("TIMGroupSystemNoticeElem"),
                    &json!("@TIM#SYSTEM"),
                    &json!("@TIM#SYSTEM"),
                    &json!("in")
                )
            )
        })
        .map(|m| m["payload"].clone())
        .collect()
}

fn group_ids(w: &mut World, i: usize) -> Vec<String> {
    call(w, i, "getGroupList", Value::Undefined).unwrap()["groupList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["groupID"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_public_group_asks_its_owner_and_admins_and_the_applicant_waits() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    let (carol, _) = w.login("carol");
    w.admin_create_group("alice", "team", &["carol"]);
    call(
        &mut w,
        alice,
        "setGroupMemberRole",
        obj(&[
            ("groupID", s("team")),
            ("userID", s("carol")),
            ("role", s("Admin")),
        ]),
    )
    .unwrap();
    let profile = call(&mut w, bob, "searchGroupByID", s("team")).unwrap();
    assert_eq!(profile["group"]["joinOption"], "NeedPermission");
    w.take_pushed(alice);
    w.take_pushed(carol);

    assert_eq!(
        join(&mut w, bob, "team", "let me in").unwrap(),
        json!({"status": "WaitAdminApproval"})
    );
    assert!(group_ids(&mut w, bob).is_empty(), "nothing joined yet");
    assert!(names(&w.take_pushed(bob)).is_empty());
    for handler in [alice, carol] {
        let pushed = w.take_pushed(handler);
        assert!(names(&pushed).contains(&"onMessageReceived"), "{pushed:?}");
        let n = notices(&mut w, handler);
        assert_eq!(n.len(), 1);
        assert_eq!(
            (
                &n[0]["operationType"],
                &n[0]["operatorID"],
                &n[0]["handleMessage"],
                &n[0]["groupProfile"]["groupID"],
                &n[0]["groupProfile"]["name"]
            ),
            (
                &json!(1),
                &json!("bob"),
                &json!("let me in"),
                &json!("team"),
                &json!("team")
            )
        );
    }
    // The system conversation is listed with its unread notice, outside the total.
    let (c, _, _) = w.c(alice);
    let sys = c.store.get("@TIM#SYSTEM").expect("the system conversation");
    assert_eq!(
        (sys.unread_count, sys.last_message.message_for_show.as_str()),
        (1, "[群系统通知]")
    );
    let sys = common::conversation_json(&tim_wasm::core::json::ToJson::to_json(sys));
    assert_eq!(sys["type"], "@TIM#SYSTEM");
    assert_eq!(c.store.total_unread(), 0);
    // Read, on the cloud too (a new session sees it read).
    call(
        &mut w,
        alice,
        "setMessageRead",
        obj(&[("conversationID", s("@TIM#SYSTEM"))]),
    )
    .unwrap();
    let (again, _) = w.login("alice");
    let (c, _, _) = w.c(again);
    assert_eq!(c.store.get("@TIM#SYSTEM").map(|c| c.unread_count), Some(0));

    // The owner and the admin see it; an ordinary member and the applicant do not.
    let list = applications(&mut w, alice);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let app = &list[0];
    assert_eq!(
        (
            &app["applicant"],
            &app["groupID"],
            &app["groupName"],
            &app["note"],
            &app["applicationType"],
            &app["authentication"]
        ),
        (
            &json!("bob"),
            &json!("team"),
            &json!("team"),
            &json!("let me in"),
            &json!(0),
            &json!("")
        )
    );
    assert!(app["messageKey"].as_u64().unwrap() > 0);
    assert_eq!(applications(&mut w, carol), list);
    assert_eq!(applications(&mut w, bob), json!([]));

    // Asking again replaces the application: still one.
    join(&mut w, bob, "team", "please").unwrap();
    let list = applications(&mut w, alice);
    assert_eq!(
        (list.as_array().unwrap().len(), &list[0]["note"]),
        (1, &json!("please"))
    );
}

#[test]
fn agreeing_admits_the_applicant_and_refusing_tells_them() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    let (dave, _) = w.login("dave");
    w.admin_create_group("alice", "team", &[]);
    join(&mut w, bob, "team", "hi").unwrap();
    join(&mut w, dave, "team", "me too").unwrap();

    // Handled from the system notice's message (as the original's TUIKit does).
    let notice = call(
        &mut w,
        alice,
        "getMessageList",
        obj(&[("conversationID", s("@TIM#SYSTEM"))]),
    )
    .unwrap()["messageList"][0]
        .clone();
    assert_eq!(notice["payload"]["operatorID"], "bob");
    let message = tim_wasm::core::json_read::parse(&notice.to_string());
    w.take_pushed(bob);
    let done = call(
        &mut w,
        alice,
        "handleGroupApplication",
        obj(&[
            ("handleAction", s("Agree")),
            ("handleMessage", s("welcome")),
            ("message", message),
        ]),
    )
    .unwrap();
    assert_eq!(
        (&done["group"]["groupID"], &done["group"]["memberCount"]),
        (&json!("team"), &json!(2))
    );
    assert_eq!(group_ids(&mut w, bob), ["team"]);
    // The notice it was handled from has left alice's system conversation (dave's is still
    // there), as the original deletes it.
    let left: Vec<J> = notices(&mut w, alice)
        .iter()
        .map(|p| p["operatorID"].clone())
        .collect();
    assert_eq!(left, [json!("dave")]);
    let pushed = names(&w.take_pushed(bob));
    assert!(pushed.contains(&"onGroupListUpdated"), "{pushed:?}");
    let n = notices(&mut w, bob);
    assert_eq!(
        (
            &n[0]["operationType"],
            &n[0]["operatorID"],
            &n[0]["handleMessage"]
        ),
        (&json!(2), &json!("alice"), &json!("welcome"))
    );
    // The group sees bob's join tip.
    let msgs = call(
        &mut w,
        bob,
        "getMessageList",
        obj(&[("conversationID", s("GROUPteam"))]),
    )
    .unwrap();
    let tip = msgs["messageList"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            &tip["type"],
            &tip["payload"]["operationType"],
            &tip["payload"]["userIDList"]
        ),
        (&json!("TIMGroupTipElem"), &json!(1), &json!(["bob"]))
    );

    // Handled from the list entry: refused.
    let list = applications(&mut w, alice);
    assert_eq!(list[0]["applicant"], "dave");
    let app = tim_wasm::core::json_read::parse(&list[0].to_string());
    call(
        &mut w,
        alice,
        "handleGroupApplication",
        obj(&[("handleAction", s("Reject")), ("application", app.clone())]),
    )
    .unwrap();
    assert!(group_ids(&mut w, dave).is_empty());
    let n = notices(&mut w, dave);
    assert_eq!(
        (&n[0]["operationType"], &n[0]["operatorID"]),
        (&json!(3), &json!("alice"))
    );
    assert_eq!(applications(&mut w, alice), json!([]));

    // Handled already: 10024. A member who is not the owner or an admin: 10007. A bad action:
    // 10004.
    let again = obj(&[("handleAction", s("Agree")), ("application", app)]);
    assert_eq!(
        call(&mut w, alice, "handleGroupApplication", again),
        Err(10024)
    );
    join(&mut w, dave, "team", "again").unwrap();
    let app = tim_wasm::core::json_read::parse(&applications(&mut w, alice)[0].to_string());
    assert_eq!(
        call(
            &mut w,
            bob,
            "handleGroupApplication",
            obj(&[("handleAction", s("Agree")), ("application", app.clone())]),
        ),
        Err(10007)
    );
    assert_eq!(
        call(
            &mut w,
            alice,
            "handleGroupApplication",
            obj(&[("handleAction", s("Maybe")), ("application", app)]),
        ),
        Err(10004)
    );
}

#[test]
fn join_options_decide_who_joins_at_once() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    w.admin_create_group("alice", "team", &[]);
    // A member applying: already in.
    assert_eq!(
        join(&mut w, alice, "team", "").unwrap(),
        json!({"status": "AlreadyInGroup"})
    );
    // FreeAccess: joined at once.
    call(
        &mut w,
        alice,
        "updateGroupProfile",
        obj(&[("groupID", s("team")), ("joinOption", s("FreeAccess"))]),
    )
    .unwrap();
    let joined = join(&mut w, bob, "team", "").unwrap();
    assert_eq!(
        (&joined["status"], &joined["group"]["groupID"]),
        (&json!("JoinedSuccess"), &json!("team"))
    );
    call(&mut w, bob, "quitGroup", s("team")).unwrap();
    // DisableApply: refused.
    call(
        &mut w,
        alice,
        "updateGroupProfile",
        obj(&[("groupID", s("team")), ("joinOption", s("DisableApply"))]),
    )
    .unwrap();
    assert_eq!(join(&mut w, bob, "team", ""), Err(10007));
    assert_eq!(join(&mut w, bob, "nope", ""), Err(10010));
    // A Meeting group (ChatRoom) is free to join.
    call(
        &mut w,
        alice,
        "createGroup",
        obj(&[
            ("type", s("ChatRoom")),
            ("name", s("M")),
            ("groupID", s("meet")),
        ]),
    )
    .unwrap();
    assert_eq!(
        join(&mut w, bob, "meet", "").unwrap()["status"],
        "JoinedSuccess"
    );
}

#[test]
fn kicked_quitting_and_dismissed_members_get_system_notices() {
    let mut w = World::new();
    let (alice, _) = w.login("alice");
    let (bob, _) = w.login("bob");
    let (carol, _) = w.login("carol");
    let (dave, _) = w.login("dave");
    w.admin_create_group("alice", "team", &["bob", "carol", "dave"]);
    call(
        &mut w,
        alice,
        "deleteGroupMember",
        obj(&[
            ("groupID", s("team")),
            ("userIDList", Value::Array(vec![s("bob")])),
        ]),
    )
    .unwrap();
    call(&mut w, carol, "quitGroup", s("team")).unwrap();
    call(&mut w, alice, "dismissGroup", s("team")).unwrap();
    let ops = |w: &mut World, i| -> Vec<(J, J)> {
        notices(w, i)
            .iter()
            .map(|n| (n["operationType"].clone(), n["operatorID"].clone()))
            .collect()
    };
    assert_eq!(ops(&mut w, bob), [(json!(4), json!("alice"))]);
    assert_eq!(ops(&mut w, carol), [(json!(8), json!("carol"))]);
    assert_eq!(ops(&mut w, dave), [(json!(5), json!("alice"))]);
    assert_eq!(ops(&mut w, alice), [(json!(5), json!("alice"))]);
    assert!(names(&w.take_pushed(dave)).contains(&"onMessageReceived"));
}
