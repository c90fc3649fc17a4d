/**
 * Contract: the emulator in profile 2024.1 against what 2024.1 servers recorded: the 2024-07 samples in
 * ../shared/wallaroo-api-samples (workspace users, the flattened inference record) and the tutorial excerpts in
 * tutorial-recordings.ts (nested models/list without the 2025-only keys, get_by_id, A/B and shadow replies), plus
 * the §12 facts no sample holds verbatim (status `version`, undeploy `{}`, 60 s tokens).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { it, expect, beforeAll } from '@jest/globals'
import {
  describeWithSamples,
  fixturesDir,
  expectLikeRecording,
  expectLikeTutorial,
  expectStatus,
  useContractEmulator,
  createWorkspace,
  setupDeployment,
  ccfraudBytes,
  xgboostBytes,
  readyRef,
  deploySteps
} from './harness.js'
import { GET_BY_ID_2023_11, MODELS_LIST_2024_1, MODEL_SPLIT_2024_1, SHADOW_SMOKE_2024_04 } from './tutorial-recordings.js'
import { TEST_CREDENTIALS, type WallarooSession } from '../helpers/wallaroo-session.js'

type Json = any

const PANDAS = 'application/json; format=pandas-records'

describeWithSamples('2024.1 recordings', 'profile 2024.1', () => {
  const emu = useContractEmulator('2024.1')
  let s: WallarooSession
  beforeAll(() => {
    s = emu.session
  })
  const smoke = (): string => readFileSync(path.join(fixturesDir, 'smoke_test.df.json'), 'utf8')

  it('auth_token.json#/password_grant: the recorded token shape; tokens live 60 s, as the one 2024.1 recording shows', async () => {
    const res = await s.passwordGrant()
    expect(res.status).toBe(200)
    expectLikeRecording('auth_token.json', '/password_grant/response', res.json, { typeOnly: ['/expires_in'] })
    expect((res.json as Json).expires_in).toBe(60)
  })

  it('workspaces_users.json (recorded 2024-07): add_user {}, list_users, remove_user 1 then 0', async () => {
    const ws = await createWorkspace(s, 'sampleapiworkspace-requests')
    const add = await s.post('/v1/api/workspaces/add_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })
    expectStatus(add, 200, 'POST /v1/api/workspaces/add_user')
    expectLikeRecording('workspaces_users.json', '/add_user/response', add.json)
    const list = await s.post('/v1/api/workspaces/list_users', { workspace_id: ws })
    expectLikeRecording('workspaces_users.json', '/list_users/response', list.json, { anyLength: ['/users'], typeOnly: ['/users/*/user_type'] })
    expectLikeRecording(
      'workspaces_users.json',
      '/remove_user/response',
      (await s.post('/v1/api/workspaces/remove_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })).json
    )
    expectLikeRecording(
      'workspaces_users.json',
      '/remove_user/second_call_same_user',
      (await s.post('/v1/api/workspaces/remove_user', { email: TEST_CREDENTIALS.user, workspace_id: ws })).json
    )
  })

  it('models/list (tutorial, 2024-07-11 on 2024.1.0): nested, versions newest first, no 2025-only keys; models oldest first', async () => {
    const ws = await createWorkspace(s, 'sampleapiworkspace-requests')
    for (let i = 0; i < 2; i++)
      await s.waitForModelReady(await s.uploadModel({ name: 'api-sample-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' }))
    const res = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    // Recorded mid-conversion in a container; the emulator's versions are ready by now (docs: conversion status).
    expectLikeTutorial(MODELS_LIST_2024_1.source, MODELS_LIST_2024_1.value, res, {
      skip: ['/models/0/model_versions/*/model_version/status', '/models/0/model_versions/*/model_version/task_id']
    })
    await s.uploadModel({ name: 'second-model', workspaceId: ws, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
    const two = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    expect(two.models.map((m: Json) => m.model.name)).toEqual(['api-sample-model', 'second-model'])
  })

  it('models/get_by_id (tutorial, 2023-11-29): keyed by the model id, with its config right after upload; an unknown id answers 400', async () => {
    const ws = await createWorkspace(s, 'get-by-id-workspace')
    await s.uploadModel({
      name: 'api-upload-pytorch-multi-io',
      workspaceId: ws,
      file: new TextEncoder().encode('a torchscript file'),
      fileName: 'model.pt',
      framework: 'pytorch',
      extra: { input_schema: 'c2NoZW1h', output_schema: 'c2NoZW1h' }
    })
    const list = await s.postOk<Json>('/v1/api/models/list', { workspace_id: ws })
    const modelId = list.models[0].model.id
    const res = await s.postOk('/v1/api/models/get_by_id', { id: modelId })
    expectLikeTutorial(GET_BY_ID_2023_11.source, GET_BY_ID_2023_11.value, res)
    const unknown = await s.post('/v1/api/models/get_by_id', { id: modelId + 500 })
    expect([unknown.status, unknown.json]).toEqual([400, { msg: 'The provided model id was not found.', code: 400 }])
  })

  it('status_get_deployment (§12): pipeline statuses carry the version UUID, model statuses no model_version_id; undeploy answers {}', async () => {
    // The [PM] names, so the 2023 recording's literal names compare.
    const dep = await setupDeployment(s, { workspace: 'api-pipeline-workspace', model: 'api-sample-model', pipeline: 'api-pipeline-with-models' }, 'model_ids')
    const status = await s.getDeployment(dep.deploymentName)
    expectLikeRecording('status_get_deployment.json', '/running_2023/response', status.json, { skip: ['/engines/0/pipeline_statuses/pipelines/0/version'] })
    const engine = (status.json as Json).engines[0]
    expect(engine.pipeline_statuses.pipelines[0]).toEqual({ id: 'api-pipeline-with-models', status: 'Running', version: dep.pipelineVersionUuid })
    expect(engine.model_statuses.models[0]).not.toHaveProperty('model_version_id')
    const undeployed = await s.post('/v1/api/pipelines/undeploy', { pipeline_id: dep.pipelineId, deployment_id: dep.deploymentId })
    expect(undeployed.status).toBe(200)
    expectLikeRecording('pipelines_undeploy.json', '/response_2026_requests', undeployed.json)
  })

  it('inference_pandas_records.json#/flattened_2024_07: anomaly.count and the pipeline version UUID', async () => {
    const dep = await setupDeployment(s, { workspace: 'flatten-workspace', model: 'api-sample-model', pipeline: 'flatten-pipeline' }, 'model_ids')
    const rows = JSON.parse(readFileSync(path.join(fixturesDir, 'cc_data_1k.df.json'), 'utf8')) as Array<{ tensor: number[] }>
    const res = await s.infer(dep.inferUrl, JSON.stringify([{ dense_input: rows[0].tensor }]), PANDAS, { query: 'dataset.separator=.' })
    expect(res.status).toBe(200)
    const record = (res.json as Json[])[0]
    expect(record['metadata.pipeline_version']).toBe(dep.pipelineVersionUuid)
    expectLikeRecording('inference_pandas_records.json', '/flattened_2024_07/record', record, { typeOnly: ['/in.dense_input', '/metadata.elapsed/*'] })
  })

  it('shadow deploy (tutorial, 2024-04-16): the champion answers out.dense_1, the challenger out_ccfraud-xgb.variable, in the recorded order', async () => {
    const ws = await createWorkspace(s, 'ccfraudcomparisondemo')
    const champion = await readyRef(s, ws, 'ccfraud-lstm', ccfraudBytes(), 'keras_ccfraud.onnx')
    const challenger = await readyRef(s, ws, 'ccfraud-xgb', xgboostBytes(), 'xgboost_ccfraud.onnx')
    const dep = await deploySteps(s, ws, 'ccshadow', [
      { ModelInference: { models: [champion.ref, challenger.ref] } },
      { AuditResults: { from: 1, to: null } },
      { MultiOut: {} }
    ])
    // What the SDK asks for: flattened with '.', metadata left out.
    const res = await s.infer(dep.inferUrl, smoke(), PANDAS, { query: 'dataset.separator=.&dataset.exclude%5B%5D=metadata' })
    expect(res.status).toBe(200)
    const record = (res.json as Json[])[0]
    // The third recorded model (ccfraud-rf, modelA.onnx) is not available.
    expectLikeTutorial(SHADOW_SMOKE_2024_04.source, SHADOW_SMOKE_2024_04.value, record, { skip: ['/out_ccfraud-rf.variable'], floatTolerance: 1e-9 })
    expect(Object.keys(record)).toEqual(['time', 'in.tensor', 'out.dense_1', 'anomaly.count', 'out_ccfraud-xgb.variable'])
    const nested = (await s.infer(dep.inferUrl, smoke(), PANDAS)).json as Json[]
    expect(Object.keys(nested[0])).toEqual(['time', 'in', 'out', 'anomaly', 'out_ccfraud-xgb', 'metadata'])
    expect(JSON.parse(nested[0].metadata.last_model).model_name).toBe('ccfraud-lstm')
  })

  it('A/B split (tutorial, 2024-04-16): out._model_split is a list of one JSON text with the 2024.1 model version and config', async () => {
    const ws = await createWorkspace(s, 'abtesting')
    const control = await readyRef(s, ws, 'houseprice-control', ccfraudBytes(), 'gbr_model.onnx')
    const challenger = await readyRef(s, ws, 'houseprice-challenger', xgboostBytes(), 'rf_model.onnx')
    for (const id of [control.id, challenger.id]) await s.postOk('/v1/api/models/insert_model_config', { model_version_id: id, tensor_fields: ['tensor'] })
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
    const res = await s.infer(dep.inferUrl, smoke(), PANDAS, { query: 'dataset.separator=.' })
    expect(res.status).toBe(200)
    const split = (res.json as Json[])[0]['out._model_split']
    expect(split).toEqual([expect.any(String)])
    const answered = JSON.parse(split[0])
    // Names, file names and visibility are the test's; the shape, the keys and every other value are the recording's.
    expectLikeTutorial(MODEL_SPLIT_2024_1.source, MODEL_SPLIT_2024_1.value, answered, {
      keepShas: new Set(),
      skip: ['/model_version/name', '/model_version/file_info/file_name', '/model_version/visibility']
    })
    expect(answered.model_version.created_on_version).toBe('2024.1.0')
  })

  it('serves pipelines/list_pipelines by default (a 2024.1 server may have it; --no-list-pipelines takes it away)', async () => {
    const res = await s.post('/v1/api/pipelines/list_pipelines', {})
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ pipelines: [] })
  })
})
