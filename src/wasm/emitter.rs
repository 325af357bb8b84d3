//! Event listeners and delivery. Handlers are called with no Rust borrow held, so a handler
//! may call back into the SDK; a handler that throws is logged and skipped (CONTRACT §5).

use super::log;
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

struct Listener {
    event: String,
    handler: Function,
    context: JsValue,
    once: bool,
}

#[derive(Default)]
pub struct Emitter {
    listeners: RefCell<Vec<Listener>>,
}

impl Emitter {
    pub fn on(&self, event: String, handler: Function, context: JsValue, once: bool) {
        self.listeners.borrow_mut().push(Listener { event, handler, context, once });
    }

    /// Removes the handler's registrations for `event` (only those with `context` when given).
    pub fn off(&self, event: &str, handler: &JsValue, context: &JsValue) {
        self.listeners.borrow_mut().retain(|l| {
            !(l.event == event && AsRef::<JsValue>::as_ref(&l.handler) == handler && (context.is_undefined() || &l.context == context))
        });
    }

    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
    }

    /// Delivers one event: `{name, data}` to each listener registered for it, in order.
    pub fn emit(&self, name: &str, payload: &JsValue) {
        let targets: Vec<(Function, JsValue)> = {
            let mut listeners = self.listeners.borrow_mut();
            let targets = listeners.iter().filter(|l| l.event == name).map(|l| (l.handler.clone(), l.context.clone())).collect();
            listeners.retain(|l| !(l.once && l.event == name));
            targets
        };
        for (handler, context) in targets {
            if let Err(e) = handler.call1(&context, payload) {
                log::log_with(log::ERROR, &format!("a handler of \"{name}\" threw; it was skipped"), &e);
            }
        }
    }
}
