//! The HTTP side of the server (axum): the WebSocket clients connect to (`GET /` with an
//! upgrade), `GET /healthz`, and — only for the development app, when no `--app` was given —
//! `POST /dev/usersig {userID}`, a sig for the demo and local trials.

use crate::config::App;
use crate::usersig;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

/// Sigs from `/dev/usersig` live a week.
const DEV_SIG_LIFETIME: u64 = 7 * 24 * 3600;
/// Largest request body read here.
const MAX_BODY: usize = 64 * 1024;

pub struct Shared {
    /// The development app, when the server runs with no `--app`.
    pub dev: Option<App>,
    /// Every app served (the `--app`s, or the development app).
    pub apps: crate::session::Apps,
    /// The app's administrator userID (the only identifier the REST API accepts).
    pub admin: String,
    /// The next connection's session ID.
    pub next_session: std::sync::atomic::AtomicU64,
    /// The database (a pool of connections).
    pub store: crate::store::Store,
    /// Who follows which user's pushes.
    pub hub: crate::hub::Hub,
    /// The users this node serves, as every node sees them.
    pub presence: crate::presence::Presence,
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    /// `--files DIR`: where file bytes are kept (else in the database).
    pub files: Option<std::path::PathBuf>,
}

impl Shared {
    pub fn new(apps: &[App], dev: Option<App>, admin: &str, store: crate::store::Store) -> Shared {
        let all = apps
            .iter()
            .chain(dev.iter())
            .map(|a| (a.sdk_app_id, a.key.clone()))
            .collect();
        let metrics = std::sync::Arc::new(crate::metrics::Metrics::default());
        Shared {
            dev,
            apps: crate::session::Apps(all),
            admin: admin.to_string(),
            // Server-chosen session IDs start at a random base: calls are remembered by
            // (user, session, call ID), and a restart must not reuse an earlier run's sessions.
            next_session: std::sync::atomic::AtomicU64::new(session_base()),
            store,
            hub: crate::hub::Hub::new(metrics.clone()),
            presence: crate::presence::Presence::new(),
            metrics,
            files: None,
        }
    }
}

/// The operators' listener (`--metrics-listen`): `/metrics` and nothing else.
pub fn metrics_router(metrics: Arc<crate::metrics::Metrics>) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let m = metrics.clone();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4",
                    )],
                    m.render(),
                )
            }
        }),
    )
}

pub fn router(shared: Arc<Shared>) -> Router {
    let mut r = Router::new()
        .route("/", get(crate::socket::upgrade))
        .route("/healthz", get(|| async { "ok" }))
        .route("/v4/{service}/{command}", post(rest_call));
    if shared.dev.is_some() {
        r = r.route("/dev/usersig", post(dev_usersig));
    }
    let files = Router::new()
        .route(
            "/files/{name}",
            get(crate::files::get)
                .put(crate::files::put)
                .options(crate::files::preflight),
        )
        .layer(axum::extract::DefaultBodyLimit::max(crate::files::MAX_FILE));
    r.layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .merge(files)
        .with_state(shared)
}

pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn bad(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

/// `POST /v4/<service>/<command>`: checked in Tencent's order, answered in Tencent's envelope
/// with HTTP 200 (as Tencent's API does, whatever the outcome).
async fn rest_call(
    State(shared): State<Arc<Shared>>,
    axum::extract::Path((service, command)): axum::extract::Path<(String, String)>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    body: Bytes,
) -> Response {
    let out = match crate::rest::authorize(
        query.as_deref().unwrap_or(""),
        &body,
        &shared.apps,
        &shared.admin,
        now(),
    ) {
        Err(failure) => failure,
        Ok(auth) => {
            crate::metrics::Metrics::add(&shared.metrics.rest_calls);
            let command = format!("{service}/{command}");
            let s = shared.clone();
            let ran = tokio::task::spawn_blocking(move || {
                let mut admin = crate::commands::Admin {
                    store: &s.store,
                    hub: &s.hub,
                    app: auth.sdk_app_id,
                    admin: &s.admin,
                    now: now(),
                    key: s.apps.key(auth.sdk_app_id).unwrap_or_default(),
                };
                admin.run(&command, &auth.body)
            })
            .await;
            ran.unwrap_or_else(|_| crate::rest::failure(2903, "the command failed unexpectedly"))
        }
    };
    Json(out).into_response()
}

async fn dev_usersig(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Some(app) = &shared.dev else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad("the body must be JSON: {\"userID\": \"...\"}");
    };
    let Some(user) = v
        .get("userID")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty() && u.len() <= 256)
    else {
        return bad("userID must be a non-empty string of at most 256 bytes");
    };
    let sig = usersig::generate(app.sdk_app_id, &app.key, user, now(), DEV_SIG_LIFETIME);
    // Any page may ask (the demo is served from another origin): this exists only for the
    // development app, which is for local trials.
    (
        [(axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
        Json(json!({ "SDKAppID": app.sdk_app_id, "userID": user, "userSig": sig, "expire": DEV_SIG_LIFETIME })),
    )
        .into_response()
}

/// A random start for server-chosen session IDs, below 2^53 (exact as JS numbers) with room to
/// count up.
fn session_base() -> u64 {
    (random() & ((1 << 52) - 1)) | 1
}

/// A random number; without the system's randomness, the clock in nanoseconds (it still
/// differs between runs and calls).
pub fn random() -> u64 {
    let mut b = [0u8; 8];
    match getrandom::getrandom(&mut b) {
        Ok(()) => u64::from_le_bytes(b),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    }
}
