//! `cargo bench --bench store`: the client's conversation store and the cloud, natively, at 10k
//! and 50k conversations — the work behind the page's numbers in BENCHMARKS.md without the
//! browser: what one incoming message costs the store, a 1000-conversation group operation, a
//! login's load, and the journal's snapshot both ways.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tim_wasm::client::Client;
use tim_wasm::cloud::{snapshot, Cloud, Outcome, Request};
use tim_wasm::core::conv_store::ConvStore;
use tim_wasm::core::conversation::{ConvType, Conversation};
use tim_wasm::core::message::{LastMessage, Payload};
use tim_wasm::core::session::LoginStart;

const SIZES: [usize; 2] = [10_000, 50_000];

fn conv(i: usize) -> Conversation {
    let mut c = Conversation::new(&format!("C2Cu{i}"));
    c.last_message = LastMessage {
        payload: Some(Payload::Text {
            text: format!("m{i}"),
        }),
        arrival: i as u64,
        time: 1_700_000_000 + i as u64,
        sequence: 1,
        from: format!("u{i}"),
        message_for_show: format!("m{i}"),
        ..LastMessage::default()
    };
    c.unread_count = 1;
    c
}

fn seeded(n: usize) -> ConvStore {
    let mut s = ConvStore::default();
    for i in 0..n {
        s.put(conv(i));
    }
    s.sort();
    s.take_changed();
    s
}

fn store(c: &mut Criterion) {
    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    for n in SIZES {
        let mut s = seeded(n);
        let mut round = 0u64;
        // The oldest conversation gets a new message and moves to the top (steady state: the
        // next round moves the next oldest).
        g.bench_with_input(BenchmarkId::new("incoming message", n), &n, |b, &n| {
            b.iter(|| {
                round += 1;
                let id = format!("C2Cu{}", round as usize % n);
                s.update(&id, |c| {
                    c.last_message.time = 1_800_000_000 + round;
                    c.unread_count += 1;
                    true
                });
                s.sort();
                s.take_changed();
                s.visible_handles().len()
            })
        });
        let ids: Vec<String> = (0..1000).map(|i| format!("C2Cu{i}")).collect();
        g.bench_with_input(
            BenchmarkId::new("1000 into a group and out", n),
            &n,
            |b, _| {
                b.iter(|| {
                    for id in &ids {
                        s.add_to_group(id, "Work");
                    }
                    let added = s.take_changed().len();
                    for id in &ids {
                        s.remove_from_group(id, "Work");
                    }
                    added + s.take_changed().len()
                })
            },
        );
    }
    g.finish();
}

fn cloud_with(n: usize) -> Cloud {
    let mut c = Cloud::new(1.0);
    for i in 0..n {
        let mut out = Outcome::default();
        let req = Request::SendMessage {
            conv_type: ConvType::C2c,
            to: "alice".into(),
            payload: Payload::Text {
                text: format!("m{i}"),
            },
            cloud_custom_data: String::new(),
            random: i as u32,
            client_time: 1,
            flags: 0,
        };
        let _ = c.handle(&format!("u{i}"), 1, req, 1_700_000_000 + i as u64, &mut out);
    }
    // 19 conversation groups of up to 1000 (the page's bench: 20 with the one each run makes).
    for g in 0..19 {
        let from = (g * 1000) % n;
        let req = Request::CreateConvGroup {
            name: format!("g{g}"),
            ids: (from..(from + 1000).min(n))
                .map(|i| format!("C2Cu{i}"))
                .collect(),
        };
        let _ = c.handle("alice", 1, req, 1_700_000_000, &mut Outcome::default());
    }
    c
}

fn cloud(c: &mut Criterion) {
    let mut g = c.benchmark_group("cloud");
    g.sample_size(10);
    for n in SIZES {
        let mut c = cloud_with(n);
        let ids: Vec<String> = (0..1000).map(|i| format!("C2Cu{i}")).collect();
        g.bench_with_input(
            BenchmarkId::new("create and delete a group of 1000", n),
            &n,
            |b, _| {
                b.iter(|| {
                    let mut out = Outcome::default();
                    let made = Request::CreateConvGroup {
                        name: "Work".into(),
                        ids: ids.clone(),
                    };
                    let a = c.handle("alice", 1, made, 1_800_000_000, &mut out);
                    let gone = Request::DeleteConvGroup {
                        name: "Work".into(),
                    };
                    let b = c.handle("alice", 1, gone, 1_800_000_000, &mut out);
                    (a.is_ok(), b.is_ok())
                })
            },
        );
        g.bench_with_input(BenchmarkId::new("login load (Sync)", n), &n, |b, _| {
            b.iter(|| {
                let mut out = Outcome::default();
                c.handle("alice", 2, Request::Sync, 1_800_000_000, &mut out)
                    .is_ok()
            })
        });
        g.bench_with_input(BenchmarkId::new("login load (client)", n), &n, |b, _| {
            b.iter(|| {
                let mut client = Client::new(1.0, 2, 1);
                let Ok(LoginStart::Started(t)) = client.session.begin_login(1.0, "alice") else {
                    unreachable!("a first login starts")
                };
                let _ = client.session.finish_login(t, Ok(()));
                client.load(&mut c, 1_800_000_000, true).map(|e| e.len())
            })
        });
        let text = snapshot::write(&c);
        g.bench_with_input(BenchmarkId::new("snapshot write", n), &n, |b, _| {
            b.iter(|| snapshot::write(&c).len())
        });
        g.bench_with_input(BenchmarkId::new("snapshot read", n), &n, |b, _| {
            b.iter(|| snapshot::read(&text, 1.0).map(|c| c.rows()))
        });
    }
    g.finish();
}

criterion_group!(benches, store, cloud);
criterion_main!(benches);
