//! The embedded local cloud of each SDKAppID in this page: its host (`cloud/host.rs`, the
//! pure policy: one storage transaction per use, catch-up, rebuild, wake-ups, push routing)
//! over the storage its journal lives in — IndexedDB (default) or memory. This file only picks
//! the storage and supplies what the page has: a random session base.

use super::storage::Idb;
pub use crate::cloud::host::{Host as Shared, Receiver};
use crate::cloud::{MemoryStorage, Storage};
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    /// A page has a handful of SDKAppIDs at most: a list is enough.
    static CLOUDS: RefCell<Vec<(u64, Rc<Shared>)>> = const { RefCell::new(Vec::new()) };
}

/// The IndexedDB database of an SDKAppID's local cloud.
pub fn database_name(sdk_app_id: f64) -> String {
    // The full build keeps its own: the default build cannot replay its operations.
    let build = if cfg!(feature = "full") { "-full" } else { "" };
    format!("tim-wasm{build}-{}", sdk_app_id as u64)
}

/// The page's local cloud for `sdk_app_id`, created on first use with its journal in memory or
/// in IndexedDB (whoever uses an SDKAppID first in the page decides); a stored one starts
/// reading its state at once.
pub fn cloud_for(sdk_app_id: f64, memory: bool) -> Rc<Shared> {
    // Keyed as the database is named: two spellings of one SDKAppID share one cloud.
    let key = sdk_app_id as u64;
    CLOUDS.with(|c| {
        let mut clouds = c.borrow_mut();
        if let Some((_, s)) = clouds.iter().find(|(k, _)| *k == key) {
            return s.clone();
        }
        let storage: Box<dyn Storage> = if memory {
            Box::<MemoryStorage>::default()
        } else {
            Box::new(Idb::new(database_name(sdk_app_id)))
        };
        // Session IDs are unique across tabs: a random base per page.
        let base = (js_sys::Math::random() * 4_294_967_296.0) as u64 * 65_536;
        let s = Rc::new(Shared::new(sdk_app_id, storage, base));
        clouds.push((key, s.clone()));
        // A stored cloud starts loading now, while the app fetches its userSig.
        if !memory {
            s.warm();
        }
        s
    })
}
