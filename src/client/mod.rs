//! The client: one SDK instance's state, driving the core and talking to a cloud through
//! [`CloudLink`]. No JavaScript types appear here; the facade in `src/wasm` converts arguments
//! and results, delivers events, and routes the cloud's pushes to other sessions.

mod api;
mod conv_groups;
mod conv_state;
mod conversations;
mod groups;
mod messages;
mod pushes;

pub use api::{is_local, Output, CLOUD};
pub use conv_groups::{Failure, ItemsResult};
pub use messages::MessagePage;

use crate::cloud::{CloudLink, ConvSnapshot, Push, Request, Response, SessionId};
use crate::core::conv_store::ConvStore;
use crate::core::conversation::{ConvType, Conversation};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::message::{is_intl, Message};
use crate::core::session::Session;
use crate::core::keyed::Keyed;

/// What `callExperimentalAPI` answers (spec §7.7).
#[derive(Debug, PartialEq)]
pub enum Experimental {
    /// Returned synchronously (`canIUseModule`).
    Bool(bool),
    /// Resolves `{code: 0, data: {enabled}}` (`isCommercialAbilityEnabled`).
    Enabled(bool),
    /// Resolves `{code: 0, data: {}}`.
    Done,
}

/// The result of an operation: its value plus the events to deliver before it resolves.
pub type Reply<T> = Result<(T, Vec<Event>), Error>;

/// One SDK instance's state.
#[derive(Debug)]
pub struct Client {
    pub sdk_app_id: f64,
    pub session: Session,
    pub store: ConvStore,
    /// This instance's session at the cloud (distinguishes tabs and devices of one user).
    pub session_id: SessionId,
    /// Pushes the cloud produced for other sessions, for the facade to route.
    outbox: Vec<Push>,
    /// Messages created and not yet sent, by ID.
    drafts: Keyed<Message>,
    seed: u32,
}

impl Client {
    pub fn new(sdk_app_id: f64, session_id: SessionId, seed: u32) -> Self {
        Client {
            sdk_app_id,
            session: Session::default(),
            store: ConvStore::default(),
            session_id,
            outbox: Vec::new(),
            drafts: Keyed::new(),
            seed: seed | 1,
        }
    }

    pub fn intl(&self) -> bool {
        is_intl(self.sdk_app_id)
    }

    pub fn user(&self) -> String {
        self.session.login_user().to_string()
    }

    /// A pseudo-random 32-bit number (message randoms), from the seed the facade supplied.
    pub(crate) fn random(&mut self) -> u32 {
        // xorshift32
        let mut x = self.seed;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.seed = x;
        x
    }

    /// Sends a request as the logged-in user; the cloud's pushes wait in the outbox.
    pub(crate) fn req(&mut self, link: &mut dyn CloudLink, req: Request, now: u64) -> Result<Response, Error> {
        let user = self.user();
        let (res, pushes) = link.request(&user, self.session_id, req, now);
        self.outbox.extend(pushes);
        res
    }

    /// Pushes produced by this client's requests, for other sessions.
    pub fn take_outbox(&mut self) -> Vec<Push> {
        std::mem::take(&mut self.outbox)
    }

    /// Finishes a call's events (adds the unread-total event when it changed).
    pub(crate) fn finish(&mut self, events: Events) -> Vec<Event> {
        let total = self.store.total_unread();
        events.finish(total, &mut self.store.emitted_total)
    }

    /// Builds the app-facing conversation from the cloud's snapshot, keeping local-only fields.
    pub(crate) fn conversation_from(&self, snap: &ConvSnapshot) -> Conversation {
        let mut c = self.store.get(&snap.id).cloned().unwrap_or_else(|| Conversation::new(&snap.id));
        c.unread_count = snap.unread;
        c.is_pinned = snap.pinned;
        c.custom_data = snap.custom_data.clone();
        c.mark_list = snap.marks.clone();
        c.message_remind_type = Some(snap.remind.clone());
        c.conversation_group_list = snap.groups.clone();
        c.last_message = snap.last.as_ref().map(|m| m.to_last(self.intl(), c.peer_read_time)).unwrap_or_default();
        if c.kind == ConvType::C2c {
            c.user_profile = snap.peer.clone().or(c.user_profile.take());
        }
        if let Some(g) = &snap.group {
            c.sub_type = g.kind.clone();
            c.group_profile = Some(g.clone());
        }
        c
    }

    /// Loads the user's state at login (before `login()` resolves): conversations and groups.
    pub fn load(&mut self, link: &mut dyn CloudLink, now: u64) -> Result<Vec<Event>, Error> {
        let Response::Snapshot { convs, conv_groups } = self.req(link, Request::Sync, now)? else {
            return Err(Error::of(Code::UncaughtError));
        };
        self.store.clear();
        for snap in &convs {
            let c = self.conversation_from(snap);
            self.store.put(c);
        }
        self.store.sort();
        self.store.sync_completed = true;
        let mut events = Events::default();
        if !self.store.is_empty() {
            events.list_changed();
        }
        if !conv_groups.is_empty() {
            events.push(Event::ConversationGroupListUpdated(conv_groups.iter().map(|(_, n)| n.clone()).collect()));
        }
        self.store.set_groups(conv_groups);
        Ok(self.finish(events))
    }

    /// Forgets the user's state (logout, destroy).
    pub fn reset(&mut self) {
        self.store.clear();
        self.drafts.clear();
        self.outbox.clear();
    }

    /// `callExperimentalAPI(key, arg)`: every paid ability is on in the local cloud.
    pub fn experimental(&self, key: &str) -> Result<Experimental, Error> {
        match key {
            "canIUseModule" => Ok(Experimental::Bool(true)),
            "isCommercialAbilityEnabled" => Ok(Experimental::Enabled(true)),
            "statTUIKeyFeatures" => Ok(Experimental::Done),
            _ => Err(Error::new(Code::InvalidOperation, format!("callExperimentalAPI: unknown key \"{key}\""))),
        }
    }
}
