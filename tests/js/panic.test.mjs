// The panic policy (issue 17) of the JS entry, on its own source (js/api.js) with a stand-in for
// the WebAssembly glue: the module's panic hook (the sixth function setShapes receives, called
// just before the module traps) makes every instance answer as an unavailable module — 2980 for
// each later call, the call that met the trap included —, logs once, and emits ERROR once on each
// live instance. A trap the hook does not hear (an allocation that failed aborts without a panic)
// gets the same policy from the call that met it. A real panic cannot be provoked through the
// public API (none is known); the fuzzer checks that none happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';

class StandInSdk {
  call(name, args) {
    // A panic: the hook, then the trap.
    if (name === 'getConversationList' && args[0] === 'trap') {
      panicked();
      throw new WebAssembly.RuntimeError('unreachable');
    }
    // A trap the hook does not hear (an allocation that failed aborts without a panic).
    if (name === 'getConversationList' && args[0] === 'abort') {
      throw new WebAssembly.RuntimeError('unreachable');
    }
    return name === 'on' || name === 'off' ? undefined : Promise.resolve({ code: 0, data: { from: 'module' } });
  }
}
class StandInCloud {
  call() {
    return Promise.resolve('from module');
  }
}
let panicked;

/** A fresh copy of the entry (a module of its own per query), loaded over the stand-in glue. */
async function entry(copy) {
  const api = await import(`../../js/api.js?${copy}`);
  api.loaded(null, { Sdk: StandInSdk, LocalCloud: StandInCloud, setShapes: (...fns) => { panicked = fns[5]; } }, null);
  return { T: api.default, LocalCloud: api.LocalCloud };
}

for (const how of ['trap', 'abort']) test(`after a ${how === 'trap' ? 'panic' : 'trap without a panic'} every call answers 2980, ERROR fires once on each live instance, the module is not called again`, async () => {
  const { T, LocalCloud } = await entry(how);
  const errors = [];
  const origError = console.error;
  console.error = (...a) => errors.push(a.join(' '));
  try {
    const a = T.create({ SDKAppID: 1400001801 });
    const b = T.create({ SDKAppID: 1400001802 });
    const gone = T.create({ SDKAppID: 1400001803 });
    await gone.destroy();
    const cloud = new LocalCloud(1400001801);
    const heard = [];
    a.on(T.EVENT.ERROR, (e) => heard.push(['a', e.data.code]));
    b.on(T.EVENT.ERROR, (e) => heard.push(['b', e.data.code]));
    assert.deepEqual(await a.getConversationList(), { code: 0, data: { from: 'module' } });
    assert.equal(await cloud.getConversationGroups({ userID: 'x' }), 'from module');

    // The call that meets the trap is answered too, with the code.
    await assert.rejects(a.getConversationList(how), (e) => e.code === 2980 && /panicked/.test(e.message));
    await assert.rejects(b.sendMessage({}), (e) => e.code === 2980);
    await assert.rejects(a.login({ userID: 'alice', userSig: 's' }), (e) => e.code === 2980);
    await assert.rejects(cloud.sendMessage({ from: 'a', to: 'b', text: 'x' }), (e) => e.code === 2980);
    assert.equal(a.isReady(), false);
    assert.equal(a.getLoginUser(), '');
    // A new instance after the panic is an unavailable one.
    const late = T.create({ SDKAppID: 1400001804 });
    await assert.rejects(late.getConversationList(), (e) => e.code === 2980);

    await new Promise((res) => setTimeout(res, 10));
    assert.deepEqual(heard.sort(), [['a', 2980], ['b', 2980]]);
    assert.equal(errors.filter((t) => /panicked/.test(t)).length, 1, errors.join('\n'));
    // The hook again (a second panic): nothing more is told.
    panicked();
    await new Promise((res) => setTimeout(res, 10));
    assert.equal(heard.length, 2);
  } finally {
    console.error = origError;
  }
});
