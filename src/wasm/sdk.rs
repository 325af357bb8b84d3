//! `Sdk`: one instance, driven by the JS entry through `call(name, args)`.
//!
//! Each call runs the original's pipeline (spec §3.1): the ready gate, then parameter
//! validation (a synchronous throw), then the method. Results are `{code: 0, data}`; failures
//! reject with an `Error` carrying `code`, `message` and `data`. A method's events are
//! delivered after its change is committed and before its Promise resolves.

use super::convert::{get, js_error, object, ok_response, to_value, to_values};
use super::log;
use super::objects::{out, ConvObjects};
use super::remote::RemoteHome;
use super::shared::{cloud_for, Receiver, Shared};
use super::storage::callback;
use crate::client::{Client, Experimental};
use crate::cloud::PushBody;
use crate::core::json::ToJson;

use crate::core::api;
use crate::core::error::{Code, Error};
use crate::core::event::Event;
use crate::core::keyed::Keyed;
use crate::core::session::LoginStart;
use crate::core::signaling;
use crate::core::validate::validate;
use crate::core::value::Value;
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub(super) struct Inner {
    pub(super) client: RefCell<Client>,
    /// The JS entry's `emit(name, payload)`: listeners live there (js/index.js).
    pub(super) emit: Function,
    /// Where the cloud is: embedded in this page, or a server.
    pub(super) home: Home,
    /// Server mode: the user's groups as last fetched (GROUP_LIST_UPDATED's data), and push
    /// batches waiting behind a batch that fetches them (order is kept).
    pub(super) groups: RefCell<Vec<crate::core::group::GroupProfile>>,
    pub(super) queued: RefCell<Vec<Vec<PushBody>>>,
    pub(super) objects: ConvObjects,
    /// JS objects of messages created and not yet sent: `sendMessage` updates the same object.
    pub(super) drafts: RefCell<Keyed<JsValue>>,
    /// Every message object handed out this session (created, sent, received, listed), by ID:
    /// what `findMessage` finds, as the original finds messages it has cached.
    pub(super) messages: RefCell<Keyed<JsValue>>,
}

/// The small event payloads (`{SDKAppID}`, `{code, message}`, `{state}`, `{type}`): the fields
/// that are set, in this order, made a plain JS object by serde-wasm-bindgen. Written as a map
/// rather than derived as a struct: a struct's field names go through serde-wasm-bindgen's
/// string cache, a hash map of its own that cost the wasm about 1 KB.
#[derive(Default)]
struct Plain<'a> {
    sdk_app_id: Option<f64>,
    code: Option<u32>,
    message: Option<&'a str>,
    state: Option<&'a str>,
    kind: Option<&'a str>,
}

impl serde::Serialize for Plain<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        if let Some(v) = self.sdk_app_id {
            m.serialize_entry("SDKAppID", &v)?;
        }
        if let Some(v) = self.code {
            m.serialize_entry("code", &v)?;
        }
        for (k, v) in [
            ("message", self.message),
            ("state", self.state),
            ("type", self.kind),
        ] {
            if let Some(v) = v {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

/// A plain JS object from `p` (`undefined` if it cannot be made, which these fields never cause).
fn plain(p: &Plain) -> JsValue {
    use serde::Serialize;
    let to = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    p.serialize(&to).unwrap_or(JsValue::UNDEFINED)
}

/// Where an instance's cloud is.
pub(super) enum Home {
    /// The page's embedded cloud (its journal in IndexedDB or memory).
    Local(Rc<Shared>),
    /// A tim-wasm server (`create({server})`).
    Remote(Rc<RemoteHome>),
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
        self.client
            .try_borrow()
            .map(|c| c.user())
            .unwrap_or_default()
    }

    fn session_id(&self) -> u64 {
        self.client.try_borrow().map(|c| c.session_id).unwrap_or(0)
    }

    fn resync(&self) {
        let Home::Local(shared) = &self.home else {
            return;
        };
        let events = match self.client.try_borrow_mut() {
            Ok(mut c) if !c.session.login_user().is_empty() => {
                match shared.replica.try_borrow_mut() {
                    Ok(mut replica) => c.load(&mut *replica, now_secs(), false).unwrap_or_default(),
                    Err(_) => return,
                }
            }
            _ => return,
        };
        self.deliver(events);
    }

    fn report(&self, e: &Error) {
        self.deliver(vec![Event::Error {
            code: e.code,
            message: e.message.clone(),
        }]);
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
    /// Drops the logged-out user's state; a server connection closes (calls still waiting get
    /// 2982).
    pub(super) fn forget(&self) {
        #[cfg(feature = "full")]
        if let Home::Local(shared) = &self.home {
            shared.present(self.session_id(), "");
        }
        self.client.borrow_mut().reset();
        self.objects.clear();
        self.drafts.borrow_mut().clear();
        self.messages.borrow_mut().clear();
        self.groups.borrow_mut().clear();
        self.queued.borrow_mut().clear();
        if let Home::Remote(remote) = &self.home {
            remote.logout(&Error::new(
                Code::SessionEnded,
                "the session ended (logout, destroy or kick) before the server answered",
            ));
        }
    }

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

    /// Brings the conversation objects up to date with the store (before any is handed out).
    pub(super) fn sync_objects(&self) {
        if let Ok(mut client) = self.client.try_borrow_mut() {
            self.objects.sync(&mut client.store);
        }
    }

    /// Builds every payload first (state after the change), then calls the handlers.
    pub(super) fn deliver(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        self.sync_objects();
        let payloads: Vec<(&'static str, JsValue)> = {
            let client = self.client.borrow();
            events
                .iter()
                .map(|ev| {
                    let name = ev.name();
                    let payload = match ev {
                        Event::ConversationListUpdated => object(&[
                            ("name", name.into()),
                            ("isSyncCompleted", client.store.sync_completed.into()),
                            ("data", self.objects.visible(&client.store).into()),
                        ]),
                        other => object(&[
                            ("name", name.into()),
                            ("data", self.event_data(&client, other)),
                        ]),
                    };
                    (name, payload)
                })
                .collect()
        };
        for (name, payload) in payloads {
            // The emitter catches what a handler throws; nothing here is borrowed meanwhile.
            let _ = self
                .emit
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(name), &payload);
        }
    }

    fn event_data(&self, client: &Client, ev: &Event) -> JsValue {
        match ev {
            Event::SdkReady | Event::SdkNotReady | Event::ConversationListUpdated => {
                JsValue::UNDEFINED
            }
            Event::SdkDestroy { sdk_app_id } => plain(&Plain {
                sdk_app_id: Some(*sdk_app_id),
                ..Plain::default()
            }),
            Event::Error { code, message } => plain(&Plain {
                code: Some(*code),
                message: Some(message),
                ..Plain::default()
            }),
            Event::TotalUnreadUpdated(n) => JsValue::from_f64(*n as f64),
            Event::ConversationGroupListUpdated(names) => out("json", names.to_json()),
            Event::ConversationInGroupUpdated(name) => object(&[
                ("groupName", JsValue::from_str(name)),
                (
                    "conversationList",
                    self.objects.array(client.store.in_group(name)).into(),
                ),
            ]),
            // The viewer's messages there that this receipt makes read: the objects this session
            // handed out, marked `isPeerRead` (as the original marks its cached messages).
            Event::MessageReadByPeer {
                conversation_id,
                time,
            } => {
                let list = Array::new();
                for m in self.messages.borrow().values() {
                    let unread_out = get(m, "flow").as_string().as_deref() == Some("out")
                        && get(m, "isPeerRead") != JsValue::TRUE;
                    let here = get(m, "conversationID").as_string().as_deref()
                        == Some(conversation_id.as_str());
                    if here
                        && unread_out
                        && get(m, "time").as_f64().is_some_and(|t| t <= *time as f64)
                    {
                        let _ = Reflect::set(m, &"isPeerRead".into(), &JsValue::TRUE);
                        list.push(m);
                    }
                }
                list.into()
            }
            #[cfg(not(feature = "full"))]
            Event::MessageModified(msgs) => {
                let list = out("messages", msgs.to_json());
                self.remember_all(&list);
                list
            }
            Event::MessageReceived(msgs) => {
                let list = out("messages", msgs.to_json());
                self.remember_all(&list);
                list
            }
            // The objects handed out before are updated (marked revoked, or modified: their
            // version too) and given, as the original updates its cached ones; a message never
            // seen here comes as a new object.
            #[cfg(feature = "full")]
            Event::MessageRevoked(msgs) | Event::MessageModified(msgs) => {
                let fresh = out("messages", msgs.to_json());
                let list = Array::new();
                if let Some(fresh) = fresh.dyn_ref::<Array>() {
                    fresh.for_each(&mut |m, _, _| {
                        let id = get(&m, "ID").as_string().unwrap_or_default();
                        let known = self.messages.borrow().get(&id).cloned();
                        let obj = known.unwrap_or_else(|| m.clone());
                        assign(&obj, &m);
                        list.push(&obj);
                    });
                }
                self.remember_all(&list);
                list.into()
            }
            Event::GroupListUpdated => {
                let user = client.user();
                let groups = match &self.home {
                    Home::Local(shared) => shared
                        .replica
                        .try_borrow()
                        .map(|r| r.cloud.joined_group_profiles(&user))
                        .unwrap_or_default(),
                    Home::Remote(_) => self.groups.borrow().clone(),
                };
                out("groups", groups.to_json())
            }
            Event::ProfileUpdated(p) => out("profiles", p.to_json()),
            Event::NetStateChanged(state) => plain(&Plain {
                state: Some(state),
                ..Plain::default()
            }),
            Event::KickedOut(kind) => plain(&Plain {
                kind: Some(kind),
                ..Plain::default()
            }),
            #[cfg(feature = "full")]
            Event::BlacklistUpdated(list) => out("json", list.to_json()),
            #[cfg(feature = "full")]
            Event::Json(_, json) | Event::Keyed(_, _, json) => out("json", json.clone()),
            #[cfg(feature = "full")]
            Event::GroupConvs(_, name, ids) => object(&[
                ("groupName", JsValue::from_str(name)),
                (
                    "conversationList",
                    self.objects
                        .array(ids.iter().filter_map(|id| client.store.entry(id)))
                        .into(),
                ),
            ]),
        }
    }
}

#[wasm_bindgen]
impl Sdk {
    #[wasm_bindgen(constructor)]
    /// `emit(name, payload)` delivers an event to the instance's listeners (kept in JS);
    /// `memory`: the local cloud keeps nothing (`create({storage: 'memory'})`).
    pub fn new(
        sdk_app_id: f64,
        emit: Function,
        memory: bool,
        servers: Array,
        socket: JsValue,
    ) -> Sdk {
        let seed = (js_sys::Math::random() * u32::MAX as f64) as u32;
        let urls: Vec<String> = servers.iter().filter_map(|u| u.as_string()).collect();
        let (home, session) = if urls.is_empty() {
            let shared = cloud_for(sdk_app_id, memory);
            let session = shared.new_session_id();
            (Home::Local(shared), session)
        } else {
            // A random session ID below 2^53 (exact as a JS number), kept across reconnects.
            let session = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64 | 1;
            let remote = RemoteHome::new(urls, socket, session, seed as u64);
            (Home::Remote(remote), session)
        };
        let client = Client::new(sdk_app_id, session, seed);
        let inner = Rc::new(Inner {
            client: RefCell::new(client),
            emit,
            home,
            groups: RefCell::new(Vec::new()),
            queued: RefCell::new(Vec::new()),
            objects: ConvObjects::default(),
            drafts: RefCell::new(Keyed::new()),
            messages: RefCell::new(Keyed::new()),
        });
        match &inner.home {
            Home::Local(shared) => {
                let weak: std::rc::Weak<dyn Receiver> =
                    Rc::downgrade(&(inner.clone() as Rc<dyn Receiver>));
                shared.connect(weak);
            }
            Home::Remote(remote) => remote.set_owner(Rc::downgrade(&inner)),
        }
        Sdk { inner }
    }

    /// Runs public method `name` with the caller's `arguments`. Throws for invalid arguments
    /// (code 6017), and — a synchronous method never gives a Promise (CONTRACT §3) — for any
    /// failure of a synchronous method; every other failure is a rejected Promise.
    pub fn call(&self, name: &str, args: Array) -> Result<JsValue, JsValue> {
        let fail = |e: &Error| {
            if api::is_sync(name) {
                Err(js_error(e, JsValue::UNDEFINED))
            } else {
                Ok(rejected(e))
            }
        };
        // The gate's borrow ends here: an ERROR handler may call back into the SDK.
        let gate = self.inner.client.borrow().session.gate(name);
        if let Err(e) = gate {
            log::log(
                log::WARN,
                &format!("Oops! code:{} message:{}", e.code, e.message),
            );
            self.inner.report(&e);
            return fail(&e);
        }
        let values = to_values(&args);
        validate(name, &values).map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
        match super::methods::dispatch(&self.inner, name, &args, values) {
            // A synchronous method throws its failure (no synchronous method returns an Error).
            Ok(result) if api::is_sync(name) && result.is_instance_of::<js_sys::Error>() => {
                Err(result)
            }
            Ok(result) => Ok(result),
            Err(values) => match self.lifecycle(name, &values) {
                Some(v) => Ok(v),
                None => fail(&Error::new(
                    Code::NoModule,
                    if cfg!(feature = "full") {
                        format!("{name} is not implemented in tim-wasm yet")
                    } else {
                        format!("{name} is not in this build: tim-wasm/full builds more methods")
                    },
                )),
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
            // The page's clock, moved to the server's in server mode (spec §3.1).
            "getServerTime" => {
                let offset = match &inner.home {
                    Home::Remote(remote) => remote.server_offset() as f64,
                    Home::Local(..) => 0.0,
                };
                JsValue::from_f64((js_sys::Date::now() + offset).floor())
            }
            "setLogLevel" => {
                if let Some(level) = values
                    .first()
                    .and_then(Value::as_number)
                    .filter(|n| n.is_finite())
                {
                    log::set_level(level as i32);
                }
                JsValue::UNDEFINED
            }
            "registerPlugin" => JsValue::UNDEFINED,
            "findMessage" => values
                .first()
                .and_then(Value::as_str)
                .and_then(|id| inner.messages.borrow().get(id).cloned())
                .unwrap_or(JsValue::NULL),
            "getSignalingInfo" => {
                let m = values.first().unwrap_or(&crate::core::value::UNDEFINED);
                let data = m
                    .get("payload")
                    .get("data")
                    .as_str()
                    .and_then(|d| js_sys::JSON::parse(d).ok())
                    .map_or(Value::Undefined, |v| to_value(&v));
                signaling::info(m.get("type").as_str().unwrap_or_default(), &data)
                    .map_or(JsValue::NULL, |json| out("json", json))
            }
            "callExperimentalAPI" => {
                let key = values.first().and_then(Value::as_str).unwrap_or("");
                match inner
                    .client
                    .borrow()
                    .experimental(key, values.get(1).unwrap_or(&crate::core::value::UNDEFINED))
                {
                    Ok(Experimental::Bool(b)) => JsValue::from_bool(b),
                    Ok(Experimental::Enabled(b)) => {
                        resolved(object(&[("enabled", JsValue::from_bool(b))]))
                    }
                    Ok(Experimental::Done) => resolved(JsValue::UNDEFINED),
                    Err(e) => rejected(&e),
                }
            }
            "login" => self.login(
                values[0].get("userID").as_str().unwrap_or_default(),
                values[0].get("userSig").as_str().unwrap_or_default(),
            ),
            "logout" => {
                let outcome = inner.client.borrow_mut().session.logout();
                match outcome {
                    Ok(events) => {
                        self.inner.forget();
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
                self.inner.forget();
                inner.deliver(events);
                match outcome {
                    Ok(()) => resolved(JsValue::UNDEFINED),
                    Err(e) => rejected(&e),
                }
            }
            _ => return None,
        })
    }

    /// `login`: loads the user's state, delivers its events, then resolves; `SDK_READY` follows
    /// one timer tick later, as in the original (spec §7.2).
    fn login(&self, user_id: &str, user_sig: &str) -> JsValue {
        let start = {
            let mut c = self.inner.client.borrow_mut();
            let id = c.sdk_app_id;
            c.session.begin_login(id, user_id)
        };
        let ticket = match start {
            Err(e) => return rejected(&e),
            Ok(LoginStart::Repeat { current_user }) => {
                return resolved(login_body(
                    true,
                    &format!("{current_user} is already logged in"),
                ));
            }
            Ok(LoginStart::Started(t)) => t,
        };
        let Some((promise, resolve, reject)) = pending() else {
            return rejected(&Error::of(Code::UncaughtError));
        };
        let settle = move |r: Result<JsValue, JsValue>| {
            let _ = match r {
                Ok(v) => resolve.call1(&JsValue::UNDEFINED, &v),
                Err(e) => reject.call1(&JsValue::UNDEFINED, &e),
            };
        };
        let inner = self.inner.clone();
        if let Home::Remote(remote) = &self.inner.home {
            // Server mode: the server checks the sig (Hello), then the state loads by request.
            let app = self.inner.client.borrow().sdk_app_id as u64;
            remote.login(
                app,
                user_id,
                user_sig,
                Box::new(move |r| {
                    if let Err(e) = r.and_then(|_| {
                        inner
                            .client
                            .borrow_mut()
                            .session
                            .finish_login(ticket, Ok(()))
                    }) {
                        return settle(finish_login(&inner, ticket, Err(e)));
                    }
                    run_remote(
                        &inner,
                        Client::load_step(true),
                        Box::new(move |inner, loaded| {
                            fetch_groups(
                                inner,
                                Box::new(move |inner| {
                                    settle(finish_login(
                                        inner,
                                        ticket,
                                        loaded.map(|(_, events)| events),
                                    ))
                                }),
                            );
                        }),
                    );
                }),
            );
            return promise;
        }
        let Home::Local(shared) = &self.inner.home else {
            return promise;
        };
        let shared = shared.clone();
        // The state loads after the call returned to the caller, in a storage transaction.
        defer(
            None,
            Box::new(move || {
                let slot = Rc::new(RefCell::new(None));
                let (work_inner, work_slot, work_shared) =
                    (inner.clone(), slot.clone(), shared.clone());
                #[cfg(feature = "full")]
                let shared2 = shared.clone();
                shared.transact(
                    Box::new(move || {
                        let mut client = work_inner.client.borrow_mut();
                        let loaded = client.session.finish_login(ticket, Ok(())).and_then(|_| {
                            let mut replica = work_shared.replica.borrow_mut();
                            client.load(&mut *replica, now_secs(), true)
                        });
                        *work_slot.borrow_mut() = Some(loaded);
                    }),
                    Box::new(move |committed| {
                        let loaded = committed.and_then(|_| {
                            slot.take()
                                .unwrap_or_else(|| Err(Error::of(Code::UncaughtError)))
                        });
                        #[cfg(feature = "full")]
                        if loaded.is_ok() {
                            shared2.present(inner.session_id(), &inner.user());
                        }
                        settle(finish_login(&inner, ticket, loaded));
                    }),
                );
            }),
        );
        promise
    }
}

/// What to do with a step's result, in server mode.
pub(super) type Finish<T> = Box<dyn FnOnce(&Rc<Inner>, crate::client::Reply<T>)>;

/// Runs a client step against the server: each request it asks is sent, and its answer fed
/// back, until the step is done.
pub(super) fn run_remote<T: 'static>(
    inner: &Rc<Inner>,
    step: crate::client::Step<T>,
    done: Finish<T>,
) {
    match step {
        crate::client::Step::Done(r) => done(inner, r),
        crate::client::Step::Ask(req, then) => {
            let Home::Remote(remote) = &inner.home else {
                return done(inner, Err(Error::of(Code::UncaughtError)));
            };
            let next = inner.clone();
            remote.call(
                req,
                Box::new(move |res| {
                    let step = then(&mut next.client.borrow_mut(), res);
                    run_remote(&next, step, done);
                }),
            );
        }
    }
}

/// What runs once the groups are fetched.
type AfterGroups = Box<dyn FnOnce(&Rc<Inner>)>;

/// Server mode: fetches the user's groups (GROUP_LIST_UPDATED's data), then `then`.
fn fetch_groups(inner: &Rc<Inner>, then: AfterGroups) {
    let Home::Remote(remote) = &inner.home else {
        return then(inner);
    };
    let next = inner.clone();
    remote.call(
        crate::cloud::Request::GetJoinedGroups,
        Box::new(move |res| {
            if let Ok(crate::cloud::Response::Groups(g)) = res {
                *next.groups.borrow_mut() = g;
            }
            then(&next);
        }),
    );
}

/// Server mode: a batch of pushes. Batches apply in arrival order; one that changes the group
/// list waits for the list (and the batches after it wait for that one).
pub(super) fn remote_pushes(inner: &Rc<Inner>, batch: Vec<PushBody>) {
    inner.queued.borrow_mut().push(batch);
    if inner.queued.borrow().len() == 1 {
        drain(inner);
    }
}

fn drain(inner: &Rc<Inner>) {
    loop {
        let Some(batch) = inner.queued.borrow().first().cloned() else {
            return;
        };
        if batch
            .iter()
            .any(|p| matches!(p, PushBody::GroupListChanged))
        {
            fetch_groups(
                inner,
                Box::new(move |inner| {
                    inner.receive(batch);
                    if !inner.queued.borrow().is_empty() {
                        inner.queued.borrow_mut().remove(0);
                    }
                    drain(inner);
                }),
            );
            return;
        }
        inner.receive(batch);
        if !inner.queued.borrow().is_empty() {
            inner.queued.borrow_mut().remove(0);
        }
    }
}

/// Server mode: the connection's state changed (`NET_STATE_CHANGE`).
pub(super) fn remote_net_state(inner: &Rc<Inner>, state: &'static str) {
    inner.deliver(vec![Event::NetStateChanged(state)]);
}

/// Server mode: the server ended the session (spec §7.5).
pub(super) fn remote_kicked(inner: &Rc<Inner>, reason: String) {
    let events = inner.client.borrow_mut().session.kicked(&reason);
    if !events.is_empty() {
        inner.forget();
        inner.deliver(events);
    }
}

/// Server mode: the server could not replay what this client missed: reload the state.
pub(super) fn remote_resync(inner: &Rc<Inner>) {
    if inner.client.borrow().session.login_user().is_empty() {
        return;
    }
    run_remote(
        &inner.clone(),
        Client::load_step(false),
        Box::new(|inner, r| inner.deliver(r.map(|(_, e)| e).unwrap_or_default())),
    );
}

/// A new Promise and its resolve and reject functions.
pub(super) fn pending() -> Option<(JsValue, Function, Function)> {
    let mut fns = None;
    let promise = Promise::new(&mut |resolve, reject| fns = Some((resolve, reject)));
    fns.map(|(resolve, reject)| (promise.into(), resolve, reject))
}

/// Delivers the loaded state's events and schedules `SDK_READY`; a login whose state could not
/// be loaded (or committed) fails, as a failed login does.
fn finish_login(
    inner: &Rc<Inner>,
    ticket: u64,
    loaded: Result<Vec<Event>, Error>,
) -> Result<JsValue, JsValue> {
    // Cut off by logout or destroy while loading: no events for a session that ended.
    let loaded =
        loaded.and_then(|events| inner.client.borrow().session.still(ticket).map(|_| events));
    match loaded {
        Ok(events) => inner.deliver(events),
        Err(e) => {
            inner.client.borrow_mut().session.fail_login(ticket);
            inner.client.borrow_mut().reset();
            // Server mode: a login whose state did not load leaves no connection behind.
            if let Home::Remote(remote) = &inner.home {
                remote.logout(&e);
            }
            return Err(js_error(&e, JsValue::UNDEFINED));
        }
    }
    // A handler of those events may have logged out or destroyed the instance.
    inner
        .client
        .borrow()
        .session
        .still(ticket)
        .map_err(|e| js_error(&e, JsValue::UNDEFINED))?;
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
    let name = if ms.is_some() {
        "setTimeout"
    } else {
        "queueMicrotask"
    };
    if let Ok(func) = Reflect::get(&global, &name.into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = func.call2(
            &JsValue::UNDEFINED,
            &cb,
            &JsValue::from_f64(ms.unwrap_or(0.0)),
        );
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
pub(super) use super::convert::assign;
