// tim-wasm: the package entry for `require('tim-wasm')` (Node: Jest, older tooling).
module.exports = require('./cjs.cjs')(require('../pkg/tim_wasm.js'), 'tim_wasm_bg.wasm');
