// Writes the load client's JSON lines (stdin) into BENCHMARKS.md between the bench:server
// markers, with the machine stated.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

const rows = readFileSync(0, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const dbs = 'SQLite (WAL, synchronous=FULL) and Postgres 15 (Debian defaults: fsync on, synchronous_commit on)';
const rustc = execFileSync('rustc', ['--version']).toString().trim();
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${rustc}; servers, database and load client on the same machine (they share the 2 cores); ${dbs}. Chat groups of 20: one message gives 20 pushes. Target: 1,000 connections, ≥ 2,000 pushes/s, p99 < 100 ms.`,
  '',
  '| database | nodes | clients | messages/s offered | connected | messages sent | pushes received | pushes/s | p50 push latency | p99 push latency | server memory per connection |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.backend} | ${r.nodes} | ${r.clients} | ${r.rate} | ${r.connected} | ${r.messages_sent} | ${r.pushes_received} | ${r.pushes_per_second} | ${r.p50_ms} ms | ${r.p99_ms} ms | ${r.kb_per_connection} KB |`),
].join('\n');
const file = 'BENCHMARKS.md';
const begin = '<!-- bench:server begin -->';
const end = '<!-- bench:server end -->';
let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const block = `${begin}\n${table}\n${end}`;
doc = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n## The server (\`npm run bench:server\`)\n\n${block}\n`;
writeFileSync(file, doc);
console.log(table);
