/**
 * How late the action's waits notice what they wait for, and how many polls that costs: the real wait code
 * (`waitForRunning` of steps/deploy.ts, `resolveModels` of steps/upload.ts) on an injected clock (sleep advances
 * time at once) against a fake status source that turns Running (or `ready`) at a chosen moment. No timing noise:
 * the figures are exact for the seeds used.
 */
import type { WallarooApi } from '../../src/action/api.js'
import { InputDefaults, Inputs, OperationInputDefaults, type InputName } from '../../src/action/constants.js'
import type { RunContext } from '../../src/action/context.js'
import { parseDuration } from '../../src/action/duration.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { waitForRunning } from '../../src/action/steps/deploy.js'
import { resolveModels } from '../../src/action/steps/upload.js'
import { waitForStatus } from '../../src/action/steps/wait.js'
import { mulberry32 as seededRandom } from '../../src/random.js'
import type { DeploymentStatus } from '../../src/wallaroo/types.js'
import { baseSettings } from '../../__tests__/helpers/base-settings.js'
import { instantClock, testContext } from '../../__tests__/helpers/test-context.js'

/** The defaults a user gets: poll-interval, timeout and error-grace as action.yml sets them. */
function defaultSettings(): ActionSettings {
  const d = (name: InputName): number => parseDuration(InputDefaults[name] ?? OperationInputDefaults[name]!)
  return baseSettings({
    workspace: { name: 'bench' },
    pipeline: 'bench',
    timeoutMs: d(Inputs.Timeout),
    requestTimeoutMs: d(Inputs.RequestTimeout),
    pollIntervalMs: d(Inputs.PollInterval),
    errorGraceMs: d(Inputs.ErrorGrace),
    onFailure: 'keep'
  })
}

/** A run context on an instant clock whose API answers only what the wait asks. */
function fakeContext(api: Partial<WallarooApi>, seed: number): { ctx: RunContext; now: () => number } {
  // The failure policy's reserve comes off the deploy wait's budget; 'keep' has none, so the wait gets all of 'timeout'.
  const ctx = testContext(defaultSettings(), api as WallarooApi, instantClock(seededRandom(seed)))
  return { ctx, now: ctx.clock.now }
}

const RUNNING = { status: 'Running', details: [], engines: [], engine_lbs: [], sidekicks: [] } as unknown as DeploymentStatus
const STARTING = { status: 'Starting', details: [], engines: [], engine_lbs: [], sidekicks: [] } as unknown as DeploymentStatus

/** One deployment wait that turns Running `runningAtMs` after the deploy call: when it was seen and with how many polls. */
export async function deploymentWait(runningAtMs: number, seed: number): Promise<{ lateMs: number; polls: number }> {
  let polls = 0
  const { ctx, now } = fakeContext({ getDeployment: async () => (polls++, now() >= runningAtMs ? RUNNING : STARTING) }, seed)
  await waitForRunning(ctx, 'bench-1')
  return { lateMs: now() - runningAtMs, polls }
}

/** The baseline: a plain loop polling every `everyMs` (no backoff, no jitter), on the same wait machinery. */
export async function fixedLoopWait(runningAtMs: number, everyMs: number): Promise<{ lateMs: number; polls: number }> {
  let t = 0
  const r = await waitForStatus({
    now: () => t,
    sleep: async (ms) => void (t += ms),
    random: () => 0.5,
    fetch: async () => t >= runningAtMs,
    classify: (running) => (running ? { state: 'done' } : { state: 'pending', label: 'Starting' }),
    timeoutMs: 3_600_000,
    initialIntervalMs: everyMs,
    maxIntervalMs: everyMs
  })
  return { lateMs: t - runningAtMs, polls: r.polls }
}

/** One model conversion that turns `ready` `readyAtMs` after the upload answered, through the real resolveModels. */
export async function conversionWait(readyAtMs: number, seed: number): Promise<{ lateMs: number; polls: number }> {
  let polls = 0
  let uploadedAt = 0
  const version = (status: string) => ({
    model_version: { model_version: { id: 7, name: 'm', status, file_info: { version: 'v-uuid', sha: 'ab'.repeat(32) } } }
  })
  const { ctx, now } = fakeContext(
    {
      listModels: async () => ({ models: [] }),
      uploadModel: async () => ((uploadedAt = now()), { modelVersionId: 7, sha256: 'ab'.repeat(32) }),
      getModelVersion: async () => (polls++, version(now() - uploadedAt >= readyAtMs ? 'ready' : 'pending_load_native')) as never
    } as unknown as Partial<WallarooApi>,
    seed
  )
  ctx.settings.models = [{ kind: 'file', name: 'm', path: '/bench/m.onnx', size: 1, sha: 'ab'.repeat(32), framework: 'onnx' }]
  await resolveModels(ctx, 1)
  return { lateMs: now() - uploadedAt - readyAtMs, polls }
}

/** Running moments spread evenly over (0, horizon]: the average lateness of a wait over starts of any length up to it. */
export function moments(horizonMs: number, stepMs: number): number[] {
  return Array.from({ length: Math.floor(horizonMs / stepMs) }, (_, i) => (i + 1) * stepMs)
}

/** Mean lateness over the moments (one seed each) and the mean poll count of a start of exactly `horizonMs`, over `seeds` seeds. */
export async function detectionFigures(horizonMs: number): Promise<{ meanLateMs: number; polls: number; fixedLateMs: number; fixedPolls: number }> {
  let late = 0
  let fixedLate = 0
  const starts = moments(horizonMs, 250)
  for (const [i, at] of starts.entries()) {
    late += (await deploymentWait(at, i + 1)).lateMs
    fixedLate += (await fixedLoopWait(at, 5000)).lateMs
  }
  const seeds = 50
  let polls = 0
  for (let s = 1; s <= seeds; s++) polls += (await deploymentWait(horizonMs, 1000 + s)).polls
  return {
    meanLateMs: late / starts.length,
    polls: polls / seeds,
    fixedLateMs: fixedLate / starts.length,
    fixedPolls: (await fixedLoopWait(horizonMs, 5000)).polls
  }
}
