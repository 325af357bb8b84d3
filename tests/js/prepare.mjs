// Packs the package exactly as `npm pack` ships it and installs the tarball into a scratch site
// (target/js-test/site), so the browser tests import `tim-wasm` by name from what users get.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WORK, SITE } from './paths.mjs';

rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(SITE, 'node_modules', 'tim-wasm'), { recursive: true });
execFileSync('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const tgz = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
execFileSync('tar', ['-xzf', join(WORK, tgz), '-C', join(SITE, 'node_modules', 'tim-wasm'), '--strip-components=1']);
// Its own package scope: Node resolves `tim-wasm` from here to the installed copy, not to this
// repository (a package may import itself by name).
writeFileSync(join(SITE, 'package.json'), JSON.stringify({ name: 'tim-wasm-test-site', private: true }));
// Resolves a specifier as a module of this site does (Node's `import` conditions).
writeFileSync(join(SITE, 'resolve.mjs'), 'export const resolve = (s) => import.meta.resolve(s);\n');
writeFileSync(join(SITE, 'index.html'), `<!doctype html><meta charset="utf-8"><title>tim-wasm tests</title>
<script type="importmap">{ "imports": { "tim-wasm": "/node_modules/tim-wasm/dist/tim-wasm.js", "tim-wasm/full": "/node_modules/tim-wasm/dist/tim-wasm-full.js" } }</script>
<body>tests</body>`);
console.log(`prepared ${tgz} in ${SITE}`);
