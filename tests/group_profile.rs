//! The full build's createGroup with a profile: introduction, notification, avatar, join option
//! (Public and Community groups only, as the original), mute-all, custom fields and first
//! members made admins, all in the one request, checked before anything is made.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

fn members(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(u, r)| {
                if r.is_empty() {
                    obj(&[("userID", s(u))])
                } else {
                    obj(&[("userID", s(u)), ("role", s(r))])
                }
            })
            .collect(),
    )
}

#[test]
fn a_group_is_created_with_its_whole_profile_and_its_admins() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let (alice, _) = w.login("alice");
    let made = call(
        &mut w,
        bob,
        "createGroup",
        obj(&[
            ("type", s("Public")),
            ("name", s("Launch")),
            ("groupID", s("launch")),
            ("introduction", s("We ship")),
            ("notification", s("Friday 5pm")),
            ("avatar", s("https://example.com/a.png")),
            ("joinOption", s("FreeAccess")),
            (
                "groupCustomField",
                Value::Array(vec![obj(&[("key", s("tier")), ("value", s("gold"))])]),
            ),
            ("memberList", members(&[("alice", "Admin"), ("carol", "")])),
        ]),
    )
    .unwrap();
    let g = &made["group"];
    assert_eq!(
        (
            &g["groupID"],
            &g["name"],
            &g["introduction"],
            &g["notification"],
            &g["avatar"],
            &g["joinOption"],
            &g["groupCustomField"],
            &g["memberCount"],
        ),
        (
            &json!("launch"),
            &json!("Launch"),
            &json!("We ship"),
            &json!("Friday 5pm"),
            &json!("https://example.com/a.png"),
            &json!("FreeAccess"),
            &json!([{"key": "tier", "value": "gold"}]),
            &json!(3),
        )
    );
    assert_eq!(made["overLimitUserIDList"], json!([]));
    // The member sees the same profile, and is an admin.
    let seen = call(
        &mut w,
        alice,
        "getGroupProfile",
        obj(&[("groupID", s("launch"))]),
    )
    .unwrap();
    assert_eq!(
        (
            &seen["group"]["introduction"],
            &seen["group"]["selfInfo"]["role"]
        ),
        (&json!("We ship"), &json!("Admin"))
    );
    let page = call(
        &mut w,
        bob,
        "getGroupMemberList",
        obj(&[("groupID", s("launch"))]),
    )
    .unwrap();
    assert_eq!(
        common::member_roles(&page),
        ["bob:Owner", "alice:Admin", "carol:Member"]
    );
    // FreeAccess: a stranger joins at once.
    let (dave, _) = w.login("dave");
    let joined = call(&mut w, dave, "joinGroup", obj(&[("groupID", s("launch"))])).unwrap();
    assert_eq!(joined["status"], json!("JoinedSuccess"));
}

#[test]
fn a_work_group_keeps_no_join_option_and_has_no_admins() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let made = call(
        &mut w,
        bob,
        "createGroup",
        obj(&[
            ("name", s("Work")),
            ("groupID", s("w1")),
            ("joinOption", s("FreeAccess")),
            ("muteAllMembers", Value::Bool(true)),
        ]),
    )
    .unwrap();
    // The default type is Work; its join option is not the caller's to choose.
    assert_eq!(
        (
            &made["group"]["type"],
            &made["group"]["joinOption"],
            &made["group"]["muteAllMembers"]
        ),
        (&json!("Private"), &json!("NeedPermission"), &json!(true))
    );
    let admin_in_work = obj(&[
        ("name", s("Work")),
        ("groupID", s("w2")),
        ("memberList", members(&[("alice", "Admin")])),
    ]);
    assert_eq!(call(&mut w, bob, "createGroup", admin_in_work), Err(10007));
}

#[test]
fn a_bad_profile_makes_nothing() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let bad = [
        ("joinOption", s("Anyone")),
        ("introduction", s(&"i".repeat(241))),
        ("name", s(&"n".repeat(31))),
    ];
    for (k, v) in bad {
        let name = if k == "name" { v.clone() } else { s("P") };
        let arg = obj(&[
            ("type", s("Public")),
            ("name", name),
            ("groupID", s("p")),
            (k, v),
        ]);
        assert_eq!(call(&mut w, bob, "createGroup", arg), Err(10004), "{k}");
    }
    let list = call(&mut w, bob, "getGroupList", Value::Null).unwrap();
    assert_eq!(list["groupList"], json!([]));
    // The ID is still free.
    let ok = obj(&[("type", s("Public")), ("name", s("P")), ("groupID", s("p"))]);
    let made = call(&mut w, bob, "createGroup", ok).unwrap();
    assert_eq!(made["group"]["joinOption"], json!("NeedPermission"));
}

#[test]
fn first_members_get_their_custom_fields() {
    let mut w = World::new();
    let (bob, _) = w.login("bob");
    let field = |k: &str, v: &str| obj(&[("key", s(k)), ("value", s(v))]);
    let list = Value::Array(vec![
        obj(&[
            ("userID", s("alice")),
            (
                "memberCustomField",
                Value::Array(vec![
                    field("seat", "3A"),
                    field("team", "red"),
                    field("seat", "4B"),
                ]),
            ),
        ]),
        obj(&[("userID", s("carol"))]),
    ]);
    call(
        &mut w,
        bob,
        "createGroup",
        obj(&[
            ("type", s("Public")),
            ("name", s("Seats")),
            ("groupID", s("seats")),
            ("memberList", list),
        ]),
    )
    .unwrap();
    let page = call(
        &mut w,
        bob,
        "getGroupMemberProfile",
        obj(&[
            ("groupID", s("seats")),
            ("userIDList", Value::Array(vec![s("alice"), s("carol")])),
        ]),
    )
    .unwrap();
    let fields: Vec<(J, J)> = page["memberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["userID"].clone(), m["memberCustomField"].clone()))
        .collect();
    // A key given twice keeps its last value.
    assert_eq!(
        fields,
        [
            (
                json!("alice"),
                json!([{"key": "seat", "value": "4B"}, {"key": "team", "value": "red"}])
            ),
            (json!("carol"), json!([])),
        ]
    );
}
