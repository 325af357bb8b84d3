#!/usr/bin/env bash
# Every test: native core tests, the facade in headless Chromium (wasm-bindgen-test), the type
# declarations, and JS tests that load the packed package by name in headless Chromium and Vite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

step() { echo; echo "== $*"; }

step "native tests: the core and cloud, and the server crate (cargo test --workspace)"
cargo test --workspace --quiet

step "lints: clippy with warnings denied (no unwrap, expect or panic outside tests; no indexing on outside data), native and wasm, both builds"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features full --quiet -- -D warnings

step "release build + size budget"
bash scripts/build.sh

step "facade in headless Chromium (wasm-pack test)"
wasm-pack test --mode no-install --headless --chrome --chromedriver "$(command -v chromedriver)"

step "type declarations: ours, and code typed for the original against the original's and ours (tsc --strict)"
tsc -p tests/types/tsconfig.json
tsc -p tests/types/tsconfig.original.json
tsc -p tests/types/tsconfig.ours.json
tsc -p tests/types/tsconfig.compat.json
tsc -p tests/types/tsconfig.uikit.json
node tests/types/coverage.mjs

step "JS tests against the packed package"
node tests/js/prepare.mjs
node --test --test-concurrency=1 tests/js/
