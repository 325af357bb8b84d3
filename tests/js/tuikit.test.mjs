// A real client on tim-wasm: Tencent's TUIKit engine, @tencentcloud/chat-uikit-engine 2.5.8
// (pinned in devDependencies), bundled by Vite with `@tencentcloud/chat` aliased to the packed
// tim-wasm's full build, `tim-wasm/full` (the original's default import is its full build;
// installed from the tarball into a scratch app), in headless Chromium. Both ways TUIKit
// starts the engine: (a) the engine creates the SDK and logs in (`TUIChatEngine.login({SDKAppID,
// userID, userSig})`), (b) the app creates the SDK, logs in, and hands its ready instance over
// (`TUIChatEngine.login({chat, ...})`, as TUICore does). Then, through the engine's public API and
// its store (TUIStore.watch, as a UI sees it): the conversation list and unread total, pinning,
// opening a conversation (history, read reported), sending, incoming messages, a draft,
// conversation groups through the raw instance (`TUIChatEngine.chat`), quote and reply, typing
// status, an @-message in a group, and friends through TUIFriendService (added at once, an
// application pending, a friend group) as the FRIEND store shows them. Every SDK call is recorded
// in the page (tests/fixtures/tuikit-app/main.js): the ones the engine uses synchronously must
// answer synchronously, none may fail, and the list goes to the test's diagnostics and to
// target/js-test/tuikit-calls-<route>.json. Any page error or unhandled rejection fails the test
// (tests/js/browser.mjs), and so does any console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, takePageErrors } from './browser.mjs';
import { ROOT, WORK } from './paths.mjs';

const APP = join(WORK, 'tuikit-app');
const WAIT = 5_000;
let site;

before(async () => {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  cpSync(join(ROOT, 'tests/fixtures/tuikit-app'), APP, { recursive: true });
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'tuikit-app', private: true, type: 'module' }));
  const tgz = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
  assert.ok(tgz, `no packed tarball in ${WORK}: run node tests/js/prepare.mjs first`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(WORK, tgz)], { cwd: APP, stdio: 'inherit' });
  // The engine (and its plugins) come from the repository's node_modules (devDependencies);
  // its `@tencentcloud/chat` import is aliased to the tarball's tim-wasm, the app's own.
  const { build } = await import('vite');
  await build({
    root: APP,
    configFile: false,
    logLevel: 'warn',
    // The original's default import is its full build: tim-wasm/full stands for it.
    resolve: { alias: [{ find: /^(@tencentcloud\/chat|tim-wasm)$/, replacement: join(APP, 'node_modules/tim-wasm/dist/tim-wasm-full.js') }] },
    build: { outDir: join(APP, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  const wasm = readdirSync(join(APP, 'dist/assets')).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one copy of tim-wasm in the bundle: ${wasm}`);
  site = await openSite(join(APP, 'dist'));
}, { timeout: 180_000 });

after(async () => { await site?.close(); });

/** A new tab on the app, its module loaded. */
async function appPage() {
  const page = await site.browser.newPage();
  await page.goto(site.origin + '/');
  await page.waitForFunction(() => window.__loaded, null, { timeout: 20_000 });
  return page;
}

/** Waits until `pred(window.__store, arg)` holds in the page; else fails with the store's contents. */
async function until(page, label, pred, arg) {
  try {
    await page.waitForFunction(
      ({ src, arg }) => new Function('s', 'arg', `return (${src})(s, arg)`)(window.__store, arg),
      { src: pred.toString(), arg },
      { timeout: WAIT },
    );
  } catch (e) {
    const store = await page.evaluate(() => window.__store).catch(() => '(page gone)');
    assert.fail(`${label}: not reached within ${WAIT} ms (${e.message.split('\n')[0]}).\nThe engine's store: ${JSON.stringify(store, null, 1)}`);
  }
}

const phase = (page, name) => page.evaluate((name) => { window.__phase = name; }, name);

/**
 * Seeds the local cloud of `app` (IndexedDB; one SDKAppID per route) for alice: bob (2 messages)
 * and carol (1) in C2C, and group `team` (Team) with one message from bob.
 */
function seed(page, app) {
  return page.evaluate(async (app) => {
    window.__phase = 'seed';
    const cloud = new window.__tim.LocalCloud(app);
    window.__cloud = cloud;
    await cloud.importAccount({ userID: 'alice', nick: 'Alice' });
    await cloud.importAccount({ userID: 'bob', nick: 'Bob' });
    await cloud.importAccount({ userID: 'carol', nick: 'Carol' });
    await cloud.importAccount({ userID: 'dave', nick: 'Dave', allowType: 'AllowType_Type_AllowAny' });
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'b1' });
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'b2' });
    await cloud.sendMessage({ from: 'carol', to: 'alice', text: 'c1' });
    await cloud.createGroup({ ownerID: 'bob', groupID: 'team', name: 'Team', memberList: ['alice'] });
    await cloud.sendMessage({ from: 'bob', to: 'team', conversationType: 'GROUP', text: 'welcome' });
  }, app);
}

// Instance methods the engine 2.5.8 uses as synchronous (it reads their result at once):
// isReady, getTotalUnreadMessageCount (TUIConversationService init), getSignalingInfo
// (TUIChatService.handleC2CCallSignaling, MessageModel.getSignalingInfo), findMessage (read
// receipts, replies), every create*Message (then passed to sendMessage), getLoginUser, on/off,
// setLogLevel, registerPlugin.
const SYNC = new Set([
  'isReady', 'getLoginUser', 'getTotalUnreadMessageCount', 'getSignalingInfo', 'findMessage', 'on', 'off', 'once',
  'setLogLevel', 'registerPlugin', 'createTextMessage', 'createTextAtMessage', 'createImageMessage',
  'createAudioMessage', 'createVideoMessage', 'createCustomMessage', 'createFaceMessage', 'createFileMessage',
  'createLocationMessage', 'createMergerMessage', 'createForwardMessage',
]);

const ids = (s) => s.conversationList.map((c) => c.conversationID);
const conv = (s, id) => s.conversationList.find((c) => c.conversationID === id);

/** The flows, through the engine's API and store, after the engine's login (either route). */
async function flows(t, page, app, route) {
  let loggedIn = false;
  // Each step fails on its own assertions and on any page error or unhandled rejection that
  // happened during it (reported together, so neither hides the other).
  const step = (name, fn, needsLogin = true) => t.test(name, { skip: needsLogin && !loggedIn && 'the engine did not log in' }, async () => {
    let failure = null;
    try {
      await fn();
    } catch (e) {
      failure = e;
    }
    await new Promise((r) => setTimeout(r, 50)); // page errors arrive asynchronously
    const errors = takePageErrors();
    if (errors.length) {
      assert.fail(`${failure ? `${failure.message}\n\nand ` : ''}uncaught page errors or unhandled rejections during this step:\n${errors.join('\n')}`);
    }
    if (failure) throw failure;
  });

  await step('login: the engine is ready and logged in as alice', async () => {
    const r = await page.evaluate(async ({ app, route, wait }) => {
      const { TencentCloudChat, TUIChatEngine } = window.__tim;
      // For Promises that may never settle (the engine's login resolves on SDK_READY).
      const timeoutP = (what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${wait} ms`)), wait));
      let appChat = null;
      if (route === 'b') {
        window.__phase = 'app-login';
        appChat = TencentCloudChat.create({ SDKAppID: app });
        const ready = new Promise((r) => appChat.on(TencentCloudChat.EVENT.SDK_READY, r));
        await appChat.login({ userID: 'alice', userSig: 'sig' });
        await Promise.race([ready, timeoutP('SDK_READY')]);
      }
      window.__phase = 'login';
      const options = { SDKAppID: app, userID: 'alice', userSig: 'sig', useUploadPlugin: false };
      if (appChat) options.chat = appChat;
      await Promise.race([TUIChatEngine.login(options), timeoutP('TUIChatEngine.login')]);
      return {
        ready: TUIChatEngine.isReady(),
        user: TUIChatEngine.chat.getLoginUser(),
        myUserID: TUIChatEngine.getMyUserID(),
        sameChat: appChat ? TUIChatEngine.chat === appChat : null,
      };
    }, { app, route, wait: WAIT });
    assert.deepEqual(r, { ready: true, user: 'alice', myUserID: 'alice', sameChat: route === 'b' ? true : null });
    loggedIn = true;
    await until(page, 'USER store: my profile', (s) => s.userProfile && s.userProfile.userID === 'alice');
    assert.equal((await page.evaluate(() => window.__store)).userProfile.nick, 'Alice');
  }, false);

  await step('GRP, FRIEND and USER stores: the group list, no friends, no applications, an empty blacklist', async () => {
    await phase(page, 'stores');
    await until(page, 'GRP store: my groups', (s) => Array.isArray(s.groupList) && s.groupList.join() === 'team');
    await new Promise((r) => setTimeout(r, 100)); // the engine's other first reads (route b)
    const s = await page.evaluate(() => window.__store);
    assert.deepEqual(
      { friendList: s.friendList, friendGroupList: s.friendGroupList, friendApplicationList: s.friendApplicationList, friendApplicationUnreadCount: s.friendApplicationUnreadCount, userBlacklist: s.userBlacklist },
      { friendList: [], friendGroupList: [], friendApplicationList: [], friendApplicationUnreadCount: 0, userBlacklist: [] },
    );
  });

  // Unread messages of GROUPteam as the SDK counts them (its creation's tip and 'welcome'): the
  // test holds the engine's store to the SDK for it, and to exact counts for the C2C ones.
  let g = 1;
  await step('CONV store: the conversation list and the unread total', async () => {
    await phase(page, 'conversation-list');
    await until(page, 'three conversations', (s) => s.conversationList.length === 3);
    const sdk = await page.evaluate(async () => {
      const chat = window.__tim.TUIChatEngine.chat;
      window.__phase = 'test-probe';
      const list = (await chat.getConversationList()).data.conversationList;
      const total = chat.getTotalUnreadMessageCount();
      window.__phase = 'conversation-list';
      return { unread: Object.fromEntries(list.map((c) => [c.conversationID, c.unreadCount])), total };
    });
    g = sdk.unread.GROUPteam;
    assert.ok(g >= 1, `GROUPteam has its unread message (${g})`);
    assert.deepEqual(sdk.unread, { C2Cbob: 2, C2Ccarol: 1, GROUPteam: g });
    assert.equal(sdk.total, 3 + g, 'the SDK\'s getTotalUnreadMessageCount() is the sum');
    await until(page, 'the unread total', (s, n) => s.totalUnreadCount === n, 3 + g);
    const s = await page.evaluate(() => window.__store);
    assert.deepEqual([...ids(s)].sort(), ['C2Cbob', 'C2Ccarol', 'GROUPteam']);
    assert.deepEqual(Object.fromEntries(s.conversationList.map((c) => [c.conversationID, c.unreadCount])), sdk.unread);
    assert.ok(s.conversationList.every((c) => c.model), 'the store holds ConversationModels');
    assert.equal(conv(s, 'C2Cbob').showName, 'Bob');
    assert.equal(conv(s, 'C2Ccarol').showName, 'Carol');
    assert.equal(conv(s, 'GROUPteam').showName, 'Team');
    assert.equal(conv(s, 'C2Cbob').lastText, 'b2');
    assert.equal(conv(s, 'C2Cbob').lastMessage, 'b2');
    assert.ok(conv(s, 'GROUPteam').lastText.endsWith('welcome'), conv(s, 'GROUPteam').lastText);
    assert.ok(s.conversationList.every((c) => c.isPinned === false));
  });

  await step('pin a conversation (ConversationModel.pinConversation)', async () => {
    await phase(page, 'pin');
    await page.evaluate(() => window.__tim.TUIStore.getConversationModel('C2Ccarol').pinConversation());
    await until(page, 'C2Ccarol pinned, first', (s) => s.conversationList[0]?.conversationID === 'C2Ccarol' && s.conversationList[0].isPinned);
    const s = await page.evaluate(() => window.__store);
    assert.deepEqual(s.conversationList.filter((c) => c.isPinned).map((c) => c.conversationID), ['C2Ccarol']);
  });

  await step('open a conversation: history in the CHAT store, read reported', async () => {
    await phase(page, 'switch-conversation');
    const r = await page.evaluate(async () => {
      const m = await window.__tim.TUIConversationService.switchConversation('C2Cbob');
      return { conversationID: m.conversationID, model: typeof m.getShowName === 'function' };
    });
    assert.deepEqual(r, { conversationID: 'C2Cbob', model: true });
    await until(page, 'history of C2Cbob', (s) => s.currentConversationID === 'C2Cbob' && s.messageList.map((m) => m.text).join() === 'b1,b2');
    await until(page, 'C2Cbob read', (s, n) => s.conversationList.find((c) => c.conversationID === 'C2Cbob')?.unreadCount === 0 && s.totalUnreadCount === n, 1 + g);
    const s = await page.evaluate(() => window.__store);
    assert.ok(s.messageList.every((m) => m.model && m.conversationID === 'C2Cbob' && m.flow === 'in' && m.from === 'bob'));
    const isCompleted = await page.evaluate(() => window.__tim.TUIStore.getData(window.__tim.StoreName.CHAT, 'isCompleted'));
    assert.equal(isCompleted, true, 'the whole (short) history is loaded');
  });

  await step('send a text message (TUIChatService.sendTextMessage)', async () => {
    await phase(page, 'send');
    const r = await page.evaluate(async () => {
      const res = await window.__tim.TUIChatService.sendTextMessage({ payload: { text: 'hello bob' } });
      const m = res.data.message;
      return { text: m.payload.text, to: m.to, status: m.status, conversationID: m.conversationID };
    });
    assert.deepEqual(r, { text: 'hello bob', to: 'bob', status: 'success', conversationID: 'C2Cbob' });
    await until(page, 'the sent message in the CHAT store', (s) => s.messageList.map((m) => m.text).join() === 'b1,b2,hello bob' && s.messageList[2].status === 'success');
    await until(page, 'C2Cbob\'s last message', (s) => s.conversationList.find((c) => c.conversationID === 'C2Cbob')?.lastText === 'hello bob');
    const s = await page.evaluate(() => window.__store);
    assert.equal(s.messageList[2].flow, 'out');
    assert.deepEqual(ids(s).slice(0, 2), ['C2Ccarol', 'C2Cbob'], 'pinned first, then the latest');
  });

  await step('an incoming message in the open conversation reaches the CHAT store and is read', async () => {
    await phase(page, 'incoming-current');
    await page.evaluate(() => window.__cloud.sendMessage({ from: 'bob', to: 'alice', text: 'are you there?' }));
    await until(page, 'received in the CHAT store', (s) => s.messageList.map((m) => m.text).join() === 'b1,b2,hello bob,are you there?'
      && s.newMessageList.map((m) => m.text).join() === 'are you there?');
    await until(page, 'read at once (open conversation)', (s, n) => s.conversationList.find((c) => c.conversationID === 'C2Cbob')?.unreadCount === 0
      && s.conversationList.find((c) => c.conversationID === 'C2Cbob')?.lastText === 'are you there?' && s.totalUnreadCount === n, 1 + g);
  });

  await step('an incoming message elsewhere counts as unread and stays out of the CHAT store', async () => {
    await phase(page, 'incoming-other');
    await page.evaluate(() => window.__cloud.sendMessage({ from: 'carol', to: 'alice', text: 'c2' }));
    await until(page, 'C2Ccarol unread 2, and the total', (s, n) => s.conversationList.find((c) => c.conversationID === 'C2Ccarol')?.unreadCount === 2 && s.totalUnreadCount === n, 2 + g);
    const s = await page.evaluate(() => window.__store);
    assert.equal(conv(s, 'C2Ccarol').lastText, 'c2');
    assert.ok(!s.messageList.some((m) => m.text === 'c2'));
  });

  await step('a draft (TUIConversationService.setConversationDraft)', async () => {
    await phase(page, 'draft');
    const draftInfo = { html: '<p>unsent</p>', abstract: 'unsent' };
    await page.evaluate((draftInfo) => window.__tim.TUIConversationService.setConversationDraft({ conversationID: 'C2Ccarol', draftInfo }), draftInfo);
    await until(page, 'C2Ccarol\'s draft', (s, d) => s.conversationList.find((c) => c.conversationID === 'C2Ccarol')?.draftText === d, JSON.stringify(draftInfo));
    assert.equal(conv(await page.evaluate(() => window.__store), 'C2Ccarol').lastText, 'unsent', 'the list shows the draft');
    await page.evaluate(() => window.__tim.TUIConversationService.setConversationDraft({ conversationID: 'C2Ccarol', draftText: '' }));
    await until(page, 'draft cleared', (s) => s.conversationList.find((c) => c.conversationID === 'C2Ccarol')?.draftText === '');
    assert.equal(conv(await page.evaluate(() => window.__store), 'C2Ccarol').lastText, 'c2');
  });

  await step('conversation groups through TUIChatEngine.chat', async () => {
    await phase(page, 'conversation-groups');
    const r = await page.evaluate(async () => {
      const chat = window.__tim.TUIChatEngine.chat;
      await chat.createConversationGroup({ groupName: 'Work', conversationIDList: ['C2Cbob', 'GROUPteam'] });
      const groups = (await chat.getConversationGroupList()).data;
      const inWork = (await chat.getConversationList({ groupName: 'Work' })).data.conversationList.map((c) => c.conversationID);
      return { groups, inWork };
    });
    assert.deepEqual(r.groups, ['Work']);
    assert.deepEqual([...r.inWork].sort(), ['C2Cbob', 'GROUPteam']);
    await until(page, 'groups in the CONV store', (s) => ['C2Cbob', 'GROUPteam'].every((id) => s.conversationList.find((c) => c.conversationID === id)?.conversationGroupList?.join() === 'Work'));
    const s = await page.evaluate(() => window.__store);
    assert.deepEqual(conv(s, 'C2Ccarol').conversationGroupList, []);
    assert.equal(s.conversationList.length, 3);
  });

  await step('quote and reply (the reply finds its root with findMessage and updates it)', async () => {
    await phase(page, 'quote-reply');
    const r = await page.evaluate(async () => {
      const { TUIChatService, TUIStore } = window.__tim;
      const model = (text) => TUIStore.getData(window.__tim.StoreName.CHAT, 'messageList').find((m) => m.payload && m.payload.text === text);
      const b1 = model('b1');
      const b2 = model('b2');
      TUIChatService.quoteMessage(b1);
      const quote = (await TUIChatService.sendTextMessage({ payload: { text: 'quoting b1' } })).data.message;
      TUIChatService.replyMessage(b2);
      const reply = (await TUIChatService.sendTextMessage({ payload: { text: 'replying to b2' } })).data.message;
      return { b1: b1.ID, b2: b2.ID, reply: reply.ID, quote: JSON.parse(quote.cloudCustomData), replied: JSON.parse(reply.cloudCustomData) };
    });
    assert.equal(r.quote.messageReply.messageID, r.b1);
    assert.equal(r.quote.messageReply.messageAbstract, 'b1');
    assert.equal(r.replied.messageReply.messageID, r.b2);
    assert.equal(r.replied.messageReply.messageRootID, r.b2);
    await until(page, 'quote and reply in the CHAT store', (s) => s.messageList.slice(-2).map((m) => `${m.text}:${m.status}`).join() === 'quoting b1:success,replying to b2:success');
    // The root message is modified (modifyMessage) to list its replies, and the store shows it.
    await until(page, 'the root lists its reply', (s, r) => {
      const root = s.messageList.find((m) => m.ID === r.b2);
      // The engine (2.5.8) records the replied-to message itself in its root's replies (its
      // genMessageReply's root entry), whatever the SDK: what matters is that the modification
      // reached the store.
      try { return JSON.parse(root.cloudCustomData).messageReplies.replies.some((x) => x.messageID === r.b2 && x.messageAbstract === 'b2'); } catch { return false; }
    }, r);
  });

  await step('typing: ours is sent online only (not kept, not the last message); the peer\'s shows in the CHAT store', async () => {
    await phase(page, 'typing');
    // A fresh message from bob: the engine sends typing only within 30 s of the last one received.
    await page.evaluate(() => window.__cloud.sendMessage({ from: 'bob', to: 'alice', text: 'typing?' }));
    await until(page, 'bob\'s message', (s) => s.messageList.at(-1)?.text === 'typing?'
      && s.conversationList.find((c) => c.conversationID === 'C2Cbob')?.lastText === 'typing?');
    const before = (await page.evaluate(() => window.__store)).messageList.map((m) => m.ID);
    await page.evaluate(() => {
      window.__tim.TUIChatService.enterTypingState();
      window.__tim.TUIChatService.leaveTypingState();
    });
    await page.waitForFunction(() => window.__calls.filter((c) => c.phase === 'typing' && c.method === 'sendMessage' && c.settled !== 'pending').length === 2, null, { timeout: WAIT });
    const sent = await page.evaluate(() => window.__calls.filter((c) => c.phase === 'typing' && c.method === 'sendMessage').map((c) => [c.args[1], c.settled]));
    assert.deepEqual(sent, [[{ onlineUserOnly: true }, 'resolved'], [{ onlineUserOnly: true }, 'resolved']], 'typing start and end, online only');
    await new Promise((r) => setTimeout(r, 200));
    let s = await page.evaluate(() => window.__store);
    assert.deepEqual(s.messageList.map((m) => m.ID), before, 'typing messages stay out of the message list');
    const kept = await page.evaluate(async () => {
      window.__phase = 'test-probe';
      const list = (await window.__tim.TUIChatEngine.chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList;
      window.__phase = 'typing';
      return list.filter((m) => m.type === 'TIMCustomElem' && m.from === 'alice').length;
    });
    // As the original: an online-only message is neither the conversation's last message nor kept.
    assert.deepEqual({ lastText: conv(s, 'C2Cbob').lastText, keptInHistory: kept }, { lastText: 'typing?', keptInHistory: 0 }, 'online-only messages');
    // bob's client sends TUIKit's typing message (online only there; here through the admin handle)
    await page.evaluate(() => window.__cloud.sendMessage({
      from: 'bob', to: 'alice',
      payload: { data: JSON.stringify({ businessID: 'user_typing_status', typingStatus: 1, version: 1, userAction: 14, actionParam: 'EIMAMSG_InputStatus_Ing' }), description: '', extension: '' },
    }));
    await until(page, 'bob is typing', (s) => s.typingStatus === true);
    s = await page.evaluate(() => window.__store);
    assert.deepEqual(s.messageList.map((m) => m.ID), before, 'the peer\'s typing message stays out of the message list');
  });

  await step('open the group: history, read reported, an @-message (createTextAtMessage)', async () => {
    await phase(page, 'group');
    const id = await page.evaluate(async () => (await window.__tim.TUIConversationService.switchConversation('GROUPteam')).conversationID);
    assert.equal(id, 'GROUPteam');
    await until(page, 'the group\'s history', (s) => s.currentConversationID === 'GROUPteam'
      && s.messageList.filter((m) => m.text !== undefined).map((m) => m.text).join() === 'welcome' && s.messageList.every((m) => m.conversationID === 'GROUPteam'));
    await until(page, 'GROUPteam read', (s) => s.conversationList.find((c) => c.conversationID === 'GROUPteam')?.unreadCount === 0 && s.totalUnreadCount === 2);
    const sent = await page.evaluate(async () => {
      const m = (await window.__tim.TUIChatService.sendTextAtMessage({ payload: { text: '@Bob hi', atUserList: ['bob'] } })).data.message;
      return { text: m.payload.text, atUserList: m.atUserList, to: m.to, status: m.status };
    });
    assert.deepEqual(sent, { text: '@Bob hi', atUserList: ['bob'], to: 'team', status: 'success' });
    await until(page, 'the @-message in the CHAT store and the list', (s) => s.messageList.at(-1)?.text === '@Bob hi' && s.messageList.at(-1).status === 'success'
      && s.conversationList.find((c) => c.conversationID === 'GROUPteam')?.lastText.endsWith('@Bob hi'));
  });

  await step('react to a message through TUIChatService (the engine turns its emoji plugin on from the ability): shown in the CHAT store', async () => {
    await phase(page, 'react');
    const added = await page.evaluate(async () => {
      const { TUIStore: store, StoreName: names, TUIChatService: chat } = window.__tim;
      const welcome = store.getData(names.CHAT, 'messageList').find((m) => m.payload?.text === 'welcome');
      const r = await chat.addMessageReaction(welcome, 'like');
      return { code: r.code, plugin: store.getData(names.APP, 'enabledEmojiPlugin') };
    });
    assert.deepEqual(added, { code: 0, plugin: true });
    // Runs in the page (the store's summary and the reactions wanted).
    const on = (s, want) => JSON.stringify(s.messageList.find((m) => m.text === 'welcome')?.reactions) === JSON.stringify(want);
    await until(page, 'the reaction on the message', on, [['like', 1, true]]);
    await page.evaluate(async () => {
      const { TUIStore: store, StoreName: names, TUIChatService: chat } = window.__tim;
      const welcome = store.getData(names.CHAT, 'messageList').find((m) => m.payload?.text === 'welcome');
      await chat.removeMessageReaction(welcome, 'like');
    });
    await until(page, 'the reaction gone', on, [['like', 0, false]]);
  });

  await step('revoke and delete one\'s own message through TUIChatService: marked in the CHAT store', async () => {
    await phase(page, 'revoke');
    const done = await page.evaluate(async () => {
      const { TUIStore: store, StoreName: names, TUIChatService: chat } = window.__tim;
      const last = store.getData(names.CHAT, 'messageList').at(-1);
      const r = await chat.revokeMessage(last);
      return { code: r.code, revoked: r.data.message.isRevoked, revoker: r.data.message.revoker };
    });
    assert.deepEqual(done, { code: 0, revoked: true, revoker: 'alice' });
    await until(page, 'the revoked message in the CHAT store', (s) => s.messageList.at(-1)?.text === '@Bob hi' && s.messageList.at(-1).isRevoked === true);
    // Deleting it through the engine: resolved, the engine's own object marked.
    const deleted = await page.evaluate(async () => {
      const { TUIStore: store, StoreName: names, TUIChatService: chat } = window.__tim;
      const last = store.getData(names.CHAT, 'messageList').at(-1);
      const r = await chat.deleteMessage([last]);
      return { code: r.code, count: r.data.messageList.length, marked: last.isDeleted };
    });
    assert.deepEqual(deleted, { code: 0, count: 1, marked: true });
  });

  await step('send an image through TUIChatService.sendImageMessage: progress, then the image with its URL and size in the CHAT store', async () => {
    await phase(page, 'image');
    const sent = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 30;
      const png = await new Promise((r) => canvas.toBlob(r, 'image/png'));
      const input = document.createElement('input');
      input.type = 'file';
      const dt = new DataTransfer();
      dt.items.add(new File([png], 'shot.png', { type: 'image/png' }));
      input.files = dt.files;
      const r = await window.__tim.TUIChatService.sendImageMessage({ payload: { file: input } });
      return { code: r.code, type: r.data.message.type, format: r.data.message.payload.imageFormat };
    });
    assert.deepEqual(sent, { code: 0, type: 'TIMImageElem', format: 3 });
    await until(page, 'the image in the CHAT store', (s) => {
      const m = s.messageList.at(-1);
      return m?.type === 'TIMImageElem' && m.status === 'success' && m.progress === 1 && m.image[0][1] === 40 && m.image[0][2] === 30;
    });
    const shown = await page.evaluate(async () => {
      const url = window.__store.messageList.at(-1).image[0][0];
      const img = new Image();
      img.src = url;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    assert.deepEqual(shown, [40, 30]);
  });

  await step('friends through TUIFriendService: added at once or pending, a friend group, in the FRIEND store', async () => {
    await phase(page, 'friends');
    const added = await page.evaluate(async () => {
      const f = window.__tim.TUIFriendService;
      const dave = await f.addFriend({ to: 'dave', source: 'AddSource_Type_Web', type: 'Add_Type_Both' });
      const carol = await f.addFriend({ to: 'carol', source: 'AddSource_Type_Web', wording: 'hi' });
      return [dave.data.code, carol.data.code];
    });
    assert.deepEqual(added, [0, 30539], 'dave allows anyone; carol confirms (Tencent\'s default)');
    await until(page, 'dave in the friend list, carol\'s application sent', (s) => s.friendList.join() === 'dave' && s.friendApplicationList.join() === 'carol:Pendency_Type_SendOut');
    await page.evaluate(() => window.__tim.TUIFriendService.createFriendGroup({ name: 'Pals', userIDList: ['dave'] }));
    await until(page, 'the friend group', (s) => s.friendGroupList.join() === 'Pals:dave');
  });

  await step('a group through TUIGroupService: profile, members, attributes and counters in the GRP store, its online count; a new member appended', async () => {
    await phase(page, 'group');
    await page.evaluate(async () => {
      const g = window.__tim.TUIGroupService;
      await g.setGroupAttributes({ groupID: 'team', groupAttributes: { topic: 'launch' } });
      await g.setGroupCounters({ groupID: 'team', counters: { likes: 3 } });
      // Only alice is signed in (bob writes through the local cloud's admin handle).
      return (await g.getGroupOnlineMemberCount('team')).data;
    }).then((online) => assert.deepEqual(online, { memberCount: 1 }));
    await page.evaluate(() => window.__tim.TUIGroupService.switchGroup('team'));
    await until(page, 'the group, its members (one page), attributes and counters', (s) => s.currentGroupID === 'team' && s.currentGroup?.ownerID === 'bob'
      && s.groupMembers?.join() === 'bob:Owner,alice:Member' && s.groupMembersComplete === true
      && JSON.stringify(s.groupAttributes) === '{"topic":"launch"}' && JSON.stringify(s.groupCounters) === '{"likes":3}');
    // A change while the group is open reaches the store through GROUP_ATTRIBUTES_UPDATED.
    await page.evaluate(() => window.__tim.TUIGroupService.setGroupAttributes({ groupID: 'team', groupAttributes: { seat: 'alice' } }));
    await until(page, 'the attribute event in the store', (s) => JSON.stringify(s.groupAttributes) === '{"topic":"launch","seat":"alice"}');
    await page.evaluate(() => window.__cloud.joinGroup({ userID: 'carol', groupID: 'team' }));
    await until(page, 'carol appended from the join tip', (s) => s.groupMembers?.join() === 'bob:Owner,alice:Member,carol:Member');
  });

  await step('a group of one\'s own through TUIGroupService: made, members added, one made admin, one removed, profile and card changed — the GRP store follows', async () => {
    await phase(page, 'own-group');
    const made = await page.evaluate(async () => {
      const g = window.__tim.TUIGroupService;
      const r = await g.createGroup({ type: 'Community', name: 'Crew', groupID: 'crew', memberList: [{ userID: 'dave' }] });
      await g.switchGroup('crew');
      return { code: r.code, groupID: r.data.group.groupID };
    });
    assert.deepEqual(made, { code: 0, groupID: 'crew' });
    await until(page, 'the new group open, its two members', (s) => s.currentGroupID === 'crew' && s.currentGroup?.ownerID === 'alice'
      && s.groupMembers?.join() === 'alice:Owner,dave:Member');
    const added = await page.evaluate(async () => (await window.__tim.TUIGroupService.addGroupMember({ groupID: 'crew', userIDList: ['carol'] })).data.successUserIDList);
    assert.deepEqual(added, ['carol']);
    await until(page, 'carol appended', (s) => s.groupMembers?.join() === 'alice:Owner,dave:Member,carol:Member');
    await page.evaluate(() => window.__tim.TUIGroupService.setGroupMemberRole({ groupID: 'crew', userID: 'carol', role: 'Admin' }));
    await until(page, 'carol an admin (from the tip)', (s) => s.groupMembers?.join() === 'alice:Owner,dave:Member,carol:Admin');
    await page.evaluate(() => window.__tim.TUIGroupService.deleteGroupMember({ groupID: 'crew', userIDList: ['dave'] }));
    await until(page, 'dave removed', (s) => s.groupMembers?.join() === 'alice:Owner,carol:Admin');
    const later = await page.evaluate(async () => {
      const g = window.__tim.TUIGroupService;
      await g.setGroupMemberNameCard({ groupID: 'crew', userID: 'carol', nameCard: 'Captain' });
      await g.setGroupMemberMuteTime({ groupID: 'crew', userID: 'carol', muteTime: 60 });
      await g.updateGroupProfile({ groupID: 'crew', introduction: 'We ship' });
      const p = (await g.getGroupMemberProfile({ groupID: 'crew', userIDList: ['carol'] })).data.memberList[0];
      const group = (await g.getGroupProfile({ groupID: 'crew' })).data.group;
      return { card: p.nameCard, muted: p.muteUntil > 0, intro: group.introduction };
    });
    assert.deepEqual(later, { card: 'Captain', muted: true, intro: 'We ship' });
  });

  // The recorded SDK calls of the whole run.
  await phase(page, 'end');
  await new Promise((r) => setTimeout(r, 200)); // let pending calls settle
  const calls = await page.evaluate(() => window.__calls);
  const consoleLines = await page.evaluate(() => window.__console);
  writeFileSync(join(WORK, `tuikit-calls-${route}.json`), JSON.stringify({ calls, console: consoleLines }, null, 1));
  report(t, calls, consoleLines);

  await t.test('the SDK methods the engine reads synchronously answer synchronously', () => {
    const bad = calls.filter((c) => SYNC.has(c.method) && (c.returned === 'Promise' || c.threw));
    assert.deepEqual(bad.map(line), [], 'synchronous methods that returned a Promise or threw');
  });

  await t.test('no SDK call made by the engine or the app failed', () => {
    const bad = calls.filter((c) => c.settled === 'rejected' || c.threw);
    assert.deepEqual(bad.map(line), []);
  });

  await t.test('no console error', () => {
    assert.deepEqual(consoleLines.filter((c) => c.level === 'error').map((c) => `[${c.phase}] ${c.text}`), []);
  });
}

function line(c) {
  const out = c.threw ? `threw ${c.threw.code} ${c.threw.message}`
    : c.returned === 'Promise' ? `Promise ${c.settled}${c.error ? ` ${c.error.code} ${c.error.message}` : ''}`
      : `${c.returned} ${JSON.stringify(c.value)}`;
  return `[${c.phase}] ${c.method}(${JSON.stringify(c.args).slice(1, -1).slice(0, 160)}) -> ${out}`;
}

/** The calls, grouped by phase and method (on/off: their event names only), as diagnostics. */
function report(t, calls, consoleLines) {
  const byPhase = new Map();
  for (const c of calls) {
    if (!byPhase.has(c.phase)) byPhase.set(c.phase, []);
    byPhase.get(c.phase).push(c);
  }
  for (const [p, list] of byPhase) {
    const methods = new Map();
    for (const c of list) {
      const key = c.method === 'on' || c.method === 'off' ? c.method : line(c).replace(/^\[[^\]]*\] /, '');
      methods.set(key, (methods.get(key) || 0) + 1);
    }
    t.diagnostic(`SDK calls, phase ${p}:`);
    for (const [k, n] of methods) t.diagnostic(`  ${k}${n > 1 ? `  (×${n})` : ''}`);
  }
  for (const c of consoleLines) t.diagnostic(`console.${c.level} [${c.phase}] ${c.text.slice(0, 300)}`);
}

test('route (a): the engine creates the SDK and logs in', { timeout: 120_000 }, async (t) => {
  const page = await appPage();
  try {
    await seed(page, 1400000201);
    await flows(t, page, 1400000201, 'a');
  } finally {
    await page.close();
  }
});

test('route (b): the app logs in and hands its ready instance to the engine', { timeout: 120_000 }, async (t) => {
  const page = await appPage();
  try {
    await seed(page, 1400000202);
    await flows(t, page, 1400000202, 'b');
  } finally {
    await page.close();
  }
});
