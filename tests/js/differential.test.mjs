// Differential test: the same conversation-group scenario against the original SDK
// (@tencentcloud/chat 3.6.6 under Node, network answered by a fake server with the same rules)
// and against tim-wasm (headless Chromium, local cloud). Results must be equal; events must be
// equal once the original's are put through CONTRACT §5's two corrections (no event whose data
// did not change; at most one of each event per call, at the first one's place, newest data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';
import { scenario } from '../differential/scenario.mjs';

const require = createRequire(import.meta.url);
const CONVS = [
  { type: 1, userID: 'example', from: 'example', time: 1700000100, text: 'hello' },
  { type: 2, groupID: 'test', from: 'carol', time: 1700000200, text: 'welcome' },
];

/** CONTRACT §5 applied to a recorded event stream; failure messages are not compared. */
function normalize(steps, initialList) {
  const last = { CGLU: '[]', CLU: JSON.stringify(initialList) };
  return steps.map(({ label, result, events }) => {
    const out = [];
    for (const [name, data] of events) {
      const k = name === 'CIGU' ? `CIGU:${data[0]}` : name;
      const json = JSON.stringify(data);
      if (json === last[k]) continue;
      last[k] = json;
      const seen = out.find((e) => e[0] === k);
      if (seen) seen[1] = data;
      else out.push([k, data]);
    }
    const clean = JSON.parse(JSON.stringify(result), (key, v) => (key === 'message' ? undefined : v));
    return { label, result: clean, events: out };
  });
}

let site;
before(async () => { site = await openSite(SITE); });
// The original keeps timers (heartbeats, retries) running; end this test process once done.
after(async () => {
  await site?.close();
  setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref?.();
});

async function both(which) {
  const { original } = require('../differential/original.cjs');
  const { TencentCloudChat, chat } = await original(CONVS);
  const project = (list) => list.map((c) => [c.conversationID, [...c.conversationGroupList], c.isPinned, [...c.markList], c.customData, c.draftText]);
  const initialOriginal = project((await chat.getConversationList()).data.conversationList);
  const theirs = await scenario(TencentCloudChat, chat, which);
  await chat.destroy().catch(() => {});
  const { ours, initialOurs } = await site.page.evaluate(async ([source, convs, which, appID]) => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(appID);
    await cloud.createGroup({ ownerID: 'carol', groupID: 'test', memberList: ['alice'] });
    for (const c of convs) await cloud.sendMessage({ from: c.from, to: c.userID ? 'alice' : c.groupID, conversationType: c.userID ? 'C2C' : 'GROUP', text: c.text });
    const chat = T.create({ SDKAppID: appID });
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    await chat.login({ userID: 'alice', userSig: 'sig' });
    await ready;
    const initialOurs = (await chat.getConversationList()).data.conversationList.map((c) => [c.conversationID, [...c.conversationGroupList], c.isPinned, [...c.markList], c.customData, c.draftText]);
    const run = new Function(`return (${source})`)();
    const ours = await run(T, chat, which);
    await chat.logout();
    return { ours, initialOurs };
  }, [scenario.toString(), CONVS, which, which === 'groups' ? 1400000998 : 1400000997]);
  assert.deepEqual(initialOurs, initialOriginal, 'the same conversations to start from');
  const mine = normalize(ours, initialOurs);
  const expected = normalize(theirs, initialOriginal);
  if (process.env.TIM_DIFF_PRINT) console.log(JSON.stringify(expected));
  // tim-wasm needs no correction: its stream is already what CONTRACT §5 asks for.
  assert.deepEqual(mine.map((s) => s.events.length), ours.map((s) => s.events.length), 'no duplicate or unchanged events');
  assert.equal(mine.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.deepEqual(mine[i], expected[i], `step "${expected[i].label}"`);
  return expected;
}

test('conversation groups behave as the original, event for event (after CONTRACT §5)', { timeout: 60_000 }, async () => {
  const steps = await both('groups');
  assert.equal(steps.length, 14);
  assert.deepEqual(steps[0].events.map((e) => e[0]), ['CGLU', 'CLU']);
});

test('conversation state (pin, marks, custom data, draft, filters) behaves as the original', { timeout: 60_000 }, async () => {
  const steps = await both('state');
  assert.equal(steps.length, 14);
  assert.deepEqual(steps[1].result.data, ['C2Cexample', 'GROUPtest'], 'pinned first');
});
