// Synchronous stays synchronous (CONTRACT §3): every method the original's own declarations type
// as returning something other than a Promise returns or throws synchronously here — before
// login, while logging in and when ready — and one we have not built throws 2998 naming itself.
// The list comes from the original's index.d.ts (tests/types/sync-methods.mjs), not from us.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';
import { SITE } from './paths.mjs';
import { syncMethods } from '../types/sync-methods.mjs';

let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });

const SYNC = syncMethods();

test('the original declares these methods synchronous', () => {
  // A guard on the parser: the list must hold the well-known ones.
  for (const name of ['createTextMessage', 'findMessage', 'getSignalingInfo', 'getTotalUnreadMessageCount', 'inviteSync', 'isReady']) {
    assert.ok(SYNC.includes(name), name);
  }
  assert.ok(SYNC.length >= 25, `${SYNC.length} synchronous methods`);
});

test('every synchronous method returns or throws synchronously, at every stage; unbuilt ones throw 2998', async () => {
  const r = await site.page.evaluate(async (SYNC) => {
    const { default: T, implementedMethods } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 9101, storage: 'memory' });
    const built = new Set(implementedMethods());
    const text = { to: 'bob', conversationType: 'C2C', payload: { text: 'hi' } };
    const handler = () => {};
    const args = {
      on: ['onMessageReceived', handler], off: ['onMessageReceived', handler], registerPlugin: [{}], setLogLevel: [4],
      createTextMessage: [text], createTextAtMessage: [{ to: 'team', conversationType: 'GROUP', payload: { text: '@bob hi', atUserList: ['bob'] } }],
      createCustomMessage: [{ to: 'bob', conversationType: 'C2C', payload: { data: 'd', description: '', extension: '' } }],
      createFaceMessage: [{ to: 'bob', conversationType: 'C2C', payload: { index: 1, data: 'smile' } }],
      createLocationMessage: [{ to: 'bob', conversationType: 'C2C', payload: { description: 'here', longitude: 1, latitude: 2 } }],
      createForwardMessage: [{ to: 'carol', conversationType: 'C2C', payload: { type: 'TIMTextElem', payload: { text: 'hi' }, _elements: [{ type: 'TIMTextElem', content: { text: 'hi' } }] } }],
      findMessage: ['nope'], getSignalingInfo: [{ type: 'TIMTextElem', payload: { text: 'x' } }],
      addSignalingListener: ['ts_invited', handler], removeSignalingListener: ['ts_invited', handler],
      inviteSync: [{ userID: 'bob', data: '{}' }, handler, handler], inviteInGroupSync: [{ groupID: 'g', inviteeList: ['bob'], data: '{}' }, handler, handler],
    };
    const probe = (stage) => SYNC.map((name) => {
      let kind;
      let code = null;
      try {
        const out = chat[name](...(args[name] || []));
        kind = out && typeof out.then === 'function' ? 'promise' : 'value';
        if (kind === 'promise') out.catch(() => {});
      } catch (e) {
        kind = 'throw';
        code = e.code;
      }
      return { stage, name, kind, code, built: built.has(name) };
    });
    const out = probe('before login');
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    const login = chat.login({ userID: 'alice', userSig: 's' });
    out.push(...probe('logging in'));
    await login;
    await ready;
    out.push(...probe('ready'));
    await chat.logout();
    return out;
  }, SYNC);
  const promises = r.filter((x) => x.kind === 'promise');
  assert.deepEqual(promises, [], 'no synchronous method gave a Promise');
  const ready = r.filter((x) => x.stage === 'ready');
  // When ready: built ones answer; the others throw 2998.
  assert.deepEqual(ready.filter((x) => x.built && x.kind !== 'value'), []);
  assert.deepEqual(ready.filter((x) => !x.built && !(x.kind === 'throw' && x.code === 2998)), []);
  // Before ready, a throw carries the gate's code (2024 before login, 3000 while logging in) —
  // or 2998 for a method not built that the gate lets through (addSignalingListener).
  for (const x of r.filter((y) => y.stage !== 'ready' && y.kind === 'throw')) {
    const gate = x.stage === 'before login' ? 2024 : 3000;
    assert.ok(x.code === gate || (!x.built && x.code === 2998), `${x.stage} ${x.name}: ${x.code}`);
  }
  // What answers before ready: the clock, the unread total (0), no message found, no invitation.
  const early = r.filter((x) => x.stage === 'before login' && x.kind === 'value').map((x) => x.name).sort();
  assert.deepEqual(early, ['findMessage', 'getLoginUser', 'getServerTime', 'getSignalingInfo', 'getTotalUnreadMessageCount', 'isReady', 'off', 'on', 'registerPlugin', 'setLogLevel']);
});

test('findMessage finds the messages this session has seen; getSignalingInfo reads invitations', async () => {
  const r = await site.page.evaluate(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 9102, storage: 'memory' });
    const cloud = new LocalCloud(9102, { storage: 'memory' });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const got = new Promise((res) => chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => res(e.data[0])));
    await cloud.sendMessage({ from: 'bob', to: 'alice', text: 'incoming' });
    const received = await got;
    const created = chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'mine' } });
    const createdFound = chat.findMessage(created.ID) === created;
    await chat.sendMessage(created);
    const invite = { businessID: 1, inviteID: 'inv-1', inviter: 'bob', actionType: 1, inviteeList: ['alice'], data: '{"call":1}', timeout: 30 };
    const at = chat.createTextAtMessage({ to: 'team', conversationType: 'GROUP', payload: { text: '@all hi', atUserList: [T.TYPES.MSG_AT_ALL] } });
    return {
      receivedFound: chat.findMessage(received.ID) === received,
      createdFound,
      sentFound: chat.findMessage(created.ID) === created,
      missing: chat.findMessage('nobody-1-1'),
      at: { type: at.type, text: at.payload.text, atUserList: at.atUserList },
      signaling: chat.getSignalingInfo({ type: T.TYPES.MSG_CUSTOM, payload: { data: JSON.stringify(invite), description: '', extension: '' } }),
      notSignaling: chat.getSignalingInfo(received),
    };
  });
  assert.deepEqual(r, {
    receivedFound: true,
    createdFound: true,
    sentFound: true,
    missing: null,
    at: { type: 'TIMTextElem', text: '@all hi', atUserList: ['__kImSDK_MesssageAtALL__'] },
    signaling: { inviteID: 'inv-1', groupID: '', inviter: 'bob', inviteeList: ['alice'], data: '{"call":1}', actionType: 1, businessID: 1, timeout: 30 },
    notSignaling: null,
  });
});
