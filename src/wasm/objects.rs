//! JS objects handed to the app. Rust writes compact JSON (only fields with data); the JS
//! entry's `hydrate(kind, json)` gives each object the original's full shape (key order,
//! defaults, the Conversation prototype with `toAccount`). Conversation objects are cached: one
//! JS object per conversation revision (CONTRACT §6).

use crate::core::conv_store::{ConvStore, Entry};
use crate::core::keyed::Keyed;
use js_sys::{Array, Function};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static HYDRATE: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the JS entry's `hydrate(kind, json)` (called once when the module loads).
#[wasm_bindgen(js_name = setHydrate)]
pub fn set_hydrate(f: Function) {
    HYDRATE.with(|h| *h.borrow_mut() = Some(f));
}

/// The JS object of kind `kind` ("conversation", "message", "messages", "group", "groups",
/// "profile", "profiles", "json") from its compact JSON.
pub fn out(kind: &str, json: String) -> JsValue {
    HYDRATE.with(|h| match h.borrow().as_ref() {
        Some(f) => f
            .call2(
                &JsValue::UNDEFINED,
                &JsValue::from_str(kind),
                &JsValue::from(json),
            )
            .unwrap_or(JsValue::UNDEFINED),
        None => js_sys::JSON::parse(&json).unwrap_or(JsValue::UNDEFINED),
    })
}

/// One JS object per conversation revision, and the visible list's array per store version.
#[derive(Default)]
pub struct ConvObjects {
    cache: RefCell<Keyed<(u64, JsValue)>>,
    visible: RefCell<Option<(u64, Array)>>,
}

impl ConvObjects {
    pub fn object(&self, e: &Entry) -> JsValue {
        let id = &e.conv.conversation_id;
        if let Some((rev, obj)) = self.cache.borrow().get(id) {
            if *rev == e.rev {
                return obj.clone();
            }
        }
        let obj = out("conversation", e.json.clone());
        self.cache
            .borrow_mut()
            .insert(id.clone(), (e.rev, obj.clone()));
        obj
    }

    pub fn array<'a>(&self, entries: impl IntoIterator<Item = &'a Entry>) -> Array {
        entries.into_iter().map(|e| self.object(e)).collect()
    }

    /// The whole visible list as a new array (the caller may sort or splice it): a copy of the
    /// array kept for the store's version, built again only when the list changed.
    pub fn visible(&self, store: &ConvStore) -> Array {
        let version = store.version();
        if let Some((v, list)) = self.visible.borrow().as_ref() {
            if *v == version {
                return list.slice(0, list.length());
            }
        }
        let list = self.array(store.visible());
        let copy = list.slice(0, list.length());
        *self.visible.borrow_mut() = Some((version, list));
        copy
    }

    /// Drops every cached object (logout).
    pub fn clear(&self) {
        self.cache.borrow_mut().clear();
        self.visible.borrow_mut().take();
    }

    /// Keeps only the objects of conversations for which `keep` holds.
    pub fn retain(&self, keep: impl Fn(&str) -> bool) {
        self.cache.borrow_mut().retain(|id, _| keep(id));
    }
}
