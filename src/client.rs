//! The client: drives the core for one SDK instance. No JavaScript types appear here; the
//! facade in `src/wasm` converts arguments and results and delivers events.

use crate::core::error::{Code, Error};
use crate::core::session::Session;

/// What `callExperimentalAPI` answers (spec §7.7).
#[derive(Debug, PartialEq)]
pub enum Experimental {
    /// Returned synchronously (`canIUseModule`).
    Bool(bool),
    /// Resolves `{code: 0, data: {enabled}}` (`isCommercialAbilityEnabled`).
    Enabled(bool),
    /// Resolves `{code: 0, data: {}}`.
    Done,
}

/// One SDK instance's state.
#[derive(Debug)]
pub struct Client {
    pub sdk_app_id: f64,
    pub session: Session,
    plugins: Vec<String>,
}

impl Client {
    pub fn new(sdk_app_id: f64) -> Self {
        Client { sdk_app_id, session: Session::default(), plugins: Vec::new() }
    }

    /// `registerPlugin`: remembers the plugin keys (uploads and push are not used locally).
    pub fn register_plugin(&mut self, keys: Vec<String>) {
        for k in keys {
            if !self.plugins.contains(&k) {
                self.plugins.push(k);
            }
        }
    }

    pub fn plugins(&self) -> &[String] {
        &self.plugins
    }

    /// `callExperimentalAPI(key, arg)`: every paid ability is on in the local cloud.
    pub fn experimental(&self, key: &str) -> Result<Experimental, Error> {
        match key {
            "canIUseModule" => Ok(Experimental::Bool(true)),
            "isCommercialAbilityEnabled" => Ok(Experimental::Enabled(true)),
            "statTUIKeyFeatures" => Ok(Experimental::Done),
            _ => Err(Error::new(Code::InvalidOperation, format!("callExperimentalAPI: unknown key \"{key}\""))),
        }
    }
}
