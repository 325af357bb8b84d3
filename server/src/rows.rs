//! The cloud's state as rows (CONTRACT §9, storage model), in SQLite or Postgres: per user their conversation
//! records and a head (conversation groups, relations); per app the profiles, the chat groups
//! (with a membership index), the messages of each thread under their sequence (one copy, read
//! by page), and a counter. [`Rows`] loads the slice a request needs inside its transaction
//! ([`Source`]) and writes back the [`Changes`] the pure cloud returned. Each row's data is the
//! cloud's own type as JSON (serde), so the rules stay in `src/cloud` alone.

use crate::db::{failed, first_int, Arg, Engine, Tx, Val};
use serde::de::DeserializeOwned;
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
    ]
}

fn json<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| failed(format!("a stored row is unreadable: {e}")))
}

fn text(v: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string(v).map_err(failed)
}

/// One app's rows inside one transaction.
pub struct Rows<'a> {
    pub tx: &'a mut dyn Tx,
    pub app: i64,
}

fn texts(rows: Vec<Vec<Val>>) -> impl Iterator<Item = String> {
    rows.into_iter()
        .filter_map(|mut r| match r.drain(..).next() {
            Some(Val::Text(t)) => Some(t),
            _ => None,
        })
}

impl Rows<'_> {
    fn messages(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Stored>, Error> {
        texts(self.tx.query(sql, args)?).map(|t| json(&t)).collect()
    }

    fn one(&mut self, sql: &str, args: &[Arg]) -> Result<Option<String>, Error> {
        Ok(texts(self.tx.query(sql, args)?).next())
    }

    /// Writes what a request changed.
    pub fn write(&mut self, c: &Changes) -> Result<(), Error> {
        let app = Arg::Int(self.app);
        let tx = &mut *self.tx;
        if let Some(n) = c.counter {
            tx.exec(
                "INSERT INTO counters (sdk_app_id, counter) VALUES ($1, $2)
                 ON CONFLICT (sdk_app_id) DO UPDATE SET counter = excluded.counter",
                &[app, Arg::Int(n as i64)],
            )?;
        }
        for (user, p) in &c.accounts {
            tx.exec(
                "INSERT INTO accounts (sdk_app_id, user_id, data) VALUES ($1, $2, $3)
                 ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET data = excluded.data",
                &[app, Arg::Text(user), Arg::Text(&text(p)?)],
            )?;
        }
        for (user, groups, relations) in &c.heads {
            tx.exec(
                "INSERT INTO heads (sdk_app_id, user_id, conv_groups, relations) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET conv_groups = excluded.conv_groups, relations = excluded.relations",
                &[app, Arg::Text(user), Arg::Text(&text(groups)?), Arg::Text(&text(relations)?)],
            )?;
        }
        for (user, conv, r) in &c.convs {
            match r {
                Some(r) => tx.exec(
                    "INSERT INTO convs (sdk_app_id, user_id, conv_id, data) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (sdk_app_id, user_id, conv_id) DO UPDATE SET data = excluded.data",
                    &[app, Arg::Text(user), Arg::Text(conv), Arg::Text(&text(r)?)],
                )?,
                None => tx.exec(
                    "DELETE FROM convs WHERE sdk_app_id = $1 AND user_id = $2 AND conv_id = $3",
                    &[app, Arg::Text(user), Arg::Text(conv)],
                )?,
            }
        }
        for (id, g) in &c.groups {
            tx.exec(
                "DELETE FROM group_members WHERE sdk_app_id = $1 AND group_id = $2",
                &[app, Arg::Text(id)],
            )?;
            match g {
                Some(g) => {
                    tx.exec(
                        "INSERT INTO chat_groups (sdk_app_id, group_id, data) VALUES ($1, $2, $3)
                         ON CONFLICT (sdk_app_id, group_id) DO UPDATE SET data = excluded.data",
                        &[app, Arg::Text(id), Arg::Text(&text(g)?)],
                    )?;
                    for (m, _) in &g.members {
                        tx.exec(
                            "INSERT INTO group_members (sdk_app_id, user_id, group_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                            &[app, Arg::Text(m), Arg::Text(id)],
                        )?;
                    }
                }
                None => tx.exec(
                    "DELETE FROM chat_groups WHERE sdk_app_id = $1 AND group_id = $2",
                    &[app, Arg::Text(id)],
                )?,
            }
        }
        for (thread, m) in &c.messages {
            tx.exec(
                "INSERT INTO messages (sdk_app_id, thread, seq, message_id, data) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (sdk_app_id, thread, seq) DO UPDATE SET message_id = excluded.message_id, data = excluded.data",
                &[app, Arg::Text(thread), Arg::Int(m.seq as i64), Arg::Text(&m.id), Arg::Text(&text(m)?)],
            )?;
        }
        Ok(())
    }
}

impl Source for Rows<'_> {
    fn counter(&mut self) -> Result<u64, Error> {
        let rows = self.tx.query(
            "SELECT counter FROM counters WHERE sdk_app_id = $1",
            &[Arg::Int(self.app)],
        )?;
        Ok(first_int(&rows).unwrap_or(0) as u64)
    }

    fn load(&mut self, keys: &Keys, slice: &mut Cloud) -> Result<(), Error> {
        let app = Arg::Int(self.app);
        for user in &keys.accounts {
            if let Some(t) = self.one(
                "SELECT data FROM accounts WHERE sdk_app_id = $1 AND user_id = $2",
                &[app, Arg::Text(user)],
            )? {
                slice.load_account(user, json(&t)?);
            }
        }
        for user in &keys.heads {
            let rows = self.tx.query(
                "SELECT conv_groups, relations FROM heads WHERE sdk_app_id = $1 AND user_id = $2",
                &[app, Arg::Text(user)],
            )?;
            if let Some([Val::Text(groups), Val::Text(relations)]) = rows.first().map(Vec::as_slice)
            {
                let relations: Relations = json(relations)?;
                slice.load_head(user, json(groups)?, relations);
            }
        }
        for user in &keys.all_convs {
            for row in self.tx.query(
                "SELECT conv_id, data FROM convs WHERE sdk_app_id = $1 AND user_id = $2",
                &[app, Arg::Text(user)],
            )? {
                if let [Val::Text(conv), Val::Text(data)] = row.as_slice() {
                    let r: ConvRecord = json(data)?;
                    slice.load_conv(user, conv, r);
                }
            }
        }
        for (user, conv) in &keys.convs {
            if keys.all_convs.contains(user) {
                continue;
            }
            if let Some(t) = self.one(
                "SELECT data FROM convs WHERE sdk_app_id = $1 AND user_id = $2 AND conv_id = $3",
                &[app, Arg::Text(user), Arg::Text(conv)],
            )? {
                slice.load_conv(user, conv, json(&t)?);
            }
        }
        for id in &keys.groups {
            if let Some(t) = self.one(
                "SELECT data FROM chat_groups WHERE sdk_app_id = $1 AND group_id = $2",
                &[app, Arg::Text(id)],
            )? {
                slice.load_group(json::<Group>(&t)?);
            }
        }
        for user in &keys.groups_of {
            let found = self.tx.query(
                "SELECT g.data FROM group_members m JOIN chat_groups g
                 ON g.sdk_app_id = m.sdk_app_id AND g.group_id = m.group_id
                 WHERE m.sdk_app_id = $1 AND m.user_id = $2",
                &[app, Arg::Text(user)],
            )?;
            for t in texts(found) {
                slice.load_group(json::<Group>(&t)?);
            }
        }
        for thread in &keys.tails {
            for m in self.messages(
                "SELECT data FROM messages WHERE sdk_app_id = $1 AND thread = $2 ORDER BY seq DESC LIMIT 1",
                &[app, Arg::Text(thread)],
            )? {
                slice.put_message(thread, m);
            }
        }
        for (thread, id) in &keys.messages {
            for m in self.messages(
                "SELECT data FROM messages WHERE sdk_app_id = $1 AND thread = $2 AND message_id = $3 ORDER BY seq LIMIT 1",
                &[app, Arg::Text(thread), Arg::Text(id)],
            )? {
                slice.put_message(thread, m);
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
        Ok(())
    }
}
