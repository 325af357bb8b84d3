// Runs the JS-boundary fuzzer (tests/js/fuzz-page.mjs) in headless Chromium against the packed
// package that tests/js/prepare.mjs installed: `calls` calls from `seed` on one build, then an
// ordinary session on the same page. Shared by the test (short, fixed seed) and scripts/fuzz.mjs.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = join(ROOT, 'target', 'js-test', 'site');

/**
 * Returns {calls, settled, thrown, listenerCalls, failures, panics, hangs, details, pageErrors,
 * scenario}. `log` (optional) hears progress.
 */
export async function fuzz({ build = 'tim-wasm', calls = 1000, seed = 1, app = 1400090000 + (seed % 1000), chunk = 500, server: serverMode = false, log = () => {} }) {
  // Server mode: a tim-server of its own (tests/js/server.mjs), with sigs for the run's users.
  let tim = null;
  let remote;
  if (serverMode) {
    const { startServer } = await import('../tests/js/server.mjs');
    tim = await startServer();
    const sigs = {};
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) sigs[u] = await tim.sig(u);
    remote = { url: tim.url, app: tim.app, sigs };
  }
  const server = await serve({ '/': SITE, '/fuzz/': join(ROOT, 'tests', 'js') });
  const profile = mkdtempSync(join(tmpdir(), 'tim-fuzz-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const pageErrors = [];
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e.stack || e)));
    page.on('crash', () => pageErrors.push('the page crashed'));
    // The module's own reports (a panic would say so here).
    page.on('console', (m) => { if (m.type() === 'error' && /panicked|RuntimeError/.test(m.text())) pageErrors.push('console: ' + m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.evaluate(async ({ build, seed, app, remote }) => {
      const f = await import('/fuzz/fuzz-page.mjs');
      globalThis.fuzzState = await f.start({ module: build, seed, app, server: remote });
    }, { build, seed, app, remote });
    for (let done = 0; done < calls; done += chunk) {
      const n = Math.min(chunk, calls - done);
      await page.evaluate(async (n) => (await import('/fuzz/fuzz-page.mjs')).chunk(globalThis.fuzzState, n), n);
      log(`${done + n} / ${calls} calls`);
    }
    const report = await page.evaluate(async () => (await import('/fuzz/fuzz-page.mjs')).finish(globalThis.fuzzState));
    report.scenario = await page.evaluate(async ({ build, app, remote }) => (await import('/fuzz/fuzz-page.mjs')).scenario(build, app + 500, remote), { build, app, remote });
    // The server still serves: a health check.
    if (tim) report.serverHealthy = (await fetch(`${tim.http}/healthz`)).status === 200;
    report.pageErrors = pageErrors;
    return report;
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
    await tim?.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
