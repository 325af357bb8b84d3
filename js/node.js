// What both Node `import` entries share: server mode on Node 20 (no global WebSocket) takes the
// app's `ws` package when it has one, and the wasm is read from disk (Node's fetch cannot read
// files). Node has no IndexedDB: instances there use `storage: 'memory'` or a `server`.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loaded, useSocket } from './api.js';

export async function loadNode(init, wasmUrl, glue, methods, extend) {
  if (typeof globalThis.WebSocket !== 'function') {
    try {
      useSocket(createRequire(import.meta.url)('ws'));
    } catch {
      // No `ws`: create({server}) says so.
    }
  }
  try {
    await init({ module_or_path: await readFile(wasmUrl) });
    loaded(null, glue, methods, extend);
  } catch (e) {
    loaded(e, glue, methods);
  }
}
