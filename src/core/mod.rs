//! The pure core: no wasm-bindgen, no clock, no randomness, no I/O.
//! Every operation takes its inputs (including time) as arguments and returns
//! what changed plus the events to deliver.

pub mod api;
pub mod conv_store;
pub mod conversation;
pub mod error;
pub mod event;
pub mod group;
pub mod json;
pub mod json_read;
pub mod keyed;
pub mod message;
pub mod profile;
pub mod rules;
pub mod session;
pub mod signaling;
pub mod validate;
pub mod value;
