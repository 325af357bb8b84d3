// The JS-boundary fuzzer's short, fixed-seed run (CONTRACT §8: ≤ 2000 calls in the test command;
// `npm run fuzz -- --calls N --seed S [--server]` runs long ones): 700 calls on each build on the
// embedded cloud and 500 on the full build against a tim-server (with the listeners' own, about
// 2000 in all), in headless Chromium — every method of the instance, LocalCloud's and `create`,
// with hostile arguments, interleaved with valid calls, logins, logouts, destroy and listeners
// that throw or call back.
// No call may trap, throw without a code, resolve without code 0, or hang; no page error; and an
// ordinary session passes on the same page afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz } from '../../scripts/fuzz-run.mjs';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

for (const [build, seed, calls, server] of [['tim-wasm', 20261129, 700, false], ['tim-wasm/full', 20261130, 700, false], ['tim-wasm/full', 20261131, 500, true]]) {
  const home = server ? 'a tim-server' : 'the embedded cloud';
  test(`fuzz ${build} on ${home}: ${calls} hostile and valid calls, seed ${seed}: nothing traps, throws uncoded or hangs`, async () => {
    const r = await fuzz({ build, calls, seed, server });
    assert.deepEqual(r.details, []);
    assert.deepEqual(r.pageErrors, []);
    assert.deepEqual([r.failures, r.panics, r.hangs], [0, 0, 0]);
    assert.ok(r.calls >= calls, `${r.calls} calls`);
    // The run reached past the gates: validation refused some calls, and many succeeded.
    assert.ok(r.codes[6017] > 20, `6017: ${r.codes[6017]}`);
    assert.ok(r.codes[0] > 15, `successes: ${r.codes[0]}`);
    assert.deepEqual(r.scenario, { text: 'after the storm', status: 'success', inGroup: ['C2Cfrank'], groups: ['after'], last: 'calm' });
    if (server) assert.equal(r.serverHealthy, true);
  });
}

test('hostile arguments read as undefined: revoked Proxies, throwing traps and getters give coded answers, a frozen message still sends', async () => {
  const site = await openSite(SITE);
  try {
    const r = await site.page.evaluate(async () => {
      const { default: T } = await import('tim-wasm');
      const chat = T.create({ SDKAppID: 1400001901, storage: 'memory' });
      const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
      await chat.login({ userID: 'alice', userSig: 's' });
      await ready;
      const boom = () => { throw new Error('hostile'); };
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const answer = (f) => {
        try {
          const p = f();
          return p && p.then ? p.then((x) => x.code, (e) => e.code ?? `uncoded ${e}`) : 'value';
        } catch (e) {
          return e.code ?? `uncoded ${e}`;
        }
      };
      const out = await Promise.all([
        answer(() => chat.createConversationGroup(revoked.proxy)),
        answer(() => chat.createConversationGroup({ get groupName() { return boom(); }, conversationIDList: ['C2Cbob'] })),
        answer(() => chat.createConversationGroup(new Proxy({ groupName: 'g', conversationIDList: ['C2Cbob'] }, { ownKeys: boom }))),
        answer(() => chat.addConversationsToGroup({ groupName: 'g', conversationIDList: new Proxy(['C2Cbob'], { get: boom }) })),
        answer(() => chat.getConversationList(new Proxy({}, { getPrototypeOf: boom, get: boom }))),
        answer(() => chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: revoked.proxy })),
      ]);
      const frozen = Object.freeze(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'cold' } }));
      const sent = await chat.sendMessage(frozen);
      const last = (await chat.getConversationProfile('C2Cbob')).data.conversation.lastMessage.payload.text;
      await chat.destroy();
      return { out, sent: sent.code, last };
    });
    assert.deepEqual(r.out, [6017, 6017, 6017, 6017, 0, 6017]);
    assert.deepEqual([r.sent, r.last], [0, 'cold']);
  } finally {
    await site.close();
  }
});
