import { describe, it, expect, beforeEach, afterAll } from '@jest/globals'
import { mkdtempSync, rmSync, readdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store, type StoreOptions } from '../../src/emulator/store.js'
import { Persistence } from '../../src/emulator/persistence.js'
import { ModelLoads } from '../../src/emulator/model-loads.js'
import { ApiError } from '../../src/emulator/http.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { adminUser } from '../../src/emulator/users.js'
import { thrownBy } from '../helpers/thrown.js'

let clock = 1_000_000
const MODEL = Buffer.from(buildDemoModel())
const dirs: string[] = []

function newStore(over: Partial<StoreOptions> = {}): Store {
  return new Store({ username: 'admin', profile: '2023.4', startMs: 2000, convertMs: 1000, now: () => clock, ...over })
}

const apiError = (fn: () => unknown): ApiError => thrownBy(fn, ApiError)

function upload(store: Store, name = 'ccfraud', ws = 1, bytes: Buffer = MODEL, framework = 'onnx') {
  return store.uploadModel({ name, visibility: 'private', workspace_id: ws, conversion: { framework } }, bytes, `${name}.onnx`, 'upload_and_convert')
}

function stepsFor(store: Store, ids: number[]) {
  return {
    steps: ids.map((id) => {
      const mv = store.modelVersion(id)
      return { ModelInference: { models: [{ name: mv.name, version: mv.file_info.version, sha: mv.file_info.sha }] } }
    })
  }
}

async function readyModel(store: Store, name = 'ccfraud'): Promise<number> {
  const mv = upload(store, name)
  await store.settleLoads()
  clock += 1000
  expect(store.modelStatus(mv).status).toBe('ready')
  return mv.id
}

beforeEach(() => {
  clock = 1_000_000
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('emulator store: workspaces', () => {
  it("starts with the user's default workspace as id 1", () => {
    expect(newStore().listWorkspaces()).toEqual([expect.objectContaining({ id: 1, name: 'admin@keycloak - Default Workspace', models: [], pipelines: [] })])
  })

  it('creates lowercase DNS-named workspaces with unique names', () => {
    const store = newStore()
    expect(store.createWorkspace('team-a').id).toBe(2)
    expect(apiError(() => store.createWorkspace('team-a'))).toMatchObject({ status: 409 })
    const bad = apiError(() => store.createWorkspace('Team_A'))
    expect(bad.status).toBe(400)
    expect(bad.message).toContain("try 'team-a'")
    expect(apiError(() => store.createWorkspace('ends-')).status).toBe(400)
  })
})

describe('emulator store: workspace users', () => {
  it('lists the creator as OWNER, adds a known user once, removes it (1, then 0 rows)', () => {
    const store = newStore()
    const ws = store.createWorkspace('team').id
    expect(store.members(ws)).toEqual([{ user_id: store.userId, user_type: 'OWNER' }])
    store.addUser(ws, 'admin@keycloak')
    expect(store.members(ws)).toHaveLength(1)
    expect(store.removeUser(ws, { email: 'admin@keycloak' })).toBe(1)
    expect(store.removeUser(ws, { email: 'admin@keycloak' })).toBe(0)
    expect(apiError(() => store.addUser(ws, 'stranger@x.io')).message).toContain("user 'stranger@x.io' not found")
  })
})

describe('emulator store: models', () => {
  it('returns a version id distinct from the model id and adds versions under one model', () => {
    const store = newStore()
    const a = upload(store)
    const b = upload(store)
    expect(a.model_id).not.toBe(a.id)
    expect(b.model_id).toBe(a.model_id)
    expect(b.file_info.sha).toBe(a.file_info.sha)
    expect(b.file_info.version).not.toBe(a.file_info.version)
    expect(a.file_info.sha).toMatch(/^[0-9a-f]{64}$/)
  })

  it('converts pending_load_native → attempting_load_native → ready as time passes, after really loading the file', async () => {
    const store = newStore()
    const mv = upload(store)
    expect(store.modelStatus(mv).status).toBe('pending_load_native')
    clock += 600
    expect(store.modelStatus(mv).status).toBe('attempting_load_native')
    await store.settleLoads()
    clock += 400
    expect(store.modelStatus(mv)).toEqual({ status: 'ready', error_summary: null })
  })

  it('ends in error with an error_summary when the file is not a loadable ONNX model', async () => {
    const store = newStore()
    const mv = upload(store, 'broken', 1, Buffer.from('this is not onnx'))
    await store.settleLoads()
    clock += 1000
    const s = store.modelStatus(mv)
    expect(s.status).toBe('error')
    expect(s.error_summary).toEqual(expect.any(String))
    expect(s.error_summary!.length).toBeGreaterThan(5)
  })

  it('takes the container path for non-native frameworks', () => {
    const store = newStore()
    const mv = upload(store, 'torch', 1, Buffer.from('pt'), 'pytorch')
    expect(store.modelStatus(mv).status).toBe('pending_load_container')
    clock += 600
    expect(store.modelStatus(mv).status).toBe('attempting_load_container')
    clock += 400
    expect(store.modelStatus(mv).status).toBe('ready')
    expect(mv.config.runtime).toBe('flight')
  })

  it('refuses unknown workspaces, bad names and empty files', () => {
    const store = newStore()
    expect(apiError(() => upload(store, 'm', 99)).message).toContain('workspace 99 not found')
    expect(apiError(() => upload(store, 'bad_name')).status).toBe(400)
    expect(apiError(() => upload(store, 'm', 1, Buffer.alloc(0))).message).toContain("'file' part is empty")
  })

  it('refuses a custom (BYOP) upload that is not a ZIP file, like the real server', () => {
    const store = newStore()
    const e = apiError(() => upload(store, 'byop', 1, Buffer.from('not a zip'), 'custom'))
    expect([e.status, e.message]).toEqual([400, 'Bad request: Not a valid ZIP file.'])
    expect(upload(store, 'byop', 1, Buffer.from('PK\x03\x04rest'), 'custom').conversion.framework).toBe('custom')
  })

  it('loads a file once: a re-upload of a loaded file is ready without a new load', async () => {
    const store = newStore()
    const first = upload(store)
    await store.settleLoads()
    const again = upload(store)
    expect(again.settled).toEqual({ status: 'ready', error_summary: null })
    expect(store.loadedModel(again)).toBe(store.loadedModel(first))
    clock += 1000
    expect(store.modelStatus(again).status).toBe('ready')
  })

  it('drops the result of a load that was still running when the loads were cleared (reset)', async () => {
    const settledShas: string[] = []
    const loads = new ModelLoads((sha) => settledShas.push(sha))
    loads.start('same-sha', MODEL)
    const oldLoad = loads.settled()
    loads.clear()
    loads.start('same-sha', Buffer.from('not onnx'))
    await Promise.all([oldLoad, loads.settled()])
    expect(loads.get('same-sha')).toMatchObject({ state: 'error' })
    expect(settledShas).toEqual(['same-sha'])
  })

  it('list_versions matches the model name across workspaces or the models_pk_id, like the real server', () => {
    const store = newStore()
    const ws = store.createWorkspace('other').id
    const a = upload(store, 'api-sample-model')
    const b = upload(store, 'api-sample-model', ws)
    const c = upload(store, 'ccfraud')
    expect(
      store
        .listVersions('api-sample-model', c.model_id)
        .map((v) => v.id)
        .sort()
    ).toEqual([a.id, b.id, c.id].sort())
    expect(store.listVersions('nothing', 12345)).toEqual([])
  })
})

describe('emulator store: pipelines and deployments', () => {
  it('creates a pipeline, and re-creating the name adds a version with the same pipeline id', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const first = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const second = store.createPipeline('pipe', 1, {})
    expect(second.pipeline.id).toBe(first.pipeline.id)
    expect(second.version.id).not.toBe(first.version.id)
    expect(second.version.version).not.toBe(first.version.version)
  })

  it('lists pipelines per workspace, and answers 404 for an unknown workspace even when no pipeline exists', () => {
    const store = newStore()
    expect(apiError(() => store.listPipelines({ workspaceId: 99 })).status).toBe(404)
    expect(apiError(() => store.listPipelines({ workspaceName: 'ghost' })).message).toContain("workspace 'ghost' not found")
    const ws = store.createWorkspace('team').id
    const { pipeline } = store.createPipeline('pipe', ws, {})
    store.createPipeline('elsewhere', 1, {})
    expect(store.listPipelines({ workspaceId: ws })).toEqual([pipeline])
    expect(store.listPipelines({ workspaceName: 'team' })).toEqual([pipeline])
    expect(store.listPipelines({ workspaceId: 1, workspaceName: 'team' })).toEqual([])
    expect(store.listPipelines({})).toHaveLength(2)
  })

  it('refuses steps that name a model version that does not exist', () => {
    const store = newStore()
    const e = apiError(() => store.createPipeline('pipe', 1, { steps: [{ ModelInference: { models: [{ name: 'x', version: 'nope', sha: 'y' }] } }] }))
    expect(e.status).toBe(400)
    expect(e.message).toContain('definition.steps[0].ModelInference.models[0]')
  })

  it('deploys from the steps and keeps the deployment id on redeploy', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { version } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Starting')
    expect(store.servingRollout(d)).toBeNull()
    clock += 2000
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
    expect(store.isDeployed(store.modelVersion(mv))).toBe(true)
    const again = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, engine_config: { engine: { cpu: 1 } } })
    expect(again.id).toBe(d.id)
  })

  it('changes nothing when the same version, engine_config and models are deployed again (an identical apply)', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { version } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const config = { engine: { cpu: 1, resources: { limits: { cpu: 1, memory: '1Gi' } } }, workspace_id: 1 }
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, engine_config: config })
    clock += 2000
    const pods = d.pods.engine
    // Same spec, keys in another order: still identical.
    const again = store.deploy({
      deploy_id: 'pipe',
      pipeline_version_pk_id: version.id,
      engine_config: { workspace_id: 1, engine: { resources: { limits: { memory: '1Gi', cpu: 1 } }, cpu: 1 } }
    })
    expect(again.id).toBe(d.id)
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
    expect(store.servingRollout(d)?.partition).toBe(pods)
    expect(d.pods.engine).toBe(pods)
    // Naming the step's model explicitly resolves to the same models: still identical.
    store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, engine_config: config, model_ids: [mv] })
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
  })

  it('rolls a changed redeploy: Starting, while the previous version keeps serving until the new one runs', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const first = store.createPipeline('pipe', 1, stepsFor(store, [mv])).version
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: first.id })
    clock += 2000
    const oldPods = d.pods.engine
    const second = store.createPipeline('pipe', 1, stepsFor(store, [mv])).version
    store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: second.id })
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Starting')
    expect(store.servingRollout(d)).toMatchObject({ version: { id: first.id }, partition: oldPods })
    // Another change while starting: the version that was serving still serves.
    store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: second.id, engine_config: { engine: { cpu: 2 } } })
    clock += 1999
    expect(store.servingRollout(d)).toMatchObject({ version: { id: first.id }, partition: oldPods })
    clock += 1
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
    expect(store.servingRollout(d)).toMatchObject({ version: { id: second.id }, partition: d.pods.engine })
    expect(d.pods.engine).not.toBe(oldPods)
  })

  it('starts cold after an undeploy, and a forced Error stops the previous rollout too', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { version } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    clock += 2000
    store.undeploy(d.id)
    store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Starting')
    expect(store.servingRollout(d)).toBeNull()
    clock += 2000
    store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, engine_config: { engine: { cpu: 2 } } })
    expect(store.servingRollout(d)?.version.id).toBe(version.id)
    store.forceError('pipe', 'ImagePullBackOff')
    expect(store.servingRollout(d)).toBeNull()
  })

  it('accepts steps the emulator cannot run (several models in one step that is no shadow deploy, other step kinds), deploys every model, and says why it cannot infer', async () => {
    const store = newStore({ startMs: 0 })
    const a = await readyModel(store, 'model-a')
    const b = await readyModel(store, 'model-b')
    const refs = stepsFor(store, [a, b]).steps.map((s) => s.ModelInference.models[0])
    const multi = store.createPipeline('multi', 1, { steps: [{ ModelInference: { models: refs } }] }).version
    const d = store.deploy({ deploy_id: 'multi', pipeline_version_pk_id: multi.id })
    expect(d.model_version_ids).toEqual([a, b])
    expect(store.servingRollout(d)?.unsupported).toContain(
      'pipeline step 1 is a ModelInference step with 2 models ("model-a", "model-b") that is not a shadow deploy'
    )
    const other = store.createPipeline('other', 1, { steps: [{ ModelInference: { models: [refs[0]] } }, { Check: { tree: 'x' } }] }).version
    const e = store.deploy({ deploy_id: 'other', pipeline_version_pk_id: other.id })
    expect(store.servingRollout(e)?.unsupported).toContain(
      'pipeline step 2 is a Check step; the emulator runs ModelInference and RandomSplit steps, and shadow deploys'
    )
    const plain = store.createPipeline('plain', 1, stepsFor(store, [a, b])).version
    expect(store.servingRollout(store.deploy({ deploy_id: 'plain', pipeline_version_pk_id: plain.id }))?.unsupported).toBeNull()
  })

  it('plans A/B splits and shadow deploys with every model deployed, and refuses a split no model could answer', async () => {
    const store = newStore({ startMs: 0 })
    const a = await readyModel(store, 'model-a')
    const b = await readyModel(store, 'model-b')
    const [ra, rb] = stepsFor(store, [a, b]).steps.map((s) => s.ModelInference.models[0])
    const ab = store.createPipeline('ab', 1, {
      steps: [
        {
          RandomSplit: {
            hash_key: 'session_id',
            weights: [
              { model: ra, weight: 2 },
              { model: rb, weight: 1 }
            ]
          }
        }
      ]
    }).version
    const d = store.deploy({ deploy_id: 'ab', pipeline_version_pk_id: ab.id })
    expect(d.model_version_ids).toEqual([a, b])
    expect(store.servingRollout(d)).toMatchObject({
      unsupported: null,
      plan: [
        {
          kind: 'split',
          hashKey: 'session_id',
          arms: [
            { model: { id: a }, weight: 2 },
            { model: { id: b }, weight: 1 }
          ]
        }
      ]
    })
    const shadow = store.createPipeline('shadow', 1, {
      steps: [{ ModelInference: { models: [ra, rb] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }]
    }).version
    const e = store.deploy({ deploy_id: 'shadow', pipeline_version_pk_id: shadow.id })
    expect(store.servingRollout(e)).toMatchObject({ unsupported: null, plan: [{ kind: 'shadow', champion: { id: a }, challengers: [{ id: b }] }] })
    expect(apiError(() => store.createPipeline('zero', 1, { steps: [{ RandomSplit: { weights: [{ model: ra, weight: 0 }] } }] })).message).toContain(
      'every weight is 0'
    )
    expect(apiError(() => store.createPipeline('bad', 1, { steps: [{ RandomSplit: { weights: [{ model: ra, weight: -1 }] } }] })).message).toContain(
      "'definition.steps[0].RandomSplit.weights[0].weight': expected a number >= 0"
    )
    expect(apiError(() => store.createPipeline('none', 1, { steps: [{ RandomSplit: { weights: [] } }] })).message).toContain(
      "'definition.steps[0].RandomSplit.weights': expected a non-empty array"
    )
  })

  it('validates deploy bodies: deploy_id, version, pipeline_id and model references', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { pipeline, version } = store.createPipeline('pipe', 1, {})
    expect(apiError(() => store.deploy({ deploy_id: 'other', pipeline_version_pk_id: version.id })).message).toContain("must be the pipeline name 'pipe'")
    expect(apiError(() => store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: 999 })).message).toContain('pipeline version 999 not found')
    expect(apiError(() => store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, pipeline_id: pipeline.id + 50 })).status).toBe(400)
    expect(apiError(() => store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, model_ids: [4242] })).message).toContain('model_ids[0]')
    expect(apiError(() => store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, model_configs: [4242] })).message).toContain('model_configs[0]')
    const v = store.modelVersion(mv)
    expect(
      apiError(() =>
        store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, models: [{ name: 'wrong', version: v.file_info.version, sha: v.file_info.sha }] })
      ).message
    ).toContain("belongs to model 'ccfraud'")
    expect(
      apiError(() => store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, engine_config: { engine: { arch: 'sparc' } } })).message
    ).toContain('engine_config.engine.arch')
    expect(store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id, model_ids: [mv] }).model_version_ids).toEqual([mv])
  })

  it('answers 404 for the status before deploy and after undeploy, and 409 on delete while deployed', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { version } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    expect(apiError(() => store.deploymentStatus('pipe-1')).status).toBe(404)
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    expect(apiError(() => store.deletePipeline('pipe', 1)).status).toBe(409)
    store.undeploy(d.id)
    store.undeploy(d.id)
    expect(apiError(() => store.deploymentStatus(`pipe-${d.id}`)).status).toBe(404)
    store.deletePipeline('pipe', 1)
    expect(store.pipelineByName('pipe', 1)).toBeUndefined()
    expect(apiError(() => store.undeploy(d.id)).status).toBe(404)
  })

  it('forces and clears an Error by deployment or pipeline name', async () => {
    const store = newStore({ startMs: 0 })
    const mv = await readyModel(store)
    const { version } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const d = store.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    store.forceError('pipe', 'ImagePullBackOff')
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Error')
    store.forceError(`pipe-${d.id}`, null)
    expect(store.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
    expect(apiError(() => store.forceError('ghost', 'x')).status).toBe(404)
  })

  it("copies a pipeline's latest version under a new name", async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { pipeline } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const copy = store.copyPipeline({ name: 'pipe-copy', workspace_id: 1, source_pipeline: pipeline.id })
    expect(copy.pipeline.id).not.toBe(pipeline.id)
    expect(store.resolveSteps(copy.version.definition).models.map((v) => v.id)).toEqual([mv])
    expect(apiError(() => store.copyPipeline({ name: 'pipe-copy', workspace_id: 1, source_pipeline: pipeline.id })).status).toBe(409)
    expect(apiError(() => store.copyPipeline({ name: 'x', workspace_id: 1, source_pipeline: 999 })).status).toBe(400)
  })

  it('copies and deploys in one go, and a refused engine_config leaves no copy behind', async () => {
    const store = newStore()
    const mv = await readyModel(store)
    const { pipeline } = store.createPipeline('pipe', 1, stepsFor(store, [mv]))
    const bad = apiError(() => store.copyAndDeploy({ name: 'pipe-copy', workspace_id: 1, source_pipeline: pipeline.id }, { engine: { arch: 'sparc' } }))
    expect([bad.status, bad.message]).toEqual([400, expect.stringContaining('engine_config.engine.arch')])
    expect(store.pipelineByName('pipe-copy', 1)).toBeUndefined()
    const copy = store.copyAndDeploy({ name: 'pipe-copy', workspace_id: 1, source_pipeline: pipeline.id }, { engine: { arch: 'arm' } })
    expect(copy.deployment).toMatchObject({ deploy_id: 'pipe-copy', pipeline_id: copy.pipeline.id, deployed: true, model_version_ids: [mv] })
  })

  it('reset forgets everything but keeps the signing secret', async () => {
    const store = newStore()
    upload(store)
    const secret = store.data.secret
    store.reset()
    expect(store.data.model_versions).toEqual([])
    expect(store.listWorkspaces()).toHaveLength(1)
    expect(store.data.secret).toBe(secret)
  })
})

describe('emulator store: persistence', () => {
  it('fills in what a state saved by an older emulator lacks (members, outcomes of unloaded frameworks)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-store-'))
    dirs.push(dir)
    const first = newStore({ persistence: new Persistence(dir) })
    const torch = upload(first, 'torch', 1, Buffer.from('pt'), 'pytorch')
    const old = { ...first.data, workspace_members: undefined, model_versions: first.data.model_versions.map((mv) => ({ ...mv, settled: null })) }
    new Persistence(dir).saveState(old)
    const second = newStore({ persistence: new Persistence(dir) })
    clock += 1000
    expect(second.modelStatus(second.modelVersion(torch.id)).status).toBe('ready')
    expect(second.members(1)).toEqual([])
    expect(second.createWorkspace('after').id).toBe(2)
  })

  it('saves state and model files atomically and restores them, deployments coming back Starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-store-'))
    dirs.push(dir)
    const first = newStore({ persistence: new Persistence(dir), startMs: 1000 })
    const mv = await readyModel(first)
    const { version } = first.createPipeline('pipe', 1, stepsFor(first, [mv]))
    const d = first.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: version.id })
    clock += 5000
    expect(first.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
    expect(readdirSync(dir).sort()).toEqual(['models', 'state.json'])
    expect(existsSync(join(dir, 'models', first.modelVersion(mv).file_info.sha))).toBe(true)

    const second = newStore({ persistence: new Persistence(dir), startMs: 1000 })
    expect(second.data.secret).toBe(first.data.secret)
    expect(second.modelVersion(mv).file_info).toEqual(first.modelVersion(mv).file_info)
    expect(second.deploymentStatus(`pipe-${d.id}`).status).toBe('Starting')
    await second.settleLoads()
    expect(second.loadedModel(second.modelVersion(mv))?.state).toBe('ok')
    clock += 1000
    expect(second.deploymentStatus(`pipe-${d.id}`).status).toBe('Running')
  })

  it('comes back cold after a restart during a rolling redeploy: the previous version no longer serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-store-'))
    dirs.push(dir)
    const first = newStore({ persistence: new Persistence(dir), startMs: 1000 })
    const mv = await readyModel(first)
    const d = first.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: first.createPipeline('pipe', 1, stepsFor(first, [mv])).version.id })
    clock += 1000
    const next = first.createPipeline('pipe', 1, stepsFor(first, [mv])).version
    first.deploy({ deploy_id: 'pipe', pipeline_version_pk_id: next.id })
    expect(first.servingRollout(first.data.deployments[0])).not.toBeNull()

    const second = newStore({ persistence: new Persistence(dir), startMs: 1000 })
    await second.settleLoads()
    const restored = second.data.deployments[0]
    expect(second.deploymentStatus(`pipe-${d.id}`).status).toBe('Starting')
    expect(second.servingRollout(restored)).toBeNull()
    clock += 1000
    expect(second.servingRollout(restored)?.version.id).toBe(next.id)
  })

  it('keeps each request to its own caller while requests interleave, and lets admins and code outside requests see everything', async () => {
    const store = newStore({ users: [adminUser('admin', 'pw'), { username: 'ana@example.com', email: 'ana@example.com', password: 'x', admin: false }] })
    const adminCaller = store.callerOf(store.userId)!
    const ana = store.callerOf(store.userIdOf('ana@example.com'))!
    expect([adminCaller.admin, ana.admin]).toEqual([true, false])
    const team = store.runAs(adminCaller, () => store.createWorkspace('team'))
    const tick = () => new Promise((r) => setTimeout(r, 5))
    // Both handlers await in between: each still sees its own caller afterwards.
    const [hers, his] = await Promise.all([
      store.runAs(ana, async () => {
        await tick()
        return store.listWorkspaces().map((w) => w.name)
      }),
      store.runAs(adminCaller, async () => {
        await tick()
        return store.listWorkspaces().map((w) => w.name)
      })
    ])
    expect(hers).toEqual(['ana@example.com - Default Workspace'])
    expect(his).toContain('team')
    expect(apiError(() => store.runAs(ana, () => store.workspace(team.id))).status).toBe(403)
    expect(store.workspace(team.id).name).toBe('team')
    expect(store.callerOf('someone-else')).toBeUndefined()
  })
})
