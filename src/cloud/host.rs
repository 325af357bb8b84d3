//! The host policy of a cloud whose journal lives in a shared storage (the tabs of a browser
//! origin): every use of the cloud runs in one storage transaction that first replays what other
//! writers committed (their pushes reach this host's sessions as a server's would), then does its
//! work; the entries the work recorded commit in the same transaction. Transactions run one
//! after the other, in call order; the calls issued while one is in flight share the next one
//! (group commit). A transaction that leaves enough entries after the last snapshot also writes
//! a new one (`journal::Replica::compaction`), so a new tab reads the state and a short tail
//! instead of the whole history. A failed commit rebuilds the replica from the journal; other
//! writers' commits wake the host up (`wakeups.rs`). Pure: the storage and the sessions' random
//! base are given by whoever hosts it (the page).

use super::journal::{Commit, Done};
use super::wakeups::Wakeups;
use super::{Push, PushBody, Replica, Storage};
use crate::core::error::{Code, Error};
use crate::core::json_read;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// Something that receives pushes: an SDK instance's session.
pub trait Receiver {
    fn user(&self) -> String;
    fn session_id(&self) -> u64;
    fn receive(&self, pushes: Vec<PushBody>);
    /// Reloads the user's state from the cloud (after the cloud was rebuilt).
    fn resync(&self);
    /// Tells the app about a storage problem (an `ERROR` event).
    fn report(&self, e: &Error);
}

pub type Work = Box<dyn FnOnce()>;

/// What a queued job is: a call, the rebuild after a failed commit (runs alone), or the read
/// ahead of the first call (`warm`: its failure is left for the first call to meet).
#[derive(Clone, Copy, PartialEq)]
enum Job {
    Call,
    Recovery,
    Warm,
}

pub struct Host {
    pub replica: RefCell<Replica>,
    storage: Box<dyn Storage>,
    sessions: Rc<RefCell<Vec<Weak<dyn Receiver>>>>,
    /// The last session ID given (from a base that is random per host).
    next_session: Cell<u64>,
    queue: RefCell<Vec<(Work, Done, Job)>>,
    busy: Cell<bool>,
    /// A commit failed: the replica may hold a change the journal lacks; rebuild it.
    stale: Cell<bool>,
    /// The journal position up to which this host's sessions have had the pushes.
    delivered: Cell<u64>,
    /// Unreadable records up to this key were reported already.
    reported: Cell<u64>,
    /// Listening to other tabs' commits (from this host's first transaction on).
    watching: Cell<bool>,
    wakeups: RefCell<Wakeups>,
}

impl Host {
    /// `session_base`: session IDs are `session_base + 1, + 2, ...`; give each host (tab) its own
    /// random base so IDs are unique across the writers of one journal.
    pub fn new(sdk_app_id: f64, storage: Box<dyn Storage>, session_base: u64) -> Host {
        let sessions: Rc<RefCell<Vec<Weak<dyn Receiver>>>> = Rc::default();
        let mut replica = Replica::new(sdk_app_id);
        // Pushes are built only for the users signed in here.
        let seen = Rc::downgrade(&sessions);
        replica.listeners = Some(Box::new(move || {
            let Some(list) = seen.upgrade() else {
                return Vec::new();
            };
            let list = list.borrow();
            list.iter()
                .filter_map(|w| w.upgrade())
                .map(|s| s.user())
                .filter(|u| !u.is_empty())
                .collect()
        }));
        Host {
            replica: RefCell::new(replica),
            storage,
            sessions,
            next_session: Cell::new(session_base),
            queue: RefCell::new(Vec::new()),
            busy: Cell::new(false),
            stale: Cell::new(false),
            delivered: Cell::new(0),
            reported: Cell::new(0),
            watching: Cell::new(false),
            wakeups: RefCell::new(Wakeups::default()),
        }
    }

    pub fn new_session_id(&self) -> u64 {
        self.next_session.set(self.next_session.get() + 1);
        self.next_session.get()
    }

    pub fn connect(&self, r: Weak<dyn Receiver>) {
        self.sessions.borrow_mut().push(r);
    }

    fn receivers(&self) -> Vec<Rc<dyn Receiver>> {
        let mut list = self.sessions.borrow_mut();
        list.retain(|w| w.strong_count() > 0);
        list.iter().filter_map(|w| w.upgrade()).collect()
    }

    /// Delivers pushes, one batch (one task of events) per receiving session. No borrow of the
    /// cloud or of the session list is held while a session applies its pushes.
    pub fn route(&self, pushes: Vec<Push>) {
        if pushes.is_empty() {
            return;
        }
        for s in self.receivers() {
            let (user, sid) = (s.user(), s.session_id());
            if user.is_empty() {
                continue;
            }
            let mine: Vec<PushBody> = pushes
                .iter()
                .filter(|p| p.user == user && p.except != Some(sid))
                .map(|p| p.body.clone())
                .collect();
            if !mine.is_empty() {
                s.receive(mine);
            }
        }
    }

    fn report(&self, e: &Error) {
        for s in self.receivers() {
            s.report(e);
        }
    }

    /// Runs `work` against the cloud in the next storage transaction (see the module doc);
    /// `done` learns whether what it recorded was committed.
    pub fn transact(self: &Rc<Self>, work: Work, done: Done) {
        self.queue.borrow_mut().push((work, done, Job::Call));
        if !self.busy.get() {
            self.next();
        }
    }

    /// `session` signed in as `user` (empty: signed out): other writers count it online.
    #[cfg(feature = "full")]
    pub fn present(&self, session: u64, user: &str) {
        self.storage.present(session, user);
    }

    /// Runs `then` once the cloud knows who is online: this host's signed-in sessions and those
    /// of the storage's other writers.
    #[cfg(feature = "full")]
    pub fn with_online(self: &Rc<Self>, then: Work) {
        let me = self.clone();
        self.storage.online(Box::new(move |users| {
            if let Ok(mut replica) = me.replica.try_borrow_mut() {
                let cloud = &mut replica.cloud;
                cloud.online = Default::default();
                cloud.add_online(users);
                // This page's sessions (a signed-out one has no user: never a member).
                cloud.add_online(me.receivers().iter().map(|s| s.user()));
            }
            then();
        }));
    }

    /// Reads the stored state now, ahead of the first call: an SDK instance was just created,
    /// and its login usually follows only once the app has fetched its userSig, so the login
    /// then finds the cloud loaded. Nothing is reported from here: should the storage fail, the
    /// first call meets the failure and reports it.
    pub fn warm(self: &Rc<Self>) {
        if self.busy.get() || self.watching.get() {
            return;
        }
        self.queue
            .borrow_mut()
            .push((Box::new(|| ()), Box::new(|_| ()), Job::Warm));
        self.next();
    }

    /// Runs the jobs waiting now in one transaction (group commit): calls issued while the
    /// previous transaction was in flight share the next one, and each learns the outcome only
    /// once it is committed. A recovery job runs alone.
    fn next(self: &Rc<Self>) {
        let batch: Vec<(Work, Done, Job)> = {
            let mut queue = self.queue.borrow_mut();
            let n = match queue.first() {
                None => 0,
                Some((_, _, Job::Recovery)) => 1,
                Some(_) => queue
                    .iter()
                    .take_while(|(_, _, j)| *j != Job::Recovery)
                    .count(),
            };
            queue.drain(..n).collect()
        };
        if batch.is_empty() {
            self.busy.set(false);
            return;
        }
        let recovery = batch.iter().any(|(_, _, j)| *j == Job::Recovery);
        let warm = batch.iter().all(|(_, _, j)| *j == Job::Warm);
        let mut works = Vec::with_capacity(batch.len());
        let mut dones = Vec::with_capacity(batch.len());
        for (w, d, _) in batch {
            works.push(w);
            dones.push(d);
        }
        self.busy.set(true);
        // After a failed commit: rebuild from the journal; the sessions had the pushes up to
        // `delivered`, and reload instead of replaying those.
        let rebuild_to = self.stale.replace(false).then(|| {
            self.replica.borrow_mut().reset();
            self.delivered.get()
        });
        self.watch();
        let after = self.replica.borrow().seen;
        let (me, me2) = (self.clone(), self.clone());
        self.storage.transact(
            after,
            Box::new(move |tail| {
                // The journal was compacted past this page's position, or cleared or replaced
                // under it: everything is new. (Checked first: the entry at the position, this
                // page's own, is not read again.)
                let mut entries = tail.entries;
                let replaced = me.replica.borrow_mut().check_position(after, &mut entries);
                let mut parsed: Vec<_> = entries
                    .iter()
                    .map(|(n, e)| (*n, json_read::parse(e)))
                    .collect();
                // The state up to the snapshot is read, not replayed: it makes no pushes.
                let mut errors = Vec::new();
                if let Some((at, text)) = &tail.snapshot {
                    if let Err(e) = me.replica.borrow_mut().restore(*at, text) {
                        errors.push((*at, e));
                    }
                }
                let quiet_to = if replaced {
                    u64::MAX
                } else {
                    rebuild_to.unwrap_or(0)
                };
                if replaced {
                    me.reported.set(0);
                }
                let split = parsed.partition_point(|(n, _)| *n <= quiet_to);
                let loud = parsed.split_off(split);
                let (_, quiet_errors) = me.replica.borrow_mut().catch_up(parsed);
                errors.extend(quiet_errors);
                if replaced || rebuild_to.is_some() {
                    for s in me.receivers() {
                        s.resync();
                    }
                }
                let (pushes, more) = me.replica.borrow_mut().catch_up(loud);
                errors.extend(more);
                for (n, e) in errors {
                    if n > me.reported.get() {
                        me.reported.set(n);
                        me.report(&e);
                    }
                }
                me.route(pushes);
                me.delivered.set(me.replica.borrow().seen);
                for work in works {
                    work();
                }
                let mut replica = me.replica.borrow_mut();
                Commit {
                    entries: replica.take_pending(),
                    snapshot: replica.compaction(),
                }
            }),
            Box::new(move |res| {
                if let (Err(e), false) = (&res, warm) {
                    // Storage failures reach the app as ERROR events too.
                    me2.report(e);
                    me2.stale.set(true);
                    // Rebuild at once (not for a storage that cannot even open).
                    if !recovery && e.code != Code::StorageUnavailable.as_u32() {
                        me2.queue
                            .borrow_mut()
                            .insert(0, (Box::new(|| ()), Box::new(|_| ()), Job::Recovery));
                    }
                }
                for done in dones {
                    done(res.clone());
                }
                me2.next();
            }),
        );
    }

    /// From the first transaction on (before it reads), each commit by another tab queues a
    /// catch-up transaction that replays it, so its pushes reach this host's sessions without
    /// waiting for their next call. A page that never used its cloud (no SDK instance or
    /// LocalCloud for its SDKAppID) does not replay others'.
    fn watch(self: &Rc<Self>) {
        if self.watching.replace(true) {
            return;
        }
        let me = Rc::downgrade(self);
        self.storage.watch(Box::new(move || {
            let Some(me) = me.upgrade() else { return };
            let Some(ticket) = me.wakeups.borrow_mut().notice() else {
                return;
            };
            let (me2, me3) = (me.clone(), me.clone());
            me.transact(
                Box::new(move || me2.wakeups.borrow_mut().reading(ticket)),
                Box::new(move |_| me3.wakeups.borrow_mut().reading(ticket)),
            );
        }));
    }
}
