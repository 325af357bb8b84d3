// File messages (the full build's): createImageMessage, createFileMessage, createAudioMessage
// and createVideoMessage, and the upload sendMessage does first. The core keeps each message's
// payload in the original's shape with its URLs empty (src/core/message.rs, Payload::Media);
// the URLs are filled in here, from the file's UUID, wherever a message object is made.
//
// The embedded cloud keeps the bytes in IndexedDB (js/idb.js, store `files`, written before
// the message is sent) and hands out object URLs: each page learns of the files other pages
// stored in the same transaction that brings it their messages. With `storage: 'memory'` (and
// in Node) the bytes stay in this page.
import { codeError } from './api.js';
import { onMedia } from './shapes.js';

// Per kind (src/core/message.rs MEDIA's order): the element type, the size limit and the
// original's codes (checked at send, in its order): no file, too big, a failed upload.
const TYPES = ['TIMImageElem', 'TIMFileElem', 'TIMSoundElem', 'TIMVideoFileElem'];
const KINDS = ['createImageMessage', 'createFileMessage', 'createAudioMessage', 'createVideoMessage'];
const MB = 1024 * 1024;
const LIMIT = [20 * MB, 100 * MB, 20 * MB, 100 * MB];
const NO_FILE = [2251, 2401, 2300, 0];
const TOO_BIG = [2253, 2402, 2301, 2351];
const UPLOAD_FAILED = [2400, 2400, 2400, 2350];
const EMPTY = 2108;
// What the original takes: an image by its name's extension, a video by its MIME subtype; an
// image's `imageFormat` by its MIME subtype (255: another).
const IMAGE_TYPES = ['jpg', 'jpeg', 'gif', 'png', 'bmp', 'image', 'webp'];
const VIDEO_TYPES = ['mp4', 'quicktime', 'mov', 'video'];
const IMAGE_FORMAT = { jpg: 1, jpeg: 1, gif: 2, png: 3, bmp: 4 };

// File UUID → its URL in this page (the bytes it has); SDKAppID → the server it reads an
// app's other files from, with its user's signatures (server/src/files.rs).
const urls = new Map();
const servers = new Map();
const signed = (s, u, sig) => `${s.base}/files/${encodeURIComponent(u)}?u=${encodeURIComponent(s.user)}&e=${s.e}&s=${sig}`;
const url = (u) => {
  if (typeof u !== 'string') return '';
  const s = servers.get(u.slice(0, u.indexOf('-')));
  return urls.get(u) ?? (s ? signed(s, u, s.get) : '');
};
const objectUrl = (b) => (typeof URL.createObjectURL === 'function' ? URL.createObjectURL(b) : '');

// Fills a message's (or a lastMessage's) URLs in from its file's UUID; an http(s) URL the
// payload has (a server's REST API sent the message so) stays where there is none for it here.
function fill(m) {
  const p = m.payload;
  const set = (o, u, ...keys) => {
    if (!o || typeof o !== 'object') return;
    const v = url(u);
    for (const k of keys) if (v || !/^https?:\/\//.test(o[k])) o[k] = v;
  };
  if (!p || typeof p !== 'object') return;
  switch (m.type) {
    case TYPES[0]:
      if (Array.isArray(p.imageInfoArray)) for (const i of p.imageInfoArray) set(i, p.uuid, 'url', 'imageUrl');
      break;
    case TYPES[1]:
      set(p, p.uuid, 'fileUrl', 'remoteFileUrl');
      break;
    case TYPES[2]:
      set(p, p.uuid, 'url', 'remoteAudioUrl');
      break;
    case TYPES[3]:
      set(p, p.videoUUID, 'videoUrl', 'remoteVideoUrl');
      set(p, p.thumbUUID, 'thumbUrl', 'snapshotUrl', 'remoteSnapshotUrl', 'remoteThumbUrl');
  }
}

// A caller's value's field; what cannot be read (a hostile Proxy, a throwing getter) reads as
// `undefined`, as the core reads arguments.
function read(o, k) {
  try {
    return o?.[k];
  } catch {
    return undefined;
  }
}

// The file the app passed: a File (or any Blob), or an <input type="file"> (its first file);
// `undefined` for anything else, `null` for an input with none.
function fileOf(f) {
  try {
    if (typeof Blob !== 'undefined' && f instanceof Blob) return f;
    if (typeof HTMLInputElement !== 'undefined' && f instanceof HTMLInputElement) return f.files?.[0] ?? null;
  } catch {
    // Unreadable: no file.
  }
}

const nameOf = (f) => (typeof f.name === 'string' ? f.name : '');
const subtype = (f) => (f.type || '').split('/')[1] ?? '';
const after = (s, c) => s.slice(s.lastIndexOf(c) + 1).toLowerCase();

// `<SDKAppID>-<userID>-<32 letters and digits>`, as the original names a file.
function uuid(app, user) {
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `${app}-${user}-${Array.from(crypto.getRandomValues(new Uint8Array(32)), (x) => abc[x % 62]).join('')}`;
}

// The original's thumbnail sizes: the shorter side scaled to `min` when longer.
function scaled(width, height, min) {
  if (Math.min(width, height) <= min) return [width, height];
  return height <= width ? [Math.ceil((width * min) / height), min] : [min, Math.ceil((height * min) / width)];
}

// An image's entries, in the original's shape: when created, the original, large and small
// (sizeType 1, 2, 3), nothing known; once stored, the original with its size and dimensions,
// then the small (198) and the large (720) with theirs. All three are the same bytes here.
function imageInfo(size, width, height) {
  const rows = size ? [[1, width, height], [3, ...scaled(width, height, 198)], [2, ...scaled(width, height, 720)]] : [[1, 0, 0], [2, 0, 0], [3, 0, 0]];
  return rows.map(([sizeType, w, h], type) => ({
    instanceID: Math.floor(Math.random() * 10000000), sizeType, type, size: type ? 0 : size, width: w, height: h, imageUrl: '', url: '',
  }));
}

// The payload the core keeps for a file of kind `k` (its URLs empty); `size` the image's, once
// stored, with `dims`.
function payloadOf(k, file, u, size, dims) {
  switch (k) {
    case 0:
      return { imageFormat: size ? IMAGE_FORMAT[subtype(file)] ?? 255 : 255, uuid: u, imageInfoArray: imageInfo(size, ...dims) };
    case 1:
      return { downloadFlag: 2, fileUrl: '', remoteFileUrl: '', uuid: u, fileName: nameOf(file), fileSize: file.size };
    case 2:
      // A recorder's file: its `duration` in milliseconds.
      return { downloadFlag: 2, second: Math.floor(file.duration / 1000) || 0, size: file.fileSize || file.size || 1, url: '', remoteAudioUrl: '', uuid: u };
    default: {
      const [w, h] = [file.width || 200, file.height || 200];
      return {
        remoteVideoUrl: '', videoFormat: subtype(file), videoSecond: Math.round(file.duration || 0), videoSize: file.size || 1,
        videoUrl: '', videoDownloadFlag: 2, videoUUID: u, thumbUUID: '', thumbFormat: 'jpg', thumbWidth: w, snapshotWidth: w,
        thumbHeight: h, snapshotHeight: h, thumbSize: 0, snapshotSize: 0, thumbDownloadFlag: 2, thumbUrl: '',
        snapshotUrl: '', remoteSnapshotUrl: '', remoteThumbUrl: '',
      };
    }
  }
}

// What the original refuses at send, in its order (0: nothing).
function refusal(k, file) {
  if (!file) return NO_FILE[k];
  const size = file.size;
  if (k === 0 && !IMAGE_TYPES.includes(after(nameOf(file), '.'))) return 2252;
  if (k === 3 && size > LIMIT[3]) return TOO_BIG[3];
  if (k === 3) return VIDEO_TYPES.includes(subtype(file)) ? 0 : 2352;
  if (!size) return EMPTY;
  return size >= LIMIT[k] + (k ? 1 : 0) ? TOO_BIG[k] : 0;
}

// An image's width and height (0, 0 where the page cannot decode it, or in Node).
async function dimensions(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const d = [bitmap.width, bitmap.height];
    bitmap.close();
    return d;
  } catch {
    return [0, 0];
  }
}

/**
 * Adds the file messages to instance `inst` (`call(name, args)` reaches the core): `db` is its
 * local cloud's database (null with `storage: 'memory'`), `store` js/idb.js's file store,
 * `remote` its servers (server mode), `emitter` its listeners.
 */
function media(inst, call, id, db, store, remote, emitter) {
  // A server's Welcome (src/wasm/remote.rs): where it is, and this user's signatures.
  let user = '';
  const login = inst.login;
  inst.login = (options, ...rest) => {
    const u = read(options, 'userID');
    user = typeof u === 'string' ? u : '';
    return login(options, ...rest);
  };
  emitter.on('_files', ([at, token]) => {
    const [e, get, put] = token.split('.');
    servers.set(String(id), { base: at.replace(/^ws/, 'http').replace(/\/+$/, ''), user, e, get, put });
  });
  // Message ID → the file to store before it is sent, and the app's onProgress.
  const pending = new Map();
  KINDS.forEach((name, k) => {
    inst[name] = (options) => {
      const p = read(options, 'payload');
      const source = read(p, 'file');
      const file = fileOf(source);
      const progress = read(options, 'onProgress');
      // The core checks the rest (6017 for a missing argument) and makes the message.
      const bad = !file ? 'payload.file must be a File or an <input type="file"> with a file chosen' : progress !== undefined && typeof progress !== 'function' ? 'onProgress must be a function' : '';
      if (bad && typeof read(options, 'to') === 'string' && typeof read(options, 'conversationType') === 'string' && p && typeof p === 'object') {
        throw codeError(6017, `Params validate failed. ${name}: ${bad}`);
      }
      if (bad) return call(name, [options]);
      const u = uuid(id, inst.getLoginUser()) + (k || !nameOf(file).includes('.') ? '' : `.${after(nameOf(file), '.').replace(/[^a-z0-9]/g, '')}`);
      // The caller's options (what can be read of them) with the payload the core keeps.
      const copy = {};
      try {
        for (const key of Object.keys(options)) copy[key] = read(options, key);
      } catch {
        // Unreadable: the core names what is missing.
      }
      const message = call(name, [{ ...copy, payload: payloadOf(k, file, u, 0, []) }]);
      // The sender's page shows its file at once, from the bytes it has.
      urls.set(u, objectUrl(file));
      fill(message);
      // An <input> is read again when the message is sent, as the original does.
      pending.set(message.ID, { k, source, u, progress });
      return message;
    };
  });
  // A file message's bytes are stored first (once, so a resend does not store them again);
  // then the message goes with what storing learnt (an image's size and format).
  const sending = (name) => {
    const plain = inst[name];
    inst[name] = (message, ...rest) => {
      const job = pending.get(read(message, 'ID'));
      if (!job) return plain(message, ...rest);
      return stored(job).then(
        (payload) => {
          pending.delete(message.ID);
          return call(name, [message, rest[0], payload]).then((r) => {
            fill(r.data.message);
            return r;
          });
        },
        (e) => {
          message.status = 'fail';
          const err = codeError(e.refused ?? UPLOAD_FAILED[job.k], `${name}: ${e.refused ? e.message : `the file could not be stored (${e?.message ?? e})`}`);
          err.data = { message };
          throw err;
        },
      );
    };
  };
  sending('sendMessage');
  sending('resendMessage');

  async function stored({ k, source, u, progress }) {
    const file = fileOf(source);
    const code = refusal(k, file);
    if (code) {
      const why = code === NO_FILE[k] ? 'no file is chosen' : code === EMPTY ? 'the file is empty' : code === TOO_BIG[k] ? `the file is over ${LIMIT[k] / MB} MB` : 'the file is not of a type taken';
      throw { refused: code, message: why };
    }
    const server = remote.length && servers.get(String(id));
    if (remote.length && !server) throw { refused: UPLOAD_FAILED[k], message: 'not connected to the server' };
    // The original reports an onProgress that throws as an unhandled 2109 and goes on; so do
    // we, without the unhandled rejection.
    const tell = (x) => {
      try {
        progress?.(x);
      } catch {
        // Ignored.
      }
    };
    tell(0);
    const payload = payloadOf(k, file, u, file.size, k ? [] : await dimensions(file));
    if (server) await upload(signed(server, u, server.put), file, tell);
    else if (db) await store.put(db, u, file);
    tell(1);
    return payload;
  }
}

// Sends `file` to a server (`PUT`, server/src/files.rs), telling the progress where the page
// can (XMLHttpRequest); a name stored already is this message's own upload, done before.
function upload(to, file, tell) {
  const type = { 'content-type': file.type || 'application/octet-stream' };
  const ok = (status, text) => {
    if (status >= 300 && status !== 409) throw new Error(`the server answered ${status}: ${text}`);
  };
  if (typeof XMLHttpRequest !== 'function') {
    return fetch(to, { method: 'PUT', body: file, headers: type }).then(async (r) => ok(r.status, await r.text()));
  }
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('PUT', to);
    x.setRequestHeader('content-type', type['content-type']);
    x.upload.onprogress = (e) => e.lengthComputable && e.loaded < e.total && tell(Math.floor((100 * e.loaded) / e.total) / 100);
    x.onload = () => {
      try {
        resolve(ok(x.status, x.responseText));
      } catch (e) {
        reject(e);
      }
    };
    x.onerror = () => reject(new Error('the server cannot be reached'));
    x.send(file);
  });
}

/**
 * The full build's entries hand this to js/api.js: it learns of the files other pages store
 * (js/idb.js hands each over once, before the entries that name it) and gives each instance its
 * file messages.
 */
export function mediaFor(glue) {
  const store = glue.idbFiles();
  store.see((u, b) => {
    if (!urls.has(u)) urls.set(u, objectUrl(b));
  });
  onMedia(fill);
  return (inst, call, id, memory, remote, emitter) =>
    media(inst, call, id, memory || typeof indexedDB === 'undefined' ? null : `tim-wasm-full-${id}`, store, remote, emitter);
}
