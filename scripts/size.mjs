// Reports the gzip -9 size of the shipped runtime files and enforces the budgets. `tim-wasm` (what
// a browser's ESM import of the package loads): never heavier than the original's smallest build
// (index.es.js of @tencentcloud/chat 3.6.6; CONTRACT §1). `tim-wasm/full`: never heavier than the
// original's full build (its index.js, which bundlers pick by default) with the upload plugin it
// needs to send files (tim-upload-plugin 1.4.3's index.js, 3,518 B gzip -9: the original sends
// no image, file, audio or video message without it; the full build does).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
let over = false;
for (const [name, files, budget] of [
  ['tim-wasm', ['dist/tim_wasm_bg.wasm', 'dist/tim-wasm.js'], 124_086],
  ['tim-wasm/full', ['dist/tim_wasm_full_bg.wasm', 'dist/tim-wasm-full.js'], 173_285 + 3_518],
]) {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(root, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`size: ${name}: shipped runtime ${kb(raw)} raw, ${gz} B = ${kb(gz)} gzip -9 (budget ${budget} B)`);
  if (gz > budget) {
    console.error(`size: ${name} over budget`);
    over = true;
  }
}
// The Node entries (`import` under Node, `require`) are not what a browser loads: reported apart.
for (const f of ['dist/tim-wasm.node.js', 'dist/tim-wasm.cjs', 'dist/tim-wasm-full.node.js', 'dist/tim-wasm-full.cjs']) {
  const js = readFileSync(join(root, f));
  console.log(`size: Node entry ${f} (with its wasm) ${kb(js.length)} raw, ${kb(gzipSync(js, { level: 9 }).length)} gzip -9`);
}
if (over) process.exit(1);
