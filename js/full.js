// tim-wasm/full: the browser entry of the full build (every built method, past the default
// build's size budget; docs/ARCHITECTURE.md#size). The same API as js/index.js over the wasm
// built with the `full` feature (its glue's default path names it), next to the bundled entry in
// dist/.
import init, { Sdk, LocalCloud as CloudHandle, setShapes, idbFiles } from '../pkg-full/tim_wasm_full.js';
import { loaded } from './api.js';
import { FULL, EVENT, ADDED_EVENTS } from './constants.js';
import { load } from './load.js';
import { mediaFor } from './media.js';

Object.assign(EVENT, ADDED_EVENTS);

export { default, TencentCloudChat, LocalCloud, implementedMethods } from './api.js';

loaded(
  await load(init, [undefined, new URL('../../tim-wasm/dist/tim_wasm_full_bg.wasm', import.meta.url)]),
  { Sdk, LocalCloud: CloudHandle, setShapes, idbFiles },
  FULL,
  mediaFor,
);
