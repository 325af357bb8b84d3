// tim-wasm: the package entry for `import` in browsers and bundlers. `import TencentCloudChat
// from 'tim-wasm'` gives the same static object as the original SDK's default export. The
// WebAssembly core loads here, with top-level await, so `create()` is synchronous and its
// instance usable at once (docs/ARCHITECTURE.md). Node takes js/index.node.js (the `node`
// export condition) or js/index.cjs (`require`), which read the wasm from disk. `tim-wasm/full`
// (js/full.js) is the same with every built method.
import init, { Sdk, LocalCloud as CloudHandle, setShapes } from '../pkg/tim_wasm.js';
import { loaded } from './api.js';
import { load } from './load.js';

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

// Next to this file first; then from the package folder, for dev servers that move this file
// (Vite's dependency pre-bundling puts it in node_modules/.vite/deps/).
loaded(await load(init, [undefined, new URL('../../tim-wasm/dist/tim_wasm_bg.wasm', import.meta.url)]), { Sdk, LocalCloud: CloudHandle, setShapes });
