//! The JSON reader of the native tests: the crate's own (`core/json_read.rs`), which the page
//! also uses for journal entries and server frames.

pub use tim_wasm::core::json_read::parse;
