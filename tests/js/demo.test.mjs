// The demo (www/) as `npm start` serves it: log in, see the seeded conversations, create a
// conversation group and filter by it, send a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSite } from './browser.mjs';
import { ROOT } from './paths.mjs';

test('the demo page works end to end', { timeout: 60_000 }, async () => {
  const site = await openSite({ '/tim-wasm/dist/': join(ROOT, 'dist'), '/': join(ROOT, 'www') });
  try {
    const { page } = site;
    page.on('dialog', (d) => d.accept());
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
  } finally {
    await site.close();
  }
});
