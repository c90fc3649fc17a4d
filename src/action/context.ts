/** What every phase gets: the settings, the API, the run record, a logger and the clock. */
import type { WallarooApi, Logger } from './api.js'
import type { RunRecord } from './run-record.js'
import type { ActionSettings } from './settings.js'
import type { Clock } from './wait.js'
import { MAX_POLL_INTERVAL_MS } from './constants.js'

/** Shared state of one run. */
export interface RunContext {
  settings: ActionSettings
  api: WallarooApi
  record: RunRecord
  log: Logger
  clock: Clock
}

/** Poll timings for this run: `poll-interval` first, backing off to 15 s (or to poll-interval when that is larger). */
export function pollTimings(settings: ActionSettings): { initialIntervalMs: number; maxIntervalMs: number } {
  const initialIntervalMs = settings.pollIntervalMs ?? 2000
  return { initialIntervalMs, maxIntervalMs: Math.max(MAX_POLL_INTERVAL_MS, initialIntervalMs) }
}

/** Settings fields an operation requires; parseInputs guarantees them, this narrows the types. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} missing although parseInputs requires it`)
  return value
}
