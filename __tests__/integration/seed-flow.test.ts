/**
 * Replays the seed document — the docs page "MLOps API Essentials Guide: Pipeline Management"
 * ([PM]/[SEED] in wallaroo-api.md, recorded ~2023-11/12) — against the emulator started as a
 * real child process in the 2023.4 profile, asserting every response field the seed shows.
 * Uses the project's own model (src/model), so it runs without ../shared.
 */
import { createHash } from 'node:crypto'
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import { WallarooSession, credentialArgs, type RawResponse } from '../helpers/wallaroo-session.js'
import { buildDemoModel, demoRows, demoScore, DEMO_INPUT, DEMO_OUTPUT } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

// Names exactly as in the seed, so literal fields (ids of steps, URLs) read like the recording.
const WORKSPACE = 'seed-flow-workspace'
const MODEL = 'api-sample-model'
const EMPTY_PIPELINE = 'api-empty-pipeline'
const PIPELINE = 'api-pipeline-with-models'
const COPIED_PIPELINE = 'api-copied-pipeline-requests'

type Json = Record<string, any>

function statusOf(res: RawResponse): string {
  return res.status === 200 ? String((res.json as Json).status) : `HTTP ${res.status}`
}

describe('seed flow (MLOps API Essentials Guide: Pipeline Management) against the emulator, profile 2023.4', () => {
  const modelBytes = buildDemoModel()
  const modelSha = createHash('sha256').update(modelBytes).digest('hex')
  let stop: () => Promise<void> = async () => {}
  let baseUrl = ''
  let s: WallarooSession

  // State carried from step to step, exactly as the seed notebook carries its variables.
  let workspaceId = 0
  let modelVersionId = 0
  let modelVersionUuid = ''
  let modelsPkId = 0
  let pipelineId = 0
  let pipelineVersionPkId = 0
  let deploymentId = 0
  let deploymentName = ''
  let engineName = ''
  let inferUrl = ''

  beforeAll(async () => {
    const emu = await startEmulatorProcess(['--profile', '2023.4', '--start-seconds', '2', '--convert-seconds', '0.2', ...credentialArgs()])
    stop = emu.stop
    baseUrl = emu.url
    s = new WallarooSession(baseUrl)
  })
  afterAll(async () => {
    await stop()
  })

  it('announces a loopback URL on its first stdout line', () => {
    expect(baseUrl).toMatch(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/)
  })

  it('refuses MLOps calls without a token with 401 {msg, code}', async () => {
    const res = await s.post('/v1/api/workspaces/list', {}, { token: null })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ msg: expect.any(String), code: 401 })
  })

  it('issues a user token through the Keycloak password grant (api-client, Basic auth)', async () => {
    const res = await s.passwordGrant()
    expect(res.status).toBe(200)
    const body = res.json as Json
    expect(body).toEqual(
      expect.objectContaining({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expires_in: expect.any(Number),
        refresh_expires_in: expect.any(Number),
        refresh_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        token_type: 'Bearer',
        'not-before-policy': 0,
        session_state: expect.stringMatching(UUID),
        scope: 'profile email'
      })
    )
    s.token = body.access_token
  })

  it('serves /v1/api/config without a token, with default_arch', async () => {
    const res = await s.get('/v1/api/config', { token: null })
    expect(res.status).toBe(200)
    expect((res.json as Json).default_arch).toBe('x86')
  })

  it('creates a workspace ({workspace_id}) and lists it with the recorded fields', async () => {
    const created = await s.postOk<Json>('/v1/api/workspaces/create', { workspace_name: WORKSPACE })
    expect(created).toEqual({ workspace_id: expect.any(Number) })
    workspaceId = created.workspace_id

    const list = await s.postOk<Json>('/v1/api/workspaces/list', {})
    const ws = (list.workspaces as Json[]).find((w) => w.name === WORKSPACE)
    expect(ws).toEqual({
      id: workspaceId,
      name: WORKSPACE,
      created_at: expect.stringMatching(ISO_TIME),
      created_by: expect.any(String),
      archived: false,
      models: [],
      pipelines: []
    })
  })

  it('uploads the model with upload_and_convert: 202 and insert_models holding the model version id', async () => {
    const res = await s.upload('/v1/api/models/upload_and_convert', [
      {
        name: 'metadata',
        contentType: 'application/json',
        data: JSON.stringify({
          name: MODEL,
          visibility: 'public',
          workspace_id: workspaceId,
          conversion: { framework: 'onnx', python_version: '3.8', requirements: [] }
        })
      },
      { name: 'file', filename: 'ccfraud-like.onnx', contentType: 'application/octet-stream', data: modelBytes }
    ])
    expect(res.status).toBe(202)
    expect(res.contentType).toContain('application/json')
    expect(res.json).toEqual({ insert_models: { returning: [{ models: [{ id: expect.any(Number) }] }] } })
    modelVersionId = (res.json as Json).insert_models.returning[0].models[0].id
  })

  it('gets the version by id: file_info carries the sha256, converting until ready', async () => {
    const statuses = await s.waitForModelReady(modelVersionId)
    expect(statuses[statuses.length - 1]).toBe('ready')
    const res = await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: modelVersionId })
    const mv = res.model_version.model_version
    expect(mv).toEqual(
      expect.objectContaining({
        name: MODEL,
        visibility: 'public',
        workspace_id: workspaceId,
        id: modelVersionId,
        image_path: null,
        status: 'ready',
        deployed: false,
        created_at: expect.stringMatching(ISO_TIME),
        file_info: { version: expect.stringMatching(UUID), sha: modelSha, file_name: 'ccfraud-like.onnx', size: modelBytes.length }
      })
    )
    expect(mv.conversion).toEqual(expect.objectContaining({ framework: 'onnx', python_version: '3.8', requirements: [] }))
    // error_summary (like framework_config and the batching keys of the config) only 2025 servers send (§12).
    expect(mv).not.toHaveProperty('error_summary')
    expect(res.model_version.config).toEqual(expect.objectContaining({ runtime: 'onnx', model_version_id: modelVersionId }))
    modelVersionUuid = mv.file_info.version
  })

  it('lists the model versions (bare array; model_id = the model name, id = the version id)', async () => {
    const models = await s.postOk<Json>('/v1/api/models/list', { workspace_id: workspaceId })
    // 2023.x shape is flat {id, name, …}; 2025.2 nests it under `model` (§12) — accept either to find the model id.
    const entry = (models.models as Json[]).find((m) => (m.model ?? m).name === MODEL)
    expect(entry).toBeDefined()
    modelsPkId = (entry!.model ?? entry!).id

    const list = await s.postOk<Json[]>('/v1/api/models/list_versions', { model_id: MODEL, models_pk_id: modelsPkId })
    expect(Array.isArray(list)).toBe(true)
    expect(list).toContainEqual({
      sha: modelSha,
      models_pk_id: modelsPkId,
      model_version: modelVersionUuid,
      owner_id: expect.any(String),
      model_id: MODEL,
      id: modelVersionId,
      file_name: 'ccfraud-like.onnx',
      image_path: null,
      status: 'ready'
    })
  })

  it('creates an empty pipeline, and the same request again adds a version to the same pipeline', async () => {
    const body = { pipeline_id: EMPTY_PIPELINE, workspace_id: workspaceId, definition: {} }
    const first = await s.postOk<Json>('/v1/api/pipelines/create', body)
    expect(first).toEqual({
      pipeline_pk_id: expect.any(Number),
      pipeline_variant_pk_id: expect.any(Number),
      pipeline_variant_version: expect.stringMatching(UUID)
    })
    const again = await s.postOk<Json>('/v1/api/pipelines/create', body)
    expect(again.pipeline_pk_id).toBe(first.pipeline_pk_id)
    expect(again.pipeline_variant_pk_id).toBeGreaterThan(first.pipeline_variant_pk_id)
    expect(again.pipeline_variant_version).toMatch(UUID)
    expect(again.pipeline_variant_version).not.toBe(first.pipeline_variant_version)
  })

  it('creates a pipeline with a ModelInference step naming the model by version UUID and sha', async () => {
    const res = await s.postOk<Json>('/v1/api/pipelines/create', {
      pipeline_id: PIPELINE,
      workspace_id: workspaceId,
      definition: { steps: [{ ModelInference: { models: [{ name: MODEL, version: modelVersionUuid, sha: modelSha }] } }] }
    })
    expect(res).toEqual({
      pipeline_pk_id: expect.any(Number),
      pipeline_variant_pk_id: expect.any(Number),
      pipeline_variant_version: expect.stringMatching(UUID)
    })
    pipelineId = res.pipeline_pk_id
    pipelineVersionPkId = res.pipeline_variant_pk_id

    const list = await s.postOk<Json>('/v1/api/workspaces/list', {})
    const ws = (list.workspaces as Json[]).find((w) => w.id === workspaceId)
    expect(ws?.pipelines).toContain(pipelineId)
  })

  it('answers get_deployment with 404 before the pipeline is deployed', async () => {
    const res = await s.getDeployment(`${PIPELINE}-1`)
    expect(res.status).toBe(404)
  })

  it('deploys with deploy_id + pipeline_version_pk_id + models + pipeline_id: {id}', async () => {
    const res = await s.postOk<Json>('/v1/api/pipelines/deploy', {
      deploy_id: PIPELINE,
      pipeline_version_pk_id: pipelineVersionPkId,
      models: [{ name: MODEL, version: modelVersionUuid, sha: modelSha }],
      pipeline_id: pipelineId
    })
    expect(res).toEqual({ id: expect.any(Number) })
    deploymentId = res.id
    deploymentName = `${PIPELINE}-${deploymentId}`
  })

  it('reports the deployment Starting, then Running with the 2023 status fields', async () => {
    const seen = await s.waitForDeployment(deploymentName, 'Running')
    const statuses = seen.map(statusOf)
    // Only 404 or Starting may come before Running (§8.3); with --start-seconds 2 and 50 ms polls we see Starting.
    expect(statuses).toContain('Starting')
    for (const st of statuses.slice(0, -1)) expect(['HTTP 404', 'Starting']).toContain(st)

    const running = seen[seen.length - 1].json as Json
    expect(running).toEqual({
      status: 'Running',
      details: [],
      engines: [
        {
          ip: expect.stringMatching(IPV4),
          name: expect.stringMatching(/^engine-[a-z0-9]+-[a-z0-9]{5}$/),
          status: 'Running',
          reason: null,
          details: [],
          // 2023 profile: no pipeline `version`, no `model_version_id` (§12).
          pipeline_statuses: { pipelines: [{ id: PIPELINE, status: 'Running' }] },
          model_statuses: { models: [{ name: MODEL, version: modelVersionUuid, sha: modelSha, status: 'Running' }] }
        }
      ],
      engine_lbs: [
        {
          ip: expect.stringMatching(IPV4),
          name: expect.stringMatching(/^engine-lb-[a-z0-9]+-[a-z0-9]{5}$/),
          status: 'Running',
          reason: null,
          details: []
        }
      ],
      sidekicks: []
    })
    engineName = running.engines[0].name
  })

  it('gives the external inference URL {api}/v1/api/pipelines/infer/{deploy_id}-{deployment id}/{pipeline}', async () => {
    const res = await s.postOk<Json>('/v1/api/admin/get_pipeline_external_url', { workspace_id: workspaceId, pipeline_name: PIPELINE })
    expect(res).toEqual({ url: `${baseUrl}/v1/api/pipelines/infer/${deploymentName}/${PIPELINE}` })
    inferUrl = res.url
  })

  it('infers pandas-records: one 2023-shaped record per row with the model answer', async () => {
    const rows = demoRows(3)
    const before = Date.now()
    const res = await s.infer(inferUrl, toPandasRecordsJson(rows, DEMO_INPUT), 'application/json; format=pandas-records')
    expect(res.status).toBe(200)
    expect(res.contentType).toContain('application/json')
    const records = res.json as Json[]
    expect(records).toHaveLength(3)
    records.forEach((rec, i) => {
      expect(Object.keys(rec).sort()).toEqual(['check_failures', 'in', 'metadata', 'out', 'time'])
      expect(rec.time).toBe(records[0].time) // one batch, one time (§9.3)
      expect(rec.time).toBeGreaterThanOrEqual(before - 1000)
      expect(Object.keys(rec.in)).toEqual([DEMO_INPUT])
      rec.in[DEMO_INPUT].forEach((v: number, j: number) => expect(v).toBeCloseTo(rows[i][j], 5))
      expect(Object.keys(rec.out)).toEqual([DEMO_OUTPUT])
      expect(rec.out[DEMO_OUTPUT]).toHaveLength(1)
      expect(rec.out[DEMO_OUTPUT][0]).toBeCloseTo(demoScore(rows[i]), 6)
      expect(rec.check_failures).toEqual([])
      expect(rec.metadata).toEqual({
        last_model: expect.any(String),
        pipeline_version: '', // 2023 profile (§9.3)
        elapsed: [expect.any(Number), expect.any(Number)],
        dropped: [],
        partition: engineName
      })
      expect(JSON.parse(rec.metadata.last_model)).toEqual({ model_name: MODEL, model_sha: modelSha })
      for (const ns of rec.metadata.elapsed) expect(Number.isInteger(ns) && ns >= 0).toBe(true)
    })
  })

  it('undeploys with {pipeline_id, deployment_id}: 200 with a null body (2023.4), then get_deployment goes 404', async () => {
    const res = await s.post('/v1/api/pipelines/undeploy', { pipeline_id: pipelineId, deployment_id: deploymentId })
    expect(res.status).toBe(200)
    expect(res.text.trim()).toBe('null')
    const seen = await s.waitForDeployment(deploymentName, 'gone')
    expect(seen[seen.length - 1].status).toBe(404)
  })

  it('redeploys the pipeline under the same deployment id', async () => {
    const res = await s.postOk<Json>('/v1/api/pipelines/deploy', {
      deploy_id: PIPELINE,
      pipeline_version_pk_id: pipelineVersionPkId,
      models: [{ name: MODEL, version: modelVersionUuid, sha: modelSha }],
      pipeline_id: pipelineId
    })
    expect(res).toEqual({ id: deploymentId })
    await s.waitForDeployment(deploymentName, 'Running')
    const undeployed = await s.post('/v1/api/pipelines/undeploy', { pipeline_id: pipelineId, deployment_id: deploymentId })
    expect(undeployed.status).toBe(200)
    await s.waitForDeployment(deploymentName, 'gone')
  })

  it('copies the pipeline: a new pipeline id, no version and no deployment', async () => {
    const res = await s.postOk<Json>('/v1/api/pipelines/copy', {
      name: COPIED_PIPELINE,
      workspace_id: workspaceId,
      source_pipeline: pipelineId
    })
    expect(res).toEqual({
      pipeline_pk_id: expect.any(Number),
      pipeline_variant_pk_id: expect.any(Number),
      pipeline_version: null,
      deployment: null
    })
    expect(res.pipeline_pk_id).not.toBe(pipelineId)
    const list = await s.postOk<Json>('/v1/api/workspaces/list', {})
    const ws = (list.workspaces as Json[]).find((w) => w.id === workspaceId)
    expect(ws?.pipelines).toContain(res.pipeline_pk_id)
  })

  it('answers an inference on the undeployed pipeline with the platform 404 body', async () => {
    const res = await s.infer(inferUrl, toPandasRecordsJson(demoRows(1), DEMO_INPUT), 'application/json; format=pandas-records')
    expect(res.status).toBe(404)
    expect(res.json).toEqual(expect.objectContaining({ code: 404, error: expect.any(String) }))
  })
})
