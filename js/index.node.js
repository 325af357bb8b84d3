// tim-wasm: the package entry for `import` in Node (the `node` export condition): the browser
// entry's API over the wasm beside this file, read from disk.
import init, { Sdk, LocalCloud as CloudHandle, setShapes } from '../pkg/tim_wasm.js';
import { loadNode } from './node.js';

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

await loadNode(init, new URL('tim_wasm_bg.wasm', import.meta.url), { Sdk, LocalCloud: CloudHandle, setShapes });
