// The package in Node (CONTRACT §3): `import` and `require` both work; the embedded local cloud
// runs with `storage: 'memory'` (bots, integration tests); the default IndexedDB storage fails
// with a clear code; importing never throws. Both entries load the tarball as users get it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';

const PKG = join(SITE, 'node_modules/tim-wasm');

/** Logs alice in on memory storage, has bob message her, and reads what she sees. */
async function chatWith(T, LocalCloud, app) {
  const chat = T.create({ SDKAppID: app, storage: 'memory' });
  const events = [];
  chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => events.push(e.data.map((m) => m.payload.text).join()));
  const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
  const login = await chat.login({ userID: 'alice', userSig: 'sig' });
  await ready;
  await new LocalCloud(app, { storage: 'memory' }).sendMessage({ from: 'bob', to: 'alice', text: 'hi from bob' });
  const sent = await chat.sendMessage(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'hi bob' } }));
  const list = (await chat.getConversationList()).data.conversationList;
  const history = (await chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList.map((m) => `${m.flow}:${m.payload.text}`);
  await chat.logout();
  return { login: login.code, events, sent: sent.data.message.status, list: list.map((c) => c.conversationID), history, total: chat.getTotalUnreadMessageCount() };
}

const EXPECTED = { login: 0, events: ['hi from bob'], sent: 'success', list: ['C2Cbob'], history: ['in:hi from bob', 'out:hi bob'], total: 0 };

test('import in Node: the local cloud on memory storage works; IndexedDB storage rejects 2983', async () => {
  // By name, from the app that installed it: Node takes the `node` condition's entry.
  const { resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href);
  assert.equal(resolve('tim-wasm'), pathToFileURL(join(PKG, 'dist/tim-wasm.node.js')).href);
  const mod = await import(resolve('tim-wasm'));
  const T = mod.default;
  assert.deepEqual(Object.keys(T), ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  assert.ok(mod.implementedMethods().includes('sendMessage'));
  assert.deepEqual(await chatWith(T, mod.LocalCloud, 1400000501), EXPECTED);
  const stored = T.create({ SDKAppID: 1400000502 });
  await assert.rejects(stored.login({ userID: 'a', userSig: 's' }), (e) => {
    assert.equal(e.code, 2983);
    assert.match(e.message, /no IndexedDB.*storage: 'memory'/);
    return true;
  });
});

test('require in Node gives the static object itself, ready at once', async () => {
  // By name, from a file of the app that installed it (its `exports` `require` condition).
  const T = createRequire(join(SITE, 'app.cjs'))('tim-wasm');
  assert.equal(createRequire(join(SITE, 'app.cjs')).resolve('tim-wasm'), join(PKG, 'dist/tim-wasm.cjs'));
  assert.deepEqual(Object.keys(T), ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  assert.equal(T.default, T);
  assert.equal(typeof T.LocalCloud, 'function');
  assert.deepEqual(await chatWith(T, T.LocalCloud, 1400000503), EXPECTED);
});
