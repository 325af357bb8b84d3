//! The relationship chain of the full build: friends added at once or through applications as
//! the other user's allowType says, friend groups, the blacklist's effect, the original's result
//! shapes and codes, and the events on every device of both users. The world's journal
//! replays to the same cloud at the end (`Drop`).

mod common;

use common::{names, World};
use serde_json::{json, Value as J};
use tim_wasm::cloud::Request;
use tim_wasm::core::event::Event;
use tim_wasm::core::profile::ProfileChange;
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn ids(list: &[&str]) -> Value {
    Value::Array(list.iter().map(|u| s(u)).collect())
}

fn allow(w: &mut World, user: &str, how: &str) {
    let change = ProfileChange {
        texts: vec![("allowType".into(), how.into())],
        ..Default::default()
    };
    let (res, _) = tim_wasm::cloud::CloudLink::request(
        &mut w.cloud,
        user,
        0,
        Request::UpdateProfile(change),
        w.now,
    );
    res.unwrap();
}

fn add(w: &mut World, i: usize, to: &str) -> Result<J, u32> {
    call(
        w,
        i,
        "addFriend",
        obj(&[
            ("to", s(to)),
            ("source", s("AddSource_Type_Web")),
            ("wording", s("hi, it's me")),
            ("remark", s("my remark")),
        ]),
    )
}

fn friend_ids(w: &mut World, i: usize) -> Vec<String> {
    let list = call(w, i, "getFriendList", Value::Undefined).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["userID"].as_str().unwrap().to_string())
        .collect()
}

/// The data of the last event `name` delivered to session `i` (and forgets them all).
fn last(w: &mut World, i: usize, name: &str) -> Option<J> {
    w.take_pushed(i).into_iter().rev().find_map(|e| match e {
        Event::Json(n, text) if n == name => Some(serde_json::from_str(&text).unwrap()),
        _ => None,
    })
}

#[test]
fn allow_any_makes_friends_at_once_both_ways_with_events_on_every_device() {
    let mut w = World::new();
    let (a1, _) = w.login("alice");
    let (a2, _) = w.login("alice");
    let (b, _) = w.login("bob");
    allow(&mut w, "bob", "AllowType_Type_AllowAny");
    assert_eq!(
        add(&mut w, a1, "bob"),
        Ok(json!({"userID": "bob", "code": 0}))
    );
    for i in [a1, a2, b] {
        let list = last(&mut w, i, "onFriendListUpdated").expect("FRIEND_LIST_UPDATED");
        assert_eq!(list.as_array().unwrap().len(), 1, "{i}");
    }
    let list = call(&mut w, a2, "getFriendList", Value::Undefined).unwrap();
    let f = &list[0];
    assert_eq!(
        (
            &f["userID"],
            &f["remark"],
            &f["source"],
            &f["profile"]["userID"]
        ),
        (
            &json!("bob"),
            &json!("my remark"),
            &json!("AddSource_Type_Web"),
            &json!("bob")
        )
    );
    assert_eq!(friend_ids(&mut w, b), ["alice"]);
    let checked = call(
        &mut w,
        a1,
        "checkFriend",
        obj(&[("userIDList", ids(&["bob", "carol"]))]),
    );
    assert_eq!(
        checked,
        Ok(json!({"successUserIDList": [
            {"userID": "bob", "code": 0, "relation": "CheckResult_Type_BothWay"},
            {"userID": "carol", "code": 0, "relation": "CheckResult_Type_NoRelation"}
        ], "failureUserIDList": []}))
    );
    // Again: already friends.
    assert_eq!(add(&mut w, a1, "bob"), Err(30001));
    // Single: alice keeps bob, bob no longer has alice (checked from bob: BWithA).
    assert_eq!(
        call(
            &mut w,
            b,
            "deleteFriend",
            obj(&[
                ("userIDList", ids(&["alice", "zed"])),
                ("type", s("Delete_Type_Single"))
            ])
        ),
        Ok(
            json!({"successUserIDList": [{"userID": "alice"}], "failureUserIDList": [
                {"userID": "zed", "code": 2700, "message": "The user is not a friend"}
            ]})
        )
    );
    let checked = call(
        &mut w,
        b,
        "checkFriend",
        obj(&[("userIDList", ids(&["alice"]))]),
    )
    .unwrap();
    assert_eq!(
        checked["successUserIDList"][0]["relation"],
        "CheckResult_Type_BWithA"
    );
    assert_eq!(friend_ids(&mut w, a1), ["bob"]);
}

#[test]
fn need_confirm_goes_through_an_application_and_deny_any_refuses() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (c, _) = w.login("carol");
    // carol's allowType is Tencent's default: NeedConfirm.
    assert_eq!(
        add(&mut w, a, "carol"),
        Ok(json!({"userID": "carol", "code": 30539,
            "message": "The friend request is waiting for the user's confirmation"}))
    );
    let pending = last(&mut w, c, "onFriendApplicationListUpdated").unwrap();
    assert_eq!(pending["unreadCount"], 1);
    let app = &pending["friendApplicationList"][0];
    assert_eq!(
        (
            &app["userID"],
            &app["type"],
            &app["wording"],
            &app["source"]
        ),
        (
            &json!("alice"),
            &json!("Pendency_Type_ComeIn"),
            &json!("hi, it's me"),
            &json!("AddSource_Type_Web")
        )
    );
    let mine = last(&mut w, a, "onFriendApplicationListUpdated").unwrap();
    assert_eq!(
        mine["friendApplicationList"][0]["type"],
        "Pendency_Type_SendOut"
    );
    assert_eq!(
        mine["unreadCount"], 0,
        "an outgoing application is not unread"
    );
    assert_eq!(friend_ids(&mut w, a), Vec::<String>::new());

    assert_eq!(
        call(&mut w, c, "setFriendApplicationRead", Value::Undefined),
        Ok(J::Null)
    );
    let read = call(&mut w, c, "getFriendApplicationList", Value::Undefined).unwrap();
    assert_eq!(read["unreadCount"], 0);
    assert_eq!(read["friendApplicationList"].as_array().unwrap().len(), 1);

    // No application from bob: 2716.
    let none = obj(&[("userID", s("bob"))]);
    assert_eq!(call(&mut w, c, "acceptFriendApplication", none), Err(2716));
    assert_eq!(
        call(
            &mut w,
            c,
            "acceptFriendApplication",
            obj(&[("userID", s("alice"))])
        ),
        Ok(J::Null)
    );
    assert_eq!(friend_ids(&mut w, c), ["alice"], "agree and add: both ways");
    assert_eq!(friend_ids(&mut w, a), ["carol"]);
    let f = &call(&mut w, a, "getFriendList", Value::Undefined).unwrap()[0];
    assert_eq!(f["remark"], "my remark", "the applicant's remark");
    for i in [a, c] {
        let apps = call(&mut w, i, "getFriendApplicationList", Value::Undefined).unwrap();
        assert_eq!(apps["friendApplicationList"], json!([]), "{i}");
    }

    // DenyAny: refused, nothing pending.
    let (d, _) = w.login("dave");
    allow(&mut w, "dave", "AllowType_Type_DenyAny");
    assert_eq!(add(&mut w, a, "dave"), Err(30516));
    assert!(last(&mut w, d, "onFriendApplicationListUpdated").is_none());
    // Refused and deleted applications.
    add(&mut w, d, "carol").unwrap();
    assert_eq!(
        call(
            &mut w,
            c,
            "refuseFriendApplication",
            obj(&[("userID", s("dave"))])
        ),
        Ok(J::Null)
    );
    assert_eq!(
        last(&mut w, d, "onFriendApplicationListUpdated").unwrap()["friendApplicationList"],
        json!([])
    );
    add(&mut w, d, "carol").unwrap();
    let sent_out = obj(&[("userID", s("carol")), ("type", s("Pendency_Type_SendOut"))]);
    assert_eq!(
        call(&mut w, d, "deleteFriendApplication", sent_out.clone()),
        Ok(json!({}))
    );
    assert_eq!(
        call(&mut w, d, "deleteFriendApplication", sent_out),
        Err(2716)
    );
    let left = call(&mut w, c, "getFriendApplicationList", Value::Undefined).unwrap();
    assert_eq!(
        left["friendApplicationList"][0]["userID"], "dave",
        "carol's copy stays"
    );
}

#[test]
fn a_blacklist_ends_a_friendship_and_blocks_requests_both_ways() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    allow(&mut w, "alice", "AllowType_Type_AllowAny");
    allow(&mut w, "bob", "AllowType_Type_AllowAny");
    add(&mut w, a, "bob").unwrap();
    w.take_pushed(b);
    call(
        &mut w,
        a,
        "addToBlacklist",
        obj(&[("userIDList", ids(&["bob"]))]),
    )
    .unwrap();
    assert_eq!(friend_ids(&mut w, a), Vec::<String>::new());
    assert_eq!(friend_ids(&mut w, b), Vec::<String>::new());
    assert_eq!(last(&mut w, b, "onFriendListUpdated"), Some(json!([])));
    assert_eq!(add(&mut w, a, "bob"), Err(30515));
    assert_eq!(add(&mut w, b, "alice"), Err(30525));
}

#[test]
fn friends_can_be_updated_and_filed_in_friend_groups() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for u in ["bob", "carol"] {
        allow(&mut w, u, "AllowType_Type_AllowAny");
        add(&mut w, a, u).unwrap();
    }
    let update = obj(&[
        ("userID", s("bob")),
        ("remark", s("Bobby")),
        (
            "friendCustomField",
            Value::Array(vec![obj(&[
                ("key", s("Tag_SNS_Custom_Nick")),
                ("value", s("b")),
            ])]),
        ),
    ]);
    let f = call(&mut w, a, "updateFriend", update).unwrap();
    assert_eq!(
        (&f["remark"], &f["friendCustomField"]),
        (
            &json!("Bobby"),
            &json!([{"key": "Tag_SNS_Custom_Nick", "value": "b"}])
        )
    );
    assert!(names(&w.take_pushed(a)).contains(&"onFriendListUpdated"));
    assert_eq!(
        call(&mut w, a, "updateFriend", obj(&[("userID", s("zed"))])),
        Err(2700)
    );

    let group = |name: &str, users: &[&str]| obj(&[("name", s(name)), ("userIDList", ids(users))]);
    assert_eq!(
        call(
            &mut w,
            a,
            "createFriendGroup",
            group("Work", &["bob", "zed"])
        ),
        Ok(
            json!({"friendGroup": {"name": "Work", "userIDList": ["bob"], "count": 1}, "failureUserIDList": []})
        )
    );
    assert_eq!(
        last(&mut w, a, "onFriendGroupListUpdated"),
        Some(json!([{"name": "Work", "userIDList": ["bob"], "count": 1}]))
    );
    assert_eq!(
        call(&mut w, a, "createFriendGroup", group("Work", &[])),
        Err(2710)
    );
    assert_eq!(
        call(
            &mut w,
            a,
            "addToFriendGroup",
            group("Work", &["carol", "bob"])
        ),
        Ok(
            json!({"friendGroup": {"name": "Work", "userIDList": ["bob", "carol"], "count": 2},
            "failureUserIDList": [{"to": "bob", "code": 30001,
                "message": "The request does not apply (already friends, or nothing to change)"}]})
        )
    );
    assert!(last(&mut w, a, "onFriendGroupListUpdated").is_some());
    // Nothing moved, nothing announced (an event says something changed).
    let again = call(&mut w, a, "addToFriendGroup", group("Work", &["bob"])).unwrap();
    assert_eq!(again["failureUserIDList"][0]["to"], "bob");
    assert_eq!(last(&mut w, a, "onFriendGroupListUpdated"), None);
    let list = call(&mut w, a, "getFriendList", Value::Undefined).unwrap();
    assert_eq!(list[1]["groupList"], json!(["Work"]));
    assert_eq!(
        call(&mut w, a, "removeFromFriendGroup", group("Work", &["bob"])).unwrap()["friendGroup"],
        json!({"name": "Work", "userIDList": ["carol"], "count": 1})
    );
    let rename = obj(&[("oldName", s("Work")), ("newName", s("Office"))]);
    assert_eq!(
        call(&mut w, a, "renameFriendGroup", rename.clone()),
        Ok(json!({"name": "Office", "userIDList": ["carol"], "count": 1}))
    );
    assert_eq!(call(&mut w, a, "renameFriendGroup", rename), Err(2711));
    assert_eq!(
        call(&mut w, a, "addToFriendGroup", group("Work", &["bob"])),
        Err(2711)
    );
    assert_eq!(
        call(
            &mut w,
            a,
            "deleteFriendGroup",
            obj(&[("name", s("Office"))])
        ),
        Ok(json!({"name": "Office", "userIDList": [], "count": 0}))
    );
    assert_eq!(
        call(
            &mut w,
            a,
            "deleteFriendGroup",
            obj(&[("name", s("Office"))])
        ),
        Err(2711)
    );
    assert_eq!(
        call(&mut w, a, "getFriendGroupList", Value::Undefined),
        Ok(json!([]))
    );

    let profile = call(
        &mut w,
        a,
        "getFriendProfile",
        obj(&[("userIDList", ids(&["carol", "zed"]))]),
    )
    .unwrap();
    assert_eq!(profile["friendList"][0]["userID"], "carol");
    assert_eq!(
        profile["failureUserIDList"],
        json!([{"userID": "zed", "code": 2700, "message": "The user is not a friend"}])
    );
}

#[test]
fn the_friend_methods_check_their_arguments_as_the_original() {
    use tim_wasm::core::validate::validate;
    let bad = [
        ("addFriend", obj(&[("to", s("bob"))])),
        ("addFriend", obj(&[("to", s("bob")), ("source", s("Web"))])),
        (
            "addFriend",
            obj(&[("to", s("bob")), ("source", s("AddSource_Type_123456789"))]),
        ),
        (
            "updateFriend",
            obj(&[("userID", s("bob")), ("remark", s(&"r".repeat(97)))]),
        ),
        ("deleteFriend", obj(&[("userIDList", s("bob"))])),
        (
            "updateFriend",
            obj(&[
                ("userID", s("bob")),
                (
                    "friendCustomField",
                    Value::Array(vec![obj(&[("key", s("Nick")), ("value", s("b"))])]),
                ),
            ]),
        ),
        ("acceptFriendApplication", obj(&[])),
        ("renameFriendGroup", obj(&[("oldName", s("a"))])),
        ("addToFriendGroup", obj(&[("name", s("a"))])),
    ];
    for (method, arg) in bad {
        let err = validate(method, &[arg]).unwrap_err();
        assert_eq!(err.code, 6017, "{method}");
    }
    let ok = obj(&[("to", s("bob")), ("source", s("AddSource_Type_12345678"))]);
    assert_eq!(validate("addFriend", &[ok]).map_err(|e| e.message), Ok(()));
}

#[test]
fn a_friend_profile_change_reaches_friends_and_applications_show_the_applicant() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    let (c, _) = w.login("carol");
    allow(&mut w, "bob", "AllowType_Type_AllowAny");
    add(&mut w, a, "bob").unwrap();
    w.take_pushed(a);
    w.take_pushed(c);
    let nick = obj(&[("nick", s("Bobby"))]);
    call(&mut w, b, "updateMyProfile", nick).unwrap();
    let events = w.take_pushed(a);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::ProfileUpdated(p) if p[0].user_id == "bob" && p[0].nick == "Bobby")),
        "{events:?}"
    );
    let list = events.iter().rev().find_map(|e| match e {
        Event::Json("onFriendListUpdated", text) => Some(serde_json::from_str::<J>(text).unwrap()),
        _ => None,
    });
    assert_eq!(list.unwrap()[0]["profile"]["nick"], "Bobby");
    assert!(w.take_pushed(c).is_empty(), "not a friend: not told");

    // An application carries the applicant's nick and avatar.
    let me = obj(&[("nick", s("Alice")), ("avatar", s("a.png"))]);
    call(&mut w, a, "updateMyProfile", me).unwrap();
    add(&mut w, a, "carol").unwrap();
    let apps = call(&mut w, c, "getFriendApplicationList", Value::Undefined).unwrap();
    let app = &apps["friendApplicationList"][0];
    assert_eq!(
        (&app["nick"], &app["avatar"]),
        (&json!("Alice"), &json!("a.png"))
    );
}
