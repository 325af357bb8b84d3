// The demo (www/) as `npm start` serves it: log in, see the seeded conversations, create a
// conversation group and filter by it, send a message; and the same page against a tim-wasm
// server (`?server=`), chatting with another client of that server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSite } from './browser.mjs';
import { ROOT } from './paths.mjs';
import { startServer, rawClient } from './server.mjs';

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
    // The full build's additions: live badges per group tab (subscribed counts), the user's order
    // of groups, marking a group read.
    const tabs = () => page.$$eval('#groups li', (lis) => lis.map((li) => [li.firstChild.textContent, li.querySelector('.badge')?.textContent ?? '']));
    await page.waitForFunction(() => [...document.querySelectorAll('#groups li')].find((li) => li.firstChild.textContent === 'Suppliers')?.querySelector('.badge'));
    const before = Object.fromEntries(await tabs());
    const inGroup = (await page.$$eval('#conversations li', (lis) => lis.filter((li) => li.querySelector('.tags')?.textContent.includes('Suppliers')).map((li) => Number(li.querySelector('.badge')?.textContent ?? 0)))).reduce((a, b) => a + b, 0);
    assert.equal(Number(before.Suppliers), inGroup, 'the tab\'s badge is its conversations\' unread count');
    await page.fill('#group-name', 'Work');
    await page.click('#new-group button');
    await page.waitForFunction(() => [...document.querySelectorAll('#groups li')].some((li) => li.firstChild.textContent === 'Work'));
    await page.locator('#groups li', { hasText: 'Work' }).locator('button', { hasText: '↑' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('#groups li')].map((li) => li.firstChild.textContent).join() === 'All,In no group,Work,Suppliers');
    await page.locator('#groups li', { hasText: 'Suppliers' }).locator('button', { hasText: 'read' }).click();
    await page.waitForFunction(() => !([...document.querySelectorAll('#groups li')].find((li) => li.firstChild.textContent === 'Suppliers')?.querySelector('.badge')));
    const after = Object.fromEntries(await tabs());
    assert.equal(Number(after.All), Number(before.All) - inGroup, `the total follows: ${JSON.stringify([before, after])}`);
    await page.locator('#groups li', { hasText: 'Suppliers' }).first().click({ position: { x: 4, y: 4 } });
    await page.waitForFunction(() => document.querySelector('#list-title').textContent === 'Group: Suppliers');
    assert.equal(await page.locator('#conversations li').count(), 1);
    await page.locator('#conversations li').first().click();
    await page.fill('#text', 'hello from the demo');
    await page.click('#send button');
    await page.waitForFunction(() => [...document.querySelectorAll('#messages li')].some((li) => li.textContent.includes('hello from the demo')));
    const log = await page.textContent('#log');
    assert.match(log, /CONVERSATION_GROUP_LIST_UPDATED \["Suppliers"\]/);
    assert.match(log, /CONVERSATION_GROUP_LIST_UPDATED \["Work","Suppliers"\]/);
    assert.match(log, /UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED \{"groupName":"Suppliers"\} 0/);
    assert.match(log, /CONVERSATION_GROUP_CREATED Work/);
  } finally {
    await site.close();
  }
});

test('the demo talks to a tim-wasm server with ?server=', { timeout: 90_000 }, async () => {
  const server = await startServer();
  const site = await openSite({ '/tim-wasm/dist/': join(ROOT, 'dist'), '/': join(ROOT, 'www') }, `/?server=${encodeURIComponent(server.url)}`);
  try {
    const { page } = site;
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('server ws://'));
    await page.fill('#user', 'dora');
    await page.click('#login button');
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('logged in as dora'));
    // Someone else (a bare protocol client) writes: the conversation shows up in the page.
    const eve = await rawClient(server, 'eve');
    await eve.call({ SendMessage: { conv_type: 'C2c', to: 'dora', payload: { Text: { text: 'hello dora' } }, cloud_custom_data: '', random: 1, client_time: 1 } });
    await page.waitForFunction(() => document.querySelector('#conversations li')?.textContent.includes('hello dora'));
    await page.locator('#conversations li').first().click();
    await page.fill('#text', 'hi eve, from the demo');
    await page.click('#send button');
    const push = await eve.push((b) => b.Message);
    assert.equal(push.body.Message.message.payload.Text.text, 'hi eve, from the demo');
    eve.close();
  } finally {
    await site.close();
    await server.stop();
  }
});
