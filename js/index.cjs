// tim-wasm: the package entry for `require('tim-wasm')` (Node: Jest, older tooling). It
// instantiates the WebAssembly module synchronously from the file beside it, so the exports are
// ready when `require` returns. As the original's CommonJS build, `require` gives the static
// object itself; `LocalCloud`, `implementedMethods`, `TencentCloudChat` and `default` hang off it
// as non-enumerable properties, so its enumerable keys stay the original's five.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { initSync } = require('../pkg/tim_wasm.js');
const api = require('./api.js');

const TencentCloudChat = api.default;
// Server mode on Node 20 (no global WebSocket): the app's `ws` package, when it has one (found
// at run time, so no bundler follows it).
if (typeof globalThis.WebSocket !== 'function') {
  try {
    api.useSocket(require('node:module').createRequire(__filename)('ws'));
  } catch {
    // No `ws`: create({server}) says so.
  }
}
try {
  initSync({ module: readFileSync(join(__dirname, 'tim_wasm_bg.wasm')) });
  api.loaded(null);
} catch (e) {
  api.loaded(e);
}
const extra = { default: TencentCloudChat, TencentCloudChat, LocalCloud: api.LocalCloud, implementedMethods: api.implementedMethods };
for (const [key, value] of Object.entries(extra)) {
  Object.defineProperty(TencentCloudChat, key, { value, enumerable: false });
}
module.exports = TencentCloudChat;
