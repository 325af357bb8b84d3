#!/usr/bin/env bash
# Builds the optimised wasm and its glue into pkg/, then checks the shipped size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

if [ "$(command -v wasm-opt)" != "$PWD/node_modules/.bin/wasm-opt" ]; then
  echo "build: wasm-opt from npm binaryen must come first on PATH (run: npm run setup)" >&2
  exit 1
fi
wasm-pack build --mode no-install --release --target web --out-dir pkg --out-name tim_wasm --no-pack
# wasm-pack writes a catch-all .gitignore into pkg/; npm would honour it and pack an empty pkg/.
rm -f pkg/.gitignore pkg/package.json pkg/README.md
node scripts/size.mjs
