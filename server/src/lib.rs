//! The tim-wasm server: the pure cloud of `tim-wasm` (crate root `src/cloud`) behind a network
//! host. Built in steps (docs/ARCHITECTURE.md): configuration, the database, identity (UserSig
//! v2, Tencent's codes in Tencent's order, CONTRACT §4, §9) and the HTTP skeleton first.

// Outside data (a caller's, the wire's, storage's) is never trusted: no unwrap, expect or panic
// outside tests (the test command runs clippy with these denied).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod commands;
pub mod config;
pub mod db;
pub mod files;
pub mod group_admin;
pub mod groups;
pub mod history;
pub mod http;
pub mod hub;
pub mod metrics;
pub mod nodes;
pub mod presence;
pub mod rest;
pub mod rows;
pub mod session;
pub mod sns;
pub mod socket;
pub mod store;
pub mod usersig;
