// `npm run bench`: the conversation list and conversation groups at 1k, 10k and 50k
// conversations (BENCH_SIZES to choose), side by side in one run:
// - the original SDK (@tencentcloud/chat 3.6.6) under Node, its network answered by the
//   differential tests' fake server (it does not run in the page without its server), in a child
//   process per size (scripts/bench-original.cjs);
// - tim-wasm in headless Chromium on its embedded cloud, with `storage: 'memory'` and with
//   IndexedDB (each call then includes its strict commit, where the original waits for its
//   server's answer);
// - the floor: the same results built from a plain JS array of objects in the same page (new
//   objects for what changed, a new list array for the event), which no SDK can beat by much.
// Milliseconds are medians of RUNS runs after WARMUP untimed ones; ratios are taken within this one run. Writes the tables
// and a chart (docs/bench-client.svg) to BENCHMARKS.md between the bench:client markers. A
// report, never a test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { openSite } from '../tests/js/browser.mjs';
import { SITE } from '../tests/js/paths.mjs';

const SIZES = (process.env.BENCH_SIZES || '1000,10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS || 31);
// Untimed runs first, on every side alike: the numbers are of code the engine has optimised
// (a page's first calls run wasm's baseline tier, the original's JS its interpreter; three
// were not enough for the page's wasm to leave the baseline tier).
const WARMUP = Number(process.env.BENCH_WARMUP || 20);
// Logins in a new tab per figure (a new tab's timing varies by tens of milliseconds).
const LOGINS = 7;
const OPS = [
  'getConversationList',
  'getConversationList(groupName)',
  'createConversationGroup',
  'deleteConversationsFromGroup',
  'addConversationsToGroup',
  'renameConversationGroup',
  'deleteConversationGroup',
  'incoming message → CONVERSATION_LIST_UPDATED',
];

function originalSide(n) {
  const out = execFileSync(process.execPath, ['scripts/bench-original.cjs', String(n), String(RUNS), String(WARMUP)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  const line = out.split('\n').find((l) => l.startsWith('BENCH '));
  return JSON.parse(line.slice(6));
}

// Runs in the page: seeds `n` conversations for alice, logs in, makes 19 groups of up to 1000,
// then times each operation (and the floor's, for memory storage).
async function pageSide(page, n, runs, storage, app) {
  return page.evaluate(async ([n, runs, warmup, storage, app]) => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const cloud = new LocalCloud(app, { storage });
    let batch = [];
    for (let i = 0; i < n; i++) {
      batch.push(cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'm' + i }));
      if (batch.length === 500) { await Promise.all(batch); batch = []; }
    }
    await Promise.all(batch);
    const chat = T.create({ SDKAppID: app, storage });
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const ids = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID);
    const k = Math.min(1000, n);
    for (let g = 0; g < 19; g++) {
      const start = (g * 1000) % n;
      await chat.createConversationGroup({ groupName: 'g' + g, conversationIDList: ids.slice(start, start + k) });
    }
    const some = ids.slice(0, k);
    const out = {};
    let timed = false;
    const time = async (name, fn) => {
      const t0 = performance.now();
      await fn();
      if (timed) (out[name] ||= []).push(performance.now() - t0);
    };
    let listed;
    chat.on(T.EVENT.CONVERSATION_LIST_UPDATED, () => listed && listed());
    for (let i = 0; i < warmup + runs; i++) {
      timed = i >= warmup;
      await time('getConversationList', () => chat.getConversationList());
      await time('getConversationList(groupName)', () => chat.getConversationList({ groupName: 'g3' }));
      await time('createConversationGroup', () => chat.createConversationGroup({ groupName: 'x' + i, conversationIDList: some }));
      await time('deleteConversationsFromGroup', () => chat.deleteConversationsFromGroup({ groupName: 'x' + i, conversationIDList: some }));
      await time('addConversationsToGroup', () => chat.addConversationsToGroup({ groupName: 'x' + i, conversationIDList: some }));
      await time('renameConversationGroup', () => chat.renameConversationGroup({ oldName: 'x' + i, newName: 'y' + i }));
      await time('deleteConversationGroup', () => chat.deleteConversationGroup('y' + i));
      // A message from a peer deep in the list: from the send to the handler.
      await time('incoming message → CONVERSATION_LIST_UPDATED', () => new Promise((resolve) => {
        listed = () => { listed = undefined; resolve(); };
        cloud.sendMessage({ from: 'u' + (n - 1 - i), to: 'alice', text: 'again ' + i });
      }));
    }
    const ours = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
    if (storage !== 'memory') return { ours };

    // The floor: alice's list as a plain array of the same objects, and the same results built
    // from it with plain JS (new objects for what changed, a new array for each event).
    const base = (await chat.getConversationList()).data.conversationList.map((c) => ({ ...c, lastMessage: { ...c.lastMessage } }));
    let list = base;
    const index = new Map(list.map((c, i) => [c.conversationID, i]));
    const emit = () => list.slice();
    const regroup = (pick, change) => {
      const changed = [];
      for (const id of pick) {
        const i = index.get(id);
        const c = { ...list[i], conversationGroupList: change(list[i].conversationGroupList) };
        list[i] = c;
        changed.push(c);
      }
      emit();
      return Promise.resolve({ code: 0, data: { conversationList: changed } });
    };
    const members = (name) => list.filter((c) => c.conversationGroupList.includes(name)).map((c) => c.conversationID);
    const floor = {};
    const ftime = async (name, fn) => {
      const t0 = performance.now();
      await fn();
      if (timed) (floor[name] ||= []).push(performance.now() - t0);
    };
    for (let i = 0; i < warmup + runs; i++) {
      timed = i >= warmup;
      await ftime('getConversationList', () => Promise.resolve({ code: 0, data: { conversationList: list.slice(), isSyncCompleted: true } }));
      await ftime('getConversationList(groupName)', () => Promise.resolve({ code: 0, data: { conversationList: list.filter((c) => c.conversationGroupList.includes('g3')), isSyncCompleted: true } }));
      await ftime('createConversationGroup', () => regroup(some, (g) => [...g, 'x' + i]));
      await ftime('deleteConversationsFromGroup', () => regroup(some, (g) => g.filter((x) => x !== 'x' + i)));
      await ftime('addConversationsToGroup', () => regroup(some, (g) => [...g, 'x' + i]));
      await ftime('renameConversationGroup', () => regroup(members('x' + i), (g) => g.map((x) => (x === 'x' + i ? 'y' + i : x))));
      await ftime('deleteConversationGroup', () => regroup(members('y' + i), (g) => g.filter((x) => x !== 'y' + i)));
      await ftime('incoming message → CONVERSATION_LIST_UPDATED', async () => {
        const at = list.length - 1 - i;
        const c = { ...list[at], unreadCount: list[at].unreadCount + 1, lastMessage: { ...list[at].lastMessage, messageForShow: 'again' } };
        list.splice(at, 1);
        list.unshift(c);
        for (let j = 0; j <= at; j++) index.set(list[j].conversationID, j);
        emit();
      });
    }
    return { ours, floor: Object.fromEntries(Object.entries(floor).map(([k, v]) => [k, median(v)])) };
  }, [n, runs, WARMUP, storage, app]);
}

// JS heap after a collection, plus the linear memory of every WebAssembly instance in the page.
async function pageMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    functionDeclaration: 'function () { return this.reduce((s, m) => s + m.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  await cdp.detach();
  return { jsMB: usedSize / 2 ** 20, wasmMB: result.value / 2 ** 20 };
}

// Login in a new tab to SDK_READY (median of LOGINS), `delay` ms after create(): 0, or the time an
// app takes to fetch its userSig, during which the stored state loads.
async function loginFromIndexedDb(site, app, delay) {
  const times = [];
  for (let r = 0; r < LOGINS; r++) {
    const tab = await site.browser.newPage();
    await tab.goto(site.origin + '/');
    times.push(await tab.evaluate(async ([app, delay]) => {
      const { default: T } = await import('tim-wasm');
      const chat = T.create({ SDKAppID: app });
      if (delay) await new Promise((res) => setTimeout(res, delay));
      const t0 = performance.now();
      const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
      await chat.login({ userID: 'alice', userSig: 's' });
      await ready;
      return performance.now() - t0;
    }, [app, delay]));
    await tab.close();
  }
  return times.sort((a, b) => a - b)[LOGINS >> 1];
}

// `BENCH_FROM=file` writes the report from a run's saved results instead of measuring.
const saved = new URL('../target/bench-client.json', import.meta.url);
let results = [];
let browser = '';
if (process.env.BENCH_FROM) ({ results, browser } = JSON.parse(readFileSync(process.env.BENCH_FROM, 'utf8')));
for (const [i, n] of (process.env.BENCH_FROM ? [] : SIZES).entries()) {
  console.log(`bench: ${n} conversations`);
  const original = originalSide(n);
  const mem = await openSite(SITE);
  let memory, memRes;
  try {
    memRes = await pageSide(mem.page, n, RUNS, 'memory', 1400000600 + i);
    memory = await pageMemory(mem.page);
    const agent = await mem.page.evaluate(() => navigator.userAgent);
    browser = (agent.match(/Chrome\/([\d.]+)/) || [])[1] || agent;
  } finally {
    await mem.close();
  }
  const idb = await openSite(SITE);
  let idbRes, login, loginLater;
  try {
    idbRes = await pageSide(idb.page, n, RUNS, 'indexeddb', 1400000700 + i);
    login = await loginFromIndexedDb(idb, 1400000700 + i, 0);
    loginLater = await loginFromIndexedDb(idb, 1400000700 + i, 1000);
  } finally {
    await idb.close();
  }
  results.push({ n, original, floor: memRes.floor, memory: memRes.ours, idb: idbRes.ours, heap: memory, login, loginLater });
}

mkdirSync(new URL('../target/', import.meta.url), { recursive: true });
writeFileSync(saved, JSON.stringify({ results, browser }));

const f = (x) => (x === undefined ? 'n/a' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const r = (a, b) => (a === undefined || b === undefined || b === 0 ? 'n/a' : (a / b).toFixed(2));
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GB; headless Chromium ${browser}, Node ${process.versions.node}. Each size: alice's conversations with 19 conversation groups of up to 1000 (the operations make and remove the 20th, with 1000 IDs). Milliseconds, median of ${RUNS} runs after ${WARMUP} untimed ones on every side (so that both measure optimised code, not a first call's baseline tier). The original (@tencentcloud/chat 3.6.6) runs under Node with its network answered locally: it does not run in the page without its server. "floor": the same results built from a plain JS array in the page. Ratios within this run; "÷ original" below 1 is faster than the original.`,
  '',
];
for (const res of results) {
  lines.push(`**${res.n.toLocaleString('en')} conversations**`, '');
  lines.push('| operation | original | floor | tim-wasm, memory | ÷ original | ÷ floor | tim-wasm, IndexedDB | ÷ original |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const op of OPS) {
    const o = res.original[op];
    lines.push(`| ${op} | ${f(o)} | ${f(res.floor[op])} | ${f(res.memory[op])} | ${r(res.memory[op], o)} | ${r(res.memory[op], res.floor[op])} | ${f(res.idb[op])} | ${r(res.idb[op], o)} |`);
  }
  lines.push('');
  const later = res.loginLater === undefined ? '' : `; ${res.loginLater.toFixed(0)} ms when create() came 1 s before login() (an app fetching its userSig meanwhile: the stored state loads from create() on)`;
  lines.push(`Login in a new tab to SDK_READY, state from IndexedDB: ${res.login.toFixed(0)} ms right after create()${later}. Memory after seeding: the original's heap ${res.original.heapMB.toFixed(1)} MB (its server holds the rest); tim-wasm's page ${(res.heap.jsMB + res.heap.wasmMB).toFixed(1)} MB (JS heap ${res.heap.jsMB.toFixed(1)} MB + wasm ${res.heap.wasmMB.toFixed(1)} MB), which holds the embedded cloud too (every user's records and messages).`, '');
}
lines.push('The original has no incoming-message row: its messages arrive over its server\'s push channel, which the fake server does not speak.', '', '![tim-wasm ÷ original, memory storage, by size](docs/bench-client.svg)');
console.log(lines.join('\n'));

const SHORT = {
  getConversationList: 'list',
  'getConversationList(groupName)': 'list of a group',
  createConversationGroup: 'create',
  deleteConversationsFromGroup: 'remove 1000',
  addConversationsToGroup: 'add 1000',
  renameConversationGroup: 'rename',
  deleteConversationGroup: 'delete',
};

// The chart: tim-wasm (memory storage) ÷ original per operation and size; below the line is faster.
function chart() {
  const ops = OPS.filter((op) => results.some((x) => x.original[op] !== undefined));
  const colors = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'];
  const W = 760, H = 300, left = 50, top = 60, bottom = 40, group = (W - left - 10) / ops.length, bar = (group - 12) / results.length;
  const ratios = results.flatMap((x) => ops.map((op) => x.memory[op] / x.original[op]));
  const max = Math.max(2, Math.ceil(Math.max(...ratios)));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`, `<text x="${left}" y="16" font-size="13">tim-wasm (storage: 'memory') ÷ original, per operation; below 1 is faster</text>`];
  for (let v = 0; v <= max; v += max > 6 ? 2 : 1) svg.push(`<line x1="${left}" x2="${W - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  svg.push(`<line x1="${left}" x2="${W - 10}" y1="${y(1)}" y2="${y(1)}" stroke="black" stroke-dasharray="4 3"/>`);
  ops.forEach((op, i) => {
    results.forEach((x, j) => {
      const v = x.memory[op] / x.original[op];
      const px = left + i * group + 6 + j * bar;
      svg.push(`<rect x="${px.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${colors[j % colors.length]}"><title>${op}, ${x.n}: ${v.toFixed(2)}</title></rect>`);
    });
    const cx = left + i * group + group / 2;
    svg.push(`<text x="${cx.toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${SHORT[op] || op}</text>`);
  });
  results.forEach((x, j) => svg.push(`<rect x="${left + j * 170}" y="30" width="10" height="10" fill="${colors[j % colors.length]}"/><text x="${left + 15 + j * 170}" y="39">${x.n.toLocaleString('en')} conversations</text>`));
  svg.push('</svg>');
  return svg.join('\n') + '\n';
}
writeFileSync(new URL('../docs/bench-client.svg', import.meta.url), chart());

const file = new URL('../BENCHMARKS.md', import.meta.url);
const begin = '<!-- bench:client begin -->';
const end = '<!-- bench:client end -->';
const block = `${begin}\n${lines.join('\n')}\n${end}`;
let doc = readFileSync(file, 'utf8');
doc = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n## The client (\`npm run bench\`)\n\n${block}\n`;
writeFileSync(file, doc);
process.exit(0);
