// The local cloud's journal in IndexedDB (used by src/wasm/storage.rs). One database per
// SDKAppID holds the store `log`: records `{n, e}`, `n` the entry's sequence number (the key)
// and `e` the entry as JSON. Each step is one `readwrite` transaction: read what was committed
// after the caller's position, then add the caller's entries; IndexedDB runs such
// transactions one at a time across every tab of the origin, so writers never interleave.

// Schema versions: UPGRADES[v] moves a database from version v to v + 1 (never edit a step
// that shipped; add one). Version 1: the log store. Version 2: the snapshot store, one record
// `{n, s}` under key 1: the state as of entry `n` (the journal compacted, see
// src/cloud/snapshot.rs) as UTF-8 bytes, or a string where an earlier build wrote it; entries up
// to some key before `n` are deleted with it. Version 3: the files store (the full build's file
// messages, js/media.js): records `{k, u, b}`, `k` an increasing key, `u` the file's UUID, `b`
// its bytes (a Blob).
const UPGRADES = [
  (db) => db.createObjectStore('log', { keyPath: 'n' }),
  (db) => db.createObjectStore('snap'),
  (db) => db.createObjectStore('files', { keyPath: 'k', autoIncrement: true }),
];
export const SCHEMA_VERSION = UPGRADES.length;

const UNAVAILABLE = 2983;
const FAILED = 2984;

const dbs = new Map();

function failure(code, e) {
  const why = e ? `${e.name}: ${e.message}` : 'aborted';
  return { code, message: `tim-wasm: IndexedDB ${code === UNAVAILABLE ? 'cannot be opened' : 'did not commit the change, nothing of it was kept'} (${why})` };
}

const OPEN_TIMEOUT_MS = 10000;

function open(name) {
  let db = dbs.get(name);
  if (!db) {
    db = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        throw new DOMException("this JavaScript runtime has no IndexedDB; create the SDK with storage: 'memory'", 'NotSupportedError');
      }
      // A blocked or hung open must not hold every call forever.
      const timer = setTimeout(() => reject(new DOMException(`no answer in ${OPEN_TIMEOUT_MS} ms`, 'TimeoutError')), OPEN_TIMEOUT_MS);
      const req = indexedDB.open(name, SCHEMA_VERSION);
      req.onupgradeneeded = (e) => {
        for (let v = e.oldVersion; v < SCHEMA_VERSION; v++) UPGRADES[v](req.result, req.transaction);
      };
      req.onsuccess = () => {
        clearTimeout(timer);
        const conn = req.result;
        // Another page upgrades or deletes the database, or the browser closes it (site data
        // cleared): let go, and reopen on next use.
        conn.onversionchange = () => {
          conn.close();
          dbs.delete(name);
        };
        conn.onclose = () => dbs.delete(name);
        resolve(conn);
      };
      req.onerror = () => {
        clearTimeout(timer);
        reject(req.error);
      };
    });
    dbs.set(name, db);
    db.catch(() => dbs.delete(name));
  }
  return db;
}

// File messages (the full build's): `onFile(uuid, blob)` hears of each stored file once per page.
let onFile;
const fileKeys = new Map();

// What js/media.js uses, handed over by the wasm (`idbFiles`): this module is the glue's copy.
export function files() {
  return {
    see(f) {
      onFile = f;
    },
    // Stores a file's bytes; resolves once they are on disk.
    put: (name, u, b) => open(name).then((conn) => new Promise((resolve, reject) => {
      const tx = conn.transaction('files', 'readwrite', { durability: 'strict' });
      tx.objectStore('files').add({ u, b });
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    })),
  };
}

export function transact(name, after, step, done, retried) {
  let db;
  try {
    db = open(name);
  } catch (e) {
    db = Promise.reject(e);
  }
  db.then((conn) => {
    let tx;
    try {
      // 'strict': complete only once the data is flushed to disk, so an acknowledged change
      // survives a crash of the browser or the machine, not just of the tab.
      tx = conn.transaction(['log', 'snap', 'files'], 'readwrite', { durability: 'strict' });
    } catch (e) {
      // A connection the browser closed: open again, once.
      dbs.delete(name);
      if (!retried) return transact(name, after, step, done, true);
      throw e;
    }
    const log = tx.objectStore('log');
    const snaps = tx.objectStore('snap');
    // The files stored since this page last looked, before the entries that name them (a file
    // is stored, in its own transaction, before the message that carries it is sent).
    if (onFile) {
      tx.objectStore('files').getAll(IDBKeyRange.lowerBound(fileKeys.get(name) ?? 0, true)).onsuccess = (ev) => {
        for (const f of ev.target.result) {
          onFile(f.u, f.b);
          fileKeys.set(name, f.k);
        }
      };
    }
    let stepped = false;
    tx.oncomplete = () => done();
    tx.onabort = () => {
      if (!stepped) step(null);
      done(failure(FAILED, tx.error));
    };
    // The step sees [snapshot key (0: none), snapshot text, n1, e1, n2, e2, ...] and returns
    // [snapshot key (0: none), its text, drop up to, n1, e1, n2, e2, ...]; a snapshot's text is
    // its UTF-8 bytes (a Uint8Array; a string in records written by earlier builds).
    const give = (snap, records) => {
      stepped = true;
      const out = step([snap ? snap.n : 0, snap ? snap.s : null, ...records.flatMap((r) => [r.n, r.e])]);
      for (let i = 3; i < out.length; i += 2) log.add({ n: out[i], e: out[i + 1] });
      if (out[0] > 0) {
        snaps.put({ n: out[0], s: out[1] }, 1);
        log.delete(IDBKeyRange.upperBound(out[2]));
      }
    };
    // From `after` itself; if it is gone (compacted, or the journal was cleared or replaced),
    // from the snapshot: the snapshot and every entry after it.
    const fromSnapshot = () => {
      snaps.get(1).onsuccess = (ev) => {
        const snap = ev.target.result;
        const range = snap ? IDBKeyRange.lowerBound(snap.n, true) : undefined;
        log.getAll(range).onsuccess = (all) => give(snap, all.target.result);
      };
    };
    if (after === 0) fromSnapshot();
    else {
      log.getAll(IDBKeyRange.lowerBound(after)).onsuccess = (ev) => {
        const records = ev.target.result;
        if (records[0]?.n !== after) fromSnapshot();
        else give(null, records);
      };
    }
  }).catch((e) => {
    step(null);
    done(failure(UNAVAILABLE, e));
  });
}

// Presence (the full build's getGroupOnlineMemberCount): each signed-in session holds the Web
// Lock `<database>/online/<session>/<userID>` until it signs out or its tab goes (the browser
// releases a closed or crashed tab's locks), so any tab can list who is signed in across the
// origin. Without Web Locks (Node) the page's own sessions are all there is.
const held = new Map();

export function present(key, user) {
  const was = held.get(key);
  if (was) {
    was.off = true;
    was.release?.();
    held.delete(key);
  }
  const locks = globalThis.navigator?.locks;
  if (!user || !locks) return;
  const mine = { off: false };
  held.set(key, mine);
  locks.request(key + user, () => (mine.off ? 0 : new Promise((r) => { mine.release = r; }))).catch(() => {});
}

export function online(prefix, then) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return then([]);
  locks.query().then(
    (s) => then(s.held.map((l) => l.name).filter((n) => n.startsWith(prefix)).map((n) => n.slice(n.indexOf('/', prefix.length) + 1))),
    () => then([]),
  );
}
