// `npm run bench`: conversation-group operations at 10k conversations, tim-wasm (headless
// Chromium, local cloud, with IndexedDB and with `storage: 'memory'`) side by side with the
// original SDK (@tencentcloud/chat 3.6.6 under Node, network answered by the differential tests'
// fake server). Reports milliseconds (median of runs) and the ratios to the original measured in
// the same run, on the console and in BENCHMARKS.md (between the bench:client markers). A
// report, never a test.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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

async function oursSide(memory) {
  const site = await openSite(SITE);
  try {
    const r = await site.page.evaluate(async ([n, k, runs, memory]) => {
      const { default: T, LocalCloud } = await import('tim-wasm');
      const app = memory ? 1400000556 : 1400000555;
      const storage = memory ? 'memory' : 'indexeddb';
      const cloud = new LocalCloud(app, { storage });
      for (let i = 0; i < n; i++) await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'm' + i });
      const chat = T.create({ SDKAppID: app, storage });
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
    }, [N, K, RUNS, memory]).then(async (r) => {
      if (memory) return r;
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
    const agent = await site.page.evaluate(() => navigator.userAgent);
    return { ...r, browser: (agent.match(/Chrome\/([\d.]+)/) || [])[1] || agent };
  } finally {
    await site.close();
  }
}

const theirs = await originalSide();
const ours = await oursSide(false);
const mem = await oursSide(true);
const { load, browser, ...compared } = ours;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GB. ${N} conversations, groups of ${K}; median of ${RUNS} runs (ms). tim-wasm in headless Chromium (Chromium ${browser}); the original (@tencentcloud/chat 3.6.6) under Node with its network answered locally (it does not run in the page without its server). Ratio = tim-wasm / original; with IndexedDB each call includes its commit, where the original waits for its server's answer.`,
  '',
  '| operation | original | tim-wasm, memory | ratio | tim-wasm, IndexedDB | ratio |',
  '|---|---|---|---|---|---|',
  ...Object.keys(compared).map((op) => `| ${op} | ${theirs[op].toFixed(1)} | ${mem[op].toFixed(1)} | ${(mem[op] / theirs[op]).toFixed(2)} | ${ours[op].toFixed(1)} | ${(ours[op] / theirs[op]).toFixed(2)} |`),
  '',
  `Login in a new tab with the state loaded from IndexedDB (a journal of ${N}+ entries replayed): ${load.toFixed(0)} ms.`,
];
console.log(lines.join('\n'));
const file = new URL('../BENCHMARKS.md', import.meta.url);
const begin = '<!-- bench:client begin -->';
const end = '<!-- bench:client end -->';
const block = `${begin}\n${lines.join('\n')}\n${end}`;
let doc = readFileSync(file, 'utf8');
doc = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n## The client (\`npm run bench\`)\n\n${block}\n`;
writeFileSync(file, doc);
process.exit(0);
