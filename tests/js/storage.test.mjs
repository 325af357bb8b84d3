// Storage and tabs in headless Chromium (real IndexedDB, real BroadcastChannel): state survives
// a reload; two tabs of one user stay in sync with the right events; two users in two tabs
// chat; concurrent writes from two tabs converge; the journal is compacted into a snapshot
// under live tabs and a new tab starts from it; a journal stored by schema version 1 loads;
// and each bad-storage case (IndexedDB unavailable, quota exceeded, an unreadable record) gives
// its error and loses nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite } from './browser.mjs';
import { SITE, ROOT } from './paths.mjs';

let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });

/** A new tab of the same browser profile (same origin: same IndexedDB, BroadcastChannel). */
async function tab(init) {
  const page = await site.browser.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(site.origin + '/');
  return page;
}

/**
 * Logs `userID` in on `page` (SDKAppID `app`) and records its events in `window.rec`:
 * [name, summary] pairs. Resolves after SDK_READY.
 */
function login(page, app, userID, options = {}) {
  return page.evaluate(async ({ app, userID, options }) => {
    const { default: TencentCloudChat } = await import('tim-wasm');
    const E = TencentCloudChat.EVENT;
    const chat = TencentCloudChat.create({ SDKAppID: app, ...options });
    window.chat = chat;
    window.rec = [];
    const summary = {
      [E.CONVERSATION_LIST_UPDATED]: (e) => e.data.map((c) => `${c.conversationID}:${c.lastMessage.messageForShow || ''}:${c.unreadCount}`).join('|'),
      [E.CONVERSATION_GROUP_LIST_UPDATED]: (e) => e.data.join(','),
      [E.CONVERSATION_IN_GROUP_UPDATED]: (e) => `${e.data.groupName}=${e.data.conversationList.map((c) => c.conversationID).join(',')}`,
      [E.MESSAGE_RECEIVED]: (e) => e.data.map((m) => `${m.from}>${m.to}:${m.payload.text}`).join('|'),
      [E.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED]: (e) => String(e.data),
      [E.ERROR]: (e) => `${e.data.code}`,
      [E.SDK_READY]: () => '',
    };
    for (const [name, f] of Object.entries(summary)) chat.on(name, (e) => window.rec.push([name, f(e)]));
    const ready = new Promise((r) => chat.on(E.SDK_READY, r));
    await chat.login({ userID, userSig: 'sig' });
    await ready;
  }, { app, userID, options });
}

/** Waits until `page`'s recorded events include one named `name` whose summary passes `pred`. */
async function event(page, name, pred = () => true) {
  const handle = await page.waitForFunction(
    ({ name, pred }) => window.rec.find(([n, s]) => n === name && new Function('s', `return (${pred})(s)`)(s)),
    { name, pred: pred.toString() },
    { timeout: 10000 },
  );
  return (await handle.jsonValue())[1];
}

/** Messages from each of `peers` to `to` through the admin handle: conversations to work with. */
function seed(page, app, to, peers) {
  return page.evaluate(async ({ app, to, peers }) => {
    const { LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(app);
    for (const from of peers) await cloud.sendMessage({ from, to, text: `from ${from}` });
  }, { app, to, peers });
}

/** Waits until `page`'s conversation list holds `n` conversations. */
function listLength(page, n) {
  return page.waitForFunction(async (n) => (await window.chat.getConversationList()).data.conversationList.length === n, n, { timeout: 10000 });
}

const groupsOf = (page) => page.evaluate(async () => (await window.chat.getConversationGroupList()).data);
const listOf = (page) => page.evaluate(async () => (await window.chat.getConversationList()).data.conversationList
  .map((c) => ({ id: c.conversationID, pinned: c.isPinned, unread: c.unreadCount, text: c.lastMessage.messageForShow, groups: c.conversationGroupList })));

test('state survives a reload, loaded before SDK_READY', async () => {
  const page = await tab();
  await login(page, 1400000301, 'alice');
  await page.evaluate(async () => {
    const { LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(1400000301);
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hello from bob' });
    await window.chat.createConversationGroup({ groupName: 'Work', conversationIDList: ['C2Cbob'] });
    await window.chat.pinConversation({ conversationID: 'C2Cbob', isPinned: true });
    await window.chat.markConversation({ conversationIDList: ['C2Cbob'], markType: 1, enableMark: true });
  });
  const beforeReload = await listOf(page);
  await page.reload();
  const loaded = await page.evaluate(async () => {
    const { default: TencentCloudChat } = await import('tim-wasm');
    const chat = TencentCloudChat.create({ SDKAppID: 1400000301 });
    window.chat = chat;
    let atReady = null;
    const ready = new Promise((r) => chat.on(TencentCloudChat.EVENT.SDK_READY, async () => {
      atReady = (await chat.getConversationList()).data;
      r();
    }));
    await chat.login({ userID: 'alice', userSig: 'sig' });
    await ready;
    const c = atReady.conversationList[0];
    return { sync: atReady.isSyncCompleted, id: c.conversationID, marks: c.markList, total: chat.getTotalUnreadMessageCount() };
  });
  assert.deepEqual(loaded, { sync: true, id: 'C2Cbob', marks: [1], total: 1 });
  assert.deepEqual(await listOf(page), beforeReload);
  assert.deepEqual(beforeReload, [{ id: 'C2Cbob', pinned: true, unread: 1, text: 'hello from bob', groups: ['Work'] }]);
  assert.deepEqual(await groupsOf(page), ['Work']);
  await page.close();
});

test('two tabs of one user stay in sync, with the events a server push gives', async () => {
  const [one, two] = [await tab(), await tab()];
  await login(one, 1400000302, 'alice');
  await login(two, 1400000302, 'alice');
  // Both stay logged in (no kick-out).
  assert.deepEqual(await Promise.all([one, two].map((p) => p.evaluate(() => window.chat.isReady()))), [true, true]);
  await one.evaluate(() => window.chat.sendMessage(window.chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'sent in tab one' } })));
  assert.equal(await event(two, 'onConversationListUpdated', (s) => s.includes('sent in tab one')), 'C2Cbob:sent in tab one:0');
  await one.evaluate(() => window.chat.createConversationGroup({ groupName: 'Work', conversationIDList: ['C2Cbob'] }));
  assert.equal(await event(two, 'onConversationGroupListUpdated', (s) => s === 'Work'), 'Work');
  await one.evaluate(() => window.chat.renameConversationGroup({ oldName: 'Work', newName: 'Job' }));
  assert.equal(await event(two, 'onConversationGroupListUpdated', (s) => s === 'Job'), 'Job');
  await seed(two, 1400000302, 'alice', ['carol']);
  await listLength(one, 2);
  await two.evaluate(() => window.chat.addConversationsToGroup({ groupName: 'Job', conversationIDList: ['C2Ccarol'] }));
  assert.match(await event(one, 'onConversationInGroupUpdated', (s) => s.includes('C2Ccarol')), /^Job=(C2Cbob,C2Ccarol|C2Ccarol,C2Cbob)$/);
  assert.deepEqual(await groupsOf(one), await groupsOf(two));
  assert.deepEqual(await listOf(one), await listOf(two));
  // A tab's own change gives it no push events: tab one saw its own rename once, as its call's.
  const own = await one.evaluate(() => window.rec.filter(([n]) => n === 'onConversationGroupListUpdated').map(([, s]) => s));
  assert.deepEqual(own, ['Work', 'Job']);
  await Promise.all([one.close(), two.close()]);
});

test('alice and bob in two tabs chat: each sees the other\'s messages arrive', async () => {
  const [a, b] = [await tab(), await tab()];
  await login(a, 1400000303, 'alice');
  await login(b, 1400000303, 'bob');
  const send = (page, to, text) => page.evaluate(({ to, text }) =>
    window.chat.sendMessage(window.chat.createTextMessage({ to, conversationType: 'C2C', payload: { text } })), { to, text });
  await send(a, 'bob', 'hi bob');
  assert.equal(await event(b, 'onMessageReceived'), 'alice>bob:hi bob');
  assert.equal(await event(b, 'onTotalUnreadMessageCountUpdated'), '1');
  await send(b, 'alice', 'hi alice');
  assert.equal(await event(a, 'onMessageReceived'), 'bob>alice:hi alice');
  const history = await b.evaluate(async () => (await window.chat.getMessageList({ conversationID: 'C2Calice' })).data.messageList.map((m) => `${m.flow}:${m.payload.text}`));
  assert.deepEqual(history, ['in:hi bob', 'out:hi alice']);
  await Promise.all([a.close(), b.close()]);
});

test('two tabs writing at once converge, with no lost update', async () => {
  const [one, two] = [await tab(), await tab()];
  await login(one, 1400000304, 'alice');
  await login(two, 1400000304, 'alice');
  const peers = ['a', 'b', 'a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4'];
  await seed(one, 1400000304, 'alice', peers);
  await Promise.all([listLength(one, peers.length), listLength(two, peers.length)]);
  const burst = (page, prefix) => page.evaluate(async (prefix) => {
    const calls = [];
    for (let i = 0; i < 5; i++) calls.push(window.chat.createConversationGroup({ groupName: `${prefix}${i}`, conversationIDList: [`C2C${prefix}${i}`] }));
    // Both tabs also race for the same name: exactly one wins, the other gets 51013.
    calls.push(window.chat.createConversationGroup({ groupName: 'Same', conversationIDList: [`C2C${prefix}`] }).then(() => 'won', (e) => e.code));
    return Promise.all(calls).then((r) => r[5]);
  }, prefix);
  const outcomes = await Promise.all([burst(one, 'a'), burst(two, 'b')]);
  assert.deepEqual(outcomes.sort(), [51013, 'won'].sort());
  const expected = ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4', 'Same'].sort();
  for (const page of [one, two]) {
    await page.waitForFunction(async (n) => (await window.chat.getConversationGroupList()).data.length === n, expected.length, { timeout: 10000 });
  }
  const [g1, g2] = [await groupsOf(one), await groupsOf(two)];
  assert.deepEqual([...g1].sort(), expected);
  assert.deepEqual(g1, g2, 'same groups in the same order');
  // A third tab, loading from storage, agrees.
  const three = await tab();
  await login(three, 1400000304, 'alice');
  assert.deepEqual(await groupsOf(three), g1);
  await Promise.all([one.close(), two.close(), three.close()]);
});

test('the journal is compacted under live tabs: they go on, and a new tab starts from the snapshot', async () => {
  const app = 1400000320;
  const [a, b] = [await tab(), await tab()];
  await login(a, app, 'alice');
  await login(b, app, 'bob');
  // Enough entries for compaction (500 after the last snapshot) and for dropping old ones (the
  // newest 1000 are kept): 2500 messages from 300 peers to alice, sent concurrently (calls
  // issued together share a transaction), while bob chats with alice in the other tab.
  const sent = await a.evaluate(async (app) => {
    const { LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(app);
    let batch = [];
    for (let i = 0; i < 2500; i++) {
      batch.push(cloud.sendMessage({ from: `p${i % 300}`, to: 'alice', text: `m${i}` }));
      if (batch.length === 100) { await Promise.all(batch); batch = []; }
    }
    await Promise.all(batch);
    return 2500;
  }, app);
  assert.equal(sent, 2500);
  await b.evaluate(() => window.chat.sendMessage(window.chat.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text: 'after' } })));
  await listLength(a, 301);
  await a.waitForFunction(async () => (await window.chat.getConversationList()).data.conversationList[0].lastMessage.messageForShow === 'after', null, { timeout: 10000 });
  // The database holds a snapshot, and fewer entries than were written.
  const stored = await a.evaluate((app) => new Promise((resolve, reject) => {
    const open = indexedDB.open(`tim-wasm-${app}`);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['log', 'snap']);
      const out = {};
      tx.objectStore('log').count().onsuccess = (e) => { out.entries = e.target.result; };
      tx.objectStore('snap').get(1).onsuccess = (e) => {
        out.snapshotAt = e.target.result?.n ?? 0;
        out.bytes = e.target.result?.s instanceof Uint8Array;
      };
      tx.oncomplete = () => { open.result.close(); resolve(out); };
    };
  }), app);
  assert.ok(stored.snapshotAt > 0, `a snapshot was written: ${JSON.stringify(stored)}`);
  assert.ok(stored.bytes, 'the snapshot is stored as its UTF-8 bytes');
  assert.ok(stored.entries <= 1500, `older entries were dropped: ${JSON.stringify(stored)}`);
  // A new tab reads the snapshot and the entries after it: the same state as the live tab.
  const c = await tab();
  await login(c, app, 'alice');
  assert.deepEqual(await listOf(c), await listOf(a));
  const history = (page) => page.evaluate(async () => (await window.chat.getMessageList({ conversationID: 'C2Cp7' })).data.messageList.map((m) => m.payload.text));
  const expected = Array.from({ length: 9 }, (_, k) => `m${7 + 300 * k}`);
  assert.deepEqual(await history(c), expected);
  assert.deepEqual(await history(c), await history(a));
  // A snapshot stored as a string (as the first builds with snapshots wrote it) still reads.
  await c.evaluate((app) => new Promise((resolve, reject) => {
    const open = indexedDB.open(`tim-wasm-${app}`);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('snap', 'readwrite');
      const snaps = tx.objectStore('snap');
      snaps.get(1).onsuccess = (e) => snaps.put({ n: e.target.result.n, s: new TextDecoder().decode(e.target.result.s) }, 1);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), app);
  const d = await tab();
  await login(d, app, 'alice');
  assert.deepEqual(await listOf(d), await listOf(a));
  assert.deepEqual(await history(d), expected);
  await Promise.all([a.close(), b.close(), c.close(), d.close()]);
});

test('a journal stored by schema version 1 loads whole', async () => {
  const records = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'journal-v1.json'), 'utf8'));
  const page = await tab();
  // The database as the first schema left it, written without the SDK.
  await page.evaluate((records) => new Promise((resolve, reject) => {
    const req = indexedDB.open('tim-wasm-1400000305', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('log', { keyPath: 'n' });
    req.onsuccess = () => {
      const tx = req.result.transaction('log', 'readwrite');
      for (const [n, e] of records) tx.objectStore('log').add({ n, e });
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), records);
  await login(page, 1400000305, 'alice');
  assert.deepEqual(await groupsOf(page), ['Job']);
  assert.deepEqual(await listOf(page), [
    { id: 'C2Cbob', pinned: true, unread: 0, text: 'hi alice', groups: ['Job'] },
    { id: 'GROUPteam', pinned: false, unread: 1, text: '[群提示消息]', groups: ['Job'] },
  ]);
  await page.close();
});

test('IndexedDB unavailable: login rejects 2983 with an ERROR event; memory storage still works', async () => {
  const page = await tab(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  const r = await page.evaluate(async () => {
    const { default: TencentCloudChat } = await import('tim-wasm');
    const chat = TencentCloudChat.create({ SDKAppID: 1400000306 });
    const errors = [];
    chat.on(TencentCloudChat.EVENT.ERROR, (e) => errors.push(e.data.code));
    const err = await chat.login({ userID: 'alice', userSig: 's' }).then(() => null, (e) => ({ code: e.code, message: e.message }));
    const gated = await chat.getConversationList().then(() => null, (e) => e.code);
    const mem = TencentCloudChat.create({ SDKAppID: 1400000307, storage: 'memory' });
    const ok = await mem.login({ userID: 'alice', userSig: 's' }).then((x) => x.code);
    return { err, errors, gated, ok };
  });
  assert.equal(r.err.code, 2983);
  assert.match(r.err.message, /IndexedDB cannot be opened/);
  assert.deepEqual(r.errors, [2983, 3001]);
  assert.equal(r.gated, 3001, 'the failed login leaves the SDK in the failed-login state');
  assert.equal(r.ok, 0);
  await page.close();
});

test('quota exceeded: the call rejects 2984 with an ERROR event, nothing of it is kept, the rest is intact', async () => {
  // Its own origin, with a small quota set before the page first opens storage (Chromium reads
  // the quota when it opens an origin's database; incompressible data, as it compresses values).
  const own = await openSite(SITE);
  try {
    const page = own.page;
    const cdp = await own.browser.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: own.origin, quotaSize: 200000 });
    await login(page, 1400000308, 'alice');
    await seed(page, 1400000308, 'alice', ['bob', 'carol', 'dave']);
    await listLength(page, 3);
    await page.evaluate(() => window.chat.createConversationGroup({ groupName: 'Kept', conversationIDList: ['C2Cbob'] }));
    // Messages of 12 KB (the most a message may have) until one is bigger than what is left.
    const failed = await page.evaluate(async () => {
      const text = () => Array.from({ length: 12000 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join('');
      window.lastOk = 'from bob';
      for (let sent = 0; sent < 60; sent++) {
        window.big = window.chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: text() } });
        const out = await window.chat.sendMessage(window.big)
          .then(() => null, (e) => ({ code: e.code, message: e.message, status: e.data.message.status, sent }));
        if (out) return out;
        window.lastOk = window.big.payload.text;
      }
      return null;
    });
    assert.equal(failed?.code, 2984, JSON.stringify(failed));
    assert.match(failed.message, /QuotaExceededError/);
    assert.equal(failed.status, 'fail');
    assert.equal(await event(page, 'error', (s) => s === '2984'), '2984');
    // The page rebuilds from what was committed: bob's conversation shows the last message kept.
    await page.waitForFunction(async () => (await window.chat.getConversationList()).data.conversationList
      .find((c) => c.conversationID === 'C2Cbob').lastMessage.payload.text === window.lastOk, null, { timeout: 10000 });
    assert.deepEqual(await groupsOf(page), ['Kept']);
    // Room again: the next change is kept, and a reload shows exactly what was committed.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: own.origin });
    await page.evaluate(() => window.chat.createConversationGroup({ groupName: 'Later', conversationIDList: ['C2Cdave'] }));
    // The failed message can be sent again, as a failed send in the original can.
    const resent = await page.evaluate(() => window.chat.sendMessage(window.big).then((r) => r.data.message.status));
    assert.equal(resent, 'success');
    await page.reload();
    await login(page, 1400000308, 'alice');
    assert.deepEqual(await groupsOf(page), ['Kept', 'Later']);
    const history = await page.evaluate(async () => (await window.chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList.map((m) => m.payload.text.length));
    // The newest 15: those kept before the failure, then the one sent again.
    const kept = ['from bob'.length, ...Array(failed.sent).fill(12000), 12000];
    assert.deepEqual(history, kept.slice(-15));
  } finally {
    await own.close();
  }
});

test('an unreadable stored record: an ERROR event 2985, everything else loads', async () => {
  const page = await tab();
  await login(page, 1400000309, 'alice');
  await seed(page, 1400000309, 'alice', ['bob', 'carol']);
  await listLength(page, 2);
  await page.evaluate(() => window.chat.createConversationGroup({ groupName: 'Before', conversationIDList: ['C2Cbob'] }));
  // Something damages the journal: a record that is not JSON, after the good ones.
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('tim-wasm-1400000309');
    req.onsuccess = () => {
      const tx = req.result.transaction('log', 'readwrite');
      tx.objectStore('log').add({ n: 1000, e: '{"op":"createConversationGroup",' });
      tx.oncomplete = () => { req.result.close(); resolve(); };
    };
  }));
  await page.reload();
  await login(page, 1400000309, 'alice');
  assert.equal(await event(page, 'error'), '2985');
  assert.deepEqual(await groupsOf(page), ['Before']);
  // New changes follow the damaged record and are kept.
  await page.evaluate(() => window.chat.createConversationGroup({ groupName: 'After', conversationIDList: ['C2Ccarol'] }));
  await page.reload();
  await login(page, 1400000309, 'alice');
  assert.deepEqual(await groupsOf(page), ['Before', 'After']);
  await page.close();
});

test('the journal deleted under a live tab: that tab starts over from what is stored, like any new tab', async () => {
  const [one, two] = [await tab(), await tab()];
  await login(one, 1400000310, 'alice');
  await seed(one, 1400000310, 'alice', ['bob']);
  await listLength(one, 1);
  await one.evaluate(() => window.chat.createConversationGroup({ groupName: 'Old', conversationIDList: ['C2Cbob'] }));
  // Cleared from another tab (the live tab's connection lets go).
  const deleted = await two.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('tim-wasm-1400000310');
    req.onsuccess = () => resolve('deleted');
    req.onerror = () => resolve(String(req.error));
  }));
  assert.equal(deleted, 'deleted');
  // The live tab's next change finds its position gone: it reloads from the (new) journal.
  await seed(one, 1400000310, 'alice', ['carol']);
  await one.waitForFunction(async () => (await window.chat.getConversationList()).data.conversationList.map((c) => c.conversationID).join() === 'C2Ccarol', null, { timeout: 10000 });
  assert.deepEqual(await groupsOf(one), []);
  // A new tab sees exactly the same.
  const three = await tab();
  await login(three, 1400000310, 'alice');
  assert.deepEqual(await listOf(three), await listOf(one));
  await Promise.all([one.close(), two.close(), three.close()]);
});

test('C2C read receipts: bob reads in his tab, alice\'s tab gets MESSAGE_READ_BY_PEER with her message', async () => {
  const [a, b] = [await tab(), await tab()];
  await login(a, 1400000310, 'alice');
  await login(b, 1400000310, 'bob');
  await a.evaluate(async () => {
    window.receipts = [];
    const { default: T } = await import('tim-wasm');
    window.chat.on(T.EVENT.MESSAGE_READ_BY_PEER, (e) => window.receipts.push(e.data));
    window.sent = (await window.chat.sendMessage(window.chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'read me' } }))).data.message;
  });
  await event(b, 'onMessageReceived', (s) => s.includes('read me'));
  await b.evaluate(() => window.chat.setMessageRead({ conversationID: 'C2Calice' }));
  await a.waitForFunction(() => window.receipts.length === 1, null, { timeout: 10000 });
  const r = await a.evaluate(async () => {
    const c = (await window.chat.getConversationList()).data.conversationList.find((x) => x.conversationID === 'C2Cbob');
    const history = (await window.chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList;
    const [data] = window.receipts;
    return {
      data: data.map((m) => [m.payload.text, m.isPeerRead]), same: data[0] === window.sent,
      peerReadTime: c.peerReadTime > 0, lastRead: c.lastMessage.isPeerRead, history: history.map((m) => m.isPeerRead),
    };
  });
  assert.deepEqual(r, { data: [['read me', true]], same: true, peerReadTime: true, lastRead: true, history: [true] });
  await Promise.all([a.close(), b.close()]);
});
