//! Runs the client's pure dispatcher and turns its [`Output`] into the JS result.

use super::convert::{get, js_error, object};
use super::objects::out;
use super::sdk::{assign, now_secs, pending, rejected, resolved, run_remote, Home, Inner};
use crate::client::{is_cloud, Output, Reply, Step};
use crate::core::error::{Code, Error};
use crate::core::value::Value;
use js_sys::{Array, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Runs `name` if the client implements it; `Err(values)` hands the call back to the lifecycle
/// dispatcher. (Invalid arguments were thrown before: `validate` covers every method here.) A method that asks the cloud runs in the
/// cloud's next storage transaction; its events are delivered once its change is committed, and
/// then its Promise settles.
pub(super) fn dispatch(
    inner: &Rc<Inner>,
    name: &str,
    args: &Array,
    values: Vec<Value>,
) -> Result<JsValue, Vec<Value>> {
    let now = now_secs();
    let shared = match &inner.home {
        Home::Local(shared) => shared.clone(),
        Home::Remote(_) => return remote(inner, now, name, args, values),
    };
    if !is_cloud(name) {
        let res = {
            let mut client = inner.client.borrow_mut();
            let mut replica = shared.replica.borrow_mut();
            client.call(&mut *replica, now, name, &values)
        };
        let Some(res) = res else { return Err(values) };
        return Ok(settle(inner, name, &args.get(0), res));
    }
    let Some((promise, resolve, _)) = pending() else {
        return Ok(rejected(&Error::of(Code::UncaughtError)));
    };
    let generation = inner.client.borrow().session.generation();
    let slot = Rc::new(RefCell::new(None));
    let (work_inner, work_slot, name, arg0) =
        (inner.clone(), slot.clone(), name.to_string(), args.get(0));
    let done_name = name.clone();
    let done_inner = inner.clone();
    let work_shared = shared.clone();
    #[cfg(feature = "full")]
    let presence = name == "getGroupOnlineMemberCount";
    let work: crate::cloud::host::Work = Box::new(move || {
        let mut client = work_inner.client.borrow_mut();
        // A message to send stays sendable if its send is not committed.
        let draft = values
            .first()
            .and_then(|m| m.get("ID").as_str())
            .filter(|_| name.ends_with("endMessage"))
            .and_then(|id| client.draft(id));
        let res = if client.session.generation() != generation {
            Err(Error::of(Code::SessionEnded))
        } else {
            let mut replica = work_shared.replica.borrow_mut();
            client
                .call(&mut *replica, now, &name, &values)
                .unwrap_or_else(|| Err(Error::of(Code::UncaughtError)))
        };
        *work_slot.borrow_mut() = Some((res, client.take_outbox(), draft));
    });
    let done: crate::cloud::journal::Done = Box::new(move |committed| {
        let (res, pushes, draft) = slot
            .take()
            .unwrap_or_else(|| (Err(Error::of(Code::UncaughtError)), Vec::new(), None));
        let res = match committed {
            Ok(()) => {
                if let Home::Local(shared) = &done_inner.home {
                    shared.route(pushes);
                }
                // A logout (or another login) came while the change was committing: it is
                // kept, but its events belong to a session that ended.
                if done_inner.client.borrow().session.generation() != generation {
                    Err(Error::of(Code::SessionEnded))
                } else {
                    res
                }
            }
            Err(e) => {
                if let Some(m) = draft {
                    done_inner.client.borrow_mut().restore_draft(m);
                }
                Err(e)
            }
        };
        let _ = resolve.call1(
            &JsValue::UNDEFINED,
            &settle(&done_inner, &done_name, &arg0, res),
        );
    });
    // getGroupOnlineMemberCount: the cloud learns who is online first (other tabs: async).
    #[cfg(feature = "full")]
    if presence {
        let host = shared.clone();
        shared.with_online(Box::new(move || host.transact(work, done)));
        return Ok(promise);
    }
    shared.transact(work, done);
    Ok(promise)
}

/// Server mode: the method's step runs against the server; its Promise settles with the answer.
/// A method that needs no cloud answers at once, as in local mode.
fn remote(
    inner: &Rc<Inner>,
    now: u64,
    name: &str,
    args: &Array,
    values: Vec<Value>,
) -> Result<JsValue, Vec<Value>> {
    let generation = inner.client.borrow().session.generation();
    let draft = values
        .first()
        .and_then(|m| m.get("ID").as_str())
        .filter(|_| name.ends_with("endMessage"))
        .and_then(|id| inner.client.borrow().draft(id));
    let step = inner.client.borrow_mut().begin(now, name, &values);
    let Some(step) = step else { return Err(values) };
    if let Step::Done(res) = step {
        return Ok(settle(inner, name, &args.get(0), res));
    }
    let Some((promise, resolve, _)) = pending() else {
        return Ok(rejected(&Error::of(Code::UncaughtError)));
    };
    let (name, arg0) = (name.to_string(), args.get(0));
    run_remote(
        inner,
        step,
        Box::new(move |inner, res| {
            // A logout (or another login) came meanwhile: the answer belongs to a session that ended.
            let res = if inner.client.borrow().session.generation() != generation {
                Err(Error::of(Code::SessionEnded))
            } else {
                res
            };
            if let (Err(_), Some(m)) = (&res, draft) {
                // A message whose send failed stays sendable (resend), as in the original.
                inner.client.borrow_mut().restore_draft(m);
            }
            let _ = resolve.call1(&JsValue::UNDEFINED, &settle(inner, &name, &arg0, res));
        }),
    );
    Ok(promise)
}

/// Delivers a call's events and gives its result (a Promise, or a value for a synchronous method).
fn settle(inner: &Inner, name: &str, arg0: &JsValue, res: Reply<Output>) -> JsValue {
    match res {
        Err(e) if name.ends_with("endMessage") => {
            let target = draft_object(inner, arg0);
            let _ = Reflect::set(&target, &"status".into(), &"fail".into());
            Promise::reject(&js_error(&e, object(&[("message", target)]))).into()
        }
        // A synchronous method's failure is handed back as its Error, for `Sdk::call` to throw.
        Err(e) if crate::core::api::is_sync(name) => js_error(&e, JsValue::UNDEFINED),
        // modifyMessage's conflict: the message as it is now, in `data.message`.
        #[cfg(feature = "full")]
        Err(e) if e.code == crate::client::CONFLICT => {
            let latest = inner.client.borrow_mut().conflict.take();
            let data = latest.map_or(JsValue::UNDEFINED, |j| {
                object(&[("message", out("message", j))])
            });
            Promise::reject(&js_error(&e, data)).into()
        }
        Err(e) => rejected(&e),
        Ok((output, events)) => {
            inner.deliver(events);
            to_js(inner, output, arg0)
        }
    }
}

/// The JS object a created message was handed out as (or the caller's object).
fn draft_object(inner: &Inner, message: &JsValue) -> JsValue {
    let id = get(message, "ID").as_string().unwrap_or_default();
    inner
        .drafts
        .borrow()
        .get(&id)
        .cloned()
        .unwrap_or_else(|| message.clone())
}

fn to_js(inner: &Inner, output: Output, arg0: &JsValue) -> JsValue {
    if matches!(
        output,
        Output::Visible | Output::List(_) | Output::Conversation(..)
    ) {
        inner.sync_objects();
    }
    match output {
        Output::Data(kind, json) => {
            let data = out(kind, json);
            if kind == "messageList" {
                inner.remember_all(&get(&data, "messageList"));
            }
            resolved(data)
        }
        Output::Undefined => Promise::resolve(&JsValue::UNDEFINED).into(),
        Output::Number(n) => JsValue::from_f64(n),
        Output::Visible => {
            let client = inner.client.borrow();
            resolved(object(&[
                (
                    "conversationList",
                    inner.objects.visible(&client.store).into(),
                ),
                ("isSyncCompleted", client.store.sync_completed.into()),
            ]))
        }
        Output::List(handles) => {
            let client = inner.client.borrow();
            let list = inner
                .objects
                .array(handles.iter().filter_map(|&h| client.store.by_handle(h)));
            resolved(object(&[
                ("conversationList", list.into()),
                ("isSyncCompleted", client.store.sync_completed.into()),
            ]))
        }
        Output::Conversation(id, json, inner_code) => {
            let client = inner.client.borrow();
            let obj = client
                .store
                .entry(&id)
                .map_or_else(|| out("conversation", json), |e| inner.objects.object(e));
            if inner_code {
                resolved(object(&[
                    ("code", JsValue::from_f64(0.0)),
                    ("conversation", obj),
                ]))
            } else {
                resolved(object(&[("conversation", obj)]))
            }
        }
        Output::Draft(id, json) => {
            let obj = out("message", json);
            inner.drafts.borrow_mut().insert(id, obj.clone());
            inner.remember(&obj);
            obj
        }
        #[cfg(feature = "full")]
        Output::Page(ids, next, finished) => {
            // As Output::List's, with the paging's fields.
            inner.sync_objects();
            let client = inner.client.borrow();
            let list = inner
                .objects
                .array(ids.iter().filter_map(|id| client.store.entry(id)));
            resolved(object(&[
                ("conversationList", list.into()),
                ("nextSeq", next.into()),
                ("isFinished", finished.into()),
            ]))
        }
        #[cfg(feature = "full")]
        Output::Deleted(ids) => {
            let list = Array::new();
            for m in super::convert::items(arg0) {
                let id = get(&m, "ID").as_string().unwrap_or_default();
                if ids.contains(&id) && !list.includes(&m, 0) {
                    let _ = js_sys::Reflect::set(&m, &"isDeleted".into(), &JsValue::TRUE);
                    list.push(&m);
                }
            }
            resolved(object(&[("messageList", list.into())]))
        }
        #[cfg(feature = "full")]
        Output::Receipts(json) => {
            let found = out("json", json);
            // (assignTo copies nothing from `undefined`, and swallows a target that is none.)
            for m in super::convert::items(arg0) {
                let patch = get(&found, &get(&m, "ID").as_string().unwrap_or_default());
                assign(&get(&m, "readReceiptInfo"), &patch);
            }
            resolved(object(&[("messageList", arg0.clone())]))
        }
        Output::Sent(id, json) => {
            let target = draft_object(inner, arg0);
            inner.drafts.borrow_mut().remove(&id);
            assign(&target, &out("json", json));
            inner.remember(&target);
            resolved(object(&[("message", target)]))
        }
    }
}
