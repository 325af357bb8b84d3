//! `Sdk`: one instance, driven by the JS entry through `call(name, args)`.
//!
//! Each call runs the original's pipeline (spec §3.1): the ready gate, then parameter
//! validation (a synchronous throw), then the method. Results are `{code: 0, data}`; failures
//! reject with an `Error` carrying `code`, `message` and `data`. A method's events are
//! delivered after its change is committed and before its Promise resolves.

use super::convert::{get, js_error, object, ok_response, to_value, to_values};
use super::log;
use super::objects::{out, ConvObjects};
use crate::core::json::ToJson;
use super::shared::{cloud_for, Receiver, Shared};
use super::storage::callback;
use crate::client::{Client, Experimental};
use crate::cloud::PushBody;

use crate::core::api;
use crate::core::error::{Code, Error};
use crate::core::signaling;
use crate::core::event::Event;
use crate::core::session::LoginStart;
use crate::core::validate::validate;
use crate::core::value::Value;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use crate::core::keyed::Keyed;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub(super) struct Inner {
    pub(super) client: RefCell<Client>,
    /// The JS entry's `emit(name, payload)`: listeners live there (js/index.js).
    pub(super) emit: Function,
    pub(super) shared: Rc<Shared>,
    pub(super) objects: ConvObjects,
    /// JS objects of messages created and not yet sent: `sendMessage` updates the same object.
    pub(super) drafts: RefCell<Keyed<JsValue>>,
    /// Every message object handed out this session (created, sent, received, listed), by ID:
    /// what `findMessage` finds, as the original finds messages it has cached.
    pub(super) messages: RefCell<Keyed<JsValue>>,
}

#[wasm_bindgen]
pub struct Sdk {
    inner: Rc<Inner>,
}


pub(super) fn rejected(e: &Error) -> JsValue {
    Promise::reject(&js_error(e, JsValue::UNDEFINED)).into()
}

pub(super) fn resolved(data: JsValue) -> JsValue {
    Promise::resolve(&ok_response(data)).into()
}

/// The cloud's clock: seconds, from the page's clock (the core never reads a clock).
pub(super) fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0).floor() as u64
}

impl Receiver for Inner {
    fn user(&self) -> String {
        self.client.try_borrow().map(|c| c.user()).unwrap_or_default()
    }

    fn session_id(&self) -> u64 {
        self.client.try_borrow().map(|c| c.session_id).unwrap_or(0)
    }

    fn resync(&self) {
        let events = match self.client.try_borrow_mut() {
            Ok(mut c) if !c.session.login_user().is_empty() => match self.shared.replica.try_borrow_mut() {
                Ok(mut replica) => c.load(&mut *replica, now_secs(), false).unwrap_or_default(),
                Err(_) => return,
            },
            _ => return,
        };
        self.deliver(events);
    }

    fn report(&self, e: &Error) {
        self.deliver(vec![Event::Error { code: e.code, message: e.message.clone() }]);
    }

    fn receive(&self, pushes: Vec<PushBody>) {
        let events = match self.client.try_borrow_mut() {
            // From the moment the user's state is loaded (login resolved), not only after SDK_READY.
            Ok(mut c) if !c.session.login_user().is_empty() => c.apply_pushes(pushes),
            _ => return,
        };
        self.deliver(events);
    }
}

impl Inner {
    /// Keeps a message object handed out, for `findMessage`.
    pub(super) fn remember(&self, message: &JsValue) {
        if let Some(id) = get(message, "ID").as_string() {
            self.messages.borrow_mut().insert(id, message.clone());
        }
    }

    pub(super) fn remember_all(&self, list: &JsValue) {
        if let Some(list) = list.dyn_ref::<Array>() {
            list.for_each(&mut |m, _, _| self.remember(&m));
        }
    }

    /// Builds every payload first (state after the change), then calls the handlers.
    pub(super) fn deliver(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let payloads: Vec<(&'static str, JsValue)> = {
            let client = self.client.borrow();
            events
                .iter()
                .map(|ev| {
                    let name = ev.name();
                    let payload = match ev {
                        Event::ConversationListUpdated => {
                            // Forget the objects of conversations that are gone.
                            self.objects.retain(|id| client.store.contains(id));
                            object(&[
                                ("name", name.into()),
                                ("isSyncCompleted", client.store.sync_completed.into()),
                                ("data", self.objects.visible(&client.store).into()),
                            ])
                        }
                        other => object(&[("name", name.into()), ("data", self.event_data(&client, other))]),
                    };
                    (name, payload)
                })
                .collect()
        };
        for (name, payload) in payloads {
            // The emitter catches what a handler throws; nothing here is borrowed meanwhile.
            let _ = self.emit.call2(&JsValue::UNDEFINED, &JsValue::from_str(name), &payload);
        }
    }

    fn event_data(&self, client: &Client, ev: &Event) -> JsValue {
        match ev {
            Event::SdkReady | Event::SdkNotReady | Event::ConversationListUpdated => JsValue::UNDEFINED,
            Event::SdkDestroy { sdk_app_id } => object(&[("SDKAppID", JsValue::from_f64(*sdk_app_id))]),
            Event::Error { code, message } => object(&[("code", JsValue::from_f64(*code as f64)), ("message", JsValue::from_str(message))]),
            Event::TotalUnreadUpdated(n) => JsValue::from_f64(*n as f64),
            Event::ConversationGroupListUpdated(names) => out("json", names.to_json()),
            Event::ConversationInGroupUpdated(name) => object(&[
                ("groupName", JsValue::from_str(name)),
                ("conversationList", self.objects.array(client.store.in_group(name)).into()),
            ]),
            // The viewer's messages there that this receipt makes read: the objects this session
            // handed out, marked `isPeerRead` (as the original marks its cached messages).
            Event::MessageReadByPeer { conversation_id, time } => {
                let list = Array::new();
                for m in self.messages.borrow().values() {
                    let unread_out = get(m, "flow").as_string().as_deref() == Some("out") && get(m, "isPeerRead") != JsValue::TRUE;
                    let here = get(m, "conversationID").as_string().as_deref() == Some(conversation_id.as_str());
                    if here && unread_out && get(m, "time").as_f64().is_some_and(|t| t <= *time as f64) {
                        let _ = Reflect::set(m, &"isPeerRead".into(), &JsValue::TRUE);
                        list.push(m);
                    }
                }
                list.into()
            }
            Event::MessageReceived(msgs) | Event::MessageModified(msgs) => {
                let list = out("messages", msgs.to_json());
                self.remember_all(&list);
                list
            }
            Event::GroupListUpdated => {
                let user = client.user();
                let groups = self.shared.replica.try_borrow().map(|r| r.cloud.joined_group_profiles(&user)).unwrap_or_default();
                out("groups", groups.to_json())
            }
            Event::ProfileUpdated(p) => out("profiles", p.to_json()),
        }
    }
}

#[wasm_bindgen]
impl Sdk {
    #[wasm_bindgen(constructor)]
    /// `emit(name, payload)` delivers an event to the instance's listeners (kept in JS);
    /// `memory`: the local cloud keeps nothing (`create({storage: 'memory'})`).
    pub fn new(sdk_app_id: f64, emit: Function, memory: bool) -> Sdk {
        let shared = cloud_for(sdk_app_id, memory);
        let seed = (js_sys::Math::random() * u32::MAX as f64) as u32;
        let client = Client::new(sdk_app_id, shared.new_session_id(), seed);
        let inner = Rc::new(Inner {
            client: RefCell::new(client),
            emit,
            shared: shared.clone(),
            objects: ConvObjects::default(),
            drafts: RefCell::new(Keyed::new()),
            messages: RefCell::new(Keyed::new()),
        });
        let weak: std::rc::Weak<dyn Receiver> = Rc::downgrade(&(inner.clone() as Rc<dyn Receiver>));
        shared.connect(weak);
        Sdk { inner }
    }

    /// Runs public method `name` with the caller's `arguments`. Throws for invalid arguments
    /// (code 6017), and — a synchronous method never gives a Promise (CONTRACT §3) — for any
    /// failure of a synchronous method; every other failure is a rejected Promise.
    pub fn call(&self, name: &str, args: Array) -> Result<JsValue, JsValue> {
        let fail = |e: &Error| if api::is_sync(name) { Err(js_error(e, JsValue::UNDEFINED)) } else { Ok(rejected(e)) };
        // The gate's borrow ends here: an ERROR handler may call back into the SDK.
        let gate = self.inner.client.borrow().session.gate(name);
        if let Err(e) = gate {
            log::log(log::WARN, &format!("Oops! code:{} message:{}", e.code, e.message));
            self.inner.report(&e);
            return fail(&e);
        }
        let values = to_values(&args);
        validate(name, &values).map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
        match super::methods::dispatch(&self.inner, name, &args, values) {
            Ok(result) => Ok(result),
            Err(values) => match self.lifecycle(name, &values) {
                Some(v) => Ok(v),
                None => fail(&Error::new(Code::NoModule, format!("{name} is not implemented in tim-wasm yet"))),
            },
        }
    }
}

impl Sdk {
    /// The methods the facade answers itself; `None` for a method not built.
    fn lifecycle(&self, name: &str, values: &[Value]) -> Option<JsValue> {
        let inner = &self.inner;
        Some(match name {
            // Validated above; the JS entry registers the listener (its emitter holds them).
            "on" | "once" | "off" => JsValue::UNDEFINED,
            "isReady" => JsValue::from_bool(inner.client.borrow().session.is_ready()),
            "getLoginUser" => JsValue::from_str(inner.client.borrow().session.login_user()),
            "getServerTime" => JsValue::from_f64(js_sys::Date::now().floor()),
            "setLogLevel" => {
                if let Some(level) = values.first().and_then(Value::as_number).filter(|n| n.is_finite()) {
                    log::set_level(level as i32);
                }
                JsValue::UNDEFINED
            }
            "registerPlugin" => JsValue::UNDEFINED,
            "findMessage" => values.first().and_then(Value::as_str).and_then(|id| inner.messages.borrow().get(id).cloned()).unwrap_or(JsValue::NULL),
            "getSignalingInfo" => {
                let m = values.first().unwrap_or(&crate::core::value::UNDEFINED);
                let data = m.get("payload").get("data").as_str().and_then(|d| js_sys::JSON::parse(d).ok()).map_or(Value::Undefined, |v| to_value(&v));
                signaling::info(m.get("type").as_str().unwrap_or_default(), &data).map_or(JsValue::NULL, |json| out("json", json))
            }
            "callExperimentalAPI" => {
                let key = values.first().and_then(Value::as_str).unwrap_or("");
                match inner.client.borrow().experimental(key, values.get(1).unwrap_or(&crate::core::value::UNDEFINED)) {
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
                        self.forget();
                        inner.deliver(events);
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
                self.forget();
                inner.deliver(events);
                match outcome {
                    Ok(()) => resolved(JsValue::UNDEFINED),
                    Err(e) => rejected(&e),
                }
            }
            _ => return None,
        })
    }

    /// Drops the logged-out user's state.
    fn forget(&self) {
        self.inner.client.borrow_mut().reset();
        self.inner.objects.clear();
        self.inner.drafts.borrow_mut().clear();
        self.inner.messages.borrow_mut().clear();
    }

    /// `login`: loads the user's state, delivers its events, then resolves; `SDK_READY` follows
    /// one timer tick later, as in the original (spec §7.2).
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
        // The state loads after the call returned to the caller, in a storage transaction.
        let Some((promise, resolve, reject)) = pending() else { return rejected(&Error::of(Code::UncaughtError)) };
        let inner = self.inner.clone();
        defer(
            None,
            Box::new(move || {
                let slot = Rc::new(RefCell::new(None));
                let (work_inner, work_slot) = (inner.clone(), slot.clone());
                inner.shared.clone().transact(
                    Box::new(move || {
                        let mut client = work_inner.client.borrow_mut();
                        let loaded = client.session.finish_login(ticket, Ok(())).and_then(|_| {
                            let mut replica = work_inner.shared.replica.borrow_mut();
                            client.load(&mut *replica, now_secs(), true)
                        });
                        *work_slot.borrow_mut() = Some(loaded);
                    }),
                    Box::new(move |committed| {
                        let loaded = committed.and_then(|_| slot.take().unwrap_or_else(|| Err(Error::of(Code::UncaughtError))));
                        let _ = match finish_login(&inner, ticket, loaded) {
                            Ok(v) => resolve.call1(&JsValue::UNDEFINED, &v),
                            Err(e) => reject.call1(&JsValue::UNDEFINED, &e),
                        };
                    }),
                );
            }),
        );
        promise
    }
}

/// A new Promise and its resolve and reject functions.
pub(super) fn pending() -> Option<(JsValue, Function, Function)> {
    let mut fns = None;
    let promise = Promise::new(&mut |resolve, reject| fns = Some((resolve, reject)));
    fns.map(|(resolve, reject)| (promise.into(), resolve, reject))
}

/// Delivers the loaded state's events and schedules `SDK_READY`; a login whose state could not
/// be loaded (or committed) fails, as a failed login does.
fn finish_login(inner: &Rc<Inner>, ticket: u64, loaded: Result<Vec<Event>, Error>) -> Result<JsValue, JsValue> {
    // Cut off by logout or destroy while loading: no events for a session that ended.
    let loaded = loaded.and_then(|events| inner.client.borrow().session.still(ticket).map(|_| events));
    match loaded {
        Ok(events) => inner.deliver(events),
        Err(e) => {
            inner.client.borrow_mut().session.fail_login(ticket);
            inner.client.borrow_mut().reset();
            return Err(js_error(&e, JsValue::UNDEFINED));
        }
    }
    // A handler of those events may have logged out or destroyed the instance.
    inner.client.borrow().session.still(ticket).map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
    schedule_ready(inner.clone(), ticket);
    Ok(ok_response(login_body(false, "")))
}

fn login_body(repeat: bool, info: &str) -> JsValue {
    object(&[
        ("actionStatus", JsValue::from_str("OK")),
        ("errorCode", JsValue::from_f64(0.0)),
        ("errorInfo", JsValue::from_str(info)),
        ("repeatLogin", JsValue::from_bool(repeat)),
    ])
}

/// Runs `f` later: in a microtask (`None`), or after a timer of `ms`. One closure type for
/// every deferred call keeps the wasm small; `once_into_js` frees it after its call.
fn defer(ms: Option<f64>, f: Box<dyn FnOnce()>) {
    let cb = callback(Box::new(move |_| {
        f();
        JsValue::UNDEFINED
    }));
    let global = js_sys::global();
    let name = if ms.is_some() { "setTimeout" } else { "queueMicrotask" };
    if let Ok(func) = Reflect::get(&global, &name.into()).and_then(|f| f.dyn_into::<Function>().map_err(JsValue::from)) {
        let _ = func.call2(&JsValue::UNDEFINED, &cb, &JsValue::from_f64(ms.unwrap_or(0.0)));
    }
}

/// `SDK_READY` one timer tick after `login()` resolved, as in the original (spec §7.2).
fn schedule_ready(inner: Rc<Inner>, ticket: u64) {
    defer(
        Some(1.0),
        Box::new(move || {
            let events = inner.client.borrow_mut().session.become_ready(ticket);
            inner.deliver(events);
        }),
    );
}

/// Copies `from`'s own keys onto `target` (the sent message updates the created object).
pub(super) fn assign(target: &JsValue, from: &JsValue) {
    if let (Some(t), Some(f)) = (target.dyn_ref::<Object>(), from.dyn_ref::<Object>()) {
        Object::assign(t, f);
    }
}
