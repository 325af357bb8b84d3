//! `tim-wasm`: a Rust/WebAssembly implementation of the Tencent Cloud Chat web SDK surface.
//!
//! Layers (arrows point one way, see docs/ARCHITECTURE.md):
//! `core` (pure rules and shapes) ← `client` (drives the core; no JS) ← `wasm` (the only
//! place that knows JavaScript exists) ← `js/` (the hand-written public entry).

pub mod client;
pub mod cloud;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
