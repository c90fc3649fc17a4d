/**
 * Retry policy: which failures are worth another try, and how long to wait.
 * Pure functions; the loop that uses them lives in http.ts.
 */

/** How often and how patiently a call is retried. `attempts` counts the first send too. */
export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Ceiling for a server's Retry-After, so a huge value cannot stall a CI job (default 60 s). */
  maxRetryAfterMs?: number
}

/** 4 sends, 0.5 s → 1 s → 2 s between them (jittered), never more than 8 s. */
export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>> = Object.freeze({
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000
})

/**
 * How a call may be repeated:
 * - 'idempotent': reads and calls whose repetition changes nothing (undeploy, and deploy, an upsert
 *   keyed by the pipeline); retried on network errors, timeouts, 408, 429 and 5xx.
 * - 'create': never re-sent once the request may have reached the server (a second workspace, model
 *   version, pipeline version or copy would be created); only a failed connect is retried.
 * - 'never': sent once (plus the 401 re-send every call gets).
 */
export type RetryClass = 'idempotent' | 'create' | 'never'

/** Fills in defaults and rejects nonsense early, naming the bad field. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): Required<RetryPolicy> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(partial) }
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer ≥ 1, got ${policy.attempts}`)
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new RangeError(`retry.${key} must be a number ≥ 0, got ${policy[key]}`)
    }
  }
  return policy
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * Wait before retry number `retry` (1 = the first retry): exponential from baseDelayMs, capped at
 * maxDelayMs, then scaled into [50 %, 100 %] by `random` so parallel jobs do not retry in lockstep.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1)
  const capped = Math.min(policy.maxDelayMs, exponential)
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(capped * (0.5 + r / 2))
}

/**
 * Retry-After header → milliseconds to wait, from delta-seconds ("3", "1.5") or an HTTP date.
 * Returns undefined when absent or unreadable (the caller then uses its own backoff).
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  // An HTTP date always names the day/month; without that check Date.parse('-5') is "year -5".
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/** Statuses that say "try again later": 408, 429 and 5xx except 501/505, which never heal. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true
  return status >= 500 && status <= 599 && status !== 501 && status !== 505
}
