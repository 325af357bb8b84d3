// Tabs under load (real IndexedDB and BroadcastChannel in headless Chromium, one origin, four
// pages): two tabs of alice create, rename, delete and fill conversation groups, pin and unpin,
// and race to create one name, while bob and carol (one tab each) send bursts of messages to
// alice and alice's tabs send to bob — all at once. Then, before any tab makes another call,
// every acknowledged change from the other tabs must have arrived as its events; then the tabs
// of one user agree (groups, memberships, pins, unread counts), every acknowledged message is in
// the history exactly once, and exactly one of each racing create won. The same load runs on
// `storage: 'memory'` in one page, with the admin handle playing bob and carol.
//
// Short and fixed here (the README's test command); `TIM_STRESS_ROUNDS=N` (and
// `TIM_STRESS_BURST=K`) run it longer: `TIM_STRESS_ROUNDS=40 node --test tests/js/tabs-stress.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

const ROUNDS = Number(process.env.TIM_STRESS_ROUNDS || 4);
const BURST = Number(process.env.TIM_STRESS_BURST || 5);
const WAIT = { timeout: 30_000 + ROUNDS * 2000 };

let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });

/**
 * In the page: logs `userID` in and keeps `window.view`, the state as the events tell it —
 * conversations (last CONVERSATION_LIST_UPDATED), conversation groups (last
 * CONVERSATION_GROUP_LIST_UPDATED), the messages received (MESSAGE_RECEIVED) and the unread total.
 */
function login(page, app, userID, storage) {
  return page.evaluate(async ({ app, userID, storage }) => {
    const { default: TencentCloudChat } = await import('tim-wasm');
    const E = TencentCloudChat.EVENT;
    const chat = TencentCloudChat.create({ SDKAppID: app, ...(storage ? { storage } : {}) });
    window.chat = chat;
    const view = { list: [], groups: [], received: [], total: 0 };
    window.view = view;
    chat.on(E.CONVERSATION_LIST_UPDATED, (e) => {
      view.list = e.data.map((c) => ({
        id: c.conversationID, pinned: c.isPinned, unread: c.unreadCount,
        last: c.lastMessage ? `${c.lastMessage.fromAccount}:${c.lastMessage.messageForShow}` : '',
        groups: [...c.conversationGroupList].sort(),
      }));
    });
    chat.on(E.CONVERSATION_GROUP_LIST_UPDATED, (e) => { view.groups = [...e.data]; });
    chat.on(E.MESSAGE_RECEIVED, (e) => { for (const m of e.data) view.received.push(`${m.from}>${m.to}:${m.payload.text}`); });
    chat.on(E.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (e) => { view.total = e.data; });
    const ready = new Promise((r) => chat.on(E.SDK_READY, r));
    await chat.login({ userID, userSig: 'sig' });
    await ready;
  }, { app, userID, storage });
}

/** In the page: sends `texts` to `to` at once; resolves the texts whose send was acknowledged. */
function burst(page, to, texts) {
  return page.evaluate(({ to, texts }) => Promise.all(texts.map((text) =>
    window.chat.sendMessage(window.chat.createTextMessage({ to, conversationType: 'C2C', payload: { text } }))
      .then(() => text, (e) => `failed ${e.code}: ${text}`))), { to, texts });
}

/** Same, through the admin handle (the memory variant: one page plays every user). */
function adminBurst(page, app, from, to, texts) {
  return page.evaluate(async ({ app, from, to, texts }) => {
    const { LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(app, { storage: 'memory' });
    return Promise.all(texts.map((text) => cloud.sendMessage({ from, to, text }).then(() => text, (e) => `failed ${e.code}: ${text}`)));
  }, { app, from, to, texts });
}

/**
 * In one of alice's pages, round `r`: the tab's own groups (create, fill or rename, and drop the
 * ones of round r - 2), a pin toggle, and the racing create of `race-r` — all at once. Resolves
 * what each call gave: 'ok' or its error code.
 */
function groupWork(page, tab, r) {
  return page.evaluate(({ tab, r }) => {
    const chat = window.chat;
    const res = (p) => p.then(() => 'ok', (e) => e.code);
    const own = tab === 1
      ? chat.createConversationGroup({ groupName: `a1-${r}`, conversationIDList: ['C2Cbob'] })
        .then(() => chat.addConversationsToGroup({ groupName: `a1-${r}`, conversationIDList: ['C2Ccarol'] }))
      : chat.createConversationGroup({ groupName: `a2-${r}`, conversationIDList: ['C2Ccarol'] })
        .then(() => chat.renameConversationGroup({ oldName: `a2-${r}`, newName: `a2-${r}x` }));
    const drops = r < 2 ? [] : tab === 1
      ? [chat.deleteConversationGroup(`a1-${r - 2}`), chat.deleteConversationGroup(`race-${r - 2}`)]
      : [chat.deleteConversationGroup(`a2-${r - 2}x`)];
    const pin = chat.pinConversation({ conversationID: tab === 1 ? 'C2Cbob' : 'C2Ccarol', isPinned: r % 2 === 0 });
    const race = chat.createConversationGroup({ groupName: `race-${r}`, conversationIDList: ['C2Cbob'] });
    return Promise.all([own, ...drops, pin, race].map(res)).then((all) => ({ rest: all.slice(0, -1), race: all.at(-1) }));
  }, { tab, r });
}

/** What alice's conversation groups must be after `rounds` rounds: name → members. */
function expectedGroups(rounds) {
  const groups = {};
  for (let r = Math.max(0, rounds - 2); r < rounds; r++) {
    groups[`a1-${r}`] = ['C2Cbob', 'C2Ccarol'];
    groups[`a2-${r}x`] = ['C2Ccarol'];
    groups[`race-${r}`] = ['C2Cbob'];
  }
  return groups;
}

/** The event-derived view, reduced to what every tab of the user must agree on. */
const viewOf = (page) => page.evaluate(() => {
  const v = window.view;
  const byGroup = {};
  for (const c of v.list) for (const g of c.groups) (byGroup[g] ||= []).push(c.id);
  for (const g of Object.keys(byGroup)) byGroup[g].sort();
  return { list: v.list, groups: [...v.groups].sort(), byGroup, total: v.total, received: v.received };
});

/** Waits, with no call into the SDK, until the page's view passes `pred` (a serialisable function of the view). */
async function viewSettles(page, pred, arg) {
  try {
    await page.waitForFunction(({ pred, arg }) => new Function('v', 'arg', `return (${pred})(v, arg)`)(window.view, arg), { pred: pred.toString(), arg }, WAIT);
  } catch (e) {
    assert.fail(`the events never told this tab everything that was acknowledged: ${e.message}\nview: ${JSON.stringify(await viewOf(page))}\nexpected: ${JSON.stringify(arg)}`);
  }
}

const count = (list) => list.reduce((m, x) => m.set(x, (m.get(x) || 0) + 1), new Map());

/** Every element of `want` in `got` exactly once (and `got` holds nothing else when `only`). */
function exactlyOnce(got, want, what, only = true) {
  const c = count(got);
  for (const w of want) assert.equal(c.get(w), 1, `${what}: ${w} seen ${c.get(w) || 0} times`);
  if (only) assert.equal(got.length, want.length, `${what}: unexpected extra entries`);
}

/** The whole C2C history of `conversationID` on `page`, paged as an app would, as `from:text`. */
const history = (page, conversationID) => page.evaluate(async (conversationID) => {
  const all = [];
  let next;
  for (;;) {
    const { data } = await window.chat.getMessageList({ conversationID, ...(next ? { nextReqMessageID: next } : {}) });
    all.unshift(...data.messageList.map((m) => `${m.from}:${m.payload.text}`));
    if (data.isCompleted) return all;
    next = data.nextReqMessageID;
  }
}, conversationID);

const callsOf = (page) => page.evaluate(async () => ({
  list: (await window.chat.getConversationList()).data.conversationList.map((c) => ({
    id: c.conversationID, pinned: c.isPinned, unread: c.unreadCount,
    last: `${c.lastMessage.fromAccount}:${c.lastMessage.messageForShow}`, groups: [...c.conversationGroupList].sort(),
  })),
  groups: (await window.chat.getConversationGroupList()).data,
  total: window.chat.getTotalUnreadMessageCount(),
}));

const texts = (who, r) => Array.from({ length: BURST }, (_, i) => `${who} ${r}.${i}`);

test(`four tabs under load (${ROUNDS} rounds, bursts of ${BURST}): events tell every tab everything, tabs agree, nothing lost or doubled`, { timeout: 120_000 + ROUNDS * 20_000 }, async () => {
  const app = 1400000401;
  const pages = [];
  for (let i = 0; i < 4; i++) {
    const page = await site.browser.newPage();
    await page.goto(site.origin + '/');
    pages.push(page);
  }
  const [a1, a2, b, c] = pages;
  await login(a1, app, 'alice');
  await login(a2, app, 'alice');
  await login(b, app, 'bob');
  await login(c, app, 'carol');
  // Conversations to work with, in every tab of alice.
  await burst(b, 'alice', ['bob hello']);
  await burst(c, 'alice', ['carol hello']);
  for (const a of [a1, a2]) await viewSettles(a, (v) => v.list.length === 2);

  const sent = { bob: ['bob hello'], carol: ['carol hello'], alice: [] };
  const races = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [g1, g2, fromB, fromC, fromA1, fromA2] = await Promise.all([
      groupWork(a1, 1, r), groupWork(a2, 2, r),
      burst(b, 'alice', texts('bob', r)), burst(c, 'alice', texts('carol', r)),
      burst(a1, 'bob', texts('alice/1', r)), burst(a2, 'bob', texts('alice/2', r)),
    ]);
    for (const g of [g1, g2]) assert.deepEqual(g.rest, g.rest.map(() => 'ok'), `round ${r}: a tab's own group work failed`);
    races.push([g1.race, g2.race]);
    for (const [who, got, want] of [['bob', fromB, texts('bob', r)], ['carol', fromC, texts('carol', r)], ['alice', fromA1, texts('alice/1', r)], ['alice', fromA2, texts('alice/2', r)]]) {
      assert.deepEqual(got, want, `round ${r}: every send is acknowledged`);
      sent[who].push(...got);
    }
  }
  // Exactly one of each racing create won; the other was refused as a duplicate name.
  for (const [r, pair] of races.entries()) assert.deepEqual([...pair].sort(), [51013, 'ok'].sort(), `race-${r}`);

  const groups = expectedGroups(ROUNDS);
  const names = Object.keys(groups).sort();
  const pinned = (ROUNDS - 1) % 2 === 0;
  const unread = { C2Cbob: sent.bob.length, C2Ccarol: sent.carol.length };
  const fromPeers = [...sent.bob.map((t) => `bob>alice:${t}`), ...sent.carol.map((t) => `carol>alice:${t}`)];

  // 1. Before any tab makes another call: the events have told each tab everything.
  const settled = (v, want) => {
    const byGroup = {};
    for (const c of v.list) for (const g of c.groups) (byGroup[g] ||= []).push(c.id);
    const peers = v.received.filter((m) => !m.startsWith('alice>'));
    return JSON.stringify([...v.groups].sort()) === JSON.stringify(want.names)
      && want.names.every((n) => JSON.stringify((byGroup[n] || []).sort()) === JSON.stringify(want.groups[n]))
      && v.list.every((c) => c.pinned === want.pinned && c.unread === want.unread[c.id])
      && v.total === want.total
      && peers.length >= want.received;
  };
  const want = { names, groups, pinned, unread, total: unread.C2Cbob + unread.C2Ccarol, received: fromPeers.length };
  for (const a of [a1, a2]) await viewSettles(a, settled, want);
  const [v1, v2] = [await viewOf(a1), await viewOf(a2)];
  // Messages from bob and carol: each exactly once, as MESSAGE_RECEIVED, in both tabs of alice.
  for (const v of [v1, v2]) exactlyOnce(v.received.filter((m) => !m.startsWith('alice>')), fromPeers, 'MESSAGE_RECEIVED from peers');
  // What one tab of alice sent reaches the other as MESSAGE_RECEIVED, once.
  exactlyOnce(v1.received.filter((m) => m.startsWith('alice>')), sent.alice.filter((t) => t.startsWith('alice/2')).map((t) => `alice>bob:${t}`), 'tab 1 told of tab 2\'s sends');
  exactlyOnce(v2.received.filter((m) => m.startsWith('alice>')), sent.alice.filter((t) => t.startsWith('alice/1')).map((t) => `alice>bob:${t}`), 'tab 2 told of tab 1\'s sends');
  assert.deepEqual(v1.list, v2.list, 'both tabs of alice show the same list, from events alone');
  assert.deepEqual(v1.byGroup, v2.byGroup);
  // Bob's tab was told of every message alice's tabs sent.
  await viewSettles(b, (v, n) => v.received.filter((m) => m.startsWith('alice>')).length >= n, sent.alice.length);
  exactlyOnce((await viewOf(b)).received, sent.alice.map((t) => `alice>bob:${t}`), 'bob\'s MESSAGE_RECEIVED');

  // 2. Now by calls: the tabs of alice agree, with each other and with what was acknowledged.
  const [s1, s2] = [await callsOf(a1), await callsOf(a2)];
  assert.deepEqual(s1, s2, 'both tabs of alice agree');
  assert.deepEqual([...s1.groups].sort(), names);
  assert.deepEqual(s1.list.map((x) => x.groups.length ? null : x.id).filter(Boolean), []);
  for (const x of s1.list) {
    assert.equal(x.unread, unread[x.id], `${x.id} unread`);
    assert.equal(x.pinned, pinned, `${x.id} pinned`);
  }
  assert.equal(s1.total, want.total);
  assert.deepEqual(v1.list, s1.list, 'the events told the same as the calls');
  // A new tab, loading from storage, agrees too.
  const late = await site.browser.newPage();
  await late.goto(site.origin + '/');
  await login(late, app, 'alice');
  assert.deepEqual(await callsOf(late), s1);

  // 3. Every acknowledged message is in the history exactly once, in both users' views.
  const withBob = [...sent.bob.map((t) => `bob:${t}`), ...sent.alice.map((t) => `alice:${t}`)];
  for (const page of [a1, a2]) {
    exactlyOnce(await history(page, 'C2Cbob'), withBob, 'alice\'s history with bob');
    exactlyOnce(await history(page, 'C2Ccarol'), sent.carol.map((t) => `carol:${t}`), 'alice\'s history with carol');
  }
  exactlyOnce(await history(b, 'C2Calice'), withBob, 'bob\'s history with alice');
  // A page's calls commit in call order: bob's messages are in the history as he sent them.
  assert.deepEqual((await history(a1, 'C2Cbob')).filter((m) => m.startsWith('bob:')), sent.bob.map((t) => `bob:${t}`));
  for (const p of [...pages, late]) await p.close();
});

test(`one page on storage: 'memory' under the same load (${ROUNDS} rounds)`, { timeout: 60_000 + ROUNDS * 10_000 }, async () => {
  const app = 1400000402;
  const page = await site.browser.newPage();
  await page.goto(site.origin + '/');
  await login(page, app, 'alice', 'memory');
  await adminBurst(page, app, 'bob', 'alice', ['bob hello']);
  await adminBurst(page, app, 'carol', 'alice', ['carol hello']);
  await viewSettles(page, (v) => v.list.length === 2);
  const sent = { bob: ['bob hello'], carol: ['carol hello'] };
  for (let r = 0; r < ROUNDS; r++) {
    // One tab plays both of alice's: its group work twice over, racing itself for `race-r`.
    const [g1, g2, fromB, fromC] = await Promise.all([
      groupWork(page, 1, r), groupWork(page, 2, r),
      adminBurst(page, app, 'bob', 'alice', texts('bob', r)), adminBurst(page, app, 'carol', 'alice', texts('carol', r)),
    ]);
    for (const g of [g1, g2]) assert.deepEqual(g.rest, g.rest.map(() => 'ok'), `round ${r}`);
    assert.deepEqual([g1.race, g2.race].sort(), [51013, 'ok'].sort(), `race-${r}`);
    assert.deepEqual(fromB, texts('bob', r));
    assert.deepEqual(fromC, texts('carol', r));
    sent.bob.push(...fromB);
    sent.carol.push(...fromC);
  }
  const v = await viewOf(page);
  assert.deepEqual(v.groups, Object.keys(expectedGroups(ROUNDS)).sort());
  assert.deepEqual(v.byGroup, expectedGroups(ROUNDS));
  exactlyOnce(v.received, [...sent.bob.map((t) => `bob>alice:${t}`), ...sent.carol.map((t) => `carol>alice:${t}`)], 'MESSAGE_RECEIVED');
  const s = await callsOf(page);
  assert.deepEqual(v.list, s.list, 'the events told the same as the calls');
  assert.equal(s.total, sent.bob.length + sent.carol.length);
  exactlyOnce(await history(page, 'C2Cbob'), sent.bob.map((t) => `bob:${t}`), 'history with bob');
  exactlyOnce(await history(page, 'C2Ccarol'), sent.carol.map((t) => `carol:${t}`), 'history with carol');
  await page.close();
});
