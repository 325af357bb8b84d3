//! The embedded local cloud of each SDKAppID in this page, and the sessions connected to it.
//! Pushes from the cloud are routed here to the sessions of the users they are for.

use crate::cloud::{Cloud, Push, PushBody};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// Something that receives pushes: an SDK instance's session.
pub trait Receiver {
    fn user(&self) -> String;
    fn session_id(&self) -> u64;
    fn receive(&self, pushes: Vec<PushBody>);
}

pub struct Shared {
    pub cloud: RefCell<Cloud>,
    sessions: RefCell<Vec<Weak<dyn Receiver>>>,
    next_session: Cell<u64>,
}

thread_local! {
    /// A page has a handful of SDKAppIDs at most: a list is enough.
    static CLOUDS: RefCell<Vec<(u64, Rc<Shared>)>> = const { RefCell::new(Vec::new()) };
}

/// The page's local cloud for `sdk_app_id` (created on first use).
pub fn cloud_for(sdk_app_id: f64) -> Rc<Shared> {
    let key = sdk_app_id.to_bits();
    CLOUDS.with(|c| {
        let mut clouds = c.borrow_mut();
        if let Some((_, s)) = clouds.iter().find(|(k, _)| *k == key) {
            return s.clone();
        }
        let s = Rc::new(Shared { cloud: RefCell::new(Cloud::new(sdk_app_id)), sessions: RefCell::new(Vec::new()), next_session: Cell::new(0) });
        clouds.push((key, s.clone()));
        s
    })
}

impl Shared {
    pub fn new_session_id(&self) -> u64 {
        self.next_session.set(self.next_session.get() + 1);
        self.next_session.get()
    }

    pub fn connect(&self, r: Weak<dyn Receiver>) {
        self.sessions.borrow_mut().push(r);
    }

    /// Delivers pushes, one batch (one task of events) per receiving session. No borrow of the
    /// cloud or of the session list is held while a session applies its pushes.
    pub fn route(&self, pushes: Vec<Push>) {
        if pushes.is_empty() {
            return;
        }
        let sessions: Vec<Rc<dyn Receiver>> = {
            let mut list = self.sessions.borrow_mut();
            list.retain(|w| w.strong_count() > 0);
            list.iter().filter_map(|w| w.upgrade()).collect()
        };
        for s in sessions {
            let (user, sid) = (s.user(), s.session_id());
            if user.is_empty() {
                continue;
            }
            let mine: Vec<PushBody> = pushes.iter().filter(|p| p.user == user && p.except != Some(sid)).map(|p| p.body.clone()).collect();
            if !mine.is_empty() {
                s.receive(mine);
            }
        }
    }
}
