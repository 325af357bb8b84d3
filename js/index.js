// tim-wasm: the package entry for `import` in browsers and bundlers. `import TencentCloudChat
// from 'tim-wasm'` gives the same static object as the original SDK's default export. The
// WebAssembly core loads here, with top-level await, so `create()` is synchronous and its
// instance usable at once (docs/ARCHITECTURE.md). Node takes js/index.node.js (the `node`
// export condition) or js/index.cjs (`require`), which read the wasm from disk.
import init from '../pkg/tim_wasm.js';
import { loaded } from './api.js';

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

// Next to this file first; then from the package folder, for dev servers that move this file
// (Vite's dependency pre-bundling puts it in node_modules/.vite/deps/).
let error = null;
for (const path of [undefined, new URL('../../tim-wasm/dist/tim_wasm_bg.wasm', import.meta.url)]) {
  try {
    await init(path && { module_or_path: path });
    error = null;
    break;
  } catch (e) {
    error = e;
  }
}
loaded(error);
