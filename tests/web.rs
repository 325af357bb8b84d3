//! Browser tests of the wasm facade (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect};
use tim_wasm::core::value::Value;
use tim_wasm::wasm::convert::to_value;
use tim_wasm::wasm::sdk::Sdk;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "suite/storage.rs"]
mod suite;

/// A database no other test uses.
fn fresh_db() -> String {
    format!("tim-test-{}", (js_sys::Math::random() * 1e15) as u64)
}

/// The storage suite (tests/suite/storage.rs) against IndexedDB, each case on a fresh database.
#[wasm_bindgen_test]
async fn storage_suite_on_indexeddb() {
    use tim_wasm::wasm::storage::Idb;
    suite::empty_journal_reads_nothing(&Idb::new(fresh_db())).await;
    suite::commits_and_reads_back_in_order(&Idb::new(fresh_db())).await;
    suite::a_taken_key_fails_the_whole_transaction(&Idb::new(fresh_db())).await;
    suite::a_lost_position_gives_the_whole_journal(&Idb::new(fresh_db())).await;
    let name = fresh_db();
    suite::a_writer_sees_what_another_committed(&Idb::new(name.clone()), &Idb::new(name)).await;
    let name = fresh_db();
    suite::a_snapshot_replaces_the_entries_before_it(&Idb::new(name.clone()), &Idb::new(name))
        .await;
}

/// Resolves after `ms` milliseconds (a timer turn, so other tasks — channel messages — run).
async fn sleep(ms: f64) {
    JsFuture::from(Promise::new(&mut |resolve, _| {
        let st: Function = get(&js_sys::global(), "setTimeout").into();
        st.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from_f64(ms))
            .unwrap();
    }))
    .await
    .unwrap();
}

/// A commit on one handle wakes a watcher on another handle of the same database (another tab),
/// once per commit, for as long as it watches; a transaction that commits nothing wakes nobody.
#[wasm_bindgen_test]
async fn a_commit_wakes_the_other_handles_of_the_database() {
    use std::cell::Cell;
    use std::rc::Rc;
    use tim_wasm::cloud::Storage;
    use tim_wasm::wasm::storage::Idb;
    let name = fresh_db();
    let (a, b) = (Idb::new(name.clone()), Idb::new(name));
    let woken = Rc::new(Cell::new(0));
    let w = woken.clone();
    a.watch(Box::new(move || w.set(w.get() + 1)));
    let wait_for = |n: u32| {
        let woken = woken.clone();
        async move {
            for _ in 0..200 {
                if woken.get() >= n {
                    break;
                }
                sleep(10.0).await;
            }
            woken.get()
        }
    };
    assert_eq!(suite::tx(&b, 0, vec![(1, "{}".into())]).await.1, Ok(()));
    assert_eq!(wait_for(1).await, 1);
    assert_eq!(suite::tx(&b, 1, vec![(2, "{}".into())]).await.1, Ok(()));
    assert_eq!(wait_for(2).await, 2);
    // Reading only: no news.
    assert_eq!(suite::tx(&b, 2, Vec::new()).await.1, Ok(()));
    sleep(50.0).await;
    assert_eq!(woken.get(), 2);
    // A handle's own commits do not wake it.
    assert_eq!(suite::tx(&a, 2, vec![(3, "{}".into())]).await.1, Ok(()));
    sleep(50.0).await;
    assert_eq!(woken.get(), 2);
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn login_args(user: &str) -> Array {
    let o = Object::new();
    Reflect::set(&o, &"userID".into(), &user.into()).unwrap();
    Reflect::set(&o, &"userSig".into(), &"sig".into()).unwrap();
    Array::of1(&o)
}

#[wasm_bindgen_test]
fn converts_js_values_as_the_validator_sees_them() {
    let map = js_sys::Map::new();
    assert_eq!(
        to_value(&map.into()),
        Value::Other {
            tag: "map".into(),
            empty: true
        }
    );
    let err = js_sys::Error::new("");
    assert_eq!(
        to_value(&err.into()),
        Value::Other {
            tag: "error".into(),
            empty: true
        }
    );
    let f = Function::new_no_args("");
    assert_eq!(to_value(&f.into()), Value::Function { arity: 0 });
    let arr = Array::of2(&"C2Ca".into(), &JsValue::from_f64(0.0));
    assert_eq!(
        to_value(&arr.into()),
        Value::Array(vec![Value::Str("C2Ca".into()), Value::Number(0.0)])
    );
    // A self-referencing object does not hang or overflow: depth is capped.
    let o = Object::new();
    Reflect::set(&o, &"self".into(), &o).unwrap();
    assert!(matches!(to_value(&o.into()), Value::Object(_)));
    assert_eq!(to_value(&JsValue::from_f64(f64::NAN)).is_empty(), false);
}

#[wasm_bindgen_test]
async fn gate_then_login_then_ready() {
    let sdk = Sdk::new(
        99.0,
        Function::new_no_args(""),
        true,
        js_sys::Array::new(),
        JsValue::UNDEFINED,
    );
    let gated: Promise = sdk
        .call("getConversationList", Array::new())
        .unwrap()
        .into();
    let err = JsFuture::from(gated).await.unwrap_err();
    assert_eq!(get(&err, "code").as_f64(), Some(2024.0));
    assert!(err.is_instance_of::<js_sys::Error>());
    // Invalid arguments after the gate throw synchronously with 6017.
    let thrown = sdk
        .call("login", Array::of1(&Object::new().into()))
        .unwrap_err();
    assert_eq!(get(&thrown, "code").as_f64(), Some(6017.0));
    let res = JsFuture::from(Promise::from(
        sdk.call("login", login_args("alice")).unwrap(),
    ))
    .await
    .unwrap();
    assert_eq!(get(&res, "code").as_f64(), Some(0.0));
    assert_eq!(
        sdk.call("isReady", Array::new()).unwrap().as_bool(),
        Some(false)
    );
    // SDK_READY follows on a timer.
    sleep(10.0).await;
    assert_eq!(
        sdk.call("isReady", Array::new()).unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(
        sdk.call("getLoginUser", Array::new())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("alice")
    );
    let not_built = JsFuture::from(Promise::from(
        sdk.call("pinGroupMessage", Array::new()).unwrap(),
    ))
    .await
    .unwrap_err();
    assert_eq!(get(&not_built, "code").as_f64(), Some(2998.0));
    // A synchronous method not built throws 2998 synchronously: never a Promise.
    let thrown = sdk
        .call("inviteSync", Array::of1(&Object::new().into()))
        .unwrap_err();
    assert_eq!(get(&thrown, "code").as_f64(), Some(2998.0));
}
