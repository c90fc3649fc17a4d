/**
 * Runs that meet each other or get cancelled, through `node dist/index.js` and its post step against the emulator
 * (2025.2 shapes; deployments take 3 s to start, so a run can be cancelled or overtaken while it waits):
 * SIGINT/SIGTERM during the wait leaves state for the post step, which undeploys; two deploys of different models
 * to one pipeline never report the other's answers as their own.
 */
import { describe, expect, it } from '@jest/globals'
import { emulatorState, runAction, runPostStep, type ActionRun } from '../helpers/action-process.js'
import { addFault, checkedDeployInputs, clearFaults, expectFailure, expectSuccess, useActionTestbed, useOtherDemoModel } from '../helpers/action-testbed.js'
import { demoScore } from '../../src/model/ccfraud-like.js'

const WORKSPACE = 'race-test'
const OTHER_BIAS = 0.9

const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '3', '--convert-seconds', '0.1'], 2)
/** The `models` input for the second model, under the same model name (a new version of it). */
const otherModelInput = useOtherDemoModel(bed, OTHER_BIAS)
const inputs = (pipeline: string, extra: Record<string, string> = {}) => checkedDeployInputs(bed, WORKSPACE, pipeline, extra)

/** The first score of each smoke-output record. */
function scores(run: ActionRun): number[] {
  return (JSON.parse(run.outputs['smoke-output']) as Array<{ out: Record<string, number[]> }>).map((r) => Object.values(r.out)[0][0])
}

/** True when the run's smoke answers are those of the model with `bias`. */
function answeredBy(run: ActionRun, bias?: number): boolean {
  return scores(run).every((s, i) => Math.abs(s - demoScore(bed.ws.rows[i], bias)) < 1e-6)
}

const live = async (pipeline: string) =>
  (await emulatorState(bed.url)).deployments.filter((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === pipeline && d.deployed)

describe('a run cancelled while it waits for Running', () => {
  it('saves its state and outputs at once; the post step then undeploys what the cancelled run started', async () => {
    const runInputs = inputs('cancelled-pipe')
    // The runner's SIGINT, then SIGTERM (7.5 s later on the runner; 1 s here).
    const main = await runAction(runInputs, {
      cwd: bed.ws.dir,
      cancel: { when: (out) => /Deployment cancelled-pipe-\d+ \(id \d+\) requested/.test(out), graceMs: 1000 }
    })
    const message = expectFailure(main)
    expect(message).toMatch(/^deploy was cancelled \(SIGINT\) after /)
    expect(main.outputs.outcome).toBe('cancelled')
    expect(main.outputs['deployment-name']).toMatch(/^cancelled-pipe-\d+$/)
    expect(main.outputs.status).toBeDefined()
    expect(JSON.parse(main.state['wallaroo-run-record'])).toMatchObject({ cancelled: true, deployment: { requested: true } })
    expect(await live('cancelled-pipe')).toHaveLength(1)

    const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('Cleaning up: the main step was cancelled or stopped before it finished.')
    expect(post.stdout).toContain('on-failure: rollback: nothing was Running before this run, so rolling back means undeploying')
    expect(post.summary).toContain('on-failure: rollback')
    expect(await live('cancelled-pipe')).toEqual([])
  })

  it('after a cancel, the post step rolls back to the version Running before', async () => {
    const first = await runAction(inputs('cancel-rollback-pipe'), { cwd: bed.ws.dir })
    expectSuccess(first)
    const runInputs = inputs('cancel-rollback-pipe', { models: otherModelInput() })
    const main = await runAction(runInputs, {
      cwd: bed.ws.dir,
      cancel: { when: (out) => /Deployment cancel-rollback-pipe-\d+ \(id \d+\) requested/.test(out), graceMs: 1000 }
    })
    expect(main.outputs.outcome).toBe('cancelled')
    const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir })
    expect(post.code).toBe(0)
    expect(post.stdout).toMatch(/on-failure: rollback: rolled back to pipeline version \d+ \(/)
    const [d] = await live('cancel-rollback-pipe')
    expect(d.pipeline_version_id).toBe(Number(first.outputs['pipeline-version-id']))
  })
})

describe('two deploys of different models to one pipeline', () => {
  it('the second waits for the first rollout to settle; each reports only its own answers', async () => {
    const a = runAction(inputs('race-pipe'), { cwd: bed.ws.dir })
    await new Promise((r) => setTimeout(r, 800))
    const b = runAction(inputs('race-pipe', { models: otherModelInput() }), { cwd: bed.ws.dir })
    const [runA, runB] = await Promise.all([a, b])
    for (const [run, bias] of [
      [runA, undefined],
      [runB, OTHER_BIAS]
    ] as const) {
      if (run.code === 0) expect(answeredBy(run, bias)).toBe(true)
      else expect(errorMessages(run)).toMatch(/another (deploy|run)/)
    }
    expect([runA.code, runB.code]).toContain(0)
  })

  it("a run whose smoke answer comes from the other run's version fails without rolling the other one back", async () => {
    const first = await runAction(inputs('overtaken-pipe'), { cwd: bed.ws.dir })
    expectSuccess(first)
    // Hold the next smoke inference (run A's) for 12 s: meanwhile run B starts, deploys its version and it starts
    // serving. B needs a process start, an upload, a deploy and the 3 s start (3.4 s in all with two busy loops
    // running; 8 s left less than 5 s for the rest on a loaded machine).
    await addFault(bed.url, { route: '/v1/api/pipelines/infer/overtaken-pipe-*', delayMs: 12_000, count: 1 })
    try {
      let aEnded = false
      const a = runAction(inputs('overtaken-pipe', { models: otherModelInput(), 'poll-interval': '100ms' }), { cwd: bed.ws.dir }).finally(() => (aEnded = true))
      // B starts once A's smoke inference is on its way (A is Running by then); waited for as long as A runs, so a
      // slow machine only makes it later (if A ends first, the assertions on A show why).
      const b = (async () => {
        const aRunning = async () => {
          const d = (await live('overtaken-pipe'))[0]
          return d && d.phase === 'Running' && d.pipeline_version_id !== Number(first.outputs['pipeline-version-id'])
        }
        while (!aEnded && !(await aRunning())) await new Promise((r) => setTimeout(r, 50))
        return runAction(inputs('overtaken-pipe'), { cwd: bed.ws.dir, env: {} })
      })()
      const [runA, runB] = await Promise.all([a, b])
      const message = expectFailure(runA)
      expect(message).toContain('another deploy of pipeline "overtaken-pipe" replaced it')
      expect(message).toContain('cancel-in-progress: false')
      expect(runA.outputs.outcome).toBe('deploy-failed')
      expect(message).toContain('on-failure: rollback: not applied: another run replaced this deployment')
      expectSuccess(runB)
      expect(answeredBy(runB)).toBe(true)
      const [d] = await live('overtaken-pipe')
      expect(d.pipeline_version_id).toBe(Number(runB.outputs['pipeline-version-id']))
    } finally {
      await clearFaults(bed.url)
    }
  }, 150_000)
})

function errorMessages(run: ActionRun): string {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')
}
