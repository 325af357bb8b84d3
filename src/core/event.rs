//! Events the core asks the facade to deliver, with the original's event names (spec §2.1).

/// An event and its payload. The facade turns each into `{name, data}` for handlers.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    SdkReady,
    SdkNotReady,
    SdkDestroy { sdk_app_id: f64 },
    /// The ready gate's report: a plain `{code, message}` object, as in the original.
    Error { code: u32, message: String },
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::SdkReady => "sdkStateReady",
            Event::SdkNotReady => "sdkStateNotReady",
            Event::SdkDestroy { .. } => "sdkDestroy",
            Event::Error { .. } => "error",
        }
    }
}
