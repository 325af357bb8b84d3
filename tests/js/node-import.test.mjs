// Importing the package in Node (server-side rendering) must not throw; using it there rejects
// with a clear error (CONTRACT §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';

test('import in Node works and calls reject with 2980', async () => {
  const mod = await import(pathToFileURL(join(SITE, 'node_modules/tim-wasm/dist/tim-wasm.js')).href);
  const T = mod.default;
  assert.deepEqual(Object.keys(T), ['create', 'TYPES', 'EVENT', 'TSignaling', 'VERSION']);
  const chat = T.create({ SDKAppID: 1400000001 });
  assert.equal(chat.isReady(), false);
  assert.equal(chat.getLoginUser(), '');
  assert.equal(chat.on(T.EVENT.SDK_READY, () => {}), undefined);
  await assert.rejects(chat.login({ userID: 'a', userSig: 's' }), (e) => {
    assert.equal(e.code, 2980);
    assert.match(e.message, /login.*not available/);
    return true;
  });
  assert.deepEqual(mod.implementedMethods(), []);
});
