// Conversation groups through the public API in headless Chromium: the documentation page's
// samples as written (typos fixed), each method's events and their order, the cloud's codes,
// and a change made "on another device" (the admin handle) arriving with the right events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

let site;
after(async () => { await site?.close(); });
const run = (fn, arg) => site.page.evaluate(fn, arg);

// Shared page helpers: a logged-in alice with C2Cexample and GROUPtest (as in the samples).
const SETUP = `
  window.setupAlice = async (SDKAppID) => {
    const { default: TencentCloudChat, LocalCloud } = await import('tim-wasm');
    const cloud = new LocalCloud(SDKAppID);
    await cloud.sendMessage({ from: 'example', to: 'alice', text: 'hello' });
    await cloud.createGroup({ ownerID: 'carol', groupID: 'test', name: 'Test', memberList: ['alice'] });
    const chat = TencentCloudChat.create({ SDKAppID });
    const log = [];
    const E = TencentCloudChat.EVENT;
    chat.on(E.CONVERSATION_GROUP_LIST_UPDATED, (e) => log.push(['CGLU', e.data]));
    chat.on(E.CONVERSATION_IN_GROUP_UPDATED, (e) => log.push(['CIGU', e.data.groupName, e.data.conversationList.map((c) => c.conversationID).sort()]));
    chat.on(E.CONVERSATION_LIST_UPDATED, (e) => log.push(['CLU', e.data.length, e.isSyncCompleted]));
    const ready = new Promise((r) => chat.on(E.SDK_READY, r));
    await chat.login({ userID: 'alice', userSig: 'sig' });
    await ready;
    log.length = 0;
    return { TencentCloudChat, chat, cloud, log };
  };`;

before(async () => {
  site = await openSite(SITE);
  await site.page.addScriptTag({ content: SETUP });
});

test('the documentation samples run as written, with the results and events described', async () => {
  const r = await run(async () => {
    const { chat, log } = await window.setupAlice(1400000101);
    const steps = {};
    const mark = (name) => log.push(['resolved', name]);
    // Creating a conversation group
    let promise = chat.createConversationGroup({
      conversationIDList: ['GROUPtest', 'C2Cexample'],
      groupName: 'Suppliers',
    });
    await promise.then(function (imResponse) {
      const { successConversationIDList, failureConversationIDList } = imResponse.data;
      const conversationList = chat.getConversationList(successConversationIDList);
      steps.create = { code: imResponse.code, successConversationIDList, failureConversationIDList, isPromise: conversationList instanceof Promise };
      failureConversationIDList.forEach((item) => { const { conversationID, code, message } = item; steps.createFailure = { conversationID, code, message }; });
    }).catch(function (imError) { steps.createError = imError.code; });
    mark('create');
    // Getting the list of conversation groups, and the group's conversations
    promise = chat.getConversationGroupList();
    await promise.then(function (imResponse) { steps.groupNameList = imResponse.data; });
    promise = chat.getConversationList({ groupName: 'Suppliers' });
    await promise.then(function (imResponse) { steps.inGroup = imResponse.data.conversationList.map((c) => c.conversationID).sort(); });
    mark('lists');
    // Renaming a conversation group
    promise = chat.renameConversationGroup({ oldName: 'Suppliers', newName: 'Suppliers_new' });
    await promise.then(function (imResponse) { steps.rename = imResponse; }).catch(function (imError) { steps.renameError = imError.code; });
    mark('rename');
    steps.afterRename = (await chat.getConversationList({ groupName: 'Suppliers_new' })).data.conversationList.map((c) => [c.conversationID, c.conversationGroupList]);
    // Deleting a conversation from a group
    promise = chat.deleteConversationsFromGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers_new' });
    await promise.then(function (imResponse) {
      const { successConversationIDList, failureConversationIDList } = imResponse.data;
      steps.remove = { successConversationIDList, failureConversationIDList };
    }).catch(function (imError) { steps.removeError = imError.code; });
    mark('remove');
    // Adding a conversation to a group
    promise = chat.addConversationsToGroup({ conversationIDList: ['GROUPtest', 'C2Cexample'], groupName: 'Suppliers_new' });
    await promise.then(function (imResponse) {
      const { successConversationIDList, failureConversationIDList } = imResponse.data;
      steps.add = { successConversationIDList, failureConversationIDList };
    }).catch(function (imError) { steps.addError = imError.code; });
    mark('add');
    // Deleting a conversation group
    promise = chat.deleteConversationGroup('Suppliers_new');
    await promise.then(function (res) { steps.deleted = res === undefined; }).catch(function (imError) { steps.deleteError = imError.code; });
    mark('delete');
    steps.finalGroups = (await chat.getConversationGroupList()).data;
    steps.finalLists = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationGroupList.length);
    await chat.logout();
    return { steps, log };
  });
  const s = r.steps;
  assert.deepEqual(s.create, { code: 0, successConversationIDList: ['GROUPtest', 'C2Cexample'], failureConversationIDList: [], isPromise: true });
  assert.deepEqual(s.groupNameList, ['Suppliers']);
  assert.deepEqual(s.inGroup, ['C2Cexample', 'GROUPtest']);
  assert.equal(s.rename, undefined, 'rename resolves undefined');
  assert.deepEqual(s.afterRename.map((x) => x[1]), [['Suppliers_new'], ['Suppliers_new']]);
  assert.deepEqual(s.remove, { successConversationIDList: ['GROUPtest', 'C2Cexample'], failureConversationIDList: [] });
  assert.deepEqual(s.add, { successConversationIDList: ['GROUPtest', 'C2Cexample'], failureConversationIDList: [] });
  assert.equal(s.deleted, true, 'delete resolves undefined');
  assert.deepEqual(s.finalGroups, []);
  assert.deepEqual(s.finalLists, [0, 0]);
  // Events, each before its call's Promise resolves, in the original's order, one per name.
  assert.deepEqual(r.log, [
    ['CGLU', ['Suppliers']], ['CLU', 2, true], ['resolved', 'create'],
    ['resolved', 'lists'],
    ['CGLU', ['Suppliers_new']], ['CLU', 2, true], ['resolved', 'rename'],
    ['CLU', 2, true], ['CIGU', 'Suppliers_new', []], ['resolved', 'remove'],
    ['CLU', 2, true], ['CIGU', 'Suppliers_new', ['C2Cexample', 'GROUPtest']], ['resolved', 'add'],
    ['CGLU', []], ['CLU', 2, true], ['resolved', 'delete'],
  ]);
});

test('rules and codes: pre-check, limits, bytes, duplicates, unknown groups', async () => {
  const r = await run(async () => {
    const { chat, log } = await window.setupAlice(1400000102);
    const code = (p) => p.then(() => 0, (e) => e.code);
    const out = {};
    out.allUnknown = (await chat.createConversationGroup({ groupName: 'X', conversationIDList: ['C2Cnobody', 'foo'] })).data;
    out.noGroupCreated = (await chat.getConversationGroupList()).data;
    out.eventsForNothing = log.length;
    out.cjk11 = await code(chat.createConversationGroup({ groupName: '组'.repeat(11), conversationIDList: ['C2Cexample'] }));
    let threw = null;
    try { chat.createConversationGroup({ groupName: 'x'.repeat(33), conversationIDList: ['C2Cexample'] }); } catch (e) { threw = e.code; }
    out.client33 = threw;
    for (let i = 0; i < 20; i++) await chat.createConversationGroup({ groupName: 'g' + i, conversationIDList: ['C2Cexample'] });
    out.duplicate = await code(chat.createConversationGroup({ groupName: 'g1', conversationIDList: ['C2Cexample'] }));
    out.over20 = await code(chat.createConversationGroup({ groupName: 'g20', conversationIDList: ['C2Cexample'] }));
    out.deleteUnknown = await code(chat.deleteConversationGroup('nope'));
    out.renameUnknown = await code(chat.renameConversationGroup({ oldName: 'nope', newName: 'x' }));
    out.renameDup = await code(chat.renameConversationGroup({ oldName: 'g1', newName: 'g2' }));
    out.addUnknown = await code(chat.addConversationsToGroup({ groupName: 'nope', conversationIDList: ['C2Cexample'] }));
    log.length = 0;
    out.renameSame = await chat.renameConversationGroup({ oldName: 'g1', newName: 'g1' });
    out.renameSameEvents = log.length;
    out.addMember = (await chat.addConversationsToGroup({ groupName: 'g1', conversationIDList: ['C2Cexample'] })).data;
    out.removeNonMember = (await chat.deleteConversationsFromGroup({ groupName: 'g1', conversationIDList: ['GROUPtest'] })).data;
    out.noEvents = log.length;
    await chat.logout();
    return out;
  });
  assert.deepEqual(r.allUnknown.successConversationIDList, []);
  assert.deepEqual(r.allUnknown.failureConversationIDList.map((f) => [f.conversationID, f.code]), [['C2Cnobody', 2500], ['foo', 2500]]);
  assert.ok(r.allUnknown.failureConversationIDList.every((f) => f.message.length > 0));
  assert.deepEqual(r.noGroupCreated, []);
  assert.equal(r.eventsForNothing, 0);
  assert.equal(r.cjk11, 51011, '11 CJK characters are 33 bytes');
  assert.equal(r.client33, 6017);
  assert.equal(r.duplicate, 51013);
  assert.equal(r.over20, 51010);
  assert.equal(r.deleteUnknown, 51009);
  assert.equal(r.renameUnknown, 51009);
  assert.equal(r.renameDup, 51013);
  assert.equal(r.addUnknown, 51009);
  assert.equal(r.renameSame, undefined);
  assert.equal(r.renameSameEvents, 0);
  assert.deepEqual(r.addMember, { successConversationIDList: [], failureConversationIDList: [] });
  assert.deepEqual(r.removeNonMember, { successConversationIDList: [], failureConversationIDList: [] });
  assert.equal(r.noEvents, 0);
});

test('a change on another device arrives with the right events', async () => {
  const r = await run(async () => {
    const { chat, cloud, log } = await window.setupAlice(1400000103);
    const steps = [];
    await cloud.createConversationGroup({ userID: 'alice', groupName: 'Work', conversationIDList: ['C2Cexample'] });
    steps.push(log.splice(0));
    await cloud.renameConversationGroup({ userID: 'alice', oldName: 'Work', newName: 'Job' });
    steps.push(log.splice(0));
    await cloud.addConversationsToGroup({ userID: 'alice', groupName: 'Job', conversationIDList: ['GROUPtest'] });
    steps.push(log.splice(0));
    const members = (await chat.getConversationList({ groupName: 'Job' })).data.conversationList.map((c) => c.conversationID).sort();
    await cloud.deleteConversationGroup({ userID: 'alice', groupName: 'Job' });
    steps.push(log.splice(0));
    const remote = await cloud.getConversationGroups({ userID: 'alice' });
    await chat.logout();
    return { steps, members, remote };
  });
  assert.deepEqual(r.steps, [
    [['CLU', 2, true], ['CGLU', ['Work']]],
    [['CGLU', ['Job']], ['CLU', 2, true]],
    [['CLU', 2, true], ['CIGU', 'Job', ['C2Cexample', 'GROUPtest']]],
    [['CGLU', []], ['CLU', 2, true]],
  ]);
  assert.deepEqual(r.members, ['C2Cexample', 'GROUPtest']);
  assert.deepEqual(r.remote, []);
});

test('smoke at scale: 20 groups of 1000 conversations', { timeout: 120_000 }, async () => {
  const r = await run(async () => {
    const { default: TencentCloudChat, LocalCloud } = await import('tim-wasm');
    const SDKAppID = 1400000104;
    const cloud = new LocalCloud(SDKAppID);
    for (let i = 0; i < 1000; i++) await cloud.sendMessage({ from: 'u' + i, to: 'alice', text: 'x' });
    const chat = TencentCloudChat.create({ SDKAppID });
    const ready = new Promise((res) => chat.on(TencentCloudChat.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const ids = (await chat.getConversationList()).data.conversationList.map((c) => c.conversationID);
    const t0 = performance.now();
    for (let g = 0; g < 20; g++) {
      const res = await chat.createConversationGroup({ groupName: 'group' + g, conversationIDList: ids });
      if (res.data.successConversationIDList.length !== 1000) throw new Error('group ' + g);
    }
    const ms = performance.now() - t0;
    const inGroup = (await chat.getConversationList({ groupName: 'group19' })).data.conversationList.length;
    const perConv = (await chat.getConversationList()).data.conversationList[0].conversationGroupList.length;
    await chat.logout();
    return { count: ids.length, inGroup, perConv, ms };
  });
  assert.equal(r.count, 1000);
  assert.equal(r.inGroup, 1000);
  assert.equal(r.perConv, 20);
  console.log(`# 20 x createConversationGroup(1000) in the browser: ${r.ms.toFixed(0)} ms`);
});

test('one change leaving conversations with different group lists gives each its own, new object', async () => {
  const r = await run(async () => {
    const { chat } = await window.setupAlice(1400000105);
    const lists = async () => Object.fromEntries((await chat.getConversationList()).data.conversationList.map((c) => [c.conversationID, c.conversationGroupList.slice()]));
    await chat.createConversationGroup({ groupName: 'A', conversationIDList: ['C2Cexample', 'GROUPtest'] });
    await chat.createConversationGroup({ groupName: 'B', conversationIDList: ['GROUPtest'] });
    await chat.createConversationGroup({ groupName: 'C', conversationIDList: ['C2Cexample'] });
    const before = await lists();
    const objects = (await chat.getConversationList()).data.conversationList;
    // Renaming A changes both conversations' lists, each differently.
    await chat.renameConversationGroup({ oldName: 'A', newName: 'A2' });
    const renamed = await lists();
    const after = (await chat.getConversationList()).data.conversationList;
    // An app that changes one object's list changes neither the other's nor the SDK's (the
    // next change shows the SDK's lists).
    after[0].conversationGroupList.push('mine');
    const other = after[1].conversationGroupList.slice();
    await chat.deleteConversationGroup('A2');
    return { before, renamed, other, deleted: await lists(), fresh: after.every((c) => !objects.includes(c)), shared: after[0].conversationGroupList === after[1].conversationGroupList };
  });
  assert.deepEqual(r.before, { C2Cexample: ['A', 'C'], GROUPtest: ['A', 'B'] });
  assert.deepEqual(r.renamed, { C2Cexample: ['A2', 'C'], GROUPtest: ['A2', 'B'] });
  assert.ok(!r.other.includes('mine'));
  assert.deepEqual(r.deleted, { C2Cexample: ['C'], GROUPtest: ['B'] });
  assert.equal(r.fresh, true, 'each changed conversation is a new object');
  assert.equal(r.shared, false);
});
