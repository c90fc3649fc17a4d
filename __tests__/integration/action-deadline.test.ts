/**
 * `timeout` is a deadline for the whole step, through `node dist/index.js` against an emulator whose deployments
 * never come up and whose status reads are slow (4 s each) or never answered: the step ends by `timeout` + 1 s
 * (process start to exit, as the runner sees it), however long `request-timeout` is, and says what it was waiting
 * for. The post step keeps to its own `timeout` the same way. A deadline is behaviour, not speed: the bound is the
 * point of the input, and the work after it (outputs, summary) is local.
 */
import { describe, expect, it } from '@jest/globals'
import { errorMessages, runAction, runPostStep } from '../helpers/action-process.js'
import { addFault, clearFaults, demoModelsInput, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'

const bed = useActionTestbed(['--start-seconds', '100000', '--convert-seconds', '0.1'])
/** What the runner may see past `timeout`: the action's exit and the harness noticing it. */
const SLACK_MS = 1000

function inputs(pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, 'deadline-test', {
    pipeline,
    models: demoModelsInput(bed.ws),
    timeout: '15s',
    'poll-interval': '2s',
    'request-timeout': '60s',
    'on-failure': 'keep',
    ...extra
  })
}

describe("the step's timeout", () => {
  it.each([
    ['4 s per status read', 4000],
    ['status reads that never answer', 600_000]
  ])(
    'ends a 15 s step by 16 s with %s',
    async (what, delayMs) => {
      await addFault(bed.url, { route: '/v1/api/status/get_deployment', delayMs })
      try {
        const run = await runAction(inputs(`deadline-${delayMs}`), { cwd: bed.ws.dir, timeoutMs: 90_000 })
        console.log(`timeout 15s with ${what}: the step took ${run.durationMs} ms (duration-seconds ${run.outputs['duration-seconds']})`)
        expect({ code: run.code, timedOut: run.timedOut, outcome: run.outputs.outcome }).toEqual({ code: 1, timedOut: false, outcome: 'deploy-timeout' })
        expect(run.durationMs).toBeLessThan(15_000 + SLACK_MS)
        expect(Number(run.outputs['duration-seconds'])).toBeLessThanOrEqual(15.5)
        const message = errorMessages(run.stdout).join('\n')
        expect(message).toMatch(/did not reach Running within 1\ds \('timeout' is 15s for the whole step\)/)
        if (delayMs > 60_000) {
          // No status was ever read: the message says the deadline cut the status call, not "404".
          expect(message).toMatch(
            /no status call succeeded \(\d+ polls?\); the last one failed: the deadline ran out for POST .*\/v1\/api\/status\/get_deployment while it was out \(1 attempt\).*'timeout' \(15s for the whole step\) ran out before the server answered/
          )
        }
      } finally {
        await clearFaults(bed.url)
      }
    },
    120_000
  )

  it('the post step keeps to its own timeout when the server stops answering', async () => {
    // 8 s: the main step must get as far as the wait (its deploy-timeout is asserted) on a loaded machine too.
    const runInputs = inputs('post-deadline', { timeout: '8s', teardown: 'always' })
    const main = await runAction(runInputs, { cwd: bed.ws.dir })
    expect(main.outputs.outcome).toBe('deploy-timeout')
    await addFault(bed.url, { route: '/v1/api/status/get_deployment', delayMs: 600_000 })
    try {
      const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir, timeoutMs: 90_000 })
      console.log(`post step with timeout 8s against a server that stopped answering: ${post.durationMs} ms`)
      expect({ code: post.code, timedOut: post.timedOut }).toEqual({ code: 1, timedOut: false })
      expect(post.durationMs).toBeLessThan(8_000 + SLACK_MS)
      expect(post.stdout).toMatch(/Cleanup failed: removing pipeline "post-deadline" failed, so it may still be deployed: the deadline ran out/)
    } finally {
      await clearFaults(bed.url)
    }
  }, 120_000)
})
