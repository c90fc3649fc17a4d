/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
import { describe, it, expect, beforeAll } from '@jest/globals'
import { Field, FixedSizeList, Float32, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow'
import { loadOnnxModel, type FeedTensor, type LoadedModel } from '../../src/emulator/onnx.js'
import { runInference, shortestFloat32, InferenceInputError, type InferOptions, type StepModel } from '../../src/emulator/inference.js'
import { buildDemoModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'

const ARROW = 'application/vnd.apache.arrow.file'
const opts: InferOptions = { profile: '2025.2', pipelineVersion: 'pv-uuid', partition: 'engine-1', now: () => 1752682622795 }

let demo: StepModel
beforeAll(async () => {
  demo = { name: 'demo-model', sha: 'a'.repeat(64), model: await loadOnnxModel(buildDemoModel()) }
})

const infer = (body: Uint8Array | string, contentType: string, accept: string | undefined, o: Partial<InferOptions> = {}, steps?: StepModel[]) =>
  runInference({ contentType, accept, body: Buffer.from(body) }, steps ?? [demo], { ...opts, ...o })

const scores = (table: Table, column = 'dense_1') =>
  Array.from({ length: table.numRows }, (_, r) => (table.getChild('out')!.getChild(column)!.get(r)!.toArray() as Float32Array)[0])

describe('Arrow IPC file in', () => {
  it('answers an Arrow IPC file with struct columns time, in, out, anomaly, metadata when Accept asks for Arrow', async () => {
    const rows = demoRows(4)
    const res = await infer(toArrowFile(rows), ARROW, ARROW)
    expect(res.contentType).toBe(ARROW)
    expect(res.body.subarray(0, 6).toString()).toBe('ARROW1')
    const table = tableFromIPC(res.body)
    expect(table.schema.fields.map((f) => f.name)).toEqual(['time', 'in', 'out', 'anomaly', 'metadata'])
    expect(table.schema.toString()).toContain('out: Struct<{dense_1:FixedSizeList[1]<Float32>}>')
    // Every recorded Arrow reply has `time` as a plain int64 of epoch milliseconds, not timestamp[ms].
    expect(table.schema.fields[0].type.toString()).toBe('Int64')
    scores(table).forEach((s, i) => expect(Math.abs(s - demoScore(rows[i]))).toBeLessThan(1e-6))
    const first = table.get(0)!.toJSON()
    expect(first.time).toBe(1752682622795n)
    expect(Array.from(first.in.tensor.toArray())).toEqual(rows[0].map(Math.fround))
    expect(first.anomaly.toJSON()).toEqual({ count: 0 })
    const meta = first.metadata.toJSON()
    expect(JSON.parse(meta.last_model)).toEqual({ model_name: 'demo-model', model_sha: 'a'.repeat(64) })
    expect(meta.pipeline_version).toBe('pv-uuid')
    expect(meta.partition).toBe('engine-1')
    expect(Array.from(meta.elapsed.toArray() as BigInt64Array).every((ns) => ns > 0n)).toBe(true)
    expect(meta.dropped.length).toBe(0)
  })

  it('answers Arrow when there is no Accept header (the reply mirrors the request format)', async () => {
    const res = await infer(toArrowFile(demoRows(2)), ARROW, undefined)
    expect(res.contentType).toBe(ARROW)
    expect(tableFromIPC(res.body).numRows).toBe(2)
  })

  it('answers JSON records when Accept asks for JSON, echoing inputs as float32 shortest decimals', async () => {
    const rows = demoRows(2)
    const res = await infer(toArrowFile(rows), ARROW, 'application/json; format=pandas-records')
    expect(res.contentType).toBe('application/json')
    const records = JSON.parse(res.body.toString())
    expect(records[1].in.tensor).toEqual(rows[1].map(shortestFloat32))
    expect(Math.abs(records[1].out.dense_1[0] - demoScore(rows[1]))).toBeLessThan(1e-6)
  })

  it('hands the Arrow column to the model without copying it', async () => {
    let fed: FeedTensor | undefined
    const spy: LoadedModel = {
      inputs: demo.model.inputs,
      outputs: demo.model.outputs,
      run: async (feeds) => {
        fed = feeds.dense_input
        return demo.model.run(feeds)
      }
    }
    const body = Buffer.from(toArrowFile(demoRows(3)))
    await runInference({ contentType: ARROW, accept: ARROW, body }, [{ ...demo, model: spy }], opts)
    expect(fed!.dims).toEqual([3, 29])
    expect((fed!.data as Float32Array).buffer).toBe(body.buffer)
  })

  it('reads a file of several record batches', async () => {
    const rows = demoRows(5)
    const joined = tableFromIPC(toArrowFile(rows.slice(0, 2))).concat(tableFromIPC(toArrowFile(rows.slice(2))))
    const res = await infer(tableToIPC(joined, 'file'), ARROW, ARROW)
    const table = tableFromIPC(res.body)
    scores(table).forEach((s, i) => expect(Math.abs(s - demoScore(rows[i]))).toBeLessThan(1e-6))
    expect(Array.from(table.getChild('in')!.getChild('tensor')!.get(4)!.toArray())).toEqual(rows[4].map(Math.fround))
  })

  it('flattens to columns named in.tensor, out.dense_1, … when dataset.separator is set', async () => {
    const res = await infer(toArrowFile(demoRows(2)), ARROW, ARROW, { separator: '.', exclude: ['metadata'] })
    expect(tableFromIPC(res.body).schema.fields.map((f) => f.name)).toEqual(['time', 'in.tensor', 'out.dense_1', 'anomaly.count'])
  })

  it('applies dataset[] and writes check_failures as list<utf8> under profile 2023.4', async () => {
    const res = await infer(toArrowFile(demoRows(2)), ARROW, ARROW, { profile: '2023.4', dataset: ['out', 'check_failures', 'metadata.pipeline_version'] })
    const table = tableFromIPC(res.body)
    expect(table.schema.fields.map((f) => f.name)).toEqual(['out', 'check_failures', 'metadata'])
    expect(table.schema.fields[1].type.toString()).toBe('List<Utf8>')
    expect(table.get(0)!.toJSON().metadata.toJSON()).toEqual({ pipeline_version: '' })
  })
})

describe('pandas-records in, Arrow out', () => {
  it('answers Arrow when Accept asks for it, with in.<column> built from the fed tensor', async () => {
    const rows = demoRows(3)
    const res = await infer(toPandasRecordsJson(rows), 'application/json; format=pandas-records', ARROW)
    expect(res.contentType).toBe(ARROW)
    const table = tableFromIPC(res.body)
    expect(table.schema.toString()).toContain('in: Struct<{tensor:FixedSizeList[29]<Float32>}>')
    scores(table).forEach((s, i) => expect(Math.abs(s - demoScore(rows[i]))).toBeLessThan(1e-6))
  })

  it('keeps extra columns the model does not use', async () => {
    const row = demoRows(1)[0]
    const res = await infer(JSON.stringify([{ id: 'tx-1', dense_input: row }]), 'application/json', ARROW)
    const table = tableFromIPC(res.body)
    expect(table.getChild('in')!.getChild('id')!.get(0)).toBe('tx-1')
  })
})

describe('Arrow request errors', () => {
  const row = demoRows(1)[0]
  const listOf = (width: number) => new FixedSizeList(width, new Field('item', new Float32(), true))

  it('refuses an Arrow IPC stream, saying to send a file', async () => {
    const stream = tableToIPC(tableFromIPC(toArrowFile([row])), 'stream')
    await expect(infer(stream, ARROW, ARROW)).rejects.toThrow(
      'body is an Arrow IPC stream, not an Arrow IPC file; write it with pyarrow.ipc.new_file (or tableToIPC(table, "file"))'
    )
  })

  it('refuses bytes that are not Arrow with a 400', async () => {
    const err = (await infer('[{"tensor": [1]}]', ARROW, ARROW).catch((e: unknown) => e)) as InferenceInputError
    expect(err).toBeInstanceOf(InferenceInputError)
    expect(err.status).toBe(400)
    expect(err.message).toMatch(/^body is not a valid Arrow IPC file \(.+\)$/)
  })

  it('refuses null rows and null values with the engine wording', async () => {
    const nullRow = tableToIPC(new Table({ tensor: vectorFromArray([row, null], listOf(29)) }), 'file')
    await expect(infer(nullRow, ARROW, ARROW)).rejects.toThrow('tensor values may not be null')
    const nullValue = tableToIPC(new Table({ tensor: vectorFromArray([[null, ...row.slice(1)]], listOf(29)) }), 'file')
    await expect(infer(nullValue, ARROW, ARROW)).rejects.toThrow('tensor values may not be null')
  })

  it('names the width mismatch for a FixedSizeList of the wrong size', async () => {
    await expect(infer(toArrowFile([row.slice(1)]), ARROW, ARROW)).rejects.toThrow(
      'tensor "dense_input" (column "tensor") expects 29 values per row but row 0 has 28'
    )
  })
})
