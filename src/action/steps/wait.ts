/**
 * Polling until something is ready: a deadline from the start, polls backing off from a first interval
 * to a cap with jitter, one log line per change and a heartbeat while nothing changes (house style §5).
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { DeploymentStatus, GetModelVersionResponse, ModelVersion } from '../../wallaroo/types.js'
import { MAX_POLL_INTERVAL_MS, STEADY_POLL_INTERVAL_MS, STEADY_POLL_WINDOW_MS } from '../constants.js'
import { budgetMs, type RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { messageOf } from '../errors.js'

/** What a poll means: done, still pending (label = what to log), or failed for good. */
export type Classification = { state: 'done' } | { state: 'pending'; label: string } | { state: 'failed'; message: string }

/** Injectable timings (real ones in production, fakes in tests). */
export interface Clock {
  /** Resolves after `ms`, or as soon as `signal` aborts (so a stopped wait does not keep the process alive). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  now: () => number
  random: () => number
}

/** Options of waitForStatus. */
export interface WaitOptions<T> extends Clock {
  /** One poll. */
  fetch: () => Promise<T>
  classify: (value: T) => Classification
  timeoutMs: number
  initialIntervalMs: number
  maxIntervalMs: number
  /**
   * While the wait is younger than `untilMs`, pauses stop growing at `intervalMs` (jittered around it), then grow on
   * to maxIntervalMs: frequent polls while the awaited change usually happens, fewer after.
   */
  steady?: { intervalMs: number; untilMs: number }
  /** Log a "still …" line when the label has not changed for this long (default 30 s). */
  heartbeatMs?: number
  /** Errors to ride out until the deadline (e.g. network errors after the client's own retries); others end the wait. */
  isTransientError?: (e: unknown) => boolean
  /** Errors meaning the deadline came while polling (a poll cut short by it): the wait times out as at the deadline. */
  isDeadlineError?: (e: unknown) => boolean
  onChange?: (label: string, elapsedMs: number) => void
  onHeartbeat?: (label: string, elapsedMs: number) => void
  /** Ends the wait with the signal's reason before the next poll (e.g. a sibling wait failed). */
  signal?: AbortSignal
}

/** How the wait ended well. */
export interface WaitResult<T> {
  value: T
  elapsedMs: number
  polls: number
}

/** The deadline passed; carries the last value seen so the caller can explain why. */
export class WaitTimeoutError<T> extends Error {
  constructor(
    readonly lastValue: T | undefined,
    readonly lastLabel: string,
    readonly elapsedMs: number,
    readonly polls: number,
    /** The error of the last poll, when it failed (undefined when the last poll answered). */
    readonly lastError?: unknown,
    /** How many polls in a row, up to the last, failed with a transient error. */
    readonly failedPolls = 0,
    /** The deadline cut the last poll after polls that failed: lastError is their failure, not the cut (else the cut is lastError). */
    readonly lastPollCut = false
  ) {
    super(`still ${lastLabel} after ${formatDuration(elapsedMs)} (${polls} polls)`)
    this.name = 'WaitTimeoutError'
  }
}

/** classify() said the thing failed for good. */
export class WaitFailedError<T> extends Error {
  constructor(
    message: string,
    readonly lastValue: T,
    readonly elapsedMs: number
  ) {
    super(message)
    this.name = 'WaitFailedError'
  }
}

/** Growth factor of the interval between polls. */
const BACKOFF = 1.5
/** Jitter: each pause is the interval times a factor in [0.8, 1.2), then capped. */
const JITTER = 0.4

/** The pause before poll number `poll` (0-based after the first) for a given random draw. */
export function pollDelayMs(baseMs: number, maxMs: number, random: number): number {
  return Math.min(maxMs, Math.round(baseMs * (1 - JITTER / 2 + JITTER * random)))
}

/** Polls until classify says done or failed, or the deadline passes (then WaitTimeoutError). */
export async function waitForStatus<T>(o: WaitOptions<T>): Promise<WaitResult<T>> {
  const start = o.now()
  const heartbeatMs = o.heartbeatMs ?? 30_000
  let base = Math.max(1, o.initialIntervalMs)
  let polls = 0
  let lastLabel: string | undefined
  let lastValue: T | undefined
  let lastError: unknown
  let failedPolls = 0
  let lastLogAt = start
  for (;;) {
    o.signal?.throwIfAborted()
    polls++
    let label: string
    try {
      const value = await o.fetch()
      lastValue = value
      lastError = undefined
      failedPolls = 0
      const c = o.classify(value)
      if (c.state === 'done') return { value, elapsedMs: o.now() - start, polls }
      if (c.state === 'failed') throw new WaitFailedError(c.message, value, o.now() - start)
      label = c.label
    } catch (e) {
      // The poll itself was cut by the deadline: it is the last (failed) poll of a wait that timed out. When the polls
      // before it failed too, their answer (say a 503) tells the user more than the cut does.
      if (o.isDeadlineError?.(e)) {
        const earlier = lastError !== undefined
        throw new WaitTimeoutError(lastValue, lastLabel ?? 'waiting', o.now() - start, polls, earlier ? lastError : e, failedPolls + 1, earlier)
      }
      if (e instanceof WaitFailedError || !o.isTransientError?.(e)) throw e
      lastError = e
      failedPolls++
      label = `unreachable (${messageOf(e)})`
    }
    const t = o.now()
    const elapsed = t - start
    if (label !== lastLabel) {
      o.onChange?.(label, elapsed)
      lastLabel = label
      lastLogAt = t
    } else if (t - lastLogAt >= heartbeatMs) {
      o.onHeartbeat?.(label, elapsed)
      lastLogAt = t
    }
    if (elapsed >= o.timeoutMs) throw new WaitTimeoutError(lastValue, label, elapsed, polls, lastError, failedPolls)
    const delay = Math.min(pollDelayMs(base, o.maxIntervalMs, o.random()), o.timeoutMs - elapsed)
    await o.sleep(delay, o.signal)
    // A pause that ran to the deadline ends the wait here: a poll now could only outlast it.
    if (o.now() - start >= o.timeoutMs) throw new WaitTimeoutError(lastValue, label, o.now() - start, polls, lastError, failedPolls)
    const cap = o.steady && o.now() - start < o.steady.untilMs ? Math.min(o.steady.intervalMs, o.maxIntervalMs) : o.maxIntervalMs
    base = Math.min(cap, base * BACKOFF)
  }
}

/** Errors the wait loops ride out: the client already retried them, but the deadline has the last word. */
export function isTransientApiError(e: unknown): boolean {
  return e instanceof WallarooApiError && ['NETWORK', 'TIMEOUT', 'UNAVAILABLE', 'SERVER_ERROR', 'RATE_LIMITED'].includes(e.code)
}

/** What one of the run's waits polls. */
export interface RunPoll<T> {
  fetch: () => Promise<T>
  classify: (value: T) => Classification
  signal?: AbortSignal
  /** The first pause (default `poll-interval`): shorter for what usually takes seconds, such as a conversion. */
  firstPauseMs?: number
}

/**
 * waitForStatus with this run's settings: what is left of the `timeout` deadline (for the run's own work, or for
 * cleaning up after a failure, which may use the reserve), pauses growing from `poll-interval` to a steady
 * STEADY_POLL_INTERVAL_MS for the first STEADY_POLL_WINDOW_MS, then to 15 s (each at least poll-interval),
 * transient API errors ridden out, and log lines about `subject`.
 */
export function pollForRun<T>(ctx: RunContext, subject: string, poll: RunPoll<T>, use: 'main' | 'cleanup' = 'main'): Promise<WaitResult<T>> {
  const { clock, log, settings } = ctx
  const { firstPauseMs, ...rest } = poll
  return waitForStatus({
    ...clock,
    ...rest,
    timeoutMs: budgetMs(ctx, use),
    initialIntervalMs: firstPauseMs ?? settings.pollIntervalMs,
    maxIntervalMs: Math.max(MAX_POLL_INTERVAL_MS, settings.pollIntervalMs),
    steady: { intervalMs: Math.max(STEADY_POLL_INTERVAL_MS, settings.pollIntervalMs), untilMs: STEADY_POLL_WINDOW_MS },
    isTransientError: isTransientApiError,
    isDeadlineError: (e) => e instanceof WallarooApiError && e.code === 'DEADLINE',
    onChange: (label, ms) => log.info(`${subject}: ${label} (${formatDuration(ms)})`),
    onHeartbeat: (label, ms) => log.info(`${subject}: still ${label} after ${formatDuration(ms)}`)
  })
}

/** Deployment status (§8.3): Running is done; 404, Starting, Deployed and even Error are pending until the deadline (a transient Error is normal). */
export function classifyDeployment(status: DeploymentStatus | null): Classification {
  if (status === null) return { state: 'pending', label: 'not found yet (404)' }
  if (status.status === 'Running') return { state: 'done' }
  const details = status.details && status.details.length > 0 ? ` (${status.details.join(', ')})` : ''
  return { state: 'pending', label: `${status.status}${details}` }
}

/**
 * Why a conversion failed, in words: the server's error_summary (2025+), or, where the server gives none (servers
 * before 2025 report only `status: "error"`, §6.2), where the reason can be read.
 */
export function conversionFailure(mv: Pick<ModelVersion, 'error_summary'> & { conversion?: Partial<ModelVersion['conversion']> }): string {
  if (mv.error_summary && mv.error_summary !== 'null') return mv.error_summary
  const framework = mv.conversion?.framework ? ` ${mv.conversion.framework}` : ''
  return (
    `the server gives no error_summary (Wallaroo before 2025 reports only status "error"); read the reason in the Wallaroo UI ` +
    `(the model version's details in its workspace) or in the logs of the model conversion on the cluster, and check that the file is a valid${framework} model`
  )
}

/** Model conversion (§6.2): `ready` is done, `error` fails with the server's error_summary (or where to look), the rest is pending. */
export function classifyConversion(v: GetModelVersionResponse): Classification {
  const mv = v.model_version.model_version
  if (mv.status === 'ready') return { state: 'done' }
  if (mv.status === 'error') return { state: 'failed', message: `model "${mv.name}" version ${mv.id} failed conversion: ${conversionFailure(mv)}` }
  return { state: 'pending', label: mv.status }
}
