//! Live delivery: which connections follow which user, and handing each committed push to them.
//! Each connection has a bounded queue; one that falls behind is dropped from the hub (its
//! queue closes, the connection ends) and resumes from the change log when it reconnects, so a
//! slow client never holds up the server or the other clients.

use crate::store::Logged;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Pushes a connection may have waiting before it counts as too slow.
pub const QUEUE: usize = 1024;

type Key = (u64, String);

/// What a connection is handed.
#[derive(Debug)]
pub enum Live {
    Push(Arc<Logged>),
    /// Another node committed pushes for this user, up to this sequence: read them from the
    /// change log.
    Behind(u64),
    /// The session ends (`REST_API_Kick`): the connection says so and closes.
    Kick(String),
}

type Followers = HashMap<Key, Vec<(u64, mpsc::Sender<Live>)>>;

#[derive(Default)]
pub struct Hub {
    followers: Mutex<Followers>,
    metrics: Arc<crate::metrics::Metrics>,
}

impl Hub {
    /// A hub that counts what it hands over in `metrics`.
    pub fn new(metrics: Arc<crate::metrics::Metrics>) -> Hub {
        Hub {
            followers: Mutex::default(),
            metrics,
        }
    }

    /// Follows `user` of `app` as connection `conn`.
    pub fn follow(&self, app: u64, user: &str, conn: u64) -> mpsc::Receiver<Live> {
        let (tx, rx) = mpsc::channel(QUEUE);
        self.lock()
            .entry((app, user.to_string()))
            .or_default()
            .push((conn, tx));
        rx
    }

    pub fn unfollow(&self, app: u64, user: &str, conn: u64) {
        let mut map = self.lock();
        let key = (app, user.to_string());
        if let Some(v) = map.get_mut(&key) {
            v.retain(|(c, _)| *c != conn);
            if v.is_empty() {
                map.remove(&key);
            }
        }
    }

    /// Hands committed pushes to their users' connections, in the order given (call it in
    /// commit order). A connection whose queue is full is dropped.
    pub fn deliver(&self, app: u64, pushes: Vec<Logged>) {
        if pushes.is_empty() {
            return;
        }
        let mut map = self.lock();
        for p in pushes {
            let key = (app, p.user.clone());
            let Some(v) = map.get_mut(&key) else { continue };
            let p = Arc::new(p);
            let metrics = &self.metrics;
            v.retain(|(conn, tx)| match tx.try_send(Live::Push(p.clone())) {
                Ok(()) => {
                    crate::metrics::Metrics::add(&metrics.pushes);
                    true
                }
                Err(mpsc::error::TrySendError::Full(_)) => {
                    crate::metrics::Metrics::add(&metrics.slow_dropped);
                    tracing::info!(
                        conn,
                        "a connection fell behind; it resumes when it reconnects"
                    );
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => false,
            });
            if v.is_empty() {
                map.remove(&key);
            }
        }
    }

    /// Another node committed the user's pushes up to `seq`: the user's connections here catch
    /// up from the change log (a full queue drops the connection, which resumes).
    pub fn behind(&self, app: u64, user: &str, seq: u64) {
        let mut map = self.lock();
        let key = (app, user.to_string());
        if let Some(v) = map.get_mut(&key) {
            v.retain(|(_, tx)| tx.try_send(Live::Behind(seq)).is_ok());
            if v.is_empty() {
                map.remove(&key);
            }
        }
    }

    /// Whether `user` of `app` has a connection here.
    pub fn follows(&self, app: u64, user: &str) -> bool {
        self.lock().contains_key(&(app, user.to_string()))
    }

    /// The users followed here, per app (the cross-node poll asks the change log about them).
    pub fn followed(&self) -> Vec<(u64, String)> {
        self.lock().keys().cloned().collect()
    }

    /// Ends every connection of `user` (`im_open_login_svc/kick`); how many were told.
    pub fn kick(&self, app: u64, user: &str, reason: &str) -> usize {
        let Some(v) = self.lock().remove(&(app, user.to_string())) else {
            return 0;
        };
        // A full queue still ends: the sender is dropped with the entry.
        v.iter()
            .filter(|(_, tx)| tx.try_send(Live::Kick(reason.to_string())).is_ok())
            .count()
    }

    /// Connections following someone (metrics, tests).
    pub fn connections(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Followers> {
        // A panic elsewhere while holding the lock leaves the map usable (it is never half-written).
        self.followers.lock().unwrap_or_else(|e| e.into_inner())
    }
}
