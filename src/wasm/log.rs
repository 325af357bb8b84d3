//! Console logging at the level set by `setLogLevel` (module-global, as in the original).

use std::cell::Cell;
use wasm_bindgen::JsValue;

thread_local! {
    static LEVEL: Cell<i32> = const { Cell::new(0) };
}

pub const LOG: i32 = 0;
pub const WARN: i32 = 2;
pub const ERROR: i32 = 3;

pub fn set_level(level: i32) {
    let old = LEVEL.with(|l| l.replace(level));
    if level < 4 {
        log(LOG, &format!("set level from {old} to {level}"));
    }
}

pub fn log(level: i32, msg: &str) {
    log_with(level, msg, &JsValue::UNDEFINED);
}

/// Logs `msg` (and a JS value, e.g. a caught exception) when `level` is at or above the set level.
pub fn log_with(level: i32, msg: &str, extra: &JsValue) {
    if level < LEVEL.with(|l| l.get()) {
        return;
    }
    let text = JsValue::from_str(&format!("tim-wasm: {msg}"));
    let args = if extra.is_undefined() { js_sys::Array::of1(&text) } else { js_sys::Array::of2(&text, extra) };
    match level {
        i32::MIN..=0 => web_sys::console::log(&args),
        1 => web_sys::console::info(&args),
        2 => web_sys::console::warn(&args),
        _ => web_sys::console::error(&args),
    }
}
