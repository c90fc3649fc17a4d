/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
/**
 * Inputs that used to answer 500 (or hang) answer 400 with the engine's kind of message: damaged Arrow files,
 * columns whose lengths their buffers do not back, values apache-arrow cannot turn into numbers, and JSON
 * tensors nested deeper than any model takes.
 */
import { describe, it, expect, beforeAll } from '@jest/globals'
import * as A from 'apache-arrow'
import { loadOnnxModel } from '../../src/emulator/onnx.js'
import { runInference, InferenceInputError, type InferOptions, type StepModel } from '../../src/emulator/inference.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'

const ARROW = 'application/vnd.apache.arrow.file'
const opts: InferOptions = { profile: '2025.2', pipelineVersion: 'pv', partition: 'engine-1', now: () => 0 }
let demo: StepModel
beforeAll(async () => {
  demo = { name: 'demo-model', sha: 'a'.repeat(64), model: await loadOnnxModel(buildDemoModel()) }
})

async function refusal(body: Uint8Array | string, contentType: string, accept?: string): Promise<InferenceInputError> {
  try {
    await runInference({ contentType, accept, body: Buffer.from(body) }, [demo], opts)
  } catch (err) {
    if (err instanceof InferenceInputError) return err
    throw err
  }
  throw new Error('the request was answered')
}

/** A one-batch Arrow file from raw Data (the writer does not check lengths). */
function arrowOf(columns: Record<string, A.Data>, rows: number): Uint8Array {
  const schema = new A.Schema(Object.entries(columns).map(([name, data]) => new A.Field(name, data.type, true)))
  return A.tableToIPC(
    new A.Table(schema, [new A.RecordBatch(schema, A.makeData({ type: new A.Struct(schema.fields), length: rows, children: Object.values(columns) }))]),
    'file'
  )
}

describe('hostile inference input answers 400', () => {
  it('a FixedSizeList column with fewer values than rows × width (onnxruntime said "Tensor\'s size(58) does not match data len")', async () => {
    const type = new A.FixedSizeList(29, new A.Field('item', new A.Float32(), true))
    const child = A.makeData({ type: new A.Float32(), length: 29, data: Float32Array.from(demoRows(1)[0]) })
    const err = await refusal(arrowOf({ tensor: A.makeData({ type, length: 2, child }) }, 2), ARROW)
    expect([err.status, err.message]).toEqual([
      400,
      'body is not a valid Arrow IPC file (record batch 0 column "tensor" has 2 rows of 29 values but its child "item" holds 29)'
    ])
  })

  it('a column claiming billions of rows its buffers do not hold (apache-arrow then refused to write the reply: "Cannot write arrays larger than 2^31 - 1")', async () => {
    const err = await refusal(arrowOf({ tensor: A.makeData({ type: new A.Null(), length: 2 ** 31 - 1 }) }, 2 ** 31 - 1), ARROW)
    expect([err.status, err.message]).toEqual([
      400,
      'body is not a valid Arrow IPC file (record batch 0 claims 2147483647 rows; at most 16777216 are accepted)'
    ])
  })

  it('a value apache-arrow cannot make a JS number of, named by column and row', async () => {
    const tensor = A.vectorFromArray(demoRows(1), new A.FixedSizeList(29, new A.Field('item', new A.Float32(), true)))
    const when = A.makeData({ type: new A.TimestampMillisecond(), length: 1, data: BigInt64Array.from([2n ** 62n]) })
    const err = await refusal(arrowOf({ dense_input: tensor.data[0], when }, 1), ARROW, 'application/json')
    expect([err.status, err.message]).toEqual([400, expect.stringMatching(/^column "when" row 0 cannot be read \(.+\)$/)])
  })

  it('a JSON tensor nested 10,000 levels', async () => {
    const body = `[{"tensor":${'['.repeat(10_000)}1${']'.repeat(10_000)}}]`
    const err = await refusal(body, 'application/json; format=pandas-records')
    expect([err.status, err.message]).toEqual([400, 'the request nests arrays or objects more than 64 levels deep; tensors need one level per dimension'])
  })

  it('a damaged file, in the engine format the route renders', async () => {
    const file = Uint8Array.from(A.tableToIPC(new A.Table({ x: A.vectorFromArray([1, 2]) }), 'file'))
    file[file.length - 12] ^= 0xff
    const err = await refusal(file, ARROW)
    expect([err.status, err.source, err.message]).toEqual([400, 'engine', expect.stringMatching(/^body is not a valid Arrow IPC file \(.+\)$/)])
  })
})
