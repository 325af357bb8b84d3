//! The database under the store, one small interface for two engines: SQLite (embedded
//! default, rusqlite) and Postgres (the `postgres` crate: tokio-postgres' blocking client,
//! called from the store's blocking threads). Statements are written once, in the SQL both
//! engines speak (`$1` parameters, `ON CONFLICT … DO UPDATE`, `excluded.`); the schema's
//! steps are written per engine (`rows.rs`).

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use rusqlite::types::{Value as SqlValue, ValueRef};
use tim_wasm::core::error::{Code, Error};

/// A storage failure as the cloud's error (the client sees a coded failure, never a panic).
pub fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(
        Code::StorageFailed,
        format!("the server's database failed: {e}"),
    )
}

/// The code of a transaction that lost a race with another one (Postgres: a serialization
/// failure, a deadlock, a duplicate key another transaction committed first, or a lock taken
/// out of order): the store runs the call again. Internal: never answered to a client.
pub const RETRY: u32 = 1_000_001;

pub fn retry(why: impl Into<String>) -> Error {
    Error {
        code: RETRY,
        message: why.into(),
    }
}

/// A statement parameter.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Int(i64),
    Text(&'a str),
    Bytes(&'a [u8]),
    Null,
}

/// A column value read back.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
    Null,
}

impl Val {
    pub fn int(&self) -> Option<i64> {
        match self {
            Val::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// The first column of the first row as an integer (a count, a maximum, a stored number).
pub fn first_int(rows: &[Vec<Val>]) -> Option<i64> {
    rows.first().and_then(|r| r.first()).and_then(Val::int)
}

/// One transaction: everything in it commits together, or nothing does (dropped: rolled back).
pub trait Tx {
    /// Which SQL dialect the statements must use where the engines differ (`rows.rs`).
    fn engine(&self) -> Engine;
    /// Serialises this transaction with every other one holding `key` until it ends (SQLite's
    /// write transactions are serial already).
    fn lock(&mut self, key: i64) -> Result<(), Error> {
        self.lock_all(&[key])
    }
    /// Takes the locks `keys` in the order given, waiting for each (to avoid deadlocks, callers
    /// give them in ascending order, above any lock already held).
    fn lock_all(&mut self, _keys: &[i64]) -> Result<(), Error> {
        Ok(())
    }
    /// Takes the lock `key` if no other transaction holds it; `false` otherwise.
    fn try_lock(&mut self, _key: i64) -> Result<bool, Error> {
        Ok(true)
    }
    /// Makes every read of this transaction see one snapshot (Postgres REPEATABLE READ; SQLite's
    /// transactions always do). Only as the transaction's first statement.
    fn snapshot(&mut self) -> Result<(), Error> {
        Ok(())
    }
    /// Tells the other nodes, at commit, that each of `payloads` happened (Postgres NOTIFY on
    /// `tim_changes`; nothing with SQLite, which has one node).
    fn notify(&mut self, _payloads: &[String]) -> Result<(), Error> {
        Ok(())
    }
    fn exec(&mut self, sql: &str, args: &[Arg]) -> Result<(), Error>;
    fn query(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Vec<Val>>, Error>;
    fn commit(self: Box<Self>) -> Result<(), Error>;
}

/// An open database.
pub trait Db: Send {
    /// A transaction (SQLite: taking the write lock at once; Postgres: READ COMMITTED, its
    /// writers serialised by the locks the store takes).
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>, Error>;
    /// The connection is lost for good (the pool drops it).
    fn broken(&self) -> bool {
        false
    }
    /// Which schema steps apply (`rows.rs`).
    fn engine(&self) -> Engine;
    /// Runs `migrate` under the database's migration lock with the stored schema version, and
    /// stores the version it returns.
    fn migrate(
        &mut self,
        migrate: &mut dyn FnMut(&mut dyn Tx, i64) -> Result<i64, Error>,
    ) -> Result<(), Error>;
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The rows of the JSON array parameter `$n`, as table `t`: `t.value` is each element.
    pub fn each(self, n: usize) -> String {
        match self {
            Engine::Sqlite => format!("json_each(${n}) AS t"),
            Engine::Postgres => format!("json_array_elements(${n}::text::json) AS t"),
        }
    }

    /// Like `each`, for an array of strings: `t.value` is each string as text.
    pub fn each_text(self, n: usize) -> String {
        match self {
            Engine::Sqlite => format!("json_each(${n}) AS t"),
            Engine::Postgres => format!("json_array_elements_text(${n}::text::json) AS t"),
        }
    }
}

// ---- SQLite ----

pub struct Sqlite {
    conn: rusqlite::Connection,
}

impl Sqlite {
    /// Opens (creating) the file in WAL mode with `synchronous=FULL`: a committed change
    /// survives kill -9 and a power cut.
    pub fn open(path: &str) -> Result<Sqlite, String> {
        let conn = rusqlite::Connection::open(path).map_err(|e| format!("database {path}: {e}"))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| format!("database {path}: {e}"))?;
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        )
        .map_err(|e| format!("database {path}: {e}"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(format!("database {path}: cannot use WAL mode (got {mode})"));
        }
        Ok(Sqlite { conn })
    }
}

/// `$1` → `?1`: SQLite's positional form of the same statement.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

fn sqlite_args(args: &[Arg]) -> Vec<SqlValue> {
    args.iter()
        .map(|a| match a {
            Arg::Int(n) => SqlValue::Integer(*n),
            Arg::Text(s) => SqlValue::Text(s.to_string()),
            Arg::Bytes(b) => SqlValue::Blob(b.to_vec()),
            Arg::Null => SqlValue::Null,
        })
        .collect()
}

struct SqliteTx<'c>(rusqlite::Transaction<'c>);

impl Tx for SqliteTx<'_> {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn exec(&mut self, sql: &str, args: &[Arg]) -> Result<(), Error> {
        let mut st = self.0.prepare_cached(&sqlite_sql(sql)).map_err(failed)?;
        st.execute(rusqlite::params_from_iter(sqlite_args(args)))
            .map(drop)
            .map_err(failed)
    }

    fn query(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Vec<Val>>, Error> {
        let mut st = self.0.prepare_cached(&sqlite_sql(sql)).map_err(failed)?;
        let n = st.column_count();
        let mut rows = st
            .query(rusqlite::params_from_iter(sqlite_args(args)))
            .map_err(failed)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(failed)? {
            let mut vals = Vec::with_capacity(n);
            for i in 0..n {
                vals.push(match row.get_ref(i).map_err(failed)? {
                    ValueRef::Integer(v) => Val::Int(v),
                    ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Null => Val::Null,
                    ValueRef::Real(f) => Val::Int(f as i64),
                    ValueRef::Blob(b) => Val::Bytes(b.to_vec()),
                });
            }
            out.push(vals);
        }
        Ok(out)
    }

    fn commit(self: Box<Self>) -> Result<(), Error> {
        self.0.commit().map_err(failed)
    }
}

impl Db for Sqlite {
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        Ok(Box::new(SqliteTx(tx)))
    }

    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn migrate(
        &mut self,
        migrate: &mut dyn FnMut(&mut dyn Tx, i64) -> Result<i64, Error>,
    ) -> Result<(), Error> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
            .map_err(failed)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(failed)?;
        let mut t = SqliteTx(tx);
        let to = migrate(&mut t, version)?;
        t.0.pragma_update(None, "user_version", to)
            .map_err(failed)?;
        t.0.commit().map_err(failed)
    }
}

// ---- Postgres ----

/// A Postgres error with the server's own message (its `Display` says only "db error").
fn pg(e: postgres::Error) -> Error {
    match e.as_db_error() {
        // Lost a race: serialization failure, deadlock, or a key another transaction wrote.
        Some(d) if ["40001", "40P01", "23505"].contains(&d.code().code()) => {
            retry(format!("{} ({})", d.message(), d.code().code()))
        }
        Some(d) => failed(format!("{} ({})", d.message(), d.code().code())),
        None => failed(e),
    }
}

pub struct Postgres {
    url: String,
    client: postgres::Client,
    /// Statements prepared once per connection (each `$n` statement text is a constant).
    prepared: std::collections::HashMap<String, postgres::Statement>,
}

impl Postgres {
    pub fn open(url: &str) -> Result<Postgres, String> {
        let client = postgres::Client::connect(url, postgres::NoTls)
            .map_err(|e| format!("database {}: {}", redact(url), pg(e).message))?;
        Ok(Postgres {
            url: url.to_string(),
            client,
            prepared: Default::default(),
        })
    }
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

/// A NULL that fits any column type.
#[derive(Debug)]
struct AnyNull;

impl postgres::types::ToSql for AnyNull {
    fn to_sql(
        &self,
        _: &postgres::types::Type,
        _: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        Ok(postgres::types::IsNull::Yes)
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

fn pg_args<'a>(args: &'a [Arg<'a>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    args.iter()
        .map(|a| -> &(dyn postgres::types::ToSql + Sync) {
            match a {
                Arg::Int(n) => n,
                Arg::Text(s) => s,
                Arg::Bytes(b) => b,
                Arg::Null => &AnyNull,
            }
        })
        .collect()
}

struct PgTx<'c>(
    postgres::Transaction<'c>,
    &'c mut std::collections::HashMap<String, postgres::Statement>,
);

impl PgTx<'_> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, Error> {
        if let Some(st) = self.1.get(sql) {
            return Ok(st.clone());
        }
        let st = self.0.prepare(sql).map_err(pg)?;
        self.1.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

impl Tx for PgTx<'_> {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn lock_all(&mut self, keys: &[i64]) -> Result<(), Error> {
        match keys {
            [] => Ok(()),
            [key] => self.exec("SELECT pg_advisory_xact_lock($1)", &[Arg::Int(*key)]),
            _ => {
                // One round trip: the function scan yields the keys in the array's order.
                let list = serde_json::to_string(keys).map_err(failed)?;
                self.query(
                    "SELECT count(pg_advisory_xact_lock(CAST(t.value AS BIGINT))) FROM json_array_elements_text($1::text::json) AS t",
                    &[Arg::Text(&list)],
                )
                .map(drop)
            }
        }
    }

    fn try_lock(&mut self, key: i64) -> Result<bool, Error> {
        let rows = self.query("SELECT pg_try_advisory_xact_lock($1)", &[Arg::Int(key)])?;
        Ok(matches!(
            rows.first().and_then(|r| r.first()),
            Some(Val::Int(1))
        ))
    }

    fn snapshot(&mut self) -> Result<(), Error> {
        self.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", &[])
    }

    fn notify(&mut self, payloads: &[String]) -> Result<(), Error> {
        if payloads.is_empty() {
            return Ok(());
        }
        let list = serde_json::to_string(payloads).map_err(failed)?;
        self.query(
            "SELECT count(pg_notify('tim_changes', t.value)) FROM json_array_elements_text($1::text::json) AS t",
            &[Arg::Text(&list)],
        )
        .map(drop)
    }

    fn exec(&mut self, sql: &str, args: &[Arg]) -> Result<(), Error> {
        if args.is_empty() {
            // Schema steps and locks: not worth keeping prepared.
            return self.0.batch_execute(sql).map_err(pg);
        }
        let st = self.statement(sql)?;
        self.0.execute(&st, &pg_args(args)).map(drop).map_err(pg)
    }

    fn query(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Vec<Val>>, Error> {
        use postgres::types::Type;
        let st = self.statement(sql)?;
        let rows = self.0.query(&st, &pg_args(args)).map_err(pg)?;
        rows.iter()
            .map(|row| {
                row.columns()
                    .iter()
                    .enumerate()
                    .map(|(i, column)| {
                        let t = column.type_();
                        Ok(if *t == Type::INT8 {
                            row.try_get::<_, Option<i64>>(i)
                                .map_err(pg)?
                                .map_or(Val::Null, Val::Int)
                        } else if *t == Type::BOOL {
                            row.try_get::<_, Option<bool>>(i)
                                .map_err(pg)?
                                .map_or(Val::Null, |b| Val::Int(b.into()))
                        } else if *t == Type::BYTEA {
                            row.try_get::<_, Option<Vec<u8>>>(i)
                                .map_err(pg)?
                                .map_or(Val::Null, Val::Bytes)
                        } else if *t == Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)
                                .map_err(pg)?
                                .map_or(Val::Null, |n| Val::Int(n.into()))
                        } else {
                            row.try_get::<_, Option<String>>(i)
                                .map_err(pg)?
                                .map_or(Val::Null, Val::Text)
                        })
                    })
                    .collect()
            })
            .collect()
    }

    fn commit(self: Box<Self>) -> Result<(), Error> {
        self.0.commit().map_err(pg)
    }
}

impl Db for Postgres {
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>, Error> {
        // The connection was lost (Postgres restarted, the network failed): a new one, and its
        // statements are prepared again. The call that found it lost failed; this one works.
        if self.client.is_closed() {
            self.client = postgres::Client::connect(&self.url, postgres::NoTls).map_err(pg)?;
            self.prepared.clear();
        }
        Ok(Box::new(PgTx(
            self.client.transaction().map_err(pg)?,
            &mut self.prepared,
        )))
    }

    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn broken(&self) -> bool {
        self.client.is_closed()
    }

    /// Under a transaction-scoped advisory lock, so nodes starting together migrate once.
    fn migrate(
        &mut self,
        migrate: &mut dyn FnMut(&mut dyn Tx, i64) -> Result<i64, Error>,
    ) -> Result<(), Error> {
        let mut t = PgTx(self.client.transaction().map_err(pg)?, &mut self.prepared);
        t.exec("SELECT pg_advisory_xact_lock(7154231)", &[])?;
        t.exec(
            "CREATE TABLE IF NOT EXISTS tim_schema (version BIGINT NOT NULL)",
            &[],
        )?;
        let version = t
            .query("SELECT version FROM tim_schema", &[])?
            .first()
            .and_then(|r| r.first())
            .and_then(|v| v.int())
            .unwrap_or(0);
        let to = migrate(&mut t, version)?;
        t.exec("DELETE FROM tim_schema", &[])?;
        t.exec(
            "INSERT INTO tim_schema (version) VALUES ($1)",
            &[Arg::Int(to)],
        )?;
        Box::new(t).commit()
    }
}
