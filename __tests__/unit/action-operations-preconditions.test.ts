/**
 * What the operations check before they act, against the in-memory fake API: get-url and infer need a live
 * deployment, undeploy is idempotent, the default chain of several models is announced, schemas reach the
 * upload, and given model versions are checked before anything is created.
 */
import { describe, expect, it } from '@jest/globals'
import type { ActionSettings } from '../../src/action/settings.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { deployedFake, deploySettings, fileModel, operationOnly, runOp, SMOKE_INPUT, useModelFiles } from '../helpers/fake-operations.js'
import { FakeWallaroo, status, type FakeOptions } from './action-fake-api.js'

const files = useModelFiles('preconditions-')
const settings = (over: Partial<ActionSettings> = {}) => deploySettings(files.modelA, over)
/** Settings of an operation that takes no models. */
const only = operationOnly(settings)
const smoke = SMOKE_INPUT
/** A fake where "ccfraud" was deployed (and is Running); calls so far are forgotten. */
const deployed = (opts: FakeOptions = {}) => deployedFake(settings(), opts)

describe('get-url and infer need a live deployment', () => {
  it('get-url of a pipeline never deployed fails without asking for its URL', async () => {
    const api = new FakeWallaroo()
    await runOp(api, settings({ operation: 'create-pipeline', smokeInput: undefined }))
    api.calls.length = 0
    const { message, outputs } = await runOp(api, only('get-url'))
    expect(message).toBe(`finding the deployment failed: pipeline 'ccfraud' is not deployed (it has never been deployed); deploy it first (operation 'deploy')`)
    expect(api.methods()).toEqual(['listWorkspaces', 'listPipelines'])
    expect(outputs).toMatchObject({ 'workspace-id': String(api.workspaces[0].id), 'pipeline-id': String(api.pipelines[0].id), status: 'NotDeployed' })
    expect(outputs).not.toHaveProperty('inference-url')
  })

  it('get-url and infer of an undeployed pipeline fail the same way (no URL that answers 404)', async () => {
    const { api, name } = await deployed()
    await runOp(api, only('undeploy'))
    api.calls.length = 0
    const url = await runOp(api, only('get-url'))
    expect(url.message).toBe(
      `finding the deployment failed: pipeline 'ccfraud' is not deployed (deployment ${name} was undeployed); deploy it first (operation 'deploy')`
    )
    expect(url.outputs).not.toHaveProperty('inference-url')
    const infer = await runOp(api, only('infer', { smokeInput: smoke }))
    expect(infer.message).toBe(url.message)
    expect(api.methods()).not.toContain('getExternalUrl')
    expect(api.methods()).not.toContain('infer')
  })

  it('get-url of a running deployment sets every output it knows', async () => {
    const { api, name, workspaceId } = await deployed()
    const { error, outputs, lines } = await runOp(api, only('get-url'))
    expect(error).toBeUndefined()
    expect(api.methods()).toEqual(['listWorkspaces', 'listPipelines', 'getDeployment', 'getExternalUrl'])
    const d = api.pipelines[0].deployment!
    expect(outputs).toMatchObject({
      'workspace-id': String(workspaceId),
      'pipeline-id': String(api.pipelines[0].id),
      'deployment-id': String(d.id),
      'deployment-name': name,
      status: 'Running',
      'inference-url': `https://wallaroo.test/v1/api/pipelines/infer/${name}/ccfraud`
    })
    expect(lines).toContain(`Inference URL: https://wallaroo.test/v1/api/pipelines/infer/${name}/ccfraud`)
  })

  it('get-url of a starting deployment gives the URL and says it is not Running yet', async () => {
    const { api, name } = await deployed({ deploymentScript: [status('Running')] })
    api.opts.deploymentScript = [status('Starting')]
    const { error, outputs, lines } = await runOp(api, only('get-url'))
    expect(error).toBeUndefined()
    expect(outputs).toMatchObject({ status: 'Starting', 'inference-url': expect.stringContaining(name) })
    expect(lines).toContain(`Deployment ${name} is Starting; its URL answers once it is Running.`)
  })

  it('get-url of a deployment in Error gives the URL with status Error and a warning with the diagnosis', async () => {
    const { api, name } = await deployed()
    api.opts.deploymentScript = [status('Error', 'Back-off pulling image')]
    const { error, outputs, lines } = await runOp(api, only('get-url'))
    expect(error).toBeUndefined()
    expect(outputs).toMatchObject({ status: 'Error', 'inference-url': expect.stringContaining(name) })
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([
      `WARN Deployment ${name} is in Error: its URL will not answer until it recovers or is deployed again.\ndeployment: Error\nengine engine-abc: Pending, reason: Back-off pulling image\n  model ccfraud v-uuid: Pending\nengine-lb engine-lb-1: Running`
    ])
  })

  it('infer while the deployment is Starting waits for Running, then infers', async () => {
    const { api, name } = await deployed()
    api.pipelines[0].deployment!.polls = 0 // the script starts again: Starting, then Running
    const { error, outputs, lines } = await runOp(api, only('infer', { smokeInput: smoke }))
    expect(error).toBeUndefined()
    expect(api.methods()).toEqual(['listWorkspaces', 'listPipelines', 'getDeployment', 'getDeployment', 'getExternalUrl', 'infer'])
    expect(lines).toContain(`Deployment ${name} is Starting; waiting up to 1m00s ('timeout') for Running.`)
    expect(lines.some((l) => l.startsWith(`Deployment ${name} is Running after`))).toBe(true)
    expect(outputs).toMatchObject({ status: 'Running', 'deployment-name': name, 'smoke-output': expect.stringContaining('dense_1') })
  })

  it('infer on a deployment in Error fails with the diagnosis and sends nothing', async () => {
    const { api, name } = await deployed()
    api.opts.deploymentScript = [status('Error', '0/1 nodes are available: 1 Insufficient cpu.')]
    const { message, outputs } = await runOp(api, only('infer', { smokeInput: smoke }))
    expect(message).toBe(
      `reading the status of ${name} failed: deployment ${name} is in Error, so it cannot answer an inference; fix the cause and deploy again (operation 'deploy'):\n` +
        `  deployment: Error\n  engine engine-abc: Pending, reason: 0/1 nodes are available: 1 Insufficient cpu.\n    model ccfraud v-uuid: Pending\n  engine-lb engine-lb-1: Running`
    )
    expect(outputs).toMatchObject({ status: 'Error', 'deployment-name': name })
    expect(api.methods()).not.toContain('infer')
  })

  it('infer gives up at the timeout when the deployment stays Starting', async () => {
    const { api, name } = await deployed()
    api.opts.deploymentScript = [status('Starting')]
    const { message, outputs } = await runOp(api, only('infer', { smokeInput: smoke, timeoutMs: 5000 }))
    expect(message).toMatch(
      new RegExp(
        `^waiting for deployment ${name} failed: deployment ${name} did not reach Running within 5s \\('timeout' is 5s for the whole step\\): last status Starting after 4 polls\\.`
      )
    )
    expect(outputs.status).toBe('Starting')
    expect(api.methods()).not.toContain('infer')
  })

  it('on a server without list_pipelines the URL names the deployment, whose status is then checked', async () => {
    const { api, name, first } = await deployed({ listPipelines: false })
    const ok = await runOp(api, only('get-url'))
    expect(ok.error).toBeUndefined()
    expect(ok.outputs).toMatchObject({ 'deployment-name': name, 'deployment-id': String(first.record.deployment!.id), status: 'Running' })
    await runOp(api, only('undeploy', { deploymentId: first.record.deployment!.id }))
    const gone = await runOp(api, only('get-url'))
    expect(gone.message).toBe(
      `reading the status of ${name} failed: pipeline 'ccfraud' is not deployed (status/get_deployment answers 404 for ${name}); deploy it first (operation 'deploy')`
    )
  })

  it('on a server without list_pipelines a 404 for the URL says not deployed or missing, without blaming the url input', async () => {
    const { api, workspaceId } = await deployed({ listPipelines: false })
    api.getExternalUrl = async () => {
      throw new WallarooApiError({
        code: 'NOT_FOUND',
        status: 404,
        endpoint: '/v1/api/admin/get_pipeline_external_url',
        attempts: 1,
        message: 'pipeline not found'
      })
    }
    const { message, outputs } = await runOp(api, only('get-url', { pipeline: 'other' }))
    expect(message).toBe(
      `finding the deployment failed: pipeline 'other' is not deployed, or does not exist in workspace ${workspaceId}: the server has no inference URL for it (pipeline not found); check 'pipeline', or deploy it first (operation 'deploy')`
    )
    expect(outputs.status).toBe('NotDeployed')
  })
})

describe('undeploy is idempotent (teardown steps run with if: always())', () => {
  it('a pipeline that does not exist: success, NotDeployed, a line saying why', async () => {
    const api = new FakeWallaroo()
    await api.createWorkspace('fraud-team')
    const { error, outputs, lines } = await runOp(api, only('undeploy', { pipeline: 'never-made' }))
    expect(error).toBeUndefined()
    expect(outputs.status).toBe('NotDeployed')
    expect(lines).toContain(
      `WARN nothing to undeploy: workspace "fraud-team" (id ${api.workspaces[0].id}) has no pipeline "never-made". Check 'workspace' and 'pipeline' if you expected a deployment.`
    )
    expect(api.methods()).not.toContain('undeployPipeline')
  })

  it('a workspace that does not exist: success, NotDeployed, a warning that names the inputs to check', async () => {
    const api = new FakeWallaroo()
    const { error, outputs, lines, record } = await runOp(api, only('undeploy', { pipeline: 'never-made' }))
    expect(error).toBeUndefined()
    expect(outputs.status).toBe('NotDeployed')
    expect(lines).toContain(
      `WARN nothing to undeploy: workspace "fraud-team" does not exist or this user is not a member. Check 'workspace' and 'pipeline' if you expected a deployment.`
    )
    expect(record.phases).toEqual([expect.objectContaining({ name: 'workspace', outcome: 'ok' })])
    expect(api.methods()).not.toContain('createWorkspace')
    expect(api.methods()).not.toContain('undeployPipeline')
  })

  it('a pipeline never deployed, and one undeployed before', async () => {
    const api = new FakeWallaroo()
    await runOp(api, settings({ operation: 'create-pipeline', smokeInput: undefined }))
    const never = await runOp(api, only('undeploy'))
    expect(never.error).toBeUndefined()
    expect(never.lines).toContain('nothing to undeploy: pipeline "ccfraud" has never been deployed.')
    const { api: api2, name } = await deployed()
    await runOp(api2, only('undeploy'))
    const again = await runOp(api2, only('undeploy'))
    expect(again.error).toBeUndefined()
    expect(again.outputs.status).toBe('NotDeployed')
    expect(again.lines).toContain(`nothing to undeploy: pipeline "ccfraud" is not deployed (deployment ${name} was undeployed before).`)
  })

  it('a real failure still fails', async () => {
    const { api, name } = await deployed()
    api.undeployPipeline = async () => {
      throw new WallarooApiError({ code: 'SERVER_ERROR', status: 500, endpoint: '/v1/api/pipelines/undeploy', attempts: 3, serverMessage: 'boom' })
    }
    const { error } = await runOp(api, only('undeploy'))
    expect((error as Error).message).toMatch(new RegExp(`^undeploying ${name} failed: `))
  })
})

describe('the default definition of several models', () => {
  it('warns that the models chain, and how to give a definition, before anything is uploaded', async () => {
    const { lines } = await runOp(
      new FakeWallaroo(),
      settings({ operation: 'create-pipeline', smokeInput: undefined, models: [fileModel('first', files.modelA), fileModel('second', files.modelB)] })
    )
    const warnings = lines.filter((l) => l.startsWith('WARN'))
    expect(warnings).toEqual([
      `WARN No 'pipeline-definition' given, so the 2 models of 'models' run as a chain, in that order ("first" → "second"): each model gets the previous model's output, not the pipeline's input. Models that each expect the pipeline's input cannot chain like this; give 'pipeline-definition' with the steps you want, e.g. {"steps": [{"ModelInference": {"models": [{"name": "first"}]}}, …]}.`
    ])
    expect(lines.indexOf(warnings[0])).toBeLessThan(lines.findIndex((l) => l.includes('uploading')))
  })

  it('one model, or an explicit definition, gives no such warning', async () => {
    const one = await runOp(new FakeWallaroo(), settings({ operation: 'create-pipeline', smokeInput: undefined }))
    expect(one.lines.filter((l) => l.startsWith('WARN'))).toEqual([])
    const definition = { steps: [{ ModelInference: { models: [{ name: 'first' }, { name: 'second' }] } }] } as never
    const explicit = await runOp(
      new FakeWallaroo(),
      settings({
        operation: 'create-pipeline',
        smokeInput: undefined,
        pipelineDefinition: definition,
        models: [fileModel('first', files.modelA), fileModel('second', files.modelB)]
      })
    )
    expect(explicit.lines.filter((l) => l.startsWith('WARN'))).toEqual([])
  })
})

describe('schemas of a containerized model reach the upload', () => {
  it('at the top level of the metadata, not inside conversion', async () => {
    const api = new FakeWallaroo()
    const torch = fileModel('torchy', files.modelA, { framework: 'pytorch', inputSchema: 'SU5QVVQ=', outputSchema: 'T1VUUFVU' })
    await runOp(api, only('upload-model', { pipeline: undefined, models: [torch] }))
    const metadata = api.calls.find((c) => c[0] === 'uploadModel')![1] as Record<string, unknown>
    expect(metadata).toMatchObject({ input_schema: 'SU5QVVQ=', output_schema: 'T1VUUFVU', conversion: { framework: 'pytorch' } })
    expect(metadata.conversion).not.toHaveProperty('input_schema')
  })
})

describe('a model given as version + sha must exist in the workspace', () => {
  const given = (version: string, sha: string) => ({ kind: 'existing' as const, name: 'post', version, sha })

  /** A fake whose workspace "fraud-team" holds model "post" (uploaded, ready). */
  async function withPost(opts: FakeOptions = {}) {
    const api = new FakeWallaroo(opts)
    await runOp(api, only('upload-model', { pipeline: undefined, models: [fileModel('post', files.modelB)] }))
    api.calls.length = 0
    return { api, post: api.versions[0] }
  }

  it.each(['2025', '2023'] as const)('a version the workspace has is used (models/list %s shape)', async (modelsShape) => {
    const { api, post } = await withPost({ modelsShape })
    const { error, record } = await runOp(
      api,
      settings({ operation: 'create-pipeline', smokeInput: undefined, models: [given(post.file_info.version, post.file_info.sha)] })
    )
    expect(error).toBeUndefined()
    expect(record.models).toEqual([expect.objectContaining({ name: 'post', source: 'given' })])
  })

  it.each(['2025', '2023'] as const)('an unknown version fails before a pipeline version is made, naming the item (%s shape)', async (modelsShape) => {
    const { api, post } = await withPost({ modelsShape })
    const s = settings({
      operation: 'create-pipeline',
      smokeInput: undefined,
      models: [fileModel('ccfraud', files.modelA), given('no-such-version', post.file_info.sha)]
    })
    const { message } = await runOp(api, s)
    expect(message).toBe(
      `preparing the models failed: Input 'models' item 2 ("post") names version no-such-version, which workspace ${api.workspaces[0].id} does not have (model "post" has version ${post.file_info.version}); check 'version' (the model version's file_info.version), or give 'path' to upload the file`
    )
    expect(api.methods()).not.toContain('createPipeline')
    expect(api.methods()).not.toContain('uploadModel')
  })

  it('a wrong sha for a known version fails too', async () => {
    const { api, post } = await withPost()
    const { message } = await runOp(api, settings({ models: [given(post.file_info.version, 'e'.repeat(64))] }))
    expect(message).toBe(
      `preparing the models failed: Input 'models' item 1 ("post") gives sha ${'e'.repeat(64)} for version ${post.file_info.version}, but the server has sha ${post.file_info.sha} for it; check 'sha'`
    )
    expect(api.methods()).not.toContain('createPipeline')
  })

  it('a workspace that does not exist is not created for a given version', async () => {
    const api = new FakeWallaroo()
    const { message } = await runOp(api, settings({ models: [given('v-1', 'c'.repeat(64))] }))
    expect(message).toBe(
      `resolving the workspace failed: Input 'models' item 1 ("post") names the existing version v-1, but workspace "fraud-team" does not exist, so it cannot hold that version; check 'workspace', or give 'path' to upload the model file instead`
    )
    expect(api.methods()).toEqual(['listWorkspaces'])
  })
})
