// Beyond the original (tim-wasm/full, CONTRACT §2): unread counts by filter, kept while
// subscribed (UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, across tabs), and the filtered list in
// pages. The default build has none of them: its surface is the original's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';
import { openSite } from './browser.mjs';
import { startServer, rawClient } from './server.mjs';

const ADDITIONS = [
  'getUnreadMessageCountByFilter', 'subscribeUnreadMessageCountByFilter',
  'unsubscribeUnreadMessageCountByFilter', 'getConversationListByFilter',
  'setConversationGroupOrder', 'markConversationGroupAsRead',
];

let resolve;
let server;
before(async () => {
  ({ resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href));
  server = await startServer();
});
after(async () => { await server?.stop(); });

test('Node: the full build adds the methods and the EVENT key after the original\'s; the default build does not', async () => {
  const full = await import(resolve('tim-wasm/full'));
  const core = await import(resolve('tim-wasm'));
  const keys = Object.keys(full.default.EVENT);
  assert.deepEqual(keys.slice(0, 37), Object.keys(core.default.EVENT));
  assert.deepEqual(keys.slice(37), [
    'UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED', 'CONVERSATION_GROUP_CREATED', 'CONVERSATION_GROUP_DELETED',
    'CONVERSATION_GROUP_NAME_CHANGED', 'CONVERSATIONS_ADDED_TO_GROUP', 'CONVERSATIONS_DELETED_FROM_GROUP',
  ]);
  assert.equal(full.default.EVENT.CONVERSATIONS_ADDED_TO_GROUP, 'onConversationsAddedToGroup');
  assert.equal(full.default.EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, 'onUnreadMessageCountByFilterUpdated');
  assert.equal(Object.keys(core.default.EVENT).length, 37);
  const chat = full.default.create({ SDKAppID: 1400000701, storage: 'memory' });
  const plain = core.default.create({ SDKAppID: 1400000702, storage: 'memory' });
  for (const m of ADDITIONS) {
    assert.equal(typeof chat[m], 'function', m);
    assert.ok(full.implementedMethods().includes(m), m);
    assert.equal(plain[m], undefined, m);
  }
  // Before login: the ready gate, as for the original's methods.
  await assert.rejects(chat.getUnreadMessageCountByFilter({}), (e) => typeof e.code === 'number' && e.message.includes('getUnreadMessageCountByFilter'));
  const ready = new Promise((r) => chat.on(full.default.EVENT.SDK_READY, r));
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  assert.throws(() => chat.getUnreadMessageCountByFilter('work'), (e) => e.code === 6017 && /filter/.test(e.message));
  assert.throws(() => chat.getConversationListByFilter({ count: 0 }), (e) => e.code === 6017 && /count/.test(e.message));
  assert.deepEqual(await chat.getUnreadMessageCountByFilter({}), { code: 0, data: { unreadCount: 0 } });
  await chat.destroy();
});

test('Chromium: a tab\'s subscribed count follows a message and a read in another tab; pages hand out the list\'s own objects', async () => {
  const site = await openSite(SITE);
  try {
    const app = 1400000703;
    const setup = async (page, user) => page.evaluate(async ([app, user]) => {
      const { default: T, LocalCloud } = await import('tim-wasm/full');
      window.T = T;
      window.cloud = new LocalCloud(app);
      window.chat = T.create({ SDKAppID: app });
      window.updates = [];
      chat.on(T.EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, (e) => updates.push(e.data));
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: user, userSig: 's' });
      await ready;
    }, [app, user]);
    const a = site.page;
    const b = await site.browser.newPage();
    await b.goto(site.origin + '/');
    await setup(a, 'alice');
    await setup(b, 'alice');

    const first = await a.evaluate(async () => {
      for (let i = 0; i < 12; i++) await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'hi' });
      await chat.createConversationGroup({ groupName: 'work', conversationIDList: ['C2Cu1', 'C2Cu2'] });
      const sub = await chat.subscribeUnreadMessageCountByFilter({ groupName: 'work' });
      const total = await chat.getUnreadMessageCountByFilter({});
      updates.length = 0;
      return { sub, total: total.data.unreadCount, sync: chat.getTotalUnreadMessageCount() };
    });
    assert.deepEqual(first.sub, { code: 0, data: { unreadCount: 2 } });
    assert.equal(first.total, first.sync);

    // Tab b: a message into the group, then a read: tab a hears each count once.
    await b.evaluate(async () => {
      await cloud.sendMessage({ from: 'u1', to: 'alice', text: 'again' });
      await new Promise((r) => setTimeout(r, 300));
      await chat.setMessageRead({ conversationID: 'C2Cu2' });
    });
    const heard = await a.evaluate(async () => {
      for (let i = 0; i < 50 && updates.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      return updates;
    });
    assert.deepEqual(heard, [
      { filter: { groupName: 'work' }, unreadCount: 3 },
      { filter: { groupName: 'work' }, unreadCount: 2 },
    ]);

    const paged = await a.evaluate(async () => {
      const list = (await chat.getConversationList()).data.conversationList;
      const seen = [];
      let page = await chat.getConversationListByFilter({ nextSeq: 0, count: 5 });
      const sizes = [];
      for (;;) {
        sizes.push(page.data.conversationList.length);
        seen.push(...page.data.conversationList);
        if (page.data.isFinished) break;
        page = await chat.getConversationListByFilter({ nextSeq: page.data.nextSeq, count: 5 });
      }
      const work = await chat.getConversationListByFilter({ filter: { groupName: 'work' }, nextSeq: 0, count: 10 });
      return {
        sizes,
        same: seen.length === list.length && seen.every((c, i) => c === list[i]),
        work: work.data.conversationList.map((c) => c.conversationID),
        done: [work.data.isFinished, work.data.nextSeq],
      };
    });
    assert.deepEqual(paged, { sizes: [5, 5, 2], same: true, work: ['C2Cu1', 'C2Cu2'], done: [true, 0] });

    // The fine-grained group events, here and in the other tab, with the list's own objects.
    const told = async (page) => page.evaluate(() => {
      window.fine = [];
      for (const k of ['CONVERSATION_GROUP_CREATED', 'CONVERSATIONS_ADDED_TO_GROUP', 'CONVERSATION_GROUP_NAME_CHANGED', 'CONVERSATION_GROUP_DELETED']) {
        chat.on(T.EVENT[k], (e) => fine.push([e.name, e.data.conversationList ? e.data.conversationList.map((c) => c.conversationID) : e.data]));
      }
    });
    await told(a);
    await told(b);
    const mine = await a.evaluate(async () => {
      let created;
      chat.once(T.EVENT.CONVERSATION_GROUP_CREATED, (e) => { created = e.data.conversationList[0]; });
      await chat.createConversationGroup({ groupName: 'home', conversationIDList: ['C2Cu3'] });
      // The event's object is the list's (CONTRACT §6), with the new group on it.
      const listed = (await chat.getConversationList()).data.conversationList.find((c) => c.conversationID === 'C2Cu3');
      const same = listed === created && created.conversationGroupList.includes('home');
      await chat.addConversationsToGroup({ groupName: 'home', conversationIDList: ['C2Cu3', 'C2Cu4'] });
      await chat.renameConversationGroup({ oldName: 'home', newName: 'house' });
      await chat.deleteConversationGroup('house');
      return { fine, same };
    });
    const expected = [
      ['onConversationGroupCreated', ['C2Cu3']],
      ['onConversationsAddedToGroup', ['C2Cu4']],
      ['onConversationGroupNameChanged', { oldName: 'home', newName: 'house' }],
      ['onConversationGroupDeleted', { groupName: 'house' }],
    ];
    assert.deepEqual(mine.fine, expected);
    assert.ok(mine.same);
    const theirs = await b.evaluate(async () => {
      for (let i = 0; i < 50 && fine.length < 4; i++) await new Promise((r) => setTimeout(r, 100));
      return fine;
    });
    assert.deepEqual(theirs, expected);
    await a.evaluate(() => chat.destroy());
    await b.evaluate(() => chat.destroy());
  } finally {
    await site.close();
  }
});

test('server: the group order reaches the other device; marking a group read moves a subscribed count', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
  await chat.login({ userID: 'alice', userSig: await server.sig('alice') });
  await ready;
  const other = await rawClient(server, 'alice');
  const bob = await rawClient(server, 'bob');
  try {
    for (let i = 0; i < 3; i++) {
      await bob.call({ SendMessage: { conv_type: 'C2c', to: 'alice', payload: { Text: { text: 'hi' + i } }, cloud_custom_data: '', random: i + 1, client_time: i + 1 } });
    }
    for (let i = 0; i < 50 && chat.getTotalUnreadMessageCount() < 3; i++) await new Promise((r) => setTimeout(r, 50));
    await chat.createConversationGroup({ groupName: 'a', conversationIDList: ['C2Cbob'] });
    await chat.createConversationGroup({ groupName: 'b', conversationIDList: ['C2Cbob'] });
    assert.deepEqual((await chat.subscribeUnreadMessageCountByFilter({ groupName: 'a' })).data, { unreadCount: 3 });

    const listed = new Promise((r) => chat.on(T.EVENT.CONVERSATION_GROUP_LIST_UPDATED, (e) => r(e.data)));
    assert.deepEqual(await chat.setConversationGroupOrder(['b']), { code: 0, data: { groupNameList: ['b', 'a'] } });
    assert.deepEqual(await listed, ['b', 'a']);
    assert.deepEqual((await chat.getConversationGroupList()).data, ['b', 'a']);
    const pushed = (await other.push((b) => b.ConvGroupOrder)).body.ConvGroupOrder;
    assert.deepEqual(pushed.map(([, n]) => n), ['b', 'a']);
    await assert.rejects(chat.setConversationGroupOrder(['nope']), (e) => e.code === 51009);
    assert.throws(() => chat.setConversationGroupOrder(['a', 'a']), (e) => e.code === 6017);

    const counted = new Promise((r) => chat.on(T.EVENT.UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED, (e) => r(e.data)));
    assert.deepEqual(await chat.markConversationGroupAsRead('a'), { code: 0, data: {} });
    assert.deepEqual(await counted, { filter: { groupName: 'a' }, unreadCount: 0 });
    assert.equal(chat.getTotalUnreadMessageCount(), 0);
    await assert.rejects(chat.markConversationGroupAsRead('nope'), (e) => e.code === 51009);
  } finally {
    other.close();
    bob.close();
    await chat.destroy();
  }
});
