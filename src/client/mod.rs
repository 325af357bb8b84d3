//! The client: one SDK instance's state, driving the core and talking to a cloud through
//! [`CloudLink`]. No JavaScript types appear here; the facade in `src/wasm` converts arguments
//! and results, delivers events, and routes the cloud's pushes to other sessions.

mod api;
#[cfg(feature = "full")]
pub mod by_filter;
mod conv_groups;
mod conv_state;
mod conversations;
#[cfg(feature = "full")]
mod extensions;
#[cfg(feature = "full")]
mod group_apps;
#[cfg(feature = "full")]
mod group_keys;
mod groups;
#[cfg(feature = "full")]
mod members;
#[cfg(feature = "full")]
mod message_ops;
mod messages;
mod pushes;
#[cfg(feature = "full")]
mod reactions;
#[cfg(feature = "full")]
mod receipts;
mod relations;
pub mod remote;
mod step;

#[cfg(all(feature = "full", target_arch = "wasm32"))]
pub(crate) use api::list;
pub use api::{is_cloud, is_local, Output, CLOUD, FULL_CLOUD};
pub use conv_groups::{Failure, ItemsResult};
pub use messages::MessagePage;
#[cfg(feature = "full")]
pub use messages::CONFLICT;
pub use step::{Step, Then};

use crate::cloud::{CloudLink, ConvSnapshot, Push, Request, Response, SessionId};
use crate::core::conv_store::ConvStore;
use crate::core::conversation::{ConvType, Conversation};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::keyed::Keyed;
use crate::core::message::{is_intl, Message};
use crate::core::session::Session;
use crate::core::value::Value;

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
    /// getMessageListHopping in one-to-one chats: where the last page of each (conversation,
    /// newer) ended (its time, its message), to go on past it within the same second.
    #[cfg(feature = "full")]
    hops: Vec<(String, bool, u64, String)>,
    /// getConversationListByFilter's open pagings and the last paging's number.
    #[cfg(feature = "full")]
    pagings: Vec<by_filter::Paging>,
    #[cfg(feature = "full")]
    page_no: u64,
    /// The message as it is now, after modifyMessage's conflict (2480): the facade gives it in
    /// the error's `data.message`.
    #[cfg(feature = "full")]
    pub conflict: Option<String>,
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
            #[cfg(feature = "full")]
            hops: Vec::new(),
            #[cfg(feature = "full")]
            pagings: Vec::new(),
            #[cfg(feature = "full")]
            page_no: 0,
            #[cfg(feature = "full")]
            conflict: None,
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
    pub(crate) fn req(
        &mut self,
        link: &mut dyn CloudLink,
        req: Request,
        now: u64,
    ) -> Result<Response, Error> {
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
        #[allow(unused_mut)]
        let mut events = events.finish(total, &mut self.store.emitted_total);
        #[cfg(feature = "full")]
        self.filter_events(&mut events);
        events
    }

    /// Builds the app-facing conversation from the cloud's snapshot, keeping local-only fields.
    pub(crate) fn conversation_from(&self, snap: ConvSnapshot) -> Conversation {
        let mut c = self
            .store
            .get(&snap.id)
            .cloned()
            .unwrap_or_else(|| Conversation::new(&snap.id));
        c.unread_count = snap.unread;
        c.is_pinned = snap.pinned;
        c.custom_data = snap.custom_data;
        c.mark_list = snap.marks;
        c.message_remind_type = Some(snap.remind);
        c.conversation_group_list = snap.groups;
        c.peer_read_time = snap.peer_read_time;
        c.group_at_list = snap.at_infos;
        c.last_message = snap
            .last
            .map(|m| m.into_last(self.intl()))
            .unwrap_or_default();
        if c.kind == ConvType::C2c {
            c.user_profile = snap.peer.or(c.user_profile.take());
        }
        if let Some(g) = snap.group {
            c.sub_type = g.kind.clone();
            c.group_profile = Some(g);
        }
        c
    }

    /// Loads the user's state at login (before `login()` resolves): conversations and groups.
    ///
    /// At login (`login`), as the original: CONVERSATION_LIST_UPDATED with `isSyncCompleted`
    /// even for an empty list, CONVERSATION_GROUP_LIST_UPDATED when the user has groups, and
    /// GROUP_LIST_UPDATED. Reloading a logged-in user's state (after the storage was rebuilt)
    /// keeps what did not change — the same conversation objects, no event for it — and
    /// reports only what did.
    pub fn load(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        login: bool,
    ) -> Result<Vec<Event>, Error> {
        self.drive(link, now, Self::load_step(login))
            .map(|(_, events)| events)
    }

    pub fn load_step(login: bool) -> Step<()> {
        Step::ask(Request::Sync, move |c, res| Ok(((), c.loaded(res, login)?)))
    }

    fn loaded(&mut self, res: Result<Response, Error>, login: bool) -> Result<Vec<Event>, Error> {
        let Response::Snapshot { convs, conv_groups } = res? else {
            return Err(Error::of(Code::UncaughtError));
        };
        let mut changed = false;
        if self.store.is_empty() {
            self.store.reserve(convs.len());
        } else {
            let mut kept = Keyed::new();
            for s in &convs {
                kept.insert(s.id.clone(), ());
            }
            for id in self.store.ids() {
                if !kept.contains_key(&id) {
                    changed |= self.store.remove(&id);
                }
            }
        }
        for snap in convs {
            let c = self.conversation_from(snap);
            changed |= self.store.put(c);
        }
        self.store.sort();
        self.store.sync_completed = true;
        let mut events = Events::default();
        if changed || login {
            events.list_changed();
        }
        let names: Vec<String> = conv_groups.iter().map(|(_, n)| n.clone()).collect();
        if (login && !names.is_empty()) || (!login && names != self.store.group_names()) {
            events.push(Event::ConversationGroupListUpdated(names));
        }
        self.store.set_groups(conv_groups);
        if login {
            events.push(Event::GroupListUpdated);
        }
        Ok(self.finish(events))
    }

    /// Forgets the user's state (logout, destroy).
    pub fn reset(&mut self) {
        self.store.clear();
        self.drafts.clear();
        self.outbox.clear();
        #[cfg(feature = "full")]
        {
            self.hops.clear();
            self.pagings.clear();
        }
    }

    /// `callExperimentalAPI(key, arg)`. `isCommercialAbilityEnabled(bits)` is true when every
    /// ability asked for is one we serve (CONTRACT §7): clients use it to decide what to call.
    pub fn experimental(&self, key: &str, arg: &Value) -> Result<Experimental, Error> {
        match key {
            "canIUseModule" => Ok(Experimental::Bool(true)),
            "isCommercialAbilityEnabled" => Ok(Experimental::Enabled(abilities_served(arg))),
            "statTUIKeyFeatures" => Ok(Experimental::Done),
            _ => Err(Error::new(
                Code::InvalidOperation,
                format!("callExperimentalAPI: unknown key \"{key}\""),
            )),
        }
    }
}

/// The original's paid abilities, by bit (its purchase bits): 1 cloud search of groups, 2 live
/// group history, 3 communities, 4 messages to some members, 6 live group member list, 7 user
/// status, 9 conversation marks, 10 conversation groups, 11 live group bans, 13 message
/// extensions, 15 group counters, 38 translation, 39 voice to text, 40 customer service,
/// 48 message reactions (the TUIKit engine's `enabledEmojiPlugin`). Served: marks and
/// conversation groups; in the full build also message extensions, group counters and
/// reactions.
#[cfg(not(feature = "full"))]
pub const ABILITIES_SERVED: u64 = 1 << 9 | 1 << 10;
#[cfg(feature = "full")]
pub const ABILITIES_SERVED: u64 = 1 << 9 | 1 << 10 | 1 << 13 | 1 << 15 | 1 << 48;

/// Whether every ability bit in `arg` (a number, or a decimal string as `parseInt` reads it) is
/// one we serve. No bit asked for: true, as in the original.
pub fn abilities_served(arg: &Value) -> bool {
    let n = match arg {
        Value::Number(n) => *n,
        // parseInt: the leading decimal digits (no float parser: it would cost the wasm ~10 KB).
        Value::Str(s) => s
            .trim_start()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0')),
        _ => 0.0,
    };
    if !n.is_finite() || n < 1.0 {
        return true;
    }
    // Above 2^64 every bit an f64 can express is past the abilities we know: not served.
    n < 18_446_744_073_709_551_616.0 && (n as u64) & !ABILITIES_SERVED == 0
}

#[cfg(test)]
mod ability_tests {
    use super::*;

    #[test]
    fn only_abilities_we_serve_read_enabled() {
        let num = |n: f64| Value::Number(n);
        assert!(abilities_served(&num(512.0)));
        assert!(abilities_served(&num(1024.0)));
        assert!(abilities_served(&num(1536.0)));
        assert!(abilities_served(&Value::Str("1536".into())));
        assert!(abilities_served(&num(0.0)));
        for bit in [1, 2, 3, 4, 6, 7, 11, 38, 39, 40] {
            assert!(!abilities_served(&num((1u64 << bit) as f64)), "bit {bit}");
        }
        assert!(!abilities_served(&num(512.0 + 128.0)));
        // Message extensions, group counters and reactions (the TUIKit engine's emoji bit)
        // where they are built.
        for bit in [13, 15, 48] {
            let n = (1u64 << bit) as f64;
            assert_eq!(
                abilities_served(&num(n)),
                cfg!(feature = "full"),
                "bit {bit}"
            );
            assert_eq!(abilities_served(&num(n + 512.0)), cfg!(feature = "full"));
        }
    }
}
