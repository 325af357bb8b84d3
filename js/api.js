// tim-wasm's public API over the WebAssembly core: the static object (`create`, `EVENT`,
// `TYPES`, `TSignaling`, `VERSION`), instances, the `LocalCloud` admin handle. The entries
// (js/index.js for `import`, js/index.cjs for `require`, and the same for `tim-wasm/full`) load
// the module first and hand over its wasm-bindgen glue.
import { EVENT, TYPES, TSignaling, METHODS, IMPLEMENTED } from './constants.js';
import { hydrate, convPut, convOrder, convPick, convMove } from './shapes.js';

const VERSION = '0.1.0';
const WASM_UNAVAILABLE = 2980;

// Set by the entry that loaded the WebAssembly module: `null` once it is ready, else why it could
// not load (every call then rejects 2980).
let loadError = new Error('the WebAssembly module was not loaded');
// The loaded build's classes and the methods it implements (the full build: more).
let Sdk;
let CloudHandle;
let built = IMPLEMENTED;
// What the full build adds to each instance (js/media.js), given `(inst, call, SDKAppID,
// memory, servers, emitter)`.
let extend;

export function loaded(error, glue, methods, extendWith) {
  loadError = error;
  if (error) return;
  Sdk = glue.Sdk;
  CloudHandle = glue.LocalCloud;
  built = methods || IMPLEMENTED;
  glue.setShapes(hydrate, convPut, convOrder, convPick, convMove, panicked);
  extend = extendWith?.(glue);
}

// Live instances' emitters (each hears ERROR should the module panic).
const live = new Set();

// The module's panic hook, just before it traps: from then on every instance answers as when the
// module could not load (2980), and each live one emits ERROR once.
function panicked() {
  if (loadError) return;
  loadError = new Error('the WebAssembly module panicked');
  console.error('tim-wasm:', loadError.message);
  const emitters = [...live];
  live.clear();
  setTimeout(() => {
    for (const e of emitters) e.emit('error', { name: 'error', data: { code: WASM_UNAVAILABLE, message: loadError.message } });
  });
}

/** The original's error: an `Error` whose own keys are `code`, `message`, `data`, in order. */
export function codeError(code, message) {
  const err = new Error();
  delete err.message;
  err.code = code;
  err.message = message;
  err.data = {};
  return err;
}

function unavailableError(method) {
  return codeError(WASM_UNAVAILABLE, `tim-wasm: ${method} cannot run: the WebAssembly module is not available (${loadError && loadError.message})`);
}

// An instance that answers when the module could not load (server-side rendering, a failed
// download): synchronous getters answer, everything else rejects with 2980.
function unavailableInstance() {
  const inst = Object.create(null);
  for (const name of METHODS) {
    inst[name] = () => Promise.reject(unavailableError(name));
  }
  inst.isReady = () => false;
  inst.getLoginUser = () => '';
  inst.on = inst.off = inst.once = inst.setLogLevel = inst.registerPlugin = () => undefined;
  return inst;
}

const registry = new Map();

// Server mode's WebSocket class: the page's, or one an entry supplies (Node 20: the `ws`
// package, found at run time by js/index.node.js and js/index.cjs).
let Socket = typeof globalThis.WebSocket === 'function' ? globalThis.WebSocket : undefined;

export function useSocket(ctor) {
  if (!Socket && typeof ctor === 'function') Socket = ctor;
}

// `server`: a ws:// or wss:// URL, or a list of them (failover). Returns the list, or null.
function serverList(server) {
  const list = typeof server === 'string' ? [server] : server;
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.every((u) => typeof u === 'string' && /^wss?:\/\/[^\s]+$/.test(u)) ? list : null;
}

// The level setLogLevel last set (module-wide, as in the original): a handler's error is logged
// at the error level (3), so not at 4.
let logLevel = 0;

// Listeners of one instance. Each registration keeps its own context; `off(ev, fn)` removes
// every registration of `fn` (with a context: only those), `once` ones included; a handler that
// throws is logged at the error level (none after setLogLevel(4)) and skipped, the others still run
// (docs/COMPATIBILITY.md).
function makeEmitter() {
  let list = [];
  return {
    on(event, handler, context, once) {
      list.push({ event, handler, context, once });
    },
    off(event, handler, context) {
      list = list.filter((l) => !(l.event === event && l.handler === handler && (context === undefined || l.context === context)));
    },
    clear() {
      list = [];
    },
    emit(name, payload) {
      const targets = list.filter((l) => l.event === name);
      list = list.filter((l) => !(l.once && l.event === name));
      for (const l of targets) {
        try {
          l.handler.call(l.context, payload);
        } catch (e) {
          if (logLevel <= 3) console.error(`tim-wasm: a handler of "${name}" threw; it was skipped`, e);
        }
      }
    },
  };
}

function makeInstance(id, memory, servers) {
  if (loadError) return unavailableInstance();
  const emitter = makeEmitter();
  const sdk = new Sdk(id, emitter.emit, memory, servers, Socket);
  live.add(emitter);
  // After a panic, the instance answers as an unavailable module; so does the call that met it.
  let dead;
  const call = (name, args) => {
    if (!loadError) {
      try {
        return sdk.call(name, args);
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) throw e;
        // A trap without the panic hook (an allocation that failed, say): the same policy.
        panicked();
      }
    }
    return (dead ??= unavailableInstance())[name](...args);
  };
  const inst = Object.create(null);
  // The original's methods, then the build's additions (tim-wasm/full: ours, CONTRACT §2).
  for (const name of METHODS.concat(built)) {
    inst[name] = (...args) => call(name, args);
  }
  // The core validates (and throws 6017 for bad arguments); the listener lives here.
  inst.on = (...args) => { call('on', args); emitter.on(args[0], args[1], args[2], false); };
  inst.once = (...args) => { call('once', args); emitter.on(args[0], args[1], args[2], true); };
  inst.off = (...args) => { call('off', args); emitter.off(args[0], args[1], args[2]); };
  inst.setLogLevel = (...args) => {
    const out = call('setLogLevel', args);
    if (Number.isFinite(args[0])) logLevel = Math.trunc(args[0]);
    return out;
  };
  extend?.(inst, call, id, memory, servers, emitter);
  inst.destroy = (...args) => {
    if (registry.get(id) === inst) registry.delete(id);
    const result = call('destroy', args);
    emitter.clear();
    live.delete(emitter);
    return result;
  };
  return inst;
}

/**
 * Returns the instance for `options.SDKAppID` (one per SDKAppID, as in the original), or
 * `null` when the SDKAppID cannot be parsed.
 */
function create(options) {
  const raw = options.SDKAppID;
  const id = typeof raw === 'number' || raw instanceof Number ? Number(raw) : parseInt(raw);
  if (isNaN(raw)) {
    console.error('TencentCloudChat.create failed. Failed to parse the SDKAppID, please check the arguments');
    return null;
  }
  if (id && registry.has(id)) return registry.get(id);
  let servers = [];
  if (options.server !== undefined) {
    servers = serverList(options.server);
    if (!servers) {
      console.error('TencentCloudChat.create failed. `server` must be a ws:// or wss:// URL, or a non-empty list of them');
      return null;
    }
    if (!Socket) {
      console.error('TencentCloudChat.create: no WebSocket here; in Node before 22, install the `ws` package');
    }
  }
  const inst = makeInstance(id, options.storage === 'memory', servers);
  if (id) registry.set(id, inst);
  return inst;
}

const TencentCloudChat = { create, TYPES, EVENT, TSignaling, VERSION };

export default TencentCloudChat;
export { TencentCloudChat };

const ADMIN_OPERATIONS = [
  'importAccount', 'sendMessage', 'createGroup', 'joinGroup', 'createConversationGroup',
  'renameConversationGroup', 'deleteConversationGroup', 'addConversationsToGroup',
  'deleteConversationsFromGroup', 'getConversationGroups',
];

/**
 * The embedded local cloud's admin handle (`new LocalCloud(SDKAppID)`), the local counterpart of
 * the server REST API: import accounts, send messages as any user, create groups, and manage any
 * user's conversation groups. Changes reach logged-in instances (in every tab) as server pushes
 * do. `options.storage: 'memory'` as for `create`, when this is the SDKAppID's first use here.
 */
export class LocalCloud {
  constructor(SDKAppID, options) {
    if (loadError) throw unavailableError('LocalCloud');
    this._handle = new CloudHandle(Number(SDKAppID), !!options && options.storage === 'memory');
  }
}
for (const op of ADMIN_OPERATIONS) {
  LocalCloud.prototype[op] = function (options) { return loadError ? Promise.reject(unavailableError(op)) : this._handle.call(op, options); };
}

/** The methods this build implements (the others reject with 2998). */
export function implementedMethods() {
  return loadError ? [] : built.slice();
}
