//! The server's database. SQLite (embedded default) in WAL mode with `synchronous=FULL`: a
//! committed change survives kill -9 and a power cut (CONTRACT §9). Schema versions are explicit
//! steps, run at start in one transaction; a database from a newer schema is refused.
//!
//! Today it keeps the apps (the development app, created once and reused by every restart); the
//! cloud's state moves here with the next steps of the server issue.

use crate::config::App;
use rusqlite::{params, Connection, OptionalExtension};

/// `MIGRATIONS[v]` moves a database from schema version v to v + 1 (never edit a step that
/// shipped; add one).
const MIGRATIONS: &[&str] = &["CREATE TABLE apps (sdk_app_id INTEGER PRIMARY KEY, secret_key TEXT NOT NULL, dev INTEGER NOT NULL DEFAULT 0);"];
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
