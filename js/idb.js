// The local cloud's journal in IndexedDB (used by src/wasm/storage.rs). One database per
// SDKAppID holds the store `log`: records `{n, e}`, `n` the entry's sequence number (the key)
// and `e` the entry as JSON. Each step is one `readwrite` transaction: read what was committed
// after the caller's position, then add the caller's entries; IndexedDB runs such
// transactions one at a time across every tab of the origin, so writers never interleave.

// Schema versions: UPGRADES[v] moves a database from version v to v + 1 (never edit a step
// that shipped; add one). Version 1: the log store.
const UPGRADES = [(db) => db.createObjectStore('log', { keyPath: 'n' })];
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
      tx = conn.transaction('log', 'readwrite', { durability: 'strict' });
    } catch (e) {
      // A connection the browser closed: open again, once.
      dbs.delete(name);
      if (!retried) return transact(name, after, step, done, true);
      throw e;
    }
    const log = tx.objectStore('log');
    let stepped = false;
    tx.oncomplete = () => done();
    tx.onabort = () => {
      if (!stepped) step(null);
      done(failure(FAILED, tx.error));
    };
    // From `after` itself: if it is gone, the journal was cleared or replaced, and the step
    // gets all of it. The step sees and returns entries flat: [n1, e1, n2, e2, ...].
    const give = (records) => {
      stepped = true;
      const add = step(records.flatMap((r) => [r.n, r.e]));
      for (let i = 0; i < add.length; i += 2) log.add({ n: add[i], e: add[i + 1] });
    };
    log.getAll(IDBKeyRange.lowerBound(after)).onsuccess = (ev) => {
      const records = ev.target.result;
      if (after > 0 && records[0]?.n !== after) log.getAll().onsuccess = (all) => give(all.target.result);
      else give(records);
    };
  }).catch((e) => {
    step(null);
    done(failure(UNAVAILABLE, e));
  });
}
