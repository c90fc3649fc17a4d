/**
 * Checked deploys, through `node dist/index.js` (and its post step) against the emulator on a current server's
 * shapes (2025.2: answers carry their pipeline version): goldens recorded with `write-output` and matched; a
 * mismatch rolls back to the version Running before, which then answers again; a deployment stuck in Error fails
 * within `error-grace` and rolls back; a first deploy that fails is undeployed; `teardown: always` on an
 * ephemeral PR pipeline leaves nothing behind; `dry-run` changes nothing.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  describeRun,
  emulatorPost,
  emulatorState,
  errorMessages,
  runAction,
  runPostStep,
  type ActionRun,
  type EmulatorState
} from '../helpers/action-process.js'
import { checkedDeployInputs, entities, expectFailure, expectSuccess, signedInInputs, useActionTestbed, useOtherDemoModel } from '../helpers/action-testbed.js'
import { WallarooSession } from '../helpers/wallaroo-session.js'
import { demoScore } from '../../src/model/ccfraud-like.js'

const WORKSPACE = 'checked-test'
/** A second model with the demo model's interface but other answers (another bias). */
const OTHER_BIAS = 0.9

const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '0.5', '--convert-seconds', '0.2'], 3)
/** The `models` input for the second model, under the same model name (a new version of it). */
const otherModelInput = useOtherDemoModel(bed, OTHER_BIAS)
const inputs = (pipeline: string, extra: Record<string, string> = {}) => checkedDeployInputs(bed, WORKSPACE, pipeline, extra)

/** The deployment of `pipeline` in the emulator's state. */
function deploymentOf(state: EmulatorState, pipeline: string) {
  return state.deployments.find((d: { deploy_id: string }) => d.deploy_id === pipeline)
}

/** Which pipeline version answers an inference on `url` now (metadata.pipeline_version of the answer). */
async function answeringVersion(url: string): Promise<{ version: string; score: number }> {
  const session = new WallarooSession(bed.url)
  await session.login()
  const res = await session.infer(url, JSON.stringify([{ dense_input: bed.ws.rows[0] }]), 'application/json; format=pandas-records')
  expect(res.status).toBe(200)
  const [record] = res.json as Array<{ out: Record<string, number[]>; metadata: { pipeline_version: string } }>
  return { version: record.metadata.pipeline_version, score: Object.values(record.out)[0][0] }
}

describe('golden answers, recorded by the action and checked on deploy', () => {
  const PIPELINE = 'golden-pipe'
  let first: ActionRun
  let goldens = ''

  beforeAll(async () => {
    first = await runAction(inputs(PIPELINE), { cwd: bed.ws.dir })
  }, 60_000)

  it('a deploy without goldens succeeds, says nothing was compared, and leaves smoke-passed empty', () => {
    expectSuccess(first)
    expect(first.outputs.outcome).toBe('success')
    expect(first.outputs['smoke-passed']).toBeUndefined()
    expect(first.summary).toContain('answered (no expected-output to compare with)')
  })

  it("operation infer with 'write-output' writes the answers in the format expected-output reads", async () => {
    goldens = 'goldens/ccfraud.expected.json'
    const run = await runAction(
      signedInInputs(bed.url, WORKSPACE, { operation: 'infer', pipeline: PIPELINE, 'smoke-input': bed.ws.smokeJson, 'write-output': goldens }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const written = JSON.parse(await readFile(path.join(bed.ws.dir, goldens), 'utf8')) as Array<Record<string, number[]>>
    expect(written).toHaveLength(bed.ws.rows.length)
    written.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['dense_1'])
      expect(Math.abs(row.dense_1[0] - demoScore(bed.ws.rows[i]))).toBeLessThan(1e-6)
    })
  })

  it('a re-deploy checked against those goldens passes, with smoke-passed and the largest deviation', async () => {
    const run = await runAction(inputs(PIPELINE, { 'expected-output': goldens }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs['smoke-passed']).toBe('true')
    expect(Number(run.outputs['smoke-max-deviation'])).toBe(0)
    expect(run.summary).toMatch(/Smoke check\*\* \| ✅ matches/)
    expect(run.summary).toContain(`answered by pipeline version ${run.outputs['pipeline-version']}`)
  })

  it('a new version whose answers differ fails with the diff and rolls back to the version Running before', async () => {
    const before = await answeringVersion(first.outputs['inference-url'])
    const run = await runAction(inputs(PIPELINE, { models: otherModelInput(), 'expected-output': goldens }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('rolled-back')
    expect(run.outputs['smoke-passed']).toBe('false')
    // The diff names rows, the field, expected and got values and how far off they are.
    const expected0 = demoScore(bed.ws.rows[0])
    const got0 = demoScore(bed.ws.rows[0], OTHER_BIAS)
    expect(message).toMatch(/\n {2}row 1 dense_1\[0\]: expected 0\.\d+, got 0\.\d+ \(off by \d\.\d\de-\d+\)\n/)
    expect(message).toContain(`${bed.ws.rows.length} mismatch(es) beyond tolerance abs=0.000001,rel=0.000001`)
    expect(Number(run.outputs['smoke-max-deviation'])).toBeGreaterThan(Math.abs(got0 - expected0) * 0.99)
    expect(run.summary).toContain('### Golden check:')
    expect(run.summary).toContain('| 1 | <code>dense_1[0]</code>')
    // Rolled back: the outputs still name the version this run made; rolled-back-to names the one running again.
    expect(JSON.parse(run.outputs['rolled-back-to'])).toEqual({ version: before.version, version_id: expect.any(Number) })
    expect(run.outputs['pipeline-version']).not.toBe(before.version)
    expect(run.outputs.status).toBe('Running')
    expect(message).toContain('on-failure: rollback: rolled back to pipeline version')
    const after = await answeringVersion(first.outputs['inference-url'])
    expect(after.version).toBe(before.version)
    expect(after.score).toBeCloseTo(demoScore(bed.ws.rows[0]), 6)
  })

  it('a deployment stuck in Error fails within error-grace (not at the timeout) and rolls back', async () => {
    const state = await emulatorState(bed.url)
    const runningId = deploymentOf(state, PIPELINE).pipeline_version_id
    const pending = runAction(inputs(PIPELINE, { models: otherModelInput(), 'error-grace': '1s', 'expected-output': '', timeout: '60s' }), { cwd: bed.ws.dir })
    // Force the Error only once this run's version is the one deploying (not the version Running before it).
    let forced = false
    for (let i = 0; i < 400 && !forced; i++) {
      const d = deploymentOf(await emulatorState(bed.url), PIPELINE)
      if (d.pipeline_version_id !== runningId) {
        await emulatorPost(bed.url, `/_emulator/deployments/${d.deploy_id}-${d.id}/error`, { reason: '0/1 nodes are available: 1 Insufficient memory.' })
        forced = true
      } else await new Promise((r) => setTimeout(r, 25))
    }
    const run = await pending
    expect(forced).toBe(true)
    const message = expectFailure(run)
    expect(message).toMatch(/stayed in Error for \d+(ms|s) \('error-grace' is 1s\)/)
    expect(message).toContain('Insufficient memory')
    expect(run.outputs.outcome).toBe('rolled-back')
    // Failed long before the 60 s timeout, rather than waiting it out.
    expect(run.durationMs).toBeLessThan(30_000)
    expect(deploymentOf(await emulatorState(bed.url), PIPELINE).pipeline_version_id).toBe(runningId)
  })
})

describe('a first deploy that fails', () => {
  it('is undeployed: nothing was Running before to roll back to', async () => {
    const goldens = await bed.ws.write('goldens/wrong.json', JSON.stringify(bed.ws.rows.map(() => ({ dense_1: [0.5] }))))
    const run = await runAction(inputs('first-fail-pipe', { 'expected-output': goldens }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(message).toContain('nothing was Running before this run, so rolling back means undeploying')
    expect(run.outputs.status).toBe('NotDeployed')
    expect(run.outputs['rolled-back-to']).toBeUndefined()
    expect(deploymentOf(await emulatorState(bed.url), 'first-fail-pipe').deployed).toBe(false)
  })

  it("with 'on-failure: keep' it is left deployed, and says so", async () => {
    const goldens = await bed.ws.write('goldens/wrong.json', JSON.stringify(bed.ws.rows.map(() => ({ dense_1: [0.5] }))))
    const run = await runAction(inputs('kept-pipe', { 'expected-output': goldens, 'on-failure': 'keep' }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('smoke-failed')
    expect(message).toContain('on-failure: keep: the deployment is left as it is')
    expect(run.outputs.status).toBe('Running')
    expect(deploymentOf(await emulatorState(bed.url), 'kept-pipe').deployed).toBe(true)
  })
})

describe('an ephemeral pipeline with teardown: always', () => {
  it('is named after the pull request, and the post step undeploys and deletes it', async () => {
    const eventPath = await bed.ws.write('event.json', JSON.stringify({ number: 7, pull_request: { number: 7 } }))
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(bed.ws.dir, eventPath), GITHUB_SHA: 'f00dbabe'.repeat(5) }
    const runInputs = inputs('PR-Check', { ephemeral: 'true', teardown: 'always' })
    const main = await runAction(runInputs, { cwd: bed.ws.dir, env })
    expectSuccess(main)
    expect(main.outputs['pipeline-name']).toBe('pr-check-pr-7')
    expect(deploymentOf(await emulatorState(bed.url), 'pr-check-pr-7').deployed).toBe(true)

    const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir, env })
    expect({ code: post.code, log: post.code === 0 ? '' : describeRun(post) }).toEqual({ code: 0, log: '' })
    expect(post.stdout).toMatch(/teardown: deployment pr-check-pr-7-\d+ undeployed; pipeline "pr-check-pr-7" deleted/)
    expect(post.summary).toContain('Wallaroo cleanup (post step)')
    const state = await emulatorState(bed.url)
    expect(state.pipelines.find((p: { name: string }) => p.name === 'pr-check-pr-7')).toBeUndefined()
    expect(state.deployments.filter((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === 'pr-check-pr-7' && d.deployed)).toEqual([])
  })

  it('the post step of a run that needs no cleanup changes nothing', async () => {
    const runInputs = inputs('no-teardown-pipe')
    const main = await runAction(runInputs, { cwd: bed.ws.dir })
    expectSuccess(main)
    const before = entities(await emulatorState(bed.url))
    const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain("Nothing to clean up: the main step ended with outcome success, and 'teardown' is never.")
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  })
})

describe('dry-run', () => {
  it('reads everything, prints the plan and changes nothing on the server, not even a workspace', async () => {
    // Everything but the clock and sign-in bookkeeping (a dry run signs in, which is not a change it makes).
    const strip = (s: EmulatorState): unknown => ({
      ...s,
      now: undefined,
      user_times: Object.fromEntries(Object.entries(s.user_times ?? {}).map(([id, t]) => [id, { ...(t as object), last_login: undefined }]))
    })
    const before = strip(await emulatorState(bed.url))
    const run = await runAction(
      signedInInputs(bed.url, 'brand-new-workspace', {
        pipeline: 'planned-pipe',
        models: otherModelInput(),
        'smoke-input': bed.ws.smokeJson,
        'dry-run': 'true'
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(run.outputs.outcome).toBe('planned')
    const plan = JSON.parse(run.outputs.plan) as Array<{ action: string; target: string }>
    expect(plan.map((p) => `${p.action} ${p.target}`)).toEqual([
      'create workspace "brand-new-workspace"',
      'upload model "ccfraud-like"',
      'create pipeline "planned-pipe"',
      'deploy pipeline "planned-pipe"',
      'wait pipeline "planned-pipe"',
      'infer pipeline "planned-pipe"',
      'on-failure pipeline "planned-pipe"'
    ])
    expect(run.summary).toContain('Plan (dry run: nothing was changed)')
    expect(strip(await emulatorState(bed.url))).toEqual(before)
  })

  it('on an existing deployment, plans the redeploy and names the version a rollback would restore', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(inputs('golden-pipe', { models: otherModelInput(), 'dry-run': 'true' }), { cwd: bed.ws.dir })
    expectSuccess(run)
    const plan = JSON.parse(run.outputs.plan) as Array<{ action: string; detail: string }>
    expect(plan.find((p) => p.action === 'reuse')?.detail).toMatch(/^version \d+ already has sha/)
    expect(plan.find((p) => p.action === 'redeploy')?.detail).toMatch(/^now Running with [0-9a-f-]{36}/)
    expect(plan.find((p) => p.action === 'on-failure')?.detail).toMatch(/roll back to [0-9a-f-]{36} \(Running now\)/)
    expect(entities(await emulatorState(bed.url))).toEqual(before)
    expect(errorMessages(run.stdout)).toEqual([])
  })
})
