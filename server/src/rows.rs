//! The cloud's state as rows (CONTRACT §9, storage model), in SQLite or Postgres: per user their conversation
//! records and a head (conversation groups, relations); per app the profiles, the chat groups
//! (with a membership index), the messages of each thread under their sequence (one copy, read
//! by page), and a counter. [`Rows`] loads the slice a request needs inside its transaction
//! ([`Source`]) and writes back the [`Changes`] the pure cloud returned. Each row's data is the
//! cloud's own type as JSON (serde), so the rules stay in `src/cloud` alone.
//!
//! Each kind of row is read, and written, with one statement per loading round: the keys go
//! in as one JSON array parameter (`json_each` in SQLite, `json_array_elements` in Postgres),
//! so a call costs a handful of round trips to Postgres whatever the size of its slice. The
//! array is joined as `CROSS JOIN`, which keeps it the outer loop in SQLite (whose planner
//! cannot size a JSON array and would scan the app's table instead) and changes nothing for
//! Postgres.
//!
//! A call that writes locks what it loads, before loading it (`Locks`): every row belongs to
//! a user, a chat group or a message thread, and each of those has an advisory lock (Postgres;
//! SQLite has one writer). Calls touching different users run in parallel on every node; calls
//! touching the same rows queue, and each sees the rows the previous one committed.

use crate::db::{failed, first_int, retry, Arg, Engine, Tx, Val};
use serde::de::DeserializeOwned;
use tim_wasm::cloud::hopping::Hop;
use tim_wasm::cloud::relations::Relations;
use tim_wasm::cloud::slice::{Changes, Keys, Source};
use tim_wasm::cloud::state::{ConvRecord, Group, Stored};
use tim_wasm::cloud::Cloud;
use tim_wasm::core::error::Error;

/// The schema's steps: `steps(engine)[v]` moves a database from version v to v + 1 (never edit
/// a step that shipped; add one). The same tables in both engines, in each one's types.
pub fn steps(engine: Engine) -> Vec<String> {
    let int = match engine {
        Engine::Sqlite => "INTEGER",
        Engine::Postgres => "BIGINT",
    };
    vec![
        format!("CREATE TABLE apps (sdk_app_id {int} PRIMARY KEY, secret_key TEXT NOT NULL, dev {int} NOT NULL DEFAULT 0)"),
        format!(
            "CREATE TABLE counters (sdk_app_id {int} PRIMARY KEY, counter {int} NOT NULL);
CREATE TABLE accounts (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id));
CREATE TABLE heads (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, conv_groups TEXT NOT NULL,
    relations TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id));
CREATE TABLE convs (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, conv_id TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id, conv_id));
CREATE TABLE chat_groups (sdk_app_id {int} NOT NULL, group_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, group_id));
CREATE TABLE group_members (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, group_id TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id, group_id));
CREATE TABLE messages (sdk_app_id {int} NOT NULL, thread TEXT NOT NULL, seq {int} NOT NULL,
    message_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (sdk_app_id, thread, seq));
CREATE INDEX messages_by_id ON messages (sdk_app_id, thread, message_id);
CREATE TABLE changes (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, seq {int} NOT NULL,
    except_session {int}, body TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id, seq));
CREATE TABLE requests (sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL, session {int} NOT NULL,
    call_id {int} NOT NULL, at {int} NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id, session, call_id))"
        ),
        // Membership changes delete a group's rows by group.
        "CREATE INDEX group_members_by_group ON group_members (sdk_app_id, group_id)".to_string(),
        // Postgres: the counter comes from a sequence, in blocks (`COUNTER_BLOCK`), so writers of
        // one app need not queue on one row; it starts above every app's counter so far.
        match engine {
            Engine::Sqlite => String::new(),
            Engine::Postgres => format!(
                "CREATE SEQUENCE tim_counter INCREMENT BY {COUNTER_BLOCK} START WITH {COUNTER_BLOCK};
SELECT setval('tim_counter', (SELECT COALESCE(MAX(counter), 0) FROM counters) + {COUNTER_BLOCK})"
            ),
        },
        // When each push was logged: the log is pruned by age (`Store::prune`).
        format!("ALTER TABLE changes ADD COLUMN at {int} NOT NULL DEFAULT 0"),
        // Each message's time beside its sequence: a one-to-one history page from a time
        // (getMessageListHopping) reads by it. Rows written before get theirs from their data.
        format!(
            "ALTER TABLE messages ADD COLUMN time {int} NOT NULL DEFAULT 0;
UPDATE messages SET time = {};
CREATE INDEX messages_by_time ON messages (sdk_app_id, thread, time, seq)",
            match engine {
                Engine::Sqlite => "data ->> 'time'",
                Engine::Postgres => "(data::json->>'time')::bigint",
            }
        ),
        // Presence (getGroupOnlineMemberCount): the users each node has connections of, and when
        // each node last said it lives (`presence.rs`); a node silent too long counts for no one.
        format!(
            "CREATE TABLE nodes (node {int} PRIMARY KEY, seen {int} NOT NULL);
CREATE TABLE presence (node {int} NOT NULL, sdk_app_id {int} NOT NULL, user_id TEXT NOT NULL,
    PRIMARY KEY (node, sdk_app_id, user_id));
CREATE INDEX presence_by_user ON presence (sdk_app_id, user_id)"
        ),
        // Files (the full build's file messages, `files.rs`): by app and name, who stored
        // them, their type and size, and their bytes (none when they are in `--files DIR`).
        format!(
            "CREATE TABLE files (sdk_app_id {int} NOT NULL, name TEXT NOT NULL, owner TEXT NOT NULL,
    mime TEXT NOT NULL, size {int} NOT NULL, created {int} NOT NULL, bytes {},
    PRIMARY KEY (sdk_app_id, name))",
            match engine {
                Engine::Sqlite => "BLOB",
                Engine::Postgres => "BYTEA",
            }
        ),
    ]
}

/// Postgres hands out the counter in blocks this large: a call takes one block (a sequence
/// value) and numbers what it makes inside it. No call makes this many numbers.
pub const COUNTER_BLOCK: u64 = 1 << 20;

fn json<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| failed(format!("a stored row is unreadable: {e}")))
}

fn text(v: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string(v).map_err(failed)
}

/// A JSON array as a statement parameter.
fn array<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Result<String, Error> {
    text(&items.into_iter().collect::<Vec<T>>())
}

/// The lock of one owner of rows: a stable 64-bit hash (FNV-1a; every node, whatever its build,
/// must compute the same key, which std's hasher does not promise) of the app, the kind of
/// owner and its name.
pub fn lock_key(app: i64, kind: u8, name: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in app
        .to_le_bytes()
        .iter()
        .chain([kind, 0].iter())
        .chain(name.as_bytes())
    {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h as i64
}

/// Kinds of lock owners.
pub const USER: u8 = b'u';
pub const GROUP: u8 = b'g';
pub const THREAD: u8 = b't';

/// The locks of the rows `keys` name.
pub fn locks_of(app: i64, keys: &Keys) -> Vec<i64> {
    let users = keys
        .accounts
        .iter()
        .chain(&keys.heads)
        .chain(&keys.all_convs)
        .chain(&keys.groups_of)
        .chain(keys.convs.iter().map(|(u, _)| u));
    let threads = keys
        .tails
        .iter()
        .chain(keys.messages.iter().map(|(t, _)| t))
        .chain(keys.pages.iter().map(|(t, _, _)| t));
    let mut out: Vec<i64> = users
        .map(|u| lock_key(app, USER, u))
        .chain(keys.groups.iter().map(|g| lock_key(app, GROUP, g)))
        .chain(threads.map(|t| lock_key(app, THREAD, t)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The locks a writing call holds, taken in ascending order so that two calls never wait for
/// each other. A lock needed below one already held is only tried; when another call holds it,
/// the call starts again with every lock it now knows taken up front (`restart`).
#[derive(Default)]
pub struct Locks {
    /// Held, ascending.
    pub held: Vec<i64>,
    /// Set when a lock could not be taken in order: the call must start again.
    pub restart: bool,
    /// Every lock this call has asked for (the next attempt takes them first).
    pub wanted: Vec<i64>,
}

impl Locks {
    /// Takes `keys` (ascending), waiting only where that keeps the order.
    pub fn take(&mut self, tx: &mut dyn Tx, keys: &[i64]) -> Result<(), Error> {
        let top = self.held.last().copied();
        let new: Vec<i64> = keys
            .iter()
            .copied()
            .filter(|k| self.held.binary_search(k).is_err())
            .collect();
        self.wanted.extend(new.iter().copied());
        let (below, above): (Vec<i64>, Vec<i64>) =
            new.iter().partition(|k| top.is_some_and(|t| **k < t));
        for k in below {
            if !tx.try_lock(k)? {
                self.restart = true;
                return Err(retry("a lock below one held was busy"));
            }
            self.insert(k);
        }
        tx.lock_all(&above)?;
        for k in above {
            self.insert(k);
        }
        Ok(())
    }

    fn insert(&mut self, k: i64) {
        if let Err(i) = self.held.binary_search(&k) {
            self.held.insert(i, k);
        }
    }
}

/// One app's rows inside one transaction.
pub struct Rows<'a> {
    pub tx: &'a mut dyn Tx,
    pub app: i64,
    /// `Some`: the call writes, and locks what it loads.
    pub locks: Option<&'a mut Locks>,
    /// Only creates accounts, never overwrites one (a read-only call reading a snapshot without
    /// locks: a profile written meanwhile must not be replaced by the one it saw).
    pub create_only: bool,
    /// The counter block handed to the call (Postgres).
    pub handed: Option<u64>,
    /// The call's time: a node that has not said it lives since `now - presence::ALIVE` counts
    /// for no one.
    pub now: u64,
}

impl Rows<'_> {
    fn each(&self, n: usize) -> String {
        self.tx.engine().each(n)
    }

    fn each_text(&self, n: usize) -> String {
        self.tx.engine().each_text(n)
    }

    /// Pairs of text from a query.
    fn pairs(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<(String, String)>, Error> {
        Ok(self
            .tx
            .query(sql, args)?
            .into_iter()
            .filter_map(|r| match <[Val; 2]>::try_from(r) {
                Ok([Val::Text(a), Val::Text(b)]) => Some((a, b)),
                _ => None,
            })
            .collect())
    }

    fn messages(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Stored>, Error> {
        texts(self.tx.query(sql, args)?).map(|t| json(&t)).collect()
    }

    /// The messages a history page from a point reads ([`Hop::select`]'s rows): by
    /// (time, sequence) or by sequence, past the cursor message when the thread has it.
    fn hop(&mut self, hop: &Hop) -> Result<Vec<Stored>, Error> {
        let (app, thread) = (Arg::Int(self.app), Arg::Text(&hop.thread));
        let key = if hop.by_time { "time" } else { "seq" };
        let cursor = match &hop.cursor {
            None => None,
            Some(id) => {
                let sql = format!(
                    "SELECT {key}, seq FROM messages WHERE sdk_app_id = $1 AND thread = $2 AND message_id = $3 ORDER BY seq DESC LIMIT 1"
                );
                let rows = self.tx.query(&sql, &[app, thread, Arg::Text(id)])?;
                match rows.first().map(Vec::as_slice) {
                    Some([Val::Int(k), Val::Int(s)]) => Some((*k, *s)),
                    _ => None,
                }
            }
        };
        let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        // Newer: from the anchor up, past the cursor; older: from the anchor (0: the newest)
        // down, before the cursor.
        let (anchor, cmp, past, order, (ck, cs)) = if hop.newer {
            (
                int(hop.anchor),
                ">=",
                ">",
                "ASC",
                cursor.unwrap_or((-1, -1)),
            )
        } else {
            let anchor = if hop.anchor == 0 {
                i64::MAX
            } else {
                int(hop.anchor)
            };
            (
                anchor,
                "<=",
                "<",
                "DESC",
                cursor.unwrap_or((i64::MAX, i64::MAX)),
            )
        };
        let sql = format!(
            "SELECT data FROM messages WHERE sdk_app_id = $1 AND thread = $2 AND seq > $3 AND {key} {cmp} $4
             AND ({key} {past} $5 OR ({key} = $5 AND seq {past} $6)) ORDER BY {key} {order}, seq {order} LIMIT $7"
        );
        let args = [
            app,
            thread,
            Arg::Int(int(hop.after_seq)),
            Arg::Int(anchor),
            Arg::Int(ck),
            Arg::Int(cs),
            Arg::Int(int(hop.count as u64)),
        ];
        self.messages(&sql, &args)
    }

    /// Writes what a request changed: one statement per kind of row.
    pub fn write(&mut self, c: &Changes) -> Result<(), Error> {
        let app = Arg::Int(self.app);
        if let (Some(n), Engine::Sqlite) = (c.counter, self.tx.engine()) {
            self.tx.exec(
                "INSERT INTO counters (sdk_app_id, counter) VALUES ($1, $2)
                 ON CONFLICT (sdk_app_id) DO UPDATE SET counter = excluded.counter",
                &[app, Arg::Int(n as i64)],
            )?;
        }
        if !c.accounts.is_empty() {
            let list = array(
                c.accounts
                    .iter()
                    .map(|(u, p)| Ok((u, text(p)?)))
                    .collect::<Result<Vec<_>, Error>>()?,
            )?;
            let on_conflict = if self.create_only {
                "DO NOTHING"
            } else {
                "DO UPDATE SET data = excluded.data"
            };
            let sql = format!(
                "INSERT INTO accounts (sdk_app_id, user_id, data) SELECT $1, t.value->>0, t.value->>1 FROM {} WHERE true
                 ON CONFLICT (sdk_app_id, user_id) {on_conflict}",
                self.each(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&list)])?;
        }
        if !c.heads.is_empty() {
            let list = array(
                c.heads
                    .iter()
                    .map(|(u, g, r)| Ok((u, text(g)?, text(r)?)))
                    .collect::<Result<Vec<_>, Error>>()?,
            )?;
            let sql = format!(
                "INSERT INTO heads (sdk_app_id, user_id, conv_groups, relations) SELECT $1, t.value->>0, t.value->>1, t.value->>2 FROM {} WHERE true
                 ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET conv_groups = excluded.conv_groups, relations = excluded.relations",
                self.each(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&list)])?;
        }
        let mut put = Vec::new();
        let mut gone = Vec::new();
        for (user, conv, r) in &c.convs {
            match r {
                Some(r) => put.push((user, conv, text(r)?)),
                None => gone.push((user, conv)),
            }
        }
        if !put.is_empty() {
            let sql = format!(
                "INSERT INTO convs (sdk_app_id, user_id, conv_id, data) SELECT $1, t.value->>0, t.value->>1, t.value->>2 FROM {} WHERE true
                 ON CONFLICT (sdk_app_id, user_id, conv_id) DO UPDATE SET data = excluded.data",
                self.each(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&array(put)?)])?;
        }
        if !gone.is_empty() {
            let sql = format!(
                "DELETE FROM convs WHERE sdk_app_id = $1 AND (user_id, conv_id) IN (SELECT t.value->>0, t.value->>1 FROM {})",
                self.each(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&array(gone)?)])?;
        }
        if !c.groups.is_empty() {
            let ids = array(c.groups.iter().map(|(id, _)| id))?;
            let sql = format!(
                "DELETE FROM group_members WHERE sdk_app_id = $1 AND group_id IN (SELECT t.value FROM {})",
                self.each_text(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&ids)])?;
            let mut put = Vec::new();
            let mut members = Vec::new();
            for (id, g) in &c.groups {
                if let Some(g) = g {
                    put.push((id, text(g)?));
                    members.extend(g.members.iter().map(|(m, _)| (m, id)));
                }
            }
            if put.len() < c.groups.len() {
                let sql = format!(
                    "DELETE FROM chat_groups WHERE sdk_app_id = $1 AND group_id IN (SELECT t.value FROM {})",
                    self.each_text(2)
                );
                let gone = array(
                    c.groups
                        .iter()
                        .filter(|(_, g)| g.is_none())
                        .map(|(id, _)| id),
                )?;
                self.tx.exec(&sql, &[app, Arg::Text(&gone)])?;
            }
            if !put.is_empty() {
                let sql = format!(
                    "INSERT INTO chat_groups (sdk_app_id, group_id, data) SELECT $1, t.value->>0, t.value->>1 FROM {} WHERE true
                     ON CONFLICT (sdk_app_id, group_id) DO UPDATE SET data = excluded.data",
                    self.each(2)
                );
                self.tx.exec(&sql, &[app, Arg::Text(&array(put)?)])?;
            }
            if !members.is_empty() {
                let sql = format!(
                    "INSERT INTO group_members (sdk_app_id, user_id, group_id) SELECT $1, t.value->>0, t.value->>1 FROM {} WHERE true
                     ON CONFLICT DO NOTHING",
                    self.each(2)
                );
                self.tx.exec(&sql, &[app, Arg::Text(&array(members)?)])?;
            }
        }
        if !c.messages.is_empty() {
            let list = array(
                c.messages
                    .iter()
                    .map(|(thread, m)| Ok((thread, m.seq, &m.id, text(m)?, m.time)))
                    .collect::<Result<Vec<_>, Error>>()?,
            )?;
            let sql = format!(
                "INSERT INTO messages (sdk_app_id, thread, seq, message_id, data, time)
                 SELECT $1, t.value->>0, CAST(t.value->>1 AS BIGINT), t.value->>2, t.value->>3, CAST(t.value->>4 AS BIGINT) FROM {} WHERE true
                 ON CONFLICT (sdk_app_id, thread, seq) DO UPDATE SET message_id = excluded.message_id, data = excluded.data, time = excluded.time",
                self.each(2)
            );
            self.tx.exec(&sql, &[app, Arg::Text(&list)])?;
        }
        Ok(())
    }
}

/// Of the users in `list` (a JSON array), those online at `now`: with a connection on a node
/// heard from within `presence::ALIVE` (a call's slice, and `openim/query_online_status`).
pub fn online_of(tx: &mut dyn Tx, app: i64, list: &str, now: u64) -> Result<Vec<String>, Error> {
    let sql = format!(
        "SELECT DISTINCT p.user_id FROM {} CROSS JOIN presence p JOIN nodes n ON n.node = p.node
         WHERE p.sdk_app_id = $1 AND p.user_id = t.value AND n.seen >= $3",
        tx.engine().each_text(2)
    );
    let since = now.saturating_sub(crate::presence::ALIVE) as i64;
    let found = tx.query(&sql, &[Arg::Int(app), Arg::Text(list), Arg::Int(since)])?;
    Ok(texts(found).collect())
}

/// The first column's texts.
pub(crate) fn texts(rows: Vec<Vec<Val>>) -> impl Iterator<Item = String> {
    rows.into_iter()
        .filter_map(|mut r| match r.drain(..).next() {
            Some(Val::Text(t)) => Some(t),
            _ => None,
        })
}

impl Source for Rows<'_> {
    fn counter(&mut self) -> Result<u64, Error> {
        let rows = match self.tx.engine() {
            Engine::Sqlite => self.tx.query(
                "SELECT counter FROM counters WHERE sdk_app_id = $1",
                &[Arg::Int(self.app)],
            )?,
            Engine::Postgres => self.tx.query("SELECT nextval('tim_counter')", &[])?,
        };
        let n = first_int(&rows).unwrap_or(0) as u64;
        if self.tx.engine() == Engine::Postgres {
            self.handed = Some(n);
        }
        Ok(n)
    }

    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error> {
        if let Some(locks) = self.locks.as_deref_mut() {
            locks.take(&mut *self.tx, &locks_of(self.app, keys))?;
        }
        let app = Arg::Int(self.app);
        if !keys.accounts.is_empty() {
            let sql = format!(
                "SELECT a.user_id, a.data FROM {} CROSS JOIN accounts a WHERE a.sdk_app_id = $1 AND a.user_id = t.value",
                self.each_text(2)
            );
            for (user, data) in self.pairs(&sql, &[app, Arg::Text(&array(&keys.accounts)?)])? {
                slice.load_account(&user, json(&data)?);
            }
        }
        if !keys.heads.is_empty() {
            let sql = format!(
                "SELECT h.user_id, h.conv_groups, h.relations FROM {} CROSS JOIN heads h WHERE h.sdk_app_id = $1 AND h.user_id = t.value",
                self.each_text(2)
            );
            for row in self
                .tx
                .query(&sql, &[app, Arg::Text(&array(&keys.heads)?)])?
            {
                if let [Val::Text(user), Val::Text(groups), Val::Text(relations)] = row.as_slice() {
                    let relations: Relations = json(relations)?;
                    slice.load_head(user, json(groups)?, relations);
                }
            }
        }
        let wanted: Vec<&(String, String)> = keys
            .convs
            .iter()
            .filter(|(u, _)| !keys.all_convs.contains(u))
            .collect();
        if !keys.all_convs.is_empty() {
            let sql = format!(
                "SELECT c.user_id, c.conv_id, c.data FROM {} CROSS JOIN convs c WHERE c.sdk_app_id = $1 AND c.user_id = t.value",
                self.each_text(2)
            );
            self.load_convs(&sql, &array(&keys.all_convs)?, slice)?;
        }
        if !wanted.is_empty() {
            let sql = format!(
                "SELECT c.user_id, c.conv_id, c.data FROM {} CROSS JOIN convs c WHERE c.sdk_app_id = $1 AND c.user_id = t.value->>0 AND c.conv_id = t.value->>1",
                self.each(2)
            );
            self.load_convs(&sql, &array(wanted)?, slice)?;
        }
        if !keys.groups.is_empty() {
            let sql = format!(
                "SELECT g.data FROM {} CROSS JOIN chat_groups g WHERE g.sdk_app_id = $1 AND g.group_id = t.value",
                self.each_text(2)
            );
            for t in texts(
                self.tx
                    .query(&sql, &[app, Arg::Text(&array(&keys.groups)?)])?,
            ) {
                slice.load_group(json::<Group>(&t)?);
            }
        }
        if !keys.groups_of.is_empty() {
            let sql = format!(
                "SELECT g.data FROM {} CROSS JOIN group_members m CROSS JOIN chat_groups g
                 WHERE m.sdk_app_id = $1 AND m.user_id = t.value AND g.sdk_app_id = m.sdk_app_id AND g.group_id = m.group_id",
                self.each_text(2)
            );
            for t in texts(
                self.tx
                    .query(&sql, &[app, Arg::Text(&array(&keys.groups_of)?)])?,
            ) {
                slice.load_group(json::<Group>(&t)?);
            }
        }
        if !keys.tails.is_empty() {
            // Each thread's last message: one index probe per thread, in one statement.
            let sql = format!(
                "SELECT t.value, (SELECT m.data FROM messages m WHERE m.sdk_app_id = $1 AND m.thread = t.value ORDER BY m.seq DESC LIMIT 1) FROM {}",
                self.each_text(2)
            );
            for (thread, data) in self.pairs(&sql, &[app, Arg::Text(&array(&keys.tails)?)])? {
                slice.put_message(&thread, json(&data)?);
            }
        }
        if !keys.messages.is_empty() {
            // A message ID is stored once per thread: by its index, not by sequence order.
            let sql = format!(
                "SELECT t.value->>0, (SELECT m.data FROM messages m WHERE m.sdk_app_id = $1 AND m.thread = t.value->>0 AND m.message_id = t.value->>1 LIMIT 1) FROM {}",
                self.each(2)
            );
            for (thread, data) in self.pairs(&sql, &[app, Arg::Text(&array(&keys.messages)?)])? {
                slice.put_message(&thread, json(&data)?);
            }
        }
        for (thread, before, count) in &keys.pages {
            // The page and one more message: whether it is the last page shows.
            let limit = Arg::Int((*count as i64).saturating_add(2));
            let found = match before {
                None => self.messages(
                    "SELECT data FROM messages WHERE sdk_app_id = $1 AND thread = $2 ORDER BY seq DESC LIMIT $3",
                    &[app, Arg::Text(thread), limit],
                )?,
                Some(id) => {
                    let at = self.tx.query(
                        "SELECT MAX(seq) FROM messages WHERE sdk_app_id = $1 AND thread = $2 AND message_id = $3",
                        &[app, Arg::Text(thread), Arg::Text(id)],
                    )?;
                    match first_int(&at) {
                        None => Vec::new(),
                        Some(at) => self.messages(
                            "SELECT data FROM messages WHERE sdk_app_id = $1 AND thread = $2 AND seq <= $3 ORDER BY seq DESC LIMIT $4",
                            &[app, Arg::Text(thread), Arg::Int(at), limit],
                        )?,
                    }
                }
            };
            for m in found {
                slice.put_message(thread, m);
            }
        }
        for hop in &keys.hops {
            for m in self.hop(hop)? {
                slice.put_message(&hop.thread, m);
            }
        }
        if !keys.online.is_empty() {
            let list = array(&keys.online)?;
            slice.add_online(online_of(&mut *self.tx, self.app, &list, self.now)?);
        }
        Ok(())
    }
}

impl Rows<'_> {
    fn load_convs(&mut self, sql: &str, list: &str, slice: &mut Cloud) -> Result<(), Error> {
        for row in self.tx.query(sql, &[Arg::Int(self.app), Arg::Text(list)])? {
            if let [Val::Text(user), Val::Text(conv), Val::Text(data)] = row.as_slice() {
                let r: ConvRecord = json(data)?;
                slice.load_conv(user, conv, r);
            }
        }
        Ok(())
    }
}
