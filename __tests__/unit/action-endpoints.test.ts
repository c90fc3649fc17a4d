/**
 * Options of the seed's endpoints the action reaches, against the in-memory fake API: copy-pipeline with
 * `deploy-copy` (engine inputs, wait, smoke check, on-failure), `source-version` and a numeric source on servers
 * without list_pipelines; a service account's refused MLOps call; a workspace that exists without the user; and
 * rollback and teardown where the server has no list_pipelines.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { describeFailure } from '../../src/action/report/hints.js'
import { failureOutcome } from '../../src/action/report/outcome.js'
import { newRunRecord } from '../../src/action/run-record.js'
import { readOnly } from '../../src/action/dry-run.js'
import { planners } from '../../src/action/operations/plan.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { deployedFake, deploySettings, fileModel, operationOnly, runOp, SMOKE_INPUT, useModelFiles } from '../helpers/fake-operations.js'
import { testContext } from '../helpers/test-context.js'
import { FakeWallaroo, status, type FakeOptions } from './action-fake-api.js'

const files = useModelFiles('endpoints-')
const settings = (over: Partial<ActionSettings> = {}) => deploySettings(files.modelA, over)
const only = operationOnly(settings)
const deployed = (opts: FakeOptions = {}) => deployedFake(settings(), opts)
const copyOf = (over: Partial<ActionSettings> = {}) =>
  only('copy-pipeline', { pipeline: undefined, sourcePipeline: 'ccfraud', newPipeline: 'ccfraud-copy', ...over })
const ENGINE = {
  engine: { cpu: 0.5, replicas: 2, resources: { limits: { cpu: 0.5, memory: '1Gi' }, requests: { cpu: 0.5, memory: '1Gi' } } },
  enginelb: {},
  engineAux: { images: {} }
}

describe('copy-pipeline with deploy-copy', () => {
  it("copies with deploy and the engine config, waits for Running, runs the smoke check and reports the copy's version UUID", async () => {
    const { api, workspaceId } = await deployed()
    const run = await runOp(api, copyOf({ deployCopy: true, engineConfig: ENGINE, smokeInput: SMOKE_INPUT }))
    expect(run.error).toBeUndefined()
    const req = api.calls.find((c) => c[0] === 'copyPipeline')![1]
    expect(req).toEqual({
      name: 'ccfraud-copy',
      workspace_id: workspaceId,
      source_pipeline: api.pipelines[0].id,
      deploy: 'ccfraud-copy',
      engine_config: { ...ENGINE, workspace_id: workspaceId }
    })
    const copy = api.pipelines.find((p) => p.name === 'ccfraud-copy')!
    expect(run.outputs).toMatchObject({
      'pipeline-id': String(copy.id),
      'pipeline-version-id': String(copy.versions[0].id),
      'pipeline-version': copy.versions[0].uuid,
      'deployment-id': String(copy.deployment!.id),
      'deployment-name': `ccfraud-copy-${copy.deployment!.id}`,
      status: 'Running',
      'inference-url': `https://wallaroo.test/v1/api/pipelines/infer/ccfraud-copy-${copy.deployment!.id}/ccfraud-copy`,
      'pipeline-name': 'ccfraud-copy'
    })
    expect(run.record.smoke?.records).toHaveLength(1)
    expect(run.record.phases.map((p) => p.name)).toEqual(['workspace', 'locate', 'copy', 'locate', 'wait', 'url', 'smoke', 'check'])
    expect(run.record.created.map((c) => c.kind)).toEqual(['pipeline', 'deployment'])
  })

  it('a copy whose deployment stays in Error is undeployed by on-failure (nothing ran before it), the failure named', async () => {
    const { api } = await deployed()
    api.opts.deploymentScript = [status('Error', '0/1 nodes are available: 1 Insufficient memory.')]
    const run = await runOp(api, copyOf({ deployCopy: true, smokeInput: SMOKE_INPUT, errorGraceMs: 2000 }))
    expect(run.message).toMatch(/^waiting for deployment ccfraud-copy-\d+ failed: deployment ccfraud-copy-\d+ stayed in Error for \d+s/)
    const copy = api.pipelines.find((p) => p.name === 'ccfraud-copy')!
    expect(api.calls.filter((c) => c[0] === 'undeployPipeline').map((c) => c[1])).toEqual([{ deployment_id: copy.deployment!.id, pipeline_id: copy.id }])
    expect(run.record.cleanup).toEqual([
      expect.objectContaining({
        action: 'rollback',
        result: 'done',
        detail: expect.stringContaining('nothing was Running before this run, so rolling back means undeploying')
      })
    ])
    expect(api.methods()).not.toContain('infer')
  })

  it('copies a given source version (source-version), not the latest', async () => {
    const { api, first } = await deployed()
    const oldVersion = first.record.pipeline!.version!
    await api.createPipeline('ccfraud', api.workspaces[0].id, { steps: [] })
    const run = await runOp(api, copyOf({ sourceVersion: oldVersion }))
    expect(run.error).toBeUndefined()
    expect(api.calls.find((c) => c[0] === 'copyPipeline')![1]).toMatchObject({ pipeline_version: oldVersion })
    const copy = api.pipelines.find((p) => p.name === 'ccfraud-copy')!
    expect(copy.versions[0].definition).toEqual(api.pipelines[0].versions[0].definition)
    expect(run.outputs['pipeline-version']).toBe(copy.versions[0].uuid)
  })

  it('a re-run with deploy-copy finds the copy deployed and leaves it Running: no second copy, an identical redeploy', async () => {
    const { api } = await deployed()
    const copy = copyOf({ deployCopy: true, smokeInput: SMOKE_INPUT })
    expect((await runOp(api, copy)).error).toBeUndefined()
    api.calls.length = 0
    const again = await runOp(api, copy)
    expect(again.error).toBeUndefined()
    expect(api.methods()).not.toContain('copyPipeline')
    expect(api.methods()).toContain('deployPipeline')
    expect(again.record.pipeline).toMatchObject({ created: false, versionReused: true })
    expect(again.record.created).toEqual([])
  })
})

describe('copy-pipeline on a server without list_pipelines', () => {
  it("needs the source as a numeric id (the deploy step's pipeline-id output), and then copies and deploys it", async () => {
    const { api, first } = await deployed({ listPipelines: false })
    const byName = await runOp(api, copyOf())
    expect(byName.message).toBe(
      `finding pipeline "ccfraud" failed: this Wallaroo server has no pipelines/list_pipelines (older than 2025), so 'source-pipeline' "ccfraud" cannot be resolved to an id; give the pipeline's numeric id instead, e.g. the 'pipeline-id' output of the step that deployed it (source-pipeline: \${{ steps.deploy.outputs.pipeline-id }})`
    )
    expect(api.methods()).not.toContain('copyPipeline')
    const id = first.record.pipeline!.id!
    const run = await runOp(api, copyOf({ sourcePipeline: String(id), sourcePipelineId: id, deployCopy: true, smokeInput: SMOKE_INPUT }))
    expect(run.error).toBeUndefined()
    expect(run.outputs).toMatchObject({ status: 'Running', 'pipeline-name': 'ccfraud-copy' })
    // pipelines/copy answers no version UUID and there is no list: the deployment's status names it.
    expect(run.outputs['pipeline-version']).toBe(api.pipelines.find((p) => p.name === 'ccfraud-copy')!.versions[0].uuid)
  })

  it('a name that is taken (409) is said as such: the action could not check it first', async () => {
    const { api, first } = await deployed({ listPipelines: false })
    const id = first.record.pipeline!.id!
    const run = await runOp(api, copyOf({ sourcePipeline: String(id), sourcePipelineId: id, newPipeline: 'ccfraud' }))
    expect(run.message).toBe(
      `copying pipeline "${id}" to "ccfraud" failed: the server refused the copy (HTTP 409 from /v1/api/pipelines/copy: pipeline 'ccfraud' already exists): a pipeline "ccfraud" probably exists already, and this server has no pipelines/list_pipelines to check whether it holds the same definition; choose another 'new-pipeline'`
    )
  })
})

describe('rollback and teardown without list_pipelines', () => {
  it('a failed redeploy rolls back to the version the status named before (by its UUID, with the models the status showed)', async () => {
    const { api, first } = await deployed({ listPipelines: false })
    // The new version's engines cannot start; the version that ran before still can.
    const real = api.getDeployment.bind(api)
    api.getDeployment = async (name: string) => {
      const s = await real(name)
      const p = api.pipelines[0]
      const onNewVersion = p.deployment!.versionId !== p.versions[0].id
      return s && onNewVersion
        ? {
            ...status('Error', 'ImagePullBackOff'),
            engines: s.engines.map((e) => ({ ...e, status: 'Pending', reason: ['ImagePullBackOff'] })),
            status: 'Error'
          }
        : s
    }
    const run = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelB)], errorGraceMs: 1000 }))
    expect(run.message).toMatch(/stayed in Error/)
    const deploys = api.calls.filter((c) => c[0] === 'deployPipeline').map((c) => c[1] as Record<string, unknown>)
    expect(deploys).toHaveLength(2)
    expect(deploys[1]).toMatchObject({
      deploy_id: 'ccfraud',
      pipeline_version: first.record.pipeline!.version,
      models: [expect.objectContaining({ name: 'ccfraud' })]
    })
    expect(deploys[1]).not.toHaveProperty('pipeline_version_pk_id')
    expect(run.record.cleanup[0]).toMatchObject({ action: 'rollback', rolledBackTo: { version: first.record.pipeline!.version } })
  })
})

describe('service accounts and workspaces the user is not a member of', () => {
  it("a 403 on an MLOps route with a service account's token says what such a token may do, with outcome invalid-input", () => {
    const e = new WallarooApiError({
      code: 'FORBIDDEN',
      status: 403,
      endpoint: '/v1/api/workspaces/list',
      attempts: 1,
      serverMessage:
        'Forbidden: this token belongs to a service account (client-credentials grant), which may only call inference endpoints; use a user token (password grant) for the MLOps API'
    })
    const client = settings({ auth: { kind: 'client', clientId: 'api-client', clientSecret: 's' } })
    const text = describeFailure('deploy', e, client)
    expect(text).toContain("The action signed in as the service account of client 'api-client' ('client-id' without a user: the client_credentials grant)")
    expect(text).toContain('Wallaroo documents them for calling inference endpoints only')
    expect(text).toContain("Sign in as a user instead ('username' and 'password'")
    expect(text).not.toContain('ask an owner of workspace')
    expect(failureOutcome(e, newRunRecord('deploy', 0), false, true)).toBe('invalid-input')
    // A user's 403 keeps the membership hint.
    expect(describeFailure('deploy', e, settings())).toContain('ask an owner of workspace "fraud-team" to add the user')
  })

  it.each([
    [
      409,
      'CONFLICT',
      "workspace 'fraud-team' already exists; workspace names are unique",
      'workspace "fraud-team" exists, but this user is not a member of it, so it is not in the user\'s workspace list and cannot be created again'
    ],
    [403, 'FORBIDDEN', 'Forbidden', 'workspace "fraud-team" is not in this user\'s workspace list, and the server refused to create it']
  ] as const)(
    'a workspace the user cannot see whose create answers %s is reported as not a member, not as a conflict',
    async (httpStatus, code, serverMessage, said) => {
      const api = new FakeWallaroo()
      api.createWorkspace = async () => {
        throw new WallarooApiError({ code, status: httpStatus, endpoint: '/v1/api/workspaces/create', attempts: 1, serverMessage })
      }
      const run = await runOp(api, settings())
      expect(run.message).toContain(said)
      expect(run.message).toContain("ask one of its members or an admin to add this user (workspaces/add_user), or choose another 'workspace'")
      expect(run.message).not.toMatch(/conflict with the current state/)
      expect(failureOutcome(run.error, run.record, false)).toBe('invalid-input')
      expect(api.methods()).not.toContain('uploadModel')
    }
  )
})

describe('dry-run plans of the new options', () => {
  async function plan(api: FakeWallaroo, s: ActionSettings) {
    const ctx = testContext({ ...s, dryRun: true }, readOnly(api))
    await planners[s.operation](ctx)
    return ctx.record.plan!
  }

  it('copy-pipeline with deploy-copy plans the copy, its deploy, wait, smoke check and on-failure, and changes nothing', async () => {
    const { api } = await deployed()
    const steps = await plan(api, copyOf({ deployCopy: true, smokeInput: SMOKE_INPUT, engineConfig: ENGINE }))
    expect(steps.map((p) => p.action)).toEqual(['copy', 'deploy', 'wait', 'infer', 'on-failure'])
    expect(steps[1].detail).toContain('"replicas":2')
    expect(api.methods().filter((m) => ['copyPipeline', 'deployPipeline'].includes(m))).toEqual([])
  })

  it('a file whose sha the workspace has with other settings is planned as an upload, saying why; a model by id as used', async () => {
    const api = new FakeWallaroo()
    const x86 = api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-x86', sha: createHash('sha256').update('model A bytes').digest('hex') })
    const post = api.seedVersion('fraud-team', { name: 'post', version: 'uuid-post', sha: 'd'.repeat(64) })
    const steps = await plan(
      api,
      settings({ models: [fileModel('ccfraud', files.modelA, { arch: 'arm' }), { kind: 'id', name: 'post', versionId: post }], engineConfig: { engine: {} } })
    )
    expect(steps[1]).toMatchObject({
      action: 'upload',
      target: 'model "ccfraud"',
      detail: expect.stringContaining(`not reused: version ${x86} has arch x86 (this entry: arm)`)
    })
    expect(steps[2]).toEqual({ action: 'use', target: 'model "post"', detail: `the given version id ${post} (uuid-post)` })
  })

  it('without list_pipelines the plan finds the deployment from its inference URL and says a redeploy', async () => {
    const { api, name } = await deployed({ listPipelines: false })
    const steps = await plan(api, settings({ models: [fileModel('ccfraud', files.modelB)] }))
    expect(steps.find((p) => p.action === 'redeploy')).toMatchObject({
      target: `deployment ${name}`,
      detail: expect.stringMatching(/^now Running with [0-9a-f-]{36};/)
    })
    expect(steps.find((p) => p.action === 'on-failure')!.detail).toMatch(/^if the wait or the checks fail: roll back to [0-9a-f-]{36} \(Running now\)$/)
  })
})
