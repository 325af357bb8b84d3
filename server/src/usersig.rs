//! UserSig v2, as Tencent's generators (`tls-sig-api-v2` and its ports) make it: JSON
//! `{"TLS.ver": "2.0", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.sig",
//! "TLS.userbuf"?}`, zlib-compressed, in base64 with `+/=` written `*-_`. `TLS.sig` is the
//! base64 HMAC-SHA256, keyed by the app's secret key, of the lines
//! `TLS.identifier:<id>\nTLS.sdkappid:<app>\nTLS.time:<t>\nTLS.expire:<e>\n[TLS.userbuf:<b>\n]`.
//!
//! Pure: the clock (`now`, seconds) and the apps' keys are arguments. Checks run in the order
//! CONTRACT §9 fixes: 70003 unparseable → 70020 unknown SDKAppID → 70014 SDKAppID differs →
//! 70013 userID differs → 70009 signature → 70001 expired.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::read::ZlibDecoder;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::io::Read;

/// The sig has expired.
pub const EXPIRED: u32 = 70001;
/// The sig cannot be read (not base64, not zlib, not JSON, fields missing or mistyped).
pub const UNPARSEABLE: u32 = 70003;
/// The signature does not verify with the app's key.
pub const BAD_SIGNATURE: u32 = 70009;
/// The sig was made for another user.
pub const OTHER_USER: u32 = 70013;
/// The sig was made for another app.
pub const OTHER_APP: u32 = 70014;
/// The SDKAppID asked for is not served here.
pub const UNKNOWN_APP: u32 = 70020;

/// Largest sig accepted, compressed (Tencent's are a few hundred bytes): bad input stays cheap.
const MAX_SIG_LEN: usize = 8 * 1024;
/// Largest decompressed document.
const MAX_DOC_LEN: usize = 16 * 1024;

/// A refused sig: one of the codes above and an English reason (never the sig or the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: u32,
    pub message: String,
}

fn refused(code: u32, message: impl Into<String>) -> Refused {
    Refused {
        code,
        message: message.into(),
    }
}

/// A sig that verified: whose it is and until when (seconds) it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub sdk_app_id: u64,
    pub user_id: String,
    pub expires_at: u64,
}

/// The fields of a decoded sig.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigDoc {
    pub identifier: String,
    pub sdk_app_id: u64,
    pub time: u64,
    pub expire: u64,
    pub sig: String,
    pub userbuf: Option<String>,
}

/// Reads a sig without checking it (70003 when it cannot be read).
pub fn decode(usersig: &str) -> Result<SigDoc, Refused> {
    let bad = |why: &str| refused(UNPARSEABLE, format!("userSig cannot be read: {why}"));
    if usersig.is_empty() || usersig.len() > MAX_SIG_LEN {
        return Err(bad("empty or too long"));
    }
    let b64: String = usersig
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect();
    let compressed = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| bad("not base64"))?;
    let mut json = Vec::new();
    ZlibDecoder::new(compressed.as_slice())
        .take(MAX_DOC_LEN as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|_| bad("not zlib"))?;
    if json.len() > MAX_DOC_LEN {
        return Err(bad("too long"));
    }
    let doc: Value = serde_json::from_slice(&json).map_err(|_| bad("not JSON"))?;
    if doc.get("TLS.ver").and_then(Value::as_str) != Some("2.0") {
        return Err(bad("not a version 2.0 sig"));
    }
    let num = |k: &str| {
        doc.get(k).and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
    };
    let text = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(SigDoc {
        identifier: text("TLS.identifier").ok_or_else(|| bad("no identifier"))?,
        sdk_app_id: num("TLS.sdkappid").ok_or_else(|| bad("no sdkappid"))?,
        time: num("TLS.time").ok_or_else(|| bad("no time"))?,
        expire: num("TLS.expire").ok_or_else(|| bad("no expire"))?,
        sig: text("TLS.sig").ok_or_else(|| bad("no signature"))?,
        userbuf: text("TLS.userbuf"),
    })
}

/// What the signature covers: the sig's fields, one `name:value` line each.
fn signature_input(doc: &SigDoc) -> Vec<u8> {
    let mut s = format!(
        "TLS.identifier:{}\nTLS.sdkappid:{}\nTLS.time:{}\nTLS.expire:{}\n",
        doc.identifier, doc.sdk_app_id, doc.time, doc.expire
    );
    if let Some(b) = &doc.userbuf {
        s.push_str(&format!("TLS.userbuf:{b}\n"));
    }
    s.into_bytes()
}

// HMAC takes a key of any length: `new_from_slice` cannot fail here.
#[allow(clippy::expect_used)]
fn mac(key: &str, doc: &SigDoc) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(&signature_input(doc));
    mac
}

/// Checks `usersig` for a login of `user_id` to `sdk_app_id` at `now` (seconds). `key_of`
/// gives an app's secret key, `None` for an app not served here.
pub fn verify<'k>(
    usersig: &str,
    sdk_app_id: u64,
    user_id: &str,
    key_of: impl Fn(u64) -> Option<&'k str>,
    now: u64,
) -> Result<Verified, Refused> {
    let doc = decode(usersig)?;
    let key = key_of(sdk_app_id).ok_or_else(|| {
        refused(
            UNKNOWN_APP,
            format!("SDKAppID {sdk_app_id} is not served here"),
        )
    })?;
    if doc.sdk_app_id != sdk_app_id {
        return Err(refused(
            OTHER_APP,
            format!(
                "the userSig was made for SDKAppID {}, not {sdk_app_id}",
                doc.sdk_app_id
            ),
        ));
    }
    if doc.identifier != user_id {
        return Err(refused(
            OTHER_USER,
            "the userSig was made for another userID",
        ));
    }
    let given = STANDARD
        .decode(doc.sig.as_bytes())
        .map_err(|_| refused(BAD_SIGNATURE, "the userSig's signature is not base64"))?;
    // Constant-time comparison.
    mac(key, &doc).verify_slice(&given).map_err(|_| {
        refused(
            BAD_SIGNATURE,
            "the userSig's signature does not verify with the app's key",
        )
    })?;
    let expires_at = doc.time.saturating_add(doc.expire);
    if now >= expires_at {
        return Err(refused(EXPIRED, "the userSig has expired"));
    }
    Ok(Verified {
        sdk_app_id,
        user_id: doc.identifier,
        expires_at,
    })
}

/// Makes a sig as Tencent's generators do (for the development app's `/dev/usersig`, and tests).
// Compressing into memory cannot fail: the two `expect`s never fire.
#[allow(clippy::expect_used)]
pub fn generate(sdk_app_id: u64, key: &str, user_id: &str, now: u64, expire: u64) -> String {
    let mut doc = SigDoc {
        identifier: user_id.to_string(),
        sdk_app_id,
        time: now,
        expire,
        sig: String::new(),
        userbuf: None,
    };
    doc.sig = STANDARD.encode(mac(key, &doc).finalize().into_bytes());
    let json = serde_json::json!({
        "TLS.ver": "2.0",
        "TLS.identifier": doc.identifier,
        "TLS.sdkappid": sdk_app_id,
        "TLS.time": now,
        "TLS.expire": expire,
        "TLS.sig": doc.sig,
    });
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, json.to_string().as_bytes()).expect("writing to memory");
    let compressed = z.finish().expect("writing to memory");
    STANDARD
        .encode(compressed)
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}
