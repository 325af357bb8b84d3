//! The full build's group attributes and group counters: small key–value stores on a chat
//! group that every member reads and writes (Tencent's rules and codes), pushed to every
//! member's devices. One request type carries them all ([`GroupKeysOp`]).

use super::messaging::ERR_NOT_A_MEMBER;
use super::protocol::{PushBody, Response};
use super::state::{Cloud, Group};
use super::{Outcome, SessionId};
use crate::core::error::Error;

/// Tencent's codes and limits for attributes and counters.
pub mod limit {
    /// At most 16 attributes per group, keys of at most 32 bytes, values of at most 4,000
    /// bytes, 16 KB in all.
    pub const ATTRIBUTES: usize = 16;
    pub const ATTRIBUTE_KEY: usize = 32;
    pub const ATTRIBUTE_VALUE: usize = 4000;
    pub const ATTRIBUTES_TOTAL: usize = 16 * 1024;
    pub const ERR_KEY_TOO_LONG: u32 = 10045;
    pub const ERR_VALUE_TOO_LONG: u32 = 10046;
    pub const ERR_TOO_MANY_KEYS: u32 = 10047;
    pub const ERR_TOO_BIG: u32 = 10048;
    /// At most 20 counters per group, keys of at most 128 bytes.
    pub const COUNTERS: usize = 20;
    pub const COUNTER_KEY: usize = 128;
    pub const ERR_INVALID: u32 = 10004;
}

/// A read or change of a group's attributes or counters, as its method gives it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GroupKeysOp {
    /// The method: `initGroupAttributes`, `setGroupAttributes`, `deleteGroupAttributes`,
    /// `getGroupAttributes`, `setGroupCounters`, `increaseGroupCounter`,
    /// `decreaseGroupCounter`, `getGroupCounters`.
    pub op: String,
    pub group_id: String,
    /// The keys read or deleted (none: all).
    pub keys: Vec<String>,
    /// The attributes written.
    pub attributes: Vec<(String, String)>,
    /// The counters written (set to, or changed by, the value).
    pub counters: Vec<(String, i64)>,
    /// The app's administrator asks (the REST API): no membership needed. Refused from a client
    /// at the server's wire.
    pub by_admin: bool,
}

/// Whether `op` only reads.
pub fn reads(op: &GroupKeysOp) -> bool {
    op.op.starts_with("get")
}

fn error(code: u32, message: &str) -> Error {
    Error::raw(code, message.to_string())
}

/// Those of `items` whose key is in `keys` (all when `keys` is empty), in the group's order.
fn only<T: Clone>(items: &[(String, T)], keys: &[String]) -> Vec<(String, T)> {
    items
        .iter()
        .filter(|(k, _)| keys.is_empty() || keys.contains(k))
        .cloned()
        .collect()
}

/// Attributes after `op` writes them, or the code of the limit it breaks.
fn written_attributes(
    now: &[(String, String)],
    op: &GroupKeysOp,
) -> Result<Vec<(String, String)>, Error> {
    let mut next = if op.op == "initGroupAttributes" {
        Vec::new()
    } else {
        now.to_vec()
    };
    for (k, v) in &op.attributes {
        if k.is_empty() || k.len() > limit::ATTRIBUTE_KEY {
            return Err(error(
                limit::ERR_KEY_TOO_LONG,
                "an attribute key is empty or longer than 32 bytes",
            ));
        }
        if v.len() > limit::ATTRIBUTE_VALUE {
            return Err(error(
                limit::ERR_VALUE_TOO_LONG,
                "an attribute value is longer than 4,000 bytes",
            ));
        }
        match next.iter_mut().find(|(x, _)| x == k) {
            Some((_, old)) => old.clone_from(v),
            None => next.push((k.clone(), v.clone())),
        }
    }
    if next.len() > limit::ATTRIBUTES {
        return Err(error(
            limit::ERR_TOO_MANY_KEYS,
            "a group has at most 16 attributes",
        ));
    }
    if next.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() > limit::ATTRIBUTES_TOTAL {
        return Err(error(
            limit::ERR_TOO_BIG,
            "a group's attributes are at most 16 KB in all",
        ));
    }
    Ok(next)
}

/// Counters after `op` writes them, or the limit it breaks.
fn written_counters(now: &[(String, i64)], op: &GroupKeysOp) -> Result<Vec<(String, i64)>, Error> {
    let mut next = now.to_vec();
    for (k, v) in &op.counters {
        if k.is_empty() || k.len() > limit::COUNTER_KEY {
            return Err(error(
                limit::ERR_INVALID,
                "a counter key is empty or longer than 128 bytes",
            ));
        }
        let value = |old: i64| match op.op.as_str() {
            "increaseGroupCounter" => old.saturating_add(*v),
            "decreaseGroupCounter" => old.saturating_sub(*v),
            _ => *v,
        };
        match next.iter_mut().find(|(x, _)| x == k) {
            Some((_, old)) => *old = value(*old),
            None => next.push((k.clone(), value(0))),
        }
    }
    if next.len() > limit::COUNTERS {
        return Err(error(limit::ERR_INVALID, "a group has at most 20 counters"));
    }
    Ok(next)
}

impl Cloud {
    /// Reads or changes a group's attributes or counters, for a member. A change reaches every
    /// member's devices but the caller's: attributes as the whole map with the keys updated and
    /// deleted, counters with the values of those that changed. The answer: the attributes or
    /// counters asked for; after an attribute change all of them and the keys updated and
    /// deleted; after a counter change the values of the counters named.
    pub(super) fn group_keys(
        &mut self,
        user: &str,
        session: SessionId,
        op: GroupKeysOp,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let g = self.group_mut(&op.group_id)?;
        if !g.has(user) && !op.by_admin {
            return Err(error(
                ERR_NOT_A_MEMBER,
                "only a member of the group can do this",
            ));
        }
        let answer = match op.op.as_str() {
            "getGroupAttributes" => with_attributes(only(&g.attributes, &op.keys)),
            "getGroupCounters" => with_counters(only(&g.counters, &op.keys)),
            "initGroupAttributes" | "setGroupAttributes" | "deleteGroupAttributes" => {
                let after = if op.op == "deleteGroupAttributes" {
                    let gone = |k: &String| op.keys.is_empty() || op.keys.contains(k);
                    g.attributes
                        .iter()
                        .filter(|(k, _)| !gone(k))
                        .cloned()
                        .collect()
                } else {
                    written_attributes(&g.attributes, &op)?
                };
                let updated: Vec<String> = after
                    .iter()
                    .filter(|kv| !g.attributes.contains(kv))
                    .map(|(k, _)| k.clone())
                    .collect();
                let deleted: Vec<String> = g
                    .attributes
                    .iter()
                    .filter(|(k, _)| !after.iter().any(|(x, _)| x == k))
                    .map(|(k, _)| k.clone())
                    .collect();
                g.attributes = after;
                if !updated.is_empty() || !deleted.is_empty() {
                    let body = PushBody::GroupAttributes {
                        group_id: op.group_id.clone(),
                        attributes: g.attributes.clone(),
                        updated: updated.clone(),
                        deleted: deleted.clone(),
                    };
                    tell_members(g, user, session, body, out);
                }
                Response::GroupKeys {
                    attributes: g.attributes.clone(),
                    counters: Vec::new(),
                    updated,
                    deleted,
                }
            }
            "setGroupCounters" | "increaseGroupCounter" | "decreaseGroupCounter" => {
                let after = written_counters(&g.counters, &op)?;
                let changed: Vec<(String, i64)> = after
                    .iter()
                    .filter(|kv| !g.counters.contains(kv))
                    .cloned()
                    .collect();
                let keys: Vec<String> = op.counters.iter().map(|(k, _)| k.clone()).collect();
                let answer = with_counters(only(&after, &keys));
                g.counters = after;
                if !changed.is_empty() {
                    let body = PushBody::GroupCounters {
                        group_id: op.group_id.clone(),
                        counters: changed,
                    };
                    tell_members(g, user, session, body, out);
                }
                answer
            }
            _ => return Err(Error::of(crate::core::error::Code::InvalidOperation)),
        };
        Ok(answer)
    }
}

fn with_attributes(attributes: Vec<(String, String)>) -> Response {
    Response::GroupKeys {
        attributes,
        counters: Vec::new(),
        updated: Vec::new(),
        deleted: Vec::new(),
    }
}

fn with_counters(counters: Vec<(String, i64)>) -> Response {
    Response::GroupKeys {
        attributes: Vec::new(),
        counters,
        updated: Vec::new(),
        deleted: Vec::new(),
    }
}

/// A push to every member's devices but the session that made the change.
fn tell_members(g: &Group, user: &str, session: SessionId, body: PushBody, out: &mut Outcome) {
    for (m, _) in &g.members {
        out.push(m, (m == user).then_some(session), body.clone());
    }
}
