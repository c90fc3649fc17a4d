/**
 * Orchestration: parse inputs (fail before any call on bad input) → session → the operation (or, with
 * `dry-run`, its plan) → outcome, outputs, saved run record and job summary in `finally`, on success, failure
 * and cancellation alike.
 */
import { performance } from 'node:perf_hooks'
import * as core from '#actions-core'
import path from 'node:path'
import type { Logger, WallarooApi } from './api.js'
import { Env, Inputs, State } from './constants.js'
import { newDeadline, requestBudgetMs, type RunContext } from './context.js'
import { InputError, messageOf, type LocatedProblem } from './errors.js'
import { documentedStatus } from './report/status-output.js'
import { describeFailure } from './report/hints.js'
import { parseInputs } from './inputs/parse.js'
import { loadParsersFor } from './lazy-parsers.js'
import { runLink } from './inputs/github-context.js'
import { operations } from './operations/index.js'
import { planners } from './operations/plan.js'
import { readOnly } from './dry-run.js'
import { setOutputs } from './report/outputs.js'
import { upsertComment } from './report/pr-comment.js'
import { failureOutcome, finalOutcome, SUCCESSFUL_OUTCOMES } from './report/outcome.js'
import { newRunRecord, phase, serializeRecord, type RunRecord } from './run-record.js'
import { checkTokenLifetime, createSession, maskSecretInputs, type SessionHooks } from './session.js'
import { formatDuration } from './duration.js'
import type { ActionSettings } from './settings.js'
import { renderSummary } from './report/summary.js'
import type { Clock } from './steps/wait.js'
import { groupedLogger, maskOnce, realSleep } from './runtime.js'
import { newScrubber, scrubValue } from './report/scrub.js'

/** What tests may replace: the clock, and the API (a fake instead of a real client). */
export interface RunDeps extends Clock {
  createApi: (settings: ActionSettings, hooks: SessionHooks, clock: Clock) => WallarooApi
  env: NodeJS.ProcessEnv
  cwd: string
  /** Ends the process after a cancellation signal (process.exit in production). */
  exit: (code: number) => void
  /** Marks the step failed without ending the process (process.exitCode in production). */
  setExitCode: (code: number) => void
}

/** The signals a runner sends when a job is cancelled (SIGINT, then SIGTERM 7.5 s later). */
const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** An ::error annotation on the input file's line; the path relative to the workspace, as GitHub resolves it. */
function annotateFile(p: LocatedProblem, cwd: string): void {
  const file = path.relative(cwd, p.location.file)
  core.error(p.text, {
    title: 'Input file error',
    file: file.startsWith('..') ? p.location.file : file,
    startLine: p.location.line,
    ...(p.location.column ? { startColumn: p.location.column } : {})
  })
}

/** The failure text, followed by what the failure policy did about it. */
function failureText(record: RunRecord, base: string): string {
  const notes = record.cleanup.map((c) => `on-failure: ${c.action}: ${c.detail}`)
  return notes.length > 0 ? `${base}\n${notes.join('\n')}` : base
}

/** Runs the action. Never throws: every failure ends in core.setFailed. */
export async function run(deps: Partial<RunDeps> = {}): Promise<void> {
  const clock: Clock = { sleep: deps.sleep ?? realSleep, now: deps.now ?? Date.now, random: deps.random ?? Math.random }
  const env = deps.env ?? process.env
  const cwd = deps.cwd ?? env[Env.Workspace] ?? process.cwd()
  // The step's time counts from the process start (Node and the bundle's loading are part of the step too);
  // an injected clock (tests) starts now.
  const start = deps.now ? clock.now() : Math.min(clock.now(), Math.round(performance.timeOrigin))
  // Every secret that is masked is also scrubbed, in every encoding, from everything the action writes.
  const scrubber = newScrubber()
  const scrub = scrubber.scrub
  const log = groupedLogger(scrub)
  let record: RunRecord | undefined
  const mask = maskOnce(scrubber.add)
  const save = (): void => {
    if (!record) return
    try {
      core.saveState(State.RunRecord, serializeRecord(scrubValue(record, scrub)))
    } catch (e) {
      log.debug(`saving the run record failed: ${messageOf(e)}`)
    }
  }
  // Set once the inputs are known: where the PR comment goes.
  let commentOn: ActionSettings | undefined
  // One finish, however many callers (the run, SIGINT, then SIGTERM): a later caller waits for the same one.
  let finishing: Promise<void> | undefined
  const finishRecord = async (r: RunRecord): Promise<void> => {
    const shown = await finish(r, clock.now() - start, log, save, deps.setExitCode ?? ((code) => void (process.exitCode = code)), scrub)
    // After a cancel the runner kills the step in seconds: the post step writes the comment once it cleaned up.
    if (commentOn && !r.plan && !r.cancelled) await upsertComment(commentOn, shown, log)
  }
  const finishOnce = (): Promise<void> => (record ? (finishing ??= finishRecord(record)) : Promise.resolve())
  // A cancelled job leaves its record for the post step (which applies 'on-failure' and 'teardown'), plus outputs
  // and summary. The runner sends SIGTERM 7.5 s after SIGINT: everything here is local file writes, done at once.
  const onCancel = (signal: NodeJS.Signals): void => {
    const message = `${record?.operation ?? 'the action'} was cancelled (${signal}) after ${formatDuration(clock.now() - start)}`
    if (!record) {
      core.setFailed(scrub(message))
      return (deps.exit ?? process.exit)(1)
    }
    record.cancelled = true
    record.error = record.error ?? message
    void finishOnce().finally(() => (deps.exit ?? process.exit)(1))
  }
  for (const signal of CANCEL_SIGNALS) process.once(signal, onCancel)
  try {
    // Mask before anything (even an input error) can print a secret.
    maskSecretInputs(
      [core.getInput(Inputs.Token), core.getInput(Inputs.Password), core.getInput(Inputs.ClientSecret), core.getInput(Inputs.GithubToken), env[Env.Password]],
      mask
    )
    let settings: ActionSettings
    await loadParsersFor((name) => core.getInput(name))
    try {
      settings = parseInputs((name) => core.getInput(name), env, cwd)
    } catch (e) {
      record = newRunRecord(core.getInput(Inputs.Operation) || 'deploy', start)
      // A syntax error in an input file also gets an annotation on its line, so the diff view shows it.
      if (e instanceof InputError) for (const p of e.locations) annotateFile(p, cwd)
      record.error = e instanceof InputError ? e.message : describeFailure(record.operation, e, undefined)
      record.failureOutcome = 'invalid-input'
      return
    }
    record = newRunRecord(settings.operation, start)
    commentOn = settings
    record.policy = { onFailure: settings.onFailure, teardown: settings.teardown, ephemeral: settings.ephemeralBase !== undefined }
    const pipelineName = settings.operation === 'copy-pipeline' ? settings.newPipeline : settings.pipeline
    if (pipelineName) record.pipelineName = pipelineName
    record.timeoutMs = settings.timeoutMs
    record.context = {
      ...(settings.github.sha ? { sha: settings.github.sha } : {}),
      ...(runLink(settings.github) ? { runUrl: runLink(settings.github) } : {}),
      ...(settings.github.prNumber !== undefined ? { pr: settings.github.prNumber } : {})
    }
    for (const warning of settings.inputWarnings ?? []) log.warning(warning)
    if (settings.ephemeralBase)
      log.info(
        `Ephemeral pipeline: "${settings.ephemeralBase}" becomes "${settings.pipeline}" for this ${settings.github.prNumber !== undefined ? 'pull request' : 'commit'}.`
      )
    try {
      const hooks: SessionHooks = { mask, debug: (msg) => core.debug(scrub(msg)), notice: (msg) => core.info(scrub(msg)) }
      // Wall clock, not the injected one: the token's `exp` was set by its issuer's clock.
      checkTokenLifetime(settings, Date.now(), log.warning)
      const deadline = newDeadline(settings, start)
      const session = deps.createApi
        ? deps.createApi(settings, hooks, clock)
        : createSession(settings, hooks, clock, () => requestBudgetMs(deadline, clock.now()))
      const api = settings.dryRun ? readOnly(session) : session
      const ctx: RunContext = { settings, api, record, log, clock, deadline, checkpoint: save }
      // First, so refused credentials read as a failed sign-in rather than as the first call that needed a token.
      await phase(ctx, 'sign-in', `signing in at ${settings.authUrl}`, () => api.signIn())
      if (settings.dryRun) await planners[settings.operation](ctx)
      else await operations[settings.operation](ctx)
    } catch (e) {
      record.failureOutcome = failureOutcome(e, record, settings.auth.kind === 'token', settings.auth.kind === 'client')
      record.error = failureText(record, e instanceof InputError ? e.message : describeFailure(settings.operation, e, settings))
    }
  } catch (e) {
    // Anything unexpected (a bug, a thrown non-Error) still fails the step with a message.
    const message = `unexpected error: ${messageOf(e)}`
    if (record) record.error = message
    else core.setFailed(scrub(message))
  } finally {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onCancel)
    await finishOnce()
  }
}

/**
 * Outcome, outputs, saved state and the job summary; each guarded so one failing does not hide the others. What is
 * written comes from a scrubbed copy of the record (a server may have echoed a secret into a message or an answer),
 * which it returns for the PR comment.
 */
async function finish(
  record: RunRecord,
  durationMs: number,
  log: Logger,
  save: () => void,
  setExitCode: (code: number) => void,
  scrub: (text: string) => string
): Promise<RunRecord> {
  record.durationMs = durationMs
  record.outcome = finalOutcome(record)
  // A run cancelled before its first status poll does not know the status.
  if (record.cancelled && record.deployment?.requested && record.deployment.status === undefined) record.deployment.status = 'Unknown'
  // The `status` output promises the values action.yml lists, whichever operation recorded it.
  if (record.deployment?.status !== undefined) record.deployment.status = documentedStatus(record.deployment.status)
  const shown = scrubValue(record, scrub)
  // One ::error annotation for the whole failure, titled so a run's annotations tell pipelines and outcomes apart.
  if (!SUCCESSFUL_OUTCOMES.includes(record.outcome)) {
    const name = shown.pipelineName ? ` ${shown.pipelineName}` : ''
    core.error(shown.error ?? `${record.operation} ended with outcome ${record.outcome}`, { title: `Wallaroo ${record.operation}${name}: ${record.outcome}` })
    setExitCode(1)
  }
  try {
    const note = setOutputs(shown, durationMs, core.setOutput)
    if (note) log.info(note)
  } catch (e) {
    log.warning(`Setting the outputs failed: ${messageOf(e)}`)
  }
  save()
  if (record.phases.length > 0 && record.timeoutMs) {
    const used = record.phases.map((ph) => `${ph.name} ${formatDuration(ph.ms)}`).join(', ')
    log.info(`Time used of '${Inputs.Timeout}' (${formatDuration(record.timeoutMs)}): ${used}; ${formatDuration(durationMs)} in all.`)
  }
  try {
    await core.summary.addRaw(renderSummary(shown, durationMs)).write()
  } catch (e) {
    // No GITHUB_STEP_SUMMARY outside Actions (local runs): not worth failing for.
    log.debug(`writing the job summary failed: ${messageOf(e)}`)
  }
  return shown
}
