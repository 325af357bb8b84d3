#!/usr/bin/env bash
# Builds the optimised wasm (pkg/), bundles and minifies the JS entry with the wasm-bindgen glue
# into dist/ (what the package ships), and checks the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

if [ "$(command -v wasm-opt)" != "$PWD/node_modules/.bin/wasm-opt" ]; then
  echo "build: wasm-opt from npm binaryen must come first on PATH (run: npm run setup)" >&2
  exit 1
fi
# Two builds of the same crate: `tim-wasm` (the budget build) and `tim-wasm/full` (feature
# `full`: the methods past the budget). Each keeps its own target directory, so both stay
# incremental.
wasm-pack build --mode no-install --release --target web --out-dir pkg --out-name tim_wasm --no-pack --no-opt
CARGO_TARGET_DIR=target/full wasm-pack build --mode no-install --release --target web --out-dir pkg-full --out-name tim_wasm_full --no-pack --no-opt -- --features full
# wasm-opt, run here so that each build takes its own inlining cap.
# `-Os` rather than `-Oz`: with the cap it comes out smaller after gzip, and it runs faster
# (seeding and logging in over 5,000 conversations 22% faster in Chromium, the other operations
# within noise: an A/B of the two builds, interleaved, medians of three).
# `--one-caller-inline-max-function-size`: inlining every single-caller function into its
# caller renumbers locals in huge functions and gzip finds fewer repeats; capping it costs 2 KB
# raw and saves 3.5 KB gzip (the budget is gzip). The best cap moves by a few hundred bytes as
# the code changes (measure 10–30 again when it matters): measured with the file messages, 20
# for the default build (−105 B against 30; 10: +48 B) and 10 for the full one (−237 B); with
# a login's faster answer, 12 for the full one (−70 B against 10; 8: +37 B, 16: +66 B).
# `--low-memory-unused`: Rust puts its stack first and never uses the first KB of memory; lets
# wasm-opt fold pointer offsets.
OPT="-Os --converge --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue"
wasm-opt pkg/tim_wasm_bg.wasm -o pkg/tim_wasm_bg.wasm $OPT --one-caller-inline-max-function-size=20
wasm-opt pkg-full/tim_wasm_full_bg.wasm -o pkg-full/tim_wasm_full_bg.wasm $OPT --one-caller-inline-max-function-size=12
rm -f pkg/.gitignore pkg/package.json pkg/README.md pkg-full/.gitignore pkg-full/package.json pkg-full/README.md
# The hashed import names, shortened in the wasm and its glue alike (scripts/short-imports.mjs).
node scripts/short-imports.mjs pkg/tim_wasm_bg.wasm pkg/tim_wasm.js
node scripts/short-imports.mjs pkg-full/tim_wasm_full_bg.wasm pkg-full/tim_wasm_full.js
rm -rf dist && mkdir -p dist
ESB="--bundle --minify --legal-comments=none --log-level=warning"
for entry in index full; do
  out=tim-wasm; [ "$entry" = full ] && out=tim-wasm-full
  esbuild js/$entry.js $ESB --format=esm --target=es2022 --outfile=dist/$out.js
  # What a browser loads (the budgeted entry) goes through terser too: its compression saves
  # about 300 B gzip more than esbuild's minifier alone (safe transforms only).
  terser dist/$out.js --module --compress passes=3 --mangle --output dist/$out.js
  # The Node entries: `import` (the `node` condition) and `require` (instantiates the wasm
  # synchronously); what a browser loads never imports node:fs. Both reported apart.
  esbuild js/$entry.node.js $ESB --format=esm --platform=node --target=node20 --outfile=dist/$out.node.js
  esbuild js/$entry.cjs $ESB --format=cjs --platform=node --target=node20 --define:import.meta.url=undefined --outfile=dist/$out.cjs
done
cp pkg/tim_wasm_bg.wasm dist/
cp pkg-full/tim_wasm_full_bg.wasm dist/
node scripts/size.mjs
