// The demo (www/) as `npm start` serves it: log in, see the seeded conversations, create a
// conversation group and filter by it, send a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/static-server.mjs';
import { ROOT } from './paths.mjs';

test('the demo page works end to end', { timeout: 60_000 }, async () => {
  const server = await serve({ '/tim-wasm/dist/': join(ROOT, 'dist'), '/': join(ROOT, 'www') });
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tim-demo-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => d.accept());
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('loaded'));
    await page.click('#login button');
    await page.waitForFunction(() => document.querySelectorAll('#conversations li').length === 3);
    await page.fill('#group-name', 'Suppliers');
    await page.click('#new-group button');
    await page.waitForFunction(() => [...document.querySelectorAll('#groups li')].some((li) => li.textContent.startsWith('Suppliers')));
    await page.locator('#groups li', { hasText: 'Suppliers' }).first().click({ position: { x: 4, y: 4 } });
    await page.waitForFunction(() => document.querySelector('#list-title').textContent === 'Group: Suppliers');
    assert.equal(await page.locator('#conversations li').count(), 1);
    await page.locator('#conversations li').first().click();
    await page.fill('#text', 'hello from the demo');
    await page.click('#send button');
    await page.waitForFunction(() => [...document.querySelectorAll('#messages li')].some((li) => li.textContent.includes('hello from the demo')));
    const log = await page.textContent('#log');
    assert.match(log, /CONVERSATION_GROUP_LIST_UPDATED \["Suppliers"\]/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
});
