//! Presence across nodes (getGroupOnlineMemberCount): who has a connection, on any node. Each
//! node keeps the users it serves in `presence` under its own node number, and says it lives in
//! `nodes` every `BEAT`; a call reads the rows of the nodes heard from within `ALIVE`
//! (`rows.rs`), so a node that stopped or crashed counts for no one soon after. A user's first
//! connection on a node is written before the connection is welcomed — from then on every node
//! counts them; the last one's end is written when it closes. Every write, and the beat that
//! repairs a failed one, compares with the hub under one lock, so the rows never lag behind a
//! newer change of the same node.

use crate::hub::Hub;
use crate::store::Store;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;
use tim_wasm::core::error::Error;

/// How often a node says it lives and repairs its rows.
pub const BEAT: Duration = Duration::from_secs(5);
/// A node not heard from for this many seconds counts for no one.
pub const ALIVE: u64 = 20;

type Key = (u64, String);

pub struct Presence {
    /// This node's number: random per start, so a restarted node never inherits rows.
    pub node: i64,
    /// The rows written under this node (guarded with the hub's reads, see the module doc).
    written: Mutex<HashSet<Key>>,
}

impl Default for Presence {
    fn default() -> Self {
        Self::new()
    }
}

impl Presence {
    pub fn new() -> Presence {
        let mut b = [0u8; 8];
        // A failed draw still gives a number; nodes of one database then share it only by chance.
        let _ = getrandom::getrandom(&mut b);
        Presence {
            node: (u64::from_le_bytes(b) >> 1) as i64,
            written: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<Key>> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Brings `user`'s row of this node in line with the hub (after a connection opened or
    /// closed): written when followed here, deleted when not.
    pub fn update(
        &self,
        store: &Store,
        hub: &Hub,
        app: u64,
        user: &str,
        now: u64,
    ) -> Result<(), Error> {
        let mut written = self.lock();
        let key = (app, user.to_string());
        let on = hub.follows(app, user);
        if on == written.contains(&key) {
            return Ok(());
        }
        let (add, remove) = if on {
            (vec![key.clone()], Vec::new())
        } else {
            (Vec::new(), vec![key.clone()])
        };
        store.presence(self.node, now, &add, &remove)?;
        if on {
            written.insert(key);
        } else {
            written.remove(&key);
        }
        Ok(())
    }

    /// Says this node lives, and writes whatever differs between its rows and the hub.
    pub fn beat(&self, store: &Store, hub: &Hub, now: u64) -> Result<(), Error> {
        let mut written = self.lock();
        let live: HashSet<Key> = hub.followed().into_iter().collect();
        let add: Vec<Key> = live.difference(&written).cloned().collect();
        let remove: Vec<Key> = written.difference(&live).cloned().collect();
        store.presence(self.node, now, &add, &remove)?;
        *written = live;
        Ok(())
    }
}
