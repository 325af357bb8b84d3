//! The full build's group-member changes: roles (only the owner sets admins, never in a Work
//! group), mutes (owner and admins, over ordinary members; a muted member's messages are refused
//! 10017), name cards and member custom fields (one's own, or as owner or admin), each resolving
//! `{group, member}` and leaving the group tips the original's members see.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn role(user: &str, r: &str) -> Value {
    obj(&[("groupID", s("team")), ("userID", s(user)), ("role", s(r))])
}

fn mute(user: &str, secs: f64) -> Value {
    obj(&[
        ("groupID", s("team")),
        ("userID", s(user)),
        ("muteTime", Value::Number(secs)),
    ])
}

fn say(w: &mut World, i: usize, text: &str) -> Result<(), u32> {
    w.tick(1);
    let (c, cloud, now) = w.c(i);
    let msg = obj(&[
        ("to", s("team")),
        ("conversationType", s("GROUP")),
        ("payload", obj(&[("text", s(text))])),
    ]);
    let Some(Ok((tim_wasm::client::Output::Draft(id, _), _))) =
        c.call(cloud, now, "createTextMessage", &[msg])
    else {
        panic!("createTextMessage")
    };
    let res = c
        .call(cloud, now, "sendMessage", &[obj(&[("ID", s(&id))])])
        .expect("built");
    w.flush(i);
    res.map(|_| ()).map_err(|e| e.code)
}

/// The last group tip in session `i`'s view of the group: its payload.
fn last_tip(w: &mut World, i: usize) -> J {
    let list = call(
        w,
        i,
        "getMessageList",
        obj(&[("conversationID", s("GROUPteam"))]),
    )
    .unwrap();
    let tips: Vec<&J> = list["messageList"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "TIMGroupTipElem")
        .collect();
    tips.last().unwrap()["payload"].clone()
}

/// A Work group `team` of `owner`'s with alice in it.
fn work_group(w: &mut World, owner: usize) {
    let made = call(
        w,
        owner,
        "createGroup",
        obj(&[
            ("type", s("Private")),
            ("name", s("Work")),
            ("groupID", s("team")),
            (
                "memberList",
                Value::Array(vec![obj(&[("userID", s("alice"))])]),
            ),
        ]),
    );
    assert!(made.is_ok(), "{made:?}");
}

fn roles(w: &mut World, i: usize) -> Vec<String> {
    let page = call(w, i, "getGroupMemberList", obj(&[("groupID", s("team"))])).unwrap();
    common::member_roles(&page)
}

#[test]
fn the_owner_sets_admins_with_tips_and_only_the_owner() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice", "carol"]);

    let set = call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();
    assert_eq!(
        (&set["member"]["userID"], &set["member"]["role"]),
        (&json!("alice"), &json!("Admin"))
    );
    assert_eq!(set["group"]["groupID"], "team");
    assert_eq!(
        roles(&mut w, alice),
        ["bob:Owner", "alice:Admin", "carol:Member"]
    );
    let tip = last_tip(&mut w, alice);
    assert_eq!(
        (
            &tip["operationType"],
            &tip["operatorID"],
            &tip["userIDList"]
        ),
        (&json!(4), &json!("bob"), &json!(["alice"]))
    );
    let admins = call(
        &mut w,
        alice,
        "getGroupMemberList",
        obj(&[("groupID", s("team")), ("role", s("Admin"))]),
    )
    .unwrap();
    assert_eq!(admins["memberList"][0]["userID"], "alice");
    // The same role again: nothing changes, no tip.
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Member")).unwrap();
    assert_eq!(last_tip(&mut w, alice)["operationType"], 5);
    assert_eq!(roles(&mut w, alice)[1], "alice:Member");

    // The original's codes.
    assert_eq!(
        call(&mut w, alice, "setGroupMemberRole", role("carol", "Admin")),
        Err(2681)
    );
    assert_eq!(
        call(&mut w, bob, "setGroupMemberRole", role("carol", "Boss")),
        Err(2683)
    );
    assert_eq!(
        call(&mut w, bob, "setGroupMemberRole", role("bob", "Member")),
        Err(2684)
    );
    assert_eq!(
        call(&mut w, bob, "setGroupMemberRole", role("zed", "Admin")),
        Err(10007)
    );
    let nowhere = obj(&[
        ("groupID", s("nope")),
        ("userID", s("alice")),
        ("role", s("Admin")),
    ]);
    assert_eq!(call(&mut w, bob, "setGroupMemberRole", nowhere), Err(10010));
}

#[test]
fn a_work_group_has_no_admins_and_no_mutes() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    work_group(&mut w, bob);
    assert_eq!(
        call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")),
        Err(10007)
    );
    assert_eq!(
        call(&mut w, bob, "setGroupMemberMuteTime", mute("alice", 60.0)),
        Err(10007)
    );
}

#[test]
fn owners_and_admins_mute_ordinary_members_whose_messages_are_refused_until_it_ends() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    w.admin_create_group("bob", "team", &["alice", "carol", "dave"]);
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();

    let muted = call(&mut w, alice, "setGroupMemberMuteTime", mute("carol", 60.0)).unwrap();
    let until = muted["member"]["muteUntil"].as_u64().unwrap();
    assert_eq!(until, w.now + 60);
    let tip = last_tip(&mut w, carol);
    assert_eq!(
        (&tip["operationType"], &tip["memberList"]),
        (&json!(7), &json!([{"userID": "carol", "muteTime": 60}]))
    );
    assert_eq!(say(&mut w, carol, "hello?"), Err(10017));
    assert_eq!(say(&mut w, alice, "you are muted"), Ok(()));
    w.tick(60);
    assert_eq!(say(&mut w, carol, "back"), Ok(()));

    // 0 unmutes at once; an admin cannot mute the owner or another admin, a member nobody, and
    // nobody themselves.
    call(&mut w, bob, "setGroupMemberMuteTime", mute("carol", 3600.0)).unwrap();
    let unmuted = call(&mut w, bob, "setGroupMemberMuteTime", mute("carol", 0.0)).unwrap();
    assert_eq!(unmuted["member"]["muteUntil"], 0);
    assert_eq!(say(&mut w, carol, "free"), Ok(()));
    assert_eq!(
        call(&mut w, alice, "setGroupMemberMuteTime", mute("bob", 60.0)),
        Err(10007)
    );
    assert_eq!(
        call(&mut w, carol, "setGroupMemberMuteTime", mute("dave", 60.0)),
        Err(10007)
    );
    assert_eq!(
        call(&mut w, bob, "setGroupMemberMuteTime", mute("bob", 60.0)),
        Err(2685)
    );
    // A muted member can still leave (the tip of it is not theirs to refuse).
    call(&mut w, bob, "setGroupMemberMuteTime", mute("carol", 600.0)).unwrap();
    assert_eq!(
        call(&mut w, carol, "quitGroup", s("team")),
        Ok(json!({"groupID": "team"}))
    );
}

#[test]
fn name_cards_and_custom_fields_are_ones_own_or_the_owners_and_admins_to_set() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    w.admin_create_group("bob", "team", &["alice", "carol"]);

    let own = call(
        &mut w,
        alice,
        "setGroupMemberNameCard",
        obj(&[("groupID", s("team")), ("nameCard", s("Ally"))]),
    )
    .unwrap();
    assert_eq!(
        (&own["member"]["userID"], &own["member"]["nameCard"]),
        (&json!("alice"), &json!("Ally"))
    );
    let card = |user: &str, text: &str| {
        obj(&[
            ("groupID", s("team")),
            ("userID", s(user)),
            ("nameCard", s(text)),
        ])
    };
    assert_eq!(
        call(&mut w, carol, "setGroupMemberNameCard", card("alice", "x")),
        Err(10007)
    );
    assert!(call(&mut w, bob, "setGroupMemberNameCard", card("carol", "Caz")).is_ok());

    let field = |user: &str, k: &str, v: &str| {
        obj(&[
            ("groupID", s("team")),
            ("userID", s(user)),
            (
                "memberCustomField",
                Value::Array(vec![obj(&[("key", s(k)), ("value", s(v))])]),
            ),
        ])
    };
    call(
        &mut w,
        carol,
        "setGroupMemberCustomField",
        field("carol", "seat", "3"),
    )
    .unwrap();
    let merged = call(
        &mut w,
        carol,
        "setGroupMemberCustomField",
        field("carol", "team", "red"),
    )
    .unwrap();
    assert_eq!(
        merged["member"]["memberCustomField"],
        json!([{"key": "seat", "value": "3"}, {"key": "team", "value": "red"}])
    );
    assert_eq!(
        call(
            &mut w,
            alice,
            "setGroupMemberCustomField",
            field("carol", "seat", "9")
        ),
        Err(10007)
    );

    // Every member reads them in the list; "" clears a card.
    let page = call(
        &mut w,
        alice,
        "getGroupMemberList",
        obj(&[("groupID", s("team"))]),
    )
    .unwrap();
    let cards: Vec<&J> = page["memberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["nameCard"])
        .collect();
    assert_eq!(cards, [&json!(""), &json!("Ally"), &json!("Caz")]);
    call(&mut w, bob, "setGroupMemberNameCard", card("carol", "")).unwrap();
    let page = call(
        &mut w,
        alice,
        "getGroupMemberList",
        obj(&[("groupID", s("team"))]),
    )
    .unwrap();
    assert_eq!(page["memberList"][2]["nameCard"], "");
    assert_eq!(
        page["memberList"][2]["memberCustomField"][1]["value"],
        "red"
    );
}

#[test]
fn the_methods_check_their_arguments_as_the_original() {
    use tim_wasm::core::validate::validate;
    let g = ("groupID", s("team"));
    for (method, arg) in [
        ("setGroupMemberRole", obj(&[g.clone(), ("userID", s("a"))])),
        (
            "setGroupMemberMuteTime",
            obj(&[g.clone(), ("userID", s("a"))]),
        ),
        (
            "setGroupMemberMuteTime",
            obj(&[
                g.clone(),
                ("userID", s("a")),
                ("muteTime", Value::Number(-1.0)),
            ]),
        ),
        ("setGroupMemberNameCard", obj(std::slice::from_ref(&g))),
        (
            "setGroupMemberNameCard",
            obj(&[g.clone(), ("nameCard", s(&"x".repeat(51)))]),
        ),
        ("setGroupMemberCustomField", obj(std::slice::from_ref(&g))),
    ] {
        assert!(validate(method, &[arg]).is_err(), "{method}");
    }
    assert!(validate("setGroupMemberNameCard", &[obj(&[g, ("nameCard", s(""))])]).is_ok());
}

#[test]
fn the_owner_hands_the_group_over_and_every_member_sees_it() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice", "carol"]);
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();
    w.take_pushed(alice);

    let to = |user: &str| obj(&[("groupID", s("team")), ("newOwnerID", s(user))]);
    assert_eq!(
        call(&mut w, alice, "changeGroupOwner", to("carol")),
        Err(10007)
    );
    assert_eq!(call(&mut w, bob, "changeGroupOwner", to("bob")), Err(2621));
    assert_eq!(call(&mut w, bob, "changeGroupOwner", to("zed")), Err(10007));
    let done = call(&mut w, bob, "changeGroupOwner", to("alice")).unwrap();
    assert_eq!(
        (
            &done["group"]["ownerID"],
            &done["group"]["selfInfo"]["role"]
        ),
        (&json!("alice"), &json!("Member"))
    );
    // The new owner is no longer an admin; the old one a member; every member's list changed.
    assert_eq!(
        roles(&mut w, alice),
        ["bob:Member", "alice:Owner", "carol:Member"]
    );
    assert!(common::names(&w.take_pushed(alice)).contains(&"onGroupListUpdated"));
    let tip = last_tip(&mut w, alice);
    assert_eq!(
        (&tip["operationType"], &tip["newGroupProfile"]),
        (&json!(6), &json!({"ownerID": "alice"}))
    );
    // Now only the new owner sets roles.
    assert_eq!(
        call(&mut w, bob, "setGroupMemberRole", role("carol", "Admin")),
        Err(2681)
    );
    assert!(call(&mut w, alice, "setGroupMemberRole", role("carol", "Admin")).is_ok());
}

#[test]
fn a_group_is_found_by_id_unless_it_is_a_work_group() {
    let mut w = World::new();
    let (erin, _) = w.login("erin");
    w.admin_create_group("bob", "team", &["alice"]);
    let found = call(&mut w, erin, "searchGroupByID", s("team")).unwrap();
    assert_eq!(
        (&found["group"]["groupID"], &found["group"]["ownerID"]),
        (&json!("team"), &json!("bob"))
    );
    assert_eq!(call(&mut w, erin, "searchGroupByID", s("nope")), Err(10010));
    let (bob, _) = w.login("bob");
    call(
        &mut w,
        bob,
        "createGroup",
        obj(&[
            ("type", s("Private")),
            ("name", s("W")),
            ("groupID", s("work")),
        ]),
    )
    .unwrap();
    assert_eq!(call(&mut w, erin, "searchGroupByID", s("work")), Err(10007));
}

#[test]
fn the_group_profile_is_updated_by_owner_and_admins_with_a_tip_of_what_changed() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    w.admin_create_group("bob", "team", &["alice", "carol"]);
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();
    w.take_pushed(carol);

    let update = |fields: &[(&str, Value)]| {
        let mut all = vec![("groupID", s("team"))];
        all.extend(fields.iter().cloned());
        obj(&all)
    };
    let done = call(
        &mut w,
        alice,
        "updateGroupProfile",
        update(&[
            ("name", s("Team 2")),
            ("introduction", s("We build")),
            ("joinOption", s("NeedPermission")),
            (
                "groupCustomField",
                Value::Array(vec![obj(&[("key", s("color")), ("value", s("red"))])]),
            ),
        ]),
    )
    .unwrap();
    let g = &done["group"];
    assert_eq!(
        (
            &g["name"],
            &g["introduction"],
            &g["joinOption"],
            &g["groupCustomField"]
        ),
        (
            &json!("Team 2"),
            &json!("We build"),
            &json!("NeedPermission"),
            &json!([{"key": "color", "value": "red"}])
        )
    );
    assert!(common::names(&w.take_pushed(carol)).contains(&"onGroupListUpdated"));
    let tip = last_tip(&mut w, carol);
    assert_eq!(
        (&tip["operationType"], &tip["newGroupProfile"]),
        (
            &json!(6),
            &json!({"groupName": "Team 2", "introduction": "We build", "joinOption": "NeedPermission",
                "groupCustomField": [{"key": "color", "value": "red"}]})
        )
    );
    let seen = call(
        &mut w,
        carol,
        "getGroupProfile",
        obj(&[("groupID", s("team"))]),
    )
    .unwrap();
    assert_eq!(seen["group"]["introduction"], "We build");

    // An ordinary member may not; limits are Tencent's.
    assert_eq!(
        call(
            &mut w,
            carol,
            "updateGroupProfile",
            update(&[("name", s("x"))])
        ),
        Err(10007)
    );
    let long = update(&[("name", s(&"n".repeat(31)))]);
    assert_eq!(call(&mut w, bob, "updateGroupProfile", long), Err(10004));

    // Everyone muted: ordinary members cannot send, the owner and admins can.
    call(
        &mut w,
        bob,
        "updateGroupProfile",
        update(&[("muteAllMembers", Value::Bool(true))]),
    )
    .unwrap();
    assert_eq!(
        last_tip(&mut w, carol)["newGroupProfile"],
        json!({"muteAllMembers": true})
    );
    assert_eq!(say(&mut w, carol, "hello?"), Err(10017));
    assert_eq!(say(&mut w, alice, "quiet please"), Ok(()));
    call(
        &mut w,
        bob,
        "updateGroupProfile",
        update(&[("muteAllMembers", Value::Bool(false))]),
    )
    .unwrap();
    assert_eq!(say(&mut w, carol, "thanks"), Ok(()));
    // Roles, mutes and the profile survive a snapshot (the journal is checked as the world ends).
    let cloud = &w.cloud.cloud;
    let text = tim_wasm::cloud::snapshot::write(cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, cloud.sdk_app_id).expect("reads back");
    assert!(back.same_state(cloud), "{text}");
    assert!(
        text.contains("We build") && text.contains("\"Admin\""),
        "{text}"
    );
    assert!(tim_wasm::core::validate::validate(
        "updateGroupProfile",
        &[update(&[("muteAllMembers", s("true"))])]
    )
    .is_err());
}

#[test]
fn in_a_work_group_any_member_updates_the_profile_but_not_its_join_option() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    work_group(&mut w, bob);
    let done = call(
        &mut w,
        alice,
        "updateGroupProfile",
        obj(&[
            ("groupID", s("team")),
            ("notification", s("Standup at 10")),
            ("joinOption", s("FreeAccess")),
        ]),
    )
    .unwrap();
    assert_eq!(
        (&done["group"]["notification"], &done["group"]["joinOption"]),
        (&json!("Standup at 10"), &json!("NeedPermission"))
    );
}

#[test]
fn members_are_invited_in_work_groups_and_removed_by_owner_and_admins() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let (carol, _) = w.login("carol");
    work_group(&mut w, bob);
    let users = |list: &[&str]| {
        obj(&[
            ("groupID", s("team")),
            (
                "userIDList",
                Value::Array(list.iter().map(|u| s(u)).collect()),
            ),
        ])
    };
    // Any member of a Work group invites; those already in are "existed".
    let added = call(
        &mut w,
        alice,
        "addGroupMember",
        users(&["carol", "bob", "carol"]),
    )
    .unwrap();
    assert_eq!(
        (
            &added["successUserIDList"],
            &added["existedUserIDList"],
            &added["failureUserIDList"]
        ),
        (&json!(["carol"]), &json!(["bob", "carol"]), &json!([]))
    );
    assert_eq!(added["group"]["memberCount"], 3);
    assert!(common::names(&w.take_pushed(carol)).contains(&"onGroupListUpdated"));
    let tip = last_tip(&mut w, carol);
    assert_eq!(
        (
            &tip["operationType"],
            &tip["operatorID"],
            &tip["userIDList"]
        ),
        (&json!(1), &json!("alice"), &json!(["carol"]))
    );
    let none = call(&mut w, alice, "addGroupMember", users(&["bob"])).unwrap();
    assert!(none.get("group").is_none(), "{none}");

    // Only the owner removes in a Work group; the removed see the tip, then are out.
    assert_eq!(
        call(&mut w, alice, "deleteGroupMember", users(&["carol"])),
        Err(10007)
    );
    let removed = call(&mut w, bob, "deleteGroupMember", users(&["carol"])).unwrap();
    assert_eq!(
        (&removed["userIDList"], &removed["group"]["memberCount"]),
        (&json!(["carol"]), &json!(2))
    );
    let tip = last_tip(&mut w, bob);
    assert_eq!(
        (&tip["operationType"], &tip["userIDList"]),
        (&json!(3), &json!(["carol"]))
    );
    assert!(common::names(&w.take_pushed(carol)).contains(&"onGroupListUpdated"));
    assert_eq!(say(&mut w, carol, "still here?"), Err(10007));
    assert_eq!(roles(&mut w, bob), ["bob:Owner", "alice:Member"]);
    assert_eq!(
        call(&mut w, bob, "deleteGroupMember", users(&["bob"])),
        Err(10007)
    );
}

#[test]
fn in_a_public_group_admins_remove_ordinary_members_and_only_the_administrator_adds() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice", "carol", "dave"]);
    call(&mut w, bob, "setGroupMemberRole", role("alice", "Admin")).unwrap();
    let users = |list: &[&str]| {
        obj(&[
            ("groupID", s("team")),
            (
                "userIDList",
                Value::Array(list.iter().map(|u| s(u)).collect()),
            ),
        ])
    };
    assert_eq!(
        call(&mut w, alice, "addGroupMember", users(&["erin"])),
        Err(10007)
    );
    assert_eq!(
        call(&mut w, alice, "deleteGroupMember", users(&["bob"])),
        Err(10007)
    );
    // All or nothing: one refused, none removed.
    assert_eq!(
        call(&mut w, alice, "deleteGroupMember", users(&["carol", "bob"])),
        Err(10007)
    );
    assert!(call(
        &mut w,
        alice,
        "deleteGroupMember",
        users(&["carol", "dave"])
    )
    .is_ok());
    assert_eq!(roles(&mut w, bob), ["bob:Owner", "alice:Admin"]);
    assert!(tim_wasm::core::validate::validate(
        "addGroupMember",
        &[obj(&[("groupID", s("team"))])]
    )
    .is_err());
}
