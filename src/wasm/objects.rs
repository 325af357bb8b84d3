//! JS objects handed to the app. Rust writes compact JSON (only fields with data; a
//! conversation as an array of its fields by place); the JS entry's `hydrate(kind, json)` gives
//! each object the original's full shape (key order, defaults, the Conversation prototype with
//! `toAccount`).
//!
//! Conversation objects live in a JS array by the store's handles: one object per conversation
//! revision (CONTRACT §6). Before anything is handed out, `sync` builds the objects of the
//! conversations changed since (one JSON text, one call into JS, however many changed: a
//! conversation whose groups alone changed is sent as its new group list) and drops those
//! removed; the kept visible list follows a few changes and single moves in place, and is laid
//! out again from the handles otherwise. No step looks a conversation up by its ID.

use crate::core::conv_store::{ConvStore, Entry};
use crate::core::json::{Json, ToJson};
use js_sys::{Array, Function, Uint32Array};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// The JS entry's shape builders (js/shapes.js), installed once when the module loads.
struct Shapes {
    hydrate: Function,
    put: Function,
    order: Function,
    pick: Function,
    moves: Function,
    panicked: Function,
}

thread_local! {
    static SHAPES: RefCell<Option<Shapes>> = const { RefCell::new(None) };
}

/// Installs the JS entry's `hydrate(kind, json)` and the conversation-object builders:
/// `put(objects, sources, json, list)`, `order(objects, list, handles)`, `pick(objects,
/// handles)` and `moves(list, moves)`; and `panicked()`, told should the module ever panic
/// (just before it traps), so that the entry refuses later calls instead of failing silently.
#[wasm_bindgen(js_name = setShapes)]
pub fn set_shapes(
    hydrate: Function,
    put: Function,
    order: Function,
    pick: Function,
    moves: Function,
    panicked: Function,
) {
    // A location's numbers as the engine writes them (the core links no float formatting).
    #[cfg(feature = "full")]
    crate::core::message::set_number_text(|n| {
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .map_or_else(|_| "null".into(), String::from)
    });
    std::panic::set_hook(Box::new(|_| {
        SHAPES.with(|s| {
            if let Ok(Some(s)) = s.try_borrow().as_deref() {
                let _ = s.panicked.call0(&JsValue::UNDEFINED);
            }
        })
    }));
    SHAPES.with(|s| {
        *s.borrow_mut() = Some(Shapes {
            hydrate,
            put,
            order,
            pick,
            moves,
            panicked,
        })
    });
}

/// The JS object of kind `kind` ("conversation", "message", "messages", "group", "groups",
/// "profile", "profiles", "json") from its compact JSON.
pub fn out(kind: &str, json: String) -> JsValue {
    SHAPES.with(|s| match s.borrow().as_ref() {
        Some(s) => s
            .hydrate
            .call2(
                &JsValue::UNDEFINED,
                &JsValue::from_str(kind),
                &JsValue::from(json),
            )
            .unwrap_or(JsValue::UNDEFINED),
        None => js_sys::JSON::parse(&json).unwrap_or(JsValue::UNDEFINED),
    })
}

fn handles(list: &[u32]) -> JsValue {
    Uint32Array::from(list).into()
}

/// At most this many changed conversations are put in place in the kept list (each found by
/// identity); more, and the list is laid out again from the handles.
const PATCH_MAX: usize = 16;

/// The conversations' JS objects by handle, and the visible list's array, kept in step.
pub struct ConvObjects {
    objects: Array,
    /// Each object's compact data (js/shapes.js `convPut`), by handle.
    sources: Array,
    list: Array,
    /// The list is to be laid out again from the store's handles.
    relayout: Cell<bool>,
}

impl Default for ConvObjects {
    fn default() -> Self {
        ConvObjects {
            objects: Array::new(),
            sources: Array::new(),
            list: Array::new(),
            relayout: Cell::new(true),
        }
    }
}

impl ConvObjects {
    /// Builds the objects of the conversations changed since the last call, forgets those
    /// removed, and keeps the list in step: a few changed conversations are put in place and
    /// moves replayed (one new message: no pass over the list), anything else lays it out again.
    pub fn sync(&self, store: &mut ConvStore) {
        let moves = store.take_layout();
        let changed = store.take_changed();
        if moves.is_none() || changed.len() > PATCH_MAX {
            self.relayout.set(true);
        }
        if changed.is_empty() && moves.as_ref().is_none_or(Vec::is_empty) {
            return;
        }
        let patch = !self.relayout.get();
        let text = change_text(store, &changed);
        SHAPES.with(|s| {
            let s = s.borrow();
            let Some(s) = s.as_ref() else { return };
            let list = if patch {
                self.list.clone().into()
            } else {
                JsValue::UNDEFINED
            };
            let args = Array::of4(&self.objects, &self.sources, &text.into(), &list);
            let _ = s.put.apply(&JsValue::UNDEFINED, &args);
            if let Some(moves) = moves.filter(|m| patch && !m.is_empty()) {
                let mut flat = Vec::with_capacity(moves.len() * 2);
                for (from, to) in moves {
                    flat.push(from);
                    flat.push(to);
                }
                let _ = s
                    .moves
                    .call2(&JsValue::UNDEFINED, &self.list, &handles(&flat));
            }
        });
    }

    pub fn object(&self, e: &Entry) -> JsValue {
        self.objects.get(e.handle)
    }

    /// A new array of these conversations' objects.
    pub fn array<'a>(&self, entries: impl IntoIterator<Item = &'a Entry>) -> Array {
        let list: Vec<u32> = entries.into_iter().map(|e| e.handle).collect();
        SHAPES.with(|s| match s.borrow().as_ref() {
            Some(s) => s
                .pick
                .call2(&JsValue::UNDEFINED, &self.objects, &handles(&list))
                .map(|v| v.unchecked_into::<Array>())
                .unwrap_or_default(),
            None => Array::new(),
        })
    }

    /// The whole visible list as a new array (the caller may sort or splice it): a copy of the
    /// array kept in step by `sync`, laid out again only when that could not patch it.
    pub fn visible(&self, store: &ConvStore) -> Array {
        if self.relayout.replace(false) {
            SHAPES.with(|s| {
                if let Some(s) = s.borrow().as_ref() {
                    let _ = s.order.call3(
                        &JsValue::UNDEFINED,
                        &self.objects,
                        &self.list,
                        &handles(&store.visible_handles()),
                    );
                }
            });
        }
        self.list.slice(0, self.list.length())
    }

    /// Drops every object (logout: the store starts again from handle 0).
    pub fn clear(&self) {
        self.objects.set_length(0);
        self.sources.set_length(0);
        self.list.set_length(0);
        self.relayout.set(true);
    }
}

/// `[[h, change]..., lists]` for `changed`: each handle with its conversation's JSON, or, when
/// only its groups changed, the index of its new group list in `lists` (the distinct lists, a
/// few shared by up to thousands of conversations), or null once removed. The lists come last,
/// so the text is written in one pass into one buffer.
fn change_text(store: &ConvStore, changed: &[(u32, bool)]) -> String {
    let mut lists: Vec<&[String]> = Vec::new();
    let mut last = 0;
    // About 200 bytes a conversation: a login's text grows once, not a dozen times.
    let mut j = Json::with_capacity(changed.len() * 256);
    j.open_array();
    for &(h, groups_only) in changed {
        j.open_array().num(u64::from(h));
        match store.by_handle(h) {
            Some(e) if groups_only => {
                let list = e.conv.conversation_group_list.as_slice();
                // Mostly the same list as the conversation before: try it first. Past a few
                // hundred distinct lists, no search (each new one is sent as it is).
                if !lists.get(last).is_some_and(|l| same_list(l, list)) {
                    let found = if lists.len() <= 256 {
                        lists.iter().position(|l| same_list(l, list))
                    } else {
                        None
                    };
                    last = found.unwrap_or_else(|| {
                        lists.push(list);
                        lists.len() - 1
                    });
                }
                j.num(last as u64);
            }
            Some(e) => e.conv.write(&mut j),
            None => {
                j.null();
            }
        }
        j.close_array();
    }
    j.open_array();
    for list in &lists {
        j.strs(list.iter());
    }
    j.close_array().close_array();
    j.finish()
}

/// Whether two group lists are equal: names of a few bytes compared in place (the library's
/// string comparison calls `memcmp` for each: a quarter of this function's time at 1000
/// conversations in 20 groups).
fn same_list(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let (x, y) = (x.as_bytes(), y.as_bytes());
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p == q)
        })
}
