//! The REST admin API in Tencent's conventions (CONTRACT §9): `POST /v4/<service>/<command>
//! ?sdkappid=&identifier=&usersig=&random=&contenttype=json`, JSON in, HTTP 200 and
//! `{ActionStatus, ErrorCode, ErrorInfo, …}` out. Checked in this order: 60006 unknown
//! SDKAppID → the userSig's codes (70001…) → 60010 identifier not the admin → 60003 bad JSON.
//! Pure: the query, the body, the apps, the admin's userID and the clock are inputs.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::session::Apps;
use crate::usersig;
use serde_json::{json, Value};

/// The SDKAppID is missing, not a number, or not served here.
pub const UNKNOWN_APP: u32 = 60006;
/// The identifier is not the app's administrator.
pub const NOT_ADMIN: u32 = 60010;
/// The body is not a JSON object.
pub const BAD_JSON: u32 = 60003;
/// Ours: a command this API does not have.
pub const NOT_SERVED: u32 = 2998;

/// A checked request: the app, and the body.
#[derive(Debug, PartialEq)]
pub struct Authorized {
    pub sdk_app_id: u64,
    pub body: Value,
}

/// A failure as Tencent's envelope.
pub fn failure(code: u32, info: &str) -> Value {
    json!({ "ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info })
}

/// A success as Tencent's envelope, with the command's own fields.
pub fn success(mut fields: Value) -> Value {
    if let Value::Object(m) = &mut fields {
        m.insert("ActionStatus".into(), json!("OK"));
        m.insert("ErrorCode".into(), json!(0));
        m.insert("ErrorInfo".into(), json!(""));
        fields
    } else {
        json!({ "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "" })
    }
}

/// The value of `key` in a URL query (percent-decoded), if present.
pub fn query_param(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| percent_decode(v))
}

fn percent_decode(v: &str) -> String {
    let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
    let mut out = Vec::with_capacity(v.len());
    let mut rest = v.as_bytes();
    while let Some((&c, tail)) = rest.split_first() {
        rest = tail;
        match (c, hex(tail.first()), hex(tail.get(1))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                rest = tail.get(2..).unwrap_or_default();
            }
            (b'+', ..) => out.push(b' '),
            _ => out.push(c),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks a REST call in CONTRACT §9's order.
pub fn authorize(
    query: &str,
    body: &[u8],
    apps: &Apps,
    admin: &str,
    now: u64,
) -> Result<Authorized, Value> {
    let sdk_app_id = query_param(query, "sdkappid")
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|a| apps.key(*a).is_some());
    let Some(sdk_app_id) = sdk_app_id else {
        return Err(failure(
            UNKNOWN_APP,
            "sdkappid is missing or not served here",
        ));
    };
    let identifier = query_param(query, "identifier").unwrap_or_default();
    let sig = query_param(query, "usersig").unwrap_or_default();
    if let Err(r) = usersig::verify(&sig, sdk_app_id, &identifier, |a| apps.key(a), now) {
        return Err(failure(r.code, &r.message));
    }
    if identifier != admin {
        return Err(failure(
            NOT_ADMIN,
            "identifier is not the app's administrator",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(Authorized {
            sdk_app_id,
            body: v,
        }),
        _ => Err(failure(BAD_JSON, "the body is not a JSON object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const APP: u64 = 1400000001;
    const KEY: &str = "k";
    const NOW: u64 = 1_800_000_000;

    fn apps() -> Apps {
        Apps(HashMap::from([(APP, KEY.to_string())]))
    }

    fn query(app: &str, who: &str, sig: &str) -> String {
        format!("sdkappid={app}&identifier={who}&usersig={sig}&random=99&contenttype=json")
    }

    fn code(r: Result<Authorized, Value>) -> u64 {
        r.map_or_else(|e| e["ErrorCode"].as_u64().unwrap(), |_| 0)
    }

    #[test]
    fn checks_run_in_contract_order() {
        let admin = usersig::generate(APP, KEY, "administrator", NOW - 1, 3600);
        let alice = usersig::generate(APP, KEY, "alice", NOW - 1, 3600);
        let at = |q: &str, body: &str| {
            code(authorize(q, body.as_bytes(), &apps(), "administrator", NOW))
        };
        assert_eq!(
            at(&query(&APP.to_string(), "administrator", &admin), "{}"),
            0
        );
        // Every check failing at once: the first in order wins.
        assert_eq!(at(&query("1400000777", "alice", "junk"), "not json"), 60006);
        assert_eq!(at(&query("abc", "administrator", &admin), "{}"), 60006);
        assert_eq!(at("", "{}"), 60006);
        assert_eq!(
            at(&query(&APP.to_string(), "alice", "junk"), "not json"),
            70003
        );
        assert_eq!(
            at(
                &query(&APP.to_string(), "administrator", &alice),
                "not json"
            ),
            70013
        );
        assert_eq!(
            at(&query(&APP.to_string(), "alice", &alice), "not json"),
            60010
        );
        assert_eq!(
            at(
                &query(&APP.to_string(), "administrator", &admin),
                "not json"
            ),
            60003
        );
        assert_eq!(
            at(&query(&APP.to_string(), "administrator", &admin), "[1]"),
            60003
        );
        let expired = usersig::generate(APP, KEY, "administrator", NOW - 7200, 3600);
        assert_eq!(
            at(&query(&APP.to_string(), "administrator", &expired), "{}"),
            70001
        );
    }

    #[test]
    fn envelopes_and_queries() {
        assert_eq!(
            failure(60003, "x"),
            json!({"ActionStatus": "FAIL", "ErrorCode": 60003, "ErrorInfo": "x"})
        );
        assert_eq!(
            success(json!({"Count": 2})),
            json!({"Count": 2, "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})
        );
        assert_eq!(
            query_param("a=1&identifier=%E5%B0%8F+x&b", "identifier").as_deref(),
            Some("小 x")
        );
        assert_eq!(query_param("a=%zz%4", "a").as_deref(), Some("%zz%4"));
        assert_eq!(query_param("a=1", "b"), None);
    }
}
