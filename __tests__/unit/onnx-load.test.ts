/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
import { describe, it, expect } from '@jest/globals'
import { loadOnnxModel, ModelLoadError } from '../../src/emulator/onnx.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'

/** An Identity model over one tensor of the given element type. */
function identityModel(elemType: number): Uint8Array {
  return encodeModel({
    graphName: 'identity',
    inputs: [{ name: 'x', elemType, dims: ['n', 2] }],
    outputs: [{ name: 'y', elemType, dims: ['n', 2] }],
    initializers: [],
    nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }]
  })
}

describe('loadOnnxModel', () => {
  it('refuses bytes that are not ONNX with a ModelLoadError fit for error_summary', async () => {
    const err = await loadOnnxModel(Buffer.from('PK\u0003\u0004 this is a zip, not onnx')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ModelLoadError)
    expect((err as Error).message).toMatch(/^not a loadable ONNX model \(onnxruntime: .+\)\. Upload a valid \.onnx file with framework "onnx"\.$/)
  })

  it('refuses an empty file', async () => {
    await expect(loadOnnxModel(new Uint8Array(0))).rejects.toThrow('the model file is empty; upload the .onnx file itself')
  })

  it('refuses a truncated model', async () => {
    const bytes = buildDemoModel()
    await expect(loadOnnxModel(bytes.subarray(0, bytes.length - 40))).rejects.toBeInstanceOf(ModelLoadError)
  })

  it('converts plain number feeds to float64 and returns float64 data', async () => {
    const model = await loadOnnxModel(identityModel(OnnxDataType.DOUBLE))
    expect(model.inputs[0]).toEqual({ name: 'x', type: 'float64', dims: ['n', 2] })
    const out = await model.run({ x: { data: [0.1, 0.2, 0.3, 0.4], dims: [2, 2] } })
    expect(out.y.type).toBe('float64')
    expect(Array.from(out.y.data as Float64Array)).toEqual([0.1, 0.2, 0.3, 0.4])
  })

  it('feeds int64 inputs from numbers and returns BigInt64Array data', async () => {
    const model = await loadOnnxModel(identityModel(OnnxDataType.INT64))
    const out = await model.run({ x: { data: [1, 2, 3, 4], dims: [2, 2] } })
    expect(out.y.type).toBe('int64')
    expect(Array.from(out.y.data as BigInt64Array)).toEqual([1n, 2n, 3n, 4n])
  })

  it('says which input is missing a feed', async () => {
    const model = await loadOnnxModel(identityModel(OnnxDataType.FLOAT))
    await expect(model.run({})).rejects.toThrow('no feed for model input "x"')
  })
})
