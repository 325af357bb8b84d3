//! The full build's message extensions as the original gives them: setMessageExtensions and
//! deleteMessageExtensions resolve `{extensions: [{code, key, value}]}` (each one's result),
//! getMessageExtensions `{extensions: [{key, value}]}`; another session's change arrives as
//! MESSAGE_EXTENSIONS_UPDATED `{messageID, extensions}` / MESSAGE_EXTENSIONS_DELETED
//! `{messageID, keyList}`.

use super::api::{text, Output};
use super::step::Step;
use super::Client;
use crate::cloud::message_ops::MessageOp;
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::event::{Event, Events};
use crate::core::json::Json;
use crate::core::value::Value;

pub const EXTENSIONS_UPDATED: &str = "onMessageExtensionsUpdated";
pub const EXTENSIONS_DELETED: &str = "onMessageExtensionsDeleted";

/// The events of one push: the extensions set, the keys deleted.
pub(crate) fn extension_events(
    events: &mut Events,
    message_id: &str,
    set: &[(String, String)],
    deleted: &[String],
) {
    if !set.is_empty() {
        let mut j = Json::new();
        j.open().key("messageID").str(message_id).key("extensions");
        pairs(&mut j, set.iter().map(|(k, v)| (None, k, v)));
        j.close();
        events.push(Event::Keyed(
            EXTENSIONS_UPDATED,
            message_id.to_string(),
            j.finish(),
        ));
    }
    if !deleted.is_empty() {
        let mut j = Json::new();
        j.open()
            .key("messageID")
            .str(message_id)
            .key("keyList")
            .strs(deleted)
            .close();
        events.push(Event::Keyed(
            EXTENSIONS_DELETED,
            message_id.to_string(),
            j.finish(),
        ));
    }
}

/// `[{code?, key, value}]`.
fn pairs<'a>(j: &mut Json, list: impl Iterator<Item = (Option<u32>, &'a String, &'a String)>) {
    j.open_array();
    for (code, k, v) in list {
        j.open();
        if let Some(c) = code {
            j.key("code").num(u64::from(c));
        }
        j.key("key").str(k).key("value").str(v).close();
    }
    j.close_array();
}

impl Client {
    /// `setMessageExtensions(message, [{key, value}])`, `getMessageExtensions(message)`,
    /// `deleteMessageExtensions(message, keyList?)`.
    pub(crate) fn extension_step(&self, name: &str, args: &[Value]) -> Step<Output> {
        let m = args.first().unwrap_or(&crate::core::value::UNDEFINED);
        let a1 = args.get(1).and_then(Value::as_array).unwrap_or_default();
        let extensions = match name {
            "setMessageExtensions" => a1
                .iter()
                .map(|e| (text(e, "key"), text(e, "value")))
                .collect(),
            "deleteMessageExtensions" => a1
                .iter()
                .filter_map(|k| Some((k.as_str()?.to_string(), String::new())))
                .collect(),
            _ => Vec::new(),
        };
        let op = MessageOp {
            op: name.to_string(),
            conversation_id: text(m, "conversationID"),
            ids: vec![text(m, "ID")],
            extensions,
            ..MessageOp::default()
        };
        let with_codes = name != "getMessageExtensions";
        Step::ask(Request::MessageOp(op), move |_, res| {
            let Response::Extensions(list) = res? else {
                return Err(Error::of(Code::UncaughtError));
            };
            let mut j = Json::new();
            j.open().key("extensions");
            pairs(
                &mut j,
                list.iter()
                    .map(|(c, k, v)| (with_codes.then_some(*c), k, v)),
            );
            j.close();
            Ok((Output::Data("json", j.finish()), Vec::new()))
        })
    }
}
