//! The server's database: SQLite (embedded default) in WAL mode with `synchronous=FULL`, or
//! Postgres (`db.rs`); either way a committed change survives kill -9 (CONTRACT §9). Schema
//! versions are explicit steps (`rows::steps`), run at start under the database's migration
//! lock; a database from a newer schema is refused.
//!
//! It keeps the apps (the development app, created once and reused by every restart) and the
//! cloud's state as rows (`rows.rs`). A call runs in one transaction: it is applied at most once
//! per (user, session, call ID), its changes and the pushes it makes (appended to each user's
//! change log under that user's next sequence) commit together, and only then is it answered.

use crate::config::{App, Database};
use crate::db::{failed, first_int, Arg, Db, Postgres, Sqlite, Tx, Val};
use crate::rows::Rows;
use tim_wasm::cloud::protocol::{PushBody, Request};
use tim_wasm::cloud::wire::Answered;
use tim_wasm::core::error::Error;

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

/// The schema version this build writes (the number of steps).
pub fn schema_version() -> i64 {
    crate::rows::steps(crate::db::Engine::Sqlite).len() as i64
}

pub struct Store {
    db: Box<dyn Db>,
}

impl Store {
    /// Opens (creating) the SQLite database at `path` and brings its schema up to date.
    pub fn open(path: &str) -> Result<Store, String> {
        Store::with(Box::new(Sqlite::open(path)?), path)
    }

    /// Opens the configured database (`sqlite:PATH` or `postgres://…`).
    pub fn connect(database: &Database) -> Result<Store, String> {
        match database {
            Database::Sqlite(path) => Store::open(path),
            Database::Postgres(url) => {
                Store::with(Box::new(Postgres::open(url)?), &crate::db::redact(url))
            }
        }
    }

    fn with(mut db: Box<dyn Db>, name: &str) -> Result<Store, String> {
        let steps = crate::rows::steps(db.engine());
        let latest = steps.len() as i64;
        db.migrate(&mut |tx: &mut dyn Tx, version: i64| {
            if version > latest {
                return Err(Error::raw(0, format!("its schema version {version} is newer than this server's ({latest}); run a newer tim-server")));
            }
            for step in &steps[version.max(0) as usize..] {
                for statement in step.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    tx.exec(statement, &[])?;
                }
            }
            Ok(latest)
        })
        .map_err(|e| format!("database {name}: {}", e.message))?;
        Ok(Store { db })
    }

    /// The development app: the one kept in the database, or a new one from `make` (kept).
    pub fn dev_app(&mut self, make: impl FnOnce() -> App) -> Result<App, String> {
        let run = || -> Result<App, Error> {
            let mut tx = self.db.begin()?;
            // Nodes starting together make one development app between them.
            tx.lock(0)?;
            let found = tx.query("SELECT sdk_app_id, secret_key FROM apps WHERE dev = 1", &[])?;
            let app = match found.first().map(Vec::as_slice) {
                Some([Val::Int(id), Val::Text(key)]) => App {
                    sdk_app_id: *id as u64,
                    key: key.clone(),
                },
                _ => {
                    let app = make();
                    tx.exec(
                        "INSERT INTO apps (sdk_app_id, secret_key, dev) VALUES ($1, $2, 1)",
                        &[Arg::Int(app.sdk_app_id as i64), Arg::Text(&app.key)],
                    )?;
                    app
                }
            };
            tx.commit()?;
            Ok(app)
        };
        run().map_err(|e| e.message)
    }

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
        let mut tx = self.db.begin()?;
        // One writer per app at a time, across every node sharing the database: the slice a
        // call loads must not change under it (the app's counter is in every write anyway).
        tx.lock(app as i64)?;
        let (a, u, s) = (
            Arg::Int(app as i64),
            Arg::Text(user),
            Arg::Int(session as i64),
        );
        if let Some(call) = call_id {
            let kept = tx.query(
                "SELECT answer FROM requests WHERE sdk_app_id = $1 AND user_id = $2 AND session = $3 AND call_id = $4",
                &[a, u, s, Arg::Int(call as i64)],
            )?;
            if let Some(Val::Text(answer)) = kept.first().and_then(|r| r.first()) {
                let answer = serde_json::from_str(answer).map_err(failed)?;
                return Ok((answer, Vec::new()));
            }
        }
        let remember = call_id.is_some() && !tim_wasm::cloud::journal::read_only(&req);
        let ran = {
            let mut rows = Rows {
                tx: &mut *tx,
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
                    let n = push_seq(&mut *tx, app, &p.user)? + 1;
                    last.push((p.user.clone(), n));
                    n
                }
            };
            let body = serde_json::to_string(&p.body).map_err(failed)?;
            let except = p.except.map_or(Arg::Null, |e| Arg::Int(e as i64));
            tx.exec(
                "INSERT INTO changes (sdk_app_id, user_id, seq, except_session, body) VALUES ($1, $2, $3, $4, $5)",
                &[a, Arg::Text(&p.user), Arg::Int(seq as i64), except, Arg::Text(&body)],
            )?;
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
        if let (true, Some(call)) = (remember, call_id) {
            let text = serde_json::to_string(&answer).map_err(failed)?;
            tx.exec(
                "INSERT INTO requests (sdk_app_id, user_id, session, call_id, at, answer) VALUES ($1, $2, $3, $4, $5, $6)",
                &[a, u, s, Arg::Int(call as i64), Arg::Int(now as i64), Arg::Text(&text)],
            )?;
            tx.exec(
                "DELETE FROM requests WHERE sdk_app_id = $1 AND user_id = $2 AND at < $3",
                &[a, u, Arg::Int(now.saturating_sub(KEEP_ANSWERS) as i64)],
            )?;
        }
        // Other nodes learn, at commit, each user's newest push (a wake-up only: they read the
        // change log, which is what counts).
        for (user, seq) in &last {
            tx.notify(&serde_json::json!([app, user, seq]).to_string())?;
        }
        tx.commit()?;
        Ok((answer, logged))
    }

    /// The newest push sequence of a user (0: none yet).
    pub fn push_seq(&mut self, app: u64, user: &str) -> Result<u64, Error> {
        let mut tx = self.db.begin()?;
        let n = push_seq(&mut *tx, app, user)?;
        tx.commit()?;
        Ok(n)
    }

    /// The user's pushes after `after`, oldest first, at most `limit`.
    pub fn changes_after(
        &mut self,
        app: u64,
        user: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Logged>, Error> {
        let mut tx = self.db.begin()?;
        let rows = tx.query(
            "SELECT seq, except_session, body FROM changes WHERE sdk_app_id = $1 AND user_id = $2 AND seq > $3
             ORDER BY seq LIMIT $4",
            &[Arg::Int(app as i64), Arg::Text(user), Arg::Int(after as i64), Arg::Int(limit as i64)],
        )?;
        tx.commit()?;
        rows.into_iter()
            .map(|r| match r.as_slice() {
                [Val::Int(seq), except, Val::Text(body)] => {
                    let body = serde_json::from_str(body)
                        .map_err(|e| failed(format!("a stored push is unreadable: {e}")))?;
                    Ok(Logged {
                        user: user.to_string(),
                        seq: *seq as u64,
                        except: except.int().map(|e| e as u64),
                        body,
                    })
                }
                _ => Err(failed("a stored push has the wrong shape")),
            })
            .collect()
    }
}

fn push_seq(tx: &mut dyn Tx, app: u64, user: &str) -> Result<u64, Error> {
    let rows = tx.query(
        "SELECT MAX(seq) FROM changes WHERE sdk_app_id = $1 AND user_id = $2",
        &[Arg::Int(app as i64), Arg::Text(user)],
    )?;
    Ok(first_int(&rows).unwrap_or(0) as u64)
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
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
        let e = Store::open(&path).err().expect("refused");
        assert!(e.contains("newer than this server"), "{e}");
        std::fs::remove_file(&path).ok();
    }
}
