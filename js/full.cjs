// tim-wasm/full: the package entry for `require('tim-wasm/full')`, over the full build's wasm.
const constants = require('./constants.js');
Object.assign(constants.EVENT, constants.ADDED_EVENTS);
module.exports = require('./cjs.cjs')(require('../pkg-full/tim_wasm_full.js'), 'tim_wasm_full_bg.wasm', constants.FULL, require('./media.js').mediaFor);
