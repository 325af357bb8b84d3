// Loads a wasm-bindgen module (`init`) from the first of `paths` that works (`undefined`: the
// glue's own default, next to it). Returns `null`, or why none loaded.
export async function load(init, paths) {
  let error = null;
  for (const path of paths) {
    try {
      await init(path && { module_or_path: path });
      return null;
    } catch (e) {
      error = e;
    }
  }
  return error;
}
