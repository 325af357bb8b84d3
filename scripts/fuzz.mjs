// `npm run fuzz -- --calls N --seed S [--build tim-wasm|tim-wasm/full] [--server]`: the long JS-boundary
// fuzz run (README reports one). Both builds unless --build names one; exits non-zero on any
// failure, trap or hang.
import { fuzz } from './fuzz-run.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const calls = Number(flag('--calls', 100000));
const seed = Number(flag('--seed', 1));
if (!Number.isSafeInteger(calls) || calls <= 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- --calls N --seed S [--build tim-wasm|tim-wasm/full] [--server]');
  process.exit(2);
}
const builds = flag('--build') ? [flag('--build')] : ['tim-wasm', 'tim-wasm/full'];
// --server: the instances talk to a tim-server of their own instead of the embedded cloud.
const serverMode = args.includes('--server');
let bad = 0;
for (const build of builds) {
  const started = Date.now();
  const r = await fuzz({ build, calls, seed, server: serverMode, log: (m) => process.stderr.write(`\r${build}: ${m}   `) });
  process.stderr.write('\n');
  const ok = r.serverHealthy !== false && r.failures === 0 && r.panics === 0 && r.hangs === 0 && r.pageErrors.length === 0 && r.scenario.text === 'after the storm';
  if (!ok) bad++;
  console.log(JSON.stringify({ build, mode: serverMode ? 'server' : 'embedded cloud', seed, calls: r.calls, settled: r.settled, thrown: r.thrown, listenerCalls: r.listenerCalls, codes: r.codes, failures: r.failures, panics: r.panics, hangs: r.hangs, pageErrors: r.pageErrors.length, scenario: ok ? 'passed' : r.scenario, seconds: Math.round((Date.now() - started) / 1000) }));
  for (const d of [...r.details, ...r.pageErrors]) console.log('  ' + d.slice(0, 400));
}
process.exit(bad ? 1 : 0);
