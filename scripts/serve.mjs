// `npm start`: serves the demo (www/) with the built package mounted at /tim-wasm/.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serve } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 8080);
const server = await serve({ '/tim-wasm/dist/': join(root, 'dist'), '/': join(root, 'www') }, port);
console.log(`tim-wasm demo: http://localhost:${server.address().port}/`);
