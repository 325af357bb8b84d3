// Listener safety (issue 17) in headless Chromium: a handler that throws is logged at the error
// level (not after setLogLevel(4)) and the others still run; a handler may call back into the
// SDK — any method, `off` on itself, `destroy`; calls in flight at logout or destroy settle with
// coded results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

let site;
const consoleErrors = [];
before(async () => {
  site = await openSite(SITE);
  site.page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
});
after(async () => { await site?.close(); });
const run = (fn, arg) => site.page.evaluate(fn, arg);

test('a throwing handler is logged at the error level and skipped; the next handler still runs; none logged at level 4', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400001701;
    const cloud = new LocalCloud(SDKAppID, { storage: 'memory' });
    const chat = T.create({ SDKAppID, storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const seen = [];
    chat.on(T.EVENT.MESSAGE_RECEIVED, () => { throw new Error('handler failure one'); });
    chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => seen.push(e.data[0].payload.text));
    const tick = () => new Promise((res) => setTimeout(res, 20));
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'first' });
    await tick();
    chat.setLogLevel(4);
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'second' });
    await tick();
    chat.setLogLevel(0);
    await chat.destroy();
    return seen;
  });
  assert.deepEqual(r, ['first', 'second']);
  const logged = consoleErrors.filter((t) => t.includes('a handler of "onMessageReceived" threw'));
  // Once: the second failure came at level 4.
  assert.equal(logged.length, 1, consoleErrors.join('\n'));
});

test('handlers call back into the SDK: a method, off on themselves, destroy — every call settles', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400001702;
    const cloud = new LocalCloud(SDKAppID, { storage: 'memory' });
    const chat = T.create({ SDKAppID, storage: 'memory' });
    const out = { lists: [], once: 0, after: [], destroyed: null };
    chat.on(T.EVENT.SDK_READY, async () => {
      // Inside SDK_READY: a read and a write.
      const list = await chat.getConversationList();
      const read = await chat.setAllMessageRead();
      out.ready = [list.code, read.code];
    });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const self = () => { out.once++; chat.off(T.EVENT.MESSAGE_RECEIVED, self); };
    chat.on(T.EVENT.MESSAGE_RECEIVED, self);
    chat.on(T.EVENT.CONVERSATION_LIST_UPDATED, (e) => {
      chat.getConversationList().then((res) => out.lists.push([e.data.length, res.data.conversationList.length]));
    });
    const tick = () => new Promise((res) => setTimeout(res, 20));
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'one' });
    await tick();
    await cloud.sendMessage({ from: 'carol', to: 'alice', text: 'two' });
    await tick();
    // destroy from a handler; the handlers after it in the same event still run.
    chat.on(T.EVENT.MESSAGE_RECEIVED, () => { out.destroyed = chat.destroy().then((x) => x.code, (e) => e.code); });
    chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => out.after.push(e.data[0].payload.text));
    await cloud.sendMessage({ from: 'dave', to: 'alice', text: 'three' });
    await tick();
    out.destroyed = await out.destroyed;
    out.gone = await chat.getConversationList().then((x) => x.code, (e) => e.code);
    out.fresh = T.create({ SDKAppID, storage: 'memory' }) !== chat;
    return out;
  });
  assert.deepEqual(r.ready, [0, 0]);
  assert.equal(r.once, 1);
  assert.deepEqual(r.lists, [[1, 1], [2, 2]]);
  assert.deepEqual(r.after, ['three']);
  assert.equal(r.destroyed, 0);
  assert.equal(typeof r.gone, 'number');
  assert.notEqual(r.gone, 0);
  assert.equal(r.fresh, true);
});

test('calls in flight when logout or destroy comes settle, each with a code', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400001703;
    const cloud = new LocalCloud(SDKAppID, { storage: 'memory' });
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi' });
    const settle = (p) => Promise.race([
      p.then((x) => x.code, (e) => (typeof e.code === 'number' ? e.code : 'uncoded: ' + e)),
      new Promise((res) => setTimeout(() => res('hung'), 5000)),
    ]);
    // Each call's Promise, or what it threw synchronously (the gate's coded error).
    const attempt = (f) => {
      try {
        return f();
      } catch (e) {
        return Promise.reject(e);
      }
    };
    const burst = (chat) => [
      () => chat.getConversationList(),
      () => chat.sendMessage(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'x' } })),
      () => chat.createConversationGroup({ groupName: 'g', conversationIDList: ['C2Cbob'] }),
      () => chat.setMessageRead({ conversationID: 'C2Cbob' }),
      () => chat.getMessageList({ conversationID: 'C2Cbob' }),
      () => chat.pinConversation({ conversationID: 'C2Cbob', isPinned: true }),
    ].map(attempt);
    const out = {};
    for (const end of ['logout', 'destroy']) {
      const chat = T.create({ SDKAppID, storage: 'memory' });
      const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
      await chat.login({ userID: 'alice', userSig: 's' });
      await ready;
      const calls = burst(chat);
      const ended = attempt(() => chat[end]());
      out[end] = { calls: await Promise.all(calls.map(settle)), ended: await settle(ended) };
      // After logout, destroy rejects 2024 as in the original (and still destroys).
      if (end === 'logout') await chat.destroy().catch(() => {});
    }
    // While logging in: the calls wait for the login or are refused, never left hanging.
    const chat = T.create({ SDKAppID, storage: 'memory' });
    const login = attempt(() => chat.login({ userID: 'alice', userSig: 's' }));
    const calls = burst(chat);
    const ended = attempt(() => chat.logout());
    out.loggingIn = { calls: await Promise.all(calls.map(settle)), login: await settle(login), ended: await settle(ended) };
    await chat.destroy().catch(() => {});
    return out;
  });
  for (const [end, v] of Object.entries(r)) {
    for (const c of [...v.calls, v.ended]) assert.equal(typeof c, 'number', `${end}: ${JSON.stringify(v)}`);
  }
  assert.deepEqual([r.logout.ended, r.destroy.ended], [0, 0]);
});
