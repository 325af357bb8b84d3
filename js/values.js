// Reads of a caller's value that never throw (a Proxy's trap may; a revoked Proxy's do).
export function keysOf(v) {
  try {
    return Object.keys(v);
  } catch {
    return [];
  }
}

// A caller's array, for src/wasm/convert.rs: undefined when `v` is not one; when every item is a
// string (a conversationIDList of 1000, say), one JSON text, so it crosses at once instead of item
// by item; else its items as a plain array (holes and unreadable items undefined).
export function itemsOf(v) {
  try {
    if (!Array.isArray(v)) return undefined;
    const out = [];
    let strings = true;
    for (let i = 0; i < v.length; i++) {
      let item;
      try {
        item = v[i];
      } catch {
        item = undefined;
      }
      strings &&= typeof item === 'string';
      out.push(item);
    }
    return strings ? JSON.stringify(out) : out;
  } catch {
    return undefined;
  }
}

// Object.assign(target, from); a frozen or hostile target keeps what it has.
export function assignTo(target, from) {
  try {
    Object.assign(target, from);
  } catch {}
}

// `Object.prototype.toString.call(v)`, lower-cased, without the brackets ("map", "error"), or
// "unknown" when reading it throws.
export function tagOf(v) {
  try {
    return Object.prototype.toString.call(v).slice(8, -1).toLowerCase();
  } catch {
    return 'unknown';
  }
}
