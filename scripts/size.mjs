// Reports the gzip -9 size of the shipped runtime files and enforces the budget (CONTRACT §1):
// never heavier than the original's smallest build (index.es.js of @tencentcloud/chat 3.6.6).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET = 124_086;
const files = ['dist/tim_wasm_bg.wasm', 'dist/tim-wasm.js'];
let raw = 0;
let gz = 0;
for (const f of files) {
  const bytes = readFileSync(join(root, f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`size: shipped runtime ${kb(raw)} raw, ${gz} B = ${kb(gz)} gzip -9 (budget ${BUDGET} B)`);
if (gz > BUDGET) {
  console.error('size: over budget');
  process.exit(1);
}
// The CommonJS entry (Node's `require`) is not what a browser loads: reported apart.
for (const f of ['dist/tim-wasm.node.js', 'dist/tim-wasm.cjs']) {
  const js = readFileSync(join(root, f));
  console.log(`size: Node entry ${f} (with the same wasm) ${kb(js.length)} raw, ${kb(gzipSync(js, { level: 9 }).length)} gzip -9`);
}
