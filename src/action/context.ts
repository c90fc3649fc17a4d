/** What every phase gets: the settings, the API, the run record, a logger and the clock. */
import type { WallarooApi, Logger } from './api.js'
import type { RunRecord } from './run-record.js'
import type { ActionSettings } from './settings.js'
import type { Clock } from './steps/wait.js'

/**
 * The step's deadline (`timeout` bounds the whole step, not each wait). `reserveMs` is kept back from the
 * deploy's own waits for the failure policy (rollback or undeploy), which may need to wait too.
 */
export interface Deadline {
  /** Epoch ms (of the run's clock) when the step must end. */
  at: number
  reserveMs: number
  /** Set once the failure policy acts: from then on requests may use the reserve too. */
  cleaningUp?: boolean
}

/** Shared state of one run. */
export interface RunContext {
  settings: ActionSettings
  api: WallarooApi
  record: RunRecord
  log: Logger
  clock: Clock
  deadline: Deadline
  /** Saves the run record with the step's state now, so a post step finds it even if this step is killed. */
  checkpoint: () => void
}

/** Operations that deploy a new version under the failure policy (promote and reject settle a canary that way). */
export const DEPLOYING_OPERATIONS: readonly string[] = ['deploy', 'promote', 'reject']

/** The longest the failure policy keeps back from a deploy's waits. */
const MAX_RESERVE_MS = 5 * 60_000

/** The deadline of a run starting at `start`: deploys with a failure policy keep a third of `timeout` (at most 5 minutes) for it. */
export function newDeadline(settings: ActionSettings, start: number): Deadline {
  const deploys = DEPLOYING_OPERATIONS.includes(settings.operation) || (settings.operation === 'copy-pipeline' && settings.deployCopy)
  const reserves = deploys && settings.onFailure !== 'keep'
  return { at: start + settings.timeoutMs, reserveMs: reserves ? Math.min(MAX_RESERVE_MS, Math.floor(settings.timeoutMs / 3)) : 0 }
}

/** Time left for the run's own work (`main`) or for cleaning up after a failure (`cleanup`, which may use the reserve). */
export function budgetMs(ctx: Pick<RunContext, 'deadline' | 'clock'>, use: 'main' | 'cleanup'): number {
  const end = use === 'main' ? ctx.deadline.at - ctx.deadline.reserveMs : ctx.deadline.at
  return Math.max(0, end - ctx.clock.now())
}

/**
 * Time left for requests, by the run's clock: up to the end of the run's own share while it works, up to the hard
 * end once the failure policy acts (see Deadline.cleaningUp). Requests never outlast it (see createSession).
 */
export function requestBudgetMs(deadline: Deadline, now: number): number {
  const end = deadline.cleaningUp ? deadline.at : deadline.at - deadline.reserveMs
  return end - now
}

/** Settings fields an operation requires; parseInputs guarantees them, this narrows the types. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} missing although parseInputs requires it`)
  return value
}
