// Shortens the wasm's hashed import names (`__wbg_new_787b9fb330d55d78`, `__wbindgen_throw_…`)
// in the `.wasm` and in its wasm-bindgen glue alike: each name appears once in each file, and
// its 16 random hex digits are the least compressible bytes of both (about 2 KB of the gzip
// budget, CONTRACT §1). wasm-opt's `--minify-imports` only renames imports of the module `env`;
// this renames the hashed ones of every module, leaving the others as they are.
//
// usage: node scripts/short-imports.mjs pkg/tim_wasm_bg.wasm pkg/tim_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');

function leb(buf, at) {
  let n = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [n, at];
  }
}

function encodeLeb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const name = (s) => Buffer.concat([encodeLeb(Buffer.byteLength(s)), Buffer.from(s)]);

// The import section (id 2): entries of (module, field, kind, description).
let at = 8;
let section = null;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, body] = leb(wasm, at + 1);
  if (id === 2) {
    section = { start: at, body, end: body + size };
    break;
  }
  at = body + size;
}
if (!section) throw new Error(`${wasmPath}: no import section`);

const HASHED = /^(__wbg_|__wbindgen_)\w*_[0-9a-f]{16}$/;
let [count, p] = leb(wasm, section.body);
const parts = [encodeLeb(count)];
let renamed = 0;
for (let i = 0; i < count; i++) {
  const [mlen, m0] = leb(wasm, p);
  const module = wasm.subarray(m0, m0 + mlen).toString();
  const [flen, f0] = leb(wasm, m0 + mlen);
  let field = wasm.subarray(f0, f0 + flen).toString();
  // The description: a kind byte, then a function's type index, a table's, memory's or global's
  // own encoding; copied as it is.
  const kind = wasm[f0 + flen];
  let q = f0 + flen + 1;
  if (kind === 0) [, q] = leb(wasm, q);
  else if (kind === 1) {
    q += 1;
    const flags = wasm[q++];
    [, q] = leb(wasm, q);
    if (flags & 1) [, q] = leb(wasm, q);
  } else if (kind === 2) {
    const flags = wasm[q++];
    [, q] = leb(wasm, q);
    if (flags & 1) [, q] = leb(wasm, q);
  } else if (kind === 3) q += 2;
  else throw new Error(`${wasmPath}: import kind ${kind} not known`);
  if (HASHED.test(field)) {
    const short = `__w${(renamed++).toString(36)}`;
    // The glue names it once, as a key of its imports object.
    const uses = js.split(field).length - 1;
    if (uses !== 1) throw new Error(`${jsPath}: ${field} appears ${uses} times, not once`);
    js = js.replace(field, short);
    field = short;
  }
  parts.push(name(module), name(field), wasm.subarray(f0 + flen, q));
  p = q;
}
if (p !== section.end) throw new Error(`${wasmPath}: the import section did not read to its end`);
const body = Buffer.concat(parts);
const out = Buffer.concat([
  wasm.subarray(0, section.start),
  Buffer.from([2]),
  encodeLeb(body.length),
  body,
  wasm.subarray(section.end),
]);
writeFileSync(wasmPath, out);
writeFileSync(jsPath, js);
console.log(`short-imports: ${renamed} import names shortened in ${wasmPath} (${wasm.length - out.length} B)`);
