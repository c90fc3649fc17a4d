/**
 * Reading an ONNX model's signature from its bytes (inputs, outputs, element types, shapes) before anything is
 * uploaded, and refusing what is not a loadable ONNX model: text, a Git LFS pointer, random bytes, cut-off files.
 * Hostile bytes (seeded mutations) only ever end in a NotOnnxError or a signature; a multi-GB model is read by
 * skipping its weights.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NotOnnxError, readOnnxSignature } from '../../src/action/inputs/onnx-signature.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'
import { writeLargeOnnx } from '../helpers/large-onnx.js'
import { sharedFixture } from '../helpers/arrow-mutations.js'
import { mulberry32 } from '../../src/random.js'

const haveFixtures = sharedFixture('ccfraud.onnx') !== undefined

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onnx-sig-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The NotOnnxError message for `bytes`, or a failure when they are read as a model. */
function refusal(bytes: Uint8Array): string {
  try {
    readOnnxSignature({ bytes })
  } catch (e) {
    expect(e).toBeInstanceOf(NotOnnxError)
    return (e as Error).message
  }
  throw new Error('expected the bytes to be refused')
}

describe('readOnnxSignature: models', () => {
  it('reads the demo model: one float input [batch, 29], one output', () => {
    expect(readOnnxSignature({ bytes: buildDemoModel() })).toEqual({
      irVersion: 8,
      opsets: [{ domain: '', version: 13 }],
      inputs: [{ name: 'dense_input', type: 'float', tensor: true, dims: ['batch', 29] }],
      outputs: [{ name: 'dense_1', type: 'float', tensor: true, dims: ['batch', 1] }]
    })
  })

  it('leaves out graph inputs that are initializers (older exporters list the weights as inputs too)', () => {
    const bytes = encodeModel({
      graphName: 'g',
      inputs: [
        { name: 'x', elemType: OnnxDataType.INT64, dims: ['n', 3] },
        { name: 'w', elemType: OnnxDataType.FLOAT, dims: [3] }
      ],
      outputs: [{ name: 'y', elemType: OnnxDataType.FLOAT, dims: ['n', 3] }],
      initializers: [{ name: 'w', dims: [3], values: [1, 2, 3] }],
      nodes: [{ opType: 'Add', inputs: ['x', 'w'], outputs: ['y'] }]
    })
    expect(readOnnxSignature({ bytes }).inputs).toEqual([{ name: 'x', type: 'int64', tensor: true, dims: ['n', 3] }])
  })

  it.each([
    ['ccfraud.onnx', { name: 'dense_input', type: 'float', tensor: true, dims: ['N', 29] }],
    // skl2onnx leaves the batch dimension unnamed.
    ['xgboost_ccfraud.onnx', { name: 'feature_input', type: 'float', tensor: true, dims: [null, 29] }]
  ])(`reads the tutorials' %s${haveFixtures ? '' : ' (skipped: ../shared/fixtures is absent)'}`, (file, input) => {
    if (!haveFixtures) return
    const signature = readOnnxSignature({ path: sharedFixture(file)! })
    expect(signature.inputs).toEqual([input])
    expect(signature.outputs).toHaveLength(1)
  })

  it('reads a 1 GiB model from disk by skipping its weights', () => {
    const path = join(dir, 'large.onnx')
    const size = writeLargeOnnx(path, 1024 ** 3)
    expect(statSync(path).size).toBe(size)
    expect(readOnnxSignature({ path }).inputs).toEqual([{ name: 'x', type: 'float', tensor: true, dims: ['batch', 4] }])
  })
})

describe('readOnnxSignature: what is not a loadable ONNX model', () => {
  const model = buildDemoModel()

  it.each([
    ['an empty file', new Uint8Array(0), /^it is empty$/],
    ['text', new TextEncoder().encode('print("this is a model")\n'), /^it is text, not a binary ONNX protobuf \(it starts with "print/],
    ['JSON', new TextEncoder().encode('{"model": "ccfraud"}'), /^it is text, not a binary ONNX protobuf/],
    [
      'a Git LFS pointer',
      new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 1928\n'),
      /^it is a Git LFS pointer, not the model: .*lfs: true/
    ],
    ['a file cut in half', model.subarray(0, Math.floor(model.length / 2)), /^it ends too soon \(.+\): the file looks cut short; upload the whole file$/],
    ['a file missing its last byte', model.subarray(0, model.length - 1), /^it ends too soon/],
    ['zeros', new Uint8Array(4096), /^its bytes are not an ONNX protobuf \(the model has a field numbered 0 at byte 0\)$/],
    ['a protobuf without a graph', Uint8Array.from([0x08, 0x08, 0x42, 0x02, 0x10, 0x0d]), /^it has no graph$/],
    ['a protobuf without an ir_version', Uint8Array.from([0x3a, 0x00]), /^it has no ir_version/],
    ['an impossible ir_version', Uint8Array.from([0x08, 0xe8, 0x07, 0x3a, 0x00]), /^its ir_version is 1000, which no ONNX release has$/]
  ])('refuses %s', (_what, bytes, message) => {
    expect(refusal(bytes)).toMatch(message)
  })

  it('refuses random bytes (1000 seeded files)', () => {
    const random = mulberry32(7)
    for (let i = 0; i < 1000; i++) {
      const bytes = Uint8Array.from({ length: 64 + Math.floor(random() * 4096) }, () => Math.floor(random() * 256))
      expect(refusal(bytes)).toMatch(/^(its bytes are not|it ends too soon|it is text|it has no|its ir_version|it imports no|its graph)/)
    }
  })

  it('hostile mutations of a real model end in a signature or a NotOnnxError, never anything else (5000 seeded files)', () => {
    const random = mulberry32(11)
    const outcomes = { read: 0, refused: 0 }
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from(model)
      const flips = 1 + Math.floor(random() * 8)
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
      try {
        const s = readOnnxSignature({ bytes })
        expect(s.outputs.length).toBeGreaterThan(0)
        outcomes.read++
      } catch (e) {
        expect(e).toBeInstanceOf(NotOnnxError)
        outcomes.refused++
      }
    }
    // Both happen: damage inside a weight is invisible to a signature, damage in the structure is refused.
    expect(outcomes.read).toBeGreaterThan(0)
    expect(outcomes.refused).toBeGreaterThan(0)
  })

  it('a length that claims more than the file holds is refused at once, not read', () => {
    // A 20 GB graph field in a 16-byte file.
    const bytes = Uint8Array.from([0x08, 0x08, 0x3a, 0x80, 0x80, 0x80, 0x80, 0x50, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(refusal(bytes)).toMatch(/^it ends too soon \(field 7 of the model needs 21474836480 bytes from byte 8 but the file ends at byte 16\)/)
  })

  it('refuses a large model cut short on disk (its weights end before their length says)', () => {
    const path = join(dir, 'cut.onnx')
    const size = writeLargeOnnx(path, 64 * 1024 ** 2)
    truncateSync(path, size - 1)
    expect(() => readOnnxSignature({ path })).toThrow(/^it ends too soon \(.+\): the file looks cut short/)
  })
})
