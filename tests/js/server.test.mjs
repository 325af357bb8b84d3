// Server mode (CONTRACT §9) end to end: tim-wasm in Node and in Chromium against the tim-wasm
// server the test starts. Messages and conversation groups reach the other user and the
// user's other devices with the original's events; a reload keeps everything (the server holds
// it); kill -9 with a call in flight: NET_STATE_CHANGE, the call is re-sent after the restart
// and applied once; the login checks the userSig with Tencent's codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';
import { startServer, startPostgres, rawClient } from './server.mjs';
import { openSite } from './browser.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const text = (to, t, random) => ({ SendMessage: { conv_type: 'C2c', to, payload: { Text: { text: t } }, cloud_custom_data: '', random, client_time: 1 } });

/** Resolves with the first event `name` whose data passes `pred`. */
function when(chat, name, pred = () => true) {
  return new Promise((resolve) => {
    const h = (e) => { if (pred(e.data)) { chat.off(name, h); resolve(e.data); } };
    chat.on(name, h);
  });
}

test('Node: tim-wasm logs in with a userSig, chats with another client, survives kill -9 of the server', async () => {
  const { resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href);
  const { default: T } = await import(resolve('tim-wasm'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const net = [];
  chat.on(T.EVENT.NET_STATE_CHANGE, (e) => net.push(e.data.state));

  // The sig is checked: another user's sig is 70013, and the failed login leaves 3001.
  await assert.rejects(chat.login({ userID: 'alice', userSig: await server.sig('bob') }), (e) => e.code === 70013);
  const ready = when(chat, T.EVENT.SDK_READY);
  const login = await chat.login({ userID: 'alice', userSig: await server.sig('alice') });
  assert.equal(login.code, 0);
  await ready;

  // bob writes: alice gets MESSAGE_RECEIVED and the conversation with an unread message.
  const bob = await rawClient(server, 'bob');
  const got = when(chat, T.EVENT.MESSAGE_RECEIVED);
  assert.ok((await bob.call(text('alice', 'hi alice', 1))).Ok.Sent);
  assert.deepEqual((await got).map((m) => [m.from, m.payload.text, m.flow]), [['bob', 'hi alice', 'in']]);
  const [conv] = (await chat.getConversationList()).data.conversationList;
  assert.deepEqual([conv.conversationID, conv.unreadCount, conv.lastMessage.payload.text], ['C2Cbob', 1, 'hi alice']);

  // alice answers and files bob in a conversation group; bob gets the message as a push.
  const sent = await chat.sendMessage(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'hi bob' } }));
  assert.equal(sent.data.message.status, 'success');
  assert.equal((await bob.push((b) => b.Message)).body.Message.message.payload.Text.text, 'hi bob');
  await chat.createConversationGroup({ groupName: 'Friends', conversationIDList: ['C2Cbob'] });
  assert.deepEqual((await chat.getConversationGroupList()).data, ['Friends']);
  bob.close();

  // kill -9: "connecting"; a message sent meanwhile waits, is re-sent after the restart and
  // stored once; "connected" again.
  await server.kill();
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(net, ['connecting']);
  const pending = chat.sendMessage(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'while down' } }));
  await server.restart();
  assert.equal((await pending).data.message.status, 'success');
  assert.deepEqual(net, ['connecting', 'connected']);
  const bob2 = await rawClient(server, 'bob');
  const history = (await bob2.call({ GetMessages: { conversation_id: 'C2Calice', before: null, count: 15 } })).Ok.Messages.messages;
  assert.deepEqual(history.map((m) => m.payload.Text.text), ['hi alice', 'hi bob', 'while down']);
  // The group and read state survived too: a fresh login sees them.
  await chat.logout();
  const again = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: await server.sig('alice') });
  await again;
  const list = (await chat.getConversationList()).data.conversationList;
  assert.deepEqual(list.map((c) => [c.conversationID, c.conversationGroupList, c.lastMessage.payload.text]), [['C2Cbob', ['Friends'], 'while down']]);
  await chat.destroy();
  bob2.close();

  // An SDKAppID the server does not serve: 70020.
  const other = T.create({ SDKAppID: server.app + 1, server: server.url });
  await assert.rejects(other.login({ userID: 'alice', userSig: await server.sig('alice') }), (e) => e.code === 70020);
  await other.destroy().catch(() => {});
});

test('Node: two nodes on one Postgres; a client given both moves on when its node dies', async () => {
  const pg = await startPostgres();
  const a = await startServer(pg.url);
  const b = await startServer(pg.url);
  const { resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href);
  const { default: T } = await import(resolve('tim-wasm'));
  assert.equal(a.app, b.app, 'the nodes share one development app');
  const chat = T.create({ SDKAppID: a.app, server: [a.url, b.url] });
  try {
    const net = [];
    chat.on(T.EVENT.NET_STATE_CHANGE, (e) => net.push(e.data.state));
    const ready = when(chat, T.EVENT.SDK_READY);
    await chat.login({ userID: 'alice', userSig: await a.sig('alice') });
    await ready;
    // bob is on the other node: his message reaches alice across nodes.
    const bob = await rawClient(b, 'bob');
    const first = when(chat, T.EVENT.MESSAGE_RECEIVED);
    await bob.call(text('alice', 'across nodes', 1));
    assert.deepEqual((await first).map((m) => m.payload.text), ['across nodes']);
    // alice's node dies: she moves to the other; what she sends meanwhile arrives once.
    await a.kill();
    await new Promise((r) => setTimeout(r, 300));
    const pending = chat.sendMessage(chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'during failover' } }));
    assert.equal((await pending).data.message.status, 'success');
    assert.deepEqual(net, ['connecting', 'connected']);
    assert.equal((await bob.push((p) => p.Message)).body.Message.message.payload.Text.text, 'during failover');
    const second = when(chat, T.EVENT.MESSAGE_RECEIVED);
    await bob.call(text('alice', 'on the same node now', 2));
    assert.deepEqual((await second).map((m) => m.payload.text), ['on the same node now']);
    const history = (await bob.call({ GetMessages: { conversation_id: 'C2Calice', before: null, count: 15 } })).Ok.Messages.messages;
    assert.deepEqual(history.map((m) => m.payload.Text.text), ['across nodes', 'during failover', 'on the same node now']);
    bob.close();
  } finally {
    await chat.destroy().catch(() => {});
    await b.stop();
    pg.stop();
  }
});

test('Chromium: two users on two pages, a second device, and a reload that keeps everything', async () => {
  const site = await openSite(SITE);
  try {
    const pages = [site.page, await site.browser.newPage(), await site.browser.newPage()];
    await Promise.all(pages.slice(1).map((p) => p.goto(site.origin + '/')));
    // New users: the server still holds the Node test's alice and bob.
    const [ann, ben, ben2] = pages;
    const login = async (page, user) => page.evaluate(async ({ url, app, user, sig }) => {
      const { default: T } = await import('tim-wasm');
      const chat = T.create({ SDKAppID: app, server: url });
      window.chat = chat;
      window.T = T;
      window.seen = [];
      for (const name of [T.EVENT.MESSAGE_RECEIVED, T.EVENT.CONVERSATION_GROUP_LIST_UPDATED, T.EVENT.CONVERSATION_LIST_UPDATED]) {
        chat.on(name, (e) => window.seen.push([name, name === T.EVENT.MESSAGE_RECEIVED ? e.data.map((m) => m.payload.text) : name === T.EVENT.CONVERSATION_LIST_UPDATED ? e.data.map((c) => c.conversationID) : e.data]));
      }
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: user, userSig: sig });
      await ready;
      return chat.getLoginUser();
    }, { url: server.url, app: server.app, user, sig: await server.sig(user) });
    assert.equal(await login(ann, 'ann'), 'ann');
    assert.equal(await login(ben, 'ben'), 'ben');
    assert.equal(await login(ben2, 'ben'), 'ben');
    const waitFor = (page, name, match) => page.waitForFunction(([name, match]) => window.seen.some(([n, d]) => n === name && JSON.stringify(d).includes(match)), [name, match], { timeout: 10_000 });

    // ann → ben: both of ben's devices receive it.
    await ann.evaluate(() => chat.sendMessage(chat.createTextMessage({ to: 'ben', conversationType: 'C2C', payload: { text: 'from the browser' } })));
    await waitFor(ben, 'onMessageReceived', 'from the browser');
    await waitFor(ben2, 'onMessageReceived', 'from the browser');

    // ben files ann in a group and pins her on one device; the other device follows.
    await ben.evaluate(async () => {
      await chat.createConversationGroup({ groupName: 'Work', conversationIDList: ['C2Cann'] });
      await chat.pinConversation({ conversationID: 'C2Cann', isPinned: true });
    });
    await waitFor(ben2, 'onConversationGroupListUpdated', 'Work');
    await ben2.waitForFunction(async () => (await chat.getConversationList()).data.conversationList[0]?.isPinned === true, null, { timeout: 10_000 });
    await ben2.evaluate(() => chat.renameConversationGroup({ oldName: 'Work', newName: 'Job' }));
    await waitFor(ben, 'onConversationGroupListUpdated', 'Job');

    // A reload: the page keeps nothing, the server has it all.
    await ben.reload();
    await login(ben, 'ben');
    const state = await ben.evaluate(async () => {
      const [c] = (await chat.getConversationList()).data.conversationList;
      return { id: c.conversationID, pinned: c.isPinned, groups: c.conversationGroupList, last: c.lastMessage.payload.text, unread: c.unreadCount, all: (await chat.getConversationGroupList()).data };
    });
    assert.deepEqual(state, { id: 'C2Cann', pinned: true, groups: ['Job'], last: 'from the browser', unread: 1, all: ['Job'] });
  } finally {
    await site.close();
  }
});
