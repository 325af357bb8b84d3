//! Console logging at the level set by `setLogLevel` (module-global, as in the original).

use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static LEVEL: Cell<i32> = const { Cell::new(0) };
}

pub const LOG: i32 = 0;
pub const WARN: i32 = 2;

pub fn set_level(level: i32) {
    let old = LEVEL.with(|l| l.replace(level));
    if level < 4 {
        log(LOG, &format!("set level from {old} to {level}"));
    }
}

/// Logs `msg` when `level` is at or above the set level.
pub fn log(level: i32, msg: &str) {
    if level < LEVEL.with(|l| l.get()) {
        return;
    }
    let text = JsValue::from_str(&format!("tim-wasm: {msg}"));
    let method = match level {
        i32::MIN..=0 => "log",
        1 => "info",
        2 => "warn",
        _ => "error",
    };
    // `console[method](text, extra)`: one lookup path instead of four imported bindings.
    let console =
        js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap_or(JsValue::UNDEFINED);
    if let Ok(f) = js_sys::Reflect::get(&console, &method.into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call1(&console, &text);
    }
}
