/**
 * The bundled action's main job, run as the runner runs it (`node dist/index.js`, INPUT_*, file commands)
 * against a real emulator process of every profile (2023.4 without list_pipelines, 2024.1, 2025.2): deploy, re-run
 * without uploads, Arrow smoke input, no leaked secrets.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { describeRun, emulatorState, findJwts, findLeaks, maskedValues, runAction, type ActionRun, type EmulatorState } from '../helpers/action-process.js'
import { ACTION_PROFILES, demoModelsInput, listsPipelines, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { TEST_CREDENTIALS, WallarooSession } from '../helpers/wallaroo-session.js'
import { demoScore } from '../../src/model/ccfraud-like.js'

const WORKSPACE = 'deploy-test'
const PIPELINE = 'ccfraud-like'
const MODEL = 'ccfraud-like'

describe.each(ACTION_PROFILES)('profile %s', (profile) => {
  const bed = useActionTestbed(['--profile', profile, '--start-seconds', '0.5', '--convert-seconds', '0.2'], 2)
  let first: ActionRun
  let firstState: EmulatorState

  function deployInputs(smokeInput: string): Record<string, string> {
    return signedInInputs(bed.url, WORKSPACE, { pipeline: PIPELINE, models: demoModelsInput(bed.ws, MODEL), 'smoke-input': smokeInput, timeout: '30s' })
  }

  /** The first `out` value of each smoke-output record (the model's score for that row). */
  function scores(smokeOutput: string): number[] {
    const records = JSON.parse(smokeOutput) as Array<{ out: Record<string, number[]> }>
    return records.map((r) => Object.values(r.out)[0][0])
  }

  beforeAll(async () => {
    first = await runAction(deployInputs(bed.ws.smokeJson), { cwd: bed.ws.dir })
    firstState = await emulatorState(bed.url)
  }, 60_000)

  describe('operation deploy (default)', () => {
    it('succeeds and sets every deploy output', () => {
      expect({ code: first.code, log: first.code === 0 ? '' : describeRun(first) }).toEqual({ code: 0, log: '' })
      for (const name of [
        'workspace-id',
        'pipeline-id',
        'pipeline-version-id',
        'pipeline-version',
        'deployment-id',
        'deployment-name',
        'status',
        'inference-url',
        'models',
        'smoke-output',
        'smoke-latency-ms',
        'duration-seconds'
      ]) {
        expect([name, first.outputs[name]]).toEqual([name, expect.stringMatching(/\S/)])
      }
      expect(first.outputs.status).toBe('Running')
      expect(Number(first.outputs['smoke-latency-ms'])).toBeGreaterThanOrEqual(0)
      expect(Number(first.outputs['duration-seconds'])).toBeGreaterThan(0)
    })

    it('reports ids that match what the emulator holds', () => {
      const workspace = firstState.workspaces.find((w: { name: string }) => w.name === WORKSPACE)
      expect(workspace).toBeDefined()
      expect(first.outputs['workspace-id']).toBe(String(workspace.id))

      const pipeline = firstState.pipelines.find((p: { name: string; workspace_id: number }) => p.name === PIPELINE && p.workspace_id === workspace.id)
      expect(pipeline).toBeDefined()
      expect(first.outputs['pipeline-id']).toBe(String(pipeline.id))

      const version = firstState.pipeline_versions.find((v: { id: number }) => String(v.id) === first.outputs['pipeline-version-id'])
      expect(version).toMatchObject({ pipeline_id: pipeline.id, version: first.outputs['pipeline-version'] })

      const deployment = firstState.deployments.find((d: { pipeline_id: number }) => d.pipeline_id === pipeline.id)
      expect(deployment).toMatchObject({ deployed: true, pipeline_version_id: version.id })
      expect(first.outputs['deployment-id']).toBe(String(deployment.id))
      expect(first.outputs['deployment-name']).toBe(`${PIPELINE}-${deployment.id}`)

      const versions = firstState.model_versions.filter((v: { name: string }) => v.name === MODEL)
      expect(versions).toHaveLength(1)
      expect(versions[0].file_info.sha).toBe(bed.ws.modelSha)
    })

    it("reports the model as uploaded in the 'models' output", () => {
      const models = JSON.parse(first.outputs.models) as Array<Record<string, unknown>>
      const version = firstState.model_versions.find((v: { name: string }) => v.name === MODEL)
      expect(models).toHaveLength(1)
      expect(JSON.stringify(models[0])).toContain(bed.ws.modelSha)
      expect(JSON.stringify(models[0])).toContain(version.file_info.version)
      expect(JSON.stringify(models[0])).toMatch(/upload/i)
      expect(JSON.stringify(models[0])).not.toMatch(/reuse/i)
    })

    it('leaves a Running deployment whose inference URL answers with the token', async () => {
      const session = new WallarooSession(bed.url)
      await session.login()
      const status = await session.getDeployment(first.outputs['deployment-name'])
      expect(status.status).toBe(200)
      expect((status.json as { status: string }).status).toBe('Running')

      const res = await session.infer(first.outputs['inference-url'], JSON.stringify([{ tensor: bed.ws.rows[0] }]), 'application/json; format=pandas-records')
      expect(res.status).toBe(200)
      const [record] = res.json as Array<{ out: Record<string, number[]> }>
      expect(Object.values(record.out)[0][0]).toBeCloseTo(demoScore(bed.ws.rows[0]), 6)
    })

    it("answers the smoke inference with the model's scores (within 1e-6)", () => {
      const got = scores(first.outputs['smoke-output'])
      expect(got).toHaveLength(bed.ws.rows.length)
      got.forEach((score, i) => expect(Math.abs(score - demoScore(bed.ws.rows[i]))).toBeLessThan(1e-6))
      expect(Buffer.byteLength(first.outputs['smoke-output'])).toBeLessThanOrEqual(4096)
    })

    it('writes a job summary with the ids and the smoke rows', () => {
      for (const value of [
        first.outputs['deployment-name'],
        first.outputs['pipeline-version'],
        first.outputs['inference-url'],
        first.outputs['workspace-id'],
        PIPELINE,
        MODEL
      ]) {
        expect([value, first.summary.includes(value)]).toEqual([value, true])
      }
      // The smoke rows: each row's score appears, in whatever rounding the summary uses (≥ 3 decimals).
      const numbers = (first.summary.match(/\d+\.\d{3,}(e-?\d+)?/g) ?? []).map(Number)
      for (const row of bed.ws.rows) {
        const expected = demoScore(row)
        expect([expected, numbers.some((n) => Math.abs(n - expected) < 1e-3)]).toEqual([expected, true])
      }
    })

    it('never prints the password or a token outside ::add-mask::', () => {
      expect(findLeaks(first, [TEST_CREDENTIALS.password])).toEqual([])
      const jwts = [...findJwts(first.stdout), ...findJwts(first.stderr), ...findJwts(first.summary)]
      const masked = new Set(maskedValues(first.stdout))
      expect(jwts.filter((jwt) => !masked.has(jwt))).toEqual([])
      expect(findLeaks(first, jwts)).toEqual([])
      // The password itself is masked before anything else is logged.
      expect(masked.has(TEST_CREDENTIALS.password)).toBe(true)
    })
  })

  describe('a re-run of the same deploy', () => {
    let rerun: ActionRun
    let rerunState: EmulatorState

    beforeAll(async () => {
      rerun = await runAction(deployInputs(bed.ws.smokeJson), { cwd: bed.ws.dir })
      rerunState = await emulatorState(bed.url)
    }, 60_000)

    it('succeeds without uploading the model again', () => {
      expect({ code: rerun.code, log: rerun.code === 0 ? '' : describeRun(rerun) }).toEqual({ code: 0, log: '' })
      expect(rerunState.model_versions).toHaveLength(firstState.model_versions.length)
      const models = JSON.parse(rerun.outputs.models) as Array<Record<string, unknown>>
      expect(models).toHaveLength(1)
      expect(JSON.stringify(models[0])).toMatch(/reuse/i)
      expect(JSON.stringify(models[0])).toContain(bed.ws.modelSha)
    })

    it('keeps the deployment id and inference URL, and the pipeline version where the server lists pipelines', () => {
      expect(rerun.outputs['deployment-id']).toBe(first.outputs['deployment-id'])
      expect(rerun.outputs['inference-url']).toBe(first.outputs['inference-url'])
      expect(rerunState.deployments).toHaveLength(firstState.deployments.length)
      expect(rerun.outputs.status).toBe('Running')
      if (listsPipelines(profile)) {
        expect(rerun.outputs['pipeline-version-id']).toBe(first.outputs['pipeline-version-id'])
        expect(rerunState.pipeline_versions).toHaveLength(firstState.pipeline_versions.length)
      } else {
        // The current definition cannot be read without list_pipelines: a new version, and the log says why.
        expect(rerunState.pipeline_versions).toHaveLength(firstState.pipeline_versions.length + 1)
        expect(rerun.stdout).toContain(
          `Pipeline "${PIPELINE}": this server has no pipelines/list_pipelines (older than 2025), so the current version's definition cannot be read and compared; a new version is created`
        )
        // The deployment was found from its inference URL, so the run knows it ran before (and what a rollback goes back to).
        expect(rerun.stdout).toContain(`its inference URL names deployment ${first.outputs['deployment-name']}`)
      }
    })
  })

  describe('deploy with an Arrow smoke input', () => {
    let run: ActionRun

    beforeAll(async () => {
      run = await runAction(deployInputs(bed.ws.smokeArrow), { cwd: bed.ws.dir })
    }, 60_000)

    it('sends the Arrow file and reports the same scores', () => {
      expect({ code: run.code, log: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, log: '' })
      const got = scores(run.outputs['smoke-output'])
      expect(got).toHaveLength(bed.ws.rows.length)
      got.forEach((score, i) => expect(Math.abs(score - demoScore(bed.ws.rows[i]))).toBeLessThan(1e-6))
    })
  })
})
