// File messages (the full build's createImageMessage, createFileMessage, createAudioMessage,
// createVideoMessage): the original's payloads and codes, onProgress, the bytes in IndexedDB
// and object URLs in every tab — including one opened later — and in Node's memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';
import { openSite } from './browser.mjs';
import { startServer, rawClient } from './server.mjs';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHmac } from 'node:crypto';
import { device } from './devices.mjs';

let site;
let resolve;
before(async () => {
  site = await openSite(SITE);
  ({ resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href));
});
after(async () => { await site?.close(); });

// Signs `user` in on `page` as `window.chat` (app `app`), counting MESSAGE_RECEIVED in
// `window.got`.
async function signIn(page, app, user) {
  await page.evaluate(async ([app, user]) => {
    const { default: T } = await import('tim-wasm/full');
    window.T = T;
    window.chat = T.create({ SDKAppID: app });
    window.got = [];
    chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => got.push(...e.data));
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    await chat.login({ userID: user, userSig: 's' });
    await ready;
  }, [app, user]);
}

test('Chromium: an image and a file go from one tab to another — the original\'s payloads, onProgress, the bytes behind object URLs, also in a tab opened later', async () => {
  const app = 1400000701;
  const a = site.page;
  const b = await site.browser.newPage();
  await b.goto(site.origin + '/');
  await signIn(a, app, 'alice');
  await signIn(b, app, 'bob');
  const sent = await a.evaluate(async () => {
    // A 300 × 200 PNG, and a text file chosen through an <input type="file">.
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 200;
    canvas.getContext('2d').fillRect(0, 0, 10, 10);
    const png = await new Promise((r) => canvas.toBlob(r, 'image/png'));
    const image = new File([png], 'dot.png', { type: 'image/png' });
    const input = document.createElement('input');
    input.type = 'file';
    const dt = new DataTransfer();
    dt.items.add(new File(['hello, bob'], 'note.txt', { type: 'text/plain' }));
    input.files = dt.files;
    const progress = [];
    const m = chat.createImageMessage({ to: 'bob', conversationType: 'C2C', payload: { file: image }, onProgress: (p) => progress.push(p) });
    const before = { type: m.type, status: m.status, format: m.payload.imageFormat, shown: m.payload.imageInfoArray[0].url.startsWith('blob:') };
    const res = await chat.sendMessage(m);
    const f = chat.createFileMessage({ to: 'bob', conversationType: 'C2C', payload: { file: input } });
    await chat.sendMessage(f);
    const list = (await chat.getConversationList()).data.conversationList;
    return {
      before, progress, same: res.data.message === m, status: m.status, payload: m.payload, file: f.payload,
      show: list.find((c) => c.conversationID === 'C2Cbob').lastMessage.messageForShow, size: image.size,
      lastUrl: list.find((c) => c.conversationID === 'C2Cbob').lastMessage.payload.fileUrl === f.payload.fileUrl,
    };
  });
  assert.deepEqual(sent.before, { type: 'TIMImageElem', status: 'unSend', format: 255, shown: true });
  assert.deepEqual(sent.progress, [0, 1]);
  assert.ok(sent.same);
  assert.equal(sent.status, 'success');
  assert.deepEqual(Object.keys(sent.payload), ['imageFormat', 'uuid', 'imageInfoArray']);
  assert.deepEqual(sent.payload.imageInfoArray.map((i) => [i.sizeType, i.type, i.width, i.height, i.size]), [
    [1, 0, 300, 200, sent.size], [3, 1, 297, 198, 0], [2, 2, 300, 200, 0],
  ]);
  assert.deepEqual(Object.keys(sent.payload.imageInfoArray[0]), ['instanceID', 'sizeType', 'type', 'size', 'width', 'height', 'imageUrl', 'url']);
  assert.deepEqual(Object.keys(sent.file), ['downloadFlag', 'fileUrl', 'remoteFileUrl', 'uuid', 'fileName', 'fileSize']);
  assert.deepEqual([sent.file.fileName, sent.file.fileSize, sent.file.downloadFlag], ['note.txt', 10, 2]);
  assert.equal(sent.show, '[文件]');
  assert.ok(sent.lastUrl);
  assert.match(sent.payload.uuid, /^1400000701-alice-[0-9a-zA-Z]{32}\.png$/);

  // bob's tab: both messages, their URLs object URLs of the bytes alice's tab stored.
  const readIn = (page) => page.evaluate(async () => {
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const list = (await chat.getMessageList({ conversationID: 'C2Calice' })).data.messageList;
    const [image, file] = list;
    const bytes = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
    const img = await bytes(image.payload.imageInfoArray[2].url);
    return {
      received: got.map((m) => m.type),
      dims: image.payload.imageInfoArray.map((i) => [i.width, i.height]),
      png: Array.from(img.slice(1, 4)),
      text: new TextDecoder().decode(await bytes(file.payload.fileUrl)),
      same: file.payload.fileUrl === file.payload.remoteFileUrl,
    };
  });
  const seen = await readIn(b);
  assert.deepEqual(seen, {
    received: ['TIMImageElem', 'TIMFileElem'],
    dims: [[300, 200], [297, 198], [300, 200]],
    png: [80, 78, 71],
    text: 'hello, bob',
    same: true,
  });
  // A tab opened afterwards reads them from IndexedDB at its login.
  const c = await site.browser.newPage();
  await c.goto(site.origin + '/');
  await signIn(c, app, 'bob');
  const later = await readIn(c);
  assert.deepEqual([later.png, later.text], [[80, 78, 71], 'hello, bob']);
  await b.close();
  await c.close();
  await a.evaluate(() => chat.destroy());
});

test('Chromium: the original\'s codes — a missing file at create (6017), the rest at send (2252, 2253, 2108, 2352, 2251 for an input emptied since), the message failed; a sound and a video', async () => {
  const out = await site.page.evaluate(async () => {
    const { default: T } = await import('tim-wasm/full');
    const chat = T.create({ SDKAppID: 1400000702 });
    const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
    await chat.login({ userID: 'alice', userSig: 's' });
    await ready;
    const thrown = (f) => {
      try {
        f();
        return 0;
      } catch (e) {
        return [e.code, Object.keys(e)];
      }
    };
    const to = { to: 'bob', conversationType: 'C2C' };
    const png = (bytes, name = 'a.png') => new File([new Uint8Array(bytes)], name, { type: 'image/png' });
    const atCreate = {
      noImage: thrown(() => chat.createImageMessage({ ...to, payload: {} })),
      emptyInput: thrown(() => chat.createImageMessage({ ...to, payload: { file: document.createElement('input') } })),
      noFile: thrown(() => chat.createFileMessage({ ...to, payload: { file: null } })),
      noTo: thrown(() => chat.createFileMessage({ conversationType: 'C2C', payload: { file: png(1) } })),
      badProgress: thrown(() => chat.createFileMessage({ ...to, payload: { file: png(1) }, onProgress: 5 })),
    };
    const refused = async (m) => chat.sendMessage(m).then(() => 0, (e) => [e.code, e.data.message === m, m.status]);
    const input = document.createElement('input');
    input.type = 'file';
    const dt = new DataTransfer();
    dt.items.add(png(5));
    input.files = dt.files;
    const chosen = chat.createImageMessage({ ...to, payload: { file: input } });
    input.value = '';
    const atSend = {
      bigImage: await refused(chat.createImageMessage({ ...to, payload: { file: png(20 * 1024 * 1024) } })),
      textAsImage: await refused(chat.createImageMessage({ ...to, payload: { file: new File(['x'], 'a.txt') } })),
      emptyImage: await refused(chat.createImageMessage({ ...to, payload: { file: png(0) } })),
      aviAsVideo: await refused(chat.createVideoMessage({ ...to, payload: { file: new File(['x'], 'a.mp4', { type: 'video/avi' }) } })),
      inputEmptied: await refused(chosen),
    };
    const sound = chat.createAudioMessage({ ...to, payload: { file: Object.assign(new File(['abc'], 'v.mp3', { type: 'audio/mpeg' }), { duration: 3400 }) } });
    const video = chat.createVideoMessage({ ...to, payload: { file: Object.assign(new File(['abcd'], 'clip.mp4', { type: 'video/mp4' }), { duration: 7.6 }) } });
    await chat.sendMessage(sound);
    await chat.sendMessage(video);
    const list = (await chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList;
    const show = (await chat.getConversationList()).data.conversationList[0].lastMessage.messageForShow;
    await chat.destroy();
    return { atCreate, atSend, sound: list[0].payload, video: list[1].payload, types: list.map((m) => m.type), show };
  });
  const keys = ['code', 'message', 'data'];
  assert.deepEqual(out.atCreate, { noImage: [6017, keys], emptyInput: [6017, keys], noFile: [6017, keys], noTo: [6017, keys], badProgress: [6017, keys] });
  assert.deepEqual(out.atSend, {
    bigImage: [2253, true, 'fail'], textAsImage: [2252, true, 'fail'], emptyImage: [2108, true, 'fail'],
    aviAsVideo: [2352, true, 'fail'], inputEmptied: [2251, true, 'fail'],
  });
  assert.deepEqual(out.types, ['TIMSoundElem', 'TIMVideoFileElem']);
  assert.deepEqual(Object.keys(out.sound), ['downloadFlag', 'second', 'size', 'url', 'remoteAudioUrl', 'uuid']);
  assert.deepEqual([out.sound.second, out.sound.size, out.sound.url.startsWith('blob:'), out.sound.url === out.sound.remoteAudioUrl], [3, 3, true, true]);
  assert.deepEqual(Object.keys(out.video), ['remoteVideoUrl', 'videoFormat', 'videoSecond', 'videoSize', 'videoUrl', 'videoDownloadFlag', 'videoUUID', 'thumbUUID', 'thumbFormat', 'thumbWidth', 'snapshotWidth', 'thumbHeight', 'snapshotHeight', 'thumbSize', 'snapshotSize', 'thumbDownloadFlag', 'thumbUrl', 'snapshotUrl', 'remoteSnapshotUrl', 'remoteThumbUrl']);
  assert.deepEqual([out.video.videoFormat, out.video.videoSecond, out.video.videoSize, out.video.videoUrl.startsWith('blob:'), out.video.thumbUrl], ['mp4', 8, 4, true, '']);
  assert.equal(out.show, '[视频]');
});

test('Node (memory): a file message keeps its bytes in the process; the Node entry fills its URL', async () => {
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: 1400000703, storage: 'memory' });
  const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
  await chat.login({ userID: 'alice', userSig: 's' });
  await ready;
  const m = chat.createFileMessage({ to: 'bob', conversationType: 'C2C', payload: { file: new Blob(['node bytes']) } });
  await chat.sendMessage(m);
  const [stored] = (await chat.getMessageList({ conversationID: 'C2Cbob' })).data.messageList;
  assert.equal(stored.payload.fileSize, 10);
  assert.ok(stored.payload.fileUrl.startsWith('blob:'), stored.payload.fileUrl);
  const { resolveObjectURL } = await import('node:buffer');
  assert.equal(await resolveObjectURL(stored.payload.fileUrl).text(), 'node bytes');
  await chat.destroy();
});

for (const where of ['database', 'directory']) test(`server (bytes in the ${where}): an image goes from one browser to another through signed, expiring URLs; the server refuses what is not signed for`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tim-files-'));
  const server = await startServer(undefined, where === 'directory' ? ['--files', dir] : []);
  const b = await site.browser.newPage();
  await b.goto(site.origin + '/');
  try {
    const signIn = (page, user, sig) => page.evaluate(async ([url, app, user, sig]) => {
      const { default: T } = await import('tim-wasm/full');
      window.T = T;
      window.chat = T.create({ SDKAppID: app, server: url });
      window.got = [];
      chat.on(T.EVENT.MESSAGE_RECEIVED, (e) => got.push(...e.data));
      const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
      await chat.login({ userID: user, userSig: sig });
      await ready;
    }, [server.url, server.app, user, sig]);
    await signIn(site.page, 'fal', await server.sig('fal'));
    await signIn(b, 'fbo', await server.sig('fbo'));
    const sent = await site.page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 32;
      const png = await new Promise((r) => canvas.toBlob(r, 'image/png'));
      const progress = [];
      const m = chat.createImageMessage({ to: 'fbo', conversationType: 'C2C', payload: { file: new File([png], 'p.png', { type: 'image/png' }) }, onProgress: (p) => progress.push(p) });
      await chat.sendMessage(m);
      return { progress, uuid: m.payload.uuid, dims: [m.payload.imageInfoArray[0].width, m.payload.imageInfoArray[0].height] };
    });
    assert.equal(sent.progress[0], 0);
    assert.equal(sent.progress.at(-1), 1);
    assert.deepEqual(sent.dims, [64, 32]);
    const seen = await b.evaluate(async () => {
      for (let i = 0; i < 50 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 100));
      const [m] = got;
      const r = await fetch(m.payload.imageInfoArray[0].url);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return { url: m.payload.imageInfoArray[0].url, type: r.headers.get('content-type'), png: Array.from(bytes.slice(1, 4)), dims: [m.payload.imageInfoArray[0].width, m.payload.imageInfoArray[0].height] };
    });
    assert.ok(seen.url.startsWith(`${server.http}/files/${encodeURIComponent(sent.uuid)}?u=fbo&e=`), seen.url);
    assert.deepEqual([seen.type, seen.png, seen.dims], ['image/png', [80, 78, 71], [64, 32]]);
    if (where === 'directory') assert.deepEqual(readdirSync(dir), [String(server.app)]);

    // What the server refuses: no signature, a forged one, another app's file, a name not the
    // signer's own, a second upload of a name, a file it does not have.
    const u = new URL(seen.url);
    const status = async (url, init) => (await fetch(url, init)).status;
    const q = (over) => {
      const p = new URLSearchParams(u.search);
      for (const [k, v] of Object.entries(over)) p.set(k, v);
      return `?${p}`;
    };
    const file = `${server.http}${u.pathname}`;
    assert.equal(await status(file), 403);
    assert.equal(await status(file + q({ s: '00'.repeat(32) })), 403);
    assert.equal(await status(file + q({ u: 'fal' })), 403);
    assert.equal(await status(file + q({ e: String(Number(u.searchParams.get('e')) + 1) })), 403);
    assert.equal(await status(`${server.http}/files/${server.app + 1}-fbo-x${u.search}`), 404);
    assert.equal(await status(`${server.http}/files/${server.app}-nobody-x${u.search}`), 404);
    assert.equal(await status(file + u.search, { method: 'PUT', body: 'x' }), 403, 'a download signature does not upload');
    // Signed as the server signs (the development app's key): a name of one's own is stored
    // once; another user's name, or an expired signature, is refused.
    const sign = (what, user, e) => createHmac('sha256', server.key).update(`tim-files\n${what}\n${user}\n${e}`).digest('hex');
    const e = Math.floor(Date.now() / 1000) + 60;
    const at = (name, what, user, exp = e) => `${server.http}/files/${encodeURIComponent(name)}?u=${user}&e=${exp}&s=${sign(what, user, exp)}`;
    const own = `${server.app}-fal-abc123.txt`;
    assert.equal(await status(at(own, 'put', 'fal'), { method: 'PUT', body: 'mine', headers: { 'content-type': 'text/html' } }), 201);
    assert.equal(await status(at(own, 'put', 'fal'), { method: 'PUT', body: 'again' }), 409);
    assert.equal(await status(at(`${server.app}-fbo-abc`, 'put', 'fal'), { method: 'PUT', body: 'x' }), 403);
    assert.equal(await status(at(`${server.app}-fal-a/b`, 'put', 'fal'), { method: 'PUT', body: 'x' }), 403);
    assert.equal(await status(at(`${server.app}-fal-abc124`, 'put', 'fal', e - 120), { method: 'PUT', body: 'x' }), 403);
    const r = await fetch(at(own, 'get', 'fbo'));
    assert.deepEqual([r.status, await r.text(), r.headers.get('content-disposition'), r.headers.get('x-content-type-options')], [200, 'mine', 'attachment', 'nosniff']);
  } finally {
    await b.close();
    await site.page.evaluate(() => chat.destroy());
    await server.stop();
  }
});

test('server: Node sends a file through the server (fetch: no XMLHttpRequest); another Node process receives it and reads the bytes at its URL', async () => {
  const server = await startServer();
  const { default: T } = await import(resolve('tim-wasm/full'));
  const chat = T.create({ SDKAppID: server.app, server: server.url });
  const ready = new Promise((r) => chat.on(T.EVENT.SDK_READY, r));
  await chat.login({ userID: 'nal', userSig: await server.sig('nal') });
  await ready;
  const bob = await device(resolve('tim-wasm/full'), server.app, [server.url]);
  try {
    await bob.run('login', 'nbo', await server.sig('nbo'));
    await bob.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const progress = [];
    const m = chat.createFileMessage({ to: 'nbo', conversationType: 'C2C', payload: { file: new File(['from node'], 'n.txt', { type: 'text/plain' }) }, onProgress: (p) => progress.push(p) });
    await chat.sendMessage(m);
    assert.deepEqual(progress, [0, 1]);
    const [got] = await bob.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.deepEqual([got.type, got.payload.fileName, got.payload.fileSize, got.payload.uuid], ['TIMFileElem', 'n.txt', 9, m.payload.uuid]);
    assert.ok(got.payload.fileUrl.startsWith(`${server.http}/files/`), got.payload.fileUrl);
    assert.equal(got.payload.remoteFileUrl, got.payload.fileUrl);
    assert.equal(await (await fetch(got.payload.fileUrl)).text(), 'from node');
    // A backend's image with its own URLs (REST openim/sendmsg): shown with them.
    await bob.run('arm', T.EVENT.MESSAGE_RECEIVED);
    const admin = await server.sig('administrator');
    const rest = await fetch(`${server.http}/v4/openim/sendmsg?sdkappid=${server.app}&identifier=administrator&usersig=${admin}&random=1&contenttype=json`, {
      method: 'POST',
      body: JSON.stringify({ From_Account: 'nal', To_Account: 'nbo', MsgBody: [{ MsgType: 'TIMImageElem', MsgContent: { UUID: 'cdn-1', ImageFormat: 3, ImageInfoArray: [{ Type: 1, Size: 9, Width: 3, Height: 2, URL: 'https://cdn.example/a.png' }] } }] }),
    });
    assert.equal((await rest.json()).ActionStatus, 'OK');
    const [image] = await bob.run('next', T.EVENT.MESSAGE_RECEIVED);
    assert.deepEqual(image.payload.imageInfoArray.map((i) => [i.url, i.imageUrl, i.width]), [['https://cdn.example/a.png', 'https://cdn.example/a.png', 3]]);
    // A client's payload of the wrong shapes (no UUID, a list that is no list, a URL to run):
    // delivered without harm; the kind's URLs are this page's or http(s), never anything else.
    const raw = await rawClient(server, 'nraw');
    const odd = JSON.stringify({ uuid: 5, imageInfoArray: [null, { url: 'javascript:x' }], fileUrl: 'javascript:alert(1)' });
    for (const [n, [kind, body, keys]] of [
      [0, odd, (p) => p.imageInfoArray[1].url],
      [0, '{"imageInfoArray": {"url": "x"}}', (p) => p.imageInfoArray.url],
      [1, odd, (p) => p.fileUrl],
      [3, '{"videoUUID": null, "thumbUrl": "javascript:x"}', (p) => p.thumbUrl + p.videoUrl],
    ].entries()) {
      await bob.run('arm', T.EVENT.MESSAGE_RECEIVED);
      const r = await raw.call({ SendMessage: { conv_type: 'C2c', to: 'nbo', payload: { Media: { kind, body } }, cloud_custom_data: '', random: n + 10, client_time: 1 } });
      assert.ok(r.Ok, JSON.stringify(r));
      const [m] = await bob.run('next', T.EVENT.MESSAGE_RECEIVED);
      assert.ok(!String(keys(m.payload)).includes('javascript:'), JSON.stringify(m.payload));
    }
    raw.close();
  } finally {
    await bob.close();
    await chat.destroy();
    await server.stop();
  }
});
