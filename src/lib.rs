//! `tim-wasm`: a Rust/WebAssembly implementation of the Tencent Cloud Chat web SDK surface.
//!
//! Layers (arrows point one way, see docs/ARCHITECTURE.md):
//! `core` (pure rules and shapes) ← `client` (drives the core; no JS) ← `wasm` (the only
//! place that knows JavaScript exists) ← `js/` (the hand-written public entry).

// Outside data (a caller's, the wire's, storage's) is never trusted: no unwrap, expect or panic
// outside tests (the test command runs clippy with these denied).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod client;
pub mod cloud;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
