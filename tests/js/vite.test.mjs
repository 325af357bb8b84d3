// The packed tarball, installed into a fresh Vite app and built with `vite build`, works in
// headless Chromium with `import TencentCloudChat from 'tim-wasm'`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openSite } from './browser.mjs';
import { ROOT, WORK } from './paths.mjs';

test('a Vite app built against the tarball logs in and gets its events', { timeout: 180_000 }, async () => {
  const app = join(WORK, 'vite-app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'src'), { recursive: true });
  const tgz = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><div id="out"></div><script type="module" src="/src/main.js"></script>');
  writeFileSync(join(app, 'src', 'main.js'), `
import TencentCloudChat from 'tim-wasm';
const chat = TencentCloudChat.create({ SDKAppID: 1400000001 });
chat.on(TencentCloudChat.EVENT.SDK_READY, async () => {
  const notBuilt = await chat.getGroupMemberList().then(() => 0, (e) => e.code);
  window.__result = { ready: chat.isReady(), user: chat.getLoginUser(), notBuilt, version: TencentCloudChat.VERSION };
});
chat.login({ userID: 'alice', userSig: 'sig' });
`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(WORK, tgz)], { cwd: app, stdio: 'inherit' });
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  const site = await openSite(join(app, 'dist'));
  try {
    await site.page.waitForFunction(() => window.__result, null, { timeout: 20_000 });
    const r = await site.page.evaluate(() => window.__result);
    assert.deepEqual(r, { ready: true, user: 'alice', notBuilt: 2998, version: '0.1.0' });
  } finally {
    await site.close();
  }
});

test('the same app works under the Vite dev server (dependency pre-bundling)', { timeout: 120_000 }, async () => {
  const { createServer } = await import('vite');
  const app = join(WORK, 'vite-app');
  const server = await createServer({ root: app, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => window.__result, null, { timeout: 30_000 });
    assert.deepEqual(await page.evaluate(() => window.__result), { ready: true, user: 'alice', notBuilt: 2998, version: '0.1.0' });
  } finally {
    await browser.close();
    await server.close();
  }
});
