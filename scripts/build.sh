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
wasm-pack build --mode no-install --release --target web --out-dir pkg --out-name tim_wasm --no-pack
rm -f pkg/.gitignore pkg/package.json pkg/README.md
rm -rf dist && mkdir -p dist
esbuild js/index.js --bundle --format=esm --target=es2022 --minify --legal-comments=none --log-level=warning --outfile=dist/tim-wasm.js
# The Node entries: `import` (the `node` condition) and `require` (instantiates the wasm
# synchronously); what a browser loads never imports node:fs. Both reported apart.
esbuild js/index.node.js --bundle --format=esm --platform=node --target=node20 --minify --legal-comments=none --log-level=warning --outfile=dist/tim-wasm.node.js
# The CommonJS entry for `require` in Node (instantiates the wasm synchronously; reported apart).
esbuild js/index.cjs --bundle --format=cjs --platform=node --target=node20 --minify --legal-comments=none --log-level=warning --define:import.meta.url=undefined --outfile=dist/tim-wasm.cjs
cp pkg/tim_wasm_bg.wasm dist/
node scripts/size.mjs
