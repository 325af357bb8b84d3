// tim-wasm/full: the package entry for `import` in Node, over the full build's wasm.
import init, { Sdk, LocalCloud as CloudHandle, setShapes, idbFiles } from '../pkg-full/tim_wasm_full.js';
import { FULL, EVENT, ADDED_EVENTS } from './constants.js';
import { loadNode } from './node.js';
import { mediaFor } from './media.js';

Object.assign(EVENT, ADDED_EVENTS);

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

await loadNode(init, new URL('tim_wasm_full_bg.wasm', import.meta.url), { Sdk, LocalCloud: CloudHandle, setShapes, idbFiles }, FULL, mediaFor);
