//! The server's database: SQLite (embedded default) in WAL mode with `synchronous=FULL`, or
//! Postgres (`db.rs`); either way a committed change survives kill -9 (CONTRACT §9). Schema
//! versions are explicit steps (`rows::steps`), run at start under the database's migration
//! lock; a database from a newer schema is refused.
//!
//! It keeps the apps (the development app, created once and reused by every restart) and the
//! cloud's state as rows (`rows.rs`). A call runs in one transaction: it is applied at most once
//! per (user, session, call ID), its changes and the pushes it makes (appended to each user's
//! change log under that user's next sequence) commit together, and only then is it answered.
//!
//! Calls run on a pool of connections. A call that writes takes the locks of the rows it loads
//! (`rows::Locks`), so calls of different users run in parallel, on one node and across nodes,
//! and calls touching the same rows queue. A call that loses a race (a deadlock, a lock taken
//! out of order, a key written first by another) runs again, from the start.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::config::{App, Database};
use crate::db::{failed, Arg, Db, Postgres, Sqlite, Tx, Val};
use crate::rows::{Locks, Rows};
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

/// A call's outcome, committed: the answer, the pushes to deliver, and where the caller's own
/// change log stood at commit (its connection sends everything up to there before the answer,
/// so an answer never overtakes an earlier change).
#[derive(Debug)]
pub struct Called {
    pub answer: Answered,
    pub pushes: Vec<Logged>,
    pub seq: u64,
}

/// A file to keep (`files.rs`): its name, who stored it, its type and size and, unless they are
/// kept in a directory, its bytes.
#[derive(Clone, Copy, Debug)]
pub struct NewFile<'a> {
    pub name: &'a str,
    pub owner: &'a str,
    pub mime: &'a str,
    pub size: usize,
    pub bytes: Option<&'a [u8]>,
}

/// A kept file: its type, and its bytes (`None`: in the directory).
pub type KeptFile = (String, Option<Vec<u8>>);

/// Answers to calls are kept this long for re-sent calls to find (seconds).
const KEEP_ANSWERS: u64 = 24 * 3600;

/// Pushes are kept in the change log this long (seconds): a client away longer resumes with a
/// fresh state instead (`Welcome.resync`). Each user's newest push stays, as the base of the
/// next one's sequence.
pub const KEEP_CHANGES: u64 = 7 * 24 * 3600;

/// Attempts of a call that loses races with others before it fails (each attempt takes every
/// lock the previous ones found, in order, so a second attempt rarely loses again).
const ATTEMPTS: usize = 8;

/// Connections to Postgres per node (SQLite: one, its one writer).
pub const POOL: u32 = 8;

/// The schema version this build writes (the number of steps).
pub fn schema_version() -> i64 {
    crate::rows::steps(crate::db::Engine::Sqlite).len() as i64
}

/// Opens connections for the pool.
struct Connector(Database);

#[derive(Debug)]
struct Unavailable(String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unavailable {}

impl r2d2::ManageConnection for Connector {
    type Connection = Box<dyn Db>;
    type Error = Unavailable;

    fn connect(&self) -> Result<Box<dyn Db>, Unavailable> {
        match &self.0 {
            Database::Sqlite(path) => Sqlite::open(path).map(|d| Box::new(d) as Box<dyn Db>),
            Database::Postgres(url) => Postgres::open(url).map(|d| Box::new(d) as Box<dyn Db>),
        }
        .map_err(Unavailable)
    }

    fn is_valid(&self, _: &mut Box<dyn Db>) -> Result<(), Unavailable> {
        Ok(())
    }

    fn has_broken(&self, conn: &mut Box<dyn Db>) -> bool {
        conn.broken()
    }
}

/// The database, as a pool of connections (r2d2): calls of different users run at once
/// (Postgres), each on its own connection.
pub struct Store {
    pool: r2d2::Pool<Connector>,
}

impl Store {
    /// Opens (creating) the SQLite database at `path` and brings its schema up to date.
    pub fn open(path: &str) -> Result<Store, String> {
        Store::connect(&Database::Sqlite(path.to_string()))
    }

    /// Opens the configured database (`sqlite:PATH` or `postgres://…`), bringing its schema up
    /// to date.
    pub fn connect(database: &Database) -> Result<Store, String> {
        let (name, size) = match database {
            Database::Sqlite(path) => (path.clone(), 1),
            Database::Postgres(url) => (crate::db::redact(url), POOL),
        };
        let connector = Connector(database.clone());
        let mut first = r2d2::ManageConnection::connect(&connector).map_err(|e| e.0)?;
        migrate(&mut *first).map_err(|e| format!("database {name}: {}", e.message))?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .test_on_check_out(false)
            .connection_timeout(std::time::Duration::from_secs(30))
            .build(connector)
            .map_err(|e| format!("database {name}: {e}"))?;
        Ok(Store { pool })
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<Connector>, Error> {
        self.pool.get().map_err(failed)
    }

    /// The development app: the one kept in the database, or a new one from `make` (kept).
    pub fn dev_app(&self, make: impl FnOnce() -> App) -> Result<App, String> {
        let run = || -> Result<App, Error> {
            let mut conn = self.conn()?;
            let mut tx = conn.begin()?;
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
        &self,
        app: u64,
        user: &str,
        session: u64,
        call_id: u64,
        req: Request,
        now: u64,
    ) -> Result<Called, Error> {
        self.run(app, user, session, Some(call_id), req, now)
    }

    /// A request made by the app's administrator on behalf of `user` (the REST API): no session
    /// of the user made it, so every session of theirs gets the pushes; nothing to remember.
    pub fn admin_call(
        &self,
        app: u64,
        user: &str,
        req: Request,
        now: u64,
    ) -> Result<Called, Error> {
        self.run(app, user, 0, None, req, now)
    }

    fn run(
        &self,
        app: u64,
        user: &str,
        session: u64,
        call_id: Option<u64>,
        req: Request,
        now: u64,
    ) -> Result<Called, Error> {
        let mut conn = self.conn()?;
        let mut locks = Locks::default();
        let mut last = None;
        for _ in 0..ATTEMPTS {
            // A new attempt takes, first and in order, every lock the last one found.
            let mut first = std::mem::take(&mut locks.wanted);
            first.sort_unstable();
            first.dedup();
            locks = Locks::default();
            let call = Call {
                app,
                user,
                session,
                call_id,
                now,
            };
            match attempt(&mut **conn, &mut locks, &first, &call, req.clone()) {
                Err(e) if e.code == crate::db::RETRY => last = Some(e),
                done => return done,
            }
        }
        Err(failed(format!(
            "the call lost {ATTEMPTS} races with others ({})",
            last.map_or_else(String::new, |e| e.message)
        )))
    }

    /// Deletes pushes logged before `now - KEEP_CHANGES` (but each user's newest) and answers
    /// kept past `KEEP_ANSWERS`; returns how many pushes went. Every node may run it.
    pub fn prune(&self, now: u64) -> Result<u64, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let cutoff = Arg::Int(now.saturating_sub(KEEP_CHANGES) as i64);
        let rows = tx.query(
            "DELETE FROM changes WHERE at < $1 AND seq < (SELECT MAX(d.seq) FROM changes d
               WHERE d.sdk_app_id = changes.sdk_app_id AND d.user_id = changes.user_id)
             RETURNING seq",
            &[cutoff],
        )?;
        tx.exec(
            "DELETE FROM requests WHERE at < $1",
            &[Arg::Int(now.saturating_sub(KEEP_ANSWERS) as i64)],
        )?;
        // Nodes gone for an hour, and the users they served (counted for no one since).
        let gone = Arg::Int(now.saturating_sub(3600) as i64);
        tx.exec(
            "DELETE FROM presence WHERE node NOT IN (SELECT node FROM nodes WHERE seen >= $1)",
            &[gone],
        )?;
        tx.exec("DELETE FROM nodes WHERE seen < $1", &[gone])?;
        tx.commit()?;
        Ok(rows.len() as u64)
    }

    /// Keeps file `f` of `app` (`files.rs`). `false` when a file of that name is kept already
    /// (unchanged).
    pub fn put_file(&self, app: u64, f: &NewFile, now: u64) -> Result<bool, Error> {
        let NewFile {
            name,
            owner,
            mime,
            size,
            bytes,
        } = *f;
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let added = tx.query(
            "INSERT INTO files (sdk_app_id, name, owner, mime, size, created, bytes)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1",
            &[
                Arg::Int(app as i64),
                Arg::Text(name),
                Arg::Text(owner),
                Arg::Text(mime),
                Arg::Int(size as i64),
                Arg::Int(now as i64),
                bytes.map_or(Arg::Null, Arg::Bytes),
            ],
        )?;
        tx.commit()?;
        Ok(!added.is_empty())
    }

    /// File `name` of `app`: its type and its bytes (`None`: kept in the directory).
    pub fn get_file(&self, app: u64, name: &str) -> Result<Option<KeptFile>, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let rows = tx.query(
            "SELECT mime, bytes FROM files WHERE sdk_app_id = $1 AND name = $2",
            &[Arg::Int(app as i64), Arg::Text(name)],
        )?;
        tx.commit()?;
        Ok(rows.into_iter().next().map(|mut r| {
            let bytes = match r.pop() {
                Some(Val::Bytes(b)) => Some(b),
                _ => None,
            };
            let mime = r.pop().and_then(|v| v.text().map(str::to_string));
            (mime.unwrap_or_default(), bytes)
        }))
    }

    /// Presence (`presence.rs`): node `node` lives at `now`, serves the users `add` and no
    /// longer `remove` ((app, user) pairs), in one transaction.
    pub fn presence(
        &self,
        node: i64,
        now: u64,
        add: &[(u64, String)],
        remove: &[(u64, String)],
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let each = tx.engine().each(2);
        tx.exec(
            "INSERT INTO nodes (node, seen) VALUES ($1, $2) ON CONFLICT (node) DO UPDATE SET seen = excluded.seen",
            &[Arg::Int(node), Arg::Int(now as i64)],
        )?;
        if !add.is_empty() {
            tx.exec(
                &format!(
                    "INSERT INTO presence (node, sdk_app_id, user_id)
                     SELECT $1, CAST(t.value->>0 AS BIGINT), t.value->>1 FROM {each} WHERE true
                     ON CONFLICT DO NOTHING"
                ),
                &[
                    Arg::Int(node),
                    Arg::Text(&serde_json::to_string(add).map_err(failed)?),
                ],
            )?;
        }
        if !remove.is_empty() {
            tx.exec(
                &format!(
                    "DELETE FROM presence WHERE node = $1 AND EXISTS (SELECT 1 FROM {each}
                     WHERE CAST(t.value->>0 AS BIGINT) = presence.sdk_app_id AND t.value->>1 = presence.user_id)"
                ),
                &[Arg::Int(node), Arg::Text(&serde_json::to_string(remove).map_err(failed)?)],
            )?;
        }
        tx.commit()
    }

    /// Of `users` of `app`: those with an account, and those online at `now` (a connection on a
    /// node heard from within `presence::ALIVE`), each in the order given.
    pub fn online_status(
        &self,
        app: u64,
        users: &[String],
        now: u64,
    ) -> Result<(Vec<String>, Vec<String>), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let each = tx.engine().each_text(2);
        let list = serde_json::to_string(users).map_err(failed)?;
        let known: Vec<String> = crate::rows::texts(tx.query(
            &format!("SELECT a.user_id FROM {each} CROSS JOIN accounts a WHERE a.sdk_app_id = $1 AND a.user_id = t.value"),
            &[Arg::Int(app as i64), Arg::Text(&list)],
        )?)
        .collect();
        let online = crate::rows::online_of(&mut *tx, app as i64, &list, now)?;
        tx.commit()?;
        let keep = |found: &[String]| {
            users
                .iter()
                .filter(|u| found.contains(u))
                .cloned()
                .collect()
        };
        Ok((keep(&known), keep(&online)))
    }

    /// The newest push sequence of a user (0: none yet).
    pub fn push_seq(&self, app: u64, user: &str) -> Result<u64, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
        let n = push_seqs(&mut *tx, app, &[user.to_string()])?
            .first()
            .map_or(0, |(_, n)| *n);
        tx.commit()?;
        Ok(n)
    }

    /// The user's pushes after `after`, oldest first, at most `limit`.
    pub fn changes_after(
        &self,
        app: u64,
        user: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Logged>, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.begin()?;
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

fn migrate(db: &mut dyn Db) -> Result<(), Error> {
    let steps = crate::rows::steps(db.engine());
    let latest = steps.len() as i64;
    db.migrate(&mut |tx: &mut dyn Tx, version: i64| {
        if version > latest {
            return Err(Error::raw(0, format!("its schema version {version} is newer than this server's ({latest}); run a newer tim-server")));
        }
        for step in steps.get(version.max(0) as usize..).unwrap_or_default() {
            for statement in step.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                tx.exec(statement, &[])?;
            }
        }
        Ok(latest)
    })
}

/// Who makes a call, and when.
struct Call<'a> {
    app: u64,
    user: &'a str,
    session: u64,
    call_id: Option<u64>,
    now: u64,
}

/// One attempt at a call, in one transaction.
fn attempt(
    db: &mut dyn Db,
    locks: &mut Locks,
    first: &[i64],
    call: &Call,
    req: Request,
) -> Result<Called, Error> {
    let Call {
        app,
        user,
        session,
        call_id,
        now,
    } = *call;
    let read_only = tim_wasm::cloud::journal::read_only(&req);
    let mut tx = db.begin()?;
    let (a, u, s) = (
        Arg::Int(app as i64),
        Arg::Text(user),
        Arg::Int(session as i64),
    );
    if read_only {
        // Reads see one snapshot and wait for no one.
        tx.snapshot()?;
    } else {
        // The caller's own lock first (it guards the record of answered calls), then the rest.
        let own = crate::rows::lock_key(app as i64, crate::rows::USER, user);
        let mut keys: Vec<i64> = first.iter().copied().chain([own]).collect();
        keys.sort_unstable();
        keys.dedup();
        locks.take(&mut *tx, &keys)?;
    }
    if let Some(id) = call_id {
        let kept = tx.query(
            "SELECT answer FROM requests WHERE sdk_app_id = $1 AND user_id = $2 AND session = $3 AND call_id = $4",
            &[a, u, s, Arg::Int(id as i64)],
        )?;
        if let Some(Val::Text(answer)) = kept.first().and_then(|r| r.first()) {
            let answer = serde_json::from_str(answer).map_err(failed)?;
            let seq = push_seqs(&mut *tx, app, &[user.to_string()])?
                .first()
                .map_or(0, |(_, n)| *n);
            return Ok(Called {
                answer,
                pushes: Vec::new(),
                seq,
            });
        }
    }
    let remember = call_id.is_some() && !read_only;
    let ran = {
        let mut rows = Rows {
            tx: &mut *tx,
            app: app as i64,
            locks: (!read_only).then_some(&mut *locks),
            create_only: read_only,
            handed: None,
            now,
        };
        let ran = tim_wasm::cloud::slice::run(&mut rows, app as f64, user, session, req, now)?;
        if let (Some(base), Some(n)) = (rows.handed, ran.changes.counter) {
            if n.saturating_sub(base) >= crate::rows::COUNTER_BLOCK {
                return Err(failed("a call numbered more than its counter block"));
            }
        }
        rows.write(&ran.changes)?;
        ran
    };
    // Each user's next sequences in their change log, in one statement.
    let mut users: Vec<String> = ran.pushes.iter().map(|p| p.user.clone()).collect();
    users.push(user.to_string());
    users.sort_unstable();
    users.dedup();
    let mut next = push_seqs(&mut *tx, app, &users)?;
    let mut logged = Vec::with_capacity(ran.pushes.len());
    for p in ran.pushes {
        let Some((_, n)) = next.iter_mut().find(|(u, _)| *u == p.user) else {
            return Err(failed("a pushed user has no log position"));
        };
        *n += 1;
        logged.push(Logged {
            user: p.user,
            seq: *n,
            except: p.except,
            body: p.body,
        });
    }
    if !logged.is_empty() {
        let list = logged
            .iter()
            .map(|l| {
                Ok(serde_json::json!([
                    l.user,
                    l.seq,
                    l.except,
                    serde_json::to_string(&l.body).map_err(failed)?
                ]))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let list = serde_json::to_string(&list).map_err(failed)?;
        let each = tx.engine().each(2);
        tx.exec(
            &format!(
                "INSERT INTO changes (sdk_app_id, user_id, seq, except_session, body, at)
                 SELECT $1, t.value->>0, CAST(t.value->>1 AS BIGINT), CAST(t.value->>2 AS BIGINT), t.value->>3, $3 FROM {each}"
            ),
            &[a, Arg::Text(&list), Arg::Int(now as i64)],
        )?;
    }
    let answer = match ran.result {
        Ok(r) => Answered::Ok(r),
        Err(e) => Answered::Err {
            code: e.code,
            message: e.message,
        },
    };
    if let (true, Some(id)) = (remember, call_id) {
        let text = serde_json::to_string(&answer).map_err(failed)?;
        tx.exec(
            "INSERT INTO requests (sdk_app_id, user_id, session, call_id, at, answer) VALUES ($1, $2, $3, $4, $5, $6)",
            &[a, u, s, Arg::Int(id as i64), Arg::Int(now as i64), Arg::Text(&text)],
        )?;
        tx.exec(
            "DELETE FROM requests WHERE sdk_app_id = $1 AND user_id = $2 AND at < $3",
            &[a, u, Arg::Int(now.saturating_sub(KEEP_ANSWERS) as i64)],
        )?;
    }
    // Other nodes learn, at commit, each user's newest push (a wake-up only: they read the
    // change log, which is what counts).
    let wake: Vec<String> = next
        .iter()
        .filter(|(to, seq)| logged.iter().any(|l| l.user == *to && l.seq == *seq))
        .map(|(to, seq)| serde_json::json!([app, to, seq]).to_string())
        .collect();
    tx.notify(&wake)?;
    let seq = next.iter().find(|(u, _)| *u == user).map_or(0, |(_, n)| *n);
    tx.commit()?;
    Ok(Called {
        answer,
        pushes: logged,
        seq,
    })
}

/// The newest push sequence of each user (0: none yet), in one statement.
fn push_seqs(tx: &mut dyn Tx, app: u64, users: &[String]) -> Result<Vec<(String, u64)>, Error> {
    let list = serde_json::to_string(users).map_err(failed)?;
    let each = tx.engine().each_text(2);
    let rows = tx.query(
        &format!("SELECT t.value, (SELECT MAX(c.seq) FROM changes c WHERE c.sdk_app_id = $1 AND c.user_id = t.value) FROM {each}"),
        &[Arg::Int(app as i64), Arg::Text(&list)],
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|r| match r.as_slice() {
            [Val::Text(u), n] => Some((u.clone(), n.int().unwrap_or(0) as u64)),
            _ => None,
        })
        .collect())
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
