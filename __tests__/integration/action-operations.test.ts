/**
 * Every operation besides the full deploy, run through `node dist/index.js` against one emulator process per profile
 * (2023.4 without list_pipelines, 2024.1, 2025.2), in the order a workflow would use them: upload-model,
 * create-pipeline, (deploy), status, get-url, infer, copy-pipeline (also deployed and checked), undeploy.
 */
import { describe, expect, it } from '@jest/globals'
import { emulatorState, errorMessages, findLeaks, runAction, type ActionRun } from '../helpers/action-process.js'
import { ACTION_PROFILES, demoModelsInput, expectFailure, expectSuccess, listsPipelines, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { WallarooSession } from '../helpers/wallaroo-session.js'
import { demoScore } from '../../src/model/ccfraud-like.js'

const WORKSPACE = 'ops-test'
const PIPELINE = 'ops-pipe'
const COPY = 'ops-pipe-copy'
const DEPLOYED_COPY = 'ops-pipe-live-copy'
const MODEL = 'ops-model'

describe.each(ACTION_PROFILES)('profile %s', (profile) => {
  const bed = useActionTestbed(['--profile', profile, '--start-seconds', '0.5', '--convert-seconds', '0.2'], 2)

  /** Inputs every operation needs, plus the operation's own. */
  function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
    return signedInInputs(bed.url, WORKSPACE, { operation, timeout: '30s', ...extra })
  }

  const modelsInput = () => demoModelsInput(bed.ws, MODEL)

  /** Exit 0, and a job summary that says which operation succeeded. */
  function expectSucceeded(run: ActionRun, operation: string): void {
    expectSuccess(run)
    expect(run.summary).toMatch(new RegExp(`Wallaroo ${operation}( of [a-z-]+)? succeeded`))
  }

  describe('operations, in workflow order', () => {
    let deploy: ActionRun

    it('upload-model uploads the file into a new workspace and reports its version', async () => {
      const run = await runAction(inputs('upload-model', { models: modelsInput() }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'upload-model')
      const state = await emulatorState(bed.url)
      const workspace = state.workspaces.find((w: { name: string }) => w.name === WORKSPACE)
      expect(run.outputs['workspace-id']).toBe(String(workspace.id))
      const versions = state.model_versions.filter((v: { name: string }) => v.name === MODEL)
      expect(versions).toHaveLength(1)
      expect(versions[0]).toMatchObject({ workspace_id: workspace.id, file_info: { sha: bed.ws.modelSha } })
      const models = JSON.parse(run.outputs.models) as Array<Record<string, unknown>>
      expect(models).toHaveLength(1)
      expect(JSON.stringify(models[0])).toContain(versions[0].file_info.version)
      expect(JSON.stringify(models[0])).toMatch(/upload/i)
      expect(run.summary).toContain(MODEL)
      // Nothing else was created: no pipeline, no deployment.
      expect(state.pipelines).toEqual([])
      expect(state.deployments).toEqual([])
    })

    it('create-pipeline creates the pipeline from the uploaded model without deploying it', async () => {
      const run = await runAction(inputs('create-pipeline', { pipeline: PIPELINE, models: modelsInput() }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'create-pipeline')
      const state = await emulatorState(bed.url)
      expect(state.model_versions).toHaveLength(1) // the file was already there: reused
      const pipeline = state.pipelines.find((p: { name: string }) => p.name === PIPELINE)
      expect(pipeline).toBeDefined()
      expect(run.outputs['pipeline-id']).toBe(String(pipeline.id))
      const version = state.pipeline_versions.find((v: { id: number }) => String(v.id) === run.outputs['pipeline-version-id'])
      expect(version).toMatchObject({ pipeline_id: pipeline.id, version: run.outputs['pipeline-version'] })
      expect(JSON.stringify(version.definition)).toContain(bed.ws.modelSha)
      expect(run.summary).toContain(run.outputs['pipeline-version'])
      expect(state.deployments.filter((d: { deployed: boolean }) => d.deployed)).toEqual([])
    })

    it('deploy (needed by the next operations) succeeds', async () => {
      deploy = await runAction(inputs('deploy', { pipeline: PIPELINE, models: modelsInput() }), { cwd: bed.ws.dir })
      expectSucceeded(deploy, 'deploy')
      expect(deploy.outputs.status).toBe('Running')
    })

    it('status reports the running deployment (workspace given by its numeric id)', async () => {
      const run = await runAction(inputs('status', { pipeline: PIPELINE, workspace: deploy.outputs['workspace-id'] }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'status')
      expect(run.outputs.status).toBe('Running')
      expect(run.outputs['deployment-id']).toBe(deploy.outputs['deployment-id'])
      expect(run.outputs['deployment-name']).toBe(deploy.outputs['deployment-name'])
      expect(run.summary).toContain('Running')
    })

    it('get-url returns the same inference URL as the deploy (address and user from WALLAROO_* variables)', async () => {
      const { url, username, password, ...rest } = inputs('get-url', { pipeline: PIPELINE })
      const run = await runAction(rest, { cwd: bed.ws.dir, env: { WALLAROO_URL: url, WALLAROO_USER: username, WALLAROO_PASSWORD: password } })
      expectSucceeded(run, 'get-url')
      expect(run.outputs['inference-url']).toBe(deploy.outputs['inference-url'])
      expect(run.summary).toContain(deploy.outputs['inference-url'])
      expect(findLeaks(run, [password])).toEqual([])
    })

    it('infer sends the smoke input and reports the scores', async () => {
      const run = await runAction(inputs('infer', { pipeline: PIPELINE, 'smoke-input': bed.ws.smokeJson }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'infer')
      const records = JSON.parse(run.outputs['smoke-output']) as Array<{ out: Record<string, number[]> }>
      expect(records).toHaveLength(bed.ws.rows.length)
      records.forEach((r, i) => expect(Math.abs(Object.values(r.out)[0][0] - demoScore(bed.ws.rows[i]))).toBeLessThan(1e-6))
      expect(Number(run.outputs['smoke-latency-ms'])).toBeGreaterThanOrEqual(0)
      // The summary shows the answers too (rounded however it likes).
      const numbers = (run.summary.match(/\d+\.\d{3,}/g) ?? []).map(Number)
      expect(numbers.some((n) => Math.abs(n - demoScore(bed.ws.rows[0])) < 1e-3)).toBe(true)
    })

    it('copy-pipeline creates the new pipeline in the workspace (by name, or by id where the server cannot list pipelines)', async () => {
      if (!listsPipelines(profile)) {
        const byName = await runAction(inputs('copy-pipeline', { 'source-pipeline': PIPELINE, 'new-pipeline': COPY }), { cwd: bed.ws.dir })
        expect(expectFailure(byName)).toContain(
          `this Wallaroo server has no pipelines/list_pipelines (older than 2025), so 'source-pipeline' "${PIPELINE}" cannot be resolved to an id; give the pipeline's numeric id instead`
        )
      }
      const source = listsPipelines(profile) ? PIPELINE : deploy.outputs['pipeline-id']
      const run = await runAction(inputs('copy-pipeline', { 'source-pipeline': source, 'new-pipeline': COPY }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'copy-pipeline')
      const state = await emulatorState(bed.url)
      const original = state.pipelines.find((p: { name: string }) => p.name === PIPELINE)
      const copy = state.pipelines.find((p: { name: string }) => p.name === COPY)
      expect(copy).toMatchObject({ workspace_id: original.workspace_id })
      expect(run.outputs['pipeline-id']).toBe(String(copy.id))
      const version = state.pipeline_versions.find((v: { pipeline_id: number }) => v.pipeline_id === copy.id)
      expect(run.outputs['pipeline-version-id']).toBe(String(version.id))
      // pipelines/copy answers no version UUID; it is read back where the server shows it (list_pipelines).
      if (listsPipelines(profile)) expect(run.outputs['pipeline-version']).toBe(version.version)
      else expect(run.outputs).not.toHaveProperty('pipeline-version')
      expect(run.summary).toContain(COPY)
    })

    it('copy-pipeline with deploy-copy and engine inputs: the copy reaches Running with that engine config and answers the smoke input', async () => {
      const source = listsPipelines(profile) ? PIPELINE : deploy.outputs['pipeline-id']
      const run = await runAction(
        inputs('copy-pipeline', {
          'source-pipeline': source,
          'new-pipeline': DEPLOYED_COPY,
          'deploy-copy': 'true',
          cpus: '0.5',
          memory: '768Mi',
          replicas: '2',
          'smoke-input': bed.ws.smokeJson
        }),
        { cwd: bed.ws.dir }
      )
      expectSucceeded(run, 'copy-pipeline')
      expect(run.outputs.status).toBe('Running')
      const state = await emulatorState(bed.url)
      const copy = state.pipelines.find((p: { name: string }) => p.name === DEPLOYED_COPY)
      const deployment = state.deployments.find((d: { pipeline_id: number }) => d.pipeline_id === copy.id)
      expect(deployment).toMatchObject({
        deployed: true,
        engine_config: { engine: { cpu: 0.5, replicas: 2, resources: { limits: { cpu: 0.5, memory: '768Mi' } } } }
      })
      expect(run.outputs).toMatchObject({
        'deployment-id': String(deployment.id),
        'deployment-name': `${DEPLOYED_COPY}-${deployment.id}`,
        'pipeline-name': DEPLOYED_COPY
      })
      expect(run.outputs['inference-url']).toContain(`/pipelines/infer/${DEPLOYED_COPY}-${deployment.id}/${DEPLOYED_COPY}`)
      // The copy's version UUID: from list_pipelines, or from the deployment's status (2024+); 2023 servers name it nowhere.
      const version = state.pipeline_versions.find((v: { pipeline_id: number }) => v.pipeline_id === copy.id)
      if (profile === '2023.4') expect(run.outputs).not.toHaveProperty('pipeline-version')
      else expect(run.outputs['pipeline-version']).toBe(version.version)
      const records = JSON.parse(run.outputs['smoke-output']) as Array<{ out: Record<string, number[]> }>
      records.forEach((r, i) => expect(Math.abs(Object.values(r.out)[0][0] - demoScore(bed.ws.rows[i]))).toBeLessThan(1e-6))
      // Who answered: the copy's version where the server reports it, else its last model.
      expect(run.summary).toMatch(profile === '2023.4' ? /Answered by.*model "ops-model"/ : new RegExp(`Answered by.*pipeline version ${version.version}`))
    })

    it('undeploy tears the deployment down', async () => {
      const run = await runAction(inputs('undeploy', { pipeline: PIPELINE }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'undeploy')
      const state = await emulatorState(bed.url)
      const deployment = state.deployments.find((d: { id: number }) => String(d.id) === deploy.outputs['deployment-id'])
      expect(deployment.deployed).toBe(false)
      const session = new WallarooSession(bed.url)
      await session.login()
      expect((await session.getDeployment(deploy.outputs['deployment-name'])).status).toBe(404)
    })

    it('status after undeploy reports NotDeployed without failing', async () => {
      const run = await runAction(inputs('status', { pipeline: PIPELINE }), { cwd: bed.ws.dir })
      expectSucceeded(run, 'status')
      expect(run.outputs.status).toBe('NotDeployed')
    })

    it('copy-pipeline from a pipeline that does not exist names source-pipeline and creates nothing', async () => {
      const before = await emulatorState(bed.url)
      const run = await runAction(inputs('copy-pipeline', { 'source-pipeline': 'no-such-pipe', 'new-pipeline': 'never-made' }), { cwd: bed.ws.dir })
      expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
      const message = errorMessages(run.stdout).join('\n')
      expect(message).toContain('no-such-pipe')
      expect(message).toContain("'source-pipeline'")
      const after = await emulatorState(bed.url)
      expect(after.pipelines).toEqual(before.pipelines)
      expect(after.pipeline_versions).toEqual(before.pipeline_versions)
    })
  })
})
