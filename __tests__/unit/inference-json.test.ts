/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
import { describe, it, expect, beforeAll } from '@jest/globals'
import { loadOnnxModel } from '../../src/emulator/onnx.js'
import { runInference, shortestFloat32, InferenceInputError, type InferOptions, type StepModel } from '../../src/emulator/inference.js'
import { buildDemoModel, buildPostprocessModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'
import { Field, FixedSizeList, Float32, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow'

const PANDAS = 'application/json; format=pandas-records'
const UUID = '800fa3cd-607f-4550-90ec-227d262f8a45'
const opts: InferOptions = { profile: '2025.2', pipelineVersion: UUID, partition: 'engine-5d965d96f4-wxk8l', now: () => 1722279178343 }

let demo: StepModel
let scaler: StepModel
let renamedScaler: StepModel

beforeAll(async () => {
  demo = { name: 'demo-model', sha: 'a'.repeat(64), model: await loadOnnxModel(buildDemoModel()) }
  scaler = { name: 'scaler', sha: 'b'.repeat(64), model: await loadOnnxModel(buildPostprocessModel()) }
  renamedScaler = { name: 'renamed', sha: 'c'.repeat(64), model: await loadOnnxModel(buildPostprocessModel({ inputName: 'probability', factor: 2 })) }
})

async function infer(body: string, o: Partial<InferOptions> = {}, steps?: StepModel[], contentType: string | undefined = PANDAS) {
  const res = await runInference({ contentType, accept: undefined, body: Buffer.from(body) }, steps ?? [demo], { ...opts, ...o })
  return { contentType: res.contentType, records: JSON.parse(res.body.toString('utf8')) as Array<Record<string, any>> }
}

async function failure(body: string, contentType: string | undefined, steps?: StepModel[]) {
  return (await runInference({ contentType, accept: undefined, body: Buffer.from(body) }, steps ?? [demo], opts).catch(
    (e: unknown) => e
  )) as InferenceInputError
}

describe('runInference with pandas-records JSON', () => {
  it('answers one nested record per row (profile 2025.2) with the same time for the batch', async () => {
    const rows = demoRows(3)
    const { contentType, records } = await infer(toPandasRecordsJson(rows))
    expect(contentType).toBe('application/json')
    expect(records).toHaveLength(3)
    records.forEach((rec, i) => {
      expect(Object.keys(rec)).toEqual(['time', 'in', 'out', 'anomaly', 'metadata'])
      expect(rec.time).toBe(1722279178343)
      expect(rec.in).toEqual({ tensor: rows[i] })
      expect(rec.out.dense_1).toHaveLength(1)
      expect(Math.abs(rec.out.dense_1[0] - demoScore(rows[i]))).toBeLessThan(1e-6)
      expect(rec.anomaly).toEqual({ count: 0 })
    })
    const meta = records[0].metadata
    expect(JSON.parse(meta.last_model)).toEqual({ model_name: 'demo-model', model_sha: 'a'.repeat(64) })
    expect(meta.pipeline_version).toBe(UUID)
    expect(meta.dropped).toEqual([])
    expect(meta.partition).toBe('engine-5d965d96f4-wxk8l')
    expect(meta.elapsed).toHaveLength(2)
    for (const ns of meta.elapsed) expect(Number.isInteger(ns) && ns > 0).toBe(true)
  })

  it('renders outputs as float32 shortest decimals, as the engine prints them', async () => {
    const { records } = await infer(toPandasRecordsJson(demoRows(20)))
    for (const rec of records) {
      const v = rec.out.dense_1[0] as number
      // A raw float32 widened to a double prints ~17 digits (0.0014974177069962025); the engine prints 0.0014974177.
      expect(v).toBe(shortestFloat32(v))
      expect(v).not.toBe(Math.fround(v))
    }
  })

  it('answers check_failures: [] and an empty pipeline_version under profile 2023.4', async () => {
    const { records } = await infer(toPandasRecordsJson(demoRows(1)), { profile: '2023.4' })
    expect(Object.keys(records[0])).toEqual(['time', 'in', 'out', 'check_failures', 'metadata'])
    expect(records[0].check_failures).toEqual([])
    expect(records[0].metadata.pipeline_version).toBe('')
  })

  it('accepts plain application/json with a records array', async () => {
    const { records } = await infer(toPandasRecordsJson(demoRows(1)), {}, undefined, 'application/json')
    expect(records[0].out.dense_1).toHaveLength(1)
  })

  it('matches a column to the input by name even when other columns are sent, and echoes every column', async () => {
    const row = demoRows(1)[0]
    const { records } = await infer(JSON.stringify([{ id: 'tx-1', dense_input: row }]))
    expect(records[0].in).toEqual({ id: 'tx-1', dense_input: row })
    expect(Math.abs(records[0].out.dense_1[0] - demoScore(row))).toBeLessThan(1e-6)
  })

  it('takes a bare number as a one-value row', async () => {
    const { records } = await infer(JSON.stringify([{ p: 0.25 }]), {}, [renamedScaler])
    expect(records[0].out.score).toEqual([0.5])
  })
})

describe('dataset query parameters', () => {
  const body = toPandasRecordsJson(demoRows(2))

  it('dataset[] selects top-level keys and keeps the record order', async () => {
    const { records } = await infer(body, { dataset: ['out', 'time'] })
    expect(Object.keys(records[0])).toEqual(['time', 'out'])
  })

  it('dataset[] also selects one member of a group, e.g. metadata.elapsed', async () => {
    const { records } = await infer(body, { dataset: ['out.dense_1', 'metadata.elapsed'] })
    expect(Object.keys(records[0])).toEqual(['out', 'metadata'])
    expect(Object.keys(records[0].metadata)).toEqual(['elapsed'])
  })

  it('dataset.exclude[] removes keys (what the SDK sends: metadata) and ignores names not in the reply', async () => {
    const { records } = await infer(body, { dataset: ['*'], exclude: ['metadata', 'check_failures', 'in.tensor'] })
    expect(Object.keys(records[0])).toEqual(['time', 'out', 'anomaly'])
  })

  it('dataset.separator flattens groups into in.tensor, out.dense_1, anomaly.count, metadata.* keys', async () => {
    const { records } = await infer(body, { separator: '.' })
    expect(Object.keys(records[0])).toEqual([
      'time',
      'in.tensor',
      'out.dense_1',
      'anomaly.count',
      'metadata.last_model',
      'metadata.pipeline_version',
      'metadata.elapsed',
      'metadata.dropped',
      'metadata.partition'
    ])
    expect(records[0]['anomaly.count']).toBe(0)
  })

  it('dataset.separator keeps check_failures as is under 2023.4 and uses the given separator', async () => {
    const { records } = await infer(body, { separator: '/', profile: '2023.4', exclude: ['metadata'] })
    expect(Object.keys(records[0])).toEqual(['time', 'in/tensor', 'out/dense_1', 'check_failures'])
  })

  it('refuses a dataset[] value that is not a field, listing the valid ones', async () => {
    await expect(infer(body, { dataset: ['outputs'] })).rejects.toThrow(
      'dataset[] value "outputs" is not a field of the reply; use *, time, in, out, anomaly, metadata or <group>.<name> such as out.<output>'
    )
    await expect(infer(body, { dataset: ['out.score'] })).rejects.toThrow('dataset[] value "out.score" is not a field of the reply; out has out.dense_1')
    await expect(infer(body, { dataset: ['anomaly'], profile: '2023.4' })).rejects.toThrow('dataset[] value "anomaly" is not a field')
  })
})

describe('the JSON reply text', () => {
  /** The reply text, and that text parsed and written again by JSON.stringify: they must be the same bytes. */
  async function roundTrip(body: string, o: Partial<InferOptions> = {}) {
    const res = await runInference({ contentType: PANDAS, accept: undefined, body: Buffer.from(body) }, [demo], { ...opts, ...o })
    const text = res.body.toString('utf8')
    return { text, again: JSON.stringify(JSON.parse(text)) }
  }

  it('is what JSON.stringify writes for the records: key order (integer-like names first), numbers, escapes', async () => {
    const rows = demoRows(3).map((row, i) => ({
      dense_input: row,
      '10': i,
      '2': `row "${i}"\n`,
      note: i === 1 ? null : { nested: [1.5, -0, 1e21] },
      ['__proto__']: 'a column like any other'
    }))
    for (const o of [{}, { separator: '.' }, { separator: '/', profile: '2023.4' as const }, { dataset: ['out', 'metadata.elapsed', 'in'] }]) {
      const { text, again } = await roundTrip(JSON.stringify(rows), o)
      expect(text).toBe(again)
    }
    const { text } = await roundTrip(JSON.stringify(rows))
    expect(text).toContain('"in":{"2":"row \\"0\\"\\n","10":0,"dense_input":[')
    expect(text).toContain('"__proto__":"a column like any other"}')
  })

  it('answers each request in its own shape when one model serves requests of different shapes in turn', async () => {
    // The reply layout is remembered per model: a request of another shape must never get the last one's keys.
    const rows = demoRows(1)
    const plain = toPandasRecordsJson(rows)
    const renamed = JSON.stringify([{ features: rows[0] }])
    const steady = (text: string) => text.replace(/"elapsed":\[\d+,\d+\]/, '"elapsed":[0,0]')
    const first = await roundTrip(plain)
    const shapes = [
      { body: renamed, o: {}, has: '"in":{"features":[', lacks: '"tensor"' },
      { body: plain, o: { partition: 'engine-other' }, has: '"partition":"engine-other"', lacks: 'wxk8l' },
      { body: plain, o: { pipelineVersion: 'another-version' }, has: '"pipeline_version":"another-version"', lacks: UUID },
      { body: plain, o: { profile: '2023.4' as const }, has: '"check_failures":[]', lacks: '"anomaly"' },
      { body: plain, o: { dataset: ['out'] }, has: '[{"out":{"dense_1":[', lacks: '"time"' },
      { body: plain, o: { exclude: ['metadata'] }, has: '"anomaly":{"count":0}}]', lacks: '"metadata"' },
      { body: plain, o: { separator: '.' }, has: '"out.dense_1":[', lacks: '"out":{' },
      { body: plain, o: { now: () => 42 }, has: '[{"time":42,', lacks: '1722279178343' }
    ]
    for (const { body, o, has, lacks } of shapes) {
      const { text, again } = await roundTrip(body, o)
      expect(text).toBe(again)
      expect(text).toContain(has)
      expect(text).not.toContain(lacks)
    }
    expect(steady((await roundTrip(plain)).text)).toBe(steady(first.text))
  })

  it('puts integer-like column names first in `in` even when the request has them last (an Arrow file), as a record object does', async () => {
    const rows = demoRows(2)
    const table = new Table({
      dense_input: vectorFromArray(rows, new FixedSizeList(29, new Field('item', new Float32(), true))),
      '10': vectorFromArray([1, 2], new Int32()),
      '2': vectorFromArray(['a', null], new Utf8())
    })
    const res = await runInference(
      { contentType: 'application/vnd.apache.arrow.file', accept: 'application/json', body: Buffer.from(tableToIPC(table, 'file')) },
      [demo],
      opts
    )
    const text = res.body.toString('utf8')
    expect(text).toBe(JSON.stringify(JSON.parse(text)))
    expect(text).toContain('"in":{"2":"a","10":1,"dense_input":[')
  })
})

describe('chained pipeline steps', () => {
  it('feeds step 1 outputs to step 2 by name and reports the last step in metadata.last_model', async () => {
    const row = demoRows(1)[0]
    const { records } = await infer(toPandasRecordsJson([row]), {}, [demo, scaler])
    expect(Object.keys(records[0].out)).toEqual(['score'])
    expect(Math.abs(records[0].out.score[0] - demoScore(row) * 100)).toBeLessThan(1e-4)
    expect(JSON.parse(records[0].metadata.last_model).model_name).toBe('scaler')
  })

  it('feeds a single output to a single input whatever their names', async () => {
    const row = demoRows(1)[0]
    const { records } = await infer(toPandasRecordsJson([row]), {}, [demo, renamedScaler])
    expect(Math.abs(records[0].out.score[0] - demoScore(row) * 2)).toBeLessThan(1e-6)
  })

  it('refuses with a 400 naming both steps when outputs do not match the next inputs by name', async () => {
    const twoInputs: StepModel = {
      name: 'adder',
      sha: 'd'.repeat(64),
      model: await loadOnnxModel(
        encodeModel({
          graphName: 'adder',
          inputs: [
            { name: 'a', elemType: OnnxDataType.FLOAT, dims: ['n', 1] },
            { name: 'b', elemType: OnnxDataType.FLOAT, dims: ['n', 1] }
          ],
          outputs: [{ name: 'sum', elemType: OnnxDataType.FLOAT, dims: ['n', 1] }],
          initializers: [],
          nodes: [{ opType: 'Add', inputs: ['a', 'b'], outputs: ['sum'] }]
        })
      )
    }
    const err = await failure(toPandasRecordsJson(demoRows(1)), PANDAS, [demo, twoInputs])
    expect(err).toBeInstanceOf(InferenceInputError)
    expect(err.status).toBe(400)
    expect(err.message).toBe('pipeline step 2 (model "adder"): needs input "a" but step 1 (model "demo-model") outputs "dense_1"')
  })

  it('refuses with a 400 before running a step whose input shape the previous output does not fit (not a 500)', async () => {
    // demo-model takes [N,29]; fed its own [N,1] output it would fail inside onnxruntime with "invalid dimensions".
    const err = await failure(toPandasRecordsJson(demoRows(2)), PANDAS, [demo, { ...demo, name: 'second' }])
    expect(err).toBeInstanceOf(InferenceInputError)
    expect(err.status).toBe(400)
    expect(err.message).toBe('pipeline step 2 (model "second"): input "dense_input" expects [N,29] but step 1 output "dense_1" is [N,1]')
  })

  it('refuses a fixed batch size or element type the previous output does not have', async () => {
    const model = (elemType: number, dims: Array<number | string>) =>
      encodeModel({
        graphName: 'ident',
        inputs: [{ name: 'x', elemType, dims }],
        outputs: [{ name: 'y', elemType, dims }],
        initializers: [],
        nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }]
      })
    const fixedBatch: StepModel = { name: 'one-row', sha: 'e'.repeat(64), model: await loadOnnxModel(model(OnnxDataType.FLOAT, [1, 1])) }
    const batchErr = await failure(toPandasRecordsJson(demoRows(3)), PANDAS, [demo, fixedBatch])
    expect([batchErr.status, batchErr.message]).toEqual([
      400,
      'pipeline step 2 (model "one-row"): input "x" expects [1,1] but step 1 output "dense_1" is [3,1]'
    ])
    const doubles: StepModel = { name: 'doubles', sha: 'f'.repeat(64), model: await loadOnnxModel(model(OnnxDataType.DOUBLE, ['n', 1])) }
    const typeErr = await failure(toPandasRecordsJson(demoRows(1)), PANDAS, [demo, doubles])
    expect([typeErr.status, typeErr.message]).toEqual([
      400,
      'pipeline step 2 (model "doubles"): input "x" expects float64 values but step 1 output "dense_1" is float32'
    ])
    // A symbolic non-batch dim takes any size.
    const anyWidth: StepModel = { name: 'any-width', sha: '0'.repeat(64), model: await loadOnnxModel(model(OnnxDataType.FLOAT, ['n', 'width'])) }
    const { records } = await infer(toPandasRecordsJson(demoRows(2)), {}, [demo, anyWidth])
    expect(records[1].out.y).toHaveLength(1)
  })
})

describe('request errors', () => {
  const row = demoRows(1)[0]
  const cases: Array<[string, string, string | undefined, number, string]> = [
    [
      'a short row',
      JSON.stringify([{ tensor: row.slice(1) }]),
      PANDAS,
      400,
      'tensor "dense_input" (column "tensor") expects 29 values per row but row 0 has 28'
    ],
    [
      'a short row under the input name',
      JSON.stringify([{ dense_input: row }, { dense_input: row.slice(2) }]),
      PANDAS,
      400,
      'tensor "dense_input" expects 29 values per row but row 1 has 27'
    ],
    ['a null value', JSON.stringify([{ tensor: [null, ...row.slice(1)] }]), PANDAS, 400, 'tensor values may not be null'],
    ['a null row', JSON.stringify([{ tensor: null }]), PANDAS, 400, 'tensor values may not be null'],
    [
      'a string value',
      JSON.stringify([{ tensor: ['1.5', ...row.slice(1)] }]),
      PANDAS,
      400,
      'tensor "dense_input" (column "tensor") row 0 has a string value ("1.5"); tensor values must be numbers'
    ],
    [
      'a nested row',
      JSON.stringify([{ tensor: [row.slice(0, 14), row.slice(14, 28)] }]),
      PANDAS,
      400,
      'tensor "dense_input" (column "tensor") expects rows of shape [29] but row 0 has shape [2,14]'
    ],
    ['malformed JSON', '[{"tensor": [1, 2', PANDAS, 400, 'body is not valid JSON ('],
    ['a JSON object', JSON.stringify({ tensor: row }), PANDAS, 400, 'expected a JSON array of records (DataFrame.to_json(orient="records")), got an object'],
    ['no rows', '[]', PANDAS, 400, 'the request has no rows; send at least one record'],
    ['a record that is not an object', '[[1,2,3]]', PANDAS, 400, 'record 0 is not an object; pandas-records rows look like {"tensor":[...]}'],
    [
      'two columns, none named after the input',
      JSON.stringify([{ a: row, b: row }]),
      PANDAS,
      400,
      'model "demo-model" needs input "dense_input" but the request has no such column (columns: "a", "b"); name the column after the input (a single-input model also takes a lone column of any name)'
    ],
    ['no Content-Type', '[]', undefined, 415, 'missing Content-Type; send "application/json; format=pandas-records" or "application/vnd.apache.arrow.file"'],
    [
      'an unknown Content-Type',
      '[]',
      'text/csv',
      415,
      'unsupported Content-Type "text/csv"; send "application/json; format=pandas-records" or "application/vnd.apache.arrow.file"'
    ],
    [
      'the custom-json format',
      '{}',
      'application/json; format=wallaroo',
      415,
      'Content-Type format=wallaroo is not supported by the emulator; send "application/json; format=pandas-records" or "application/vnd.apache.arrow.file"'
    ]
  ]
  it.each(cases)('refuses %s', async (_what, body, contentType, status, message) => {
    const err = await failure(body, contentType)
    expect(err).toBeInstanceOf(InferenceInputError)
    expect(err.status).toBe(status)
    expect(err.message.startsWith(message)).toBe(true)
  })

  it('refuses a pipeline without steps', async () => {
    await expect(runInference({ contentType: PANDAS, accept: undefined, body: Buffer.from('[]') }, [], opts)).rejects.toThrow(
      'the pipeline has no model steps to run'
    )
  })
})
