// The JS-boundary fuzzer, run inside a page (tests/js/fuzz.test.mjs runs a short fixed-seed
// version, scripts/fuzz.mjs a long one). A seeded generator calls every public method — the
// instance's, the LocalCloud admin handle's and `create` — with arguments of every kind a JS
// caller can produce (wrong types, missing and extra fields, null/undefined/NaN, odd and huge
// Unicode strings, deep and cyclic objects, Proxies and getters that throw, frozen objects,
// Symbols, BigInts…), interleaved with valid calls, logins, logouts and destroy, and with
// listeners that throw or call back into the SDK. Every call must either return (a synchronous
// method), throw an Error with a numeric `code`, or return a Promise that settles with
// `{code: 0, …}` or an Error with a numeric `code` — never a wasm trap, an uncoded throw, a hang,
// an uncaught error or an unhandled rejection.

/** mulberry32: a small seeded generator (the runs must replay from their seed). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

const USERS = ['alice', 'bob', 'carol', 'dave'];
const KEYS = [
  'to', 'conversationType', 'payload', 'text', 'data', 'description', 'extension', 'index', 'conversationID',
  'conversationIDList', 'groupName', 'oldName', 'newName', 'groupID', 'groupIDList', 'userID', 'userIDList',
  'userSig', 'type', 'name', 'count', 'nextReqMessageID', 'nextSeq', 'nextMessageSeq', 'message', 'messageList',
  'isPinned', 'markType', 'enableMark', 'messageRemindType', 'draftText', 'customData', 'memberList', 'role',
  'muteTime', 'nameCard', 'nick', 'avatar', 'filter', 'direction', 'sequence', 'time', 'priority',
  'cloudCustomData', 'needReadReceipt', 'reactionID', 'offset', 'limit', 'profileCustomField', 'addSource',
  'remark', 'wording', 'atUserList', 'introduction', 'notification', 'joinOption', 'memberCustomField',
  'groupCustomField', 'application', 'handleAction', 'from', 'key', 'value', 'ID', 'then', 'toJSON', '__proto__',
  'constructor', 'length', 'ms', 'SDKAppID', 'storage', 'server', 'scene',
];
const TYPES_SEEN = ['C2C', 'GROUP', 'Public', 'Work', 'Meeting', 'AVChatRoom', 'Community', 'TIMTextElem',
  'TIMCustomElem', 'TIMFaceElem', '@TIM#SYSTEM', 'Private', 'ChatRoom', 'Owner', 'Admin', 'Member'];

/** A string a caller might pass: valid IDs, odd Unicode, NUL, lone surrogates, long and huge ones. */
function str(r) {
  switch (r.int(14)) {
    case 0: return '';
    case 1: return r.pick(USERS);
    case 2: return 'C2C' + r.pick(USERS);
    case 3: return 'GROUP' + r.pick(['team', 'g1', '@TGS#1']);
    case 4: return r.pick(['work', 'family', 'g' + r.int(30), '会话分组', '😀'.repeat(r.int(12)), 'x'.repeat(32), 'x'.repeat(33)]);
    case 5: return r.pick(TYPES_SEEN);
    case 6: return r.pick(['\uD800', '\uDC00x', 'a\u0000b', '\u0000', '\uFEFF', '\u202Eabc', '\r\n', '"\\', '{"a":1}', '[]', '%s%n', '<script>']);
    case 7: return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0x10000)));
    case 8: return 'x'.repeat(r.pick([100, 1000, 10000, 100000]));
    case 9: return r.chance(0.05) ? HUGE() : 'y'.repeat(r.int(200));
    case 10: return String(r.int(1e9));
    case 11: return r.pick(KEYS);
    default: return 'm' + r.int(100);
  }
}

let huge;
/** One 10 MB string, made once. */
function HUGE() {
  huge ??= 'h'.repeat(10 * 1024 * 1024);
  return huge;
}

function num(r) {
  return r.pick([0, -0, 1, -1, 2, 7, 50, 100, 1000, 1001, NaN, Infinity, -Infinity, 1.5, 2 ** 31, 2 ** 53, 2 ** 64, -(2 ** 63), 1e308, 5e-324, r.int(1e6), r.int(40)]);
}

const THROW = () => { throw new Error('fuzz: a trap that throws'); };

/** A value of any kind; `depth` bounds the nesting of what is generated (not of what is built). */
function any(r, depth = 0) {
  const k = r.int(depth > 2 ? 8 : 26);
  switch (k) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r.chance(0.5);
    case 3: case 4: return num(r);
    case 5: case 6: case 7: return str(r);
    case 8: return r.pick([10n, Symbol('s'), Symbol.iterator]);
    case 9: return r.pick([() => {}, function named(a, b) { return a + b; }, async () => 1, class K {}, THROW]);
    case 10: case 11: return Array.from({ length: r.int(6) }, () => any(r, depth + 1));
    case 12: return Array.from({ length: r.pick([0, 1, 999, 1000, 1001, 2000]) }, (_, i) => r.chance(0.99) ? 'C2C' + i : any(r, 9));
    case 13: case 14: case 15: return obj(r, depth + 1);
    case 16: return deep(r.pick([10, 100, 10000]));
    case 17: { const o = obj(r, depth + 1); o.self = o; o.list = [o]; return o; }
    case 18: return proxy(r, obj(r, depth + 1));
    case 19: return getters(r, obj(r, depth + 1));
    case 20: return Object.freeze(obj(r, depth + 1));
    case 21: return Object.assign(Object.create(null), obj(r, depth + 1));
    case 22: return r.pick([new Date(), new Date(NaN), new Map([[1, 2]]), new Set(), new Uint8Array(8), new ArrayBuffer(4), /re/g, new Error('e'), Promise.resolve(1), new WeakMap(), new Blob(['x']), new File(['x'], 'f.txt'), new Number(3), new String('s'), new Boolean(false)]);
    case 23: { const a = [1, 2, 3]; a.length = r.pick([5, 100]); a.extra = 'x'; return a; }
    case 24: { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
    default: return proxy(r, Array.from({ length: r.int(4) }, () => str(r)));
  }
}

function obj(r, depth) {
  const o = {};
  const n = r.int(6);
  // Own data properties (a `__proto__` key is a field, as JSON.parse makes it, not the prototype).
  for (let i = 0; i < n; i++) set(o, r.chance(0.9) ? r.pick(KEYS) : str(r), any(r, depth));
  return o;
}

function set(o, key, value) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function deep(n) {
  let o = { text: 'bottom' };
  for (let i = 0; i < n; i++) o = { payload: o, to: 'bob', conversationType: 'C2C' };
  return o;
}

/** A Proxy over `target` whose traps throw, sometimes (only some of them, or all). */
function proxy(r, target) {
  const which = r.int(4);
  const handler = {};
  if (which === 0 || which === 3) handler.get = (t, k) => (r.chance(0.5) ? THROW() : Reflect.get(t, k));
  if (which === 1 || which === 3) handler.ownKeys = THROW;
  if (which === 2 || which === 3) { handler.has = THROW; handler.getOwnPropertyDescriptor = THROW; handler.getPrototypeOf = THROW; }
  return new Proxy(target, handler);
}

/** `o` with one of its keys (or a likely one) turned into an enumerable getter that throws. */
function getters(r, o) {
  Object.defineProperty(o, r.pick(KEYS), { get: THROW, enumerable: true, configurable: true });
  return o;
}

/** Valid arguments for common methods, given the run's state. */
function valid(r, s, name) {
  const peer = r.pick(USERS);
  const conv = r.pick(['C2C' + peer, 'GROUPteam', 'C2Cnobody']);
  const group = r.pick(['work', 'family', 'g' + r.int(25)]);
  const text = { to: peer, conversationType: 'C2C', payload: { text: 'hi ' + r.int(100) } };
  switch (name) {
    case 'getConversationList': return r.pick([[], [[conv]], [{ groupName: group }], [{ type: 'C2C' }]]);
    case 'getConversationProfile': case 'deleteConversation': case 'setMessageRead': case 'clearHistoryMessage': return [name === 'setMessageRead' ? { conversationID: conv } : conv];
    case 'pinConversation': return [{ conversationID: conv, isPinned: r.chance(0.5) }];
    case 'markConversation': return [{ conversationIDList: [conv], markType: r.pick([1, 2, 4, 8]), enableMark: r.chance(0.5) }];
    case 'setConversationDraft': return [{ conversationID: conv, draftText: 'draft' }];
    case 'setConversationCustomData': return [{ conversationIDList: [conv], customData: 'c' }];
    case 'createConversationGroup': return [{ groupName: group, conversationIDList: [conv] }];
    case 'deleteConversationGroup': return [group];
    case 'renameConversationGroup': return [{ oldName: group, newName: r.pick(['work', 'family', 'g' + r.int(25)]) }];
    case 'addConversationsToGroup': case 'deleteConversationsFromGroup': return [{ groupName: group, conversationIDList: [conv, 'C2C' + r.pick(USERS)] }];
    case 'getMessageList': return [{ conversationID: conv }];
    case 'createTextMessage': return [text];
    case 'sendMessage': {
      try { return [s.chat.createTextMessage(text)]; } catch { return [text]; }
    }
    case 'createGroup': return [{ type: r.pick(['Work', 'Public', 'Meeting']), name: 'team', groupID: r.pick(['team', 'g1']), memberList: [{ userID: peer }] }];
    case 'joinGroup': case 'quitGroup': case 'dismissGroup': case 'getGroupProfile': return [{ groupID: r.pick(['team', 'g1']) }];
    case 'getUserProfile': return [{ userIDList: [peer] }];
    case 'updateMyProfile': return [{ nick: 'n' + r.int(9) }];
    case 'setMessageRemindType': return [{ userIDList: [peer], messageRemindType: r.pick(['AcceptAndNotify', 'AcceptNotNotify', 'Discard']) }];
    case 'setAllMessageRead': case 'getTotalUnreadMessageCount': case 'getConversationGroupList': case 'getGroupList': case 'getMyProfile': case 'getFriendList': case 'getBlacklist': case 'isReady': case 'getLoginUser': return [];
    // The full build's (the default build answers 2998): relations, members, the message
    // lifecycle; a message is one this run sent or received, when there is one.
    case 'addToBlacklist': case 'removeFromBlacklist': case 'deleteFriend': case 'getFriendProfile': case 'checkFriend':
      return [{ userIDList: [peer] }];
    case 'addFriend': return [{ to: peer, source: 'AddSource_Type_Web', wording: 'hi' }];
    case 'getGroupMemberList': return [{ groupID: r.pick(['team', 'g1']), count: 15, offset: 0 }];
    case 'getGroupOnlineMemberCount': return [r.pick(['team', 'g1'])];
    case 'addGroupMember': case 'deleteGroupMember': return [{ groupID: r.pick(['team', 'g1']), userIDList: [peer] }];
    case 'setGroupMemberRole': return [{ groupID: r.pick(['team', 'g1']), userID: peer, role: r.pick(['Admin', 'Member']) }];
    case 'setGroupMemberMuteTime': return [{ groupID: r.pick(['team', 'g1']), userID: peer, muteTime: r.pick([0, 60]) }];
    case 'setGroupAttributes': return [{ groupID: r.pick(['team', 'g1']), groupAttributes: { k: 'v' + r.int(9) } }];
    case 'getMessageListHopping': return [{ conversationID: conv, count: 5, direction: r.int(2) }];
    case 'createFaceMessage': return [{ to: peer, conversationType: 'C2C', payload: { index: r.int(9), data: 'smile' } }];
    case 'createMergerMessage': return s.lastMessage ? [{ to: peer, conversationType: 'C2C', payload: { messageList: [s.lastMessage], title: 't', abstractList: ['a'], compatibleText: 'c' } }] : null;
    case 'downloadMergerMessage': return s.lastMessage ? [s.lastMessage] : null;
    case 'createLocationMessage': return [{ to: peer, conversationType: 'C2C', payload: { description: 'here', longitude: r.int(360) - 180 + r.int(1e6) / 1e6, latitude: -r.int(90) / 7 } }];
    // Our additions (full build): filters as getConversationList's, paging, the group order.
    case 'getUnreadMessageCountByFilter': case 'subscribeUnreadMessageCountByFilter': case 'unsubscribeUnreadMessageCountByFilter':
      return [r.pick([{}, { groupName: group }, { groupName: '' }, { type: 'C2C', hasUnreadCount: true }, { markType: 1 }])];
    case 'getConversationListByFilter': return [{ filter: r.pick([{}, { groupName: group }]), nextSeq: r.chance(0.7) ? 0 : r.pick([s.nextSeq || 0, 16777217]), count: 1 + r.int(5) }];
    case 'setConversationGroupOrder': return [r.pick([['work'], ['family', 'work'], ['g' + r.int(25)]])];
    case 'markConversationGroupAsRead': return [group];
    case 'revokeMessage': case 'modifyMessage': case 'resendMessage': case 'getMessageReactions': case 'deleteMessage':
    case 'addMessageReaction': case 'removeMessageReaction': case 'getAllUserListOfMessageReaction':
    case 'setMessageExtensions': case 'getMessageExtensions': case 'deleteMessageExtensions':
    case 'sendMessageReadReceipt': case 'getMessageReadReceiptList': case 'getGroupMessageReadMemberList': {
      const m = s.lastMessage;
      if (!m) return null;
      if (name === 'sendMessageReadReceipt' || name === 'getMessageReadReceiptList') return [[m]];
      if (name === 'getGroupMessageReadMemberList') return [{ message: m, filter: r.int(2), cursor: '', count: 10 }];
      if (name === 'setMessageExtensions') return [m, [{ key: 'k' + r.int(3), value: 'v' + r.int(9) }]];
      if (name === 'deleteMessageExtensions') return r.chance(0.5) ? [m] : [m, ['k' + r.int(3)]];
      if (name === 'deleteMessage' || name === 'getMessageReactions') return [name === 'deleteMessage' ? [m] : { messageList: [m] }];
      if (name === 'addMessageReaction' || name === 'removeMessageReaction') return [m, 'emoji_' + r.int(3)];
      if (name === 'getAllUserListOfMessageReaction') return [{ message: m, reactionID: 'emoji_' + r.int(3), count: 10 }];
      return [m];
    }
    default: return null;
  }
}

/** Valid arguments with one change: a field dropped, replaced or added. */
function mutate(r, args) {
  const out = args.slice();
  if (out.length === 0 || r.chance(0.2)) { out.push(any(r)); return out; }
  const i = r.int(out.length);
  const a = out[i];
  if (a && typeof a === 'object' && !Array.isArray(a) && r.chance(0.8)) {
    const copy = { ...a };
    const keys = Object.keys(copy);
    const key = keys.length && r.chance(0.7) ? r.pick(keys) : r.pick(KEYS);
    switch (r.int(3)) {
      case 0: delete copy[key]; break;
      case 1: set(copy, key, any(r, 1)); break;
      default: set(copy, r.pick(KEYS), any(r, 1));
    }
    out[i] = r.chance(0.1) ? Object.freeze(copy) : copy;
  } else {
    out[i] = any(r);
  }
  return out;
}

function describe(v, depth = 0) {
  try {
    if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 20)}…'(${v.length})` : JSON.stringify(v);
    if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return String(v).slice(0, 30);
    if (v === null || typeof v !== 'object') return String(v);
    if (depth > 2) return '…';
    if (Array.isArray(v)) return `[${v.slice(0, 4).map((x) => describe(x, depth + 1)).join(', ')}${v.length > 4 ? `, …(${v.length})` : ''}]`;
    return `{${Object.keys(v).slice(0, 6).map((k) => `${k}: ${describe(v[k], depth + 1)}`).join(', ')}}`;
  } catch {
    return '<unreadable>';
  }
}

// These resolve `undefined`, as the original's do (docs/COMPATIBILITY.md).
const RESOLVE_UNDEFINED = new Set(['deleteConversationGroup', 'renameConversationGroup', 'acceptFriendApplication', 'refuseFriendApplication', 'setFriendApplicationRead']);

const isCoded = (e) => e instanceof Error && typeof e.code === 'number' && Number.isFinite(e.code) && typeof e.message === 'string';

/**
 * Starts a run: loads the build, makes the app's LocalCloud (memory) and the first instance.
 * `server` ({url, app, sigs}): the instances talk to that server instead (its sigs for USERS);
 * the LocalCloud calls still go to the page's own cloud. Returns the state the chunks share.
 */
export async function start({ module, seed, app, server }) {
  const mod = await import(module);
  const T = mod.default;
  const options = server ? { SDKAppID: server.app, server: server.url } : { SDKAppID: app, storage: 'memory' };
  const s = {
    mod, T, app, server, make: () => T.create(options), sig: (u) => (server ? server.sigs[u] : 'sig'),
    r: rng(seed), chat: null, cloud: new mod.LocalCloud(app, { storage: 'memory' }),
    calls: 0, failures: [], panics: 0, hangs: 0, pending: new Set(), settled: 0, thrown: 0, events: 0, listenerCalls: 0,
    pageErrors: [], codes: {},
  };
  s.onError = (e) => s.pageErrors.push(String(e.error?.stack || e.error || e.message));
  s.onRejection = (e) => s.pageErrors.push('unhandled rejection: ' + String(e.reason?.stack || e.reason));
  addEventListener('error', s.onError);
  addEventListener('unhandledrejection', s.onRejection);
  s.methods = Object.keys(s.make());
  s.admin = ['importAccount', 'sendMessage', 'createGroup', 'joinGroup', 'createConversationGroup', 'renameConversationGroup',
    'deleteConversationGroup', 'addConversationsToGroup', 'deleteConversationsFromGroup', 'getConversationGroups'];
  s.chat = s.make();
  return s;
}

function count(s, code, label) {
  if (code === 2980 && !s.first2980) s.first2980 = `${label} at call ${s.calls}`;
  if (globalThis.FUZZ_DEBUG && code === globalThis.FUZZ_DEBUG) (s.debug ??= {})[label] = (s.debug[label] || 0) + 1;
  s.codes[code] = (s.codes[code] || 0) + 1;
}

function fail(s, what) {
  if (s.failures.length < 50) s.failures.push(what);
  else s.failures.length++;
}

/** One call through `fn`, its outcome checked (a Promise's later). */
function invoke(s, label, args, fn, anyValue = false) {
  s.calls++;
  let out;
  try {
    out = fn();
  } catch (e) {
    s.thrown++;
    count(s, e?.code, label);
    if (e instanceof WebAssembly.RuntimeError) {
      s.panics++;
      fail(s, `${label}(${args.map((a) => describe(a)).join(', ')}) trapped: ${e.message}`);
    } else if (!isCoded(e)) {
      fail(s, `${label}(${args.map((a) => describe(a)).join(', ')}) threw without a code: ${e?.stack || e}`);
    }
    return;
  }
  if (out && typeof out.then === 'function') {
    const entry = { label, args: args.map((a) => describe(a)), at: performance.now(), call: s.calls };
    s.pending.add(entry);
    out.then(
      (v) => {
        s.pending.delete(entry);
        s.settled++;
        count(s, v?.code, label);
        if (v?.data?.message?.ID) s.lastMessage = v.data.message;
        if (typeof v?.data?.nextSeq === 'number') s.nextSeq = v.data.nextSeq;
        const fine = anyValue || (v === undefined ? RESOLVE_UNDEFINED.has(label.replace('listener→', '')) : v && v.code === 0);
        if (!fine) fail(s, `${label}(${entry.args.join(', ')}) resolved without code 0: ${describe(v)}`);
      },
      (e) => {
        s.pending.delete(entry);
        s.settled++;
        count(s, e?.code, label);
        if (e instanceof WebAssembly.RuntimeError) s.panics++;
        if (!isCoded(e)) fail(s, `${label}(${entry.args.join(', ')}) rejected without a code: ${e?.stack || describe(e)}`);
      },
    );
    return out;
  }
  return undefined;
}

/** A listener that throws, calls back into the SDK (any method, random arguments), takes itself
 * off, or (rarely) destroys the instance. */
function listener(s, chat, event) {
  const r = s.r;
  const kind = r.int(5);
  const fn = (payload) => {
    s.listenerCalls++;
    if (payload === undefined || payload === null) fail(s, `${event} delivered ${payload}`);
    if (kind === 0) throw new Error('fuzz: a listener that throws');
    // Listeners pile up over a run: ending the session from one is kept rare, or every login
    // would end at its own SDK_READY; and a chunk's listeners make at most 100 calls between them
    // (each call's events reach every listener: unbounded, they would fork without end).
    if (kind === 1 && s.listenerBudget-- > 0) {
      let name = r.pick(s.methods);
      if ((name === 'logout' || name === 'destroy') && r.chance(0.95)) name = 'getConversationList';
      const args = r.chance(0.5) ? (valid(r, s, name) || []) : [any(r)];
      invoke(s, 'listener→' + name, args, () => chat[name](...args));
    }
    if (kind === 2) invoke(s, 'listener→off', [event], () => chat.off(event, fn));
    if (kind === 3 && r.chance(0.02)) invoke(s, 'listener→destroy', [], () => chat.destroy());
  };
  return fn;
}

/** `n` more calls. */
export async function chunk(s, n) {
  const { r, T } = s;
  s.listenerBudget = 100;
  const events = Object.values(T.EVENT);
  for (let i = 0; i < n; i++) {
    const chat = s.chat;
    const roll = r.int(100);
    if (roll < 4) {
      const user = r.pick(USERS);
      const args = [r.chance(0.9) ? { userID: user, userSig: s.sig(user) } : any(r)];
      const done = invoke(s, 'login', args, () => chat.login(...args));
      // Mostly the run waits for the login (and its SDK_READY), so most calls meet a ready SDK
      // rather than one logging in.
      if (done && r.chance(0.8)) {
        await Promise.race([done.catch(() => {}), new Promise((res) => setTimeout(res, 500))]);
        await new Promise((res) => setTimeout(res, 5));
      }
    } else if (roll < 5) {
      invoke(s, 'logout', [], () => chat.logout());
    } else if (roll < 6 && r.chance(0.5)) {
      invoke(s, 'destroy', [], () => chat.destroy());
      s.chat = s.make();
    } else if (roll < 11) {
      const event = r.chance(0.9) ? r.pick(events) : any(r);
      const fn = r.chance(0.9) ? listener(s, chat, event) : any(r);
      const args = [event, fn, ...(r.chance(0.2) ? [any(r)] : [])];
      const how = r.pick(['on', 'once', 'on', 'off']);
      invoke(s, how, args, () => chat[how](...args));
    } else if (roll < 14) {
      const name = r.pick(s.admin);
      const args = name === 'sendMessage' && r.chance(0.6)
        ? [{ from: r.pick(USERS), to: r.pick(USERS), text: 'x' + r.int(99) }]
        : [r.chance(0.5) ? any(r) : obj(r, 1)];
      // The admin handle resolves with its own results (not `{code, data}`).
      invoke(s, 'LocalCloud.' + name, args, () => s.cloud[name](...args), true);
    } else if (roll < 15) {
      const options = r.chance(0.5) ? { SDKAppID: any(r), storage: 'memory' } : { ...obj(r, 1), storage: 'memory' };
      try {
        const made = T.create(options);
        if (made && made !== s.chat && r.chance(0.5)) invoke(s, 'create→destroy', [], () => made.destroy());
      } catch (e) {
        // A throwing getter in the options throws from `options.SDKAppID`, as in the original.
        if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError) fail(s, `create(${describe(options)}) threw ${e}`);
      }
      s.calls++;
    } else {
      const name = r.pick(s.methods);
      const base = valid(r, s, name);
      let args;
      if (base && roll < 45) args = base;
      else if (base && roll < 75) args = mutate(r, base);
      else args = Array.from({ length: r.int(4) }, () => (r.chance(0.5) ? obj(r, 1) : any(r)));
      invoke(s, name, args, () => chat[name](...args));
      if (name === 'destroy') s.chat = s.make();
    }
    if (i % 10 === 9) await new Promise((res) => setTimeout(res, 0));
  }
}

/** Waits for every Promise made so far (up to `ms`), and reports the run. */
export async function finish(s, ms = 30000) {
  const until = performance.now() + ms;
  while (s.pending.size && performance.now() < until) await new Promise((res) => setTimeout(res, 20));
  for (const p of s.pending) fail(s, `${p.label}(${p.args.join(', ')}) (call ${p.call}) never settled`);
  if (s.first2980) fail(s, `the module answered 2980 first to ${s.first2980}`);
  s.hangs = s.pending.size;
  removeEventListener('error', s.onError);
  removeEventListener('unhandledrejection', s.onRejection);
  for (const e of s.pageErrors) fail(s, 'page error: ' + e);
  try { await s.chat.destroy(); } catch (e) { if (!isCoded(e)) fail(s, 'final destroy threw ' + e); }
  return { calls: s.calls, settled: s.settled, thrown: s.thrown, listenerCalls: s.listenerCalls, codes: s.codes, failures: s.failures.length, panics: s.panics, hangs: s.hangs, details: s.failures.slice(0, 50) };
}

/** After the run, on the same page and module: an ordinary session still works end to end. */
export async function scenario(module, app, server) {
  const { default: T, LocalCloud } = await import(module);
  if (server) {
    // Server mode: the run's instance of the app, logged in afresh as erin.
    const chat = T.create({ SDKAppID: server.app, server: server.url });
    const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
    await chat.login({ userID: 'erin', userSig: server.sigs.erin });
    await ready;
    const sent = await chat.sendMessage(chat.createTextMessage({ to: 'frank', conversationType: 'C2C', payload: { text: 'calm' } }));
    await chat.createConversationGroup({ groupName: 'after', conversationIDList: ['C2Cfrank'] });
    const inGroup = (await chat.getConversationList({ groupName: 'after' })).data.conversationList.map((c) => c.conversationID);
    const groups = (await chat.getConversationGroupList()).data;
    const last = (await chat.getMessageList({ conversationID: 'C2Cfrank' })).data.messageList.at(-1).payload.text;
    await chat.destroy();
    return { text: 'after the storm', status: sent.data.message.status, inGroup, groups, last };
  }
  const cloud = new LocalCloud(app, { storage: 'memory' });
  const chat = T.create({ SDKAppID: app, storage: 'memory' });
  const ready = new Promise((res) => chat.on(T.EVENT.SDK_READY, res));
  await chat.login({ userID: 'erin', userSig: 's' });
  await ready;
  const got = new Promise((res) => chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => res(e.data[0].payload.text)));
  await cloud.sendMessage({ from: 'frank', to: 'erin', text: 'after the storm' });
  const text = await got;
  const sent = await chat.sendMessage(chat.createTextMessage({ to: 'frank', conversationType: 'C2C', payload: { text: 'calm' } }));
  await chat.createConversationGroup({ groupName: 'after', conversationIDList: ['C2Cfrank'] });
  const inGroup = (await chat.getConversationList({ groupName: 'after' })).data.conversationList.map((c) => c.conversationID);
  const groups = (await chat.getConversationGroupList()).data;
  const last = (await chat.getConversationProfile('C2Cfrank')).data.conversation.lastMessage.payload.text;
  await chat.destroy();
  return { text, status: sent.data.message.status, inGroup, groups, last };
}
