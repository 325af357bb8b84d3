// One size of `npm run bench` for the original SDK (@tencentcloud/chat 3.6.6) under Node, its
// network answered by the differential tests' fake server; run in a child process per size so
// each measures its own heap. Prints one JSON line: milliseconds per operation (median of runs)
// and the heap the seeded SDK holds, after WARMUP untimed runs. Usage:
// node scripts/bench-original.cjs N RUNS WARMUP
const v8 = require('node:v8');
const vm = require('node:vm');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const N = Number(process.argv[2]);
const RUNS = Number(process.argv[3] || 5);
const WARMUP = Number(process.argv[4] || 0);
const K = Math.min(1000, N);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { original } = require(join(__dirname, '..', 'tests', 'differential', 'original.cjs'));
  const convs = Array.from({ length: N }, (_, i) => ({ type: 1, userID: 'u' + i, from: 'u' + i, time: 1700000000 + i, text: 'm' + i }));
  gc();
  const before = process.memoryUsage().heapUsed;
  const { chat } = await original(convs);
  const ids = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID);
  // The data set: 19 groups of up to 1000 (the 20th is the one the operations make).
  for (let g = 0; g < 19; g++) {
    const start = (g * 1000) % N;
    await chat.createConversationGroup({ groupName: 'g' + g, conversationIDList: ids.slice(start, start + K) });
  }
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  const some = ids.slice(0, K);
  const out = {};
  let timed = false;
  const time = async (name, fn) => {
    const t0 = performance.now();
    await fn();
    if (timed) (out[name] ||= []).push(performance.now() - t0);
  };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    timed = i >= WARMUP;
    await time('getConversationList', () => chat.getConversationList());
    await time('getConversationList(groupName)', () => chat.getConversationList({ groupName: 'g3' }));
    await time('createConversationGroup', () => chat.createConversationGroup({ groupName: 'x' + i, conversationIDList: some }));
    await time('deleteConversationsFromGroup', () => chat.deleteConversationsFromGroup({ groupName: 'x' + i, conversationIDList: some }));
    await time('addConversationsToGroup', () => chat.addConversationsToGroup({ groupName: 'x' + i, conversationIDList: some }));
    await time('renameConversationGroup', () => chat.renameConversationGroup({ oldName: 'x' + i, newName: 'y' + i }));
    await time('deleteConversationGroup', () => chat.deleteConversationGroup('y' + i));
  }
  const result = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
  result.heapMB = heap / 2 ** 20;
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
