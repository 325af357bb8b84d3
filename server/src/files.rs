//! Files of the full build's file messages (CONTRACT §9): `PUT /files/<name>` stores one,
//! `GET /files/<name>` reads it — in the database, or in the directory `--files DIR` that every
//! node shares (then the database keeps what it is and who stored it).
//!
//! A name is `<SDKAppID>-<userID>-<letters, digits and dots>`, made by the client that uploads
//! (as the original names its files); a file is written once. Both requests carry `u` (a user),
//! `e` (an expiry, seconds) and `s`, an HMAC-SHA256 keyed by the app's secret key over what the
//! request may do, for whom and until when: so a URL works in `<img src>` without headers, for
//! that app's files only, and stops working when it expires. A client gets its signatures in
//! `Welcome` (`token`), fresh at each connection. Reading takes any file of the app whose name
//! one knows (names carry 32 random letters and digits, as the message that names the file is
//! what grants it); writing only names of one's own.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::http::{now, Shared};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// How long a connection's signatures last (seconds).
pub const LIFETIME: u64 = 24 * 3600;
/// The largest file taken (the original's limit for files and videos).
pub const MAX_FILE: usize = 100 * 1024 * 1024;
/// The longest name taken.
const MAX_NAME: usize = 400;

// HMAC takes a key of any length: `new_from_slice` cannot fail here.
#[allow(clippy::expect_used)]
fn mac(key: &str, what: &str, user: &str, expiry: u64) -> Hmac<Sha256> {
    let mut m =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    m.update(format!("tim-files\n{what}\n{user}\n{expiry}").as_bytes());
    m
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

/// `<expiry>.<download signature>.<upload signature>` for `user` of the app with secret `key`.
pub fn token(key: &str, user: &str, now: u64) -> String {
    let e = now + LIFETIME;
    let sig = |what| hex(&mac(key, what, user, e).finalize().into_bytes());
    format!("{e}.{}.{}", sig("get"), sig("put"))
}

/// A URL's escape of `s`: every byte but letters, digits and `-._~` as `%XX`.
pub fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `/files/<name>?u&e&s`: where `user` reads file `name` of the app with secret `key` until
/// `now + LIFETIME` (the REST API's history reads, for its administrator).
pub fn path(key: &str, user: &str, name: &str, now: u64) -> String {
    let e = now + LIFETIME;
    let s = hex(&mac(key, "get", user, e).finalize().into_bytes());
    format!("/files/{}?u={}&e={e}&s={s}", escape(name), escape(user))
}

/// The app a file name belongs to.
fn app_of(name: &str) -> Option<u64> {
    name.split_once('-')?.0.parse().ok()
}

/// Checks a request for `what` ("get", "put") on file `name`: its app and user.
fn authorize(
    shared: &Shared,
    what: &str,
    name: &str,
    q: &HashMap<String, String>,
    now: u64,
) -> Result<(u64, String), (StatusCode, &'static str)> {
    const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
    if name.is_empty() || name.len() > MAX_NAME {
        return Err((StatusCode::BAD_REQUEST, "a file name is 1 to 400 bytes"));
    }
    let app = app_of(name).ok_or((StatusCode::NOT_FOUND, "no such file"))?;
    let key = shared
        .apps
        .key(app)
        .ok_or((StatusCode::NOT_FOUND, "no such file"))?;
    let (Some(user), Some(expiry), Some(sig)) = (q.get("u"), q.get("e"), q.get("s")) else {
        return Err((FORBIDDEN, "u, e and s are required"));
    };
    let expiry: u64 = expiry.parse().map_err(|_| (FORBIDDEN, "e is a time"))?;
    let sig = unhex(sig).ok_or((FORBIDDEN, "s is hexadecimal"))?;
    mac(key, what, user, expiry)
        .verify_slice(&sig)
        .map_err(|_| (FORBIDDEN, "the signature does not verify"))?;
    if expiry < now {
        return Err((FORBIDDEN, "the signature has expired"));
    }
    Ok((app, user.clone()))
}

/// Every answer here may be read by a page of any origin (the files' URLs are the secret).
fn cors(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

fn fail((status, why): (StatusCode, &'static str)) -> Response {
    cors((status, why).into_response())
}

/// `OPTIONS /files/<name>`: a page's preflight before its upload.
pub async fn preflight() -> Response {
    cors(
        (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, PUT"),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"),
                (header::ACCESS_CONTROL_MAX_AGE, "86400"),
            ],
        )
            .into_response(),
    )
}

/// Where `--files DIR` keeps file `name` of `app` (named by a hash: any name is a safe path).
fn path_of(dir: &std::path::Path, app: u64, name: &str) -> std::path::PathBuf {
    dir.join(app.to_string())
        .join(hex(&Sha256::digest(name.as_bytes())))
}

/// Writes `bytes` to `path` unless a file is there already (the first bytes stay). Durable
/// before it returns (written, synced, then linked into place; the directory synced).
fn write_once(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(path);
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".part-{:016x}", crate::http::random()));
    let mut f = std::fs::File::create(&temp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => std::fs::File::open(dir)?.sync_all(),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The type a file was sent with, if it reads as one (`type/subtype`, at most 100 bytes).
fn mime_of(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|v| {
            v.len() <= 100
                && v.split_once('/')
                    .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                && v.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"/.+-_".contains(&c))
        })
        .unwrap_or_else(|| "application/octet-stream".into())
}

/// `PUT /files/<name>?u&e&s`: 201 stored, 409 a file of that name is stored already.
pub async fn put(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (app, user) = match authorize(&shared, "put", &name, &q, now()) {
        Ok(who) => who,
        Err(e) => return fail(e),
    };
    let own = name
        .strip_prefix(&format!("{app}-{user}-"))
        .is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.')
        });
    if !own {
        return fail((
            StatusCode::FORBIDDEN,
            "a file's name is <SDKAppID>-<userID>-<letters, digits, dots>, the signer's own",
        ));
    }
    let mime = mime_of(&headers);
    let s = shared.clone();
    let stored = tokio::task::spawn_blocking(move || -> Result<bool, String> {
        // In a directory, the bytes first and then the row (the row says the file is there):
        // a write whose row failed leaves its bytes for the retry to find.
        let kept = match &s.files {
            Some(dir) => {
                write_once(&path_of(dir, app, &name), &body).map_err(|e| e.to_string())?;
                None
            }
            None => Some(&body[..]),
        };
        let file = crate::store::NewFile {
            name: &name,
            owner: &user,
            mime: &mime,
            size: body.len(),
            bytes: kept,
        };
        s.store.put_file(app, &file, now()).map_err(|e| e.message)
    })
    .await;
    match done(stored, app, "the file could not be stored") {
        Ok(true) => {
            tracing::debug!(app, "file stored");
            cors(StatusCode::CREATED.into_response())
        }
        Ok(false) => fail((
            StatusCode::CONFLICT,
            "a file of that name is stored already",
        )),
        Err(e) => fail(e),
    }
}

/// The outcome of a file's blocking work, or the answer to its failure (`why`): 503 when the
/// database or the directory failed (logged), 500 when the task itself did not finish.
fn done<T>(
    r: Result<Result<T, String>, tokio::task::JoinError>,
    app: u64,
    why: &'static str,
) -> Result<T, (StatusCode, &'static str)> {
    match r {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            tracing::warn!(app, error = %e, "{why}");
            Err((StatusCode::SERVICE_UNAVAILABLE, why))
        }
        Err(_) => Err((StatusCode::INTERNAL_SERVER_ERROR, why)),
    }
}

/// `GET /files/<name>?u&e&s`: the file, with the type it was sent with; shown inline only as an
/// image, a sound or a video, never run as a page of this origin.
pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let app = match authorize(&shared, "get", &name, &q, now()) {
        Ok((app, _)) => app,
        Err(e) => return fail(e),
    };
    let s = shared.clone();
    let found = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let Some((mime, bytes)) = s.store.get_file(app, &name).map_err(|e| e.message)? else {
            return Ok(None);
        };
        let bytes = match (bytes, &s.files) {
            (Some(b), _) => b,
            (None, Some(dir)) => {
                std::fs::read(path_of(dir, app, &name)).map_err(|e| e.to_string())?
            }
            (None, None) => return Err("the file's bytes are in a --files directory".into()),
        };
        Ok(Some((mime, bytes)))
    })
    .await;
    match done(found, app, "the file could not be read") {
        Ok(Some((mime, bytes))) => {
            let inline = ["image/", "audio/", "video/"]
                .iter()
                .any(|p| mime.starts_with(p));
            cors(
                (
                    [
                        (header::CONTENT_TYPE, mime),
                        (
                            header::CONTENT_DISPOSITION,
                            (if inline { "inline" } else { "attachment" }).into(),
                        ),
                        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
                        (header::CONTENT_SECURITY_POLICY, "sandbox".into()),
                        (
                            header::CACHE_CONTROL,
                            "private, max-age=86400, immutable".into(),
                        ),
                    ],
                    bytes,
                )
                    .into_response(),
            )
        }
        Ok(None) => fail((StatusCode::NOT_FOUND, "no such file")),
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_signs_what_it_names_only() {
        let t = token("key", "alice", 1000);
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        let e: u64 = parts[0].parse().unwrap();
        assert_eq!(e, 1000 + LIFETIME);
        let get = unhex(parts[1]).unwrap();
        assert!(mac("key", "get", "alice", e).verify_slice(&get).is_ok());
        assert!(mac("key", "put", "alice", e).verify_slice(&get).is_err());
        assert!(mac("key", "get", "bob", e).verify_slice(&get).is_err());
        assert!(mac("other", "get", "alice", e).verify_slice(&get).is_err());
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
