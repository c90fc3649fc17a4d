/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
// Runs the real tutorial models and data from ../shared/fixtures (read in place, never copied into the project).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect, beforeAll } from '@jest/globals'
import { tableFromIPC } from 'apache-arrow'
import { loadOnnxModel } from '../../src/emulator/onnx.js'
import { InferenceInputError, runInference, shortestFloat32, type InferOptions, type StepModel } from '../../src/emulator/inference.js'

const dir = path.resolve(process.cwd(), '../shared/fixtures')
const d = existsSync(dir) ? describe : describe.skip
const fixture = (name: string) => readFileSync(path.join(dir, name))
const PANDAS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'
const opts: InferOptions = { profile: '2023.4', pipelineVersion: 'ignored', partition: 'engine-797d8958d9-fsszh' }

async function step(file: string, name: string): Promise<StepModel> {
  const bytes = fixture(file)
  return { name, sha: createHash('sha256').update(bytes).digest('hex'), model: await loadOnnxModel(bytes) }
}

d('tutorial models on tutorial data (skipped: ../shared/fixtures absent)', () => {
  let ccfraud: StepModel
  let xgboost: StepModel
  beforeAll(async () => {
    ccfraud = await step('ccfraud.onnx', 'api-sample-model')
    xgboost = await step('xgboost_ccfraud.onnx', 'xgb-model')
  })

  it('ccfraud answers 0.0014974177 on smoke_test.df.json, with the recorded last_model', async () => {
    const res = await runInference({ contentType: PANDAS, accept: undefined, body: fixture('smoke_test.df.json') }, [ccfraud], opts)
    const [record] = JSON.parse(res.body.toString())
    expect(record.out).toEqual({ dense_1: [0.0014974177] })
    expect(record.metadata.last_model).toBe('{"model_name":"api-sample-model","model_sha":"bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507"}')
  })

  it('ccfraud answers 0.99300325 for row 0 of cc_data_1k.df.json and one record per row', async () => {
    const res = await runInference({ contentType: PANDAS, accept: undefined, body: fixture('cc_data_1k.df.json') }, [ccfraud], { ...opts, separator: '.' })
    const records = JSON.parse(res.body.toString())
    expect(records).toHaveLength(1001)
    expect(records[0]['out.dense_1']).toEqual([0.99300325])
  })

  it('ccfraud runs cc_data_10k.arrow (10,254 rows) and returns 10,254 records', async () => {
    const res = await runInference({ contentType: ARROW, accept: ARROW, body: fixture('cc_data_10k.arrow') }, [ccfraud], opts)
    const table = tableFromIPC(res.body)
    expect(table.numRows).toBe(10254)
    const out = table.getChild('out')!.getChild('dense_1')!
    const first = Array.from({ length: 5 }, (_, r) => shortestFloat32((out.get(r)!.toArray() as Float32Array)[0]))
    expect(first).toEqual([0.99300325, 0.99300325, 0.99300325, 0.99300325, 0.0010916889])
  })

  it('reproduces the recorded 2023.4 reply (inference_pandas_records.json nested_2023_12) except time and elapsed', async () => {
    const sample = JSON.parse(readFileSync(path.join(dir, '../wallaroo-api-samples/inference_pandas_records.json'), 'utf8')).nested_2023_12
    const body = Buffer.from(JSON.stringify(sample.request.body))
    const res = await runInference({ contentType: sample.request.headers['Content-Type'], accept: undefined, body }, [ccfraud], opts)
    const normalize = (records: Array<Record<string, any>>) => records.map((r) => ({ ...r, time: 0, metadata: { ...r.metadata, elapsed: [0, 0] } }))
    expect(normalize(JSON.parse(res.body.toString()))).toEqual(normalize(sample.response))
  })

  it('xgboost_ccfraud (feature_input → variable) answers 0.0005066991 on smoke_test.df.json', async () => {
    const res = await runInference({ contentType: PANDAS, accept: undefined, body: fixture('smoke_test.df.json') }, [xgboost], opts)
    expect(JSON.parse(res.body.toString())[0].out).toEqual({ variable: [0.0005066991] })
  })

  it('refuses ccfraud chained into xgboost with a 400 naming the misfit shapes, before onnxruntime runs step 2', async () => {
    const err = await runInference(
      { contentType: PANDAS, accept: undefined, body: fixture('smoke_test.df.json') },
      [ccfraud, { ...xgboost, name: 'xgb' }],
      opts
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InferenceInputError)
    expect((err as InferenceInputError).status).toBe(400)
    expect((err as InferenceInputError).message).toBe(
      'pipeline step 2 (model "xgb"): input "feature_input" expects [N,29] but step 1 output "dense_1" is [N,1]'
    )
  })
})
