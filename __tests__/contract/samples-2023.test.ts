/**
 * Contract: the emulator in profile 2023.4 against the 2023-era recordings in
 * ../shared/wallaroo-api-samples ([PM] pipeline management ~2023-11/12, [ARM] 2023-08,
 * and the 2023-05 model-management outputs). Each case drives the emulator into the
 * recorded state, sends the recorded request with the ids the emulator assigned, and
 * compares the answer with the recording (see normalize.ts and known-differences.ts).
 */
import { it, expect, beforeAll } from '@jest/globals'
import {
  describeWithSamples,
  recording,
  expectLikeRecording,
  expectStatus,
  useContractEmulator,
  createWorkspace,
  setupDeployment,
  ccfraudBytes,
  xgboostBytes,
  readyRef,
  deploySteps,
  expectLikeTutorial,
  fixturesDir,
  recordedClaimsOf,
  CCFRAUD_SHA
} from './harness.js'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { MODEL_SPLIT_2023, SHADOW_SMOKE_2023_10 } from './tutorial-recordings.js'
import { TEST_CREDENTIALS, type WallarooSession } from '../helpers/wallaroo-session.js'

type Json = any

/** The [PM] notebook's names, so literal fields (names, URLs, last_model) compare as recorded. */
const PM = { workspace: 'api-pipeline-workspace', model: 'api-sample-model', pipeline: 'api-pipeline-with-models' }

describeWithSamples('2023 recordings', 'profile 2023.4', () => {
  const emu = useContractEmulator('2023.4')
  let s: WallarooSession
  beforeAll(() => {
    s = emu.session
  })
  const workspace = (name: string) => createWorkspace(s, name)

  it('auth_token.json#/decoded_access_token_claims_sdk_client_2023: an sdk-client token carries the recorded claims and lives 60 s', async () => {
    const form = recording('auth_token.json', '/sdk_client_password_grant_as_used_by_sdk/request/form')
    const res = await s.tokenRequest({ ...form, username: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password })
    expect(res.status).toBe(200)
    const recorded = recording('auth_token.json', '/decoded_access_token_claims_sdk_client_2023')
    const claims = recordedClaimsOf((res.json as Json).access_token, recorded)
    // `sub` is redacted in the recording ("<keycloak user uuid>"): any string.
    expectLikeRecording('auth_token.json', '/decoded_access_token_claims_sdk_client_2023', claims, { typeOnly: ['/sub'] })
  })

  it('pipelines_create.json: empty pipeline, same request again, with a model step, and again', async () => {
    const ws = await workspace(PM.workspace)
    const empty = recording('pipelines_create.json', '/empty/request/body')
    const first = await s.postOk('/v1/api/pipelines/create', { ...empty, workspace_id: ws })
    expectLikeRecording('pipelines_create.json', '/empty/response', first)
    const again = await s.postOk<Json>('/v1/api/pipelines/create', { ...empty, workspace_id: ws })
    expectLikeRecording('pipelines_create.json', '/empty/same_request_again', again)
    expect(again.pipeline_pk_id).toBe((first as Json).pipeline_pk_id)

    const versionId = await s.uploadModel({ name: PM.model, workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    const withModel = recording('pipelines_create.json', '/with_model_step/request/body')
    withModel.workspace_id = ws
    withModel.definition.steps[0].ModelInference.models[0].version = mv.file_info.version
    const created = await s.postOk<Json>('/v1/api/pipelines/create', withModel)
    expectLikeRecording('pipelines_create.json', '/with_model_step/response', created)
    const recreated = await s.postOk<Json>('/v1/api/pipelines/create', withModel)
    expectLikeRecording('pipelines_create.json', '/with_model_step/same_request_again', recreated)
    expect(recreated.pipeline_pk_id).toBe(created.pipeline_pk_id)
    expect(recreated.pipeline_variant_pk_id).toBeGreaterThan(created.pipeline_variant_pk_id)
  })

  it('pipelines_deploy.json#/with_models, status_get_deployment.json#/running_2023, admin_get_pipeline_external_url.json#/response', async () => {
    const ws = await workspace(PM.workspace)
    const versionId = await s.uploadModel({ name: PM.model, workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    await s.waitForModelReady(versionId)
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    const ref = { name: PM.model, version: mv.file_info.version, sha: CCFRAUD_SHA }
    const created = await s.postOk<Json>('/v1/api/pipelines/create', {
      pipeline_id: PM.pipeline,
      workspace_id: ws,
      definition: { steps: [{ ModelInference: { models: [ref] } }] }
    })

    const body = recording('pipelines_deploy.json', '/with_models/request/body')
    Object.assign(body, { pipeline_version_pk_id: created.pipeline_variant_pk_id, pipeline_id: created.pipeline_pk_id, models: [ref] })
    const deployed = await s.postOk<Json>('/v1/api/pipelines/deploy', body)
    expectLikeRecording('pipelines_deploy.json', '/with_models/response', deployed)

    const name = `${PM.pipeline}-${deployed.id}`
    const seen = await s.waitForDeployment(name, 'Running')
    const running = seen[seen.length - 1].json as Json
    // UUIDs are normalised away, so check separately that the status names our model version.
    expect(running.engines[0].model_statuses.models[0].version).toBe(mv.file_info.version)
    expectLikeRecording('status_get_deployment.json', '/running_2023/response', running)

    const url = await s.postOk('/v1/api/admin/get_pipeline_external_url', { workspace_id: ws, pipeline_name: PM.pipeline })
    expectLikeRecording('admin_get_pipeline_external_url.json', '/response', url)
    expect((url as Json).url).toBe(`${emu.url}/v1/api/pipelines/infer/${name}/${PM.pipeline}`)
  })

  it('inference_pandas_records.json#/nested_2023_12: the recorded request answers the recorded record', async () => {
    const dep = await setupDeployment(s, PM)
    const req = recording('inference_pandas_records.json', '/nested_2023_12/request')
    const res = await s.infer(dep.inferUrl, JSON.stringify(req.body), req.headers['Content-Type'])
    expect(res.status).toBe(200)
    expect(res.contentType).toContain('application/json')
    // Timing is the emulator's own; everything else (input echo, 0.0014974177, last_model, '' version) is literal.
    expectLikeRecording('inference_pandas_records.json', '/nested_2023_12/response', res.json, { typeOnly: ['/*/metadata/elapsed/*'] })
    const status = (await s.getDeployment(dep.deploymentName)).json as Json
    expect((res.json as Json)[0].metadata.partition).toBe(status.engines[0].name)
  })

  it('pipelines_undeploy.json#/response_2023_curl: 200 with a null body, then get_deployment answers 404', async () => {
    const dep = await setupDeployment(s, PM)
    const body = { ...recording('pipelines_undeploy.json', '/request/body'), pipeline_id: dep.pipelineId, deployment_id: dep.deploymentId }
    const res = await s.post('/v1/api/pipelines/undeploy', body)
    expect(res.status).toBe(200)
    expectLikeRecording('pipelines_undeploy.json', '/response_2023_curl', res.json)
    await s.waitForDeployment(dep.deploymentName, 'gone')
  })

  it('pipelines_deploy.json#/with_engine_config_nested: nested engine_config (arch arm); a redeploy after undeploy keeps the id', async () => {
    const dep = await setupDeployment(s, { workspace: 'arm-workspace', model: 'arm-model', pipeline: 'arm-classification-example' })
    await s.postOk('/v1/api/pipelines/undeploy', { pipeline_id: dep.pipelineId, deployment_id: dep.deploymentId })
    const body = recording('pipelines_deploy.json', '/with_engine_config_nested/request/body')
    Object.assign(body, {
      pipeline_version_pk_id: dep.pipelineVersionPkId,
      pipeline_id: dep.pipelineId,
      models: [{ name: 'arm-model', version: dep.modelVersionUuid, sha: CCFRAUD_SHA }]
    })
    const res = await s.postOk<Json>('/v1/api/pipelines/deploy', body)
    expectLikeRecording('pipelines_deploy.json', '/with_engine_config_nested/response', res)
    expect(res.id).toBe(dep.deploymentId)
    await s.waitForDeployment(dep.deploymentName, 'Running')
  })

  it('pipelines_copy.json: both recorded copies answer {pipeline_pk_id, pipeline_variant_pk_id, pipeline_version: null, deployment: null}', async () => {
    const dep = await setupDeployment(s, PM)
    for (const at of ['', '/curl_variant']) {
      const body = { ...recording('pipelines_copy.json', `${at}/request${at ? '' : '/body'}`), workspace_id: dep.workspaceId, source_pipeline: dep.pipelineId }
      const res = await s.postOk<Json>('/v1/api/pipelines/copy', body)
      expectLikeRecording('pipelines_copy.json', `${at}/response`, res)
      expect(res.pipeline_pk_id).not.toBe(dep.pipelineId)
    }
  })

  it('models_upload_legacy.json: 2023.1 form-field upload to models/upload, models/get_by_id, and models/upload_stream', async () => {
    const ws = await workspace('legacy-workspace')
    const form = recording('models_upload_legacy.json', '/upload/request/form_fields')
    const up = await s.upload('/v1/api/models/upload', [
      { name: 'name', data: form.name },
      { name: 'visibility', data: form.visibility },
      { name: 'workspace_id', data: String(ws) },
      { name: 'file', data: ccfraudBytes(), filename: 'ccfraud.onnx', contentType: 'application/octet-stream' }
    ])
    expect([200, 202]).toContain(up.status)
    expectLikeRecording('models_upload_legacy.json', '/upload/response', up.json)

    const stream = recording('models_upload_legacy.json', '/upload_stream_2023/request/form_fields')
    const st = await s.upload('/v1/api/models/upload_stream', [
      { name: 'name', data: stream.name },
      { name: 'filename', data: stream.filename },
      { name: 'visibility', data: stream.visibility },
      { name: 'workspace_id', data: String(ws) },
      { name: 'file', data: ccfraudBytes(), filename: 'ccfraud.onnx', contentType: 'application/octet-stream' }
    ])
    expect([200, 202]).toContain(st.status)
    expectLikeRecording('models_upload_legacy.json', '/upload_stream_2023/response', st.json)

    // get_by_id takes the *model* id, as models/list shows it (§12); an unknown one answers the recorded 400.
    const models = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    const id = models.models.find((m: Json) => m.name === form.name).id
    const byId = await s.post('/v1/api/models/get_by_id', { id })
    expectStatus(byId, 200, 'POST /v1/api/models/get_by_id')
    expectLikeRecording('models_upload_legacy.json', '/get_by_id/response', byId.json)
    expect((byId.json as Json).model_config).toEqual({ id: expect.any(Number), runtime: 'onnx', tensor_fields: null, filter_threshold: null })
    const unknown = await s.post('/v1/api/models/get_by_id', { id: id + 1000 })
    expect([unknown.status, unknown.json]).toEqual([400, { msg: 'The provided model id was not found.', code: 400 }])
  })

  it('models_list.json#/response_2023_05_shape: flat {id, name, owner_id, created_at, updated_at}, newest first', async () => {
    const ws = await workspace('model-list-workspace')
    for (const name of ['apimodel', 'apiteststreammodel']) {
      await s.uploadModel({ name, workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    }
    const res = await s.postOk('/v1/api/models/list', { workspace_id: ws })
    expectLikeRecording('models_list.json', '/response_2023_05_shape', res)
  })

  it('models_list_versions.json#/older_recording_2023_05: one ready version, owner_id \'""\'', async () => {
    const ws = await workspace('list-versions-workspace')
    const versionId = await s.uploadModel({ name: 'apimodel', workspaceId: ws, file: ccfraudBytes(), fileName: 'apimodel' })
    await s.waitForModelReady(versionId)
    const models = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    const modelsPkId = models.models[0].id
    const res = await s.postOk('/v1/api/models/list_versions', { model_id: 'apimodel', models_pk_id: modelsPkId })
    expectLikeRecording('models_list_versions.json', '/older_recording_2023_05/response', res)
  })

  it('models_config.json#/get_config_by_id: the config exists right after upload (the 2023-05 null is a known difference)', async () => {
    const ws = await workspace('config-workspace')
    const versionId = await s.uploadModel({ name: 'apimodel', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const res = await s.postOk('/v1/api/models/get_config_by_id', { model_id: versionId })
    expectLikeRecording('models_config.json', '/get_config_by_id/response', res)
  })

  it('shadow deploy (tutorial, 2023-10-19): out.dense_1, check_failures, then out_<challenger>.variable in the recorded order', async () => {
    const ws = await workspace('ccfraudcomparisondemo')
    const champion = await readyRef(s, ws, 'ccfraud-lstm', ccfraudBytes(), 'keras_ccfraud.onnx')
    const challenger = await readyRef(s, ws, 'ccfraud-xgbdmyb', xgboostBytes(), 'xgboost_ccfraud.onnx')
    const dep = await deploySteps(s, ws, 'ccshadowdmyb', [
      { ModelInference: { models: [champion.ref, challenger.ref] } },
      { AuditResults: { from: 1, to: null } },
      { MultiOut: {} }
    ])
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')
    const res = await s.infer(dep.inferUrl, smoke, 'application/json; format=pandas-records', { query: 'dataset.separator=.&dataset.exclude%5B%5D=metadata' })
    const record = (res.json as Json[])[0]
    const recorded = SHADOW_SMOKE_2023_10.value
    // The third recorded model (ccfraud-rfdmyb) is not available; the rest keeps the recorded order and values.
    expect(Object.keys(record)).toEqual(recorded.columns.filter((c: string) => c !== 'out_ccfraud-rfdmyb.variable'))
    expect(record['check_failures']).toEqual([])
    expect(record['out.dense_1'][0]).toBeCloseTo(recorded['out.dense_1'][0], 9)
    expect(record['out_ccfraud-xgbdmyb.variable'][0]).toBeCloseTo(recorded['out_ccfraud-xgbdmyb.variable'][0], 9)
  })

  it('A/B split (tutorial, 2023-05-18): out._model_split is a list of one JSON text {name, version, sha} naming the model that answered', async () => {
    const ws = await workspace('abtesting')
    const control = await readyRef(s, ws, 'aloha-control', ccfraudBytes(), 'ccfraud.onnx')
    const challenger = await readyRef(s, ws, 'aloha-challenger', xgboostBytes(), 'xgboost_ccfraud.onnx')
    const dep = await deploySteps(s, ws, 'randomsplitpipeline-demo', [
      {
        RandomSplit: {
          hash_key: 'session_id',
          weights: [
            { model: control.ref, weight: 2 },
            { model: challenger.ref, weight: 1 }
          ]
        }
      }
    ])
    const smoke = readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')
    const res = await s.infer(dep.inferUrl, smoke, 'application/json; format=pandas-records')
    const split = (res.json as Json[])[0].out._model_split
    expect(split).toEqual([expect.any(String)])
    const answered = JSON.parse(split[0])
    expectLikeTutorial(MODEL_SPLIT_2023.source, MODEL_SPLIT_2023.value, answered, { keepShas: new Set(), skip: ['/name'] })
    expect([control.ref, challenger.ref]).toContainEqual(answered)
  })
})
