// Three server nodes on one Postgres serve one chat (CONTRACT §9, issue: scale-out). Devices —
// each a tim-wasm instance in its own worker thread, given all three URLs, starting on a node of
// its own — run a seeded random workload of messages (C2C and one group chat), conversation
// group changes, pins and reads. Halfway, one node is killed (SIGKILL) and its devices move to
// another. Then every device shows what a fresh login shows, and every history holds each sent
// message once, in one order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { device } from './devices.mjs';
import { pathToFileURL } from 'node:url';
import { SITE } from './paths.mjs';
import { startServer, startPostgres } from './server.mjs';

const USERS = ['ann', 'ben', 'cat', 'dan'];
const GROUP = 'crew';
const STEPS = 160;

/** A small seeded generator (xorshift32): the same workload every run. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  return { int: (n) => next() % n, pick: (a) => a[next() % a.length] };
}

/** Codes an operation of the workload may meet (a group that another device renamed or
 * deleted meanwhile, a name taken, a conversation not in the group…): anything else fails. */
const EXPECTED = new Set([51009, 51010, 51011, 51012, 51013, 51014, 2000, 2001, 2003, 51007, 51008]);

test('three nodes on one Postgres, a random workload, one node killed: every device shows what a fresh login shows', { timeout: 600_000 }, async () => {
  const pg = await startPostgres();
  const nodes = [];
  const devices = [];
  try {
    for (let i = 0; i < 3; i++) nodes.push(await startServer(pg.url));
    const app = nodes[0].app;
    const { resolve } = await import(pathToFileURL(join(SITE, 'resolve.mjs')).href);
    const entry = resolve('tim-wasm');
    // Two devices per user, spread over the nodes; each lists all three, its own first.
    for (const [u, user] of USERS.entries()) {
      for (const d of [0, 1]) {
        const first = (u * 2 + d) % 3;
        const servers = [0, 1, 2].map((k) => nodes[(first + k) % 3].url);
        const dev = await device(entry, app, servers);
        await dev.run('login', user, await nodes[0].sig(user));
        devices.push({ user, node: first, dev });
      }
    }
    await devices[0].dev.run('call', 'createGroup', { groupID: GROUP, name: GROUP, type: 'Public', memberList: USERS.slice(1).map((userID) => ({ userID })) });

    const r = rng(20261127);
    const sent = []; // [conversation of the sender, text, sender]
    const names = ['work', 'home', 'later', 'misc'];
    const convsOf = (user) => [...USERS.filter((u) => u !== user).map((u) => `C2C${u}`), `GROUP${GROUP}`];
    for (let step = 0; step < STEPS; step++) {
      if (step === STEPS / 2) {
        // Node 1 dies; its devices reconnect to the next node in their lists.
        await nodes[1].kill();
      }
      const d = r.pick(devices);
      const convs = convsOf(d.user);
      const conv = r.pick(convs);
      const op = r.int(10);
      try {
        if (op < 4) {
          const text = `${d.user}#${step}`;
          const group = conv.startsWith('GROUP');
          await d.dev.run('send', conv.slice(group ? 5 : 3), group ? 'GROUP' : 'C2C', text);
          sent.push([conv, text, d.user]);
        } else if (op === 4) {
          await d.dev.run('call', 'createConversationGroup', { groupName: r.pick(names), conversationIDList: [conv] });
        } else if (op === 5) {
          await d.dev.run('call', 'addConversationsToGroup', { groupName: r.pick(names), conversationIDList: [conv, r.pick(convs)] });
        } else if (op === 6) {
          await d.dev.run('call', 'deleteConversationsFromGroup', { groupName: r.pick(names), conversationIDList: [conv] });
        } else if (op === 7) {
          if (r.int(2)) await d.dev.run('call', 'renameConversationGroup', { oldName: r.pick(names), newName: r.pick(names) });
          else await d.dev.run('call', 'deleteConversationGroup', r.pick(names));
        } else if (op === 8) {
          await d.dev.run('call', 'pinConversation', { conversationID: conv, isPinned: r.int(2) === 0 });
        } else {
          await d.dev.run('call', 'setMessageRead', { conversationID: conv });
        }
      } catch (e) {
        assert.ok(EXPECTED.has(e.code), `step ${step} (${op} by ${d.user}): ${e.code} ${e.message}`);
      }
    }

    // The devices of the dead node moved on.
    for (const d of devices.filter((x) => x.node === 1)) {
      const net = await d.dev.run('net');
      assert.deepEqual(net.slice(-2), ['connecting', 'connected'], `${d.user}'s device on the killed node`);
    }
    // Each user's fresh login (on a live node) against each of the user's devices, once the
    // pushes in flight have landed.
    for (const user of USERS) {
      const fresh = await device(entry, app, [nodes[2].url]);
      await fresh.run('login', user, await nodes[0].sig(user));
      const want = await fresh.run('state', true);
      for (const d of devices.filter((x) => x.user === user)) {
        let got;
        for (let i = 0; i < 100; i++) {
          got = await d.dev.run('state', false);
          if (JSON.stringify([got.list, got.groups]) === JSON.stringify([want.list, want.groups])) break;
          await new Promise((res) => setTimeout(res, 200));
        }
        assert.deepEqual([got.list, got.groups], [want.list, want.groups], `${user}'s device on node ${d.node}`);
      }
      // Every message sent in each of the user's conversations is there once, in one order
      // (sequences increasing), each sender's in the order sent.
      for (const c of convsOf(user)) {
        const mine = sent.filter(([conv, , from]) => (c.startsWith('GROUP')
          ? conv === c
          : (conv === c && from === user) || (conv === `C2C${user}` && from === c.slice(3))));
        const history = want.histories[c] || [];
        const texts = history.map(([, , , text]) => text).filter((t) => t?.includes('#'));
        assert.deepEqual([...texts].sort(), mine.map(([, text]) => text).sort(), `${user}: ${c} holds each message once`);
        const seqs = history.map(([, seq]) => seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${user}: ${c} in sequence order`);
        assert.equal(new Set(history.map(([id]) => id)).size, history.length, `${user}: ${c} no message twice`);
        for (const from of USERS) {
          const order = texts.filter((t) => t.startsWith(`${from}#`)).map((t) => Number(t.split('#')[1]));
          assert.deepEqual(order, [...order].sort((a, b) => a - b), `${user}: ${c}: ${from}'s in the order sent`);
        }
      }
      await fresh.close();
    }
    assert.ok(sent.length > STEPS / 4, 'the workload sent messages');
  } catch (e) {
    console.error('failed:', e);
    throw e;
  } finally {
    await Promise.all(devices.map((d) => d.dev.close()));
    for (const n of nodes) await n.stop();
    pg.stop();
  }
});

