// The embedded local cloud through the public API in headless Chromium: bob (played through
// the LocalCloud admin handle) messages alice and adds her to a group; alice's messages,
// conversations, groups and profiles behave as the original's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';

let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });
const run = (fn, arg) => site.page.evaluate(fn, arg);

const CONVERSATION_KEYS = ['conversationID', 'unreadCount', 'type', 'lastMessage', '_isInfoCompleted', 'peerReadTime',
  'groupAtInfoList', 'remark', 'isPinned', 'messageRemindType', 'markList', 'customData', 'conversationGroupList',
  'draftText'];
const MESSAGE_KEYS = ['ID', 'conversationID', 'conversationType', 'conversationSubType', 'time', 'sequence', 'clientSequence',
  'random', 'priority', 'nick', 'avatar', 'isPeerRead', 'nameCard', 'hasRiskContent', '_elements', 'isPlaceMessage',
  'isRevoked', 'from', 'to', 'flow', 'isSystemMessage', 'protocol', 'isResend', 'isRead', 'status', '_onlineOnlyFlag',
  '_groupAtInfoList', '_relayFlag', 'atUserList', 'cloudCustomData', 'isDeleted', 'isModified',
  '_isExcludedFromUnreadCount', '_isExcludedFromLastMessage', 'clientTime', 'senderTinyID', 'readReceiptInfo',
  'needReadReceipt', 'version', 'isBroadcastMessage', '_receiverList', 'isSupportExtension', '_cmConfigID', 'revoker',
  'revokerInfo', 'revokeReason', 'pinnerInfo', 'level', 'payload', 'type'];

test('bob messages alice and adds her to a group: events, conversations, profiles', async () => {
  const r = await run(async () => {
    const { default: TencentCloudChat, LocalCloud } = await import('tim-wasm');
    const E = TencentCloudChat.EVENT;
    const SDKAppID = 1400000201;
    const cloud = new LocalCloud(SDKAppID);
    await cloud.importAccount({ userID: 'bob', nick: 'Bob', avatar: 'https://example.invalid/bob.png' });
    const chat = TencentCloudChat.create({ SDKAppID });
    const received = [];
    const order = [];
    chat.on(E.MESSAGE_RECEIVED, (e) => { received.push(...e.data); order.push('MESSAGE_RECEIVED'); });
    chat.on(E.CONVERSATION_LIST_UPDATED, () => order.push('CLU'));
    chat.on(E.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, (e) => order.push('TOTAL:' + e.data));
    chat.on(E.GROUP_LIST_UPDATED, (e) => order.push('GROUP_LIST:' + e.data.map((g) => g.groupID).join()));
    const ready = new Promise((res) => chat.on(E.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'hi alice' });
    await cloud.sendMessage({ from: 'bob', to: 'alice', payload: { data: '{"k":1}', description: 'd', extension: 'e' } });
    await cloud.createGroup({ ownerID: 'bob', groupID: 'team', name: 'Team', type: 'Public', memberList: ['alice'] });
    await cloud.sendMessage({ from: 'bob', to: 'team', conversationType: 'GROUP', text: 'welcome' });
    const list = (await chat.getConversationList()).data.conversationList;
    const c2c = list.find((c) => c.conversationID === 'C2Cbob');
    const grp = list.find((c) => c.conversationID === 'GROUPteam');
    return {
      order,
      received: received.map((m) => [m.conversationID, m.flow, m.from, m.to, m.type, m.status, m.isRead, m.nick]),
      firstKeys: Object.keys(received[0]),
      firstElements: received[0]._elements,
      ids: list.map((c) => c.conversationID),
      c2c: { keys: Object.keys(c2c), unread: c2c.unreadCount, last: c2c.lastMessage, nick: c2c.userProfile.nick, avatar: c2c.userProfile.avatar, toAccount: c2c.toAccount, remind: c2c.messageRemindType, json: Object.keys(JSON.parse(JSON.stringify(c2c))).includes('toAccount') },
      grp: { keys: Object.keys(grp), unread: grp.unreadCount, last: grp.lastMessage.messageForShow, from: grp.lastMessage.fromAccount, name: grp.groupProfile.name, type: grp.groupProfile.type, subType: grp.subType, role: grp.groupProfile.selfInfo.role },
      total: chat.getTotalUnreadMessageCount(),
    };
  });
  // Messages arrive in order; each push is its own task with its own events.
  assert.deepEqual(r.received.map((m) => m.slice(0, 5)), [
    ['C2Cbob', 'in', 'bob', 'alice', 'TIMTextElem'],
    ['C2Cbob', 'in', 'bob', 'alice', 'TIMCustomElem'],
    ['GROUPteam', 'in', 'bob', 'team', 'TIMGroupTipElem'],
    ['GROUPteam', 'in', 'bob', 'team', 'TIMTextElem'],
  ]);
  assert.ok(r.received.every((m) => m[5] === 'success' && m[6] === false));
  assert.equal(r.received[0][7], 'Bob', 'sender nick');
  assert.deepEqual(r.firstKeys, MESSAGE_KEYS);
  assert.deepEqual(r.firstElements, [{ type: 'TIMTextElem', content: { text: 'hi alice' } }]);
  // Login: the (empty, synced) list and the (empty) group list, as the original; then each push.
  assert.deepEqual(r.order.slice(0, 5), ['CLU', 'GROUP_LIST:', 'MESSAGE_RECEIVED', 'CLU', 'TOTAL:1']);
  assert.ok(r.order.includes('GROUP_LIST:team'));
  assert.deepEqual(r.ids, ['GROUPteam', 'C2Cbob'], 'newest first');
  assert.deepEqual(r.c2c.keys, [...CONVERSATION_KEYS, 'userProfile', 'subType']);
  assert.equal(r.c2c.unread, 2);
  assert.equal(r.c2c.last.messageForShow, '[自定义消息]');
  assert.equal(r.c2c.last.type, 'TIMCustomElem');
  assert.deepEqual(Object.keys(r.c2c.last), ['lastTime', 'lastSequence', 'fromAccount', 'messageForShow', 'payload', 'type',
    'isRevoked', 'cloudCustomData', 'onlineOnlyFlag', 'nick', 'nameCard', 'version', 'isPeerRead', 'revoker']);
  assert.equal(r.c2c.nick, 'Bob');
  assert.equal(r.c2c.avatar, 'https://example.invalid/bob.png');
  assert.equal(r.c2c.toAccount, 'bob');
  assert.equal(r.c2c.json, false, 'toAccount is an accessor, not serialised');
  assert.equal(r.c2c.remind, 'AcceptAndNotify');
  assert.deepEqual(r.grp.keys, [...CONVERSATION_KEYS, 'groupProfile', 'subType']);
  assert.equal(r.grp.unread, 2, 'the tip and the text');
  assert.equal(r.grp.last, 'welcome');
  assert.equal(r.grp.from, 'bob');
  assert.deepEqual([r.grp.name, r.grp.type, r.grp.subType, r.grp.role], ['Team', 'Public', 'Public', 'Member']);
  assert.equal(r.total, 4);
});

test('alice sends, pages history, reads, and manages groups and her profile', async () => {
  const r = await run(async () => {
    const { default: TencentCloudChat, LocalCloud } = await import('tim-wasm');
    const E = TencentCloudChat.EVENT;
    const SDKAppID = 1400000202;
    const cloud = new LocalCloud(SDKAppID);
    const chat = TencentCloudChat.create({ SDKAppID });
    const ready = new Promise((res) => chat.on(E.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const out = {};
    const msg = chat.createTextMessage({ to: 'bob', conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { text: 'hello bob' } });
    out.created = { status: msg.status, flow: msg.flow, from: msg.from, conv: msg.conversationID };
    const sent = await chat.sendMessage(msg);
    out.sent = { same: sent.data.message === msg, status: msg.status, seq: msg.sequence };
    for (let i = 0; i < 20; i++) await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'm' + i });
    const p1 = (await chat.getMessageList({ conversationID: 'C2Cbob' })).data;
    const p2 = (await chat.getMessageList({ conversationID: 'C2Cbob', nextReqMessageID: p1.nextReqMessageID })).data;
    out.pages = { n1: p1.messageList.length, first1: p1.messageList[0].payload.text, last1: p1.messageList[14].payload.text, done1: p1.isCompleted, n2: p2.messageList.length, first2: p2.messageList[0].payload.text, done2: p2.isCompleted };
    out.unreadBefore = chat.getTotalUnreadMessageCount();
    await chat.setMessageRead({ conversationID: 'C2Cbob' });
    out.unreadAfter = chat.getTotalUnreadMessageCount();
    const created = await chat.createGroup({ name: 'Mine', type: TencentCloudChat.TYPES.GRP_PUBLIC, memberList: [{ userID: 'bob' }] });
    out.group = { id: created.data.group.groupID, role: created.data.group.selfInfo.role, type: created.data.group.type };
    out.groupList = (await chat.getGroupList()).data.groupList.map((g) => g.groupID);
    const g = (await chat.getGroupProfile({ groupID: out.group.id })).data.group;
    out.profile = g.memberCount;
    // The original's accessors: memberNum/maxMemberNum read memberCount/maxMemberCount, not own keys.
    out.accessors = { memberNum: g.memberNum, maxMemberNum: g.maxMemberNum === g.maxMemberCount, own: Object.keys(g).includes('memberNum') };
    await cloud.createGroup({ ownerID: 'carol', groupID: 'open', type: 'Public' });
    out.join = (await chat.joinGroup({ groupID: 'open' })).data.status;
    out.joinAgain = (await chat.joinGroup({ groupID: 'open' })).data;
    out.quit = (await chat.quitGroup('open')).data;
    out.quitOwner = await chat.quitGroup(out.group.id).then(() => 0, (e) => e.code);
    out.dismiss = (await chat.dismissGroup(out.group.id)).data;
    out.missing = await chat.getGroupProfile({ groupID: 'nope' }).then(() => 0, (e) => e.code);
    const profileEvents = [];
    chat.on(E.PROFILE_UPDATED, (e) => profileEvents.push(e.data[0].nick));
    out.updated = (await chat.updateMyProfile({ nick: 'Alice' })).data.nick;
    await chat.updateMyProfile({ gender: TencentCloudChat.TYPES.GENDER_FEMALE, birthday: 19900101, selfSignature: 'hi', profileCustomField: [{ key: 'Tag_Profile_Custom_Hobby', value: 'chess' }] });
    out.me = (await chat.getMyProfile()).data;
    out.others = (await chat.getUserProfile({ userIDList: ['bob', 'nobody'] })).data.map((p) => p.userID);
    out.profileEvents = profileEvents;
    let threw = null;
    try { chat.createTextMessage({ to: 'bob', conversationType: 'C2C' }); } catch (e) { threw = e.code; }
    out.badMessage = threw;
    await chat.logout();
    return out;
  });
  assert.deepEqual(r.created, { status: 'unSend', flow: 'out', from: 'alice', conv: 'C2Cbob' });
  assert.deepEqual(r.sent, { same: true, status: 'success', seq: 1 });
  assert.deepEqual(r.pages, { n1: 15, first1: 'm5', last1: 'm19', done1: false, n2: 6, first2: 'hello bob', done2: true });
  assert.equal(r.unreadBefore, 20);
  assert.equal(r.unreadAfter, 0);
  assert.equal(r.group.role, 'Owner');
  assert.equal(r.group.type, 'Public');
  assert.match(r.group.id, /^@TGS#/);
  assert.deepEqual(r.groupList, [r.group.id]);
  assert.equal(r.profile, 2);
  assert.deepEqual(r.accessors, { memberNum: 2, maxMemberNum: true, own: false });
  assert.equal(r.join, 'JoinedSuccess');
  assert.deepEqual(r.joinAgain, { status: 'AlreadyInGroup' });
  assert.deepEqual(r.quit, { groupID: 'open' });
  assert.equal(r.quitOwner, 10009);
  assert.deepEqual(r.dismiss, { groupID: r.group.id });
  assert.equal(r.missing, 10010);
  assert.equal(r.updated, 'Alice');
  assert.equal(r.me.nick, 'Alice');
  assert.deepEqual([r.me.gender, r.me.birthday, r.me.selfSignature, r.me.allowType, r.me.profileCustomField],
    ['Gender_Type_Female', 19900101, 'hi', 'AllowType_Type_AllowAny', [{ key: 'Tag_Profile_Custom_Hobby', value: 'chess' }]]);
  assert.deepEqual(Object.keys(r.me), ['userID', 'nick', 'gender', 'birthday', 'location', 'selfSignature', 'allowType',
    'language', 'avatar', 'messageSettings', 'adminForbidType', 'level', 'role', 'lastUpdatedTime', 'profileCustomField']);
  assert.deepEqual(r.others, ['bob', 'nobody']);
  assert.deepEqual(r.profileEvents, ['Alice', 'Alice']);
  assert.equal(r.badMessage, 6017);
});

test('@-mentions: the member named (or everyone) sees groupAtInfoList until they read the group', async () => {
  const r = await run(async () => {
    const { default: TencentCloudChat, LocalCloud } = await import('tim-wasm');
    const T = TencentCloudChat;
    const chat = T.create({ SDKAppID: 1400000011, storage: 'memory' });
    const cloud = new LocalCloud(1400000011, { storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    await cloud.createGroup({ ownerID: 'bob', groupID: 'team', name: 'Team', memberList: ['alice'] });
    const got = new Promise((res) => chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => e.data[0].payload.text === '@alice hi' && res(e.data[0])));
    await cloud.sendMessage({ from: 'bob', to: 'team', conversationType: 'GROUP', text: '@alice hi', atUserList: ['alice', T.TYPES.MSG_AT_ALL] });
    const message = await got;
    const conv = (await chat.getConversationProfile('GROUPteam')).data.conversation;
    const filtered = (await chat.getConversationList({ hasGroupAtInfo: true })).data.conversationList.map((c) => c.conversationID);
    await chat.setMessageRead({ conversationID: 'GROUPteam' });
    const after = (await chat.getConversationProfile('GROUPteam')).data.conversation.groupAtInfoList;
    const muted = (await chat.setMessageRemindType({ groupID: 'team', messageRemindType: T.TYPES.MSG_REMIND_ACPT_NOT_NOTE })).data;
    const mutedGroup = [Object.keys(muted).join(), muted.group.groupID, muted.group.selfInfo.messageRemindType];
    await chat.logout();
    const [info] = conv.groupAtInfoList;
    return { mutedGroup, atUserList: message.atUserList, count: conv.groupAtInfoList.length, from: info.from, groupID: info.groupID, atTypeArray: info.atTypeArray, seq: info.messageSequence === message.sequence, filtered, after };
  });
  assert.deepEqual(r, { mutedGroup: ['group', 'team', 'AcceptNotNotify'], atUserList: ['alice', '__kImSDK_MesssageAtALL__'], count: 1, from: 'bob', groupID: 'team', atTypeArray: [3], seq: true, filtered: ['GROUPteam'], after: [] });
});
