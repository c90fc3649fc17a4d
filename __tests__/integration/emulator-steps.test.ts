/**
 * Pipeline steps beyond one model per step, run with real models in a real emulator process: an A/B split
 * (RandomSplit) routes each request by weight, the same `hash_key` value always to the same model, and reports the
 * model in `out._model_split`; a shadow deploy answers the champion's `out` plus `out_<challenger>` groups, in JSON
 * and Arrow. The recorded shapes are checked per profile in __tests__/contract; this file checks the behaviour.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { tableFromIPC } from 'apache-arrow'
import { callEmulator, emulatorToken, pollEmulator, startEmulatorProcess, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore, DEMO_FEATURES, DEMO_INPUT } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'

type Json = any

const RECORDS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'

/** A challenger with the champion's input: variable = 0.1 · Σ features (no sigmoid), so its answers are easy to tell apart. */
function buildSumModel(): Uint8Array {
  return encodeModel({
    graphName: 'sum-challenger',
    inputs: [{ name: DEMO_INPUT, elemType: OnnxDataType.FLOAT, dims: ['batch', DEMO_FEATURES] }],
    outputs: [{ name: 'variable', elemType: OnnxDataType.FLOAT, dims: ['batch', 1] }],
    initializers: [
      { name: 'W', dims: [DEMO_FEATURES, 1], values: Array(DEMO_FEATURES).fill(0.1) },
      { name: 'B', dims: [1], values: [0] }
    ],
    nodes: [{ opType: 'Gemm', inputs: [DEMO_INPUT, 'W', 'B'], outputs: ['variable'], attributes: { alpha: { float: 1 }, beta: { float: 1 } } }]
  })
}
const sumScore = (row: number[]): number => row.reduce((a, v) => a + Math.fround(v) * Math.fround(0.1), 0)

describe('emulator A/B splits and shadow deploys', () => {
  let emu: EmulatorProcess
  let token: string
  const refs: Record<string, { name: string; version: string; sha: string }> = {}
  const call = (path: string, body: unknown) => callEmulator(emu.url, `/v1/api/${path}`, { token, body })

  async function upload(name: string, bytes: Uint8Array): Promise<void> {
    const up = await uploadToEmulator(emu.url, token, bytes, { name, visibility: 'private', workspace_id: 1, conversion: { framework: 'onnx' } })
    const id = up.json.insert_models.returning[0].models[0].id
    const mv = await pollEmulator(
      () => call('models/get_version_by_id', { model_version_id: id }),
      (r) => r.json.model_version.model_version.status === 'ready'
    )
    refs[name] = { name, version: mv.json.model_version.model_version.file_info.version, sha: mv.json.model_version.model_version.file_info.sha }
  }

  /** Creates and deploys pipeline `name` with `steps`; returns its inference path once Running. */
  async function deploy(name: string, steps: unknown[]): Promise<string> {
    const created = await call('pipelines/create', { pipeline_id: name, workspace_id: 1, definition: { steps } })
    expect(created.status).toBe(200)
    const d = await call('pipelines/deploy', { deploy_id: name, pipeline_version_pk_id: created.json.pipeline_variant_pk_id })
    const running = await pollEmulator(
      () => call('status/get_deployment', { name: `${name}-${d.json.id}` }),
      (r) => r.json.status === 'Running'
    )
    expect(running.json.status).toBe('Running')
    return `/v1/api/pipelines/infer/${name}-${d.json.id}/${name}`
  }
  const infer = (path: string, body: string | Uint8Array, contentType = RECORDS, query = '') =>
    callEmulator(emu.url, path + query, { token, raw: body, headers: { 'content-type': contentType } })
  /** The model that answered, from out._model_split. */
  const answeredBy = (record: Json): string => JSON.parse(record.out._model_split[0]).model_version.name

  beforeAll(async () => {
    // Room for every deployment of this file at once (the default node has 4 CPUs: four default engines).
    emu = await startEmulatorProcess(['--start-seconds', '0.2', '--convert-seconds', '0.1', '--nodes', 'cpu=16,memory=64Gi'])
    token = await emulatorToken(emu.url)
    await upload('champion', buildDemoModel())
    await upload('challenger', buildSumModel())
  })
  afterAll(async () => {
    await emu?.stop()
  })

  it('routes by hash_key: the same value always reaches the same model, whose answer the reply carries; the whole batch goes to one model', async () => {
    const path = await deploy('ab-hashed', [
      {
        RandomSplit: {
          hash_key: 'session_id',
          weights: [
            { model: refs.champion, weight: 1 },
            { model: refs.challenger, weight: 1 }
          ]
        }
      }
    ])
    const row = demoRows(1)[0]
    const seen = new Map<string, Set<string>>()
    for (let i = 0; i < 40; i++) {
      const session = `user-${i % 10}`
      const res = await infer(path, JSON.stringify([{ session_id: session, [DEMO_INPUT]: row }]))
      expect(res.status).toBe(200)
      const record = res.json[0]
      const model = answeredBy(record)
      seen.set(session, (seen.get(session) ?? new Set()).add(model))
      // The split reports the model that really ran: its own output.
      if (model === 'champion') expect(record.out.dense_1[0]).toBeCloseTo(demoScore(row), 6)
      else expect(record.out.variable[0]).toBeCloseTo(sumScore(row), 4)
      expect(JSON.parse(record.metadata.last_model).model_name).toBe(model)
      expect(record.in.session_id).toBe(session)
    }
    expect([...seen.values()].every((models) => models.size === 1)).toBe(true)
    expect(new Set([...seen.values()].flatMap((m) => [...m]))).toEqual(new Set(['champion', 'challenger']))
    const batch = await infer(path, JSON.stringify(demoRows(5).map((r, i) => ({ session_id: `other-${i}`, [DEMO_INPUT]: r }))))
    expect(new Set(batch.json.map(answeredBy)).size).toBe(1)
  })

  it('routes randomly by weight without a hash_key, and never to a model of weight 0', async () => {
    const path = await deploy('ab-random', [
      {
        RandomSplit: {
          hash_key: null,
          weights: [
            { model: refs.champion, weight: 3 },
            { model: refs.challenger, weight: 1 }
          ]
        }
      }
    ])
    const body = toPandasRecordsJson(demoRows(1))
    const picks: string[] = []
    for (let i = 0; i < 120; i++) picks.push(answeredBy((await infer(path, body)).json[0]))
    const share = picks.filter((p) => p === 'champion').length / picks.length
    // The emulator's split sequence is seeded, so this is the same every run; 3:1 gives 75 %.
    expect(share).toBeGreaterThan(0.6)
    expect(share).toBeLessThan(0.9)
    const only = await deploy('ab-zero', [
      {
        RandomSplit: {
          weights: [
            { model: refs.champion, weight: 0 },
            { model: refs.challenger, weight: 1 }
          ]
        }
      }
    ])
    for (let i = 0; i < 10; i++) expect(answeredBy((await infer(only, body)).json[0])).toBe('challenger')
  })

  it("answers a shadow deploy with the champion's out and an out_<challenger> group per challenger, in JSON and Arrow", async () => {
    const path = await deploy('shadowed', [
      { ModelInference: { models: [refs.champion, refs.challenger] } },
      { AuditResults: { from: 1, to: null } },
      { MultiOut: {} }
    ])
    const rows = demoRows(3)
    const json = await infer(path, toPandasRecordsJson(rows))
    expect(json.status).toBe(200)
    json.json.forEach((record: Json, i: number) => {
      expect(Object.keys(record)).toEqual(['time', 'in', 'out', 'anomaly', 'out_challenger', 'metadata'])
      expect(record.out.dense_1[0]).toBeCloseTo(demoScore(rows[i]), 6)
      expect(record.out_challenger.variable[0]).toBeCloseTo(sumScore(rows[i]), 4)
      expect(JSON.parse(record.metadata.last_model).model_name).toBe('champion')
    })
    const flat = await infer(path, toPandasRecordsJson(rows), RECORDS, '?dataset.separator=.')
    expect(Object.keys(flat.json[0])).toContain('out_challenger.variable')
    const arrow = await fetch(emu.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': ARROW }, body: toArrowFile(rows) })
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()))
    expect(table.schema.fields.map((f) => f.name)).toEqual(['time', 'in', 'out', 'anomaly', 'out_challenger', 'metadata'])
    expect(table.getChild('time')!.type.toString()).toBe('Int64')
  })

  it('answers 501 for a step kind it does not run, naming it', async () => {
    const path = await deploy('with-check', [{ ModelInference: { models: [refs.champion] } }, { Check: { tree: ['true'] } }])
    const res = await infer(path, toPandasRecordsJson(demoRows(1)))
    expect(res.status).toBe(501)
    expect(res.json).toMatchObject({ source: 'platform', error: expect.stringContaining('pipeline step 2 is a Check step') })
  })
})
