// `npm run bench`: conversation-group operations at 10k conversations, tim-wasm (headless
// Chromium, local cloud) side by side with the original SDK (@tencentcloud/chat 3.6.6 under Node,
// network answered by the differential tests' fake server). Reports milliseconds (median of
// runs) and the ratio to the original measured in the same run. A report, never a test.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSite } from '../tests/js/browser.mjs';
import { SITE } from '../tests/js/paths.mjs';

const require = createRequire(import.meta.url);
const N = Number(process.env.BENCH_N || 10000);
const K = 1000;
const RUNS = 5;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(fn) {
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return median(out);
}

async function originalSide() {
  const { original } = require(join(process.cwd(), 'tests/differential/original.cjs'));
  const convs = Array.from({ length: N }, (_, i) => ({ type: 1, userID: 'u' + i, from: 'u' + i, time: 1700000000 + i, text: 'm' + i }));
  const { chat } = await original(convs);
  const ids = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID).slice(0, K);
  const r = {
    getConversationList: await timeIt(() => chat.getConversationList()),
    createConversationGroup: await timeIt((i) => chat.createConversationGroup({ groupName: 'g' + i, conversationIDList: ids })),
    addConversationsToGroup: await timeIt((i) => chat.deleteConversationsFromGroup({ groupName: 'g' + i, conversationIDList: ids }).then(() => chat.addConversationsToGroup({ groupName: 'g' + i, conversationIDList: ids }))),
    renameConversationGroup: await timeIt((i) => chat.renameConversationGroup({ oldName: 'g' + i, newName: 'r' + i })),
  };
  await chat.destroy().catch(() => {});
  return r;
}

async function oursSide() {
  const site = await openSite(SITE);
  try {
    return await site.page.evaluate(async ([n, k, runs]) => {
      const { default: T, LocalCloud } = await import('tim-wasm');
      const cloud = new LocalCloud(1400000555);
      for (let i = 0; i < n; i++) await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'm' + i });
      const chat = T.create({ SDKAppID: 1400000555 });
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: 'alice', userSig: 's' });
      await ready;
      const ids = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID).slice(0, k);
      const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const time = async (fn) => { const out = []; for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(i); out.push(performance.now() - t0); } return median(out); };
      return {
        getConversationList: await time(() => chat.getConversationList()),
        createConversationGroup: await time((i) => chat.createConversationGroup({ groupName: 'g' + i, conversationIDList: ids })),
        addConversationsToGroup: await time((i) => chat.deleteConversationsFromGroup({ groupName: 'g' + i, conversationIDList: ids }).then(() => chat.addConversationsToGroup({ groupName: 'g' + i, conversationIDList: ids }))),
        renameConversationGroup: await time((i) => chat.renameConversationGroup({ oldName: 'g' + i, newName: 'r' + i })),
      };
    }, [N, K, RUNS]).then(async (r) => {
      // A new tab loads the stored state: the journal replayed (tim-wasm only: the original
      // loads from its server).
      const tab = await site.browser.newPage();
      await tab.goto(site.origin + '/');
      const load = await tab.evaluate(async () => {
        const { default: T } = await import('tim-wasm');
        const chat = T.create({ SDKAppID: 1400000555 });
        const t0 = performance.now();
        const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
        await chat.login({ userID: 'alice', userSig: 's' });
        await ready;
        return performance.now() - t0;
      });
      return { ...r, load };
    });
  } finally {
    await site.close();
  }
}

const theirs = await originalSide();
const ours = await oursSide();
console.log(`${N} conversations, groups of ${K}; median of ${RUNS} runs (ms); ratio = tim-wasm / original`);
console.log('operation'.padEnd(28) + 'original'.padStart(10) + 'tim-wasm'.padStart(10) + 'ratio'.padStart(8));
const { load, ...compared } = ours;
for (const op of Object.keys(compared)) {
  console.log(op.padEnd(28) + theirs[op].toFixed(1).padStart(10) + ours[op].toFixed(1).padStart(10) + (ours[op] / theirs[op]).toFixed(2).padStart(8));
}
console.log(`login in a new tab, state loaded from IndexedDB (journal of ${N}+ entries replayed): ${load.toFixed(0)} ms`);
process.exit(0);
