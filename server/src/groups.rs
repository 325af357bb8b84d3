//! The REST admin API's group attribute and counter commands (`group_open_http_svc/*`,
//! `group_open_attr_http_svc/get_group_attr`), in Tencent's field names. The administrator needs
//! no membership; the limits, codes and pushes are the cloud's, as for a member's methods.

use crate::commands::{list, need, Admin, Failed, BAD_FIELD};
use serde_json::{json, Value};
use tim_wasm::cloud::group_keys::GroupKeysOp;
use tim_wasm::cloud::protocol::{Request, Response};

/// `[{key, value}]` (attributes) as pairs.
fn attributes(body: &Value) -> Result<Vec<(String, String)>, Failed> {
    list(body, "GroupAttr")?
        .iter()
        .map(|a| {
            let key = need(a, "key")?.to_string();
            let value = a.get("value").and_then(Value::as_str).unwrap_or_default();
            Ok((key, value.to_string()))
        })
        .collect()
}

/// `[{Key, Value}]` (counters) as pairs.
fn counters(body: &Value) -> Result<Vec<(String, i64)>, Failed> {
    list(body, "GroupCounter")?
        .iter()
        .map(|c| {
            let key = need(c, "Key")?.to_string();
            let value = c.get("Value").and_then(Value::as_i64).ok_or_else(|| {
                (
                    BAD_FIELD,
                    "a counter's Value must be an integer".to_string(),
                )
            })?;
            Ok((key, value))
        })
        .collect()
}

fn counter_items(counters: &[(String, i64)]) -> Value {
    counters
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect()
}

impl Admin<'_> {
    /// Runs one of the group attribute and counter commands.
    pub(crate) fn group_keys(&mut self, command: &str, body: &Value) -> Result<Value, Failed> {
        let mut op = GroupKeysOp {
            group_id: need(body, "GroupId")?.to_string(),
            by_admin: true,
            ..GroupKeysOp::default()
        };
        op.op = match command {
            // {GroupId, GroupAttr: [{key, value}]}: replaces them all.
            "group_open_http_svc/set_group_attr" => {
                op.attributes = attributes(body)?;
                "initGroupAttributes"
            }
            // {GroupId, GroupAttr: [{key, value}]}: adds or changes these.
            "group_open_http_svc/modify_group_attr" => {
                op.attributes = attributes(body)?;
                "setGroupAttributes"
            }
            // {GroupId, GroupAttr: [{key}]}
            "group_open_http_svc/delete_group_attr" => {
                op.keys = attributes(body)?.into_iter().map(|(k, _)| k).collect();
                if op.keys.is_empty() {
                    return Err((BAD_FIELD, "GroupAttr names no key".to_string()));
                }
                "deleteGroupAttributes"
            }
            // {GroupId}
            "group_open_http_svc/clear_group_attr" => "deleteGroupAttributes",
            "group_open_attr_http_svc/get_group_attr" => "getGroupAttributes",
            // {GroupId, GroupCounter: [{Key, Value}], Mode: Set | Increase | Decrease}
            "group_open_http_svc/update_group_counter" => {
                op.counters = counters(body)?;
                match body.get("Mode").and_then(Value::as_str).unwrap_or("Set") {
                    "Set" => "setGroupCounters",
                    "Increase" => "increaseGroupCounter",
                    "Decrease" => "decreaseGroupCounter",
                    other => {
                        return Err((
                            BAD_FIELD,
                            format!("Mode {other} is not Set, Increase or Decrease"),
                        ))
                    }
                }
            }
            // {GroupId, GroupCounterKeys?: [key]}
            _ => {
                op.keys = match body.get("GroupCounterKeys") {
                    Some(_) => list(body, "GroupCounterKeys")?
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    None => Vec::new(),
                };
                "getGroupCounters"
            }
        }
        .to_string();
        let reads_counters = op.op.contains("Counter");
        let admin = self.admin.to_string();
        let Response::GroupKeys {
            attributes,
            counters,
            ..
        } = self.call(&admin, Request::GroupKeys(op))?
        else {
            return Ok(json!({}));
        };
        Ok(match command {
            "group_open_attr_http_svc/get_group_attr" => json!({
                "GroupAttrAry": attributes
                    .iter()
                    .map(|(k, v)| json!({"key": k, "value": v}))
                    .collect::<Vec<_>>()
            }),
            _ if reads_counters => json!({ "GroupCounter": counter_items(&counters) }),
            _ => json!({}),
        })
    }
}
