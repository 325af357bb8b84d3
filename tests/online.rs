//! getGroupOnlineMemberCount (full build): the group's members among those the host knows to be
//! signed in; 0 for a group the caller is not in, one that does not exist, and before login. A
//! server's slice reads presence as it reads rows: the sliced answer equals the whole cloud's.

mod common;

use common::World;
use tim_wasm::cloud::slice;
use tim_wasm::cloud::{Request, Response};
use tim_wasm::core::value::s;

const APP: f64 = 1400000001.0;

fn count(w: &mut World, i: usize, group: &str) -> Result<serde_json::Value, u32> {
    w.call_data(i, "getGroupOnlineMemberCount", &[s(group)])
}

fn online(w: &mut World, users: &[&str]) {
    w.cloud.cloud.online = Default::default();
    w.cloud
        .cloud
        .add_online(users.iter().map(|u| u.to_string()));
}

#[test]
fn counts_the_members_signed_in_and_nobody_else() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (d, _) = w.login("dave");
    w.admin_create_group("alice", "team", &["bob", "carol"]);
    online(&mut w, &[]);
    assert_eq!(
        count(&mut w, a, "team"),
        Ok(serde_json::json!({"memberCount": 0}))
    );
    // Online users outside the group do not count; repeats count once.
    online(&mut w, &["carol", "alice", "dave", "carol", "zed"]);
    assert_eq!(
        count(&mut w, a, "team"),
        Ok(serde_json::json!({"memberCount": 2}))
    );
    online(&mut w, &["alice", "bob", "carol"]);
    assert_eq!(
        count(&mut w, a, "team"),
        Ok(serde_json::json!({"memberCount": 3}))
    );
    // Not a member, or no such group: 0, as the original answers a group it does not hold.
    assert_eq!(
        count(&mut w, d, "team"),
        Ok(serde_json::json!({"memberCount": 0}))
    );
    assert_eq!(
        count(&mut w, a, "nope"),
        Ok(serde_json::json!({"memberCount": 0}))
    );
    // A member who quits stops counting.
    w.tick(1);
    let (res, pushes) = tim_wasm::cloud::CloudLink::request(
        &mut w.cloud,
        "bob",
        0,
        Request::QuitGroup {
            group_id: "team".into(),
        },
        w.now,
    );
    assert!(res.is_ok());
    w.route(pushes);
    assert_eq!(
        count(&mut w, a, "team"),
        Ok(serde_json::json!({"memberCount": 2}))
    );
}

#[test]
fn before_login_the_count_is_zero_and_asks_nothing() {
    let mut c = tim_wasm::client::Client::new(APP, 1, 1);
    let step = c
        .begin(1_700_000_000, "getGroupOnlineMemberCount", &[s("team")])
        .expect("built");
    let tim_wasm::client::Step::Done(Ok((tim_wasm::client::Output::Data(_, json), _))) = step
    else {
        panic!("{step:?}")
    };
    assert_eq!(json, r#"{"memberCount":0}"#);
}

#[test]
fn a_bad_group_id_is_refused_by_the_validator() {
    use tim_wasm::core::validate::validate;
    use tim_wasm::core::value::Value;
    assert_eq!(
        validate("getGroupOnlineMemberCount", &[Value::Number(1.0)]).map_err(|e| e.code),
        Err(6017)
    );
    assert!(validate("getGroupOnlineMemberCount", &[s("g")]).is_ok());
}

#[test]
fn a_slice_reads_presence_like_rows() {
    let mut w = World::new();
    w.login("alice");
    w.admin_create_group("alice", "team", &["bob", "carol"]);
    online(&mut w, &["bob", "alice", "zed"]);
    let mut whole = w.cloud.cloud.clone();
    let req = Request::OnlineCount {
        group_id: "team".into(),
    };
    let ran = slice::run(&mut whole, APP, "alice", 1, req.clone(), w.now).expect("settles");
    assert_eq!(ran.result, Ok(Response::Count(2)));
    // Presence is read, never written, and locks nothing on a server.
    assert!(ran.changes.is_empty());
    assert_eq!(ran.loaded.online.len(), 3, "the members' presence was read");
    assert!(tim_wasm::cloud::journal::read_only(&req));
}
