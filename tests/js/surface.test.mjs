// The public surface in headless Chromium, imported by name from the packed package:
// static members and their values, the instance shape, create(), result and error shapes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, takePageErrors } from './browser.mjs';
import { ROOT, SITE } from './paths.mjs';

const ORIGINAL = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/original-surface.json'), 'utf8'));
let site;
before(async () => { site = await openSite(SITE); });
after(async () => { await site?.close(); });

const run = (fn, arg) => site.page.evaluate(fn, arg);

test('static members are exactly the original\'s, with its runtime values and order', async () => {
  const s = await run(async () => {
    const mod = await import('tim-wasm');
    const T = mod.default;
    return {
      keys: Object.keys(T),
      named: mod.TencentCloudChat === T,
      EVENT: Object.entries(T.EVENT),
      TYPES: Object.entries(T.TYPES),
      TSignaling: Object.entries(T.TSignaling),
      VERSION: T.VERSION,
      createType: typeof T.create,
    };
  });
  assert.deepEqual(s.keys, ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  assert.ok(s.named, 'named export TencentCloudChat is the default export');
  assert.deepEqual(s.EVENT, ORIGINAL.EVENT);
  assert.deepEqual(s.TYPES, ORIGINAL.TYPES);
  assert.deepEqual(s.TSignaling, ORIGINAL.TSignaling);
  assert.equal(s.EVENT.length, 37);
  assert.equal(s.TYPES.length, 115);
  assert.equal(s.TSignaling.length, 12);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(s.VERSION, pkg.version);
  assert.equal(s.createType, 'function');
});

test('the instance has a null prototype and the original\'s 149 methods', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 1001 });
    return {
      proto: Object.getPrototypeOf(chat) === null,
      keys: Object.keys(chat),
      allFunctions: Object.values(chat).every((f) => typeof f === 'function'),
    };
  });
  assert.ok(s.proto);
  assert.deepEqual(s.keys, ORIGINAL.METHODS);
  assert.ok(s.allFunctions);
});

test('create() parses SDKAppID as the original and keeps one instance per SDKAppID', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const a = T.create({ SDKAppID: 1400000001 });
    const b = T.create({ SDKAppID: '1400000001' });
    const bad = [T.create({ SDKAppID: 'abc' }), T.create({ SDKAppID: '12abc' }), T.create({}), T.create({ SDKAppID: undefined })];
    const zero1 = T.create({ SDKAppID: 0 });
    const zero2 = T.create({ SDKAppID: 0 });
    let threw = null;
    try { T.create(); } catch (e) { threw = e.constructor.name; }
    const hex = T.create({ SDKAppID: '0x1A' });
    const hex2 = T.create({ SDKAppID: 26 });
    await a.destroy().catch(() => {});
    const c = T.create({ SDKAppID: 1400000001 });
    const zeroLogin = await zero1.login({ userID: 'u', userSig: 's' }).then(() => 0, (e) => e.code);
    return {
      same: a === b, bad: bad.map((x) => x === null), newAfterDestroy: c !== a,
      zeroDistinct: zero1 !== zero2, threw, hexSame: hex === hex2, zeroLogin,
    };
  });
  assert.ok(s.same, 'number and numeric string give the same instance');
  assert.deepEqual(s.bad, [true, true, true, true]);
  assert.ok(s.newAfterDestroy);
  assert.ok(s.zeroDistinct);
  assert.equal(s.threw, 'TypeError');
  assert.ok(s.hexSame, '"0x1A" parses as 26, as parseInt does');
  assert.equal(s.zeroLogin, 2000);
});

test('login resolves before SDK_READY; calls in between get 3000; logout gives 3005', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 2001 });
    const order = [];
    const errors = [];
    chat.on(T.EVENT.SDK_READY, (e) => order.push(['ready', Object.keys(e), e.data === undefined]));
    chat.on(T.EVENT.SDK_NOT_READY, () => order.push(['notReady']));
    chat.on(T.EVENT.ERROR, (e) => errors.push(e.data));
    const before = await chat.getConversationList().then(() => 'resolved', (e) => e.code);
    // Synchronous methods stay synchronous before ready: they answer, or throw the gate's code.
    const syncBefore = { time: typeof chat.getServerTime(), total: chat.getTotalUnreadMessageCount(), found: chat.findMessage('x') };
    try {
      syncBefore.create = chat.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text: 'hi' } });
    } catch (e) {
      syncBefore.create = e.code;
    }
    const beforeLoginUser = chat.getLoginUser();
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    const loginPromise = chat.login({ userID: 'alice', userSig: 'sig' });
    const during = await chat.getGroupList().then(() => 'resolved', (e) => e.code);
    const res = await loginPromise;
    order.push(['login resolved']);
    const between = await chat.getConversationList().then(() => 'resolved', (e) => e.code);
    await ready;
    const afterReady = { isReady: chat.isReady(), user: chat.getLoginUser(), time: typeof chat.getServerTime() };
    const repeat = await chat.login({ userID: 'bob', userSig: 'sig' });
    const out = await chat.logout();
    order.push(['logout resolved']);
    const after = await chat.getConversationList().then(() => 'resolved', (e) => e.code);
    const logoutAgain = await chat.logout().then(() => 'resolved', (e) => e.code);
    return { before, syncBefore, beforeLoginUser, during, res, between, afterReady, repeat, out, after, logoutAgain, order, errors, afterUser: chat.getLoginUser() };
  });
  assert.equal(s.before, 2024);
  assert.deepEqual(s.syncBefore, { time: 'number', total: 0, found: null, create: 2024 });
  assert.equal(s.beforeLoginUser, '');
  assert.equal(s.during, 3000);
  assert.deepEqual(s.res, { code: 0, data: { actionStatus: 'OK', errorCode: 0, errorInfo: '', repeatLogin: false } });
  assert.equal(s.between, 3000);
  assert.deepEqual(s.afterReady, { isReady: true, user: 'alice', time: 'number' });
  assert.equal(s.repeat.data.repeatLogin, true);
  assert.deepEqual(s.out, { code: 0, data: {} });
  assert.equal(s.after, 3005);
  assert.equal(s.logoutAgain, 2024);
  assert.equal(s.afterUser, '');
  // SDK_READY's payload is {name, data: undefined}; SDK_NOT_READY comes before logout resolves.
  assert.deepEqual(s.order, [['login resolved'], ['ready', ['name', 'data'], true], ['notReady'], ['logout resolved']]);
  // Each gate rejection is accompanied by an ERROR event carrying a plain {code, message}.
  assert.deepEqual(s.errors.map((e) => e.code), [2024, 2024, 3000, 3000, 3005]);
  assert.ok(s.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
});

test('errors: rejections are Errors with code, message, data; invalid arguments throw 6017', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 3001 });
    const shape = (e) => ({ isError: e instanceof Error, keys: Object.keys(e), code: e.code, message: e.message, data: e.data });
    const beforeReady = await chat.createConversationGroup().then(() => null, shape);
    let loginThrow = null;
    try { chat.login({}); } catch (e) { loginThrow = shape(e); }
    let onThrow = null;
    try { chat.on('', () => {}); } catch (e) { onThrow = shape(e); }
    await chat.login({ userID: 'alice', userSig: 's' });
    await new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    let groupThrow = null;
    try { chat.createConversationGroup({ groupName: 'x'.repeat(33), conversationIDList: ['C2Ca'] }); } catch (e) { groupThrow = shape(e); }
    let extraArg = null;
    try { chat.createConversationGroup({ groupName: 'x', conversationIDList: ['C2Ca'] }, undefined); } catch (e) { extraArg = shape(e); }
    const notBuilt = await chat.getGroupMemberList({ groupID: 'g' }).then(() => null, shape);
    const experimental = {
      canIUse: chat.callExperimentalAPI('canIUseModule', ['group-module']),
      enabled: await chat.callExperimentalAPI('isCommercialAbilityEnabled', 1),
      served: await chat.callExperimentalAPI('isCommercialAbilityEnabled', 1536),
      unknown: await chat.callExperimentalAPI('nope').then(() => null, (e) => e.code),
    };
    await chat.logout();
    return { beforeReady, loginThrow, onThrow, groupThrow, extraArg, notBuilt, experimental };
  });
  assert.deepEqual(s.beforeReady.keys, ['code', 'message', 'data']);
  assert.equal(s.beforeReady.isError, true);
  assert.equal(s.beforeReady.code, 2024, 'before ready, bad arguments reject with the gate code');
  assert.deepEqual(s.beforeReady.data, {});
  for (const t of [s.loginThrow, s.onThrow, s.groupThrow, s.extraArg]) {
    assert.equal(t.isError, true);
    assert.equal(t.code, 6017);
    assert.match(t.message, /^Params validate failed\./);
  }
  assert.match(s.loginThrow.message, /userID/);
  assert.match(s.onThrow.message, /eventName/);
  assert.match(s.groupThrow.message, /groupName.*32/);
  assert.equal(s.notBuilt.code, 2998);
  assert.match(s.notBuilt.message, /getGroupMemberList/);
  assert.equal(s.experimental.canIUse, true);
  assert.deepEqual(s.experimental.enabled, { code: 0, data: { enabled: false } });
  assert.deepEqual(s.experimental.served, { code: 0, data: { enabled: true } });
  assert.equal(s.experimental.unknown, 2905);
});

test('on/once/off: context, order, removal, throwing handlers are skipped', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 4001 });
    const seen = [];
    const ctxA = { id: 'A' };
    const ctxB = { id: 'B' };
    function fn(e) { seen.push(['fn', this && this.id, e.name]); }
    const thrower = () => { throw new Error('boom'); };
    const onceFn = (e) => seen.push(['once', e.name]);
    chat.once(T.EVENT.ERROR, onceFn);
    chat.on(T.EVENT.ERROR, thrower);
    chat.on(T.EVENT.ERROR, fn, ctxA);
    chat.on(T.EVENT.ERROR, fn, ctxB);
    await chat.getConversationList().catch(() => {});
    seen.push(['--']);
    chat.off(T.EVENT.ERROR, fn, ctxB);
    await chat.getConversationList().catch(() => {});
    seen.push(['--']);
    chat.off(T.EVENT.ERROR, fn);
    const removable = (e) => seen.push(['removable', e.name]);
    chat.once(T.EVENT.ERROR, removable);
    chat.off(T.EVENT.ERROR, removable);
    await chat.getConversationList().catch(() => {});
    return seen;
  });
  assert.deepEqual(s, [
    ['once', 'error'], ['fn', 'A', 'error'], ['fn', 'B', 'error'], ['--'],
    ['fn', 'A', 'error'], ['--'],
  ]);
});

test('an ERROR handler may call back into the SDK', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 6001 });
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    let calledBack = false;
    chat.on(T.EVENT.ERROR, () => {
      if (!calledBack) {
        calledBack = true;
        chat.login({ userID: 'alice', userSig: 's' });
      }
    });
    const gated = await chat.getConversationList().then(() => 0, (e) => e.code);
    await ready;
    const user = chat.getLoginUser();
    await chat.logout();
    return { gated, user };
  });
  assert.equal(s.gated, 2024);
  assert.equal(s.user, 'alice', 'the login made inside the handler went through');
});

test('a push right after login() resolved, before SDK_READY, is applied', async () => {
  const s = await run(async () => {
    const { default: T, LocalCloud } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 6002 });
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    await chat.login({ userID: 'alice', userSig: 's' });
    await new LocalCloud(6002).sendMessage({ from: 'bob', to: 'alice', text: 'between' });
    await ready;
    const list = (await chat.getConversationList()).data.conversationList.map((c) => [c.conversationID, c.unreadCount]);
    await chat.logout();
    return list;
  });
  assert.deepEqual(s, [['C2Cbob', 1]]);
});

test('destroy emits SDK_DESTROY, rejects 2024 when not logged in, and ends the instance', async () => {
  const s = await run(async () => {
    const { default: T } = await import('tim-wasm');
    const chat = T.create({ SDKAppID: 5001 });
    const events = [];
    chat.on(T.EVENT.SDK_DESTROY, (e) => events.push(e.data));
    const code = await chat.destroy().then(() => 0, (e) => e.code);
    const relogin = await chat.login({ userID: 'a', userSig: 's' }).then(() => 0, (e) => e.code);
    const chat2 = T.create({ SDKAppID: 5002 });
    await chat2.login({ userID: 'a', userSig: 's' });
    const order = [];
    chat2.on(T.EVENT.SDK_NOT_READY, () => order.push('notReady'));
    chat2.on(T.EVENT.SDK_DESTROY, () => order.push('destroy'));
    const res = await chat2.destroy();
    return { events, code, relogin, res, order };
  });
  assert.deepEqual(s.events, [{ SDKAppID: 5001 }]);
  assert.equal(s.code, 2024);
  assert.equal(s.relogin, 2982);
  assert.deepEqual(s.res, { code: 0, data: {} });
  assert.deepEqual(s.order, ['notReady', 'destroy']);
});


// Our additions (tim-wasm/full), tested in tests/js/additions.test.mjs.
const ADDITIONS = [
  'getUnreadMessageCountByFilter', 'subscribeUnreadMessageCountByFilter',
  'unsubscribeUnreadMessageCountByFilter', 'getConversationListByFilter',
  'setConversationGroupOrder', 'markConversationGroupAsRead',
];

test('README lists exactly the implemented methods, the full build\'s marked *full*', async () => {
  const [core, built] = await run(async () => [(await import('tim-wasm')).implementedMethods(), (await import('tim-wasm/full')).implementedMethods()]);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Implemented methods')[1].split('\n## ')[0];
  const listed = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...built].sort());
  const full = [...section.matchAll(/^\| `(\w+)` \| \*full\*/gm)].map((m) => m[1]);
  assert.deepEqual(full.sort(), built.filter((m) => !core.includes(m)).sort());
  // Past the original's methods, only our additions (CONTRACT §2), last.
  const added = built.filter((m) => !ORIGINAL.METHODS.includes(m));
  assert.deepEqual(added, ADDITIONS);
  assert.deepEqual(built.slice(-ADDITIONS.length), ADDITIONS);
});

test('docs/COMPATIBILITY.md accounts for all 149 methods, built or partly exactly as the full build implements them', async () => {
  const built = await run(async () => (await import('tim-wasm/full')).implementedMethods());
  const doc = readFileSync(join(ROOT, 'docs', 'COMPATIBILITY.md'), 'utf8').split('\n## Methods')[1];
  const rows = [...doc.matchAll(/^\| `(\w+)` \| (built|partly|not yet) \|/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(rows.map(([n]) => n), ORIGINAL.METHODS);
  assert.deepEqual(rows.filter(([, st]) => st !== 'not yet').map(([n]) => n).sort(), built.filter((m) => !ADDITIONS.includes(m)).sort());
});

for (const [build, count] of [['tim-wasm', 52], ['tim-wasm/full', 112 + ADDITIONS.length]]) test(`${build}: implementedMethods() tells the truth (its list and its Rust cloud agree): the others reject 2998 naming themselves`, async () => {
  const r = await run(async (build) => {
    const { default: T, implementedMethods } = await import(build);
    const chat = T.create({ SDKAppID: 7001 });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const implemented = new Set(implementedMethods());
    const wrong = [];
    for (const name of Object.keys(chat)) {
      if (['login', 'logout', 'destroy'].includes(name)) continue;
      let code = null;
      try {
        const out = chat[name]();
        if (out && typeof out.then === 'function') code = await out.then(() => 0, (e) => (e.code === 2998 && e.message.includes(name) ? 2998 : e.code));
      } catch (e) {
        code = e.code;
      }
      if ((code === 2998) === implemented.has(name)) wrong.push([name, code]);
    }
    await chat.logout();
    return { wrong, count: implemented.size };
  }, build);
  assert.deepEqual(r.wrong, []);
  assert.equal(r.count, count);
});

test('the browser harness sees every uncaught error and unhandled rejection (so no test can tolerate one)', async () => {
  await site.page.evaluate(() => new Promise((resolve) => {
    setTimeout(() => { throw new TypeError('thrown by a timer'); });
    Promise.reject(new Error('rejected, never handled'));
    setTimeout(resolve, 50);
  }));
  await site.page.waitForTimeout(100);
  const seen = takePageErrors().join('\n');
  assert.match(seen, /TypeError: thrown by a timer/);
  assert.match(seen, /rejected, never handled/);
});
