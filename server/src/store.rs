//! The server's database. SQLite (embedded default) in WAL mode with `synchronous=FULL`: a
//! committed change survives kill -9 and a power cut (CONTRACT §9). Schema versions are explicit
//! steps, run at start in one transaction; a database from a newer schema is refused.
//!
//! It keeps the apps (the development app, created once and reused by every restart) and the
//! cloud's state as rows (`rows.rs`). A call runs in one transaction: it is applied at most once
//! per (user, session, call ID), its changes and the pushes it makes (appended to each user's
//! change log under that user's next sequence) commit together, and only then is it answered.

use crate::config::App;
use crate::rows::{failed, Rows};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use tim_wasm::cloud::protocol::{PushBody, Request};
use tim_wasm::cloud::wire::Answered;
use tim_wasm::core::error::Error;

/// `MIGRATIONS[v]` moves a database from schema version v to v + 1 (never edit a step that
/// shipped; add one).
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE apps (sdk_app_id INTEGER PRIMARY KEY, secret_key TEXT NOT NULL, dev INTEGER NOT NULL DEFAULT 0);",
    crate::rows::SCHEMA,
];

/// A push as the change log keeps it: the user's sequence, the session that made it (it learnt
/// from its answer, so it is not pushed there), and the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    pub user: String,
    pub seq: u64,
    pub except: Option<u64>,
    pub body: PushBody,
}

/// Answers to calls are kept this long for re-sent calls to find (seconds).
const KEEP_ANSWERS: u64 = 24 * 3600;
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating) the database at `path` and brings its schema up to date.
    pub fn open(path: &str) -> Result<Store, String> {
        let conn = Connection::open(path).map_err(|e| format!("database {path}: {e}"))?;
        let setup = || -> rusqlite::Result<String> {
            let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            conn.execute_batch(
                "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
            )?;
            Ok(mode)
        };
        let mode = setup().map_err(|e| format!("database {path}: {e}"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(format!("database {path}: cannot use WAL mode (got {mode})"));
        }
        let mut store = Store { conn };
        store
            .migrate()
            .map_err(|e| format!("database {path}: {e}"))?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), String> {
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if version > SCHEMA_VERSION {
            return Err(format!("its schema version {version} is newer than this server's ({SCHEMA_VERSION}); run a newer tim-server"));
        }
        for step in &MIGRATIONS[version as usize..] {
            tx.execute_batch(step).map_err(|e| e.to_string())?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())
    }

    /// The development app: the one kept in the database, or a new one from `make` (kept).
    pub fn dev_app(&mut self, make: impl FnOnce() -> App) -> Result<App, String> {
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let found = tx
            .query_row(
                "SELECT sdk_app_id, secret_key FROM apps WHERE dev = 1",
                [],
                |r| {
                    Ok(App {
                        sdk_app_id: r.get::<_, i64>(0)? as u64,
                        key: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| e.to_string())?;
        let app = match found {
            Some(app) => app,
            None => {
                let app = make();
                tx.execute(
                    "INSERT INTO apps (sdk_app_id, secret_key, dev) VALUES (?1, ?2, 1)",
                    params![app.sdk_app_id as i64, app.key],
                )
                .map_err(|e| e.to_string())?;
                app
            }
        };
        tx.commit().map_err(|e| e.to_string())?;
        Ok(app)
    }
}

impl Store {
    /// Runs call `call_id` of `user`'s `session` (once: a call re-sent with the same ID gets the
    /// first answer and changes nothing). Returns the answer and the pushes to deliver; both
    /// are committed when this returns.
    pub fn call(
        &mut self,
        app: u64,
        user: &str,
        session: u64,
        call_id: u64,
        req: Request,
        now: u64,
    ) -> Result<(Answered, Vec<Logged>), Error> {
        self.run(app, user, session, Some(call_id), req, now)
    }

    /// A request made by the app's administrator on behalf of `user` (the REST API): no session
    /// of the user made it, so every session of theirs gets the pushes; nothing to remember.
    pub fn admin_call(
        &mut self,
        app: u64,
        user: &str,
        req: Request,
        now: u64,
    ) -> Result<(Answered, Vec<Logged>), Error> {
        self.run(app, user, 0, None, req, now)
    }

    fn run(
        &mut self,
        app: u64,
        user: &str,
        session: u64,
        call_id: Option<u64>,
        req: Request,
        now: u64,
    ) -> Result<(Answered, Vec<Logged>), Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        let key = params![app as i64, user, session as i64, call_id.map(|c| c as i64)];
        let kept: Option<String> = tx
            .query_row(
                "SELECT answer FROM requests WHERE sdk_app_id = ?1 AND user_id = ?2 AND session = ?3 AND call_id = ?4",
                key,
                |r| r.get(0),
            )
            .optional()
            .map_err(failed)?;
        if let Some(answer) = kept {
            let answer = serde_json::from_str(&answer).map_err(failed)?;
            return Ok((answer, Vec::new()));
        }
        let remember = call_id.is_some() && !tim_wasm::cloud::journal::read_only(&req);
        let ran = {
            let mut rows = Rows {
                tx: &tx,
                app: app as i64,
            };
            let ran = tim_wasm::cloud::slice::run(&mut rows, app as f64, user, session, req, now)?;
            rows.write(&ran.changes)?;
            ran
        };
        let mut logged = Vec::with_capacity(ran.pushes.len());
        let mut last: Vec<(String, u64)> = Vec::new();
        for p in ran.pushes {
            let seq = match last.iter_mut().find(|(u, _)| *u == p.user) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    let n = push_seq(&tx, app, &p.user)? + 1;
                    last.push((p.user.clone(), n));
                    n
                }
            };
            let body = serde_json::to_string(&p.body).map_err(failed)?;
            tx.prepare_cached("INSERT INTO changes (sdk_app_id, user_id, seq, except_session, body) VALUES (?1, ?2, ?3, ?4, ?5)")
                .and_then(|mut st| st.execute(params![app as i64, p.user, seq as i64, p.except.map(|e| e as i64), body]))
                .map_err(failed)?;
            logged.push(Logged {
                user: p.user,
                seq,
                except: p.except,
                body: p.body,
            });
        }
        let answer = match ran.result {
            Ok(r) => Answered::Ok(r),
            Err(e) => Answered::Err {
                code: e.code,
                message: e.message,
            },
        };
        if remember {
            let text = serde_json::to_string(&answer).map_err(failed)?;
            tx.execute(
                "INSERT INTO requests (sdk_app_id, user_id, session, call_id, at, answer) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![app as i64, user, session as i64, call_id.map(|c| c as i64), now as i64, text],
            )
            .map_err(failed)?;
            tx.execute(
                "DELETE FROM requests WHERE sdk_app_id = ?1 AND user_id = ?2 AND at < ?3",
                params![app as i64, user, now.saturating_sub(KEEP_ANSWERS) as i64],
            )
            .map_err(failed)?;
        }
        tx.commit().map_err(failed)?;
        Ok((answer, logged))
    }

    /// The newest push sequence of a user (0: none yet).
    pub fn push_seq(&mut self, app: u64, user: &str) -> Result<u64, Error> {
        push_seq(&self.conn, app, user)
    }

    /// The user's pushes after `after`, oldest first, at most `limit`.
    pub fn changes_after(
        &mut self,
        app: u64,
        user: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Logged>, Error> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT seq, except_session, body FROM changes WHERE sdk_app_id = ?1 AND user_id = ?2 AND seq > ?3
                 ORDER BY seq LIMIT ?4",
            )
            .map_err(failed)?;
        let rows = st
            .query_map(params![app as i64, user, after as i64, limit as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(failed)?;
        rows.map(|r| {
            let (seq, except, body) = r.map_err(failed)?;
            let body = serde_json::from_str(&body)
                .map_err(|e| failed(format!("a stored push is unreadable: {e}")))?;
            Ok(Logged {
                user: user.to_string(),
                seq: seq as u64,
                except: except.map(|e| e as u64),
                body,
            })
        })
        .collect()
    }
}

fn push_seq(conn: &Connection, app: u64, user: &str) -> Result<u64, Error> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM changes WHERE sdk_app_id = ?1 AND user_id = ?2")
        .and_then(|mut st| st.query_row(params![app as i64, user], |r| r.get(0)))
        .map_err(failed)?;
    Ok(n.unwrap_or(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> String {
        let dir = std::env::temp_dir().join(format!("tim-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        dir.to_string_lossy().into_owned()
    }

    #[test]
    fn the_dev_app_is_made_once_and_kept() {
        let path = temp("dev");
        let first = Store::open(&path)
            .unwrap()
            .dev_app(|| App {
                sdk_app_id: 1400000123,
                key: "k".into(),
            })
            .unwrap();
        let again = Store::open(&path)
            .unwrap()
            .dev_app(|| panic!("made twice"))
            .unwrap();
        assert_eq!(first, again);
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let path = temp("newer");
        drop(Store::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let e = Store::open(&path).err().expect("refused");
        assert!(e.contains("newer than this server"), "{e}");
        std::fs::remove_file(&path).ok();
    }
}
