//! Runs the client's pure dispatcher and turns its [`Output`] into the JS result.

use super::convert::{js_error, object};
use super::objects::out;
use super::sdk::{assign, now_secs, rejected, resolved, Inner};
use crate::client::Output;
use crate::core::error::Code;
use crate::core::value::Value;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::JsValue;

/// Runs `name` if the client implements it; `None` hands it back to the lifecycle dispatcher.
/// `Err` is thrown synchronously (invalid arguments).
pub(super) fn dispatch(inner: &Inner, name: &str, args: &Array, values: &[Value]) -> Option<Result<JsValue, JsValue>> {
    let now = now_secs();
    let (res, pushes) = {
        let mut client = inner.client.borrow_mut();
        let mut cloud = inner.shared.cloud.borrow_mut();
        let res = client.call(&mut *cloud, now, name, values)?;
        (res, client.take_outbox())
    };
    // Route first: nothing that follows (building the JS result) may keep pushes from others.
    inner.shared.route(pushes);
    let result = match res {
        Err(e) if e.code == Code::InvalidParameter.as_u32() => Err(js_error(&e, JsValue::UNDEFINED)),
        Err(e) => {
            if name == "sendMessage" {
                let target = draft_object(inner, &args.get(0));
                let _ = Reflect::set(&target, &"status".into(), &"fail".into());
                Ok(Promise::reject(&js_error(&e, object(&[("message", target)]))).into())
            } else {
                Ok(rejected(&e))
            }
        }
        Ok((output, events)) => {
            inner.deliver(events);
            Ok(to_js(inner, output, &args.get(0)))
        }
    };
    Some(result)
}

/// The JS object a created message was handed out as (or the caller's object).
fn draft_object(inner: &Inner, message: &JsValue) -> JsValue {
    let id = Reflect::get(message, &"ID".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    inner.drafts.borrow().get(&id).cloned().unwrap_or_else(|| message.clone())
}

fn to_js(inner: &Inner, output: Output, arg0: &JsValue) -> JsValue {
    match output {
        Output::Data(kind, json) => resolved(out(kind, json)),
        Output::Undefined => Promise::resolve(&JsValue::UNDEFINED).into(),
        Output::Number(n) => JsValue::from_f64(n),
        Output::List(ids) => {
            let client = inner.client.borrow();
            let list: Array = ids.iter().filter_map(|id| client.store.entry(id)).map(|e| inner.objects.object(e)).collect();
            resolved(object(&[("conversationList", list.into()), ("isSyncCompleted", client.store.sync_completed.into())]))
        }
        Output::Conversation(id, json, inner_code) => {
            let client = inner.client.borrow();
            let obj = client.store.entry(&id).map_or_else(|| out("conversation", json), |e| inner.objects.object(e));
            if inner_code {
                resolved(object(&[("code", JsValue::from_f64(0.0)), ("conversation", obj)]))
            } else {
                resolved(object(&[("conversation", obj)]))
            }
        }
        Output::Draft(id, json) => {
            let obj = out("message", json);
            inner.drafts.borrow_mut().insert(id, obj.clone());
            obj
        }
        Output::Sent(id, json) => {
            let target = draft_object(inner, arg0);
            inner.drafts.borrow_mut().remove(&id);
            assign(&target, &out("json", json));
            resolved(object(&[("message", target)]))
        }
    }
}
