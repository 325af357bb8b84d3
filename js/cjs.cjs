// What both `require` entries share: the wasm is instantiated synchronously from the file beside
// the entry, so the exports are ready when `require` returns. As the original's CommonJS build,
// `require` gives the static object itself; `LocalCloud`, `implementedMethods`,
// `TencentCloudChat` and `default` hang off it as non-enumerable properties, so its enumerable
// keys stay the original's five.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const api = require('./api.js');

module.exports = function loadCjs(glue, wasmFile, methods, extend) {
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
    glue.initSync({ module: readFileSync(join(__dirname, wasmFile)) });
    api.loaded(null, glue, methods, extend);
  } catch (e) {
    api.loaded(e, glue, methods);
  }
  const extra = { default: TencentCloudChat, TencentCloudChat, LocalCloud: api.LocalCloud, implementedMethods: api.implementedMethods };
  for (const [key, value] of Object.entries(extra)) {
    Object.defineProperty(TencentCloudChat, key, { value, enumerable: false });
  }
  return TencentCloudChat;
};
