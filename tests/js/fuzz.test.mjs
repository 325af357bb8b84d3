// The JS-boundary fuzzer's short, fixed-seed run (CONTRACT §8: ≤ 2000 calls in the test command;
// `npm run fuzz -- --calls N --seed S` runs long ones): 800 calls on each build (with the
// listeners' own, under 2000 in all) in headless Chromium — every method of the instance, LocalCloud's and `create`, with hostile arguments,
// interleaved with valid calls, logins, logouts, destroy and listeners that throw or call back.
// No call may trap, throw without a code, resolve without code 0, or hang; no page error; and an
// ordinary session passes on the same page afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz } from '../../scripts/fuzz-run.mjs';

for (const [build, seed] of [['tim-wasm', 20261129], ['tim-wasm/full', 20261130]]) {
  test(`fuzz ${build}: 800 hostile and valid calls, seed ${seed}: nothing traps, throws uncoded or hangs`, async () => {
    const r = await fuzz({ build, calls: 800, seed });
    assert.deepEqual(r.details, []);
    assert.deepEqual(r.pageErrors, []);
    assert.deepEqual([r.failures, r.panics, r.hangs], [0, 0, 0]);
    assert.ok(r.calls >= 800, `${r.calls} calls`);
    // The run reached past the gates: validation refused some calls, and many succeeded.
    assert.ok(r.codes[6017] > 20, `6017: ${r.codes[6017]}`);
    assert.ok(r.codes[0] > 40, `successes: ${r.codes[0]}`);
    assert.ok(r.listenerCalls > 0, 'listeners ran');
    assert.deepEqual(r.scenario, { text: 'after the storm', status: 'success', inGroup: ['C2Cfrank'], groups: ['after'], last: 'calm' });
  });
}
