//! The cloud's state as SQLite rows (CONTRACT §9, storage model): per user their conversation
//! records and a head (conversation groups, relations); per app the profiles, the chat groups
//! (with a membership index), the messages of each thread under their sequence (one copy, read
//! by page), and a counter. [`Rows`] loads the slice a request needs inside its transaction
//! ([`Source`]) and writes back the [`Changes`] the pure cloud returned. Each row's data is the
//! cloud's own type as JSON (serde), so the rules stay in `src/cloud` alone.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use tim_wasm::cloud::relations::Relations;
use tim_wasm::cloud::slice::{Changes, Keys, Source};
use tim_wasm::cloud::state::{ConvRecord, Group, Stored};
use tim_wasm::cloud::Cloud;
use tim_wasm::core::error::{Code, Error};

/// The schema step that creates the cloud's tables.
pub const SCHEMA: &str = "
CREATE TABLE counters (sdk_app_id INTEGER PRIMARY KEY, counter INTEGER NOT NULL);
CREATE TABLE accounts (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id));
CREATE TABLE heads (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, conv_groups TEXT NOT NULL,
    relations TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id));
CREATE TABLE convs (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, conv_id TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id, conv_id));
CREATE TABLE chat_groups (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, group_id));
CREATE TABLE group_members (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, group_id TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id, group_id));
CREATE TABLE messages (sdk_app_id INTEGER NOT NULL, thread TEXT NOT NULL, seq INTEGER NOT NULL,
    message_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (sdk_app_id, thread, seq));
CREATE INDEX messages_by_id ON messages (sdk_app_id, thread, message_id);
CREATE TABLE changes (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, seq INTEGER NOT NULL,
    except_session INTEGER, body TEXT NOT NULL, PRIMARY KEY (sdk_app_id, user_id, seq));
CREATE TABLE requests (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, session INTEGER NOT NULL,
    call_id INTEGER NOT NULL, at INTEGER NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (sdk_app_id, user_id, session, call_id));
";

/// A storage failure as the cloud's error (the client sees a coded failure, never a panic).
pub fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(
        Code::StorageFailed,
        format!("the server's database failed: {e}"),
    )
}

fn json<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| failed(format!("a stored row is unreadable: {e}")))
}

fn text(v: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string(v).map_err(failed)
}

/// One app's rows inside one transaction.
pub struct Rows<'a> {
    pub tx: &'a Transaction<'a>,
    pub app: i64,
}

impl Rows<'_> {
    fn messages(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Stored>, Error> {
        let mut st = self.tx.prepare_cached(sql).map_err(failed)?;
        let rows = st
            .query_map(args, |r| r.get::<_, String>(0))
            .map_err(failed)?;
        rows.map(|r| r.map_err(failed).and_then(|t| json(&t)))
            .collect()
    }

    fn put_group(&self, slice: &mut Cloud, data: &str) -> Result<(), Error> {
        let g: Group = json(data)?;
        slice.load_group(g);
        Ok(())
    }

    /// Runs one statement (cached).
    fn exec(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<(), Error> {
        self.tx
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(args))
            .map(drop)
            .map_err(failed)
    }

    /// Writes what a request changed.
    pub fn write(&self, c: &Changes) -> Result<(), Error> {
        let app = &self.app;
        if let Some(n) = c.counter {
            self.exec(
                "INSERT INTO counters (sdk_app_id, counter) VALUES (?1, ?2)
                 ON CONFLICT (sdk_app_id) DO UPDATE SET counter = excluded.counter",
                &[app, &(n as i64)],
            )?;
        }
        for (user, p) in &c.accounts {
            self.exec(
                "INSERT OR REPLACE INTO accounts (sdk_app_id, user_id, data) VALUES (?1, ?2, ?3)",
                &[app, user, &text(p)?],
            )?;
        }
        for (user, groups, relations) in &c.heads {
            self.exec(
                "INSERT OR REPLACE INTO heads (sdk_app_id, user_id, conv_groups, relations) VALUES (?1, ?2, ?3, ?4)",
                &[app, user, &text(groups)?, &text(relations)?],
            )?;
        }
        for (user, conv, r) in &c.convs {
            match r {
                Some(r) => self.exec("INSERT OR REPLACE INTO convs (sdk_app_id, user_id, conv_id, data) VALUES (?1, ?2, ?3, ?4)", &[app, user, conv, &text(r)?])?,
                None => self.exec("DELETE FROM convs WHERE sdk_app_id = ?1 AND user_id = ?2 AND conv_id = ?3", &[app, user, conv])?,
            }
        }
        for (id, g) in &c.groups {
            self.exec(
                "DELETE FROM group_members WHERE sdk_app_id = ?1 AND group_id = ?2",
                &[app, id],
            )?;
            match g {
                Some(g) => {
                    self.exec("INSERT OR REPLACE INTO chat_groups (sdk_app_id, group_id, data) VALUES (?1, ?2, ?3)", &[app, id, &text(g)?])?;
                    for (m, _) in &g.members {
                        self.exec("INSERT OR IGNORE INTO group_members (sdk_app_id, user_id, group_id) VALUES (?1, ?2, ?3)", &[app, m, id])?;
                    }
                }
                None => self.exec(
                    "DELETE FROM chat_groups WHERE sdk_app_id = ?1 AND group_id = ?2",
                    &[app, id],
                )?,
            }
        }
        for (thread, m) in &c.messages {
            self.exec(
                "INSERT OR REPLACE INTO messages (sdk_app_id, thread, seq, message_id, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[app, thread, &(m.seq as i64), &m.id, &text(m)?],
            )?;
        }
        Ok(())
    }
}

impl Source for Rows<'_> {
    fn counter(&mut self) -> Result<u64, Error> {
        let n: Option<i64> = self
            .tx
            .query_row(
                "SELECT counter FROM counters WHERE sdk_app_id = ?1",
                [self.app],
                |r| r.get(0),
            )
            .optional()
            .map_err(failed)?;
        Ok(n.unwrap_or(0) as u64)
    }

    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error> {
        let (tx, app) = (self.tx, self.app);
        let one = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Option<String>, Error> {
            tx.prepare_cached(sql)
                .and_then(|mut s| s.query_row(args, |r| r.get(0)).optional())
                .map_err(failed)
        };
        for user in &keys.accounts {
            if let Some(t) = one(
                "SELECT data FROM accounts WHERE sdk_app_id = ?1 AND user_id = ?2",
                &[&app, user],
            )? {
                slice.load_account(user, json(&t)?);
            }
        }
        for user in &keys.heads {
            let row = tx
                .prepare_cached("SELECT conv_groups, relations FROM heads WHERE sdk_app_id = ?1 AND user_id = ?2")
                .and_then(|mut s| s.query_row(params![app, user], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).optional())
                .map_err(failed)?;
            if let Some((groups, relations)) = row {
                let relations: Relations = json(&relations)?;
                slice.load_head(user, json(&groups)?, relations);
            }
        }
        for user in &keys.all_convs {
            let mut st = tx
                .prepare_cached(
                    "SELECT conv_id, data FROM convs WHERE sdk_app_id = ?1 AND user_id = ?2",
                )
                .map_err(failed)?;
            let rows = st
                .query_map(params![app, user], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(failed)?;
            for row in rows {
                let (conv, data) = row.map_err(failed)?;
                let r: ConvRecord = json(&data)?;
                slice.load_conv(user, &conv, r);
            }
        }
        for (user, conv) in &keys.convs {
            if keys.all_convs.contains(user) {
                continue;
            }
            if let Some(t) = one(
                "SELECT data FROM convs WHERE sdk_app_id = ?1 AND user_id = ?2 AND conv_id = ?3",
                &[&app, user, conv],
            )? {
                slice.load_conv(user, conv, json(&t)?);
            }
        }
        for id in &keys.groups {
            if let Some(t) = one(
                "SELECT data FROM chat_groups WHERE sdk_app_id = ?1 AND group_id = ?2",
                &[&app, id],
            )? {
                self.put_group(slice, &t)?;
            }
        }
        for user in &keys.groups_of {
            let found: Vec<String> = {
                let mut st = tx
                    .prepare_cached(
                        "SELECT g.data FROM group_members m JOIN chat_groups g
                         ON g.sdk_app_id = m.sdk_app_id AND g.group_id = m.group_id
                         WHERE m.sdk_app_id = ?1 AND m.user_id = ?2",
                    )
                    .map_err(failed)?;
                let rows = st
                    .query_map(params![app, user], |r| r.get::<_, String>(0))
                    .map_err(failed)?;
                rows.collect::<Result<_, _>>().map_err(failed)?
            };
            for t in found {
                self.put_group(slice, &t)?;
            }
        }
        for thread in &keys.tails {
            for m in self.messages(
                "SELECT data FROM messages WHERE sdk_app_id = ?1 AND thread = ?2 ORDER BY seq DESC LIMIT 1",
                params![app, thread],
            )? {
                slice.put_message(thread, m);
            }
        }
        for (thread, id) in &keys.messages {
            for m in self.messages(
                "SELECT data FROM messages WHERE sdk_app_id = ?1 AND thread = ?2 AND message_id = ?3 ORDER BY seq LIMIT 1",
                params![app, thread, id],
            )? {
                slice.put_message(thread, m);
            }
        }
        for (thread, before, count) in &keys.pages {
            // The page and one more message: whether it is the last page shows.
            let limit = (*count as i64).saturating_add(2);
            let found = match before {
                None => self.messages(
                    "SELECT data FROM messages WHERE sdk_app_id = ?1 AND thread = ?2 ORDER BY seq DESC LIMIT ?3",
                    params![app, thread, limit],
                )?,
                Some(id) => {
                    let at: Option<i64> = tx
                        .prepare_cached(
                            "SELECT MAX(seq) FROM messages WHERE sdk_app_id = ?1 AND thread = ?2 AND message_id = ?3",
                        )
                        .and_then(|mut s| s.query_row(params![app, thread, id], |r| r.get(0)))
                        .map_err(failed)?;
                    match at {
                        None => Vec::new(),
                        Some(at) => self.messages(
                            "SELECT data FROM messages WHERE sdk_app_id = ?1 AND thread = ?2 AND seq <= ?3 ORDER BY seq DESC LIMIT ?4",
                            params![app, thread, at, limit],
                        )?,
                    }
                }
            };
            for m in found {
                slice.put_message(thread, m);
            }
        }
        Ok(())
    }
}
