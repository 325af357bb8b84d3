// tim-wasm: the package entry for `import`. `import TencentCloudChat from 'tim-wasm'` gives the
// same static object as the original SDK's default export. The WebAssembly core loads here,
// with top-level await, so `create()` is synchronous and its instance usable at once
// (docs/ARCHITECTURE.md). In browsers the module is fetched next to this file; in Node it is
// read from disk (Node's fetch cannot read files).
import init from '../pkg/tim_wasm.js';
import { loaded } from './api.js';

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null
  && typeof window === 'undefined';

// Hidden from bundlers: a browser build never reads files.
const NODE_FS = 'node:fs/promises';

async function load() {
  if (isNode) {
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS);
    await init({ module_or_path: await readFile(new URL('tim_wasm_bg.wasm', import.meta.url)) });
    return;
  }
  // Next to this file first; then from the package folder, for dev servers that move this file
  // (Vite's dependency pre-bundling puts it in node_modules/.vite/deps/).
  let error;
  for (const path of [undefined, new URL('../../tim-wasm/dist/tim_wasm_bg.wasm', import.meta.url)]) {
    try {
      await init(path && { module_or_path: path });
      return;
    } catch (e) {
      error = e;
    }
  }
  throw error;
}

try {
  await load();
  loaded(null);
} catch (e) {
  loaded(e);
}
