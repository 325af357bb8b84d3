//! The full build's group attributes and counters: what each method resolves, Tencent's limits
//! and codes, and the events every member's devices get (GROUP_ATTRIBUTES_UPDATED with the whole
//! map, GROUP_COUNTER_UPDATED one per counter) — the writer's own session from its answer.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

fn call(w: &mut World, i: usize, name: &str, arg: Value) -> Result<J, u32> {
    w.call_json(i, name, arg)
}

/// The data of every event `name` session `i` got (and forgets all its events).
fn events(w: &mut World, i: usize, name: &str) -> Vec<J> {
    w.take_pushed(i)
        .into_iter()
        .filter_map(|e| match e {
            Event::Keyed(n, _, text) if n == name => Some(serde_json::from_str(&text).unwrap()),
            _ => None,
        })
        .collect()
}

fn attrs(pairs: &[(&str, &str)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| (k.to_string(), s(v))).collect())
}

fn keys(list: &[&str]) -> Value {
    Value::Array(list.iter().map(|k| s(k)).collect())
}

fn group(w: &mut World) -> (usize, usize, usize) {
    let (a1, _) = w.login("alice");
    let (a2, _) = w.login("alice");
    let (b, _) = w.login("bob");
    w.admin_create_group("bob", "team", &["alice"]);
    for i in [a1, a2, b] {
        w.take_pushed(i);
    }
    (a1, a2, b)
}

const ATTR: &str = "groupAttributesUpdated";
const COUNTER: &str = "onGroupCounterUpdated";

#[test]
fn attributes_are_set_read_and_deleted_with_events_on_every_members_devices() {
    let mut w = World::new();
    let (a1, a2, b) = group(&mut w);
    let arg =
        |pairs: &[(&str, &str)]| obj(&[("groupID", s("team")), ("groupAttributes", attrs(pairs))]);
    assert_eq!(
        call(
            &mut w,
            a1,
            "initGroupAttributes",
            arg(&[("seat1", "alice"), ("topic", "x")])
        ),
        Ok(json!({"groupAttributes": {"seat1": "alice", "topic": "x"}}))
    );
    let full = json!({"groupID": "team", "groupAttributes": {"seat1": "alice", "topic": "x"},
        "updatedKeyList": ["seat1", "topic"], "deletedKeyList": []});
    for i in [a1, a2, b] {
        assert_eq!(events(&mut w, i, ATTR), vec![full.clone()], "session {i}");
    }

    // set merges; only what changed is named.
    call(
        &mut w,
        b,
        "setGroupAttributes",
        arg(&[("topic", "x"), ("seat2", "bob")]),
    )
    .unwrap();
    assert_eq!(
        events(&mut w, a1, ATTR),
        vec![json!({"groupID": "team",
            "groupAttributes": {"seat1": "alice", "topic": "x", "seat2": "bob"},
            "updatedKeyList": ["seat2"], "deletedKeyList": []})]
    );
    // Setting what is there changes nothing and tells nobody.
    w.take_pushed(b);
    call(&mut w, b, "setGroupAttributes", arg(&[("topic", "x")])).unwrap();
    assert!(events(&mut w, a1, ATTR).is_empty());
    assert!(events(&mut w, b, ATTR).is_empty());

    let get = |list: &[&str]| obj(&[("groupID", s("team")), ("keyList", keys(list))]);
    assert_eq!(
        call(&mut w, a2, "getGroupAttributes", get(&[])),
        Ok(json!({"groupAttributes": {"seat1": "alice", "topic": "x", "seat2": "bob"}}))
    );
    assert_eq!(
        call(&mut w, a2, "getGroupAttributes", get(&["seat2", "nope"])),
        Ok(json!({"groupAttributes": {"seat2": "bob"}}))
    );

    // delete: the keys it removed (an unknown one is passed over); [] removes the rest.
    assert_eq!(
        call(&mut w, a1, "deleteGroupAttributes", get(&["seat1", "nope"])),
        Ok(json!({"keyList": ["seat1"]}))
    );
    assert_eq!(
        events(&mut w, b, ATTR),
        vec![
            json!({"groupID": "team", "groupAttributes": {"topic": "x", "seat2": "bob"},
            "updatedKeyList": [], "deletedKeyList": ["seat1"]})
        ]
    );
    assert_eq!(
        call(&mut w, a1, "deleteGroupAttributes", get(&[])),
        Ok(json!({"keyList": ["topic", "seat2"]}))
    );
    // init replaces the whole map.
    call(
        &mut w,
        a1,
        "setGroupAttributes",
        arg(&[("a", "1"), ("b", "2")]),
    )
    .unwrap();
    call(&mut w, a1, "initGroupAttributes", arg(&[("c", "3")])).unwrap();
    assert_eq!(
        call(&mut w, b, "getGroupAttributes", get(&[])),
        Ok(json!({"groupAttributes": {"c": "3"}}))
    );
}

#[test]
fn attributes_keep_tencents_limits_and_only_members_use_them() {
    let mut w = World::new();
    let (a, _, _) = group(&mut w);
    let (carol, _) = w.login("carol");
    let set = |pairs: Vec<(String, String)>| {
        obj(&[
            ("groupID", s("team")),
            (
                "groupAttributes",
                Value::Object(pairs.into_iter().map(|(k, v)| (k, s(&v))).collect()),
            ),
        ])
    };
    let one = |k: &str, v: &str| set(vec![(k.into(), v.into())]);
    assert_eq!(
        call(&mut w, a, "setGroupAttributes", one(&"k".repeat(33), "v")),
        Err(10045)
    );
    assert_eq!(
        call(&mut w, a, "setGroupAttributes", one("k", &"v".repeat(4001))),
        Err(10046)
    );
    let many = (0..17).map(|i| (format!("k{i}"), "v".into())).collect();
    assert_eq!(call(&mut w, a, "setGroupAttributes", set(many)), Err(10047));
    let big = (0..5)
        .map(|i| (format!("k{i}"), "v".repeat(4000)))
        .collect();
    assert_eq!(call(&mut w, a, "setGroupAttributes", set(big)), Err(10048));
    // Nothing of a refused write was kept.
    let all = obj(&[("groupID", s("team")), ("keyList", keys(&[]))]);
    assert_eq!(
        call(&mut w, a, "getGroupAttributes", all.clone()),
        Ok(json!({"groupAttributes": {}}))
    );
    assert_eq!(call(&mut w, carol, "getGroupAttributes", all), Err(10007));
    let elsewhere = obj(&[("groupID", s("nope")), ("keyList", keys(&[]))]);
    assert_eq!(call(&mut w, a, "getGroupAttributes", elsewhere), Err(10010));
}

#[test]
fn counters_are_set_increased_and_decreased_with_one_event_per_counter() {
    let mut w = World::new();
    let (a1, a2, b) = group(&mut w);
    let counters = obj(&[
        ("groupID", s("team")),
        (
            "counters",
            obj(&[
                ("likes", Value::Number(5.0)),
                ("gifts", Value::Number(-2.0)),
            ]),
        ),
    ]);
    assert_eq!(
        call(&mut w, a1, "setGroupCounters", counters),
        Ok(json!({"counters": {"likes": 5, "gifts": -2}}))
    );
    // The writer's session gets no event (as the original); its other devices and the other
    // members get one per counter.
    assert!(events(&mut w, a1, COUNTER).is_empty());
    for i in [a2, b] {
        assert_eq!(
            events(&mut w, i, COUNTER),
            vec![
                json!({"groupID": "team", "key": "likes", "value": 5}),
                json!({"groupID": "team", "key": "gifts", "value": -2})
            ]
        );
    }
    let by = |key: &str, n: f64| {
        obj(&[
            ("groupID", s("team")),
            ("key", s(key)),
            ("value", Value::Number(n)),
        ])
    };
    assert_eq!(
        call(&mut w, b, "increaseGroupCounter", by("likes", 3.0)),
        Ok(json!({"counters": {"likes": 8}}))
    );
    assert_eq!(
        call(&mut w, b, "decreaseGroupCounter", by("views", 4.0)),
        Ok(json!({"counters": {"views": -4}}))
    );
    assert_eq!(
        events(&mut w, a1, COUNTER),
        vec![
            json!({"groupID": "team", "key": "likes", "value": 8}),
            json!({"groupID": "team", "key": "views", "value": -4})
        ]
    );
    let get = |list: Option<&[&str]>| match list {
        Some(l) => obj(&[("groupID", s("team")), ("keyList", keys(l))]),
        None => obj(&[("groupID", s("team"))]),
    };
    assert_eq!(
        call(&mut w, a2, "getGroupCounters", get(None)),
        Ok(json!({"counters": {"likes": 8, "gifts": -2, "views": -4}}))
    );
    assert_eq!(
        call(&mut w, a2, "getGroupCounters", get(Some(&["views"]))),
        Ok(json!({"counters": {"views": -4}}))
    );
    // At most 20 counters, keys of at most 128 bytes.
    let many = Value::Object(
        (0..18)
            .map(|i| (format!("c{i}"), Value::Number(1.0)))
            .collect(),
    );
    let arg = obj(&[("groupID", s("team")), ("counters", many)]);
    assert_eq!(call(&mut w, a1, "setGroupCounters", arg), Err(10004));
    assert_eq!(
        call(
            &mut w,
            a1,
            "increaseGroupCounter",
            by(&"k".repeat(129), 1.0)
        ),
        Err(10004)
    );
}

#[test]
fn attributes_and_counters_survive_a_snapshot_and_the_journal() {
    let mut w = World::new();
    let (a, _, _) = group(&mut w);
    let set = obj(&[
        ("groupID", s("team")),
        ("groupAttributes", attrs(&[("q\"uote", "😀\n")])),
    ]);
    call(&mut w, a, "setGroupAttributes", set).unwrap();
    let counters = obj(&[
        ("groupID", s("team")),
        (
            "counters",
            obj(&[("n", Value::Number(-9_007_199_254_740_991.0))]),
        ),
    ]);
    call(&mut w, a, "setGroupCounters", counters).unwrap();
    let cloud = &w.cloud.cloud;
    let text = tim_wasm::cloud::snapshot::write(cloud);
    let back = tim_wasm::cloud::snapshot::read(&text, cloud.sdk_app_id).expect("reads back");
    assert!(back.same_state(cloud), "{text}");
    assert!(text.contains("-9007199254740991"), "{text}");
    // The journal replays to the same cloud: checked as the world ends.
}

#[test]
fn the_methods_check_their_arguments_as_the_original() {
    use tim_wasm::core::validate::validate;
    let g = ("groupID", s("team"));
    for (method, arg) in [
        ("initGroupAttributes", obj(std::slice::from_ref(&g))),
        (
            "setGroupAttributes",
            obj(&[
                g.clone(),
                ("groupAttributes", obj(&[("a", Value::Number(1.0))])),
            ]),
        ),
        ("getGroupAttributes", obj(std::slice::from_ref(&g))),
        (
            "deleteGroupAttributes",
            obj(&[g.clone(), ("keyList", s("a"))]),
        ),
        (
            "getGroupAttributes",
            obj(&[
                g.clone(),
                ("keyList", Value::Array(vec![Value::Number(1.0)])),
            ]),
        ),
        ("setGroupCounters", obj(std::slice::from_ref(&g))),
        (
            "increaseGroupCounter",
            obj(&[g.clone(), ("key", s("a")), ("value", Value::Number(0.0))]),
        ),
        (
            "decreaseGroupCounter",
            obj(&[g.clone(), ("key", s("a")), ("value", s("1"))]),
        ),
        ("getGroupCounters", obj(&[])),
    ] {
        assert!(validate(method, &[arg]).is_err(), "{method}");
    }
    assert_eq!(
        validate(
            "getGroupAttributes",
            &[obj(&[g.clone(), ("keyList", Value::Array(Vec::new()))])]
        )
        .map_err(|e| e.message),
        Ok(())
    );
    assert!(validate(
        "increaseGroupCounter",
        &[obj(&[g, ("key", s("a")), ("value", Value::Number(-1.0))])]
    )
    .is_ok());
}
