//! The generic parameter validator (spec §5.1), with our clearer error (CONTRACT §4).

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use super::error::{Code, Error};
use super::rules::{is_conversation_id, rule_for, Rule, Spec};
use super::value::{Value, UNDEFINED};

/// Validates the arguments of a call to `api`. On failure the error has code 6017 and a message
/// that starts `Params validate failed.` and names every parameter and rule broken.
pub fn validate(api: &str, args: &[Value]) -> Result<(), Error> {
    // Methods that check their own arguments: throw before anything runs (it may run later).
    if api == "deleteConversation" {
        delete_conversation_args(args)?;
    }
    if api == "setMessageRemindType" {
        let o = args.first().unwrap_or(&UNDEFINED);
        let given = |k: &str| o.get(k).as_str().is_some_and(|s| !s.is_empty());
        if !given("messageRemindType")
            || (!given("groupID")
                && !o
                    .get("userIDList")
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .any(|u| u.as_str().is_some()))
        {
            return Err(Error::new(
                Code::InvalidParameter,
                "Params validate failed. setMessageRemindType: give \"messageRemindType\" and a \"groupID\" or a non-empty \"userIDList\".",
            ));
        }
    }
    let Some(rule) = rule_for(api) else {
        return Ok(());
    };
    let mut problems = Vec::new();
    match rule {
        Rule::Object(specs) => {
            // The original reads `args[0][field]` only when exactly one argument is given.
            let only = if let [one] = args { Some(one) } else { None };
            if let Some(v @ (Value::Null | Value::Undefined)) = only {
                problems.push(format!(
                    "the options argument must be an object, got {}",
                    v.tag()
                ));
            } else {
                let options = only.unwrap_or(&UNDEFINED);
                if args.len() > 1 {
                    problems.push(format!(
                        "expected exactly one options argument, got {}",
                        args.len()
                    ));
                }
                for spec in specs {
                    check(spec, options.get(spec.name), &mut problems);
                }
            }
        }
        Rule::Positional(specs) => {
            for (i, spec) in specs.iter().enumerate() {
                check(spec, args.get(i).unwrap_or(&UNDEFINED), &mut problems);
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        // Joined by hand: `[String]::join` costs the wasm a KB of its own.
        let mut message = format!("Params validate failed. {api}: ");
        for (i, p) in problems.iter().enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            message.push_str(p);
        }
        message.push('.');
        Err(Error::new(Code::InvalidParameter, message))
    }
}

/// `deleteConversation` validates itself (spec §9.3): a conversation ID, or
/// `{conversationIDList, clearHistoryMessage?}`. Returns (IDs, clearHistoryMessage, string form).
/// More than 100 IDs are cut to the first 100, as in the original.
pub fn delete_conversation_args(args: &[Value]) -> Result<(Vec<String>, bool, bool), Error> {
    let bad = |why: &str| {
        Error::new(
            Code::InvalidParameter,
            format!("Params validate failed. deleteConversation: {why}."),
        )
    };
    let is_id = |v: &Value| v.as_str().is_some_and(is_conversation_id);
    match args.first().unwrap_or(&UNDEFINED) {
        Value::Str(id) if is_conversation_id(id) => Ok((vec![id.clone()], true, true)),
        Value::Str(_) => Err(bad(
            "the argument must be a conversation ID (C2C…, GROUP… or @TIM#SYSTEM)",
        )),
        o @ Value::Object(_) => {
            let Some(list) = o.get("conversationIDList").as_array() else {
                return Err(bad("\"conversationIDList\" must be an array"));
            };
            if list.is_empty() {
                return Err(bad("\"conversationIDList\" must not be empty"));
            }
            if !list.iter().all(is_id) {
                return Err(bad(
                    "every item of \"conversationIDList\" must be a conversation ID",
                ));
            }
            let clear = if o.has("clearHistoryMessage") {
                o.get("clearHistoryMessage")
                    .as_bool()
                    .ok_or_else(|| bad("\"clearHistoryMessage\" must be a boolean"))?
            } else {
                true
            };
            let ids = list
                .iter()
                .take(100)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            Ok((ids, clear, false))
        }
        _ => Err(bad(
            "the argument must be a conversation ID or {conversationIDList, clearHistoryMessage}",
        )),
    }
}

fn check(spec: &Spec, v: &Value, problems: &mut Vec<String>) {
    let empty = v.is_empty();
    if spec.required && empty {
        problems.push(format!("\"{}\" is required", spec.name));
        return;
    }
    if !empty && v.tag() != spec.ty.tag() {
        problems.push(format!(
            "\"{}\" must be of type {}, got {}",
            spec.name,
            spec.ty.name(),
            v.tag()
        ));
        return;
    }
    // As in the original, a custom check runs even on an empty optional value.
    if let Some(c) = spec.check {
        if !(c.test)(v) {
            problems.push(format!("\"{}\" {}", spec.name, c.rule));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::{obj, s, strs};

    fn fails(api: &str, args: &[Value]) -> String {
        let e = validate(api, args).expect_err("should fail");
        assert_eq!(e.code, 6017);
        assert!(
            e.message.starts_with("Params validate failed."),
            "{}",
            e.message
        );
        e.message
    }

    #[test]
    fn create_group_rules() {
        let ok = obj(&[
            ("groupName", s("Suppliers")),
            ("conversationIDList", strs(&["C2Ca"])),
        ]);
        assert!(validate("createConversationGroup", std::slice::from_ref(&ok)).is_ok());
        // Two arguments (even a trailing undefined) fail, as in the original.
        assert!(
            fails("createConversationGroup", &[ok.clone(), Value::Undefined])
                .contains("exactly one")
        );
        let long = "x".repeat(33);
        let m = fails(
            "createConversationGroup",
            &[obj(&[
                ("groupName", s(&long)),
                ("conversationIDList", strs(&["C2Ca"])),
            ])],
        );
        assert!(m.contains("\"groupName\"") && m.contains("32"), "{m}");
        // 32 CJK characters pass the client (UTF-16 units), as in the original.
        let cjk = "组".repeat(32);
        assert!(validate(
            "createConversationGroup",
            &[obj(&[
                ("groupName", s(&cjk)),
                ("conversationIDList", strs(&["C2Ca"]))
            ])]
        )
        .is_ok());
        let m = fails(
            "createConversationGroup",
            &[obj(&[
                ("groupName", s("a")),
                ("conversationIDList", Value::Array(vec![])),
            ])],
        );
        assert!(m.contains("\"conversationIDList\" is required"), "{m}");
        assert!(fails("createConversationGroup", &[Value::Null]).contains("options"));
        assert!(fails("createConversationGroup", &[]).contains("\"groupName\" is required"));
    }

    #[test]
    fn listener_rules() {
        assert!(validate("on", &[s("x"), Value::Function { arity: 1 }]).is_ok());
        assert!(validate("on", &[s("x"), Value::Function { arity: 0 }]).is_ok());
        assert!(fails("on", &[s(""), Value::Function { arity: 1 }]).contains("eventName"));
        assert!(fails("on", &[s("x"), s("f")]).contains("handler"));
        assert!(fails("on", &[s("x")]).contains("must be a function"));
    }

    #[test]
    fn scalar_rules() {
        assert!(validate(
            "pinConversation",
            &[obj(&[
                ("conversationID", s("C2Ca")),
                ("isPinned", Value::Bool(false))
            ])]
        )
        .is_ok());
        assert!(
            fails("pinConversation", &[obj(&[("conversationID", s("C2Ca"))])]).contains("isPinned")
        );
        assert!(fails(
            "pinConversation",
            &[obj(&[
                ("conversationID", s("foo")),
                ("isPinned", Value::Bool(true))
            ])]
        )
        .contains("conversation ID"));
        assert!(fails(
            "markConversation",
            &[obj(&[
                ("conversationIDList", strs(&["C2Ca"])),
                ("markType", Value::Number(0.0)),
                ("enableMark", Value::Bool(true))
            ])]
        )
        .contains("markType"));
        assert!(validate(
            "setConversationDraft",
            &[obj(&[("conversationID", s("C2Ca")), ("draftText", s(""))])]
        )
        .is_ok());
        assert!(fails(
            "setConversationDraft",
            &[obj(&[("conversationID", s("C2Ca"))])]
        )
        .contains("draftText"));
        assert!(fails("deleteConversationGroup", &[s("")]).contains("groupName"));
        assert!(
            fails("deleteConversationGroup", &[obj(&[("groupName", s("x"))])])
                .contains("type String")
        );
        assert!(validate("setAllMessageRead", &[obj(&[])]).is_ok());
        assert!(fails("setAllMessageRead", &[obj(&[("scope", s("all"))])]).contains("scope"));
        assert!(fails("login", &[obj(&[])]).contains("userID"));
        assert!(validate("getConversationList", &[Value::Null, Value::Number(3.0)]).is_ok());
    }
}
