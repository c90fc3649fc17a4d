// Jest runs each test file in its own vm realm, so its Float32Array is not Node's. onnxruntime-node's native
// binding returns Node-realm typed arrays, and onnxruntime-common then rejects them with `instanceof` checks
// ("A float32 tensor's data must be type of function Float32Array()"). Sharing the outer realm's constructors
// makes those checks pass. Opt in per file with a docblock at the very top:
//   /** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
const NodeEnvironment = require('jest-environment-node').TestEnvironment

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array'
]

class SharedTypedArraysEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of SHARED) this.global[name] = globalThis[name]
  }
}

module.exports = SharedTypedArraysEnvironment
