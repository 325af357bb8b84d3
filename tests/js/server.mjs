// The tim-wasm server for the JS tests: built once (cargo, the workspace's debug build that
// `cargo test --workspace` made already), started on a free port with a fresh SQLite database,
// stopped (SIGTERM) or killed (SIGKILL) and restarted on the same port and database.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { ROOT } from './paths.mjs';

const WebSocket = createRequire(join(ROOT, 'package.json'))('ws');

const BIN = join(ROOT, 'target', 'debug', 'tim-server');
let built = false;

function build() {
  if (built) return;
  execFileSync('cargo', ['build', '--quiet', '-p', 'tim-server'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A throwaway Postgres from Debian's packages, as server/tests/common/pg.rs starts it: returns
 * {url, stop()}. Run as the `postgres` user when the tests run as root.
 */
export async function startPostgres() {
  const versions = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).filter((d) => existsSync(`${d}/initdb`)).sort();
  const bin = versions.at(-1);
  const dir = mkdtempSync(join(tmpdir(), 'tim-pg-js-'));
  const root = process.getuid() === 0;
  if (root) execFileSync('chown', ['postgres', dir]);
  const run = (tool, args) => execFileSync(root ? 'runuser' : `${bin}/${tool}`, root ? ['-u', 'postgres', '--', `${bin}/${tool}`, ...args] : args, { stdio: 'pipe' });
  run('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', `${dir}/data`, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', `${dir}/log`, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try { run('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', 'stop']); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a server; returns {url, http, app, key, sig(user), kill(), stop(), restart()}.
 * `database`: a `postgres://` URL (several servers may share it); a fresh SQLite file otherwise. */
export async function startServer(database, args = []) {
  build();
  const db = database || `sqlite:${join(mkdtempSync(join(tmpdir(), 'tim-server-js-')), 'server.db')}`;
  const port = await freePort();
  const s = { url: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}`, child: null };
  s.launch = async () => {
    const child = spawn(BIN, ['--listen', `127.0.0.1:${port}`, '--database', db, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    s.child = child;
    const lines = createInterface({ input: child.stdout });
    await new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`tim-server exited with ${code}`)));
      lines.on('line', (line) => {
        const dev = line.match(/SDKAppID (\d+) secret key (\S+)/);
        if (dev) [s.app, s.key] = [Number(dev[1]), dev[2]];
        if (line.startsWith('tim-server listening on')) resolve();
      });
    });
  };
  s.sig = async (userID) => {
    const r = await fetch(`${s.http}/dev/usersig`, { method: 'POST', body: JSON.stringify({ userID }) });
    return (await r.json()).userSig;
  };
  const end = async (signal) => {
    const child = s.child;
    // Gone already (exited, or killed: then only signalCode is set).
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  s.kill = () => end('SIGKILL');
  s.stop = () => end('SIGTERM');
  s.restart = async () => { await s.launch(); };
  await s.launch();
  return s;
}

/** A bare protocol client (docs/PROTOCOL.md): the other user, independent of tim-wasm. */
export async function rawClient(server, userID) {
  const ws = new WebSocket(server.url);
  const frames = [];
  let wake = () => {};
  ws.on('message', (t) => { frames.push(JSON.parse(t.toString())); wake(); });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  const next = async (pred) => {
    for (;;) {
      const i = frames.findIndex(pred);
      if (i >= 0) return frames.splice(i, 1)[0];
      await new Promise((r, j) => { wake = r; setTimeout(() => j(new Error('no such frame within 10 s')), 10_000); });
    }
  };
  ws.send(JSON.stringify({ t: 'Hello', versions: [1], sdk_app_id: server.app, user_id: userID, user_sig: await server.sig(userID), resume_after: 0 }));
  assert.equal((await next(() => true)).t, 'Welcome');
  let id = 0;
  return {
    async call(request) {
      const me = ++id;
      ws.send(JSON.stringify({ t: 'Call', id: me, request }));
      return (await next((f) => f.t === 'Answer' && f.id === me)).result;
    },
    push: (pred) => next((f) => f.t === 'Push' && pred(f.body)),
    close: () => ws.close(),
  };
}

