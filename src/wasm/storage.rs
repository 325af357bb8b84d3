//! The journal in IndexedDB: [`Storage`] over the small JS module `js/idb.js` (open with schema
//! migrations, one `readwrite` transaction per step), and a BroadcastChannel per database
//! (web-sys, gloo-events) that tells the other tabs of the origin about each commit.
//! Hand-written rather than an IndexedDB crate: the crates need
//! wasm-bindgen-futures and many web-sys bindings, several KB over the size budget
//! (docs/ARCHITECTURE.md has the measurement).

use super::convert::get;
use crate::cloud::journal::{Done, Step, Tail};
use crate::cloud::Storage;
use crate::core::error::Error;
use gloo_events::EventListener;
use js_sys::{Array, Uint8Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::BroadcastChannel;

#[wasm_bindgen(module = "/js/idb.js")]
extern "C" {
    #[wasm_bindgen(js_name = transact)]
    fn idb_transact(name: &str, after: f64, step: JsValue, done: JsValue);
    #[cfg(feature = "full")]
    fn present(key: &str, user: &str);
    #[cfg(feature = "full")]
    fn online(prefix: &str, then: JsValue);
    #[cfg(feature = "full")]
    fn files() -> JsValue;
}

/// The file store of `js/idb.js` for `js/media.js` (`{see, put}`): the glue holds that module,
/// so the page's facade reaches it through here.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = idbFiles)]
pub fn idb_files() -> JsValue {
    files()
}

/// A one-shot JS function running `f` (one closure type for every callback keeps the wasm small).
pub fn callback(f: Box<dyn FnOnce(JsValue) -> JsValue>) -> JsValue {
    Closure::once_into_js(f)
}

pub struct Idb {
    name: String,
    /// `None` where the page has no BroadcastChannel: then no other tab can be told.
    channel: Option<BroadcastChannel>,
    listener: RefCell<Option<EventListener>>,
}

impl Idb {
    pub fn new(name: String) -> Idb {
        // No IndexedDB (Node): nothing to share, and an open channel would keep Node running.
        let has_idb = js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("indexedDB"))
            .unwrap_or(false);
        let channel = if has_idb {
            BroadcastChannel::new(&name).ok()
        } else {
            None
        };
        Idb {
            name,
            channel,
            listener: RefCell::new(None),
        }
    }
}

impl Drop for Idb {
    fn drop(&mut self) {
        self.listener.take();
        if let Some(ch) = &self.channel {
            ch.close();
        }
    }
}

/// `[snapshot key (0: none), snapshot text, n1, e1, n2, e2, ...]`, as `idb.js` passes them.
/// The snapshot is stored as UTF-8 bytes (copied into wasm as they are, no re-encoding of
/// megabytes); a text stored as a string by an earlier build still reads.
fn tail_of(flat: &Array) -> Tail {
    let at = flat.get(0).as_f64().unwrap_or(0.0) as u64;
    let snapshot = (at > 0).then(|| {
        let s = flat.get(1);
        let text = match s.dyn_ref::<Uint8Array>() {
            // Not UTF-8 (damaged): an empty text, which reads as a snapshot that is missing.
            Some(bytes) => String::from_utf8(bytes.to_vec()).unwrap_or_default(),
            None => s.as_string().unwrap_or_default(),
        };
        (at, text)
    });
    let entries = (1..flat.length() / 2)
        .map(|i| {
            (
                flat.get(2 * i).as_f64().unwrap_or(0.0) as u64,
                flat.get(2 * i + 1).as_string().unwrap_or_default(),
            )
        })
        .collect();
    Tail { snapshot, entries }
}

impl Storage for Idb {
    fn transact(&self, after: u64, step: Step, done: Done) {
        // `idb.js` calls `step(null)` when the transaction could not start (frees the closure).
        let added = Rc::new(Cell::new(false));
        let added2 = added.clone();
        let step = callback(Box::new(move |records: JsValue| {
            if records.is_null() {
                return JsValue::NULL;
            }
            let commit = step(tail_of(records.unchecked_ref()));
            // `[snapshot key (0: none), its text, drop up to, n1, e1, n2, e2, ...]`
            let flat = Array::new();
            match commit.snapshot {
                Some(s) => {
                    flat.push(&JsValue::from_f64(s.at as f64));
                    flat.push(&Uint8Array::from(s.text.as_bytes()));
                    flat.push(&JsValue::from_f64(s.drop_to as f64));
                }
                None => {
                    flat.push(&JsValue::from_f64(0.0));
                    flat.push(&JsValue::NULL);
                    flat.push(&JsValue::from_f64(0.0));
                }
            }
            added2.set(!commit.entries.is_empty());
            for (n, e) in commit.entries {
                flat.push(&JsValue::from_f64(n as f64));
                flat.push(&JsValue::from_str(&e));
            }
            flat.into()
        }));
        let channel = self.channel.clone();
        let done = callback(Box::new(move |err: JsValue| {
            done(if err.is_undefined() {
                // Committed: the other tabs replay it at their next transaction; wake them now.
                if added.get() {
                    if let Some(ch) = &channel {
                        let _ = ch.post_message(&JsValue::from_f64(0.0));
                    }
                }
                Ok(())
            } else {
                Err(Error::raw(
                    get(&err, "code").as_f64().unwrap_or(0.0) as u32,
                    get(&err, "message").as_string().unwrap_or_default(),
                ))
            });
            JsValue::UNDEFINED
        }));
        idb_transact(&self.name, after as f64, step, done);
    }

    fn watch(&self, wake: Box<dyn Fn()>) {
        if let Some(ch) = &self.channel {
            *self.listener.borrow_mut() = Some(EventListener::new(ch, "message", move |_| wake()));
        }
    }

    // Presence across the origin's tabs: a Web Lock per signed-in session (`idb.js`).
    #[cfg(feature = "full")]
    fn present(&self, session: u64, user: &str) {
        present(&format!("{}/online/{session}/", self.name), user);
    }

    #[cfg(feature = "full")]
    fn online(&self, then: Box<dyn FnOnce(Vec<String>)>) {
        let then = callback(Box::new(move |users: JsValue| {
            then(crate::client::list(&super::convert::to_value(&users)));
            JsValue::UNDEFINED
        }));
        online(&format!("{}/online/", self.name), then);
    }
}
