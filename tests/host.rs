//! The host policy natively (`cloud/host.rs`): what every tab of an origin runs around its
//! embedded cloud, here over a journal shared in memory by several hosts (tabs), with commit
//! notices delivered as a BroadcastChannel would. Jobs run in call order; another writer's
//! commit reaches this host's sessions as pushes without a call of theirs; a failed commit
//! rebuilds the replica from the journal and reloads the sessions.

mod common;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use tim_wasm::cloud::host::{Host, Receiver};
use tim_wasm::cloud::journal::{Done, Entries, Step as TxStep, Tail};
use tim_wasm::cloud::{CloudLink, PushBody, Request, Storage};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::error::{Code, Error};
use tim_wasm::core::message::Payload;

/// A handle's ID and what it runs on a wake-up.
type Watcher = (usize, Rc<dyn Fn()>);

/// One journal, several handles (tabs); a commit notifies the other handles' watchers.
#[derive(Default)]
struct Journal {
    log: RefCell<Entries>,
    snapshot: RefCell<Option<(u64, String)>>,
    watchers: RefCell<Vec<Watcher>>,
    /// Fail the next commit (quota exceeded, say).
    fail_next: Cell<bool>,
    /// Hold transactions until `flush` (as IndexedDB runs them later, in another task).
    deferred: Cell<bool>,
    held: RefCell<Vec<Box<dyn FnOnce()>>>,
    /// Transactions run so far.
    transactions: Cell<u32>,
}

impl Journal {
    /// Runs the transactions held now; false when there were none.
    fn run_held(&self) -> bool {
        let held: Vec<_> = self.held.borrow_mut().drain(..).collect();
        let any = !held.is_empty();
        for tx in held {
            tx();
        }
        any
    }

    /// Runs the held transactions, and those they start, until none is held.
    fn flush(&self) {
        while self.run_held() {}
    }
}

struct Handle {
    id: usize,
    journal: Rc<Journal>,
}

impl Storage for Handle {
    fn transact(&self, after: u64, step: TxStep, done: Done) {
        if self.journal.deferred.get() {
            let me = Handle {
                id: self.id,
                journal: self.journal.clone(),
            };
            self.journal
                .held
                .borrow_mut()
                .push(Box::new(move || me.run(after, step, done)));
            return;
        }
        self.run(after, step, done);
    }

    fn watch(&self, wake: Box<dyn Fn()>) {
        self.journal
            .watchers
            .borrow_mut()
            .push((self.id, Rc::from(wake)));
    }
}

impl Handle {
    fn run(&self, after: u64, step: TxStep, done: Done) {
        self.journal
            .transactions
            .set(self.journal.transactions.get() + 1);
        let tail = {
            let log = self.journal.log.borrow();
            let from = log.partition_point(|(n, _)| *n < after);
            if after != 0 && log.get(from).is_some_and(|(n, _)| *n == after) {
                Tail {
                    snapshot: None,
                    entries: log[from..].to_vec(),
                }
            } else {
                let snapshot = self.journal.snapshot.borrow().clone();
                let base = snapshot.as_ref().map_or(0, |(n, _)| *n);
                Tail {
                    entries: log.iter().filter(|(n, _)| *n > base).cloned().collect(),
                    snapshot,
                }
            }
        };
        let commit = step(tail);
        if self.journal.fail_next.replace(false) {
            return done(Err(Error::new(Code::StorageFailed, "quota exceeded")));
        }
        let added = !commit.entries.is_empty();
        let mut log = self.journal.log.borrow_mut();
        log.extend(commit.entries);
        if let Some(snap) = commit.snapshot {
            log.retain(|(n, _)| *n > snap.drop_to);
            *self.journal.snapshot.borrow_mut() = Some((snap.at, snap.text));
        }
        drop(log);
        done(Ok(()));
        if added {
            let others: Vec<Rc<dyn Fn()>> = self
                .journal
                .watchers
                .borrow()
                .iter()
                .filter(|(id, _)| *id != self.id)
                .map(|(_, w)| w.clone())
                .collect();
            for wake in others {
                wake();
            }
        }
    }
}

/// A session that records what reaches it.
struct Session {
    user: String,
    id: u64,
    got: RefCell<Vec<PushBody>>,
    resyncs: Cell<u32>,
    reports: RefCell<Vec<u32>>,
}

impl Receiver for Session {
    fn user(&self) -> String {
        self.user.clone()
    }
    fn session_id(&self) -> u64 {
        self.id
    }
    fn receive(&self, pushes: Vec<PushBody>) {
        self.got.borrow_mut().extend(pushes);
    }
    fn resync(&self) {
        self.resyncs.set(self.resyncs.get() + 1);
    }
    fn report(&self, e: &Error) {
        self.reports.borrow_mut().push(e.code);
    }
}

fn tab(journal: &Rc<Journal>, id: usize) -> Rc<Host> {
    Rc::new(Host::new(
        1400000001.0,
        Box::new(Handle {
            id,
            journal: journal.clone(),
        }),
        id as u64 * 65_536,
    ))
}

fn session(host: &Rc<Host>, user: &str) -> Rc<Session> {
    let s = Rc::new(Session {
        user: user.into(),
        id: host.new_session_id(),
        got: RefCell::new(Vec::new()),
        resyncs: Cell::new(0),
        reports: RefCell::new(Vec::new()),
    });
    let weak: Weak<dyn Receiver> = Rc::downgrade(&(s.clone() as Rc<dyn Receiver>));
    host.connect(weak);
    s
}

/// A job that sends a text from `from` to `to` as session `sid`, routing the pushes as the page does.
fn send(
    host: &Rc<Host>,
    from: &str,
    sid: u64,
    to: &str,
    text: &str,
    result: Rc<RefCell<Vec<Result<(), u32>>>>,
) {
    let (h1, h2) = (host.clone(), host.clone());
    let (from, to, text) = (from.to_string(), to.to_string(), text.to_string());
    let pushes = Rc::new(RefCell::new(Vec::new()));
    let p2 = pushes.clone();
    host.transact(
        Box::new(move || {
            // Each message its own ID (the cloud stores a message ID once).
            let random = text.bytes().map(u32::from).sum();
            let req = Request::SendMessage {
                conv_type: ConvType::C2c,
                to,
                payload: Payload::Text { text },
                cloud_custom_data: String::new(),
                random,
                client_time: 1,
                flags: 0,
            };
            let (res, out) = h1
                .replica
                .borrow_mut()
                .request(&from, sid, req, 1_700_000_000);
            res.unwrap();
            *p2.borrow_mut() = out;
        }),
        Box::new(move |committed| {
            if committed.is_ok() {
                h2.route(pushes.take());
            }
            result.borrow_mut().push(committed.map_err(|e| e.code));
        }),
    );
}

fn texts(s: &Session) -> Vec<String> {
    s.got
        .borrow()
        .iter()
        .filter_map(|p| match p {
            PushBody::Message { message, .. } => match &message.payload {
                Payload::Text { text } => Some(text.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn another_tabs_commit_reaches_this_tabs_sessions_without_a_call() {
    let journal = Rc::new(Journal::default());
    let (a, b) = (tab(&journal, 1), tab(&journal, 2));
    let bob = session(&a, "bob");
    let alice = session(&b, "alice");
    let results = Rc::new(RefCell::new(Vec::new()));
    // Tab b uses its cloud once (it listens from its first transaction on).
    b.transact(Box::new(|| ()), Box::new(|_| ()));
    for t in ["one", "two", "three"] {
        send(&a, "bob", bob.id, "alice", t, results.clone());
    }
    assert_eq!(*results.borrow(), vec![Ok(()), Ok(()), Ok(())]);
    // Each of bob's commits woke tab b, whose catch-up delivered it to alice: in order, once.
    assert_eq!(texts(&alice), vec!["one", "two", "three"]);
    // Bob's own session got no echo of his sends.
    assert!(texts(&bob).is_empty());
    assert_eq!(b.replica.borrow().seen, 3);
}

#[test]
fn a_tab_that_never_used_its_cloud_replays_nothing() {
    let journal = Rc::new(Journal::default());
    let (a, b) = (tab(&journal, 1), tab(&journal, 2));
    let bob = session(&a, "bob");
    let alice = session(&b, "alice");
    send(
        &a,
        "bob",
        bob.id,
        "alice",
        "hi",
        Rc::new(RefCell::new(Vec::new())),
    );
    assert!(texts(&alice).is_empty());
    assert_eq!(b.replica.borrow().seen, 0);
    // Its first use catches up with everything, as pushes.
    b.transact(Box::new(|| ()), Box::new(|_| ()));
    assert_eq!(texts(&alice), vec!["hi"]);
}

#[test]
fn a_failed_commit_rebuilds_from_the_journal_and_reloads_the_sessions() {
    let journal = Rc::new(Journal::default());
    let a = tab(&journal, 1);
    let bob = session(&a, "bob");
    let results = Rc::new(RefCell::new(Vec::new()));
    send(&a, "bob", bob.id, "alice", "kept", results.clone());
    journal.fail_next.set(true);
    send(&a, "bob", bob.id, "alice", "lost", results.clone());
    assert_eq!(*results.borrow(), vec![Ok(()), Err(2984)]);
    // The failure reached the sessions as a report, and they were reloaded from the journal.
    assert_eq!(*bob.reports.borrow(), vec![2984]);
    assert!(bob.resyncs.get() >= 1);
    // Nothing of the failed change remains: alice's conversation holds only what was committed.
    let (res, _) = a.replica.borrow_mut().request(
        "alice",
        9,
        Request::GetMessages {
            conversation_id: "C2Cbob".into(),
            before: None,
            count: 15,
        },
        1_700_000_001,
    );
    let Ok(tim_wasm::cloud::Response::Messages { messages, .. }) = res else {
        panic!()
    };
    assert_eq!(
        messages
            .iter()
            .map(|m| format!("{:?}", m.payload))
            .collect::<Vec<_>>(),
        vec![format!(
            "{:?}",
            Payload::Text {
                text: "kept".into()
            }
        )]
    );
    // And the next job works.
    send(&a, "bob", bob.id, "alice", "after", results.clone());
    assert_eq!(results.borrow().last(), Some(&Ok(())));
}

#[test]
fn jobs_run_in_call_order_even_when_queued_from_inside_a_job() {
    let journal = Rc::new(Journal::default());
    let a = tab(&journal, 1);
    let order = Rc::new(RefCell::new(Vec::new()));
    let (o1, o2, o3, a2) = (order.clone(), order.clone(), order.clone(), a.clone());
    a.transact(
        Box::new(move || {
            o1.borrow_mut().push("first work");
            // A call made while a job runs (an event handler calling back in) waits its turn.
            let o = o2.clone();
            a2.transact(
                Box::new(move || o.borrow_mut().push("nested work")),
                Box::new(|_| ()),
            );
        }),
        Box::new(move |_| o3.borrow_mut().push("first done")),
    );
    assert_eq!(
        *order.borrow(),
        vec!["first work", "first done", "nested work"]
    );
}

#[test]
fn calls_issued_during_a_transaction_share_the_next_one_and_each_waits_for_its_commit() {
    let journal = Rc::new(Journal::default());
    journal.deferred.set(true);
    let (a, b) = (tab(&journal, 1), tab(&journal, 2));
    let bob = session(&a, "bob");
    let alice = session(&b, "alice");
    b.transact(Box::new(|| ()), Box::new(|_| ()));
    journal.flush();
    let before = journal.transactions.get();
    let results = Rc::new(RefCell::new(Vec::new()));
    let texts_sent: Vec<String> = (0..10).map(|i| format!("m{i}")).collect();
    for t in &texts_sent {
        send(&a, "bob", bob.id, "alice", t, results.clone());
    }
    assert!(
        results.borrow().is_empty(),
        "nothing is acknowledged before its commit"
    );
    journal.flush();
    assert_eq!(*results.borrow(), vec![Ok(()); 10]);
    // The first call started a transaction alone; the nine issued meanwhile shared one more
    // (and tab b's catch-up of them is a third).
    assert_eq!(journal.transactions.get() - before, 3);
    assert_eq!(journal.log.borrow().len(), 10);
    assert_eq!(texts(&alice), texts_sent, "in order, once");

    // A shared commit that fails fails every call in it, and nothing of them is kept.
    let results = Rc::new(RefCell::new(Vec::new()));
    for t in ["x", "y", "z"] {
        send(&a, "bob", bob.id, "alice", t, results.clone());
    }
    journal.flush();
    assert_eq!(results.borrow().len(), 3);
    let results = Rc::new(RefCell::new(Vec::new()));
    send(&a, "bob", bob.id, "alice", "first", results.clone());
    for t in ["p", "q"] {
        send(&a, "bob", bob.id, "alice", t, results.clone());
    }
    journal.run_held();
    journal.fail_next.set(true);
    journal.flush();
    assert_eq!(*results.borrow(), vec![Ok(()), Err(2984), Err(2984)]);
    assert_eq!(journal.log.borrow().len(), 14);
}

#[test]
fn the_journal_is_compacted_and_a_new_tab_starts_from_the_snapshot() {
    use tim_wasm::cloud::journal::{COMPACT_MIN, KEEP};
    let journal = Rc::new(Journal::default());
    let a = tab(&journal, 1);
    let bob = session(&a, "bob");
    let results = Rc::new(RefCell::new(Vec::new()));
    let n = 3 * COMPACT_MIN;
    for i in 0..n {
        let to = format!("u{}", i % 50);
        send(&a, "bob", bob.id, &to, &format!("m{i}"), results.clone());
    }
    assert!(results.borrow().iter().all(|r| r.is_ok()));
    let (at, _) = journal.snapshot.borrow().clone().expect("compacted");
    assert_eq!(at, n, "the last compaction is at the last entry");
    // The newest entries are kept behind the snapshot, the older ones are gone.
    let log = journal.log.borrow();
    assert_eq!(log.first().map(|(k, _)| *k), Some(n - KEEP + 1));
    assert_eq!(log.len() as u64, KEEP);
    drop(log);
    // A new tab reads the snapshot (and whatever follows it): the same state, the same place.
    let c = tab(&journal, 3);
    let alice = session(&c, "u7");
    c.transact(Box::new(|| ()), Box::new(|_| ()));
    assert!(c
        .replica
        .borrow()
        .cloud
        .same_state(&a.replica.borrow().cloud));
    assert_eq!(c.replica.borrow().seen, n);
    assert!(
        texts(&alice).is_empty(),
        "a snapshot is read, not replayed: no pushes"
    );
    // And both go on together.
    send(&c, "u7", alice.id, "bob", "back", results.clone());
    assert_eq!(results.borrow().last(), Some(&Ok(())));
    assert_eq!(a.replica.borrow().seen, n + 1);
    assert!(c
        .replica
        .borrow()
        .cloud
        .same_state(&a.replica.borrow().cloud));
    assert_eq!(texts(&bob).last().map(String::as_str), Some("back"));
}

/// `warm` reads the stored state before any call (an SDK instance was created; its login
/// follows), so the first call's transaction has nothing left to replay; a storage that fails
/// then reports nothing until a call meets the failure.
#[test]
fn warm_reads_the_state_ahead_of_the_first_call_and_reports_nothing_itself() {
    let journal = Rc::new(Journal::default());
    let a = tab(&journal, 1);
    let sa = session(&a, "alice");
    let done = Rc::new(RefCell::new(Vec::new()));
    for i in 0..3 {
        send(&a, "bob", 7, "alice", &format!("m{i}"), done.clone());
    }
    assert_eq!(texts(&sa), ["m0", "m1", "m2"]);
    // A new tab: created, warmed, no call yet.
    let b = tab(&journal, 2);
    b.warm();
    assert_eq!(b.replica.borrow().seen, a.replica.borrow().seen);
    assert!(b.replica.borrow().cloud == a.replica.borrow().cloud);
    // Warming twice, or once busy or watching, starts nothing more.
    let before = journal.transactions.get();
    b.warm();
    assert_eq!(journal.transactions.get(), before);
    // A failing storage: the warm read reports nothing, the first call does.
    let c = tab(&journal, 3);
    let sc = session(&c, "carol");
    journal.fail_next.set(true);
    c.warm();
    assert!(sc.reports.borrow().is_empty());
    assert_eq!(sc.resyncs.get(), 0);
    journal.fail_next.set(true);
    let failed = Rc::new(RefCell::new(Vec::new()));
    send(&c, "carol", 9, "alice", "x", failed.clone());
    assert_eq!(*failed.borrow(), [Err(Code::StorageFailed.as_u32())]);
    assert_eq!(*sc.reports.borrow(), [Code::StorageFailed.as_u32()]);
}
