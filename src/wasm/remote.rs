//! Server mode's transport (CONTRACT §9): the pure connection machine (`client/remote.rs`)
//! over a real WebSocket — web-sys's in browsers, the `ws` package's in Node (the same
//! interface; the JS entry hands over its constructor) — with gloo-events listeners and a
//! half-second ticker for its clock. Frames are JSON text in serde's form, as the server reads
//! and writes them: written with the crate's JSON writer (`wire_encode.rs`), read with
//! `JSON.parse` and `wire_decode.rs` — serde's derived code for these types would cost more
//! than the size budget allows.

use super::sdk::Inner;
use crate::client::remote::{Action, Remote};
use crate::cloud::protocol::{Request, Response};
use crate::cloud::wire::ServerFrame;
use crate::cloud::wire_decode::Decode;
use crate::core::error::Error;
use crate::core::json_read;
use gloo_events::EventListener;
use js_sys::{Array, Function, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::WebSocket;

type Answer = Box<dyn FnOnce(Result<Response, Error>)>;

/// The ticker's period: the machine's timeouts are in seconds, its backoff from half a second.
const TICK_MS: i32 = 500;

struct Socket {
    ws: WebSocket,
    _listeners: [EventListener; 4],
}

pub(super) struct RemoteHome {
    machine: RefCell<Remote>,
    /// `WebSocket` (the page's) or the `ws` package's class.
    ctor: JsValue,
    socket: RefCell<Option<Socket>>,
    /// Events of a socket closed since are ignored.
    generation: Cell<u64>,
    waiting: RefCell<Vec<(u64, Answer)>>,
    login_done: RefCell<Option<LoginDone>>,
    owner: RefCell<Option<Weak<Inner>>>,
    ticker: RefCell<Option<Ticker>>,
}

/// What a login's end is told.
type LoginDone = Box<dyn FnOnce(Result<(), Error>)>;
/// The interval's ID and its callback.
type Ticker = (JsValue, Closure<dyn FnMut()>);

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl RemoteHome {
    pub fn new(urls: Vec<String>, ctor: JsValue, session: u64, seed: u64) -> Rc<RemoteHome> {
        Rc::new(RemoteHome {
            machine: RefCell::new(Remote::new(urls, session, seed)),
            ctor,
            socket: RefCell::new(None),
            generation: Cell::new(0),
            waiting: RefCell::new(Vec::new()),
            login_done: RefCell::new(None),
            owner: RefCell::new(None),
            ticker: RefCell::new(None),
        })
    }

    /// The server's clock minus the page's (ms), from the last `Welcome`.
    pub fn server_offset(&self) -> i64 {
        self.machine.borrow().server_offset()
    }

    pub fn set_owner(&self, owner: Weak<Inner>) {
        *self.owner.borrow_mut() = Some(owner);
    }

    /// Connects and says `Hello`; `done` learns whether the server took the login.
    pub fn login(
        self: &Rc<Self>,
        sdk_app_id: u64,
        user: &str,
        user_sig: &str,
        done: Box<dyn FnOnce(Result<(), Error>)>,
    ) {
        *self.login_done.borrow_mut() = Some(done);
        self.start_ticker();
        let actions = self
            .machine
            .borrow_mut()
            .login(sdk_app_id, user, user_sig, now_ms());
        self.run(actions);
    }

    /// Sends a request; `then` gets its answer (or 2801, 2800, 2982).
    pub fn call(self: &Rc<Self>, req: Request, then: Answer) {
        let (id, actions) = self.machine.borrow_mut().call(req, now_ms());
        self.waiting.borrow_mut().push((id, then));
        self.run(actions);
    }

    /// Logout or destroy: closes the connection; waiting calls get `cut`.
    pub fn logout(self: &Rc<Self>, cut: &Error) {
        let actions = self.machine.borrow_mut().logout(cut);
        self.run(actions);
        self.close_socket();
        self.stop_ticker();
        let done = self.login_done.borrow_mut().take();
        if let Some(done) = done {
            done(Err(cut.clone()));
        }
    }

    fn owner(&self) -> Option<Rc<Inner>> {
        self.owner.borrow().as_ref().and_then(Weak::upgrade)
    }

    fn run(self: &Rc<Self>, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Open(url) => self.open(&url),
                Action::Send(frame) => self.send(&frame),
                Action::Close => self.close_socket(),
                // To js/media.js, through the instance's emitter (a name no app listens to).
                #[cfg(feature = "full")]
                Action::Files(url, files) => {
                    if let Some(o) = self.owner() {
                        let _ = o.emit.call2(
                            &JsValue::NULL,
                            &"_files".into(),
                            &js_sys::Array::of2(&url.into(), &files.into()),
                        );
                    }
                }
                Action::LoggedIn => {
                    // Taken first: `done` may call back in (no borrow may be held meanwhile).
                    let done = self.login_done.borrow_mut().take();
                    if let Some(done) = done {
                        done(Ok(()));
                    }
                }
                Action::LoginFailed(e) => {
                    self.close_socket();
                    self.stop_ticker();
                    let done = self.login_done.borrow_mut().take();
                    if let Some(done) = done {
                        done(Err(e));
                    }
                }
                Action::Answer(id, r) => {
                    let then = {
                        let mut w = self.waiting.borrow_mut();
                        w.iter()
                            .position(|(i, _)| *i == id)
                            .map(|at| w.remove(at).1)
                    };
                    if let Some(then) = then {
                        then(r);
                    }
                }
                Action::Pushes(p) => {
                    if let Some(o) = self.owner() {
                        super::sdk::remote_pushes(&o, p);
                    }
                }
                Action::Net(s) => {
                    if let Some(o) = self.owner() {
                        super::sdk::remote_net_state(&o, s.as_str());
                    }
                }
                Action::Kicked(reason) => {
                    self.close_socket();
                    self.stop_ticker();
                    if let Some(o) = self.owner() {
                        super::sdk::remote_kicked(&o, reason);
                    }
                }
                Action::Resync => {
                    if let Some(o) = self.owner() {
                        super::sdk::remote_resync(&o);
                    }
                }
            }
        }
    }

    fn open(self: &Rc<Self>, url: &str) {
        self.close_socket();
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        let ws: WebSocket = match self
            .ctor
            .dyn_ref::<Function>()
            .map(|c| Reflect::construct(c, &Array::of1(&JsValue::from_str(url))))
        {
            Some(Ok(ws)) => ws.unchecked_into(),
            // A URL the constructor refuses: as a connection that failed.
            _ => {
                let actions = self.machine.borrow_mut().closed(now_ms());
                return self.run(actions);
            }
        };
        let listen = |kind: &'static str| {
            let home = Rc::downgrade(self);
            EventListener::new(&ws, kind, move |ev| {
                let Some(home) = home.upgrade() else { return };
                if home.generation.get() != generation {
                    return;
                }
                let now = now_ms();
                let actions = match kind {
                    "open" => home.machine.borrow_mut().opened(now),
                    "message" => {
                        let data = Reflect::get(ev, &"data".into())
                            .ok()
                            .and_then(|d| d.as_string());
                        let frame = data.and_then(|t| ServerFrame::decode(&json_read::parse(&t)));
                        home.machine.borrow_mut().frame(frame, now)
                    }
                    // "close", and "error" (a close follows; the first one counts).
                    _ => {
                        home.generation.set(generation + 1);
                        home.socket.borrow_mut().take();
                        home.machine.borrow_mut().closed(now)
                    }
                };
                home.run(actions);
            })
        };
        let listeners = [
            listen("open"),
            listen("message"),
            listen("close"),
            listen("error"),
        ];
        *self.socket.borrow_mut() = Some(Socket {
            ws,
            _listeners: listeners,
        });
    }

    fn send(&self, frame: &str) {
        if let Some(s) = self.socket.borrow().as_ref() {
            let _ = s.ws.send_with_str(frame);
        }
    }

    fn close_socket(&self) {
        self.generation.set(self.generation.get() + 1);
        let socket = self.socket.borrow_mut().take();
        if let Some(s) = socket {
            let _ = s.ws.close();
        }
    }

    fn start_ticker(self: &Rc<Self>) {
        if self.ticker.borrow().is_some() {
            return;
        }
        let home = Rc::downgrade(self);
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(home) = home.upgrade() {
                let actions = home.machine.borrow_mut().tick(now_ms());
                home.run(actions);
            }
        });
        let global = js_sys::global();
        let id = Reflect::get(&global, &"setInterval".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| {
                f.call2(&JsValue::UNDEFINED, tick.as_ref(), &JsValue::from(TICK_MS))
                    .ok()
            });
        if let Some(id) = id {
            // In Node, a pending interval would keep the process alive: `unref` it.
            if let Ok(unref) =
                Reflect::get(&id, &"unref".into()).and_then(|f| f.dyn_into::<Function>())
            {
                let _ = unref.call0(&id);
            }
            *self.ticker.borrow_mut() = Some((id, tick));
        }
    }

    fn stop_ticker(&self) {
        let ticker = self.ticker.borrow_mut().take();
        if let Some((id, _tick)) = ticker {
            if let Ok(clear) = Reflect::get(&js_sys::global(), &"clearInterval".into())
                .and_then(|f| f.dyn_into::<Function>())
            {
                let _ = clear.call1(&JsValue::UNDEFINED, &id);
            }
        }
    }
}
