//! The server's configuration: flags, each replacing its environment variable (CONTRACT §9).
//! Pure: the arguments and the environment are inputs; a bad configuration is a one-line reason.

use std::net::SocketAddr;

pub const USAGE: &str =
    "usage: tim-server [--listen ADDR:PORT] [--database sqlite:PATH|postgres://...] \
[--app SDKAPPID:SECRETKEY]... [--admin USERID] [--log-level LEVEL] [--metrics-listen ADDR:PORT] [--files DIR]";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(String),
    Postgres(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub sdk_app_id: u64,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub listen: SocketAddr,
    pub database: Database,
    /// Apps given by `--app`/`TIM_APPS`; none: the development app kept in the database.
    pub apps: Vec<App>,
    pub admin: String,
    pub log_level: String,
    pub metrics_listen: Option<SocketAddr>,
    /// `--files DIR`: file bytes in this directory (every node's the same), not the database.
    pub files: Option<std::path::PathBuf>,
}

fn addr(what: &str, v: &str) -> Result<SocketAddr, String> {
    v.parse()
        .map_err(|_| format!("{what}: \"{v}\" is not ADDR:PORT (e.g. 127.0.0.1:8090)"))
}

fn database(v: &str) -> Result<Database, String> {
    if let Some(path) = v.strip_prefix("sqlite:") {
        if path.is_empty() {
            return Err("--database: sqlite: needs a path (sqlite:tim-server.db)".into());
        }
        Ok(Database::Sqlite(path.to_string()))
    } else if v.starts_with("postgres://") || v.starts_with("postgresql://") {
        Ok(Database::Postgres(v.to_string()))
    } else {
        Err(format!(
            "--database: \"{v}\" is neither sqlite:PATH nor postgres://..."
        ))
    }
}

/// `SDKAPPID:SECRETKEY`: a positive integer, and any non-empty key without `:` or `,`.
fn app(v: &str) -> Result<App, String> {
    let (id, key) = v
        .split_once(':')
        .ok_or_else(|| format!("--app: \"{}\" is not SDKAPPID:SECRETKEY", redact(v)))?;
    let sdk_app_id: u64 = id
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("--app: SDKAppID \"{id}\" is not a positive integer"))?;
    if key.is_empty() || key.contains([':', ',']) {
        return Err(format!(
            "--app {id}: the secret key must be non-empty, without ':' or ','"
        ));
    }
    Ok(App {
        sdk_app_id,
        key: key.to_string(),
    })
}

/// A value that may hold a secret key, shown without it.
fn redact(v: &str) -> String {
    v.split(':').next().unwrap_or_default().to_string() + ":…"
}

impl Config {
    /// From the command line (without the program name) and the environment.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let mut listen = env("TIM_LISTEN").unwrap_or_else(|| "127.0.0.1:8090".into());
        let mut db = env("TIM_DATABASE").unwrap_or_else(|| "sqlite:tim-server.db".into());
        let mut apps_flag: Vec<String> = Vec::new();
        let mut admin = env("TIM_ADMIN").unwrap_or_else(|| "administrator".into());
        let mut log_level = env("TIM_LOG").unwrap_or_else(|| "info".into());
        let mut metrics = env("TIM_METRICS_LISTEN");
        let mut files = env("TIM_FILES");
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (flag.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name {
                "--listen" => listen = value()?,
                "--database" => db = value()?,
                "--app" => apps_flag.push(value()?),
                "--admin" => admin = value()?,
                "--log-level" => log_level = value()?,
                "--metrics-listen" => metrics = Some(value()?),
                "--files" => files = Some(value()?),
                "--help" | "-h" => return Err(USAGE.into()),
                other => return Err(format!("unknown flag \"{other}\"; {USAGE}")),
            }
        }
        // Flags replace the environment: TIM_APPS counts only when no --app is given.
        let app_specs: Vec<String> = if apps_flag.is_empty() {
            env("TIM_APPS")
                .map(|v| {
                    v.split(',')
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| s.trim().to_string())
                        .collect()
                })
                .unwrap_or_default()
        } else {
            apps_flag
        };
        let apps = app_specs
            .iter()
            .map(|s| app(s))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(dup) = apps
            .iter()
            .enumerate()
            .find(|(i, a)| apps[..*i].iter().any(|b| b.sdk_app_id == a.sdk_app_id))
        {
            return Err(format!(
                "--app: SDKAppID {} is given twice",
                dup.1.sdk_app_id
            ));
        }
        if admin.is_empty() {
            return Err("--admin: the admin userID must not be empty".into());
        }
        if !["error", "warn", "info", "debug", "trace"].contains(&log_level.as_str()) {
            return Err(format!(
                "--log-level: \"{log_level}\" is not one of error, warn, info, debug, trace"
            ));
        }
        Ok(Config {
            listen: addr("--listen", &listen)?,
            database: database(&db)?,
            apps,
            admin,
            log_level,
            metrics_listen: metrics.map(|m| addr("--metrics-listen", &m)).transpose()?,
            files: match files {
                Some(d) if d.is_empty() => return Err("--files: give a directory".into()),
                d => d.map(std::path::PathBuf::from),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Config::parse(&args, |k| {
            env.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_env_and_flags() {
        let c = parse(&[], &[]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8090".parse().unwrap());
        assert_eq!(c.database, Database::Sqlite("tim-server.db".into()));
        assert!(c.apps.is_empty());
        assert_eq!(c.admin, "administrator");
        let env = [
            ("TIM_LISTEN", "0.0.0.0:9000"),
            ("TIM_APPS", "1400000001:k1, 1400000002:k2"),
            ("TIM_ADMIN", "root"),
        ];
        let c = parse(&[], &env).unwrap();
        assert_eq!(c.listen, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(
            c.apps,
            vec![
                App {
                    sdk_app_id: 1400000001,
                    key: "k1".into()
                },
                App {
                    sdk_app_id: 1400000002,
                    key: "k2".into()
                }
            ]
        );
        assert_eq!(c.admin, "root");
        // Flags replace the environment, --app entirely.
        let c = parse(
            &[
                "--listen",
                "127.0.0.1:7000",
                "--app=1400000003:k3",
                "--database",
                "postgres://u@h/db",
            ],
            &env,
        )
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:7000".parse().unwrap());
        assert_eq!(
            c.apps,
            vec![App {
                sdk_app_id: 1400000003,
                key: "k3".into()
            }]
        );
        assert_eq!(c.database, Database::Postgres("postgres://u@h/db".into()));
        assert_eq!(c.files, None);
        // Files in a directory: the flag, or its variable.
        let c = parse(&["--files", "/srv/tim-files"], &[]).unwrap();
        assert_eq!(c.files, Some("/srv/tim-files".into()));
        let c = parse(&[], &[("TIM_FILES", "/var/tim")]).unwrap();
        assert_eq!(c.files, Some("/var/tim".into()));
    }

    #[test]
    fn bad_configuration_is_one_line_without_secrets() {
        for (args, want) in [
            (vec!["--listen", "nowhere"], "--listen"),
            (vec!["--database", "mysql://x"], "--database"),
            (vec!["--database", "sqlite:"], "sqlite"),
            (vec!["--app", "abc:key"], "positive integer"),
            (vec!["--app", "1400000001"], "SDKAPPID:SECRETKEY"),
            (vec!["--app", "1400000001:"], "secret key"),
            (vec!["--app", "1:a", "--app", "1:b"], "twice"),
            (vec!["--admin", ""], "admin"),
            (vec!["--log-level", "loud"], "log-level"),
            (vec!["--files", ""], "--files"),
            (vec!["--bogus"], "unknown flag"),
            (vec!["--listen"], "needs a value"),
        ] {
            let e = parse(&args, &[]).unwrap_err();
            assert!(e.contains(want), "{args:?}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
        let e = parse(&["--app", "1400000001:super,secret"], &[]).unwrap_err();
        assert!(!e.contains("super"), "the key is not echoed: {e}");
    }
}
