//! The tim-wasm server: the pure cloud of `tim-wasm` (crate root `src/cloud`) behind a network
//! host. Built in steps (docs/ARCHITECTURE.md): identity first — UserSig v2 verification,
//! Tencent's codes in Tencent's order (CONTRACT §4, §9).

pub mod usersig;
