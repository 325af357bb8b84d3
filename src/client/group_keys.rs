//! The full build's group attributes and counters, as the original resolves them, and the
//! events their changes bring (GROUP_ATTRIBUTES_UPDATED, GROUP_COUNTER_UPDATED).

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::group_keys::GroupKeysOp;
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::json::Json;
use crate::core::value::Value;

pub const ATTRIBUTES_UPDATED: &str = "groupAttributesUpdated";
pub const COUNTER_UPDATED: &str = "onGroupCounterUpdated";

/// The fields of a JS object as (key, value) pairs, in their order.
fn entries(v: &Value) -> &[(String, Value)] {
    match v {
        Value::Object(fields) => fields,
        _ => &[],
    }
}

/// `{"k": "v", …}`.
fn attributes_object(j: &mut Json, items: &[(String, String)]) {
    j.open();
    for (k, v) in items {
        j.key(k).str(v);
    }
    j.close();
}

/// `{counters: {"k": n, …}}`.
fn counters_json(items: &[(String, i64)]) -> String {
    let mut j = Json::new();
    j.open().key("counters").open();
    for (k, v) in items {
        j.key(k).int(*v);
    }
    j.close().close();
    j.finish()
}

/// GROUP_ATTRIBUTES_UPDATED: `{groupID, groupAttributes, updatedKeyList, deletedKeyList}`, the
/// latest per group.
pub(crate) fn attributes_event(
    group_id: &str,
    all: &[(String, String)],
    updated: &[String],
    deleted: &[String],
) -> Event {
    let mut j = Json::new();
    j.open().key("groupID").str(group_id).key("groupAttributes");
    attributes_object(&mut j, all);
    j.key("updatedKeyList")
        .strs(updated)
        .key("deletedKeyList")
        .strs(deleted)
        .close();
    Event::Keyed(ATTRIBUTES_UPDATED, group_id.to_string(), j.finish())
}

/// GROUP_COUNTER_UPDATED: `{groupID, key, value}`, one per counter.
pub(crate) fn counter_events(events: &mut Events, group_id: &str, counters: &[(String, i64)]) {
    for (k, v) in counters {
        let mut j = Json::new();
        j.open()
            .key("groupID")
            .str(group_id)
            .key("key")
            .str(k)
            .key("value")
            .int(*v)
            .close();
        events.push(Event::Keyed(
            COUNTER_UPDATED,
            format!("{group_id}\n{k}"),
            j.finish(),
        ));
    }
}

impl Client {
    /// `initGroupAttributes` / `setGroupAttributes` (`{groupID, groupAttributes}` → the same
    /// `{groupAttributes}`), `deleteGroupAttributes` (`{groupID, keyList}` → `{keyList}`: those
    /// it removed; `[]` removes all), `getGroupAttributes` (`{groupID, keyList}` →
    /// `{groupAttributes}`; `[]` reads all); `setGroupCounters` (`{groupID, counters}`),
    /// `increaseGroupCounter` / `decreaseGroupCounter` (`{groupID, key, value}`),
    /// `getGroupCounters` (`{groupID, keyList?}`) → `{counters}`.
    pub(crate) fn group_keys_step(&self, name: &str, a0: &Value) -> Step<Output> {
        let mut op = GroupKeysOp {
            op: name.to_string(),
            group_id: super::api::text(a0, "groupID"),
            keys: super::api::list(a0.get("keyList")),
            ..GroupKeysOp::default()
        };
        for (k, v) in entries(a0.get("groupAttributes")) {
            op.attributes
                .push((k.clone(), v.as_str().unwrap_or_default().to_string()));
        }
        for (k, v) in entries(a0.get("counters")) {
            op.counters
                .push((k.clone(), v.as_number().unwrap_or(0.0) as i64));
        }
        if name.ends_with("GroupCounter") {
            let by = a0.get("value").as_number().unwrap_or(0.0) as i64;
            op.counters.push((super::api::text(a0, "key"), by));
        }
        let name = op.op.clone();
        let group_id = op.group_id.clone();
        let written = op.attributes.clone();
        Step::ask(Request::GroupKeys(op), move |_, res| {
            let Response::GroupKeys {
                attributes,
                counters,
                updated,
                deleted,
            } = res?
            else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut events = Vec::new();
            let mut j = Json::new();
            match name.as_str() {
                "initGroupAttributes" | "setGroupAttributes" | "getGroupAttributes" => {
                    j.open().key("groupAttributes");
                    let shown = if name == "getGroupAttributes" {
                        &attributes
                    } else {
                        &written
                    };
                    attributes_object(&mut j, shown);
                    j.close();
                }
                "deleteGroupAttributes" => {
                    j.open().key("keyList").strs(&deleted).close();
                }
                _ => return Ok((Output::Data("json", counters_json(&counters)), Vec::new())),
            }
            if !updated.is_empty() || !deleted.is_empty() {
                events.push(attributes_event(&group_id, &attributes, &updated, &deleted));
            }
            Ok((Output::Data("json", j.finish()), events))
        })
    }
}
