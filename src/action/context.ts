/** What every phase gets: the settings, the API, the run record, a logger and the clock. */
import type { WallarooApi, Logger } from './api.js'
import type { RunRecord } from './run-record.js'
import type { ActionSettings } from './settings.js'
import type { Clock } from './steps/wait.js'

/** Shared state of one run. */
export interface RunContext {
  settings: ActionSettings
  api: WallarooApi
  record: RunRecord
  log: Logger
  clock: Clock
}

/** Settings fields an operation requires; parseInputs guarantees them, this narrows the types. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} missing although parseInputs requires it`)
  return value
}
