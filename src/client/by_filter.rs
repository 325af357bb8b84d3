//! Beyond the original (full build): unread counts by filter, kept while subscribed, and the
//! filtered conversation list in pages. A filter is getConversationList's object form (spec
//! §9.1), read the same way — a key of the wrong kind means no filter on it — and compared by
//! value through its normal form: the keys that select, in a fixed order.
//!
//! The counts live in the store (`ConvStore::subs`) and follow each conversation's change, as
//! the unread total does; [`Client::finish`] reports each count that changed once per call or
//! push.
//!
//! Paging takes a snapshot: `nextSeq: 0` lists the conversations the filter passes then, in
//! list order, and each page hands out the current objects of the next ones that still pass.
//! Without changes the pages partition the filtered list; a conversation that moves meanwhile
//! comes once, where it stood when paging began; one deleted or no longer passing is left out;
//! one new or newly passing is not in this pass (the list events report it).

use super::api::Output;
use super::{Client, Reply};
use crate::core::conv_store::Sub;
use crate::core::error::{Code, Error};
use crate::core::event::Event;
use crate::core::json::Json;
use crate::core::value::Value;

pub const UNREAD_BY_FILTER_UPDATED: &str = "onUnreadMessageCountByFilterUpdated";

/// The methods of this module (additions: not among the original's 149).
pub const METHODS: [&str; 4] = [
    "getUnreadMessageCountByFilter",
    "subscribeUnreadMessageCountByFilter",
    "unsubscribeUnreadMessageCountByFilter",
    "getConversationListByFilter",
];

/// Pagings kept open at once; a newer one drops the oldest.
const MAX_PAGINGS: usize = 8;
/// nextSeq = paging number × this + offset.
const PAGING: f64 = (1u64 << 24) as f64;

/// An open paging: its number, the filter, the conversation IDs it lists.
#[derive(Debug)]
pub struct Paging {
    no: u64,
    filter: Value,
    ids: Vec<String>,
}

/// The normal form of a filter object: the keys getConversationList's filter reads, where they
/// have the kind it reads, in its order.
pub fn normal(o: &Value) -> Value {
    let mut keys = Vec::new();
    if let Some(t) = o
        .get("type")
        .as_str()
        .filter(|t| *t == "C2C" || *t == "GROUP")
    {
        keys.push(("type".to_string(), Value::Str(t.to_string())));
    }
    if let Some(m) = o.get("markType").as_number().filter(|n| !n.is_nan()) {
        keys.push(("markType".to_string(), Value::Number(m)));
    }
    if let Some(g) = o.get("groupName").as_str() {
        keys.push(("groupName".to_string(), Value::Str(g.to_string())));
    }
    for k in ["hasUnreadCount", "hasGroupAtInfo"] {
        if let Some(b) = o.get(k).as_bool() {
            keys.push((k.to_string(), Value::Bool(b)));
        }
    }
    Value::Object(keys)
}

/// A normal form as JSON (a `markType` is a whole number: the validator sees to it).
fn filter_json(j: &mut Json, f: &Value) {
    j.open();
    if let Value::Object(keys) = f {
        for (k, v) in keys {
            j.key(k);
            match v {
                Value::Str(s) => j.str(s),
                Value::Bool(b) => j.bool(*b),
                Value::Number(n) => j.num(*n as u64),
                _ => j.null(),
            };
        }
    }
    j.close();
}

fn count_json(f: Option<&Value>, n: u64) -> String {
    let mut j = Json::new();
    j.open();
    if let Some(f) = f {
        j.key("filter");
        filter_json(&mut j, f);
    }
    j.key("unreadCount").num(n).close();
    j.finish()
}

impl Client {
    /// getUnreadMessageCountByFilter, subscribe… and unsubscribeUnreadMessageCountByFilter
    /// (`{unreadCount}`; unsubscribing resolves `{}`), getConversationListByFilter.
    pub(super) fn by_filter(&mut self, name: &str, a0: &Value) -> Reply<Output> {
        let done = |json: String| Ok((Output::Data("json", json), Vec::new()));
        if name == "getConversationListByFilter" {
            return self.page(a0);
        }
        let filter = normal(a0);
        let subs = &mut self.store.subs;
        let at = subs.iter().position(|s| s.filter == filter);
        match name {
            "unsubscribeUnreadMessageCountByFilter" => {
                if let Some(i) = at {
                    subs.remove(i);
                }
                done("{}".to_string())
            }
            _ => {
                let n = match at {
                    Some(i) => subs.get(i).map_or(0, |s| s.count),
                    None => self.store.unread_by(&filter),
                };
                if at.is_none() && name.starts_with("subscribe") {
                    self.store.subs.push(Sub {
                        filter,
                        count: n,
                        emitted: n,
                    });
                }
                done(count_json(None, n))
            }
        }
    }

    /// UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED for each subscribed count that changed since
    /// it was last reported.
    pub(super) fn filter_events(&mut self, events: &mut Vec<Event>) {
        for s in &mut self.store.subs {
            if s.count != s.emitted {
                s.emitted = s.count;
                let mut key = Json::new();
                filter_json(&mut key, &s.filter);
                events.push(Event::Keyed(
                    UNREAD_BY_FILTER_UPDATED,
                    key.finish(),
                    count_json(Some(&s.filter), s.count),
                ));
            }
        }
    }

    /// getConversationListByFilter({filter, nextSeq, count}) → `{conversationList, nextSeq,
    /// isFinished}`; a finished paging answers nextSeq 0.
    fn page(&mut self, a0: &Value) -> Reply<Output> {
        let seq = a0.get("nextSeq").as_number().unwrap_or(0.0);
        let count = match a0.get("count").as_number() {
            Some(_) => super::api::count_of(a0.get("count"), usize::MAX),
            None => 100,
        };
        let (no, offset) = ((seq / PAGING) as u64, (seq % PAGING) as usize);
        if seq == 0.0 {
            let filter = normal(a0.get("filter"));
            let ids = self.store.list(&filter);
            let ids = ids.iter().map(|e| e.conv.conversation_id.clone()).collect();
            self.page_no += 1;
            no_more_than(&mut self.pagings, MAX_PAGINGS - 1);
            self.pagings.push(Paging {
                no: self.page_no,
                filter,
                ids,
            });
            return self.page_from(self.page_no, 0, count);
        }
        if !self.pagings.iter().any(|p| p.no == no) {
            return Err(Error::new(
                Code::InvalidParameter,
                "Params validate failed. getConversationListByFilter: \"nextSeq\" is not the nextSeq of a paging still open (0 starts one; the last 8 are kept)",
            ));
        }
        self.page_from(no, offset, count)
    }

    fn page_from(&mut self, no: u64, mut offset: usize, count: usize) -> Reply<Output> {
        let mut out = Vec::new();
        let Some(i) = self.pagings.iter().position(|p| p.no == no) else {
            return Err(Error::of(Code::UncaughtError));
        };
        let p = self.pagings.remove(i);
        let store = &self.store;
        let filter = crate::core::conv_store::Filter::of(&p.filter);
        for id in p.ids.get(offset..).unwrap_or_default() {
            if out.len() == count {
                break;
            }
            offset += 1;
            let Some(e) = store.entry(id) else { continue };
            if e.conv.is_visible() && filter.passes(&e.conv) {
                out.push(id.clone());
            }
        }
        let finished = offset >= p.ids.len();
        let next = if finished {
            0.0
        } else {
            let next = no as f64 * PAGING + offset as f64;
            self.pagings.push(p);
            next
        };
        Ok((Output::Page(out, next, finished), Vec::new()))
    }
}

fn no_more_than(pagings: &mut Vec<Paging>, n: usize) {
    while pagings.len() > n {
        pagings.remove(0);
    }
}
