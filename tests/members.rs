//! The full build's group-member reads: getGroupMemberList pages a group's members in join order
//! with their roles, join times and profiles, as the original's GroupMember objects.

mod common;

use common::{member_roles as ids, World};
use serde_json::{json, Value as J};
use tim_wasm::client::Output;
use tim_wasm::core::value::{obj, s, Value};

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn members(w: &mut World, i: usize, arg: Value) -> J {
    let (c, cloud, now) = w.c(i);
    match c.call(cloud, now, "getGroupMemberList", &[arg]) {
        Some(Ok((Output::Data(_, text), _))) => serde_json::from_str(&text).unwrap(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn group_members_come_in_pages_with_roles_and_profiles() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice", "carol", "dave"]);
    let all = members(&mut w, a, obj(&[("groupID", s("team"))]));
    assert_eq!(
        ids(&all),
        ["bob:Owner", "alice:Member", "carol:Member", "dave:Member"]
    );
    assert_eq!(all["offset"], 0, "the last page");
    let m = &all["memberList"][1];
    assert_eq!(
        (
            &m["nick"],
            &m["nameCard"],
            &m["muteUntil"],
            &m["memberCustomField"],
            &m["isOnline"]
        ),
        (&json!(""), &json!(""), &json!(0), &json!([]), &json!(false))
    );
    assert!(m["joinTime"].as_u64().unwrap() > 0);

    let first = members(&mut w, a, obj(&[("groupID", s("team")), ("count", n(2.0))]));
    assert_eq!(
        (ids(&first), &first["offset"]),
        (
            vec!["bob:Owner".to_string(), "alice:Member".into()],
            &json!(2)
        )
    );
    let next = members(
        &mut w,
        a,
        obj(&[
            ("groupID", s("team")),
            ("count", n(2.0)),
            ("offset", n(2.0)),
        ]),
    );
    assert_eq!(ids(&next), ["carol:Member", "dave:Member"]);
    let owners = members(
        &mut w,
        a,
        obj(&[("groupID", s("team")), ("role", s("Owner"))]),
    );
    assert_eq!(ids(&owners), ["bob:Owner"]);

    // Not a member, or no such group: an empty page, as the original answers.
    let (e, _) = w.login("erin");
    assert_eq!(
        members(&mut w, e, obj(&[("groupID", s("team"))])),
        json!({"memberList": [], "offset": 0})
    );
    assert_eq!(
        members(&mut w, a, obj(&[("groupID", s("nope"))])),
        json!({"memberList": [], "offset": 0})
    );
}

#[test]
fn member_profiles_come_for_the_members_named_in_that_order() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice", "carol"]);
    let (c, cloud, now) = w.c(a);
    let arg = obj(&[
        ("groupID", s("team")),
        (
            "userIDList",
            Value::Array(vec![s("carol"), s("zed"), s("bob")]),
        ),
    ]);
    let Some(Ok((Output::Data(_, text), _))) = c.call(cloud, now, "getGroupMemberProfile", &[arg])
    else {
        panic!("getGroupMemberProfile")
    };
    let page: J = serde_json::from_str(&text).unwrap();
    assert_eq!(ids(&page), ["carol:Member", "bob:Owner"]);
    assert!(page.get("offset").is_none(), "{page}");
    let bad = tim_wasm::core::validate::validate(
        "getGroupMemberProfile",
        &[obj(&[("groupID", s("team"))])],
    );
    assert_eq!(bad.unwrap_err().code, 6017);
}
