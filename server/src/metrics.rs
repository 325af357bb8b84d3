//! Counters for operators, in Prometheus' text format at `/metrics` on the separate
//! `--metrics-listen` address only (CONTRACT §9): never on the public listener.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

#[derive(Default)]
pub struct Metrics {
    pub connections: AtomicI64,
    pub logins: AtomicU64,
    pub logins_refused: AtomicU64,
    pub calls: AtomicU64,
    pub calls_failed: AtomicU64,
    pub pushes: AtomicU64,
    pub slow_dropped: AtomicU64,
    pub rest_calls: AtomicU64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The text format: `# HELP`, `# TYPE`, then the value, per metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut one = |name: &str, kind: &str, help: &str, value: i64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed) as i64;
        one(
            "tim_connections",
            "gauge",
            "WebSocket connections logged in now.",
            self.connections.load(Ordering::Relaxed),
        );
        one(
            "tim_logins_total",
            "counter",
            "Logins accepted.",
            get(&self.logins),
        );
        one(
            "tim_logins_refused_total",
            "counter",
            "Logins refused (a userSig code, or no common protocol version).",
            get(&self.logins_refused),
        );
        one(
            "tim_calls_total",
            "counter",
            "Calls answered over the WebSocket.",
            get(&self.calls),
        );
        one(
            "tim_calls_failed_total",
            "counter",
            "Calls answered with an error code.",
            get(&self.calls_failed),
        );
        one(
            "tim_pushes_total",
            "counter",
            "Pushes handed to connections.",
            get(&self.pushes),
        );
        one(
            "tim_slow_connections_dropped_total",
            "counter",
            "Connections dropped because their push queue was full.",
            get(&self.slow_dropped),
        );
        one(
            "tim_rest_calls_total",
            "counter",
            "REST admin API calls.",
            get(&self.rest_calls),
        );
        out
    }
}
