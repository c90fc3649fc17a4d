/** The operations composed of their phases, against the in-memory fake API (no HTTP, no real sleeps). */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import { ActionFailure, PhaseError } from '../../src/action/errors.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { deployedFake, deploySettings, fileModel, operationOnly, runOp, useModelFiles } from '../helpers/fake-operations.js'
import { FakeWallaroo, status, type FakeOptions } from './action-fake-api.js'

const files = useModelFiles('flow-')
const shaOf = (s: string) => createHash('sha256').update(s).digest('hex')
const settings = (over: Partial<ActionSettings> = {}) => deploySettings(files.modelA, over)

describe('deploy: the full flow', () => {
  it('creates the workspace, uploads, creates the pipeline, deploys, waits and runs the smoke inference', async () => {
    const api = new FakeWallaroo()
    const { record, error, lines } = await runOp(api, settings())
    expect(error).toBeUndefined()
    expect(api.methods()).toEqual([
      'listWorkspaces',
      'createWorkspace',
      'listModels',
      'uploadModel',
      'getModelVersion',
      'getModelVersion',
      'listPipelines',
      'createPipeline',
      'deployPipeline',
      'getDeployment',
      'getDeployment',
      'getExternalUrl',
      'infer'
    ])
    const ws = api.workspaces[0]
    const mv = api.versions[0]
    const p = api.pipelines[0]
    expect(record.created).toEqual([
      { kind: 'workspace', id: ws.id, name: 'fraud-team' },
      { kind: 'model-version', id: mv.id, name: 'ccfraud' },
      { kind: 'pipeline', id: p.id, name: 'ccfraud' },
      { kind: 'pipeline-version', id: p.versions[0].id, name: 'ccfraud' },
      { kind: 'deployment', id: p.deployment!.id, name: `ccfraud-${p.deployment!.id}` }
    ])
    expect(record.models).toEqual([
      { name: 'ccfraud', versionId: mv.id, version: mv.file_info.version, sha: shaOf('model A bytes'), source: 'uploaded', status: 'ready' }
    ])
    expect(record.deployment).toEqual({ id: p.deployment!.id, name: `ccfraud-${p.deployment!.id}`, wasDeployed: false, requested: true, status: 'Running' })
    expect(record.smoke).toMatchObject({ latencyMs: 12, inputRows: 1, records: [{ out: { dense_1: [0.0014974177] } }] })
    expect(record.phases.map((ph) => ph.name)).toEqual(['workspace', 'models', 'pipeline', 'guard', 'deploy', 'wait', 'url', 'smoke', 'check'])
    expect(lines).toContain(`Deployment ccfraud-${p.deployment!.id} is Running after 1s.`)
  })

  it('sends the default definition, the models and the nested engine_config with the workspace id', async () => {
    const api = new FakeWallaroo()
    await runOp(api, settings())
    const mv = api.versions[0]
    const ref = { name: 'ccfraud', version: mv.file_info.version, sha: mv.file_info.sha }
    const create = api.calls.find((c) => c[0] === 'createPipeline')!
    expect(create.slice(1)).toEqual(['ccfraud', api.workspaces[0].id, { steps: [{ ModelInference: { models: [ref] } }] }])
    const deploy = api.calls.find((c) => c[0] === 'deployPipeline')![1]
    expect(deploy).toEqual({
      deploy_id: 'ccfraud',
      pipeline_version_pk_id: api.pipelines[0].versions[0].id,
      pipeline_id: api.pipelines[0].id,
      models: [ref],
      model_ids: [mv.id],
      engine_config: { engine: { cpu: 1 }, enginelb: {}, engineAux: { images: {} }, workspace_id: api.workspaces[0].id }
    })
    const upload = api.calls.find((c) => c[0] === 'uploadModel')!
    expect(upload[1]).toEqual({
      name: 'ccfraud',
      visibility: 'private',
      workspace_id: api.workspaces[0].id,
      conversion: { framework: 'onnx', python_version: '3.8', requirements: [] }
    })
    expect(upload[2]).toBe('a.onnx')
  })

  it('a re-run reuses everything: no upload, no new pipeline version, same deployment id', async () => {
    const api = new FakeWallaroo()
    const first = await runOp(api, settings())
    api.calls.length = 0
    const again = await runOp(api, settings())
    expect(again.error).toBeUndefined()
    expect(api.methods()).not.toContain('uploadModel')
    expect(api.methods()).not.toContain('createPipeline')
    expect(api.methods()).not.toContain('createWorkspace')
    expect(again.record.models[0]).toMatchObject({ source: 'reused', versionId: first.record.models[0].versionId })
    expect(again.record.pipeline).toMatchObject({ versionReused: true, versionId: first.record.pipeline!.versionId, created: false })
    expect(again.record.deployment).toMatchObject({ id: first.record.deployment!.id, wasDeployed: true })
    // Nothing was created, so a teardown would leave the running deployment alone.
    expect(again.record.created).toEqual([])
  })

  it('a changed model file is uploaded and gets a new pipeline version; the previous one is recorded', async () => {
    const api = new FakeWallaroo()
    const first = await runOp(api, settings())
    const second = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelB)] }))
    expect(second.error).toBeUndefined()
    expect(second.record.models[0].source).toBe('uploaded')
    expect(second.record.pipeline).toMatchObject({ versionReused: false, created: false, previousVersionId: first.record.pipeline!.versionId })
    expect(second.record.created.map((c) => c.kind)).toEqual(['model-version', 'pipeline-version'])
    expect(second.record.deployment!.id).toBe(first.record.deployment!.id)
  })

  it('2023 models/list (flat): reuses through list_versions, filtering its loose matches by name and sha', async () => {
    const api = new FakeWallaroo({ modelsShape: '2023' })
    await runOp(api, settings({ models: [fileModel('other', files.modelA)], pipeline: 'other-pipe' }))
    await runOp(api, settings())
    // 'ccfraud' has the same sha as 'other', but list_versions' loose answer must not make it reuse 'other'.
    expect(api.versions.map((v) => v.name)).toEqual(['other', 'ccfraud'])
    api.calls.length = 0
    const third = await runOp(api, settings())
    expect(api.methods()).toContain('listModelVersions')
    expect(api.methods()).not.toContain('uploadModel')
    expect(third.record.models[0]).toMatchObject({ name: 'ccfraud', source: 'reused', versionId: api.versions[1].id })
  })

  it('servers without list_pipelines: creates a version every time, still deploys, and finds the deployment from its inference URL', async () => {
    const api = new FakeWallaroo({ listPipelines: false })
    const first = await runOp(api, settings())
    expect(first.error).toBeUndefined()
    // No inference URL before the first deploy: never deployed, so this run started the deployment.
    expect(first.record.deployment).toMatchObject({ wasDeployed: false })
    expect(first.record.created.map((c) => c.kind)).toContain('deployment')
    const again = await runOp(api, settings())
    expect(again.error).toBeUndefined()
    expect(api.methods().filter((m) => m === 'createPipeline')).toHaveLength(2)
    expect(again.record.pipeline).toMatchObject({ created: false, versionReused: false })
    // The URL names the deployment and its status says it is live: it ran before, so a teardown must leave it.
    expect(again.record.deployment).toMatchObject({ wasDeployed: true, id: first.record.deployment!.id })
    expect(again.record.created.map((c) => c.kind)).toEqual(['pipeline-version'])
    // ... and the version it ran is what a rollback goes back to (by its UUID, which 2024+ statuses report).
    expect(again.record.previous).toMatchObject({ version: first.record.pipeline!.version })
  })

  it('an explicit definition takes version and sha from the models input; given versions are not uploaded', async () => {
    const api = new FakeWallaroo()
    const given = { kind: 'existing' as const, name: 'post', version: 'uuid-post', sha: 'c'.repeat(64) }
    api.seedVersion('fraud-team', given)
    const definition = { steps: [{ ModelInference: { models: [{ name: 'ccfraud' }] } }, { ModelInference: { models: [{ name: 'post' }] } }] } as never
    const { error, record, lines } = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA), given], pipelineDefinition: definition }))
    expect(error).toBeUndefined()
    const mv = api.versions.find((v) => v.name === 'ccfraud')!
    expect(api.pipelines[0].versions[0].definition).toEqual({
      steps: [
        { ModelInference: { models: [{ name: 'ccfraud', version: mv.file_info.version, sha: mv.file_info.sha }] } },
        { ModelInference: { models: [{ name: 'post', version: 'uuid-post', sha: 'c'.repeat(64) }] } }
      ]
    })
    expect(record.models.map((m) => m.source)).toEqual(['uploaded', 'given'])
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([])
    expect(api.methods().filter((m) => m === 'uploadModel')).toHaveLength(1)
  })

  it('warns about a model the explicit definition does not use', async () => {
    const definition = { steps: [{ ModelInference: { models: [{ name: 'ccfraud' }] } }] } as never
    const extra = { kind: 'existing' as const, name: 'unused', version: 'u', sha: 'd'.repeat(64) }
    const api = new FakeWallaroo()
    api.seedVersion('fraud-team', extra)
    const { lines } = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA), extra], pipelineDefinition: definition }))
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([`WARN Model "unused" is listed in 'models' but no step of 'pipeline-definition' uses it.`])
    // Said before any upload: the inputs alone show it.
    expect(lines.findIndex((l) => l.startsWith('WARN'))).toBeLessThan(lines.findIndex((l) => l.includes('uploading')))
  })

  it('a conversion error stops the run before any pipeline or deployment, with the error_summary', async () => {
    const api = new FakeWallaroo({ conversionError: 'Not a valid ZIP file.' })
    const { error, record } = await runOp(api, settings())
    expect(error).toBeInstanceOf(PhaseError)
    expect((error as Error).message).toBe(`preparing the models failed: model "ccfraud" version ${api.versions[0].id} failed conversion: Not a valid ZIP file.`)
    expect(api.methods()).not.toContain('createPipeline')
    expect(api.methods()).not.toContain('deployPipeline')
    expect(record.phases.at(-1)).toEqual({ name: 'models', ms: expect.any(Number), outcome: 'failed' })
  })

  it('several models convert side by side: uploads one after another, then their waits overlap', async () => {
    const api = new FakeWallaroo({ conversionPolls: 3 })
    const { error, record } = await runOp(api, settings({ models: [fileModel('a', files.modelA), fileModel('b', files.modelB)], pipeline: 'two' }))
    expect(error).toBeUndefined()
    const [a, b] = api.versions.map((v) => v.id)
    const models = api.calls.filter((c) => ['uploadModel', 'getModelVersion'].includes(c[0])).map((c) => (c[0] === 'uploadModel' ? 'upload' : c[1]))
    expect(models).toEqual(['upload', 'upload', a, b, a, b, a, b])
    expect(record.models.map((m) => [m.name, m.source, m.status])).toEqual([
      ['a', 'uploaded', 'ready'],
      ['b', 'uploaded', 'ready']
    ])
  })

  it("one model's failed conversion stops the other waits at once and names the failed model", async () => {
    const api = new FakeWallaroo({ conversionPolls: 1000 })
    const poll = api.getModelVersion.bind(api)
    api.getModelVersion = async (id: number) => {
      const answer = await poll(id)
      const mv = answer.model_version.model_version
      if (mv.name === 'b') Object.assign(mv, { status: 'error', error_summary: 'Not a valid ZIP file.' })
      return answer
    }
    const { error, record, elapsed } = await runOp(api, settings({ models: [fileModel('a', files.modelA), fileModel('b', files.modelB)], pipeline: 'two' }))
    const b = api.versions[1].id
    expect((error as Error).message).toBe(`preparing the models failed: model "b" version ${b} failed conversion: Not a valid ZIP file.`)
    // 'a' stopped right after 'b' failed (the instant fake sleep lets it poll once more before the abort
    // lands), instead of polling on until the 60 s deadline.
    const a = api.versions[0].id
    expect(api.calls.filter((c) => c[0] === 'getModelVersion' && c[1] === a).length).toBeLessThanOrEqual(2)
    expect(elapsed).toBeLessThan(5_000)
    expect(record.models).toEqual([])
    expect(api.methods()).not.toContain('createPipeline')
  })

  it('a deployment stuck in Error fails at the deadline with every engine, model, reason and the input to change', async () => {
    const api = new FakeWallaroo({ deploymentScript: [null, status('Starting'), status('Error', '0/1 nodes are available: 1 Insufficient memory.')] })
    const { error, record, elapsed } = await runOp(api, settings({ timeoutMs: 30_000, onFailure: 'keep' }))
    const name = record.deployment!.name
    expect(elapsed).toBe(30_000) // 'timeout' bounds the whole step: 0.25 s of conversion (poll-interval / 4), then the rest for the deployment
    expect(error).toBeInstanceOf(PhaseError)
    expect((error as PhaseError).doing).toBe(`waiting for deployment ${name}`)
    expect((error as PhaseError).cause).toBeInstanceOf(ActionFailure)
    expect(((error as PhaseError).cause as Error).message).toBe(
      [
        `deployment ${name} did not reach Running within 30s ('timeout' is 30s for the whole step): last status Error after 9 polls.`,
        '  deployment: Error',
        '  engine engine-abc: Pending, reason: 0/1 nodes are available: 1 Insufficient memory.',
        '    model ccfraud v-uuid: Pending',
        '  engine-lb engine-lb-1: Running',
        `The cluster lacks free memory: lower 'memory' (or 'replicas'), or ask your Wallaroo administrator for capacity.`
      ].join('\n')
    )
    expect(record.deployment!.status).toBe('Error')
    expect(api.methods()).not.toContain('infer')
  })

  it('a transient Error on the way to Running is tolerated', async () => {
    const api = new FakeWallaroo({ deploymentScript: [null, status('Error', 'transient'), status('Starting'), status('Running')] })
    const { error, record } = await runOp(api, settings())
    expect(error).toBeUndefined()
    expect(record.deployment!.status).toBe('Running')
  })

  it('an engine 400 on the smoke inference fails the smoke phase with the engine message', async () => {
    const { WallarooApiError } = await import('../../src/wallaroo/errors.js')
    const api = new FakeWallaroo({
      inferAnswer: () => {
        throw new WallarooApiError({
          code: 'BAD_REQUEST',
          status: 400,
          endpoint: '/v1/api/pipelines/infer/ccfraud-5/ccfraud',
          attempts: 1,
          serverMessage: 'tensor values may not be null'
        })
      }
    })
    const { error, record } = await runOp(api, settings({ onFailure: 'keep' }))
    expect((error as Error).message).toBe(
      'running the smoke inference on "ccfraud" failed: HTTP 400 from /v1/api/pipelines/infer/ccfraud-5/ccfraud: tensor values may not be null'
    )
    expect(record.deployment!.status).toBe('Running')
    expect(record.inferenceUrl).toMatch(/^https:/)
  })

  it('a missing workspace is not created when create-workspace is false', async () => {
    const api = new FakeWallaroo()
    const { error } = await runOp(api, settings({ createWorkspace: false }))
    expect((error as Error).message).toBe(
      `resolving the workspace failed: workspace "fraud-team" does not exist or this user is not a member (visible: none) and 'create-workspace' is false; set it to true to create it`
    )
    expect(api.methods()).toEqual(['listWorkspaces'])
  })
})

describe('the other operations', () => {
  const deployed = (opts: FakeOptions = {}) => deployedFake(settings(), opts)
  const only = operationOnly(settings)

  it('upload-model uploads and waits, nothing else', async () => {
    const api = new FakeWallaroo()
    const { error, record } = await runOp(api, only('upload-model', { pipeline: undefined, models: [fileModel('ccfraud', files.modelA)] }))
    expect(error).toBeUndefined()
    expect(api.methods()).toEqual(['listWorkspaces', 'createWorkspace', 'listModels', 'uploadModel', 'getModelVersion', 'getModelVersion'])
    expect(record.models[0].source).toBe('uploaded')
  })

  it('create-pipeline stops before deploying', async () => {
    const api = new FakeWallaroo()
    const { error, record } = await runOp(api, settings({ operation: 'create-pipeline', smokeInput: undefined }))
    expect(error).toBeUndefined()
    expect(api.methods()).not.toContain('deployPipeline')
    expect(record.pipeline).toMatchObject({ created: true, versionReused: false })
  })

  it('status reports once, without waiting', async () => {
    const { api, first } = await deployed()
    const { error, record, elapsed } = await runOp(api, only('status'))
    expect(error).toBeUndefined()
    expect(api.methods()).toEqual(['listWorkspaces', 'listPipelines', 'getDeployment'])
    expect(record.deployment).toEqual({ id: first.record.deployment!.id, name: first.record.deployment!.name, status: 'Running' })
    expect(elapsed).toBe(0)
  })

  it('status of a pipeline never deployed is NotDeployed; of an unknown pipeline, an error naming it', async () => {
    const api = new FakeWallaroo()
    await runOp(api, settings({ operation: 'create-pipeline', smokeInput: undefined }))
    expect((await runOp(api, only('status'))).record.deployment).toEqual({ status: 'NotDeployed' })
    const { error } = await runOp(api, only('status', { pipeline: 'nope' }))
    expect((error as Error).message).toBe(
      `finding the deployment failed: no pipeline "nope" in workspace ${api.workspaces[0].id}; check 'pipeline' and 'workspace'`
    )
  })

  it('status on a server without list_pipelines finds the deployment from the inference URL, and needs deployment-id only when the URL does not name it', async () => {
    const { api, first } = await deployed({ listPipelines: false })
    const found = await runOp(api, only('status'))
    expect(found.error).toBeUndefined()
    expect(found.record.deployment).toMatchObject({ id: first.record.deployment!.id, status: 'Running' })
    expect(found.lines).toContain(
      `Pipeline "ccfraud": its inference URL names deployment ccfraud-${first.record.deployment!.id} (this server has no pipelines/list_pipelines to look it up).`
    )
    api.getExternalUrl = async () => 'https://proxy.example.com/ccfraud'
    const { error } = await runOp(api, only('status'))
    expect((error as Error).message).toBe(
      `finding the deployment failed: this Wallaroo server has no pipelines/list_pipelines (older than 2025), and the inference URL of "ccfraud" (https://proxy.example.com/ccfraud) does not name its deployment, so the deployment cannot be found; give 'deployment-id' (the 'deployment-id' output of the deploy step)`
    )
    const ok = await runOp(api, only('status', { deploymentId: first.record.deployment!.id }))
    expect(ok.record.deployment!.status).toBe('Running')
  })

  it('undeploy on a server without list_pipelines finds the deployment from the inference URL; again, it says not deployed', async () => {
    const { api, first } = await deployed({ listPipelines: false })
    const run = await runOp(api, only('undeploy'))
    expect(run.error).toBeUndefined()
    expect(api.calls.find((c) => c[0] === 'undeployPipeline')![1]).toEqual({ deployment_id: first.record.deployment!.id })
    expect(run.record.deployment!.status).toBe('NotDeployed')
    api.calls.length = 0
    const again = await runOp(api, only('undeploy'))
    expect(again.error).toBeUndefined()
    expect(api.methods()).not.toContain('undeployPipeline')
    expect(again.lines).toContain(
      `nothing to undeploy: pipeline "ccfraud" is not deployed (status/get_deployment answers 404 for ccfraud-${first.record.deployment!.id}).`
    )
  })

  it('undeploy sends pipeline and deployment ids and waits for the 404', async () => {
    const { api, first } = await deployed()
    const { error, record } = await runOp(api, only('undeploy'))
    expect(error).toBeUndefined()
    expect(api.calls.find((c) => c[0] === 'undeployPipeline')![1]).toEqual({
      deployment_id: first.record.deployment!.id,
      pipeline_id: first.record.pipeline!.id
    })
    expect(record.deployment!.status).toBe('NotDeployed')
    // A second undeploy has nothing to do and succeeds.
    api.calls.length = 0
    const again = await runOp(api, only('undeploy'))
    expect(again.error).toBeUndefined()
    expect(api.methods()).not.toContain('undeployPipeline')
  })

  it('copy-pipeline resolves the source by name', async () => {
    const { api, first } = await deployed()
    const { error, record } = await runOp(api, only('copy-pipeline', { pipeline: undefined, sourcePipeline: 'ccfraud', newPipeline: 'ccfraud-copy' }))
    expect(error).toBeUndefined()
    expect(api.calls.find((c) => c[0] === 'copyPipeline')![1]).toEqual({
      name: 'ccfraud-copy',
      workspace_id: first.record.workspace!.id,
      source_pipeline: first.record.pipeline!.id
    })
    expect(record.pipeline).toMatchObject({ name: 'ccfraud-copy', created: true })
    expect(record.created).toEqual([{ kind: 'pipeline', id: record.pipeline!.id, name: 'ccfraud-copy' }])
  })

  it('copy-pipeline re-run: the copy already there is left alone; a different pipeline of that name is refused', async () => {
    const { api } = await deployed()
    const copy = only('copy-pipeline', { pipeline: undefined, sourcePipeline: 'ccfraud', newPipeline: 'ccfraud-copy' })
    const first = await runOp(api, copy)
    api.calls.length = 0
    const again = await runOp(api, copy)
    expect(again.error).toBeUndefined()
    expect(api.methods()).toEqual(['listWorkspaces', 'listPipelines'])
    const made = api.pipelines.find((p) => p.name === 'ccfraud-copy')!
    expect(again.record.pipeline).toEqual({
      name: 'ccfraud-copy',
      id: first.record.pipeline!.id,
      versionId: first.record.pipeline!.versionId,
      version: made.versions[0].uuid,
      created: false,
      versionReused: true,
      definition: made.versions[0].definition
    })
    expect(again.record.created).toEqual([])

    await api.createPipeline('other', api.workspaces[0].id, { steps: [] })
    api.calls.length = 0
    const clash = await runOp(api, { ...copy, newPipeline: 'other' })
    const other = api.pipelines.find((p) => p.name === 'other')!
    expect((clash.error as Error).message).toBe(
      `finding pipeline "ccfraud" failed: pipeline "other" already exists in workspace ${api.workspaces[0].id} (id ${other.id}) with another definition than "ccfraud"; choose another 'new-pipeline'`
    )
    expect(api.methods()).not.toContain('copyPipeline')
  })

  it('copy-pipeline into a missing workspace creates nothing: its source could not be there', async () => {
    const api = new FakeWallaroo()
    const { error } = await runOp(api, only('copy-pipeline', { pipeline: undefined, sourcePipeline: 'ccfraud', newPipeline: 'ccfraud-copy' }))
    expect((error as Error).message).toBe(
      `resolving the workspace failed: workspace "fraud-team" does not exist or this user is not a member (visible: none); check 'workspace' (operation 'copy-pipeline' does not create workspaces)`
    )
    expect(api.methods()).toEqual(['listWorkspaces'])
  })

  it('get-url and infer (with an Arrow answer decoded into rows)', async () => {
    const arrow = tableToIPC(tableFromArrays({ time: BigInt64Array.from([5n]), 'out.dense_1': Float32Array.from([0.25]) }), 'file')
    const { api } = await deployed({ inferAnswer: () => ({ status: 200, contentType: 'application/vnd.apache.arrow.file', body: arrow, latencyMs: 3 }) })
    const url = await runOp(api, only('get-url'))
    expect(url.record.inferenceUrl).toMatch(/\/v1\/api\/pipelines\/infer\/ccfraud-\d+\/ccfraud$/)
    const smokeInput = { path: 'x.arrow', format: 'arrow' as const, body: arrow, rows: 1 }
    const { error, record } = await runOp(api, only('infer', { smokeInput }))
    expect(error).toBeUndefined()
    expect(api.calls.at(-1)).toEqual(['infer', url.record.inferenceUrl, 'arrow'])
    expect(record.smoke).toMatchObject({ latencyMs: 3, records: [{ time: 5, 'out.dense_1': 0.25 }] })
  })
})
