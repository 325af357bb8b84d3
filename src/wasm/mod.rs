//! The wasm-bindgen facade: the only place that knows JavaScript exists. It converts
//! arguments into core values, calls the client, converts results, and delivers events.

mod admin;
pub mod convert;
mod log;
mod methods;
mod objects;
mod remote;
pub mod sdk;
mod shared;
pub mod storage;
