/**
 * Orchestration: parse inputs (fail before any call on bad input) → session → the operation →
 * outputs, saved run record and job summary in `finally`, on success and on failure alike.
 */
import * as core from '@actions/core'
import { WallarooApiError } from '../wallaroo/errors.js'
import type { Logger, WallarooApi } from './api.js'
import { Env, Inputs, State } from './constants.js'
import type { RunContext } from './context.js'
import { InputError, messageOf, PhaseError } from './errors.js'
import { documentedStatus } from './report/status-output.js'
import { hintFor } from './report/hints.js'
import { parseInputs } from './inputs/parse.js'
import { operations } from './operations/index.js'
import { setOutputs } from './report/outputs.js'
import { newRunRecord, serializeRecord, type RunRecord } from './run-record.js'
import { checkTokenLifetime, createSession, maskSecretInputs, type SessionHooks } from './session.js'
import { formatDuration } from './duration.js'
import type { ActionSettings } from './settings.js'
import { renderSummary } from './report/summary.js'
import type { Clock } from './steps/wait.js'

/** What tests may replace: the clock, and the API (a fake instead of a real client). */
export interface RunDeps extends Clock {
  createApi: (settings: ActionSettings, hooks: SessionHooks, clock: Clock) => WallarooApi
  env: NodeJS.ProcessEnv
  cwd: string
  /** Ends the process after a cancellation signal (process.exit in production). */
  exit: (code: number) => void
}

/** The signals a runner sends when a job is cancelled. */
const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** setTimeout as a promise that also ends on abort, so a stopped wait leaves no timer keeping the process alive. */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** The complete failure text: "<operation> failed while <doing>: <cause>. <hint>". */
function describeFailure(operation: string, e: unknown, settings: ActionSettings | undefined): string {
  const cause = e instanceof PhaseError ? e.cause : e
  let text = messageOf(cause)
  if (cause instanceof WallarooApiError && settings) {
    const hint = hintFor(cause, settings)
    // The action's hint names its inputs; it replaces the client's generic advice rather than repeating it.
    if (hint) text = `${cause.detail.replace(/[.\s]+$/, '')}. ${hint}`
  }
  return e instanceof PhaseError ? `${operation} failed while ${e.doing}: ${text}` : `${operation} failed: ${text}`
}

/** Runs the action. Never throws: every failure ends in core.setFailed. */
export async function run(deps: Partial<RunDeps> = {}): Promise<void> {
  const clock: Clock = { sleep: deps.sleep ?? realSleep, now: deps.now ?? Date.now, random: deps.random ?? Math.random }
  const env = deps.env ?? process.env
  const cwd = deps.cwd ?? env[Env.Workspace] ?? process.cwd()
  const start = clock.now()
  const log: Logger = { info: core.info, warning: core.warning, debug: core.debug }
  let record: RunRecord | undefined
  // One ::add-mask:: per secret, however many places announce it.
  const masked = new Set<string>()
  const mask = (secret: string): void => {
    if (secret && !masked.has(secret)) {
      masked.add(secret)
      core.setSecret(secret)
    }
  }
  let finished = false
  const finishOnce = async (): Promise<void> => {
    if (finished || !record) return
    finished = true
    await finish(record, clock.now() - start, log)
  }
  // A cancelled job still leaves its outputs, run record and summary (what was created so far matters most then).
  const onCancel = (signal: NodeJS.Signals): void => {
    const message = `${record?.operation ?? 'the action'} was cancelled (${signal}) after ${formatDuration(clock.now() - start)}`
    core.setFailed(message)
    if (!record) return (deps.exit ?? process.exit)(1)
    record.error = message
    void finishOnce().finally(() => (deps.exit ?? process.exit)(1))
  }
  for (const signal of CANCEL_SIGNALS) process.once(signal, onCancel)
  try {
    // Mask before anything (even an input error) can print a secret.
    maskSecretInputs([core.getInput(Inputs.Token), core.getInput(Inputs.Password), core.getInput(Inputs.ClientSecret), env[Env.Password]], mask)
    let settings: ActionSettings
    try {
      settings = parseInputs((name) => core.getInput(name), env, cwd)
    } catch (e) {
      record = newRunRecord(core.getInput(Inputs.Operation) || 'deploy', start)
      record.error = e instanceof InputError ? e.message : describeFailure(record.operation, e, undefined)
      core.setFailed(record.error)
      return
    }
    record = newRunRecord(settings.operation, start)
    try {
      const hooks: SessionHooks = { mask, debug: core.debug }
      // Wall clock, not the injected one: the token's `exp` was set by its issuer's clock.
      checkTokenLifetime(settings, Date.now(), log.warning)
      const api = deps.createApi ? deps.createApi(settings, hooks, clock) : createSession(settings, hooks, clock)
      const ctx: RunContext = { settings, api, record, log, clock }
      await operations[settings.operation](ctx)
    } catch (e) {
      record.error = e instanceof InputError ? e.message : describeFailure(settings.operation, e, settings)
      core.setFailed(record.error)
    }
  } catch (e) {
    // Anything unexpected (a bug, a thrown non-Error) still fails the step with a message.
    const message = `unexpected error: ${messageOf(e)}`
    if (record) record.error = message
    core.setFailed(message)
  } finally {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onCancel)
    await finishOnce()
  }
}

/** Outputs, saved state and the job summary; each guarded so one failing does not hide the others. */
async function finish(record: RunRecord, durationMs: number, log: Logger): Promise<void> {
  record.durationMs = durationMs
  // The `status` output promises the values action.yml lists, whichever operation recorded it.
  if (record.deployment?.status !== undefined) record.deployment.status = documentedStatus(record.deployment.status)
  try {
    const note = setOutputs(record, durationMs, core.setOutput)
    if (note) log.info(note)
  } catch (e) {
    log.warning(`Setting the outputs failed: ${messageOf(e)}`)
  }
  try {
    core.saveState(State.RunRecord, serializeRecord(record))
  } catch (e) {
    log.debug(`saving the run record failed: ${messageOf(e)}`)
  }
  try {
    await core.summary.addRaw(renderSummary(record, durationMs)).write()
  } catch (e) {
    // No GITHUB_STEP_SUMMARY outside Actions (local runs): not worth failing for.
    log.debug(`writing the job summary failed: ${messageOf(e)}`)
  }
}
