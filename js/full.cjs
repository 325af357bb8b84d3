// tim-wasm/full: the package entry for `require('tim-wasm/full')`, over the full build's wasm.
module.exports = require('./cjs.cjs')(require('../pkg-full/tim_wasm_full.js'), 'tim_wasm_full_bg.wasm', require('./constants.js').FULL);
