/**
 * The post step (action.yml `post`, `post-if: always()`): runs after the job's other steps, also when the main
 * step failed or the job was cancelled. From the run record the main step saved, it applies `on-failure` when the
 * main step was cancelled before it could, and `teardown` as asked.
 */
import { performance } from 'node:perf_hooks'
import * as core from '#actions-core'
import type { Logger } from './api.js'
import { Env, State } from './constants.js'
import { DEPLOYING_OPERATIONS, requestBudgetMs, type RunContext } from './context.js'
import { messageOf } from './errors.js'
import { parseInputs } from './inputs/parse.js'
import { loadParsersFor } from './lazy-parsers.js'
import type { RunDeps } from './main.js'
import { groupedLogger, maskOnce, realSleep } from './runtime.js'
import { newScrubber, scrubValue } from './report/scrub.js'
import { SUCCESSFUL_OUTCOMES } from './report/outcome.js'
import { errorBlock, escapeCell } from './report/summary.js'
import { parseSavedRecord, type RunRecord } from './run-record.js'
import { createSession, maskSecretInputs } from './session.js'
import { Inputs } from './constants.js'
import { applyFailurePolicy } from './steps/failure-policy.js'
import { upsertComment } from './report/pr-comment.js'
import { tearDown } from './steps/teardown.js'
import type { Clock } from './steps/wait.js'

/** What the post step must do for this record. */
function duties(record: RunRecord, teardown: string): { policy: boolean; teardown: boolean; why: string } {
  const finished = record.outcome !== undefined && !record.cancelled
  const failed = !finished || !SUCCESSFUL_OUTCOMES.includes(record.outcome!)
  // The main step applies the policy itself; only a cancel (or a kill) leaves it to this step.
  const policy =
    (DEPLOYING_OPERATIONS.includes(record.operation) || record.operation === 'copy-pipeline') &&
    !finished &&
    record.deployment?.requested === true &&
    !record.cleanup.some((c) => c.action !== 'teardown' && c.result !== 'failed')
  const tear = teardown === 'always' || (teardown === 'on-failure' && failed)
  const why = !finished ? 'the main step was cancelled or stopped before it finished' : `the main step ended with outcome ${record.outcome}`
  return { policy, teardown: tear, why }
}

/** Runs the post step. Never throws: a failed cleanup fails the step with a message. */
export async function runPost(deps: Partial<RunDeps> = {}): Promise<void> {
  const clock: Clock = { sleep: deps.sleep ?? realSleep, now: deps.now ?? Date.now, random: deps.random ?? Math.random }
  const env = deps.env ?? process.env
  const cwd = deps.cwd ?? env[Env.Workspace] ?? process.cwd()
  // As in the main step: every masked secret is also scrubbed, in every encoding, from the log and the summary.
  const scrubber = newScrubber()
  const scrub = scrubber.scrub
  const log: Logger = groupedLogger(scrub)
  const record = parseSavedRecord(core.getState(State.RunRecord))
  if (!record) return log.info('Nothing to clean up: the main step saved no run record (it failed before doing anything).')
  if (record.plan) return log.info('Nothing to clean up: the main step was a dry run.')
  const mask = maskOnce(scrubber.add)
  try {
    maskSecretInputs(
      [core.getInput(Inputs.Token), core.getInput(Inputs.Password), core.getInput(Inputs.ClientSecret), core.getInput(Inputs.GithubToken), env[Env.Password]],
      mask
    )
    const todo = duties(record, record.policy?.teardown ?? 'never')
    if (!todo.policy && !todo.teardown) return log.info(`Nothing to clean up: ${todo.why}, and '${Inputs.Teardown}' is ${record.policy?.teardown ?? 'never'}.`)
    await loadParsersFor((name) => core.getInput(name))
    const settings = parseInputs((name) => core.getInput(name), env, cwd)
    const start = deps.now ? clock.now() : Math.min(clock.now(), Math.round(performance.timeOrigin))
    const hooks = { mask, debug: (msg: string) => core.debug(scrub(msg)), notice: (msg: string) => core.info(scrub(msg)) }
    // A fresh `timeout` for the cleanup: the main step's deadline may be long gone after a cancel. Its requests are
    // bounded by it like the main step's.
    const deadline = { at: start + settings.timeoutMs, reserveMs: 0, cleaningUp: true }
    const api = deps.createApi ? deps.createApi(settings, hooks, clock) : createSession(settings, hooks, clock, () => requestBudgetMs(deadline, clock.now()))
    const ctx: RunContext = { settings, api, record, log, clock, deadline, checkpoint: () => undefined }
    const before = record.cleanup.length
    log.info(`Cleaning up: ${todo.why}.`)
    if (todo.policy && record.workspace && record.pipeline?.versionId !== undefined) {
      const p = record.pipeline
      await applyFailurePolicy(
        ctx,
        {
          workspaceId: record.workspace.id,
          pipeline: p.name,
          pipelineId: p.id ?? 0,
          versionId: p.versionId!,
          ...(p.version ? { version: p.version } : {}),
          definition: p.definition ?? {},
          ...(record.deployment?.id !== undefined ? { deploymentId: record.deployment.id } : {})
        },
        undefined,
        'post'
      )
    }
    if (todo.teardown) await tearDown(ctx)
    const mine = record.cleanup.slice(before)
    await writePostSummary(scrubValue(mine, scrub), log, scrub)
    // The comment the main step wrote now also says what the cleanup did.
    if (mine.length > 0 || record.cancelled) await upsertComment(settings, scrubValue(record, scrub), log)
    const failed = mine.filter((c) => c.result === 'failed')
    if (failed.length > 0) core.setFailed(scrub(`Cleanup failed: ${failed.map((c) => c.detail).join('; ')}`))
  } catch (e) {
    core.setFailed(scrub(`Cleanup could not run: ${messageOf(e)}`))
  }
}

/** Appends the post step's own section to the job summary. */
async function writePostSummary(cleanup: RunRecord['cleanup'], log: Logger, scrub: (text: string) => string): Promise<void> {
  if (cleanup.length === 0) return
  const lines = cleanup.map((c) => `| ${c.action === 'teardown' ? 'teardown' : `on-failure: ${c.action}`} | ${c.result} | ${escapeCell(c.detail)} |`)
  const failed = cleanup.some((c) => c.result === 'failed')
  const text = [`## ${failed ? '❌' : '🧹'} Wallaroo cleanup (post step)`, '| Action | Result | Details |', '| --- | --- | --- |', ...lines].join('\n')
  try {
    await core.summary
      .addRaw(scrub(`${text}\n${failed ? `\n${errorBlock('Something this run created may still be deployed; see the details above.')}\n` : ''}`))
      .write()
  } catch (e) {
    log.debug(`writing the job summary failed: ${messageOf(e)}`)
  }
}
