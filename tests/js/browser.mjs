// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/static-server.mjs';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Serves `dir`, opens Chromium on it, and returns {page, origin, browser, close}. */
export async function openSite(dir, path = '/') {
  const server = await serve({ '/': dir });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tim-chromium-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + path);
  return {
    page,
    origin,
    browser,
    errors,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
