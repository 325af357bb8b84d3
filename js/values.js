// Call arguments into wasm (src/wasm/convert.rs): an array of strings (a conversationIDList of
// 1000, say) crosses as one JSON text instead of several calls per item. Anything else — or an
// array whose reading throws — is left to the item-by-item conversion.
export function stringsText(v) {
  try {
    if (!Array.isArray(v)) return undefined;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return undefined;
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

// Reads of a caller's value that never throw (a Proxy's trap may; a revoked Proxy's do).
export function keysOf(v) {
  try {
    return Object.keys(v);
  } catch {
    return [];
  }
}

// An array's items as a plain array (holes and unreadable items undefined), else undefined.
export function itemsOf(v) {
  try {
    if (!Array.isArray(v)) return undefined;
    const out = [];
    for (let i = 0; i < v.length; i++) {
      try {
        out.push(v[i]);
      } catch {
        out.push(undefined);
      }
    }
    return out;
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
