//! Conversions between JavaScript values and the core's types.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::core::error::Error;
use crate::core::json_read;
use crate::core::value::Value;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

// A caller's value may be a Proxy whose traps throw (or a revoked one): every read of one goes
// through a helper that catches (js/values.js), so its exception never unwinds through the module.
#[wasm_bindgen(module = "/js/values.js")]
extern "C" {
    #[wasm_bindgen(js_name = keysOf)]
    fn keys_of(v: &JsValue) -> Array;
    /// `undefined` for what is not an array; one JSON text for an array of strings only; else
    /// the items as a plain array.
    #[wasm_bindgen(js_name = itemsOf)]
    fn items_of(v: &JsValue) -> JsValue;
    /// `Object.prototype.toString.call(v)`, lower-cased and without the brackets ("map",
    /// "error"; "unknown" when reading it throws).
    #[wasm_bindgen(js_name = tagOf)]
    fn tag_of(v: &JsValue) -> JsValue;
    /// Copies `from`'s own keys onto `target`; a frozen or hostile target keeps what it has.
    #[wasm_bindgen(js_name = assignTo)]
    pub fn assign(target: &JsValue, from: &JsValue);
}

/// Deeper structures than this are not inspected (they also stop cycles).
const MAX_DEPTH: u32 = 8;

/// `v[key]`, `undefined` when reading it throws.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Converts one JS value into the core's view of it. Never throws: getters that throw read as
/// `undefined`, and exotic values become `Value::Other`.
pub fn to_value(v: &JsValue) -> Value {
    convert(v, 0, MAX_DEPTH)
}

fn convert(v: &JsValue, depth: u32, max: u32) -> Value {
    if v.is_undefined() {
        return Value::Undefined;
    }
    if v.is_null() {
        return Value::Null;
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = v.as_string() {
        return Value::Str(s);
    }
    if v.is_function() {
        let arity = get(v, "length").as_f64().map_or(0, |n| n as u32);
        return Value::Function { arity };
    }
    let tag = tag_of(v).as_string().unwrap_or_default();
    if depth >= max {
        return Value::Other { tag, empty: false };
    }
    let list = items_of(v);
    // An array of strings only (a conversationIDList of 1000, say): one text, read at once.
    if let Some(text) = list.as_string() {
        if let items @ Value::Array(_) = json_read::parse(&text) {
            return items;
        }
    }
    if let Some(list) = list.dyn_ref::<Array>() {
        return Value::Array(
            list.iter()
                .map(|item| convert(&item, depth + 1, max))
                .collect(),
        );
    }
    match tag.as_str() {
        "object" => {
            let fields = keys_of(v)
                .iter()
                .filter_map(|k| {
                    let name = k.as_string()?;
                    let value = Reflect::get(v, &k).unwrap_or(JsValue::UNDEFINED);
                    Some((name, convert(&value, depth + 1, max)))
                })
                .collect();
            Value::Object(fields)
        }
        "error" => {
            let empty = get(v, "message").as_string().is_some_and(|m| m.is_empty());
            Value::Other { tag, empty }
        }
        "map" | "set" | "file" => {
            let size = get(v, "size").as_f64();
            Value::Other {
                tag,
                empty: size == Some(0.0),
            }
        }
        _ => Value::Other { tag, empty: false },
    }
}

/// An array's items (a hole, or an item whose reading throws, reads as `undefined`); none
/// when `v` is not an array or holds strings only.
pub fn items(v: &JsValue) -> Vec<JsValue> {
    items_of(v)
        .dyn_ref::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// Converts call arguments.
pub fn to_values(args: &Array) -> Vec<Value> {
    args.iter().map(|a| to_value(&a)).collect()
}

/// A plain object from key/value pairs, keys in the given order.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// The original's rejection value: an `Error` whose own enumerable keys are `code`, `message`,
/// `data`, in that order (spec §4.2).
pub fn js_error(e: &Error, data: JsValue) -> JsValue {
    let err = js_sys::Error::new("");
    let _ = Reflect::delete_property(&err, &JsValue::from_str("message"));
    let _ = Reflect::set(&err, &"code".into(), &JsValue::from_f64(e.code as f64));
    let _ = Reflect::set(&err, &"message".into(), &JsValue::from_str(&e.message));
    let data = if data.is_undefined() {
        Object::new().into()
    } else {
        data
    };
    let _ = Reflect::set(&err, &"data".into(), &data);
    err.into()
}

/// `{code: 0, data}` (spec §4.1).
pub fn ok_response(data: JsValue) -> JsValue {
    let data = if data.is_undefined() {
        Object::new().into()
    } else {
        data
    };
    object(&[("code", JsValue::from_f64(0.0)), ("data", data)])
}
