//! `tim-server`: see README ("Run your own server") and CONTRACT §9 for flags and behaviour.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::process::ExitCode;
use std::sync::Arc;
use tim_server::config::{App, Config, Database};
use tim_server::http::{router, Shared};
use tim_server::store::Store;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::parse(&args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tim-server: {e}");
            return ExitCode::from(2);
        }
    };
    let level: tracing::Level = config.log_level.parse().unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tim-server: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tim-server: {e}");
            ExitCode::from(1)
        }
    }
}

/// A new development app: an SDKAppID in Tencent's range and a 32-byte key, both random.
fn random_app() -> App {
    let mut bytes = [0u8; 36];
    // No entropy at all is not survivable for a key: refuse to go on (at start, before serving).
    #[allow(clippy::expect_used)]
    getrandom::getrandom(&mut bytes).expect("the system's random source");
    let n = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) % 100_000_000;
    App {
        sdk_app_id: 1_400_000_000 + n as u64,
        key: bytes[4..].iter().map(|b| format!("{b:02x}")).collect(),
    }
}

async fn run(config: Config) -> Result<(), String> {
    let path = match &config.database {
        Database::Sqlite(path) => format!("sqlite:{path}"),
        Database::Postgres(url) => tim_server::db::redact(url),
    };
    // Off the async threads: the Postgres client blocks on its own runtime.
    let (database, with_dev) = (config.database.clone(), config.apps.is_empty());
    let (store, dev) = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let store = Store::connect(&database)?;
        let dev = if with_dev {
            Some(store.dev_app(random_app)?)
        } else {
            None
        };
        Ok((store, dev))
    })
    .await
    .map_err(|e| e.to_string())??;
    if let Some(app) = &dev {
        println!(
            "development app (no --app given): SDKAppID {} secret key {}",
            app.sdk_app_id, app.key
        );
        println!("  POST /dev/usersig {{\"userID\": \"...\"}} answers a userSig for it");
    }
    // Signal handlers first: a SIGTERM that comes as soon as the address is printed still ends
    // the server cleanly.
    let stop = shutdown()?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("--listen {}: {e}", config.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let mut shared = Shared::new(&config.apps, dev, &config.admin, store);
    if let Some(dir) = &config.files {
        std::fs::create_dir_all(dir).map_err(|e| format!("--files {}: {e}", dir.display()))?;
        shared.files = Some(dir.clone());
    }
    let shared = Arc::new(shared);
    if let Database::Postgres(url) = &config.database {
        tim_server::nodes::follow(url.clone(), shared.clone());
    }
    prune(shared.clone());
    beat(shared.clone());
    if let Some(m) = config.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(m)
            .await
            .map_err(|e| format!("--metrics-listen {m}: {e}"))?;
        let at = metrics.local_addr().map_err(|e| e.to_string())?;
        println!("tim-server metrics on http://{at}/metrics");
        let router = tim_server::http::metrics_router(shared.metrics.clone());
        tokio::spawn(async move {
            let _ = axum::serve(metrics, router).await;
        });
    }
    println!("tim-server listening on http://{local}");
    tracing::info!(%local, database = %path, apps = config.apps.len(), "serving");
    axum::serve(listener, router(shared))
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Says this node lives and repairs its presence rows, at start and every `presence::BEAT`.
fn beat(shared: Arc<Shared>) {
    tokio::spawn(async move {
        loop {
            let s = shared.clone();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let done = tokio::task::spawn_blocking(move || s.presence.beat(&s.store, &s.hub, now));
            if let Ok(Err(e)) = done.await {
                tracing::warn!(error = %e.message, "presence beat failed");
            }
            tokio::time::sleep(tim_server::presence::BEAT).await;
        }
    });
}

/// Prunes the change log and the kept answers at start and every ten minutes.
fn prune(shared: Arc<Shared>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let s = shared.clone();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            match tokio::task::spawn_blocking(move || s.store.prune(now)).await {
                Ok(Ok(n)) if n > 0 => tracing::info!(pushes = n, "pruned the change log"),
                Ok(Err(e)) => tracing::warn!(error = %e.message, "pruning the change log failed"),
                _ => {}
            }
        }
    });
}

/// SIGTERM or Ctrl-C: stop accepting, finish what is in flight, exit. The handlers are
/// installed when this is called; the future completes on the first signal.
fn shutdown() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| format!("cannot handle SIGTERM: {e}"))?;
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| format!("cannot handle SIGINT: {e}"))?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    })
}
