// `tim-wasm/full`: the full build (every built method, past the default build's size budget) as
// users import it — in Node (`import`, `require`), in Chromium (ESM, IndexedDB), and against the
// server. Its first methods are the blacklist's. A default-build client on the same account
// keeps working beside it: a push it does not know is skipped, not a broken connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';
import { startServer, rawClient } from './server.mjs';
import { device } from './devices.mjs';
import { openSite } from './browser.mjs';

const PKG = join(SITE, 'node_modules/tim-wasm');
const FULL_ONLY = [
  'addToBlacklist', 'removeFromBlacklist', 'getFriendProfile', 'addFriend', 'deleteFriend', 'checkFriend',
  'updateFriend', 'acceptFriendApplication', 'refuseFriendApplication', 'deleteFriendApplication',
  'setFriendApplicationRead', 'createFriendGroup', 'deleteFriendGroup', 'addToFriendGroup',
  'removeFromFriendGroup', 'renameFriendGroup', 'getGroupMemberList', 'getGroupMemberProfile',
  'initGroupAttributes', 'setGroupAttributes', 'deleteGroupAttributes', 'getGroupAttributes',
  'setGroupCounters', 'increaseGroupCounter', 'decreaseGroupCounter', 'getGroupCounters',
  'setGroupMemberRole', 'setGroupMemberMuteTime', 'setGroupMemberNameCard', 'setGroupMemberCustomField',
  'changeGroupOwner', 'searchGroupByID', 'updateGroupProfile', 'addGroupMember', 'deleteGroupMember',
  'getGroupApplicationList', 'handleGroupApplication', 'revokeMessage', 'deleteMessage', 'resendMessage',
  'addMessageReaction', 'removeMessageReaction', 'getMessageReactions', 'getAllUserListOfMessageReaction',
  'getMessageListHopping', 'createFaceMessage', 'setMessageExtensions', 'getMessageExtensions',
  'deleteMessageExtensions', 'getGroupOnlineMemberCount', 'sendMessageReadReceipt',
  'getMessageReadReceiptList', 'getGroupMessageReadMemberList', 'createLocationMessage',
  'createMergerMessage', 'downloadMergerMessage', 'createImageMessage', 'createFileMessage',
  'createAudioMessage', 'createVideoMessage',
];

let server;
let resolve;
before(async () => {
  server = await startServer();
  ({ resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href));
});
after(async () => { await server?.stop(); });

function when(chat, name) {
  return new Promise((ok) => {
    const h = (e) => { chat.off(name, h); ok(e.data); };
    chat.on(name, h);
  });
}

test('Node: tim-wasm/full by name (import and require) implements more; the default build rejects those 2998', async () => {
  assert.equal(resolve('tim-wasm/full'), pathToFileURL(join(PKG, 'dist/tim-wasm-full.node.js')).href);
  const full = await import(resolve('tim-wasm/full'));
  const core = await import(resolve('tim-wasm'));
  assert.deepEqual(Object.keys(full.default), ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  for (const m of FULL_ONLY) {
    assert.ok(full.implementedMethods().includes(m), m);
    assert.ok(!core.implementedMethods().includes(m), m);
  }
  // …and our additions (tests/js/additions.test.mjs), after the original's methods.
  const additions = ['getUnreadMessageCountByFilter', 'subscribeUnreadMessageCountByFilter', 'unsubscribeUnreadMessageCountByFilter', 'getConversationListByFilter', 'setConversationGroupOrder', 'markConversationGroupAsRead'];
  assert.deepEqual(full.implementedMethods().slice(-additions.length), additions);
  assert.deepEqual(full.implementedMethods().filter((m) => !FULL_ONLY.includes(m) && !additions.includes(m)), core.implementedMethods());
  const T = createRequire(join(SITE, 'app.cjs'))('tim-wasm/full');
  assert.deepEqual(Object.keys(T), ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  assert.ok(T.implementedMethods().includes('addToBlacklist'));

  // The default build: not built here, said with the original's code for a missing module.
  const chat = core.default.create({ SDKAppID: 1400000601, storage: 'memory' });
  const ready = when(chat, core.default.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  await assert.rejects(chat.addToBlacklist({ userIDList: ['bob'] }), (e) => e.code === 2998 && /addToBlacklist is not in this build: tim-wasm\/full builds more methods/.test(e.message));
  await chat.destroy();
});

test('Node: the full build on the embedded cloud (memory): a blacklisted sender is refused 20007', async () => {
  const { default: T, LocalCloud } = await import(resolve('tim-wasm/full'));
  const app = 1400000602;
  const chat = T.create({ SDKAppID: app, storage: 'memory' });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  const cloud = new LocalCloud(app, { storage: 'memory' });
  assert.throws(() => chat.addToBlacklist({ userIDList: 'bob' }), (e) => e.code === 6017 && /userIDList/.test(e.message));
  await assert.rejects(chat.addToBlacklist({ userIDList: ['alice'] }), (e) => e.code === 2742);
  assert.deepEqual(await chat.addToBlacklist({ userIDList: ['bob', 'alice', 'carol'] }), { code: 0, data: ['bob', 'carol'] });
  assert.deepEqual((await chat.getBlacklist()).data, ['bob', 'carol']);
  await assert.rejects(cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi' }), (e) => e.code === 20007);
  assert.deepEqual((await chat.getConversationList()).data.conversationList, []);
  assert.deepEqual(await chat.removeFromBlacklist({ userIDList: ['bob'] }), { code: 0, data: ['carol'] });
  const got = when(chat, T.EVENT.MESSAGE_RECEIVED);
  await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi again' });
  assert.equal((await got)[0].payload.text, 'hi again');
  await chat.destroy();
});

test('server: the blacklist reaches the user\'s other devices; a default-build device skips the push and stays connected', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: await server.sig('alice') });
  await ready;
  const other = await rawClient(server, 'alice');
  const bob = await rawClient(server, 'bob');
  const core = await device(resolve('tim-wasm'), server.app, [server.url]);
  try {
    await core.run('login', 'alice', await server.sig('alice'));

    assert.deepEqual((await chat.addToBlacklist({ userIDList: ['bob'] })).data, ['bob']);
    assert.deepEqual((await other.push((b) => b.Blacklist)).body, { Blacklist: ['bob'] });
    const refused = await bob.call({ SendMessage: { conv_type: 'C2c', to: 'alice', payload: { Text: { text: 'hi' } }, cloud_custom_data: '', random: 1, client_time: 1 } });
    assert.equal(refused.Err.code, 20007);

    // Another device changes it: BLACKLIST_UPDATED with the whole list, as the original.
    const updated = when(chat, T.EVENT.BLACKLIST_UPDATED);
    assert.deepEqual((await other.call({ Blacklist: { add: true, user_ids: ['dave'] } })).Ok, { Blacklist: ['bob', 'dave'] });
    assert.deepEqual(await updated, ['bob', 'dave']);

    // The default-build device got both pushes and knows neither: still connected, still
    // answering, and it reads the list like any other.
    assert.deepEqual(await core.run('invoke', 'getBlacklist'), ['bob', 'dave']);
    assert.deepEqual(await core.run('net'), []);
    await assert.rejects(core.run('invoke', 'removeFromBlacklist', { userIDList: ['bob'] }), (e) => e.code === 2998);
  } finally {
    await core.close();
    other.close();
    bob.close();
    await chat.destroy();
  }
});

test('server: friends through an application, with the original\'s shapes and events on both users\' devices', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app + 0, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'ann', userSig: await server.sig('ann') });
  await ready;
  const ben = await rawClient(server, 'ben');

  // ben confirms friends (Tencent's default): an application waits, both sides are told.
  const mine = when(chat, T.EVENT.FRIEND_APPLICATION_LIST_UPDATED);
  const added = await chat.addFriend({ to: 'ben', source: 'AddSource_Type_Web', wording: 'hello', remark: 'Ben', groupName: 'Team' });
  assert.deepEqual(added, { code: 0, data: { userID: 'ben', code: 30539, message: 'The friend request is waiting for the user\'s confirmation' } });
  const out = await mine;
  assert.deepEqual(out.friendApplicationList.map((a) => [a.userID, a.type, a.wording]), [['ben', 'Pendency_Type_SendOut', 'hello']]);
  const pushed = (await ben.push((b) => b.Relations)).body.Relations;
  assert.deepEqual(pushed.relations.applications.map((a) => [a.user_id, a.incoming]), [['ann', true]]);

  // ben accepts (agree and add): ann's FRIEND_LIST_UPDATED carries Friend objects.
  const friends = when(chat, T.EVENT.FRIEND_LIST_UPDATED);
  const accepted = await ben.call({ Relation: { op: 'acceptFriendApplication', ids: ['ann'], both: true } });
  assert.deepEqual(accepted.Ok.Relation.results, [['ann', 0]]);
  const list = await friends;
  assert.deepEqual(list.map((f) => [f.userID, f.remark, f.groupList, f.source, f.profile.userID]), [['ben', 'Ben', ['Team'], 'AddSource_Type_Web', 'ben']]);
  assert.deepEqual((await chat.checkFriend({ userIDList: ['ben'] })).data.successUserIDList, [{ userID: 'ben', code: 0, relation: 'CheckResult_Type_BothWay' }]);
  assert.deepEqual((await chat.getFriendGroupList()).data, [{ name: 'Team', userIDList: ['ben'], count: 1 }]);
  await assert.rejects(chat.createFriendGroup({ name: 'Team' }), (e) => e.code === 2710);
  await assert.rejects(chat.deleteFriendApplication({ userID: 'ben' }), (e) => e.code === 2716);
  const gone = await chat.deleteFriend({ userIDList: ['ben', 'nobody'] });
  assert.deepEqual(gone.data.successUserIDList, [{ userID: 'ben' }]);
  assert.deepEqual(gone.data.failureUserIDList.map((f) => [f.userID, f.code]), [['nobody', 2700]]);
  ben.close();
  await chat.destroy();
});

test('server: group attributes and counters reach every member\'s devices, with the original\'s results and events', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'gail', userSig: await server.sig('gail') });
  await ready;
  const hank = await rawClient(server, 'hank');
  try {
    await chat.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'Keys', groupID: 'keys1', memberList: [{ userID: 'hank' }] });
    assert.throws(() => chat.setGroupAttributes({ groupID: 'keys1', groupAttributes: { seat: 1 } }), (e) => e.code === 6017);

    // The writer's own session: GROUP_ATTRIBUTES_UPDATED from the answer; the other member: a push.
    const attrs = when(chat, T.EVENT.GROUP_ATTRIBUTES_UPDATED);
    assert.deepEqual(await chat.initGroupAttributes({ groupID: 'keys1', groupAttributes: { seat: 'gail' } }), { code: 0, data: { groupAttributes: { seat: 'gail' } } });
    assert.deepEqual(await attrs, { groupID: 'keys1', groupAttributes: { seat: 'gail' }, updatedKeyList: ['seat'], deletedKeyList: [] });
    const pushed = (await hank.push((b) => b.GroupAttributes)).body.GroupAttributes;
    assert.deepEqual([pushed.attributes, pushed.updated], [[['seat', 'gail']], ['seat']]);

    // The other member changes a counter: one GROUP_COUNTER_UPDATED per counter.
    const counter = when(chat, T.EVENT.GROUP_COUNTER_UPDATED);
    const r = await hank.call({ GroupKeys: { op: 'increaseGroupCounter', group_id: 'keys1', counters: [['likes', 2]] } });
    assert.deepEqual(r.Ok.GroupKeys.counters, [['likes', 2]]);
    assert.deepEqual(await counter, { groupID: 'keys1', key: 'likes', value: 2 });
    assert.deepEqual((await chat.decreaseGroupCounter({ groupID: 'keys1', key: 'likes', value: 5 })).data, { counters: { likes: -3 } });
    assert.deepEqual((await chat.getGroupCounters({ groupID: 'keys1' })).data, { counters: { likes: -3 } });
    assert.deepEqual((await chat.deleteGroupAttributes({ groupID: 'keys1', keyList: [] })).data, { keyList: ['seat'] });
    await assert.rejects(chat.getGroupAttributes({ groupID: 'nope', keyList: [] }), (e) => e.code === 10010);

    // The owner makes hank an admin: {group, member} as the original (a Group object), and the
    // group sees the tip (GRP_TIP_MBR_SET_ADMIN).
    const made = await chat.setGroupMemberRole({ groupID: 'keys1', userID: 'hank', role: 'Admin' });
    assert.equal(made.data.group.groupID, 'keys1');
    assert.deepEqual([made.data.member.userID, made.data.member.role], ['hank', 'Admin']);
    const tip = (await hank.push((b) => b.Message?.message?.payload?.GroupTip?.operation_type === 4)).body.Message.message.payload.GroupTip;
    assert.deepEqual(tip.user_id_list, ['hank']);
    await assert.rejects(chat.setGroupMemberRole({ groupID: 'keys1', userID: 'gail', role: 'Admin' }), (e) => e.code === 2684);

    // The profile: a Group object with the new fields; the other member's copy changes too.
    const updated = await chat.updateGroupProfile({ groupID: 'keys1', introduction: 'hello', muteAllMembers: true, groupCustomField: [{ key: 'k', value: 'v' }] });
    assert.deepEqual([updated.data.group.introduction, updated.data.group.muteAllMembers, updated.data.group.groupCustomField, updated.data.group.notification], ['hello', true, [{ key: 'k', value: 'v' }], '']);
    const seen = await hank.call({ GetGroupProfile: { group_id: 'keys1' } });
    assert.equal(seen.Ok.Group.more.introduction, 'hello');
  } finally {
    hank.close();
    await chat.destroy();
  }
});

function whenMessage(chat, T, pred) {
  return new Promise((ok) => {
    const h = (e) => {
      const m = e.data.find(pred);
      if (m) { chat.off(T.EVENT.MESSAGE_RECEIVED, h); ok(m); }
    };
    chat.on(T.EVENT.MESSAGE_RECEIVED, h);
  });
}

test('server: an application to join a Public group — the owner\'s system notice and list, the applicant admitted and told', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const owner = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(owner, T.EVENT.SDK_READY);
  await owner.login({ userID: 'ivy', userSig: await server.sig('ivy') });
  await ready;
  // The applicant: another device (its own realm: create keeps one instance per SDKAppID).
  const applicant = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  const system = (m) => m.conversationID === '@TIM#SYSTEM';
  try {
    await applicant.run('login', 'jon', await server.sig('jon'));
    await owner.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'Club', groupID: 'club1' });
    assert.equal((await applicant.run('invoke', 'searchGroupByID', 'club1')).group.joinOption, T.TYPES.JOIN_OPTIONS_NEED_PERMISSION);

    const notice = whenMessage(owner, T, system);
    assert.deepEqual(await applicant.run('invoke', 'joinGroup', { groupID: 'club1', applyMessage: 'let me in' }), { status: T.TYPES.JOIN_STATUS_WAIT_APPROVAL });
    const msg = await notice;
    assert.deepEqual([msg.conversationType, msg.type, msg.from, msg.to, msg.flow], ['@TIM#SYSTEM', T.TYPES.MSG_GRP_SYS_NOTICE, '@TIM#SYSTEM', 'ivy', 'in']);
    assert.deepEqual([msg.payload.operationType, msg.payload.operatorID, msg.payload.handleMessage, msg.payload.groupProfile.groupID], [1, 'jon', 'let me in', 'club1']);
    const sys = (await owner.getConversationList()).data.conversationList.find(system);
    assert.deepEqual([sys.type, sys.unreadCount], ['@TIM#SYSTEM', 1]);
    assert.equal(owner.getTotalUnreadMessageCount(), 0, 'system notices stay out of the total');
    assert.deepEqual((await applicant.run('invoke', 'getGroupList')).groupList, []);

    const { applicationList } = (await owner.getGroupApplicationList()).data;
    assert.deepEqual(applicationList.map((a) => [a.applicant, a.groupID, a.groupName, a.note]), [['jon', 'club1', 'Club', 'let me in']]);
    assert.deepEqual(await applicant.run('invoke', 'getGroupApplicationList'), { applicationList: [] });

    const handled = await owner.handleGroupApplication({ handleAction: 'Agree', handleMessage: 'welcome', message: msg });
    assert.deepEqual([handled.data.group.groupID, handled.data.group.memberCount], ['club1', 2]);
    assert.deepEqual((await applicant.run('invoke', 'getGroupList')).groupList.map((g) => g.groupID), ['club1']);
    const told = (await applicant.run('invoke', 'getMessageList', { conversationID: '@TIM#SYSTEM' })).messageList;
    assert.deepEqual(told.map((m) => [m.payload.operationType, m.payload.operatorID, m.payload.handleMessage]), [[2, 'ivy', 'welcome']]);
    assert.deepEqual((await owner.getGroupApplicationList()).data, { applicationList: [] });
    await assert.rejects(owner.handleGroupApplication({ handleAction: 'Agree', message: msg }), (e) => e.code === 10024);

    // A group made with its whole profile in one call: the member sees it, as an admin.
    const made = (await owner.createGroup({
      type: T.TYPES.GRP_PUBLIC, name: 'Crew', groupID: 'crew1', introduction: 'We ship', avatar: 'https://example.com/c.png',
      joinOption: T.TYPES.JOIN_OPTIONS_FREE_ACCESS, groupCustomField: [{ key: 'tier', value: 'gold' }],
      memberList: [{ userID: 'jon', role: T.TYPES.GRP_MBR_ROLE_ADMIN }],
    })).data.group;
    assert.deepEqual([made.introduction, made.joinOption, made.groupCustomField], ['We ship', 'FreeAccess', [{ key: 'tier', value: 'gold' }]]);
    const crew = (await applicant.run('invoke', 'getGroupProfile', { groupID: 'crew1' })).group;
    assert.deepEqual([crew.introduction, crew.avatar, crew.selfInfo.role, crew.memberCount], ['We ship', 'https://example.com/c.png', 'Admin', 2]);
  } finally {
    await applicant.close();
    await owner.destroy();
  }
});

test('server: a revoked message — its sender\'s object marked, the recipient\'s own object in MESSAGE_REVOKED, the conversation following; a deleted one leaves its sender\'s view only', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'kim', userSig: await server.sig('kim') });
  await ready;
  const lee = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    await lee.run('login', 'lee', await server.sig('lee'));
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const msg = kim.createTextMessage({ to: 'lee', conversationType: T.TYPES.CONV_C2C, payload: { text: 'oops' } });
    await kim.sendMessage(msg);
    const [got] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.equal(got.ID, msg.ID);

    await lee.run('arm', T.EVENT.MESSAGE_REVOKED);
    const done = await kim.revokeMessage(msg);
    assert.equal(done.data.message, msg, 'the same object');
    assert.deepEqual([msg.isRevoked, msg.revoker, msg.payload.text], [true, 'kim', 'oops']);
    const revoked = await lee.run('next', T.EVENT.MESSAGE_REVOKED);
    assert.deepEqual(revoked.map((m) => [m.ID, m.isRevoked, m.revoker]), [[msg.ID, true, 'kim']]);
    // The object lee was given when it arrived is the one marked.
    assert.deepEqual([(await lee.run('sync', 'findMessage', msg.ID)).isRevoked], [true]);
    const conv = (await lee.run('invoke', 'getConversationProfile', 'C2Ckim')).conversation;
    assert.deepEqual([conv.unreadCount, conv.lastMessage.isRevoked, conv.lastMessage.revoker], [0, true, 'kim']);
    const mine = (await kim.getConversationProfile('C2Clee')).data.conversation;
    assert.deepEqual([mine.lastMessage.isRevoked, mine.lastMessage.revoker], [true, 'kim']);
    // The recipient may not revoke it (2110).
    const theirs = { ...got, isRevoked: false };
    await assert.rejects(lee.run('invoke', 'revokeMessage', theirs), (e) => e.code === 2110);

    // Deleting leaves kim's own view only: the given object marked, the last message before it.
    const keep = kim.createTextMessage({ to: 'lee', conversationType: T.TYPES.CONV_C2C, payload: { text: 'keep' } });
    const drop = kim.createTextMessage({ to: 'lee', conversationType: T.TYPES.CONV_C2C, payload: { text: 'drop' } });
    await kim.sendMessage(keep);
    await kim.sendMessage(drop);
    const deleted = (await kim.deleteMessage([drop])).data.messageList;
    assert.deepEqual([deleted.length, deleted[0] === drop, drop.isDeleted], [1, true, true]);
    assert.equal((await kim.getConversationProfile('C2Clee')).data.conversation.lastMessage.payload.text, 'keep');
    const kept = (await kim.getMessageList({ conversationID: 'C2Clee' })).data.messageList.map((m) => m.payload.text);
    assert.deepEqual(kept, ['oops', 'keep']);
    const theirsNow = (await lee.run('invoke', 'getMessageList', { conversationID: 'C2Ckim' })).messageList.map((m) => m.payload.text);
    assert.deepEqual(theirsNow, ['oops', 'keep', 'drop']);
  } finally {
    await lee.close();
    await kim.destroy();
  }
});

test('server: reactions — both users see each change with their own reactedByMyself, summaries and user pages as the original gives them', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'kim2', userSig: await server.sig('kim2') });
  await ready;
  const lee = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    await lee.run('login', 'lee2', await server.sig('lee2'));
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const msg = kim.createTextMessage({ to: 'lee2', conversationType: T.TYPES.CONV_C2C, payload: { text: 'lunch?' } });
    // Only a sent message takes reactions (6017, as the original's validator).
    assert.throws(() => kim.addMessageReaction(msg, 'like'), (e) => e.code === 6017 && /message/.test(e.message));
    await kim.sendMessage(msg);
    const [got] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);

    // The reaction's ability reads enabled, as the TUIKit engine asks it.
    assert.deepEqual((await kim.callExperimentalAPI('isCommercialAbilityEnabled', 2 ** 48)).data, { enabled: true });
    await lee.run('arm', T.EVENT.MESSAGE_REACTIONS_UPDATED);
    const mine = when(kim, T.EVENT.MESSAGE_REACTIONS_UPDATED);
    assert.deepEqual((await kim.addMessageReaction(msg, 'like')).data, {});
    const user = { userID: 'kim2', nick: '', avatar: '' };
    const change = (me) => ({ messageID: msg.ID, reactionList: [{ reactionID: 'like', totalUserCount: 1, partialUserList: [user], reactedByMyself: me }] });
    assert.deepEqual(await mine, change(true));
    assert.deepEqual(await lee.run('next', T.EVENT.MESSAGE_REACTIONS_UPDATED), change(false));
    await assert.rejects(kim.addMessageReaction(msg, 'like'), (e) => e.code === 23007);

    // lee joins from the message object it received; both see the summary.
    await lee.run('invoke', 'addMessageReaction', got, 'like');
    const summary = (await kim.getMessageReactions({ messageList: [msg] })).data;
    assert.deepEqual(summary.resultList[0].reactionList.map((r) => [r.reactionID, r.totalUserCount, r.partialUserList.map((u) => u.userID), r.reactedByMyself]), [['like', 2, ['kim2', 'lee2'], true]]);
    const page = await lee.run('invoke', 'getAllUserListOfMessageReaction', { message: got, reactionID: 'like', nextSeq: 0, count: 1 });
    assert.deepEqual([page.userList.map((u) => u.userID), page.nextSeq, page.isCompleted], [['kim2'], 1, false]);
    const rest = await lee.run('invoke', 'getAllUserListOfMessageReaction', { message: got, reactionID: 'like', nextSeq: 1 });
    assert.deepEqual([rest.userList.map((u) => u.userID), rest.nextSeq, rest.isCompleted], [['lee2'], 0, true]);

    await kim.removeMessageReaction(msg, 'like');
    await assert.rejects(kim.removeMessageReaction(msg, 'like'), (e) => e.code === 23008);
    const left = (await lee.run('invoke', 'getMessageReactions', { messageList: [got] })).resultList[0].reactionList;
    assert.deepEqual(left.map((r) => [r.totalUserCount, r.reactedByMyself]), [[1, true]]);
  } finally {
    await lee.close();
    await kim.destroy();
  }
});

test('server: getMessageListHopping pages a one-to-one history by time and a group\'s by sequence, in the original\'s shapes', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'kim3', userSig: await server.sig('kim3') });
  await ready;
  try {
    for (const text of ['h1', 'h2', 'h3']) {
      await kim.sendMessage(kim.createTextMessage({ to: 'lee3', conversationType: T.TYPES.CONV_C2C, payload: { text } }));
    }
    const first = (await kim.getMessageListHopping({ conversationID: 'C2Clee3', count: 2 })).data;
    assert.deepEqual(Object.keys(first), ['messageList', 'isCompleted', 'nextMessageTime']);
    assert.deepEqual([first.messageList.map((m) => m.payload.text), first.isCompleted], [['h2', 'h3'], false]);
    // The page's messages are the SDK's: findMessage knows them.
    assert.equal(kim.findMessage(first.messageList[0].ID).payload.text, 'h2');
    const rest = (await kim.getMessageListHopping({ conversationID: 'C2Clee3', time: first.nextMessageTime, count: 2 })).data;
    assert.deepEqual([rest.messageList.map((m) => m.payload.text), rest.isCompleted, rest.nextMessageTime], [['h1'], true, '']);

    await kim.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'Hop', groupID: 'hop1' });
    const sent = [];
    for (const text of ['g1', 'g2']) {
      sent.push((await kim.sendMessage(kim.createTextMessage({ to: 'hop1', conversationType: T.TYPES.CONV_GROUP, payload: { text } }))).data.message);
    }
    const newer = (await kim.getMessageListHopping({ conversationID: 'GROUPhop1', sequence: sent[0].sequence, direction: 1 })).data;
    assert.deepEqual(Object.keys(newer), ['messageList', 'isCompleted', 'nextMessageSeq']);
    assert.deepEqual([newer.messageList.map((m) => m.payload.text), newer.nextMessageSeq], [['g1', 'g2'], sent[1].sequence + 1]);
    assert.throws(() => kim.getMessageListHopping({ conversationID: 'GROUPhop1', direction: 2 }), (e) => e.code === 6017 && /direction/.test(e.message));
  } finally {
    await kim.destroy();
  }
});

test('Chromium: tim-wasm/full loads as an ES module beside its own wasm and keeps its own IndexedDB database', async () => {
  const site = await openSite(SITE);
  try {
    const out = await site.page.evaluate(async () => {
      const { default: T, implementedMethods } = await import('tim-wasm/full');
      const chat = T.create({ SDKAppID: 1400000603 });
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: 'alice', userSig: 's' });
      await ready;
      const added = await chat.addToBlacklist({ userIDList: ['bob'] });
      const dbs = (await indexedDB.databases()).map((d) => d.name).filter((n) => n.endsWith('1400000603'));
      await chat.destroy();
      return { built: implementedMethods().includes('addToBlacklist'), added: added.data, dbs };
    });
    assert.deepEqual(out, { built: true, added: ['bob'], dbs: ['tim-wasm-full-1400000603'] });
  } finally {
    await site.close();
  }
});

test('server: modifyMessage from a stale object is a conflict (2480) carrying the message as it is now; the objects follow each change', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'mia', userSig: await server.sig('mia') });
  await ready;
  const mo = await rawClient(server, 'mo');
  try {
    const msg = chat.createTextMessage({ to: 'mo', conversationType: T.TYPES.CONV_C2C, payload: { text: 'first' } });
    await chat.sendMessage(msg);
    const stale = { ...msg, payload: { ...msg.payload } };

    // mo records a reply on it: mia's object is brought up to date (its version too).
    const modified = when(chat, T.EVENT.MESSAGE_MODIFIED);
    const r = await mo.call({ ModifyMessage: { conversation_id: 'C2Cmia', message_id: msg.ID, cloud_custom_data: 'reply by mo', payload: null } });
    assert.equal(r.Ok.Modified.message.version, 1);
    const [seen] = await modified;
    assert.equal(seen, msg, 'the object handed out before, updated');
    assert.deepEqual([msg.version, msg.cloudCustomData], [1, 'reply by mo']);

    // An edit from what mia saw before: a conflict, with the message as it is now.
    stale.payload.text = 'mine';
    await assert.rejects(chat.modifyMessage(stale), (e) => e.code === 2480 && e.data.message.version === 1 && e.data.message.cloudCustomData === 'reply by mo' && e.data.message.payload.text === 'first');
    // From the current object it goes through, and the object follows.
    msg.payload.text = 'mine';
    const done = await chat.modifyMessage(msg);
    assert.equal(done.data.message, msg);
    assert.deepEqual([msg.version, msg.payload.text, msg.cloudCustomData], [2, 'mine', 'reply by mo']);
  } finally {
    mo.close();
    await chat.destroy();
  }
});

test('server: message extensions — set, read and deleted, with the events on the other side', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'pia', userSig: await server.sig('pia') });
  await ready;
  const bo = await rawClient(server, 'bo');
  try {
    assert.deepEqual((await chat.callExperimentalAPI('isCommercialAbilityEnabled', 8192)).data, { enabled: true });
    const received = when(chat, T.EVENT.MESSAGE_RECEIVED);
    // Sent with isSupportExtension (flags: 2), as bo's createCustomMessage({…, isSupportExtension: true}) sends it.
    await bo.call({ SendMessage: { conv_type: 'C2c', to: 'pia', payload: { Custom: { data: 'poll', description: '', extension: '' } }, cloud_custom_data: '', random: 7, client_time: 7, flags: 2 } });
    const [m] = await received;
    assert.equal(m.isSupportExtension, true);

    assert.deepEqual(await chat.setMessageExtensions(m, [{ key: 'pia', value: 'yes' }]), { code: 0, data: { extensions: [{ code: 0, key: 'pia', value: 'yes' }] } });
    const pushed = (await bo.push((b) => b.Extensions)).body.Extensions;
    assert.deepEqual([pushed.message_id, pushed.set], [m.ID, [['pia', 'yes']]]);

    const updated = when(chat, T.EVENT.MESSAGE_EXTENSIONS_UPDATED);
    await bo.call({ MessageOp: { op: 'setMessageExtensions', conversation_id: 'C2Cpia', ids: [m.ID], extensions: [['bo', 'no']] } });
    assert.deepEqual(await updated, { messageID: m.ID, extensions: [{ key: 'bo', value: 'no' }] });
    assert.deepEqual((await chat.getMessageExtensions(m)).data, { extensions: [{ key: 'pia', value: 'yes' }, { key: 'bo', value: 'no' }] });

    assert.deepEqual((await chat.deleteMessageExtensions(m, ['bo'])).data, { extensions: [{ code: 0, key: 'bo', value: '' }] });
    assert.deepEqual((await bo.push((b) => b.Extensions?.deleted?.length)).body.Extensions.deleted, ['bo']);
    await chat.deleteMessageExtensions(m);
    assert.deepEqual((await chat.getMessageExtensions(m)).data, { extensions: [] });
    assert.throws(() => chat.setMessageExtensions({ ...m, status: 'fail' }, []), (e) => e.code === 6017);
    // One without the option: refused before it goes (6017), as the original's validator does.
    const plain = chat.createTextMessage({ to: 'bo', conversationType: T.TYPES.CONV_C2C, payload: { text: 'plain' } });
    await chat.sendMessage(plain);
    assert.equal(plain.isSupportExtension, false);
    assert.throws(() => chat.getMessageExtensions(plain), (e) => e.code === 6017 && /isSupportExtension/.test(e.message));
    const own = chat.createTextMessage({ to: 'bo', conversationType: T.TYPES.CONV_C2C, payload: { text: 'poll' }, isSupportExtension: true, needReadReceipt: true });
    assert.deepEqual([own.isSupportExtension, own.needReadReceipt], [true, true]);
    await chat.sendMessage(own);
    assert.deepEqual((await chat.setMessageExtensions(own, [{ key: 'k', value: 'v' }])).data.extensions, [{ code: 0, key: 'k', value: 'v' }]);
  } finally {
    bo.close();
    await chat.destroy();
  }
});

test('getGroupOnlineMemberCount: 0 before login and for a group the user is not in; the embedded cloud counts the page\'s session', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const app = 1400000604;
  const chat = T.create({ SDKAppID: app, storage: 'memory' });
  // Whitelisted before ready, as the original: no gate error, and nobody is online yet.
  assert.deepEqual(await chat.getGroupOnlineMemberCount('team'), { code: 0, data: { memberCount: 0 } });
  assert.throws(() => chat.getGroupOnlineMemberCount(7), (e) => e.code === 6017 && /groupID/.test(e.message));
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  await chat.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'Team', groupID: 'team', memberList: [{ userID: 'bob' }] });
  assert.deepEqual(await chat.getGroupOnlineMemberCount('team'), { code: 0, data: { memberCount: 1 } });
  assert.deepEqual(await chat.getGroupOnlineMemberCount('nope'), { code: 0, data: { memberCount: 0 } });
  await chat.logout();
  assert.deepEqual(await chat.getGroupOnlineMemberCount('team'), { code: 0, data: { memberCount: 0 } });
  // Logged out: destroy rejects 2024 as the original's, and still destroys.
  await assert.rejects(chat.destroy(), (e) => e.code === 2024);
});

test('Chromium: getGroupOnlineMemberCount counts the members signed in in any tab, and not once a tab is closed', async () => {
  const site = await openSite(SITE);
  try {
    const app = 1400000605;
    const setup = async (page, user) => page.evaluate(async ([app, user]) => {
      const { default: T } = await import('tim-wasm/full');
      window.chat = T.create({ SDKAppID: app });
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: user, userSig: 's' });
      await ready;
    }, [app, user]);
    const count = (page) => page.evaluate(async () => (await chat.getGroupOnlineMemberCount('team')).data.memberCount);
    // A session's lock is taken a moment after its login resolves, and let go a moment after a
    // logout or a tab closes: asked until it shows (5 s at most).
    const becomes = async (page, want) => {
      let n;
      for (let i = 0; i < 50; i++) {
        n = await count(page);
        if (n === want) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return n;
    };
    const a = site.page;
    await setup(a, 'alice');
    await a.evaluate(() => chat.createGroup({ type: 'Public', name: 'Team', groupID: 'team', memberList: [{ userID: 'bob' }, { userID: 'carol' }] }));
    assert.equal(await count(a), 1);
    const b = await site.browser.newPage();
    await b.goto(site.origin + '/');
    await setup(b, 'bob');
    const c = await site.browser.newPage();
    await c.goto(site.origin + '/');
    await setup(c, 'dave');
    // bob (tab b) counts from either tab; dave is online but no member.
    assert.equal(await becomes(a, 2), 2);
    assert.equal(await becomes(b, 2), 2);
    // bob signs out: he no longer counts; signed in again, he does.
    await b.evaluate(() => chat.logout());
    assert.equal(await becomes(a, 1), 1);
    await b.evaluate(() => chat.login({ userID: 'bob', userSig: 's' }));
    assert.equal(await becomes(a, 2), 2);
    // bob's tab closes: the browser lets his session go.
    await b.close();
    assert.equal(await becomes(a, 1), 1);
  } finally {
    await site.close();
  }
});

test('server: getGroupOnlineMemberCount counts the members connected to the server', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'olga', userSig: await server.sig('olga') });
  await ready;
  try {
    await chat.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'On', groupID: 'online1', memberList: [{ userID: 'oleg' }] });
    assert.deepEqual(await chat.getGroupOnlineMemberCount('online1'), { code: 0, data: { memberCount: 1 } });
    const oleg = await rawClient(server, 'oleg');
    assert.deepEqual((await chat.getGroupOnlineMemberCount('online1')).data, { memberCount: 2 });
    oleg.close();
    let n = 0;
    for (let i = 0; i < 50; i++) {
      n = (await chat.getGroupOnlineMemberCount('online1')).data.memberCount;
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(n, 1);
    assert.deepEqual((await chat.getGroupOnlineMemberCount('nope')).data, { memberCount: 0 });
  } finally {
    await chat.destroy();
  }
});

test('server: read receipts — a group member and a peer acknowledge; the sender hears it, counts it and pages the readers', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'rkim', userSig: await server.sig('rkim') });
  await ready;
  const lee = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    // The group first: its tip is not the message lee waits for.
    await kim.createGroup({ type: T.TYPES.GRP_PUBLIC, name: 'Receipts', groupID: 'rcpt1', memberList: [{ userID: 'rlee' }, { userID: 'rmo' }] });
    await lee.run('login', 'rlee', await server.sig('rlee'));
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const msg = kim.createTextMessage({ to: 'rcpt1', conversationType: T.TYPES.CONV_GROUP, payload: { text: 'read me' }, needReadReceipt: true });
    await kim.sendMessage(msg);
    const [got] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.equal(got.needReadReceipt, true);
    // Nothing read yet: the caller's own objects come back, filled in.
    const none = await kim.getMessageReadReceiptList([msg]);
    assert.equal(none.data.messageList[0], msg);
    assert.deepEqual([msg.readReceiptInfo.readCount, msg.readReceiptInfo.unreadCount], [0, 2]);
    // One's own message takes no receipt (2114).
    await assert.rejects(kim.sendMessageReadReceipt([msg]), (e) => e.code === 2114);

    const heard = when(kim, T.EVENT.MESSAGE_READ_RECEIPT_RECEIVED);
    assert.deepEqual(await lee.run('invoke', 'sendMessageReadReceipt', [got]), {});
    assert.deepEqual(await heard, [{ groupID: 'rcpt1', messageID: msg.ID, readCount: 1, unreadCount: 1 }]);
    await kim.getMessageReadReceiptList([msg]);
    assert.deepEqual([msg.readReceiptInfo.readCount, msg.readReceiptInfo.unreadCount], [1, 1]);
    const read = (await kim.getGroupMessageReadMemberList({ message: msg, filter: 0, cursor: '', count: 10 })).data;
    assert.deepEqual(read, { cursor: '', isCompleted: true, messageID: msg.ID, unreadUserIDList: [], readUserIDList: ['rlee'] });
    const unread = (await kim.getGroupMessageReadMemberList({ message: msg, filter: 1, cursor: '', count: 10 })).data;
    assert.deepEqual(unread.unreadUserIDList, ['rmo']);

    // One-to-one: the peer's receipt marks the message read by the peer.
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const c2c = kim.createTextMessage({ to: 'rlee', conversationType: T.TYPES.CONV_C2C, payload: { text: 'seen?' }, needReadReceipt: true });
    await kim.sendMessage(c2c);
    const [gotC2c] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);
    const peer = when(kim, T.EVENT.MESSAGE_READ_RECEIPT_RECEIVED);
    await lee.run('invoke', 'sendMessageReadReceipt', [gotC2c]);
    const [info] = await peer;
    assert.deepEqual([info.userID, info.messageID, info.isPeerRead, typeof info.timestamp], ['rlee', c2c.ID, true, 'number']);
    await kim.getMessageReadReceiptList([c2c]);
    assert.equal(c2c.readReceiptInfo.isPeerRead, true);
  } finally {
    await lee.close();
    await kim.destroy();
  }
});

test('createLocationMessage: the numbers arrive exactly as given, on the embedded cloud and through a server', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const app = 1400000606;
  const chat = T.create({ SDKAppID: app, storage: 'memory' });
  const ready = when(chat, T.EVENT.SDK_READY);
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  const payload = { description: 'Tiananmen "gate"', longitude: 116.397128, latitude: 0.1 + 0.2 };
  assert.throws(() => chat.createLocationMessage({ to: 'bob', conversationType: 'C2C', payload: { ...payload, longitude: '116' } }), (e) => e.code === 6017 && /longitude/.test(e.message));
  const m = chat.createLocationMessage({ to: 'bob', conversationType: 'C2C', payload });
  assert.equal(m.type, T.TYPES.MSG_LOCATION);
  await chat.sendMessage(m);
  const [stored] = (await chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList;
  assert.deepEqual(stored.payload, payload);
  assert.equal((await chat.getConversationProfile('C2Cbob')).data.conversation.lastMessage.messageForShow, '[位置]');
  await chat.destroy();

  // Through a server: the recipient's copy.
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const kimReady = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'lkim', userSig: await server.sig('lkim') });
  await kimReady;
  const lee = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    await lee.run('login', 'llee', await server.sig('llee'));
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    await kim.sendMessage(kim.createLocationMessage({ to: 'llee', conversationType: 'C2C', payload }));
    const [got] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.deepEqual([got.type, got.payload], ['TIMLocationElem', payload]);
    // A raw client sending text that is not a number is refused (6017), nothing stored.
    const raw = await rawClient(server, 'lraw');
    const r = await raw.call({ SendMessage: { conv_type: 'C2c', to: 'llee', payload: { Location: { description: 'x', longitude: '1}', latitude: '2' } }, cloud_custom_data: '', random: 1, client_time: 1 } });
    assert.equal(r.Err?.code, 6017, JSON.stringify(r));
    raw.close();
  } finally {
    await lee.close();
    await kim.destroy();
  }
});

test('createMergerMessage: messages merged into one reach the other side with the original\'s entries; downloadMergerMessage has nothing to fetch', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const kim = T.create({ SDKAppID: server.app, server: server.url });
  const ready = when(kim, T.EVENT.SDK_READY);
  await kim.login({ userID: 'mkim', userSig: await server.sig('mkim') });
  await ready;
  const lee = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    await lee.run('login', 'mlee', await server.sig('mlee'));
    const one = kim.createTextMessage({ to: 'mmo', conversationType: 'C2C', payload: { text: 'one' } });
    await kim.sendMessage(one);
    const two = kim.createLocationMessage({ to: 'mmo', conversationType: 'C2C', payload: { description: 'here', longitude: 1.5, latitude: -2.25 } });
    await kim.sendMessage(two);
    assert.throws(() => kim.createMergerMessage({ to: 'mlee', conversationType: 'C2C', payload: { messageList: [], compatibleText: 'x' } }), (e) => e.code === 6017);
    const merged = kim.createMergerMessage({ to: 'mlee', conversationType: 'C2C', payload: { messageList: [one, two], title: 'Chat with mmo', abstractList: ['mkim: one', 'mkim: [Location]'], compatibleText: 'Update to read this' } });
    assert.equal(merged.type, T.TYPES.MSG_MERGER);
    const entries = merged.payload.messageList;
    assert.deepEqual(entries.map((e) => [e.ID, e.from, e.messageReceiver, e.messageBody[0].type]), [[one.ID, 'mkim', 'mmo', 'TIMTextElem'], [two.ID, 'mkim', 'mmo', 'TIMLocationElem']]);
    assert.deepEqual(entries[1].messageBody[0].payload, { description: 'here', longitude: 1.5, latitude: -2.25 });
    await lee.run('arm', T.EVENT.MESSAGE_RECEIVED);
    await kim.sendMessage(merged);
    const [got] = await lee.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.deepEqual([got.type, got.payload], [T.TYPES.MSG_MERGER, merged.payload]);
    assert.deepEqual([got.payload.downloadKey, got.payload.title, got.payload.compatibleText], ['', 'Chat with mmo', 'Update to read this']);
    await assert.rejects(kim.downloadMergerMessage(merged), (e) => e.code === 2451);
    await assert.rejects(kim.downloadMergerMessage(one), (e) => e.code === 2450);
  } finally {
    await lee.close();
    await kim.destroy();
  }
});
