import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { jobOf, stepOf } from '../helpers/workflow-runner.js'
import { expectConclusion, useWorkflowTestbed } from '../helpers/workflow-testbed.js'

const testbed = useWorkflowTestbed()

/** Whether a process exists and has not exited (a zombie waiting for its reaper counts as ended). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** A job whose node action waits for a signal, then steps that show which conditions run after a cancel. */
const waitingWorkflow = (exitOnSigint: boolean) => `
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: wait
        uses: ./actions/node-io
        with:
          who: waiter
          wait-for-signal: 'true'
          exit-on-sigint: '${exitOnSigint}'
      - id: default
        run: echo never
      - id: on-failure
        if: failure()
        run: echo never
      - id: on-cancel
        if: cancelled()
        run: echo "cancelled, wait was \${{ steps.wait.outcome }}"
      - id: always
        if: always()
        run: echo always
  after:
    needs: deploy
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  report:
    needs: deploy
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "deploy \${{ needs.deploy.result }}"
`

describe('cancelling a run', () => {
  it('sends SIGINT to the running step, then runs cancelled() and always() steps, post steps and always() jobs', async () => {
    // The runner's 7.5 s grace (not the testbed's 300 ms): the step exits on SIGINT, and on a loaded machine that can
    // take longer than 300 ms, which would add a SIGTERM this test says is not sent.
    const run = await testbed.runYaml(waitingWorkflow(true), { cancelAt: { line: 'waiting for a signal' }, sigintGraceMs: 7500 })
    expectConclusion(run, 'cancelled')
    const job = jobOf(run, 'deploy')
    const wait = stepOf(job, 'wait')
    expect([wait.outcome, wait.signalsSent, wait.exitCode, wait.error]).toEqual(['cancelled', ['SIGINT'], 130, 'The operation was canceled.'])
    expect(wait.log).toContain('got SIGINT')
    expect(job.steps.filter((s) => s.phase === 'main').map((s) => [s.id, s.conclusion])).toEqual([
      ['wait', 'cancelled'],
      ['default', 'skipped'],
      ['on-failure', 'skipped'],
      ['on-cancel', 'success'],
      ['always', 'success']
    ])
    expect(stepOf(job, 'on-cancel').log).toEqual(['cancelled, wait was cancelled'])
    // The state saved before the signal reaches the post step (post-if defaults to always()).
    expect(stepOf(job, 'wait', 'post').log[0]).toBe('post for waiter: {"who":"waiter","phase":"waiting","signals":"SIGINT"}')
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['deploy', 'cancelled'],
      ['after', 'cancelled'],
      ['report', 'success']
    ])
    expect(jobOf(run, 'report').steps[0].log).toEqual(['deploy cancelled'])
  })

  it('sends SIGTERM after the grace period to a step that keeps running after SIGINT', async () => {
    // The step exits on SIGTERM: the runner's 2.5 s before SIGKILL (not the testbed's 300 ms) lets it on a loaded machine.
    const run = await testbed.runYaml(waitingWorkflow(false), { cancelAt: { line: 'waiting for a signal', job: 'deploy', step: 'wait' }, sigtermGraceMs: 2500 })
    const job = jobOf(run, 'deploy')
    const wait = stepOf(job, 'wait')
    expect([wait.outcome, wait.signalsSent, wait.exitCode]).toEqual(['cancelled', ['SIGINT', 'SIGTERM'], 143])
    expect(wait.log.filter((line) => line.startsWith('got'))).toEqual(['got SIGINT', 'got SIGTERM'])
    expect(stepOf(job, 'wait', 'post').log[0]).toBe('post for waiter: {"who":"waiter","phase":"waiting","signals":"SIGINT,SIGTERM"}')
  })

  it('lets a running step whose if holds on cancellation (always()) finish', async () => {
    const run = await testbed.runYaml(
      `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: teardown
        if: always()
        run: |
          echo "tearing down"
          sleep 0.5
          echo "torn down"
      - id: next
        run: echo never
`,
      { cancelAt: { line: 'tearing down' } }
    )
    const job = jobOf(run, 'a')
    expect([stepOf(job, 'teardown').conclusion, stepOf(job, 'teardown').signalsSent]).toEqual(['success', undefined])
    expect(stepOf(job, 'teardown').log).toEqual(['tearing down', 'torn down'])
    expect(stepOf(job, 'next').conclusion).toBe('skipped')
    expect(job.result).toBe('cancelled')
  })

  it('interrupts the running step inside a composite action and starts none of its later steps', async () => {
    const run = await testbed.runYaml(
      `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: greet
        uses: ./actions/composite-greet
        with: { who: inner, wait: 'true' }
`,
      // As in the first test: the nested step exits on SIGINT, however long that takes on a loaded machine.
      { cancelAt: { line: 'waiting for a signal' }, sigintGraceMs: 7500 }
    )
    const job = jobOf(run, 'a')
    const greet = stepOf(job, 'greet')
    expect(greet.outcome).toBe('cancelled')
    expect(greet.steps?.map((s) => [s.id ?? s.name, s.outcome])).toEqual([
      ['upper', 'success'],
      ['node', 'cancelled'],
      ['Check GITHUB_ACTION_PATH', 'skipped'],
      ['Inner failure', 'skipped'],
      ['Inner failure handler', 'skipped']
    ])
    expect(stepOf(job, 'node', 'post').log[0]).toBe('post for inner: {"who":"inner","phase":"waiting","signals":"SIGINT"}')
  })

  it('cancels a chosen time after a step starts, and a run whose signal is already aborted runs no job', async () => {
    const timed = await testbed.runYaml(
      `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: slow
        run: exec sleep 30
`,
      { cancelAt: { step: 'slow', afterMs: 200 } }
    )
    expect(stepOf(jobOf(timed, 'a'), 'slow').outcome).toBe('cancelled')
    const aborted = await testbed.runYaml('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo never\n', { signal: AbortSignal.abort() })
    expect([aborted.conclusion, aborted.jobs.map((j) => j.result)]).toEqual(['cancelled', ['cancelled']])
  })
})

describe('background processes', () => {
  it('ends what steps left running when the job ends (the runner cleans up orphan processes)', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: start
        run: |
          sleep 60 > /dev/null 2>&1 &
          echo "pid=$!" >> "$GITHUB_OUTPUT"
      - id: check
        run: kill -0 \${{ steps.start.outputs.pid }} && echo "still running"
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'check').log).toEqual(['still running'])
    const pid = Number(stepOf(job, 'start').outputs.pid)
    expect(job.orphans).toEqual([{ pid, command: 'sleep 60' }])
    expect(isRunning(pid)).toBe(false)
  })
})
