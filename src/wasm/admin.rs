//! `LocalCloud`: the admin handle of the embedded cloud (see `Cloud::admin`). Changes reach
//! logged-in instances as server pushes do.

use super::convert::{js_error, to_value};
use super::objects::out;
use super::sdk::now_secs;
use super::shared::{cloud_for, Shared};
use crate::cloud::Outcome;
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct LocalCloud {
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl LocalCloud {
    /// The admin handle of the page's local cloud for `SDKAppID`.
    #[wasm_bindgen(constructor)]
    pub fn new(sdk_app_id: f64) -> LocalCloud {
        LocalCloud { shared: cloud_for(sdk_app_id) }
    }

    /// Runs admin operation `op` (the JS entry exposes one method per operation).
    pub fn call(&self, op: &str, options: JsValue) -> Promise {
        let o = to_value(&options);
        let mut pushes = Outcome::default();
        let random = (js_sys::Math::random() * 2_147_483_647.0) as u32;
        let res = self.shared.cloud.borrow_mut().admin(op, &o, now_secs(), random, &mut pushes);
        self.shared.route(pushes.pushes);
        match res {
            Ok((_, json)) if json.is_empty() => Promise::resolve(&JsValue::UNDEFINED),
            Ok((kind, json)) => Promise::resolve(&out(kind, json)),
            Err(e) => Promise::reject(&js_error(&e, JsValue::UNDEFINED)),
        }
    }
}
