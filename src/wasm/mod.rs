//! The wasm-bindgen facade: the only place that knows JavaScript exists. It converts
//! arguments into core values, calls the client, converts results, and delivers events.

pub mod convert;
mod emitter;
mod log;
pub mod sdk;
