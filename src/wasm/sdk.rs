//! `Sdk`: one instance, driven by the JS entry through `call(name, args)`.
//!
//! Each call runs the original's pipeline (spec §3.1): the ready gate, then parameter
//! validation (a synchronous throw), then the method. Results are `{code: 0, data}`; failures
//! reject with an `Error` carrying `code`, `message` and `data`.

use super::convert::{js_error, object, ok_response, to_values};
use super::emitter::Emitter;
use super::log;
use crate::client::{Client, Experimental};
use crate::core::api;
use crate::core::error::{Code, Error};
use crate::core::event::Event;
use crate::core::session::LoginStart;
use crate::core::validate::validate;
use crate::core::value::Value;
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

struct Inner {
    client: RefCell<Client>,
    emitter: Emitter,
}

#[wasm_bindgen]
pub struct Sdk {
    inner: Rc<Inner>,
}

/// The methods built so far (README's table is checked against this list).
#[wasm_bindgen(js_name = builtMethods)]
pub fn built_methods() -> Array {
    api::BUILT.iter().map(|m| JsValue::from_str(m)).collect()
}

fn rejected(e: &Error) -> JsValue {
    Promise::reject(&js_error(e, JsValue::UNDEFINED)).into()
}

fn resolved(data: JsValue) -> JsValue {
    Promise::resolve(&ok_response(data)).into()
}

#[wasm_bindgen]
impl Sdk {
    #[wasm_bindgen(constructor)]
    pub fn new(sdk_app_id: f64) -> Sdk {
        Sdk { inner: Rc::new(Inner { client: RefCell::new(Client::new(sdk_app_id, 1, 1)), emitter: Emitter::default() }) }
    }

    /// Runs public method `name` with the caller's `arguments`. Throws only for invalid
    /// arguments (code 6017); every other failure is a rejected Promise.
    pub fn call(&self, name: &str, args: Array) -> Result<JsValue, JsValue> {
        if let Err(e) = self.inner.client.borrow().session.gate(name) {
            log::log(log::WARN, &format!("Oops! code:{} message:{}", e.code, e.message));
            self.inner.emitter.emit_all(vec![Event::Error { code: e.code, message: e.message.clone() }]);
            return Ok(rejected(&e));
        }
        let values = to_values(&args);
        validate(name, &values).map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
        Ok(self.dispatch(name, &args, &values))
    }
}

impl Sdk {
    fn dispatch(&self, name: &str, args: &Array, values: &[Value]) -> JsValue {
        let inner = &self.inner;
        match name {
            "on" | "once" => {
                if let (Some(event), Ok(handler)) = (values[0].as_str(), args.get(1).dyn_into::<Function>()) {
                    inner.emitter.on(event.to_string(), handler, args.get(2), name == "once");
                }
                JsValue::UNDEFINED
            }
            "off" => {
                if let Some(event) = values.first().and_then(Value::as_str) {
                    inner.emitter.off(event, &args.get(1), &args.get(2));
                }
                JsValue::UNDEFINED
            }
            "isReady" => JsValue::from_bool(inner.client.borrow().session.is_ready()),
            "getLoginUser" => JsValue::from_str(inner.client.borrow().session.login_user()),
            "getServerTime" => JsValue::from_f64(js_sys::Date::now().floor()),
            "setLogLevel" => {
                if let Some(level) = values.first().and_then(Value::as_number).filter(|n| n.is_finite()) {
                    log::set_level(level as i32);
                }
                JsValue::UNDEFINED
            }
            "registerPlugin" => {
                if let Some(Value::Object(fields)) = values.first() {
                    inner.client.borrow_mut().register_plugin(fields.iter().map(|(k, _)| k.clone()).collect());
                }
                JsValue::UNDEFINED
            }
            "callExperimentalAPI" => {
                let key = values.first().and_then(Value::as_str).unwrap_or("");
                match inner.client.borrow().experimental(key) {
                    Ok(Experimental::Bool(b)) => JsValue::from_bool(b),
                    Ok(Experimental::Enabled(b)) => resolved(object(&[("enabled", JsValue::from_bool(b))])),
                    Ok(Experimental::Done) => resolved(JsValue::UNDEFINED),
                    Err(e) => rejected(&e),
                }
            }
            "login" => self.login(values[0].get("userID").as_str().unwrap_or_default()),
            "logout" => {
                let outcome = inner.client.borrow_mut().session.logout();
                match outcome {
                    Ok(events) => {
                        inner.emitter.emit_all(events);
                        resolved(JsValue::UNDEFINED)
                    }
                    Err(e) => rejected(&e),
                }
            }
            "destroy" => {
                let (outcome, events) = {
                    let mut c = inner.client.borrow_mut();
                    let id = c.sdk_app_id;
                    c.session.destroy(id)
                };
                inner.emitter.emit_all(events);
                inner.emitter.clear();
                match outcome {
                    Ok(()) => resolved(JsValue::UNDEFINED),
                    Err(e) => rejected(&e),
                }
            }
            _ => rejected(&Error::new(Code::NoModule, format!("{name} is not implemented in tim-wasm yet"))),
        }
    }

    /// `login`: resolves once the user's state is loaded; `SDK_READY` follows one timer tick
    /// later, as in the original (spec §7.2).
    fn login(&self, user_id: &str) -> JsValue {
        let start = {
            let mut c = self.inner.client.borrow_mut();
            let id = c.sdk_app_id;
            c.session.begin_login(id, user_id)
        };
        let ticket = match start {
            Err(e) => return rejected(&e),
            Ok(LoginStart::Repeat { current_user }) => {
                return resolved(login_body(true, &format!("{current_user} is already logged in")));
            }
            Ok(LoginStart::Started(t)) => t,
        };
        let inner = self.inner.clone();
        future_to_promise(async move {
            // The user's stored state loads here; the call has returned to the caller first.
            let _ = JsFuture::from(Promise::resolve(&JsValue::UNDEFINED)).await;
            let finished = inner.client.borrow_mut().session.finish_login(ticket, Ok(()));
            finished.map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
            schedule_ready(inner.clone(), ticket);
            Ok(ok_response(login_body(false, "")))
        })
        .into()
    }
}

fn login_body(repeat: bool, info: &str) -> JsValue {
    object(&[
        ("actionStatus", JsValue::from_str("OK")),
        ("errorCode", JsValue::from_f64(0.0)),
        ("errorInfo", JsValue::from_str(info)),
        ("repeatLogin", JsValue::from_bool(repeat)),
    ])
}

fn schedule_ready(inner: Rc<Inner>, ticket: u64) {
    let cb = Closure::once_into_js(move || {
        let events = inner.client.borrow_mut().session.become_ready(ticket);
        inner.emitter.emit_all(events);
    });
    let set_timeout = Reflect::get(&js_sys::global(), &"setTimeout".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(set_timeout) = set_timeout {
        let _ = set_timeout.call2(&JsValue::UNDEFINED, &cb, &JsValue::from_f64(1.0));
    }
}
