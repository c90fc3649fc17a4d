import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { tableFromIPC } from 'apache-arrow'
import { callEmulator, emulatorToken, startEmulatorProcess, pollEmulator, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore, DEMO_INPUT, DEMO_OUTPUT } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'

const MODEL = buildDemoModel()
const RECORDS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'

interface Setup {
  emu: EmulatorProcess
  token: string
}

async function setup(profile: string, startSeconds = '0.3', extra: string[] = []): Promise<Setup> {
  const emu = await startEmulatorProcess(['--profile', profile, '--start-seconds', startSeconds, '--convert-seconds', '0.2', ...extra])
  return { emu, token: await emulatorToken(emu.url) }
}

/** Upload the demo model into a workspace and wait until it is ready; returns its version record. */
async function readyModel(s: Setup, workspaceId: number, name = 'ccfraud'): Promise<{ id: number; name: string; version: string; sha: string }> {
  const up = await uploadToEmulator(s.emu.url, s.token, MODEL, {
    name,
    visibility: 'private',
    workspace_id: workspaceId,
    conversion: { framework: 'onnx', python_version: '3.8', requirements: [] }
  })
  expect(up.status).toBe(202)
  const id = up.json.insert_models.returning[0].models[0].id as number
  const got = await pollEmulator(
    () => callEmulator(s.emu.url, '/v1/api/models/get_version_by_id', { token: s.token, body: { model_version_id: id } }),
    (r) => r.json.model_version.model_version.status === 'ready'
  )
  const mv = got.json.model_version.model_version
  expect(mv.status).toBe('ready')
  return { id, name, version: mv.file_info.version, sha: mv.file_info.sha }
}

describe('emulator end to end (profile 2023.4)', () => {
  let s: Setup
  let ws: number
  beforeAll(async () => {
    // Served although a 2023.4 server may lack them: this block deletes pipelines (emulator-fidelity.test.ts covers the 404s).
    // 1.5 s to start, as in the 2025.2 block: the status read right after a (re)deploy must land inside Starting even
    // on a busy machine (0.3 s was less than a loaded jest worker may take between two calls).
    s = await setup('2023.4', '1.5', ['--list-pipelines'])
    ws = (await callEmulator(s.emu.url, '/v1/api/workspaces/create', { token: s.token, body: { workspace_name: 'flow-ws' } })).json.workspace_id
  })
  afterAll(async () => {
    await s?.emu.stop()
  })

  it('serves /v1/api/config without a token', async () => {
    const r = await callEmulator(s.emu.url, '/v1/api/config', { method: 'GET' })
    expect([r.status, r.json]).toEqual([200, { default_arch: 'x86' }])
  })

  it('lists the created workspace after the default one', async () => {
    const r = await callEmulator(s.emu.url, '/v1/api/workspaces/list', { token: s.token, body: {} })
    expect(r.status).toBe(200)
    expect(r.json.workspaces.map((w: { name: string }) => w.name)).toEqual(['admin@keycloak - Default Workspace', 'flow-ws'])
    expect(r.json.workspaces[1]).toEqual({
      id: ws,
      name: 'flow-ws',
      created_at: expect.stringMatching(/\+00:00$/),
      created_by: expect.any(String),
      archived: false,
      models: [],
      pipelines: []
    })
  })

  it('walks a model through conversion to ready and shows it in list, list_versions and get_config_by_id', async () => {
    const up = await uploadToEmulator(s.emu.url, s.token, MODEL, { name: 'lister', visibility: 'private', workspace_id: ws, conversion: { framework: 'onnx' } })
    const id = up.json.insert_models.returning[0].models[0].id
    const first = await callEmulator(s.emu.url, '/v1/api/models/get_version_by_id', { token: s.token, body: { model_version_id: id } })
    expect(['pending_load_native', 'attempting_load_native']).toContain(first.json.model_version.model_version.status)
    const done = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/models/get_version_by_id', { token: s.token, body: { model_version_id: id } }),
      (r) => r.json.model_version.model_version.status === 'ready'
    )
    const mv = done.json.model_version.model_version
    expect(mv).toMatchObject({
      id,
      name: 'lister',
      workspace_id: ws,
      status: 'ready',
      deployed: false,
      file_info: { size: MODEL.length, file_name: 'model.onnx' }
    })
    expect(done.json.model_version.config).toMatchObject({ model_version_id: id, runtime: 'onnx' })
    const list = await callEmulator(s.emu.url, '/v1/api/models/list', { token: s.token, body: { workspace_id: ws } })
    const listed = list.json.models.find((m: { name: string }) => m.name === 'lister')
    expect(Object.keys(listed).sort()).toEqual(['created_at', 'id', 'name', 'owner_id', 'updated_at'])
    const versions = await callEmulator(s.emu.url, '/v1/api/models/list_versions', { token: s.token, body: { model_id: 'lister', models_pk_id: listed.id } })
    expect(versions.json).toEqual([
      expect.objectContaining({ id, model_id: 'lister', models_pk_id: listed.id, sha: mv.file_info.sha, model_version: mv.file_info.version, status: 'ready' })
    ])
    // 2023 servers answered a null config until one was inserted.
    const before = await callEmulator(s.emu.url, '/v1/api/models/get_config_by_id', { token: s.token, body: { model_id: id } })
    // A config exists right after upload on every release (§12).
    expect(before.json).toEqual({ model_config: { id: expect.any(Number), runtime: 'onnx', tensor_fields: null, filter_threshold: null } })
    const inserted = await callEmulator(s.emu.url, '/v1/api/models/insert_model_config', {
      token: s.token,
      body: { model_version_id: id, tensor_fields: ['tensor'] }
    })
    expect(inserted.json.model_config).toMatchObject({ model_version_id: id, runtime: 'onnx', tensor_fields: ['tensor'] })
    const config = await callEmulator(s.emu.url, '/v1/api/models/get_config_by_id', { token: s.token, body: { model_id: id } })
    expect(config.json).toEqual({ model_config: { id: expect.any(Number), runtime: 'onnx', tensor_fields: ['tensor'], filter_threshold: null } })
  })

  it('accepts the 2023.1 upload form (plain name/visibility/workspace_id fields) on models/upload', async () => {
    const form = new FormData()
    form.append('name', 'legacy')
    form.append('visibility', 'public')
    form.append('workspace_id', String(ws))
    form.append('file', new Blob([MODEL]), 'legacy.onnx')
    const r = await callEmulator(s.emu.url, '/v1/api/models/upload', { token: s.token, raw: form })
    expect(r.status).toBe(202)
    const id = r.json.insert_models.returning[0].models[0].id
    const got = await callEmulator(s.emu.url, '/v1/api/models/get_version_by_id', { token: s.token, body: { model_version_id: id } })
    expect(got.json.model_version.model_version).toMatchObject({
      name: 'legacy',
      visibility: 'public',
      workspace_id: ws,
      conversion: { framework: 'onnx' },
      file_info: { file_name: 'legacy.onnx' }
    })
  })

  it('creates, deploys, runs, infers (JSON and Arrow), redeploys, undeploys and deletes a pipeline', async () => {
    const model = await readyModel(s, ws)
    const ref = { name: model.name, version: model.version, sha: model.sha }
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: { pipeline_id: 'flow-pipe', workspace_id: ws, definition: { steps: [{ ModelInference: { models: [ref] } }] } }
    })
    expect(created.status).toBe(200)
    const { pipeline_pk_id: pipelineId, pipeline_variant_pk_id: variantId } = created.json
    const upsert = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: { pipeline_id: 'flow-pipe', workspace_id: ws, definition: { steps: [{ ModelInference: { models: [ref] } }] } }
    })
    expect(upsert.json.pipeline_pk_id).toBe(pipelineId)
    expect(upsert.json.pipeline_variant_pk_id).not.toBe(variantId)

    const deployed = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { deploy_id: 'flow-pipe', pipeline_version_pk_id: variantId, models: [ref], pipeline_id: pipelineId }
    })
    expect(deployed.status).toBe(200)
    const deploymentId = deployed.json.id
    const name = `flow-pipe-${deploymentId}`

    const starting = await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })
    expect(starting.json.status).toBe('Starting')
    const url = (
      await callEmulator(s.emu.url, '/v1/api/admin/get_pipeline_external_url', { token: s.token, body: { workspace_id: ws, pipeline_name: 'flow-pipe' } })
    ).json.url
    expect(url).toBe(`${s.emu.url}/v1/api/pipelines/infer/${name}/flow-pipe`)
    const path = url.slice(s.emu.url.length)
    const rows = demoRows(3)
    const early = await callEmulator(s.emu.url, path, { token: s.token, raw: toPandasRecordsJson(rows), headers: { 'content-type': RECORDS } })
    expect(early.status).toBe(503)
    expect(early.json).toEqual({
      code: 503,
      status: 'error',
      error: 'The resources required to run this request are not available. Please check the inference endpoint status and try again',
      source: 'engine'
    })

    const running = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } }),
      (r) => r.json.status === 'Running'
    )
    expect(running.json).toMatchObject({ status: 'Running', details: [], sidekicks: [] })
    expect(running.json.engines[0].model_statuses.models).toEqual([{ name: model.name, version: model.version, sha: model.sha, status: 'Running' }])
    expect(running.json.engines[0].pipeline_statuses.pipelines).toEqual([{ id: 'flow-pipe', status: 'Running' }])
    expect(running.json.engine_lbs[0].name).toMatch(/^engine-lb-/)

    const out = await callEmulator(s.emu.url, path, { token: s.token, raw: toPandasRecordsJson(rows, DEMO_INPUT), headers: { 'content-type': RECORDS } })
    expect(out.status).toBe(200)
    expect(out.json).toHaveLength(3)
    out.json.forEach((rec: Record<string, any>, i: number) => {
      expect(Object.keys(rec)).toEqual(['time', 'in', 'out', 'check_failures', 'metadata'])
      expect(rec.out[DEMO_OUTPUT][0]).toBeCloseTo(demoScore(rows[i]), 5)
      expect(rec.metadata).toMatchObject({ pipeline_version: '', dropped: [], partition: running.json.engines[0].name })
      expect(JSON.parse(rec.metadata.last_model)).toEqual({ model_name: model.name, model_sha: model.sha })
    })

    const arrow = await fetch(url + '?dataset[]=out&dataset.separator=.', {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': ARROW, accept: ARROW },
      body: toArrowFile(rows)
    })
    expect(arrow.status).toBe(200)
    expect(arrow.headers.get('content-type')).toContain(ARROW)
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()))
    expect(table.numRows).toBe(3)
    expect(table.schema.fields.map((f) => f.name)).toContain(`out.${DEMO_OUTPUT}`)

    const conflict = await callEmulator(s.emu.url, '/v1/api/pipelines/delete_pipeline', {
      token: s.token,
      body: { pipeline_id: 'flow-pipe', workspace_id: ws }
    })
    expect(conflict.status).toBe(409)
    expect(conflict.json).toEqual({ msg: expect.stringContaining('undeploy it before deleting'), code: 409 })

    const redeployed = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: {
        deploy_id: 'flow-pipe',
        pipeline_version_pk_id: upsert.json.pipeline_variant_pk_id,
        engine_config: {
          engine: { arch: 'arm', cpu: 1, resources: { limits: { cpu: 1, memory: '1Gi' }, requests: { cpu: 1, memory: '1Gi' } } },
          enginelb: {},
          engineAux: { images: {} }
        }
      }
    })
    expect(redeployed.json).toEqual({ id: deploymentId })
    expect((await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })).json.status).toBe('Starting')

    const undeployed = await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', {
      token: s.token,
      body: { pipeline_id: pipelineId, deployment_id: deploymentId }
    })
    expect([undeployed.status, undeployed.text]).toEqual([200, 'null'])
    expect((await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })).status).toBe(404)
    const gone = await callEmulator(s.emu.url, path, { token: s.token, raw: toPandasRecordsJson(rows), headers: { 'content-type': RECORDS } })
    expect([gone.status, gone.json]).toEqual([404, { code: 404, status: 'error', error: 'Deployment not found', source: 'platform' }])

    const deleted = await callEmulator(s.emu.url, '/v1/api/pipelines/delete_pipeline', { token: s.token, body: { pipeline_id: 'flow-pipe', workspace_id: ws } })
    expect(deleted.status).toBe(200)
  })

  it('derives the models from the steps when the deploy body names none (SDK 2025.2), and chains steps in order', async () => {
    const model = await readyModel(s, ws, 'chain-a')
    const ref = { name: model.name, version: model.version, sha: model.sha }
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: { pipeline_id: 'stepless', workspace_id: ws, definition: { steps: [{ ModelInference: { models: [ref] } }] } }
    })
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: {
        deploy_id: 'stepless',
        pipeline_version_pk_id: created.json.pipeline_variant_pk_id,
        engine_config: { engine: { arch: 'x86', accel: 'none' }, enginelb: {}, engineAux: { images: {} }, workspace_id: ws }
      }
    })
    const running = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name: `stepless-${d.json.id}` } }),
      (r) => r.json.status === 'Running'
    )
    expect(running.json.engines[0].model_statuses.models.map((m: { name: string }) => m.name)).toEqual(['chain-a'])
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
  })

  it('goes to Error with the scheduler reason for a GPU request without a deployment label, and for a label no node has', async () => {
    const model = await readyModel(s, ws, 'gpu-model')
    const ref = { name: model.name, version: model.version, sha: model.sha }
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: { pipeline_id: 'gpu-pipe', workspace_id: ws, definition: { steps: [{ ModelInference: { models: [ref] } }] } }
    })
    const gpuEngine = {
      cpu: 1,
      gpu: 1,
      resources: { limits: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': 1 }, requests: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': 1 } }
    }
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { deploy_id: 'gpu-pipe', pipeline_version_pk_id: created.json.pipeline_variant_pk_id, engine_config: { engine: gpuEngine } }
    })
    const name = `gpu-pipe-${d.json.id}`
    const status = await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })
    expect(status.json.status).toBe('Error')
    expect(status.json.engines[0]).toMatchObject({ status: 'Pending', ip: null, reason: ['0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'] })
    // The default cluster is one unlabelled node without GPUs (emulator-cluster.test.ts starts one with a GPU pool).
    await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: {
        deploy_id: 'gpu-pipe',
        pipeline_version_pk_id: created.json.pipeline_variant_pk_id,
        engine_config: { engine: { ...gpuEngine, node_selector: 'wallaroo.ai/accelerator:a100' } }
      }
    })
    const labelled = await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })
    expect(labelled.json.status).toBe('Error')
    expect(labelled.json.engines[0]).toMatchObject({
      status: 'Pending',
      reason: ["0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."]
    })
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
  })

  it('forces a deployment into Error through /_emulator and clears it again', async () => {
    const model = await readyModel(s, ws, 'forced-model')
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: {
        pipeline_id: 'forced',
        workspace_id: ws,
        definition: { steps: [{ ModelInference: { models: [{ name: model.name, version: model.version, sha: model.sha }] } }] }
      }
    })
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { deploy_id: 'forced', pipeline_version_pk_id: created.json.pipeline_variant_pk_id }
    })
    const name = `forced-${d.json.id}`
    const forced = await callEmulator(s.emu.url, `/_emulator/deployments/${name}/error`, { body: { reason: 'Back-off pulling image "engine:bad"' } })
    expect(forced.status).toBe(200)
    const status = await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })
    expect(status.json).toMatchObject({ status: 'Error', engines: [{ status: 'Pending', reason: ['Back-off pulling image "engine:bad"'] }] })
    await callEmulator(s.emu.url, `/_emulator/deployments/${name}/error`, { method: 'DELETE' })
    const back = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } }),
      (r) => r.json.status === 'Running'
    )
    expect(back.json.status).toBe('Running')
    expect((await callEmulator(s.emu.url, '/_emulator/deployments/ghost-9/error', { body: {} })).status).toBe(404)
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
  })

  it('turns a model that is not ONNX into a conversion error and a deployment Error', async () => {
    const up = await uploadToEmulator(s.emu.url, s.token, new TextEncoder().encode('definitely not a model'), {
      name: 'junk',
      visibility: 'private',
      workspace_id: ws,
      conversion: { framework: 'onnx' }
    })
    const id = up.json.insert_models.returning[0].models[0].id
    const r = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/models/get_version_by_id', { token: s.token, body: { model_version_id: id } }),
      (x) => x.json.model_version.model_version.status === 'error'
    )
    const mv = r.json.model_version.model_version
    expect(mv.status).toBe('error')
    // Servers before 2025 send no error_summary (§12): the reason shows in the deployment's status.
    expect(mv).not.toHaveProperty('error_summary')
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: {
        pipeline_id: 'junk-pipe',
        workspace_id: ws,
        definition: { steps: [{ ModelInference: { models: [{ name: 'junk', version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
      }
    })
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { deploy_id: 'junk-pipe', pipeline_version_pk_id: created.json.pipeline_variant_pk_id }
    })
    const status = await callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name: `junk-pipe-${d.json.id}` } })
    expect(status.json.status).toBe('Error')
    expect(status.json.details[0]).toContain('not a loadable ONNX model')
    expect(status.json.engines[0].model_statuses.models[0]).toMatchObject({ name: 'junk', status: 'Error' })
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
  })

  it('copies a pipeline, and refuses a copy to a name that exists with 409', async () => {
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: { pipeline_id: 'to-copy', workspace_id: ws, definition: {} }
    })
    const copy = await callEmulator(s.emu.url, '/v1/api/pipelines/copy', {
      token: s.token,
      body: { name: 'copied', workspace_id: ws, source_pipeline: created.json.pipeline_pk_id }
    })
    expect(copy.json).toEqual({ pipeline_pk_id: expect.any(Number), pipeline_variant_pk_id: expect.any(Number), pipeline_version: null, deployment: null })
    const again = await callEmulator(s.emu.url, '/v1/api/pipelines/copy', {
      token: s.token,
      body: { name: 'copied', workspace_id: ws, source_pipeline: created.json.pipeline_pk_id }
    })
    expect([again.status, again.json]).toEqual([409, { msg: `pipeline 'copied' already exists in workspace ${ws}; pick another name`, code: 409 }])
    const list = await callEmulator(s.emu.url, '/v1/api/pipelines/list_pipelines', { token: s.token, body: { workspace_id: ws } })
    const names = list.json.pipelines.map((p: { pipeline: { pipeline_id: string } }) => p.pipeline.pipeline_id)
    expect(names).toEqual(expect.arrayContaining(['to-copy', 'copied']))
    const item = list.json.pipelines.find((p: { pipeline: { pipeline_id: string } }) => p.pipeline.pipeline_id === 'copied')
    expect(item).toMatchObject({
      pipeline: { id: copy.json.pipeline_pk_id, workspace_id: ws },
      workspace: { id: ws, name: 'flow-ws' },
      deployment: null,
      pipeline_version: { id: String(copy.json.pipeline_variant_pk_id) }
    })
  })
})

describe('emulator end to end (profile 2025.2)', () => {
  let s: Setup
  beforeAll(async () => {
    // Long enough that a status and an inference call land inside a redeploy's Starting window even on a busy machine.
    s = await setup('2025.2', '1.5')
  })
  afterAll(async () => {
    await s?.emu.stop()
  })

  it('answers with the 2025.2 shapes: nested models/list, versioned statuses, anomaly, pipeline_version, {} on undeploy', async () => {
    const model = await readyModel(s, 1, 'newer')
    const list = await callEmulator(s.emu.url, '/v1/api/models/list', { token: s.token, body: { workspace_id: 1 } })
    expect(list.json.models[0]).toMatchObject({
      model: { name: 'newer', workspace_id: 1 },
      model_versions: [{ model_version: { id: model.id, created_on_version: '2025.2.1' }, config: { runtime: 'onnx' } }],
      workspace: { id: 1, group_id: null }
    })
    const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
      token: s.token,
      body: {
        pipeline_id: 'newer-pipe',
        workspace_id: 1,
        definition: { steps: [{ ModelInference: { models: [{ name: model.name, version: model.version, sha: model.sha }] } }] }
      }
    })
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { deploy_id: 'newer-pipe', pipeline_version_pk_id: created.json.pipeline_variant_pk_id, model_ids: [model.id] }
    })
    const name = `newer-pipe-${d.json.id}`
    const running = await pollEmulator(
      () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } }),
      (r) => r.json.status === 'Running'
    )
    expect(running.json.engines[0].model_statuses.models).toEqual([
      { model_version_id: model.id, name: model.name, sha: model.sha, status: 'Running', version: model.version }
    ])
    expect(running.json.engines[0].pipeline_statuses.pipelines).toEqual([
      { id: 'newer-pipe', status: 'Running', version: created.json.pipeline_variant_version }
    ])
    const out = await callEmulator(s.emu.url, `/v1/api/pipelines/infer/${name}/newer-pipe`, {
      token: s.token,
      raw: toPandasRecordsJson(demoRows(1)),
      headers: { 'content-type': RECORDS }
    })
    expect(out.json[0]).toMatchObject({ anomaly: { count: 0 }, metadata: { pipeline_version: created.json.pipeline_variant_version } })
    const undeployed = await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
    expect([undeployed.status, undeployed.json]).toEqual([200, {}])
  })

  it('redeploys like a rolling update: an identical deploy changes nothing; a new version starts while the old one keeps serving', async () => {
    const model = await readyModel(s, 1, 'rolling')
    const definition = { steps: [{ ModelInference: { models: [{ name: model.name, version: model.version, sha: model.sha }] } }] }
    const v1 = (await callEmulator(s.emu.url, '/v1/api/pipelines/create', { token: s.token, body: { pipeline_id: 'rolling', workspace_id: 1, definition } }))
      .json
    const engineConfig = { engine: { cpu: 1 }, workspace_id: 1 }
    const deployV1 = { deploy_id: 'rolling', pipeline_version_pk_id: v1.pipeline_variant_pk_id, engine_config: engineConfig }
    const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', { token: s.token, body: deployV1 })
    const name = `rolling-${d.json.id}`
    const status = () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } })
    const infer = () =>
      callEmulator(s.emu.url, `/v1/api/pipelines/infer/${name}/rolling`, {
        token: s.token,
        raw: toPandasRecordsJson(demoRows(1)),
        headers: { 'content-type': RECORDS }
      })
    await pollEmulator(status, (r) => r.json.status === 'Running')

    const same = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', { token: s.token, body: deployV1 })
    expect([same.status, same.json]).toEqual([200, { id: d.json.id }])
    expect((await status()).json.status).toBe('Running')
    expect((await infer()).status).toBe(200)

    const v2 = (await callEmulator(s.emu.url, '/v1/api/pipelines/create', { token: s.token, body: { pipeline_id: 'rolling', workspace_id: 1, definition } }))
      .json
    const changed = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
      token: s.token,
      body: { ...deployV1, pipeline_version_pk_id: v2.pipeline_variant_pk_id }
    })
    expect(changed.json).toEqual({ id: d.json.id })
    const starting = await status()
    expect(starting.json.status).toBe('Starting')
    const during = await infer()
    expect(during.status).toBe(200)
    expect(during.json[0].metadata.pipeline_version).toBe(v1.pipeline_variant_version)
    await pollEmulator(status, (r) => r.json.status === 'Running')
    const after = await infer()
    expect(after.json[0].metadata.pipeline_version).toBe(v2.pipeline_variant_version)

    // After an undeploy nothing serves: the next deploy starts cold.
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
    await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', { token: s.token, body: deployV1 })
    expect((await infer()).status).toBe(503)
    await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
  })

  it('answers 400 for chained steps whose shapes do not fit and 501 for steps it cannot run; both pipelines are accepted', async () => {
    const model = await readyModel(s, 1, 'chained')
    const ref = { name: model.name, version: model.version, sha: model.sha }
    const deployAndInfer = async (pipeline: string, steps: unknown[]) => {
      const created = await callEmulator(s.emu.url, '/v1/api/pipelines/create', {
        token: s.token,
        body: { pipeline_id: pipeline, workspace_id: 1, definition: { steps } }
      })
      expect(created.status).toBe(200)
      const d = await callEmulator(s.emu.url, '/v1/api/pipelines/deploy', {
        token: s.token,
        body: { deploy_id: pipeline, pipeline_version_pk_id: created.json.pipeline_variant_pk_id }
      })
      const name = `${pipeline}-${d.json.id}`
      await pollEmulator(
        () => callEmulator(s.emu.url, '/v1/api/status/get_deployment', { token: s.token, body: { name } }),
        (r) => r.json.status === 'Running'
      )
      const out = await callEmulator(s.emu.url, `/v1/api/pipelines/infer/${name}/${pipeline}`, {
        token: s.token,
        raw: toPandasRecordsJson(demoRows(1)),
        headers: { 'content-type': RECORDS }
      })
      await callEmulator(s.emu.url, '/v1/api/pipelines/undeploy', { token: s.token, body: { deployment_id: d.json.id } })
      return out
    }
    const [twice, multi, split] = await Promise.all([
      deployAndInfer('twice', [{ ModelInference: { models: [ref] } }, { ModelInference: { models: [ref] } }]),
      deployAndInfer('multi', [{ ModelInference: { models: [ref, ref] } }]),
      deployAndInfer('check', [{ ModelInference: { models: [ref] } }, { Check: { tree: ['true'] } }])
    ])
    expect([twice.status, twice.json]).toEqual([
      400,
      {
        code: 400,
        status: 'error',
        error: 'pipeline step 2 (model "chained"): input "dense_input" expects [N,29] but step 1 output "dense_1" is [N,1]',
        source: 'engine'
      }
    ])
    expect([multi.status, multi.json]).toEqual([
      501,
      {
        code: 501,
        status: 'error',
        error:
          'not implemented by the emulator: pipeline step 1 is a ModelInference step with 2 models ("chained", "chained") that is not a shadow deploy (AuditResults and MultiOut must follow it as the last steps); the emulator runs one model per step otherwise',
        source: 'platform'
      }
    ])
    expect([split.status, split.json.error]).toEqual([
      501,
      'not implemented by the emulator: pipeline step 2 is a Check step; the emulator runs ModelInference and RandomSplit steps, and shadow deploys (ModelInference with several models, then AuditResults and MultiOut as the last steps)'
    ])
  })
})
