import { describe, expect, it } from '@jest/globals'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import type { DeploymentStatus } from '../../src/wallaroo/types.js'
import {
  classifyConversion,
  classifyDeployment,
  pollDelayMs,
  pollForRun,
  waitForStatus,
  WaitFailedError,
  WaitTimeoutError,
  type Classification
} from '../../src/action/steps/wait.js'
import { baseSettings, fileModel, runOp, useModelFiles } from '../helpers/fake-operations.js'
import { testContext } from '../helpers/test-context.js'
import { mulberry32 as seededRandom } from '../../src/random.js'
import { FakeWallaroo, status } from './action-fake-api.js'

/** A fake clock: sleep() advances time instantly and records each pause. */
function fakeClock(random = 0.5) {
  let t = 1_000_000
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    random: () => random,
    elapsed: () => t - 1_000_000
  }
}

/** A fetch that returns the scripted values one per poll (the last repeats). */
function scripted<T>(values: T[]): () => Promise<T> {
  let i = 0
  return async () => values[Math.min(i++, values.length - 1)]
}

const pending = (label: string): Classification => ({ state: 'pending', label })

describe('waitForStatus', () => {
  it('starts at the first interval and backs off by 1.5x to the cap', async () => {
    const clock = fakeClock(0.5)
    const result = await waitForStatus({
      ...clock,
      fetch: scripted([...Array(9).fill('Starting'), 'Running']),
      classify: (s: string) => (s === 'Running' ? { state: 'done' } : pending(s)),
      timeoutMs: 600_000,
      initialIntervalMs: 2000,
      maxIntervalMs: 15_000
    })
    expect(result.polls).toBe(10)
    // random 0.5 → no jitter: 2, 3, 4.5, 6.75, 10.125, then the 15 s cap.
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 6750, 10125, 15000, 15000, 15000, 15000])
    expect(result.elapsedMs).toBe(clock.elapsed())
  })

  it('jitters each pause by ±20% and never beyond the cap', async () => {
    expect(pollDelayMs(2000, 15_000, 0)).toBe(1600)
    expect(pollDelayMs(2000, 15_000, 0.999)).toBe(2399)
    expect(pollDelayMs(15_000, 15_000, 0.999)).toBe(15_000)
    const low = fakeClock(0)
    await waitForStatus({
      ...low,
      fetch: scripted(['a', 'a', 'b']),
      classify: (s: string) => (s === 'b' ? { state: 'done' } : pending(s)),
      timeoutMs: 60_000,
      initialIntervalMs: 2000,
      maxIntervalMs: 15_000
    })
    expect(low.sleeps).toEqual([1600, 2400])
  })

  it('logs once per change and a heartbeat while nothing changes', async () => {
    const clock = fakeClock()
    const changes: string[] = []
    const beats: Array<[string, number]> = []
    await waitForStatus({
      ...clock,
      fetch: scripted([...Array(3).fill('404'), ...Array(8).fill('Starting'), 'Running']),
      classify: (s: string) => (s === 'Running' ? { state: 'done' } : pending(s)),
      timeoutMs: 600_000,
      initialIntervalMs: 2000,
      maxIntervalMs: 15_000,
      heartbeatMs: 30_000,
      onChange: (label, ms) => changes.push(`${label}@${ms}`),
      onHeartbeat: (label, ms) => beats.push([label, ms])
    })
    expect(changes).toEqual(['404@0', 'Starting@9500'])
    // Starting first seen at 9.5 s; heartbeats once 30 s have passed since the last line.
    expect(beats).toEqual([
      ['Starting', 41_375],
      ['Starting', 71_375],
      ['Starting', 101_375]
    ])
  })

  it('gives up at the deadline without a poll past it (a poll there could only outlast the deadline)', async () => {
    const clock = fakeClock()
    const err = await waitForStatus({
      ...clock,
      fetch: scripted(['Starting']),
      classify: (s: string) => pending(s),
      timeoutMs: 20_000,
      initialIntervalMs: 2000,
      maxIntervalMs: 15_000
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WaitTimeoutError)
    const t = err as WaitTimeoutError<string>
    expect([t.lastValue, t.lastLabel, t.elapsedMs]).toEqual(['Starting', 'Starting', 20_000])
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 6750, 3750])
    expect(t.message).toBe('still Starting after 20s (5 polls)')
  })

  describe('a poll cut short by the deadline ends the wait as a timeout', () => {
    const deadline = new WallarooApiError({ code: 'DEADLINE', endpoint: '/v1/api/status/get_deployment', attempts: 1, message: 'the deadline ran out' })
    const unavailable = new WallarooApiError({ code: 'UNAVAILABLE', status: 503, endpoint: '/v1/api/status/get_deployment', attempts: 3 })

    /** Polls answer `answer` (a status, or an error to throw) until poll `cutAt` is cut by the deadline. */
    async function cutAtPoll(cutAt: number, answer: () => string) {
      let calls = 0
      const err = await waitForStatus({
        ...fakeClock(),
        fetch: async () => (++calls === cutAt ? Promise.reject(deadline) : answer()),
        classify: (s: string) => pending(s),
        isTransientError: (e) => e === unavailable,
        isDeadlineError: (e) => e === deadline,
        timeoutMs: 20_000,
        initialIntervalMs: 2000,
        maxIntervalMs: 15_000
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(WaitTimeoutError)
      return err as WaitTimeoutError<string>
    }

    it('with the last status seen, and the cut as the last failure', async () => {
      const t = await cutAtPoll(3, () => 'Starting')
      expect([t.lastValue, t.lastLabel, t.polls, t.lastError, t.failedPolls, t.lastPollCut]).toEqual(['Starting', 'Starting', 3, deadline, 1, false])
    })

    it('after failed polls, with the failure they answered rather than the cut', async () => {
      const t = await cutAtPoll(4, () => {
        throw unavailable
      })
      expect([t.lastValue, t.polls, t.lastError, t.failedPolls, t.lastPollCut]).toEqual([undefined, 4, unavailable, 4, true])
    })
  })

  it('rides out transient errors until the deadline, and fails at once on others', async () => {
    const network = new WallarooApiError({ code: 'NETWORK', endpoint: '/v1/api/status/get_deployment', attempts: 4, message: 'connection refused' })
    let calls = 0
    const clock = fakeClock()
    const ok = await waitForStatus({
      ...clock,
      fetch: async () => {
        calls++
        if (calls < 3) throw network
        return 'Running'
      },
      classify: () => ({ state: 'done' }),
      isTransientError: (e) => e === network,
      timeoutMs: 60_000,
      initialIntervalMs: 1000,
      maxIntervalMs: 15_000
    })
    expect(ok.polls).toBe(3)

    const forbidden = new WallarooApiError({ code: 'FORBIDDEN', status: 403, endpoint: '/x', attempts: 1 })
    await expect(
      waitForStatus({
        ...fakeClock(),
        fetch: async () => Promise.reject(forbidden),
        classify: () => ({ state: 'done' }),
        isTransientError: (e) => e === network,
        timeoutMs: 60_000,
        initialIntervalMs: 1000,
        maxIntervalMs: 15_000
      })
    ).rejects.toBe(forbidden)
  })

  it('an aborted signal ends the wait before its next poll, with the reason, and wakes the sleep', async () => {
    const stop = new AbortController()
    const reason = new Error('a sibling wait failed')
    const clock = fakeClock()
    const signals: Array<AbortSignal | undefined> = []
    let polls = 0
    const err = await waitForStatus({
      ...clock,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signals.push(signal)
        await clock.sleep(ms)
      },
      fetch: async () => {
        if (++polls === 2) stop.abort(reason)
        return 'Starting'
      },
      classify: (s: string) => pending(s),
      timeoutMs: 60_000,
      initialIntervalMs: 1000,
      maxIntervalMs: 15_000,
      signal: stop.signal
    }).catch((e: unknown) => e)
    expect(err).toBe(reason)
    expect(polls).toBe(2)
    // The sleep gets the signal, so a real timer can end early instead of keeping the process alive.
    expect(signals).toEqual([stop.signal, stop.signal])
  })

  it('stops on a terminal failure with its message', async () => {
    await expect(
      waitForStatus({
        ...fakeClock(),
        fetch: scripted(['x']),
        classify: () => ({ state: 'failed', message: 'it broke' }),
        timeoutMs: 60_000,
        initialIntervalMs: 1000,
        maxIntervalMs: 15_000
      })
    ).rejects.toEqual(new WaitFailedError('it broke', 'x', 0))
  })
})

describe("the run's poll schedule (pollForRun)", () => {
  /** A context on a fake clock whose deployment turns Running `runningAt` ms after the wait starts. */
  function deploymentWait(runningAt: number, random: number | (() => number) = 0.5, over: Parameters<typeof baseSettings>[0] = {}) {
    const clock = typeof random === 'number' ? fakeClock(random) : { ...fakeClock(), random }
    const settings = baseSettings({ pollIntervalMs: 2000, timeoutMs: 15 * 60_000, onFailure: 'keep', ...over })
    const ctx = testContext(settings, {} as never, clock)
    const started = clock.now()
    const wait = pollForRun(ctx, 'Deployment d-1', {
      fetch: async () => clock.now() - started >= runningAt,
      classify: (running) => (running ? { state: 'done' } : pending('Starting'))
    })
    return { clock, wait }
  }

  it('grows from poll-interval to a steady 5.5 s for the first 5 minutes, then backs off to 15 s', async () => {
    const { clock, wait } = deploymentWait(8 * 60_000)
    await wait
    const steady = clock.sleeps.slice(
      3,
      clock.sleeps.findIndex((ms) => ms > 5500)
    )
    expect(clock.sleeps.slice(0, 4)).toEqual([2000, 3000, 4500, 5500])
    expect(steady.every((ms) => ms === 5500)).toBe(true)
    // The steady pauses last until the wait is 5 minutes old, then grow by 1.5x to the cap.
    const afterWindow = clock.sleeps.slice(3 + steady.length)
    expect(afterWindow.slice(0, 3)).toEqual([8250, 12_375, 15_000])
    expect(clock.sleeps.slice(0, 3 + steady.length).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5 * 60_000)
  })

  it('over a 3-minute start polls no more than a fixed 5 s loop would (37 polls), on average over the jitter', async () => {
    expect((await deploymentWait(180_000, 0.5).wait).polls).toBeLessThanOrEqual(37)
    let polls = 0
    for (let seed = 1; seed <= 20; seed++) polls += (await deploymentWait(180_000, seededRandom(seed)).wait).polls
    expect(polls / 20).toBeLessThanOrEqual(37)
  })

  it('a poll-interval above 5.5 s is the steady pause too', async () => {
    const { clock, wait } = deploymentWait(60_000, 0.5, { pollIntervalMs: 8000 })
    await wait
    expect(clock.sleeps.slice(0, 3)).toEqual([8000, 8000, 8000])
  })

  it('the last pause ends at the deadline, whatever the schedule', async () => {
    const { clock, wait } = deploymentWait(Infinity, 0.5, { timeoutMs: 20_000 })
    await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError)
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 5500, 5000])
  })

  describe('a model conversion wait', () => {
    const files = useModelFiles('wait-')
    it('starts at a quarter of poll-interval, so a 1 s conversion is seen well under a second late', async () => {
      const api = new FakeWallaroo({ conversionPolls: 3 })
      const run = await runOp(api, baseSettings({ operation: 'upload-model', pollIntervalMs: 2000, models: [fileModel('m', files.modelA)] }))
      expect(run.error).toBeUndefined()
      // Two polls pending, the third ready: pauses of 500 ms and 750 ms.
      expect(api.calls.filter((c) => c[0] === 'getModelVersion')).toHaveLength(3)
      expect(run.elapsed).toBe(1250)
    })
  })
})

describe('classifyDeployment (§8.3)', () => {
  it('Running is done; 404, Starting and Error are pending (a transient Error is normal)', () => {
    expect(classifyDeployment(status('Running'))).toEqual({ state: 'done' })
    expect(classifyDeployment(null)).toEqual(pending('not found yet (404)'))
    expect(classifyDeployment({ ...status('Starting'), details: ['Scaling'] })).toEqual(pending('Starting (Scaling)'))
    expect(classifyDeployment(status('Error', '0/1 nodes are available: 1 Insufficient cpu.'))).toEqual(pending('Error'))
  })

  it('a deployment that recovers from Error reaches Running', async () => {
    const statuses: Array<DeploymentStatus | null> = [null, status('Starting'), status('Error'), status('Starting'), status('Running')]
    const r = await waitForStatus({
      ...fakeClock(),
      fetch: scripted(statuses),
      classify: classifyDeployment,
      timeoutMs: 60_000,
      initialIntervalMs: 1000,
      maxIntervalMs: 15_000
    })
    expect(r.polls).toBe(5)
  })
})

describe('classifyConversion (§6.2)', () => {
  const version = (s: string, error_summary: string | null = null) =>
    ({
      model_version: {
        model_version: { name: 'm', id: 7, status: s, error_summary, file_info: { version: 'v', sha: 's', file_name: 'f', size: 1 } },
        config: null
      }
    }) as never
  it('ready is done, error fails with error_summary, the rest is pending', () => {
    expect(classifyConversion(version('ready'))).toEqual({ state: 'done' })
    expect(classifyConversion(version('attempting_load_container'))).toEqual(pending('attempting_load_container'))
    expect(classifyConversion(version('error', 'Not a valid ZIP file.'))).toEqual({
      state: 'failed',
      message: 'model "m" version 7 failed conversion: Not a valid ZIP file.'
    })
    expect(classifyConversion(version('error', 'null'))).toEqual({
      state: 'failed',
      message:
        'model "m" version 7 failed conversion: the server gives no error_summary (Wallaroo before 2025 reports only status "error"); read the reason in the Wallaroo UI (the model version\'s details in its workspace) or in the logs of the model conversion on the cluster, and check that the file is a valid model'
    })
  })

  it('before 2025 (no error_summary at all): names where to look and the framework to check', () => {
    const old = {
      model_version: {
        model_version: { name: 'm', id: 7, status: 'error', conversion: { framework: 'onnx' }, file_info: { version: 'v', sha: 's', file_name: 'f', size: 1 } },
        config: null
      }
    } as never
    const c = classifyConversion(old)
    expect(c).toMatchObject({ state: 'failed', message: expect.stringContaining('Wallaroo before 2025 reports only status "error"') })
    expect((c as { message: string }).message).toMatch(
      /the Wallaroo UI .* or in the logs of the model conversion on the cluster, and check that the file is a valid onnx model$/
    )
  })
})
