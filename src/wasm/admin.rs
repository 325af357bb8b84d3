//! `LocalCloud`: the admin handle of the embedded cloud (see `Replica::admin`). Its operations
//! run in the cloud's storage transactions like any request; their changes reach logged-in
//! instances (in this tab and others) as server pushes do.

use super::convert::{js_error, to_value};
use super::objects::out;
use super::sdk::{now_secs, pending};
use super::shared::{cloud_for, Shared};
use crate::core::error::{Code, Error};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct LocalCloud {
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl LocalCloud {
    /// The admin handle of the page's local cloud for `SDKAppID` (`memory`: as `create`'s
    /// `storage: 'memory'`, if this is the first use of the SDKAppID in the page).
    #[wasm_bindgen(constructor)]
    pub fn new(sdk_app_id: f64, memory: bool) -> LocalCloud {
        LocalCloud {
            shared: cloud_for(sdk_app_id, memory),
        }
    }

    /// Runs admin operation `op` (the JS entry exposes one method per operation).
    pub fn call(&self, op: String, options: JsValue) -> JsValue {
        let Some((promise, resolve, reject)) = pending() else {
            return JsValue::UNDEFINED;
        };
        let o = to_value(&options);
        let random = (js_sys::Math::random() * 2_147_483_647.0) as u32;
        let now = now_secs();
        let slot = Rc::new(RefCell::new(None));
        let (work_shared, work_slot, done_shared) =
            (self.shared.clone(), slot.clone(), self.shared.clone());
        self.shared.transact(
            Box::new(move || {
                let r = work_shared.replica.borrow_mut().admin(&op, &o, now, random);
                *work_slot.borrow_mut() = Some(r);
            }),
            Box::new(move |committed| {
                let (res, pushes) = slot
                    .take()
                    .unwrap_or_else(|| (Err(Error::of(Code::UncaughtError)), Vec::new()));
                let res = committed.and(res);
                if res.is_ok() {
                    done_shared.route(pushes);
                }
                let _ = match res {
                    Ok((_, json)) if json.is_empty() => {
                        resolve.call1(&JsValue::UNDEFINED, &JsValue::UNDEFINED)
                    }
                    Ok((kind, json)) => resolve.call1(&JsValue::UNDEFINED, &out(kind, json)),
                    Err(e) => reject.call1(&JsValue::UNDEFINED, &js_error(&e, JsValue::UNDEFINED)),
                };
            }),
        );
        promise
    }
}
