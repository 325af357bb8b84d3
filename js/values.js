// Call arguments into wasm (src/wasm/convert.rs): an array of strings (a conversationIDList of
// 1000, say) crosses as one JSON text instead of several calls per item. Anything else — or an
// array whose reading throws — is left to the item-by-item conversion.
export function stringsText(v) {
  try {
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return undefined;
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}
