//! The journal in IndexedDB: [`Storage`] over the small JS module `js/idb.js` (open with schema
//! migrations, one `readwrite` transaction per step, a BroadcastChannel per database to wake
//! other tabs). Hand-written rather than an IndexedDB crate: the crates need
//! wasm-bindgen-futures and many web-sys bindings, several KB over the size budget
//! (docs/ARCHITECTURE.md has the measurement).

use crate::cloud::journal::{Done, Entries, Step};
use crate::cloud::Storage;
use crate::core::error::Error;
use super::convert::get;
use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/idb.js")]
extern "C" {
    #[wasm_bindgen(js_name = transact)]
    fn idb_transact(name: &str, after: f64, step: JsValue, done: JsValue);
    #[wasm_bindgen(js_name = watch)]
    fn idb_watch(name: &str, wake: JsValue);
}

/// A one-shot JS function running `f` (one closure type for every callback keeps the wasm small).
pub fn callback(f: Box<dyn FnOnce(JsValue) -> JsValue>) -> JsValue {
    Closure::once_into_js(f)
}

pub struct Idb {
    name: String,
}

impl Idb {
    pub fn new(name: String) -> Idb {
        Idb { name }
    }
}

/// `[n1, e1, n2, e2, ...]`: keys and entries' JSON text, as `idb.js` passes them.
fn entries_of(flat: &Array) -> Entries {
    (0..flat.length() / 2).map(|i| (flat.get(2 * i).as_f64().unwrap_or(0.0) as u64, flat.get(2 * i + 1).as_string().unwrap_or_default())).collect()
}

impl Storage for Idb {
    fn transact(&self, after: u64, step: Step, done: Done) {
        // `idb.js` calls `step(null)` when the transaction could not start (frees the closure).
        let step = callback(Box::new(move |records: JsValue| {
            if records.is_null() {
                return JsValue::NULL;
            }
            let flat = Array::new();
            for (n, e) in step(entries_of(records.unchecked_ref())) {
                flat.push(&JsValue::from_f64(n as f64));
                flat.push(&JsValue::from_str(&e));
            }
            flat.into()
        }));
        let done = callback(Box::new(move |err: JsValue| {
            done(if err.is_undefined() {
                Ok(())
            } else {
                Err(Error::raw(get(&err, "code").as_f64().unwrap_or(0.0) as u32, get(&err, "message").as_string().unwrap_or_default()))
            });
            JsValue::UNDEFINED
        }));
        idb_transact(&self.name, after as f64, step, done);
    }

    fn watch(&self, wake: Box<dyn FnOnce()>) {
        idb_watch(
            &self.name,
            callback(Box::new(move |_| {
                wake();
                JsValue::UNDEFINED
            })),
        );
    }
}
