//! The storage suite: what every [`Storage`] must do, run natively against `MemoryStorage`
//! (tests/journal.rs) and in headless Chromium against IndexedDB (tests/web.rs), each on a
//! fresh journal. `a` and `b` are two handles on the same journal (two tabs); they may be the
//! same object where a storage cannot be opened twice.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use tim_wasm::cloud::journal::{Commit, Entries, Snapshot, Tail};
use tim_wasm::cloud::Storage;
use tim_wasm::core::error::Error;

#[derive(Default)]
struct Shared {
    read: Option<Tail>,
    done: Option<Result<(), Error>>,
    waker: Option<Waker>,
}

/// Completes when a transaction's `done` has run.
pub struct Tx(Rc<RefCell<Shared>>);

impl Future for Tx {
    type Output = (Tail, Result<(), Error>);
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut s = self.0.borrow_mut();
        match s.done.take() {
            Some(res) => Poll::Ready((s.read.take().unwrap_or_default(), res)),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// One transaction: reads what follows `after`, commits `add`; gives the entries read.
pub async fn tx(storage: &dyn Storage, after: u64, add: Entries) -> (Entries, Result<(), Error>) {
    let (tail, res) = commit(storage, after, add.into()).await;
    (tail.entries, res)
}

/// One transaction: reads what follows `after`, commits `add`.
pub fn commit(storage: &dyn Storage, after: u64, add: Commit) -> Tx {
    let shared = Rc::new(RefCell::new(Shared::default()));
    let (s1, s2) = (shared.clone(), shared.clone());
    storage.transact(
        after,
        Box::new(move |read| {
            s1.borrow_mut().read = Some(read);
            add
        }),
        Box::new(move |res| {
            let waker = {
                let mut s = s2.borrow_mut();
                s.done = Some(res);
                s.waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        }),
    );
    Tx(shared)
}

fn e(n: u64, text: &str) -> (u64, String) {
    (n, text.to_string())
}

pub async fn empty_journal_reads_nothing(a: &dyn Storage) {
    let (read, res) = tx(a, 0, Vec::new()).await;
    assert_eq!((read, res), (Vec::new(), Ok(())));
}

pub async fn a_lost_position_gives_the_whole_journal(a: &dyn Storage) {
    assert_eq!(tx(a, 0, vec![e(1, "one"), e(2, "two")]).await.1, Ok(()));
    // A reader at position 2 gets entry 2 again first: its position is still there.
    let (read, _) = tx(a, 2, Vec::new()).await;
    assert_eq!(read, vec![e(2, "two")]);
    // A reader at position 7 (a journal cleared and written anew since) gets all of it.
    let (read, _) = tx(a, 7, Vec::new()).await;
    assert_eq!(read, vec![e(1, "one"), e(2, "two")]);
}

pub async fn commits_and_reads_back_in_order(a: &dyn Storage) {
    let (_, res) = tx(
        a,
        0,
        vec![
            e(1, r#"{"op":"sync","userID":"a"}"#),
            e(2, r#"{"op":"sync","userID":"b"}"#),
        ],
    )
    .await;
    assert_eq!(res, Ok(()));
    let (_, res) = tx(a, 2, vec![e(3, "[\"ünïcödé 😀\",\"\\\"quoted\\\"\"]")]).await;
    assert_eq!(res, Ok(()));
    let (read, _) = tx(a, 0, Vec::new()).await;
    assert_eq!(
        read.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        read[2].1, "[\"ünïcödé 😀\",\"\\\"quoted\\\"\"]",
        "text is kept exactly"
    );
    let (read, _) = tx(a, 1, Vec::new()).await;
    assert_eq!(
        read.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        vec![1, 2, 3],
        "from `after` on"
    );
}

pub async fn a_taken_key_fails_the_whole_transaction(a: &dyn Storage) {
    assert_eq!(tx(a, 0, vec![e(1, "one")]).await.1, Ok(()));
    // A writer that missed entry 1 tries to write 1 again, with 2: neither is kept.
    let (_, res) = tx(a, 0, vec![e(2, "two"), e(1, "again")]).await;
    assert_eq!(res.map_err(|e| e.code), Err(2984));
    let (read, _) = tx(a, 0, Vec::new()).await;
    assert_eq!(read, vec![e(1, "one")]);
}

pub async fn a_writer_sees_what_another_committed(a: &dyn Storage, b: &dyn Storage) {
    assert_eq!(tx(a, 0, vec![e(1, "from a")]).await.1, Ok(()));
    let (read, res) = tx(b, 0, vec![e(2, "from b")]).await;
    assert_eq!((read, res), (vec![e(1, "from a")], Ok(())));
    let (read, _) = tx(a, 1, Vec::new()).await;
    assert_eq!(read, vec![e(1, "from a"), e(2, "from b")]);
}

pub async fn a_snapshot_replaces_the_entries_before_it(a: &dyn Storage, b: &dyn Storage) {
    let five: Entries = (1..=5).map(|n| e(n, &format!("e{n}"))).collect();
    assert_eq!(tx(a, 0, five).await.1, Ok(()));
    let snap = |at: u64, drop_to: u64| Commit {
        entries: vec![e(at, &format!("e{at}"))],
        snapshot: Some(Snapshot {
            at,
            text: format!("state at {at}"),
            drop_to,
        }),
    };
    assert_eq!(commit(a, 5, snap(6, 3)).await.1, Ok(()));
    let state6 = Some((6, "state at 6".to_string()));
    // A first read, and a position compacted away: the snapshot and what follows it.
    let (read, _) = commit(b, 0, Commit::default()).await;
    assert_eq!(
        read,
        Tail {
            snapshot: state6.clone(),
            entries: vec![]
        }
    );
    let (read, _) = commit(b, 2, Commit::default()).await;
    assert_eq!(
        read,
        Tail {
            snapshot: state6.clone(),
            entries: vec![]
        }
    );
    // A kept position: the entries from it, as before.
    let (read, _) = commit(b, 4, Commit::default()).await;
    assert_eq!(
        read,
        Tail {
            snapshot: None,
            entries: vec![e(4, "e4"), e(5, "e5"), e(6, "e6")]
        }
    );
    assert_eq!(tx(b, 6, vec![e(7, "e7")]).await.1, Ok(()));
    let (read, _) = commit(a, 0, Commit::default()).await;
    assert_eq!(
        read,
        Tail {
            snapshot: state6.clone(),
            entries: vec![e(7, "e7")]
        }
    );
    // A transaction that fails keeps neither its entries nor its snapshot.
    let failing = Commit {
        entries: vec![e(7, "taken")],
        snapshot: Some(Snapshot {
            at: 7,
            text: "never".into(),
            drop_to: 6,
        }),
    };
    assert_eq!(commit(a, 7, failing).await.1.map_err(|e| e.code), Err(2984));
    let (read, _) = commit(b, 0, Commit::default()).await;
    assert_eq!(
        read,
        Tail {
            snapshot: state6,
            entries: vec![e(7, "e7")]
        }
    );
}
