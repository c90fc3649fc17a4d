/**
 * `on-failure`: what happens to this run's deployment when its wait fails or times out, the smoke inference or the
 * golden check fails, or the run is cancelled (then the post step calls this). `rollback` redeploys the version that
 * was Running before (recorded before deploying) and checks it the same way; with nothing Running before, it
 * undeploys. `undeploy` takes the deployment down; `keep` leaves it as it is. Never throws: the result is recorded.
 */
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { messageOf, PhaseError } from '../errors.js'
import { describeFailureBriefly } from '../report/hints.js'
import { NOT_DEPLOYED, statusOutput } from '../report/status-output.js'
import { phase, type CleanupOutcome } from '../run-record.js'
import { findPipeline } from './pipeline.js'
import { goldenCheck } from './check-answers.js'
import { deployBody, deploymentName, waitForRunning, type DeployTarget } from './deploy.js'
import { isOurs, statusVersion } from './live-version.js'
import { inferenceUrl, runSmokeRequest } from './smoke.js'
import { undeployAndWait } from './undeploy.js'
import { ReplacedByAnotherRun } from './who-answered.js'

/** Where the policy runs: in the main step right after the failure, or in the post step after a cancel. */
export type PolicyWhere = CleanupOutcome['where']

/** The deployment this run made, found from the record or (if the deploy answer was lost) from list_pipelines. */
async function ourDeployment(ctx: RunContext, t: DeployTarget): Promise<{ id: number; name: string } | undefined> {
  const d = ctx.record.deployment
  if (d?.id !== undefined) return { id: d.id, name: d.name ?? deploymentName(t.pipeline, d.id) }
  if (t.deploymentId !== undefined) return { id: t.deploymentId, name: deploymentName(t.pipeline, t.deploymentId) }
  const found = await findPipeline(ctx.api, t.workspaceId, t.pipeline)
  const id = found.kind === 'found' ? found.item.deployment?.id : undefined
  return id === undefined ? undefined : { id, name: deploymentName(t.pipeline, id) }
}

/**
 * Runs what follows a deploy request (wait, checks); when it fails, applies `on-failure` in this step and rethrows.
 * After a cancel the post step applies the policy instead: this step has only seconds left before it is killed.
 */
export async function underFailurePolicy<T>(ctx: RunContext, t: DeployTarget, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    if (ctx.record.cancelled) throw e
    await phase(ctx, 'on-failure', `applying '${Inputs.OnFailure}: ${ctx.settings.onFailure}'`, () => applyFailurePolicy(ctx, t, e, 'main')).catch(
      () => undefined
    )
    throw e
  }
}

/** Applies `on-failure` after `failure`; records (and logs) what it did. */
export async function applyFailurePolicy(ctx: RunContext, t: DeployTarget, failure: unknown, where: PolicyWhere): Promise<CleanupOutcome> {
  const policy = ctx.settings.onFailure
  const done = (result: CleanupOutcome['result'], detail: string, extra: Partial<CleanupOutcome> = {}): CleanupOutcome => {
    const outcome: CleanupOutcome = { action: policy, result, detail, where, ...extra }
    ctx.record.cleanup.push(outcome)
    ;(result === 'failed' ? ctx.log.warning : ctx.log.info)(`on-failure: ${policy}: ${detail}`)
    ctx.checkpoint()
    return outcome
  }
  // From here requests may use the time kept back for this (the run's own share is spent or the run failed).
  ctx.deadline.cleaningUp = true
  const cause = failure instanceof PhaseError ? failure.cause : failure
  if (cause instanceof ReplacedByAnotherRun) return done('skipped', "not applied: another run replaced this deployment, and what serves now is that run's")
  if (policy === 'keep') return done('skipped', 'the deployment is left as it is; fix the cause or deploy again')
  try {
    const deployment = await ourDeployment(ctx, t)
    if (!deployment) return done('skipped', 'nothing was deployed, so there is nothing to undo')
    const status = await ctx.api.getDeployment(deployment.name)
    if (status === null) {
      ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED }
      return done('skipped', `deployment ${deployment.name} is not deployed, so there is nothing to undo`)
    }
    // Another run may have deployed since this one failed: its version is not ours to roll back or undeploy.
    const serving = statusVersion(status, t.pipeline)
    const previous = ctx.record.previous
    if (!isOurs(status, t)) {
      if (policy === 'rollback' && serving !== undefined && previous?.version === serving && status.status === 'Running') {
        return done('done', `deployment ${deployment.name} already runs the previous version ${serving} again`, {
          rolledBackTo: { version: serving, versionId: previous.versionId }
        })
      }
      if (serving !== undefined)
        return done('skipped', `deployment ${deployment.name} now runs version ${serving}, not this run's: another run deployed it, so it is left as it is`)
    }
    if (policy === 'rollback' && previous) return await rollBack(ctx, t, deployment, done)
    await undeployAndWait(ctx, { deploymentId: deployment.id, name: deployment.name, pipelineId: t.pipelineId }, 'cleanup')
    const why = policy === 'rollback' ? 'nothing was Running before this run, so rolling back means undeploying: ' : ''
    return done('done', `${why}deployment ${deployment.name} is undeployed`)
  } catch (e) {
    return done('failed', `it failed, so this run's deployment may still be live: ${describeFailureBriefly(e, ctx.settings)}`)
  }
}

/** Redeploys the previous version, waits for Running and checks it with the smoke input (and the goldens, for the report). */
async function rollBack(
  ctx: RunContext,
  t: DeployTarget,
  deployment: { id: number; name: string },
  done: (result: CleanupOutcome['result'], detail: string, extra?: Partial<CleanupOutcome>) => CleanupOutcome
): Promise<CleanupOutcome> {
  const { api, record, settings, clock, log } = ctx
  const previous = record.previous!
  const label =
    previous.versionId !== undefined
      ? `pipeline version ${previous.versionId}${previous.version ? ` (${previous.version})` : ''}`
      : `pipeline version ${previous.version}`
  if ((previous.versionId !== undefined && previous.versionId === t.versionId) || (previous.version !== undefined && previous.version === t.version)) {
    return done(
      'skipped',
      `the version Running before this run is this run's own ${label} (the definition did not change), so there is nothing to roll back to; it is left as it is`
    )
  }
  if (previous.versionId === undefined && previous.version === undefined) {
    return done(
      'failed',
      `the server did not say which pipeline version was Running before (it reports neither the version nor list_pipelines), so it cannot be redeployed; the failed deployment is left as it is`
    )
  }
  const started = clock.now()
  log.info(`Rolling back deployment ${deployment.name} to ${label}.`)
  await api.deployPipeline(
    deployBody(
      {
        pipeline: t.pipeline,
        pipelineId: t.pipelineId,
        versionId: previous.versionId,
        version: previous.version,
        definition: previous.definition,
        models: previous.models
      },
      previous.engineConfig
    )
  )
  const status = await waitForRunning(ctx, deployment.name, { use: 'cleanup' })
  record.deployment = { ...record.deployment, status: statusOutput(status) }
  const rolledBackTo = {
    ...(previous.version ? { version: previous.version } : {}),
    ...(previous.versionId !== undefined ? { versionId: previous.versionId } : {})
  }
  let smoke: CleanupOutcome['smoke']
  if (settings.smokeInput) {
    try {
      const url = record.inferenceUrl ?? (await inferenceUrl(ctx, t.workspaceId, t.pipeline))
      const answer = await runSmokeRequest(ctx, url, settings.smokeInput)
      const golden = goldenCheck(ctx, answer.records)
      smoke = {
        records: answer.records.length,
        latencyMs: answer.latencyMs,
        ...(golden ? { golden: { passed: golden.passed, maxDeviation: golden.maxDeviation } } : {})
      }
    } catch (e) {
      return done('failed', `${label} is Running again, but its smoke inference failed: ${messageOf(e)}`, { rolledBackTo })
    }
  }
  const check = smoke
    ? `; its smoke inference answered ${smoke.records} record(s)${smoke.golden ? ` (golden check ${smoke.golden.passed ? 'passed' : 'failed, as expected if the goldens were recorded for the new version'})` : ''}`
    : ''
  return done('done', `rolled back to ${label}: Running again after ${formatDuration(clock.now() - started)}${check}`, {
    rolledBackTo,
    ...(smoke ? { smoke } : {})
  })
}
