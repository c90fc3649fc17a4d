/**
 * Contract: the emulator in profile 2025.2 against the 2024–2026 recordings in
 * ../shared/wallaroo-api-samples ([MM] 2026-01 on 2025.2.1, [INF] 2026-01, [WM] 2024-07,
 * [BYOP] 2025-12/2026-01, [SPEC] and the SDK-UT fixtures). Each case drives the emulator
 * into the recorded state, sends the recorded request with the ids the emulator assigned,
 * and compares the answer with the recording (see normalize.ts and known-differences.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { it, expect, beforeAll } from '@jest/globals'
import { tableFromIPC } from 'apache-arrow'
import {
  describeWithSamples,
  fixturesDir,
  recording,
  expectLikeRecording,
  expectStatus,
  useContractEmulator,
  createWorkspace,
  setupDeployment,
  ccfraudBytes,
  recordedClaimsOf,
  xgboostBytes,
  readyRef,
  deploySteps,
  expectLikeTutorial,
  CCFRAUD_SHA
} from './harness.js'
import { MODEL_SPLIT_2024_4, SHADOW_SMOKE_2024_04 } from './tutorial-recordings.js'
import { TEST_CREDENTIALS, type WallarooSession } from '../helpers/wallaroo-session.js'

type Json = any

/** A valid ZIP archive holding one empty file (stored, CRC 0): enough for an upload that must look like a BYOP zip. */
function minimalZip(name: string): Uint8Array {
  const n = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(10, 4) // version needed
  local.writeUInt16LE(n.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(10, 6)
  central.writeUInt16LE(n.length, 28)
  const cdOffset = local.length + n.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + n.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return new Uint8Array(Buffer.concat([local, n, central, n, end]))
}

const PANDAS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'
/** The [INF] notebook's names. */
const INF = { workspace: 'apiinferenceexampleworkspace', model: 'ccfraud', pipeline: 'apiinferenceexamplepipeline' }

describeWithSamples('2024–2026 recordings', 'profile 2025.2', () => {
  const emu = useContractEmulator('2025.2')
  let s: WallarooSession
  beforeAll(() => {
    s = emu.session
  })
  const workspace = (name: string) => createWorkspace(s, name)

  /** The emulator's "<email> - Default Workspace", where the [MM] notebook uploads (its id 108). */
  async function defaultWorkspace(): Promise<number> {
    const list = await s.postOk<Json>('/v1/api/workspaces/list', {})
    const ws = list.workspaces.find((w: Json) => w.name === `${TEST_CREDENTIALS.user} - Default Workspace`)
    if (!ws) throw new Error(`no default workspace in ${JSON.stringify(list)}`)
    return ws.id
  }

  // ---- auth ----

  it('auth_token.json: password, refresh and sdk-client grants answer the recorded token shape; client credentials an access token', async () => {
    const lifetimes = { typeOnly: ['/expires_in', '/refresh_expires_in'] } // per install (§2.1), not a contract
    const password = await s.passwordGrant()
    expect(password.status).toBe(200)
    expectLikeRecording('auth_token.json', '/password_grant/response', password.json, lifetimes)
    // The recorded api-client grant's lifetime is what the 2025.2 profile issues by default.
    expect((password.json as Json).expires_in).toBe(recording('auth_token.json', '/password_grant/response/expires_in'))

    const refresh = await s.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: (password.json as Json).refresh_token },
      `api-client:${TEST_CREDENTIALS.clientSecret}`
    )
    expect(refresh.status).toBe(200)
    expectLikeRecording('auth_token.json', '/password_grant/response', refresh.json, lifetimes)

    const sdk = recording('auth_token.json', '/sdk_client_password_grant_as_used_by_sdk/request/form')
    const sdkRes = await s.tokenRequest({ ...sdk, username: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password })
    expect(sdkRes.status).toBe(200)
    expectLikeRecording('auth_token.json', '/password_grant/response', sdkRes.json, lifetimes)
    const recordedClaims = recording('auth_token.json', '/decoded_access_token_claims_sdk_client_2026')
    const claims = recordedClaimsOf((sdkRes.json as Json).access_token, recordedClaims)
    expectLikeRecording('auth_token.json', '/decoded_access_token_claims_sdk_client_2026', claims, { typeOnly: ['/exp_minus_iat_seconds'] })
    expect(claims.iss).toBe(`${emu.url}/auth/realms/master`)

    const cc = await s.tokenRequest(recording('auth_token.json', '/client_credentials_grant/request/form'), `api-client:${TEST_CREDENTIALS.clientSecret}`)
    expect(cc.status).toBe(200)
    expect((cc.json as Json).access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  // ---- workspaces ----

  it('workspaces_create.json: both recorded creates answer {workspace_id}', async () => {
    for (const at of ['', '/other_recorded']) {
      const body = recording('workspaces_create.json', `${at}/request${at ? '' : '/body'}`)
      const res = await s.postOk('/v1/api/workspaces/create', body)
      expectLikeRecording('workspaces_create.json', `${at}/response`, res)
    }
  })

  it('workspaces_list.json: the default workspace plus one with a model and a pipeline', async () => {
    const ws = await workspace('ccfraudworkspace')
    const versionId = await s.uploadModel({ name: 'ccfraud', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    await s.postOk('/v1/api/pipelines/create', {
      pipeline_id: 'ccfraud-pipeline',
      workspace_id: ws,
      definition: { steps: [{ ModelInference: { models: [{ name: 'ccfraud', version: mv.file_info.version, sha: CCFRAUD_SHA }] } }] }
    })
    const res = await s.postOk('/v1/api/workspaces/list', recording('workspaces_list.json', '/request/body'))
    expectLikeRecording('workspaces_list.json', '/response', res)
  })

  it('workspaces_users.json: add_user answers {}, list_users the members, remove_user affected_rows 1 then 0', async () => {
    const ws = await workspace('sampleapiworkspace-requests')
    const add = await s.post('/v1/api/workspaces/add_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })
    expectStatus(add, 200, 'POST /v1/api/workspaces/add_user')
    expectLikeRecording('workspaces_users.json', '/add_user/response', add.json)
    const list = await s.post('/v1/api/workspaces/list_users', { workspace_id: ws })
    expectStatus(list, 200, 'POST /v1/api/workspaces/list_users')
    expectLikeRecording('workspaces_users.json', '/list_users/response', list.json, { anyLength: ['/users'], typeOnly: ['/users/*/user_type'] })
    const removed = await s.post('/v1/api/workspaces/remove_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })
    expectLikeRecording('workspaces_users.json', '/remove_user/response', removed.json)
    const again = await s.post('/v1/api/workspaces/remove_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })
    expectLikeRecording('workspaces_users.json', '/remove_user/second_call_same_user', again.json)
  })

  // ---- models ----

  it('models_upload_and_convert.json: onnx, pytorch (schemas at the top level) and custom uploads answer 202 insert_models', async () => {
    const ws = await defaultWorkspace()
    const variants: Array<[string, string, Uint8Array, string]> = [
      ['', '/request/parts/metadata/json', ccfraudBytes(), 'ccfraud.onnx'],
      ['/pytorch_variant', '/pytorch_variant/metadata', new Uint8Array(Buffer.from('not really a torchscript file')), 'model.pt'],
      ['/custom_byop_variant', '/custom_byop_variant/metadata', minimalZip('requirements.txt'), 'byop.zip']
    ]
    for (const [at, metaAt, bytes, fileName] of variants) {
      const meta = { ...recording('models_upload_and_convert.json', metaAt), workspace_id: ws }
      const res = await s.upload('/v1/api/models/upload_and_convert', [
        { name: 'metadata', data: JSON.stringify(meta), contentType: 'application/json' },
        { name: 'file', data: bytes, filename: fileName, contentType: 'application/octet-stream' }
      ])
      expect([at, res.status]).toEqual([at, recording('models_upload_and_convert.json', '/response_status')])
      expectLikeRecording('models_upload_and_convert.json', `${at}/response`, res.json)
    }
  })

  it('models_get_version_by_id.json#/response: the version right after upload, with its config', async () => {
    const ws = await defaultWorkspace()
    const meta = recording('models_upload_and_convert.json', '/request/parts/metadata/json')
    const versionId = await s.uploadModel({ name: meta.name, workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const res = await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })
    expectLikeRecording('models_get_version_by_id.json', '/response', res)
    const statuses = ['uploading', 'pending_load_native', 'attempting_load_native', 'pending_load_container', 'attempting_load_container', 'ready']
    expect(statuses).toContain(res.model_version.model_version.status)
  })

  it('models_list.json#/response_2025_2_one_entry: one model, its two versions newest first, and the workspace', async () => {
    const ws = await defaultWorkspace()
    for (let i = 0; i < 2; i++) await s.uploadModel({ name: 'api-sample-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const res = await s.postOk<Json>('/v1/api/models/list', { ...recording('models_list.json', '/request/body'), workspace_id: ws })
    expectLikeRecording('models_list.json', '/response_2025_2_one_entry', res)
    const [newer, older] = res.models[0].model_versions
    expect(newer.model_version.id).toBeGreaterThan(older.model_version.id)
  })

  it('models_list.json#/ready_version_with_arch_accel: a ready version with conversion arch/accel', async () => {
    const ws = await defaultWorkspace()
    const versionId = await s.uploadModel({
      name: 'yolov8n-openvino',
      workspaceId: ws,
      file: ccfraudBytes(),
      fileName: 'yolov8n.onnx',
      visibility: 'private',
      conversion: { arch: 'x86', accel: 'openvino' }
    })
    await s.waitForModelReady(versionId)
    const res = await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })
    // The recorded file is another model: its sha is normalised away like any other file's.
    expectLikeRecording('models_list.json', '/ready_version_with_arch_accel', { model_version: res.model_version.model_version }, { keepShas: new Set() })
  })

  it('models_list_versions.json#/response: name matches across workspaces plus the loose models_pk_id match', async () => {
    const other = await workspace('another-workspace')
    const ws = await defaultWorkspace()
    const elsewhere = await s.uploadModel({ name: 'api-sample-model', workspaceId: other, file: ccfraudBytes(), fileName: 'keras_ccfraud.onnx' })
    await s.waitForModelReady(elsewhere)
    await s.uploadModel({ name: 'ccfraud', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const v1 = await s.uploadModel({ name: 'api-sample-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const v2 = await s.uploadModel({ name: 'api-sample-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const models = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    const ccfraudModelId = models.models.find((m: Json) => m.model.name === 'ccfraud').model.id

    // The recorded call passed a number that happened to be both a version id and the 'ccfraud' model's id.
    const res = await s.postOk<Json[]>('/v1/api/models/list_versions', { model_id: 'api-sample-model', models_pk_id: ccfraudModelId })
    expect(res.map((v) => v.model_id).sort()).toEqual(['api-sample-model', 'api-sample-model', 'api-sample-model', 'ccfraud'])
    const byRole = [res.find((v) => v.id === elsewhere), res.find((v) => v.id === v2), res.find((v) => v.id === v1), res.find((v) => v.model_id === 'ccfraud')]
    // Roles as recorded: another workspace's ready version, then two fresh versions, then the loose match.
    expectLikeRecording('models_list_versions.json', '/response', byRole)
  })

  it('models_config.json: get_config_by_id and insert_model_config', async () => {
    const ws = await defaultWorkspace()
    const versionId = await s.uploadModel({ name: 'api-sample-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const got = await s.postOk('/v1/api/models/get_config_by_id', { model_id: versionId })
    expectLikeRecording('models_config.json', '/get_config_by_id/response', got)
    const body = { ...recording('models_config.json', '/insert_model_config/request/body'), model_version_id: versionId }
    const inserted = await s.postOk('/v1/api/models/insert_model_config', body)
    expectLikeRecording('models_config.json', '/insert_model_config/response', inserted)
  })

  // ---- deploy, status, url, undeploy ----

  it('pipelines_deploy.json#/with_model_ids, status_get_deployment.json#/running_2026, admin url #/response_2026', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const status = await s.getDeployment(dep.deploymentName)
    expect(status.status).toBe(200)
    expectLikeRecording('status_get_deployment.json', '/running_2026/response', status.json)
    const model = (status.json as Json).engines[0].model_statuses.models[0]
    expect(model.model_version_id).toBe(dep.modelVersionId)
    expect((status.json as Json).engines[0].pipeline_statuses.pipelines[0].version).toBe(dep.pipelineVersionUuid)

    const url = await s.postOk('/v1/api/admin/get_pipeline_external_url', { workspace_id: dep.workspaceId, pipeline_name: INF.pipeline })
    expectLikeRecording('admin_get_pipeline_external_url.json', '/response_2026', url)

    // Redeploy with the [INF] body (model_ids): same deployment id.
    const body = { ...recording('pipelines_deploy.json', '/with_model_ids/request/body') }
    Object.assign(body, { pipeline_version_pk_id: dep.pipelineVersionPkId, pipeline_id: dep.pipelineId, model_ids: [dep.modelVersionId] })
    const res = await s.postOk<Json>('/v1/api/pipelines/deploy', body)
    expectLikeRecording('pipelines_deploy.json', '/with_model_ids/response', res)
    expect(res.id).toBe(dep.deploymentId)
  })

  it('pipelines_deploy.json#/sdk_2025_body_shape: deploy_id + pipeline_version_pk_id + engine_config only; models come from the steps', async () => {
    const ws = await defaultWorkspace()
    const versionId = await s.uploadModel({ name: 'ccfraud', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    await s.waitForModelReady(versionId)
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    const created = await s.postOk<Json>('/v1/api/pipelines/create', {
      pipeline_id: 'sdk-pipeline',
      workspace_id: ws,
      definition: { steps: [{ ModelInference: { models: [{ name: 'ccfraud', version: mv.file_info.version, sha: CCFRAUD_SHA }] } }] }
    })
    const body = recording('pipelines_deploy.json', '/sdk_2025_body_shape/body')
    Object.assign(body, { deploy_id: 'sdk-pipeline', pipeline_version_pk_id: created.pipeline_variant_pk_id })
    body.engine_config.workspace_id = ws
    const res = await s.postOk<Json>('/v1/api/pipelines/deploy', body)
    expectLikeRecording('pipelines_deploy.json', '/with_model_ids/response', res)
    const seen = await s.waitForDeployment(`sdk-pipeline-${res.id}`, 'Running')
    const running = seen[seen.length - 1].json as Json
    expect(running.engines[0].model_statuses.models.map((m: Json) => m.model_version_id)).toEqual([versionId])
  })

  it('pipelines_undeploy.json#/response_2026_requests: 200 {}; the SDK body {deployment_id} alone is enough', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const res = await s.post('/v1/api/pipelines/undeploy', { pipeline_id: dep.pipelineId, deployment_id: dep.deploymentId })
    expect(res.status).toBe(200)
    expectLikeRecording('pipelines_undeploy.json', '/response_2026_requests', res.json)
    await s.waitForDeployment(dep.deploymentName, 'gone')

    await s.postOk('/v1/api/pipelines/deploy', { deploy_id: INF.pipeline, pipeline_version_pk_id: dep.pipelineVersionPkId, model_ids: [dep.modelVersionId] })
    await s.waitForDeployment(dep.deploymentName, 'Running')
    const sdkUndeploy = await s.post('/v1/api/pipelines/undeploy', { deployment_id: dep.deploymentId })
    expect(sdkUndeploy.status).toBe(200)
    expectLikeRecording('pipelines_undeploy.json', '/response_2026_requests', sdkUndeploy.json)
    await s.waitForDeployment(dep.deploymentName, 'gone')
  })

  it('status_get_deployment.json#/starting_containerized_2025_12: a containerized model shows its sidekick pod while Starting', async () => {
    const ws = await defaultWorkspace()
    const name = 'vgg16-clustering-error-tests'
    const versionId = await s.uploadModel({
      name,
      workspaceId: ws,
      file: minimalZip('requirements.txt'),
      fileName: 'vgg16.zip',
      framework: 'custom',
      extra: { input_schema: 'c2NoZW1h', output_schema: 'c2NoZW1h' }
    })
    await s.waitForModelReady(versionId)
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    const created = await s.postOk<Json>('/v1/api/pipelines/create', {
      pipeline_id: name,
      workspace_id: ws,
      definition: { steps: [{ ModelInference: { models: [{ name, version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
    })
    const dep = await s.postOk<Json>('/v1/api/pipelines/deploy', {
      deploy_id: name,
      pipeline_version_pk_id: created.pipeline_variant_pk_id,
      model_ids: [versionId]
    })
    const starting = await s.getDeployment(`${name}-${dep.id}`)
    expect(starting.status).toBe(200)
    // The recording repeats each unready-container line once per check; how many times is not a contract.
    expectLikeRecording('status_get_deployment.json', '/starting_containerized_2025_12/response', starting.json, {
      keepShas: new Set(),
      anyLength: ['/engines/0/details', '/sidekicks/0/details']
    })
  })

  it('status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/ERROR: a deployment forced to Error shows a Pending engine with the scheduler reason', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const forced = await fetch(`${emu.url}/_emulator/deployments/${dep.deploymentName}/error`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '0/1 nodes are available: 1 Insufficient cpu.' })
    })
    expect(forced.status).toBeLessThan(300)
    const res = await s.getDeployment(dep.deploymentName)
    expect(res.status).toBe(200)
    expectLikeRecording('status_get_deployment.json', '/sdk_unit_test_fixtures_NOT_recorded/ERROR', res.json)
  })

  it('status_get_deployment.json#/not_deployed: HTTP 404 for a name that is not deployed', async () => {
    const res = await s.getDeployment(recording('status_get_deployment.json', '/request/body').name)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ msg: expect.any(String), code: 404 })
  })

  // ---- inference ----

  it('inference_pandas_records.json#/nested_2025_anomaly: anomaly {count}, pipeline_version is the version UUID', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')
    const res = await s.infer(dep.inferUrl, smoke, PANDAS)
    expect(res.status).toBe(200)
    const record = (res.json as Json[])[0]
    // last_model names the recorded 'aloha' model; put ours in its place after checking ours is right.
    expect(JSON.parse(record.metadata.last_model)).toEqual({ model_name: INF.model, model_sha: CCFRAUD_SHA })
    expect(record.metadata.pipeline_version).toBe(dep.pipelineVersionUuid)
    const recorded = recording('inference_pandas_records.json', '/nested_2025_anomaly/response_record')
    record.metadata.last_model = recorded.metadata.last_model
    expectLikeRecording('inference_pandas_records.json', '/nested_2025_anomaly/response_record', record, {
      typeOnly: ['/metadata/elapsed/*'],
      keepShas: new Set()
    })
  })

  it('inference_pandas_records.json#/flattened_2024_07: dataset.separator=. flattens the record; row 0 of the 1k file answers 0.99300325', async () => {
    const dep = await setupDeployment(s, { workspace: 'flatten-workspace', model: 'api-sample-model', pipeline: 'flatten-pipeline' }, 'model_ids')
    const rows = JSON.parse(readFileSync(path.join(fixturesDir, 'cc_data_1k.df.json'), 'utf8')) as Array<{ tensor: number[] }>
    const res = await s.infer(dep.inferUrl, JSON.stringify([{ dense_input: rows[0].tensor }]), PANDAS, { query: 'dataset.separator=.' })
    expect(res.status).toBe(200)
    const record = (res.json as Json[])[0]
    expect(record['in.dense_input']).toHaveLength(29)
    expectLikeRecording('inference_pandas_records.json', '/flattened_2024_07/record', record, {
      typeOnly: ['/in.dense_input', '/metadata.elapsed/*']
    })
  })

  it('inference_pandas_records.json#/arrow: an Arrow IPC file in, an Arrow IPC file out with time, in, out, anomaly, metadata', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const body = new Uint8Array(readFileSync(path.join(fixturesDir, 'cc_data_10k.arrow')))
    const headers = recording('inference_pandas_records.json', '/arrow/request_headers')
    const res = await s.infer(dep.inferUrl, body, headers['Content-Type'], { accept: headers.Accept })
    expect(res.status).toBe(200)
    expect(res.contentType).toContain(ARROW)
    const table = tableFromIPC(res.bytes)
    const top = [...new Set(table.schema.fields.map((f) => f.name.split('.')[0]))]
    expect(top).toEqual(['time', 'in', 'out', 'anomaly', 'metadata'])
  })

  it('inference_errors.json#/401, #/404, #/400, #/503: the engine/platform error bodies', async () => {
    const dep = await setupDeployment(s, INF, 'model_ids')
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')

    const noToken = await s.infer(dep.inferUrl, smoke, PANDAS, { token: null })
    expect(noToken.status).toBe(401)
    expectLikeRecording('inference_errors.json', '/401', noToken.json)

    const unknown = dep.inferUrl.replace(`${INF.pipeline}-${dep.deploymentId}`, `${INF.pipeline}-${dep.deploymentId + 1000}`)
    const notFound = await s.infer(unknown, smoke, PANDAS)
    expect(notFound.status).toBe(404)
    expectLikeRecording('inference_errors.json', '/404', notFound.json)

    const withNull = JSON.parse(smoke) as Array<{ tensor: Array<number | null> }>
    withNull[0].tensor[3] = null
    const nulls = await s.infer(dep.inferUrl, JSON.stringify(withNull), PANDAS)
    expect(nulls.status).toBe(400)
    expectLikeRecording('inference_errors.json', '/400', nulls.json)

    // A deploy after an undeploy starts cold: the engine answers 503 until it runs (§9.4). (A redeploy of a live
    // deployment keeps the previous rollout serving, like a Kubernetes rolling update.)
    await s.postOk('/v1/api/pipelines/undeploy', { deployment_id: dep.deploymentId })
    await s.postOk('/v1/api/pipelines/deploy', { deploy_id: INF.pipeline, pipeline_version_pk_id: dep.pipelineVersionPkId, model_ids: [dep.modelVersionId] })
    const starting = await s.infer(dep.inferUrl, smoke, PANDAS)
    expect(starting.status).toBe(503)
    expectLikeRecording('inference_errors.json', '/503', starting.json)
  })

  it('mlops_errors.json#/recorded_400_upload_sdk_rendering: a custom model that is not a ZIP is refused with {msg, code: 400}', async () => {
    const ws = await defaultWorkspace()
    const meta = { ...recording('models_upload_and_convert.json', '/custom_byop_variant/metadata'), workspace_id: ws }
    const res = await s.upload('/v1/api/models/upload_and_convert', [
      { name: 'metadata', data: JSON.stringify(meta), contentType: 'application/json' },
      { name: 'file', data: new Uint8Array(Buffer.from('plain text, not a zip')), filename: 'model.zip', contentType: 'application/octet-stream' }
    ])
    expectStatus(res, 400, 'upload_and_convert of a framework-custom file that is not a ZIP')
    expectLikeRecording('mlops_errors.json', '/recorded_400_upload_sdk_rendering/implied_body', res.json)
  })

  it('answers an unknown MLOps route with 404 and says the emulator does not implement it', async () => {
    const res = await s.post('/v1/api/pipelines/not_a_route', {})
    expect(res.status).toBe(404)
    expect(res.text).toMatch(/not implemented by the emulator/)
  })

  it('A/B split: out._model_split holds the newest recorded shape (2024.4: model version and config) of the model that answered', async () => {
    const ws = await workspace('abtesting')
    const control = await readyRef(s, ws, 'logcontrolchallenger01', ccfraudBytes(), 'xgb_model.onnx')
    const challenger = await readyRef(s, ws, 'logcontrolchallenger02', xgboostBytes(), 'gbr_model.onnx')
    for (const id of [control.id, challenger.id]) await s.postOk('/v1/api/models/insert_model_config', { model_version_id: id, tensor_fields: ['tensor'] })
    const dep = await deploySteps(s, ws, 'ab-pipeline', [
      {
        RandomSplit: {
          hash_key: null,
          weights: [
            { model: control.ref, weight: 1 },
            { model: challenger.ref, weight: 0 }
          ]
        }
      }
    ])
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')
    const res = await s.infer(dep.inferUrl, smoke, PANDAS, { query: 'dataset.separator=.' })
    const answered = JSON.parse((res.json as Json[])[0]['out._model_split'][0])
    // Weight 0 is never chosen. Sizes and file names are the test's files'.
    expect(answered.model_version.name).toBe('logcontrolchallenger01')
    expectLikeTutorial(MODEL_SPLIT_2024_4.source, MODEL_SPLIT_2024_4.value, answered, {
      keepShas: new Set(),
      skip: ['/model_version/visibility', '/model_version/file_info/size', '/model_version/created_on_version']
    })
  })

  it("shadow deploy: the 2024 recording's shape and values (champion out.dense_1, challenger out_ccfraud-xgb.variable)", async () => {
    const ws = await workspace('ccfraudcomparisondemo')
    const champion = await readyRef(s, ws, 'ccfraud-lstm', ccfraudBytes(), 'keras_ccfraud.onnx')
    const challenger = await readyRef(s, ws, 'ccfraud-xgb', xgboostBytes(), 'xgboost_ccfraud.onnx')
    const dep = await deploySteps(s, ws, 'ccshadow', [
      { ModelInference: { models: [champion.ref, challenger.ref] } },
      { AuditResults: { from: 1, to: null } },
      { MultiOut: {} }
    ])
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')
    const res = await s.infer(dep.inferUrl, smoke, PANDAS, { query: 'dataset.separator=.&dataset.exclude%5B%5D=metadata' })
    const record = (res.json as Json[])[0]
    expectLikeTutorial(SHADOW_SMOKE_2024_04.source, SHADOW_SMOKE_2024_04.value, record, { skip: ['/out_ccfraud-rf.variable'], floatTolerance: 1e-9 })
    expect(Object.keys(record)).toEqual(['time', 'in.tensor', 'out.dense_1', 'anomaly.count', 'out_ccfraud-xgb.variable'])
  })
})
