// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core: the one place every
// browser test launches it. Every page of every browser launched here is watched: an uncaught
// error or an unhandled rejection in any page fails the test that was running (afterEach) — or,
// when it surfaces later, the file (after) — so no browser test can tolerate one.
import { afterEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/static-server.mjs';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Page errors not yet claimed by a test, from every browser launched here. */
const pageErrors = [];

/** Errors recorded so far, taken (a test that provokes one on purpose claims it this way). */
export function takePageErrors() {
  return pageErrors.splice(0);
}

function check() {
  const errors = takePageErrors();
  assert.deepEqual(errors, [], `uncaught page errors or unhandled rejections:\n${errors.join('\n')}`);
}
afterEach(check);
after(check);

/**
 * Records uncaught errors of every page, present and future, of `context` (Chromium reports an
 * unhandled rejection as a page error too: `Error: …` for `Promise.reject(new Error(…))`).
 */
function watch(context) {
  const onPage = (page) => {
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.stack || e}`));
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
}

/** A browser context on a fresh profile, watched (see above). */
export async function launch() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tim-chromium-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  watch(context);
  return context;
}

/** Serves `dir` (or a map of URL prefixes to folders), opens Chromium on it, and returns {page, origin, browser, close}. */
export async function openSite(dir, path = '/') {
  const server = await serve(typeof dir === 'string' ? { '/': dir } : dir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const page = browser.pages()[0] || (await browser.newPage());
  await page.goto(origin + path);
  return {
    page,
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
