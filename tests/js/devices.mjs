// A device for the multi-device tests: a worker thread (its own JavaScript realm, so its own
// tim-wasm instance) running device.mjs with the package entry `entry`.
import { Worker } from 'node:worker_threads';

/** A device: a worker with its own tim-wasm; `run(op, ...args)` resolves with the answer. */
export async function device(entry, app, servers) {
  const worker = new Worker(new URL('./device.mjs', import.meta.url), { workerData: { entry, app, servers } });
  let next = 0;
  const waiting = new Map();
  await new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => {
      if (m.ready) return resolve();
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) w.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else w.resolve(m.data);
    });
  });
  return {
    run: (op, ...args) => new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    }),
    async close() {
      await Promise.race([this.run('destroy').catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
    },
  };
}
