/**
 * What every job of one local run shares: the workflow, the event, resolved options, the workspace and temp
 * root, the host environment steps start from, and the run-wide cancellation (with the `cancelAt` triggers).
 */
import type { UsesSettings } from './actions.js'
import type { RunDefaults, WorkflowDefinition } from './definitions.js'
import type { RepositoryInfo, ResolvedEvent } from './events.js'
import type { CancelAt, RunWorkflowOptions } from './types.js'

/** Run-wide cancellation: listeners are told once, when the run is cancelled. */
export class Cancellation {
  private listeners = new Set<() => void>()
  cancelled = false

  /** Calls `listener` on cancellation (at once if already cancelled); returns an unsubscribe function. */
  on(listener: () => void): () => void {
    if (this.cancelled) {
      listener()
      return () => {}
    }
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  cancel(): void {
    if (this.cancelled) return
    this.cancelled = true
    for (const listener of [...this.listeners]) listener()
    this.listeners.clear()
  }
}

/** Options with their defaults applied. */
export type ResolvedOptions = Required<
  Pick<
    RunWorkflowOptions,
    | 'secrets'
    | 'vars'
    | 'environments'
    | 'sigintGraceMs'
    | 'sigtermGraceMs'
    | 'orphanGraceMs'
    | 'debug'
    | 'defaultPermissions'
    | 'runId'
    | 'runNumber'
    | 'runAttempt'
  >
> &
  Pick<RunWorkflowOptions, 'githubApi' | 'githubToken' | 'onLog' | 'cancelAt'>

/** Shared by all jobs of a run. */
export interface RunContext {
  options: ResolvedOptions
  workflow: WorkflowDefinition
  /** Display name of the workflow (its `name:` or file path). */
  workflowName: string
  event: ResolvedEvent
  repo: RepositoryInfo
  workspace: string
  /** Root of all RUNNER_TEMP directories of this run. */
  tempRoot: string
  /** The event payload file (GITHUB_EVENT_PATH). */
  eventPath: string
  apiUrl: string
  nodeBinary: string
  uses: UsesSettings
  /** The host environment every step process starts from (PATH, HOME, proxies …). */
  hostEnv: Record<string, string>
  /** The env context beneath the workflow's `env:`: the options' env and ACT=true. */
  workflowEnv: Record<string, string>
  /** `inputs` (workflow_dispatch). */
  inputs: Record<string, unknown>
  /** workflow `defaults.run`. */
  defaults: RunDefaults
  cancellation: Cancellation
  /** Called with each masked log line; triggers `cancelAt` conditions. */
  observeLine(line: string, job: string, step: { id?: string; name: string }): void
  /** Called when a job or step starts, for `cancelAt.afterMs`; returns a function to call when it ends. */
  observeStart(job: string, step?: { id?: string; name: string }): () => void
}

function stepMatches(cancelAt: CancelAt, job: string, step?: { id?: string; name: string }): boolean {
  if (cancelAt.job !== undefined && cancelAt.job !== job) return false
  if (cancelAt.step !== undefined && (!step || (cancelAt.step !== step.id && cancelAt.step !== step.name))) return false
  return true
}

/** Wires `cancelAt` to a cancellation: line triggers, timers from the start of the run, a job or a step. */
export function cancelTriggers(
  cancelAt: CancelAt | undefined,
  cancellation: Cancellation
): Pick<RunContext, 'observeLine' | 'observeStart'> & { start(): () => void } {
  const timers = new Set<NodeJS.Timeout>()
  let lineSeen = false
  const cancelAfter = (ms: number) => {
    const timer = setTimeout(() => cancellation.cancel(), ms)
    timers.add(timer)
    return () => {
      clearTimeout(timer)
      timers.delete(timer)
    }
  }
  return {
    start() {
      // Without job or step, afterMs counts from the start of the run (unless it waits for a line).
      if (cancelAt?.afterMs !== undefined && cancelAt.line === undefined && cancelAt.job === undefined && cancelAt.step === undefined)
        cancelAfter(cancelAt.afterMs)
      return () => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
      }
    },
    observeLine(line, job, step) {
      if (!cancelAt?.line || lineSeen || !stepMatches(cancelAt, job, step)) return
      const hit = typeof cancelAt.line === 'string' ? line.includes(cancelAt.line) : cancelAt.line.test(line)
      if (!hit) return
      lineSeen = true
      if (cancelAt.afterMs !== undefined) cancelAfter(cancelAt.afterMs)
      else cancellation.cancel()
    },
    observeStart(job, step) {
      if (cancelAt?.afterMs === undefined || cancelAt.line !== undefined) return () => {}
      const startsHere = step ? cancelAt.step !== undefined : cancelAt.step === undefined && cancelAt.job !== undefined
      if (!startsHere || !stepMatches(cancelAt, job, step)) return () => {}
      // The timer keeps running after the step or job ends: a cancel that comes late still cancels the run.
      cancelAfter(cancelAt.afterMs)
      return () => {}
    }
  }
}
