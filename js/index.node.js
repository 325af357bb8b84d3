// tim-wasm: the package entry for `import` in Node (the `node` export condition). Node's fetch
// cannot read files, so the wasm beside this file is read from disk; the rest is the browser
// entry's API. Node has no IndexedDB: instances there use `storage: 'memory'` or a `server`.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import init from '../pkg/tim_wasm.js';
import { loaded, useSocket } from './api.js';

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

// Server mode on Node 20 (no global WebSocket): the app's `ws` package, when it has one.
if (typeof globalThis.WebSocket !== 'function') {
  try {
    useSocket(createRequire(import.meta.url)('ws'));
  } catch {
    // No `ws`: create({server}) says so.
  }
}

try {
  await init({ module_or_path: await readFile(new URL('tim_wasm_bg.wasm', import.meta.url)) });
  loaded(null);
} catch (e) {
  loaded(e);
}
