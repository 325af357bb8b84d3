// `npm run screenshot`: drives the demo (www/, over the built package) in headless Chromium and
// writes docs/demo.png, the picture README shows: alice's conversations in her conversation
// groups, each group tab with its live unread badge, in her order.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite } from '../tests/js/browser.mjs';

const root = join(fileURLToPath(import.meta.url), '../..');
const site = await openSite({ '/tim-wasm/dist/': join(root, 'dist'), '/': join(root, 'www') });
try {
  const { page } = site;
  await page.setViewportSize({ width: 1100, height: 640 });
  page.on('dialog', (d) => d.accept());
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('loaded'));
  await page.click('#login button');
  await page.waitForFunction(() => document.querySelectorAll('#conversations li').length === 3);
  const group = async (name) => {
    await page.fill('#group-name', name);
    await page.click('#new-group button');
    await page.waitForFunction((n) => [...document.querySelectorAll('#groups li')].some((li) => li.firstChild.textContent === n), name);
  };
  await group('Suppliers');
  await group('Friends');
  // Bob into Friends, then Friends before Suppliers (the user's order), and two new messages.
  await page.locator('#conversations li', { hasText: 'Bob' }).locator('button', { hasText: '+ Friends' }).click();
  await page.locator('#groups li', { hasText: 'Friends' }).locator('button', { hasText: '↑' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#groups li')].map((li) => li.firstChild.textContent).join() === 'All,In no group,Friends,Suppliers');
  const badge = () => page.$eval('#groups li:nth-child(3) .badge', (b) => Number(b.textContent)).catch(() => 0);
  const was = await badge();
  await page.click('#peer-message');
  await page.click('#peer-message');
  await page.waitForFunction((n) => Number(document.querySelector('#groups li:nth-child(3) .badge')?.textContent) === n + 2, was);
  await page.locator('#groups li', { hasText: 'Friends' }).first().click({ position: { x: 4, y: 4 } });
  await page.waitForFunction(() => document.querySelector('#list-title').textContent === 'Group: Friends');
  const out = join(root, 'docs', 'demo.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await site.close();
}
