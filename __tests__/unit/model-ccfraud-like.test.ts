/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
import { createHash } from 'node:crypto'
import { describe, it, expect } from '@jest/globals'
import { loadOnnxModel } from '../../src/emulator/onnx.js'
import {
  buildDemoModel,
  buildPostprocessModel,
  demoRows,
  demoScore,
  DEMO_FEATURES,
  DEMO_INPUT,
  DEMO_OUTPUT,
  POSTPROCESS_OUTPUT
} from '../../src/model/ccfraud-like.js'
import { decodeModel } from '../../src/model/onnx-proto.js'

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('buildDemoModel', () => {
  it('writes the same bytes on every build', () => {
    expect(sha256(buildDemoModel())).toBe(sha256(buildDemoModel()))
  })

  it('is an ONNX ModelProto with ir_version 8, opset 13 and our producer name', () => {
    const model = decodeModel(buildDemoModel()) as {
      irVersion: number
      producerName: string
      opsetImport: Array<{ version: number }>
      graph: { node: Array<{ opType: string }> }
    }
    expect(model.irVersion).toBe(8)
    expect(model.producerName).toBe('wallaroo-action')
    expect(model.opsetImport[0].version).toBe(13)
    expect(model.graph.node.map((n) => n.opType)).toEqual(['Gemm', 'Sigmoid'])
  })

  it('loads in onnxruntime with the ccfraud interface (dense_input [batch,29] → dense_1 [batch,1])', async () => {
    const model = await loadOnnxModel(buildDemoModel())
    expect(model.inputs).toEqual([{ name: DEMO_INPUT, type: 'float32', dims: ['batch', DEMO_FEATURES] }])
    expect(model.outputs).toEqual([{ name: DEMO_OUTPUT, type: 'float32', dims: ['batch', 1] }])
  })

  it('answers what demoScore computes, to 1e-6, for 100 rows, with scores spread over (0,1)', async () => {
    const model = await loadOnnxModel(buildDemoModel())
    const rows = demoRows(100)
    const out = await model.run({ [DEMO_INPUT]: { data: Float32Array.from(rows.flat()), dims: [100, DEMO_FEATURES] } })
    const scores = Array.from(out[DEMO_OUTPUT].data as Float32Array)
    expect(out[DEMO_OUTPUT].dims).toEqual([100, 1])
    scores.forEach((s, i) => expect(Math.abs(s - demoScore(rows[i]))).toBeLessThan(1e-6))
    expect(scores.filter((s) => s < 0.2).length).toBeGreaterThan(5)
    expect(scores.filter((s) => s > 0.8).length).toBeGreaterThan(5)
  })
})

describe('buildPostprocessModel', () => {
  it('multiplies its single input by the factor into `score`', async () => {
    const model = await loadOnnxModel(buildPostprocessModel({ inputName: 'p', factor: 10 }))
    expect(model.inputs.map((i) => i.name)).toEqual(['p'])
    const out = await model.run({ p: { data: Float32Array.from([0.5, 0.25]), dims: [2, 1] } })
    expect(Array.from(out[POSTPROCESS_OUTPUT].data as Float32Array)).toEqual([5, 2.5])
  })
})

describe('demoRows / demoScore', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    expect(demoRows(3, 7)).toEqual(demoRows(3, 7))
    expect(demoRows(3, 7)).not.toEqual(demoRows(3, 8))
  })

  it('gives rows of 29 values within [-3, 3]', () => {
    const rows = demoRows(50)
    expect(rows).toHaveLength(50)
    for (const row of rows) {
      expect(row).toHaveLength(DEMO_FEATURES)
      for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(3)
    }
  })

  it('refuses a row of the wrong width', () => {
    expect(() => demoScore([1, 2, 3])).toThrow('demoScore expects 29 features, got 3')
  })
})
