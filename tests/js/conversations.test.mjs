// Conversation APIs through the public API in headless Chromium: the Conversation object's
// shape against the spec's table, identity, list forms and filters, pin/mark/draft/custom
// data/remind type/clear history with their results and events, and pushes from another user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });
const run = (fn, arg) => site.page.evaluate(fn, arg);

test('Conversation objects: keys, order, defaults, identity, no live mutation', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400000301;
    const cloud = new LocalCloud(SDKAppID);
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi' });
    const chat = T.create({ SDKAppID });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    const events = [];
    chat.on(T.EVENT.CONVERSATION_LIST_UPDATED, (e) => events.push(e.data));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const a = (await chat.getConversationList()).data.conversationList[0];
    const b = (await chat.getConversationList()).data.conversationList[0];
    // Each call and each event gives a new array of the same objects: splicing one harms nothing.
    const l1 = (await chat.getConversationList()).data.conversationList;
    l1.splice(0, l1.length);
    const l2 = (await chat.getConversationList()).data.conversationList;
    const arrays = { fresh: l1 !== l2 && l2 !== events[events.length - 1], kept: l2.length === 1 && l2[0] === a };
    const fromEvent = events[events.length - 1][0];
    const shape = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, k === 'lastMessage' || k === 'userProfile' ? typeof v : v]));
    a.unreadCount = 99; // mutating a handed-out object never changes SDK state
    const afterMutation = chat.getTotalUnreadMessageCount();
    await chat.setMessageRead({ conversationID: 'C2Cbob' });
    const c = (await chat.getConversationList()).data.conversationList[0];
    await chat.logout();
    return { arrays, keys: Object.keys(a), shape, same: a === b && a === fromEvent, changedIsNew: c !== a, cUnread: c.unreadCount, afterMutation };
  });
  assert.deepEqual(r.shape, {
    conversationID: 'C2Cbob', unreadCount: 1, type: 'C2C', lastMessage: 'object', _isInfoCompleted: false,
    peerReadTime: 0, groupAtInfoList: [], remark: '', isPinned: false, messageRemindType: 'AcceptAndNotify',
    markList: [], customData: '', conversationGroupList: [], draftText: '', userProfile: 'object', subType: '',
  });
  assert.deepEqual(r.keys, ['conversationID', 'unreadCount', 'type', 'lastMessage', '_isInfoCompleted', 'peerReadTime',
    'groupAtInfoList', 'remark', 'isPinned', 'messageRemindType', 'markList', 'customData', 'conversationGroupList',
    'draftText', 'userProfile', 'subType'], 'spec §8.1 key order');
  assert.ok(r.same, 'the same object from the list, again, and in the event');
  assert.deepEqual(r.arrays, { fresh: true, kept: true });
  assert.ok(r.changedIsNew, 'a change gives a new object');
  assert.equal(r.cUnread, 0);
  assert.equal(r.afterMutation, 1);
});

test('list forms, filters, pin, mark, draft, custom data, remind type, clear history', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const E = T.EVENT;
    const SDKAppID = 1400000302;
    const cloud = new LocalCloud(SDKAppID);
    for (const u of ['u1', 'u2', 'u3']) await cloud.sendMessage({ from: u, to: 'alice', text: 'from ' + u });
    const chat = T.create({ SDKAppID });
    const ready = new Promise((res) => chat.on(E.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const log = [];
    chat.on(E.CONVERSATION_LIST_UPDATED, (e) => log.push('CLU'));
    chat.on(E.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (e) => log.push('TOTAL:' + e.data));
    const ids = async (arg) => (await chat.getConversationList(arg)).data.conversationList.map((c) => c.conversationID);
    const out = {};
    out.forms = { none: await ids(), arr: await ids(['C2Cu1', 'C2Cu3', 'C2Cnobody']), empty: await ids([]), nul: await ids(null), str: await ids('x'), obj: await ids({}) };
    out.pin = (await chat.pinConversation({ conversationID: 'C2Cu1', isPinned: true })).data;
    out.afterPin = await ids();
    out.mark = (await chat.markConversation({ conversationIDList: ['C2Cu2', 'C2Cnobody'], markType: T.TYPES.CONV_MARK_TYPE_STAR, enableMark: true })).data;
    out.starred = await ids({ markType: T.TYPES.CONV_MARK_TYPE_STAR });
    out.unmarked = await ids({ markType: 0 });
    out.custom = (await chat.setConversationCustomData({ conversationIDList: ['C2Cu3'], customData: 'vip' })).data;
    let threw = null;
    try { chat.setConversationCustomData({ conversationIDList: ['C2Cu3'], customData: 'x'.repeat(257) }); } catch (e) { threw = e.code; }
    out.customTooLong = threw;
    const draft = await chat.setConversationDraft({ conversationID: 'C2Cu3', draftText: 'unsent' });
    out.draft = { code: draft.data.code, text: draft.data.conversation.draftText };
    log.length = 0;
    out.remind = (await chat.setMessageRemindType({ userIDList: ['u3'], messageRemindType: T.TYPES.MSG_REMIND_ACPT_NOT_NOTE })).data;
    out.remindEvents = log.splice(0);
    out.total = chat.getTotalUnreadMessageCount();
    out.clear = (await chat.clearHistoryMessage('C2Cu2')).data;
    out.cleared = (await chat.getConversationProfile('C2Cu2')).data.conversation.lastMessage.lastTime;
    out.clearEvents = log.splice(0);
    await cloud.sendMessage({ from: 'u2', to: 'alice', text: 'again' });
    out.pushEvents = log.splice(0);
    out.finalOrder = await ids();
    out.unknownDraft = await chat.setConversationDraft({ conversationID: 'C2Cnobody', draftText: 'x' }).then(() => 0, (e) => e.code);
    out.deleteString = (await chat.deleteConversation('C2Cu3')).data;
    out.deleteMissing = await chat.deleteConversation({ conversationIDList: ['C2Cu3'] }).then(() => 0, (e) => e.code);
    await chat.logout();
    return out;
  });
  assert.deepEqual(r.forms, {
    none: ['C2Cu3', 'C2Cu2', 'C2Cu1'], arr: ['C2Cu3', 'C2Cu1'], empty: [], nul: [], str: [], obj: ['C2Cu3', 'C2Cu2', 'C2Cu1'],
  });
  assert.deepEqual(r.pin, { conversationID: 'C2Cu1' });
  assert.deepEqual(r.afterPin, ['C2Cu1', 'C2Cu3', 'C2Cu2']);
  assert.deepEqual(r.mark.successConversationIDList, ['C2Cu2']);
  assert.equal(r.mark.failureConversationIDList[0].code, 2500);
  assert.deepEqual(r.starred, ['C2Cu2']);
  assert.deepEqual(r.unmarked, ['C2Cu1', 'C2Cu3']);
  assert.deepEqual(r.custom, { successConversationIDList: ['C2Cu3'], failureConversationIDList: [] });
  assert.equal(r.customTooLong, 6017);
  assert.deepEqual(r.draft, { code: 0, text: 'unsent' });
  assert.deepEqual(r.remind, { successUserIDList: [{ userID: 'u3' }], failureUserIDList: [] });
  assert.deepEqual(r.remindEvents, ['CLU', 'TOTAL:2'], 'a muted conversation leaves the total');
  assert.equal(r.total, 2);
  assert.deepEqual(r.clear, { conversationID: 'C2Cu2' });
  assert.equal(r.cleared, 0);
  assert.deepEqual(r.clearEvents, ['CLU', 'TOTAL:1']);
  assert.deepEqual(r.pushEvents, ['CLU', 'TOTAL:2']);
  assert.deepEqual(r.finalOrder, ['C2Cu1', 'C2Cu2', 'C2Cu3']);
  assert.equal(r.unknownDraft, 2500);
  assert.deepEqual(r.deleteString, { conversationID: 'C2Cu3' });
  assert.equal(r.deleteMissing, 2500);
});

test('a GROUP conversation of a group not known here still has its groupProfile', async () => {
  const r = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 1400000309, storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    await chat.pinConversation({ conversationID: 'GROUPghost', isPinned: true });
    const c = (await chat.getConversationList()).data.conversationList.find((x) => x.conversationID === 'GROUPghost');
    await chat.logout();
    return { groupID: c.groupProfile && c.groupProfile.groupID, hasUser: 'userProfile' in c, memberNum: c.groupProfile && c.groupProfile.memberNum };
  });
  assert.deepEqual(r, { groupID: 'ghost', hasUser: false, memberNum: 0 });
});

test('createForwardMessage: a received message goes on to another conversation as one\'s own, synchronously', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400000305;
    const cloud = new LocalCloud(SDKAppID, { storage: 'memory' });
    const chat = T.create({ SDKAppID, storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const got = new Promise((res) => chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => res(e.data[0])));
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'see you at 1' });
    const received = await got;
    const fwd = chat.createForwardMessage({ to: 'carol', conversationType: T.TYPES.CONV_C2C, payload: received });
    const shape = [fwd.type, fwd.payload.text, fwd.from, fwd.to, fwd.status, fwd.conversationID];
    const sent = (await chat.sendMessage(fwd)).data.message;
    const list = (await chat.getConversationList()).data.conversationList.map((c) => [c.conversationID, c.lastMessage.payload?.text]);
    let notAMessage;
    try { chat.createForwardMessage({ to: 'carol', conversationType: 'C2C', payload: { text: 'x' } }); } catch (e) { notAMessage = e.code; }
    await chat.destroy();
    return { shape, same: sent === fwd, status: sent.status, list, notAMessage };
  });
  assert.deepEqual(r.shape, ['TIMTextElem', 'see you at 1', 'alice', 'carol', 'unSend', 'C2Ccarol']);
  assert.deepEqual([r.same, r.status], [true, 'success']);
  assert.deepEqual(r.list, [['C2Ccarol', 'see you at 1'], ['C2Cbob', 'see you at 1']]);
  assert.equal(r.notAMessage, 2454);
});

test('the kept list follows incoming messages in place: each moves its conversation to the top, the rest keep their order', async () => {
  const r = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400000304;
    const cloud = new LocalCloud(SDKAppID, { storage: 'memory' });
    for (let i = 0; i < 40; i++) await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'm' + i });
    const chat = T.create({ SDKAppID, storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    // One conversation pinned: a new message elsewhere moves below it, not to index 0.
    await chat.pinConversation({ conversationID: 'C2Cu20', isPinned: true });
    let prev = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID);
    const wrong = [];
    let seen;
    chat.on(T.EVENT.CONVERSATION_LIST_UPDATED, (e) => { seen = e.data.map((c) => c.conversationID); });
    for (const i of [0, 39, 5, 5, 33, 20, 1, 38, 0, 12]) {
      seen = undefined;
      await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'again' });
      await new Promise((res) => setTimeout(res, 0));
      const id = 'C2Cu' + i;
      const rest = prev.filter((x) => x !== id && x !== 'C2Cu20');
      const want = id === 'C2Cu20' ? [id, ...rest] : ['C2Cu20', id, ...rest];
      if (JSON.stringify(seen) !== JSON.stringify(want)) wrong.push({ i, seen: seen?.slice(0, 4), want: want.slice(0, 4) });
      const listed = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID);
      if (JSON.stringify(listed) !== JSON.stringify(want)) wrong.push({ i, listed: listed.slice(0, 4) });
      prev = want;
    }
    await chat.destroy();
    return wrong;
  });
  assert.deepEqual(r, []);
});
