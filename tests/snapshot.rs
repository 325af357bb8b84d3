//! The journal's snapshot (`cloud/snapshot.rs`): a cloud written as one JSON text reads back as
//! the same state, serde_json reads the text as the server's rows (`slice::Changes`), and a
//! cloud loaded from a snapshot answers the next requests exactly as the original cloud does.

mod common;

use common::every_change;
use common::histories::History;
use tim_wasm::cloud::slice::Changes;
use tim_wasm::cloud::{snapshot, Cloud, Outcome};

const APP: f64 = 1400000001.0;

fn round_trip(cloud: &Cloud) -> Cloud {
    let text = snapshot::write(cloud);
    let back = snapshot::read(&text, APP).expect("a snapshot reads back");
    assert!(
        back.same_state(cloud),
        "the state read back differs: {text}"
    );
    // The same text, read by serde_json as the server's rows, gives the same state.
    let rows: Changes = serde_json::from_str(&text).expect("serde reads the rows");
    let mut db = Cloud::new(APP);
    db.apply(&rows);
    assert!(db.same_state(cloud), "serde's reading differs: {text}");
    back
}

#[test]
fn random_histories_round_trip_and_go_on_alike() {
    for seed in 1..=128 {
        let mut history = History::new(seed);
        let mut cloud = Cloud::new(APP);
        for step in 0..60 {
            let s = history.next();
            let mut out = Outcome::default();
            let want = cloud.handle(s.user, s.session, s.req.clone(), s.now, &mut out);
            history.learn(&s, &want);
            if step % 20 == 19 {
                let mut loaded = round_trip(&cloud);
                // The loaded cloud goes on exactly as the original.
                for _ in 0..10 {
                    let s = history.next();
                    let (mut a, mut b) = (Outcome::default(), Outcome::default());
                    let want = cloud.handle(s.user, s.session, s.req.clone(), s.now, &mut a);
                    let got = loaded.handle(s.user, s.session, s.req.clone(), s.now, &mut b);
                    assert_eq!(got, want, "seed {seed}: {:?}", s.req);
                    assert_eq!(b.pushes, a.pushes, "seed {seed}: pushes of {:?}", s.req);
                    history.learn(&s, &want);
                }
            }
        }
    }
}

#[test]
fn every_kind_of_change_round_trips() {
    let mut cloud = Cloud::new(APP);
    for (i, req) in every_change().into_iter().enumerate() {
        for user in ["ann", "bob"] {
            let mut out = Outcome::default();
            let _ = cloud.handle(user, 1, req.clone(), 1_700_000_000 + i as u64, &mut out);
        }
        round_trip(&cloud);
    }
}

#[test]
fn a_snapshot_of_another_version_or_not_a_snapshot_is_not_read() {
    let text = snapshot::write(&Cloud::new(APP)).replace("\"version\":1", "\"version\":2");
    assert!(snapshot::read(&text, APP).is_none());
    assert!(snapshot::read("{}", APP).is_none());
    assert!(snapshot::read("not json", APP).is_none());
}
