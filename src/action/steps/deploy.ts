/**
 * Deployment (§8): pipelines/deploy with the nested engine_config, then waiting for Running through 404s and
 * transient Errors; an Error (or an unschedulable engine) that lasts `error-grace` fails at once.
 */
import { statusOutput } from '../report/status-output.js'
import type { DeploymentStatus, DeployRequest, EngineConfig, ModelRef, PipelineDefinition } from '../../wallaroo/types.js'
import { budgetMs, type RunContext } from '../context.js'
import { modelRefsOf } from '../inputs/definition.js'
import { WallarooApiError } from '../../wallaroo/errors.js'
import { Inputs } from '../constants.js'
import { describeDeployment, fixFromReasons, schedulingReason, suggestFix } from './diagnose.js'
import { formatDuration } from '../duration.js'
import { ActionFailure, messageOf } from '../errors.js'
import { hintFor } from '../report/hints.js'
import { classifyDeployment, pollForRun, WaitFailedError, WaitTimeoutError } from './wait.js'
import type { CurrentVersion } from './pipeline.js'
import { deployModelFields } from './deploy-models.js'

/** The deployment name the status endpoint takes: `{deploy_id}-{deployment id}` (§4). */
export function deploymentName(pipeline: string, deploymentId: number): string {
  return `${pipeline}-${deploymentId}`
}

/** A pipeline version ready to deploy (what deploy and create-pipeline prepare). */
export interface DeployTarget {
  workspaceId: number
  pipeline: string
  pipelineId: number
  versionId: number
  /** The version's UUID, when the server returned it. */
  version?: string
  definition: PipelineDefinition
  /** Whether the pipeline was deployed before this run; undefined on servers without list_pipelines. */
  wasDeployed?: boolean
  /** The deployment id list_pipelines showed before this run (undefined when never deployed or unknown). */
  deploymentId?: number
  /** The engine_config of that deployment, when list_pipelines showed it. */
  deployedEngineConfig?: EngineConfig
  /** The pipeline's current version before this run, as list_pipelines showed it. */
  current?: CurrentVersion
  /** Numeric ids of the models this run resolved (by deploy-models' modelKey), for the deploy body's model_ids. */
  modelVersionIds?: ReadonlyMap<string, number>
  /** The engine_config to deploy with instead of the inputs' (promote and reject keep the deployment's own). */
  engineConfig?: EngineConfig
}

/**
 * The pipelines/deploy body for a version; the models it names are chosen in deploy-models.ts (§8.1).
 * `pipeline_version` (the UUID) goes along when known; a version whose numeric id is not known is deployed by its
 * UUID alone (INFERRED from the generated client, where only deploy_id is required).
 */
export function deployBody(
  t: {
    pipeline: string
    pipelineId?: number
    versionId?: number
    version?: string
    definition?: PipelineDefinition
    models?: ModelRef[]
    modelVersionIds?: ReadonlyMap<string, number>
  },
  engineConfig: EngineConfig | undefined
): DeployRequest {
  // Without the definition (a version known only from a status), the models the status showed stand in.
  const models = t.definition ? modelRefsOf(t.definition) : (t.models ?? [])
  return {
    deploy_id: t.pipeline,
    ...(t.versionId !== undefined ? { pipeline_version_pk_id: t.versionId } : {}),
    ...(t.versionId === undefined && t.version ? { pipeline_version: t.version } : {}),
    ...(t.pipelineId !== undefined ? { pipeline_id: t.pipelineId } : {}),
    ...deployModelFields(models, t.modelVersionIds),
    ...(engineConfig ? { engine_config: engineConfig } : {})
  }
}

/** Sends pipelines/deploy; returns the deployment id (stable per pipeline across redeploys, §11.4). */
export async function deployVersion(ctx: RunContext, t: DeployTarget): Promise<{ id: number; name: string }> {
  const { api, log, record, settings } = ctx
  const base = t.engineConfig ?? settings.engineConfig
  const engineConfig = { ...base, workspace_id: base.workspace_id ?? t.workspaceId }
  // Unknown on servers without list_pipelines: then the deployment is not claimed as created by this run,
  // so a later teardown cannot undeploy something that was running before.
  const { wasDeployed } = t
  // Saved before sending: if the step is killed while the request is out, the post step still knows to look.
  record.deployment = { ...record.deployment, requested: true, ...(wasDeployed !== undefined ? { wasDeployed } : {}) }
  ctx.checkpoint()
  const { id } = await api.deployPipeline(deployBody(t, engineConfig))
  const name = deploymentName(t.pipeline, id)
  log.info(
    `Deployment ${name} (id ${id}) requested for pipeline version ${t.versionId}${wasDeployed ? ' (it was already deployed: the engines are updated in place)' : ''}.`
  )
  record.deployment = { ...record.deployment, id, name }
  if (wasDeployed === false) record.created.push({ kind: 'deployment', id, name })
  ctx.checkpoint()
  return { id, name }
}

/** A failed poll in words: the server's answer (or the network error) and what to do about it. */
function describePollError(ctx: RunContext, e: unknown): string {
  if (!(e instanceof WallarooApiError)) return messageOf(e)
  const detail = e.detail.replace(/[.\s]+$/, '')
  const hint = hintFor(e, ctx.settings) ?? e.advice
  return hint ? `${detail}. ${hint}` : detail
}

/** Whether a status is in trouble that `error-grace` bounds: Error, or an engine Pending for a scheduling reason. */
function troubleOf(s: DeploymentStatus | null): string | undefined {
  if (!s) return undefined
  if (s.status === 'Error') return 'Error'
  const reason = schedulingReason(s)
  return reason ? `an engine Pending (${reason})` : undefined
}

/** Options of waitForRunning. */
export interface RunningWait {
  /** The run's own budget (`main`) or the failure policy's (`cleanup`, e.g. a rollback's wait). */
  use?: 'main' | 'cleanup'
}

/**
 * Polls status/get_deployment until Running. Ends early when the deployment stays in Error (or unschedulable) for
 * `error-grace`; at the deadline explains every engine, model and the input to change.
 */
export async function waitForRunning(ctx: RunContext, name: string, opts: RunningWait = {}): Promise<DeploymentStatus> {
  const { api, clock, log, record, settings } = ctx
  const graceText = formatDuration(settings.errorGraceMs)
  const start = clock.now()
  const budget = budgetMs(ctx, opts.use ?? 'main')
  let sawError = false
  let troubleSince: number | undefined
  // Each distinct Error report is logged once, so a persistent Error does not repeat every poll.
  const reportedErrors = new Set<string>()
  const reportError = (s: DeploymentStatus, trouble: string): void => {
    const lines = describeDeployment(s)
    const key = lines.join('\n')
    if (reportedErrors.has(key)) return
    reportedErrors.add(key)
    const fix = fixFromReasons(s)
    // Warn now rather than at the deadline: a real scheduling problem would otherwise stay silent.
    // Whichever ends the wait first: the deadline, or the grace for this state.
    const until =
      settings.errorGraceMs < budget
        ? `for up to '${Inputs.ErrorGrace}' (${graceText}) in this state`
        : `until '${Inputs.Timeout}' (${formatDuration(settings.timeoutMs)}) runs out`
    log.warning(
      `Deployment ${name} reports ${trouble} after ${formatDuration(clock.now() - start)}; Wallaroo can report a transient Error while starting, ` +
        `so the action keeps waiting ${until}.\n${lines.map((l) => `  ${l}`).join('\n')}` +
        (fix ? `\nIf it persists: ${fix}` : '')
    )
  }
  try {
    const { value, elapsedMs } = await pollForRun<DeploymentStatus | null>(
      ctx,
      `Deployment ${name}`,
      {
        fetch: () => api.getDeployment(name),
        classify: (s) => {
          // Kept current, so a cancelled run still reports the last status it saw.
          if (record.deployment) record.deployment.status = statusOutput(s)
          const trouble = troubleOf(s)
          if (!trouble || !s) {
            troubleSince = undefined
            return classifyDeployment(s)
          }
          if (s.status === 'Error') sawError = true
          troubleSince ??= clock.now()
          reportError(s, trouble)
          const lasted = clock.now() - troubleSince
          if (lasted >= settings.errorGraceMs) {
            return {
              state: 'failed',
              message: `deployment ${name} stayed in ${trouble} for ${formatDuration(lasted)} ('${Inputs.ErrorGrace}' is ${graceText})`
            }
          }
          return classifyDeployment(s)
        }
      },
      opts.use ?? 'main'
    )
    const status = value as DeploymentStatus
    if (record.deployment) record.deployment.status = statusOutput(status)
    log.info(`Deployment ${name} is Running after ${formatDuration(elapsedMs)}.`)
    return status
  } catch (e) {
    if (e instanceof WaitFailedError) throw persistentErrorFailure(ctx, e as WaitFailedError<DeploymentStatus | null>)
    if (!(e instanceof WaitTimeoutError)) throw e
    throw timeoutFailure(ctx, name, e as WaitTimeoutError<DeploymentStatus | null>, sawError, budget)
  }
}

/** The deployment stayed in Error past `error-grace`: its reasons and the input to change, without waiting out `timeout`. */
function persistentErrorFailure(ctx: RunContext, e: WaitFailedError<DeploymentStatus | null>): ActionFailure {
  const status = e.lastValue
  if (ctx.record.deployment) ctx.record.deployment.status = statusOutput(status)
  const lines = describeDeployment(status).map((l) => `  ${l}`)
  const fix = fixFromReasons(status) ?? `Check the reasons above; if the deployment only needs longer to recover, raise '${Inputs.ErrorGrace}'.`
  return new ActionFailure(`${e.message}:\n${lines.join('\n')}\n${fix}`, 'deploy-failed')
}

/** The wait's limit in words: the time it had, and how `timeout` was shared out. */
function budgetText(ctx: RunContext, budgetMs: number): string {
  const timeoutText = formatDuration(ctx.settings.timeoutMs)
  return ctx.deadline.reserveMs > 0
    ? `${formatDuration(budgetMs)} (the deploy's share of '${Inputs.Timeout}' ${timeoutText}; ${formatDuration(ctx.deadline.reserveMs)} is kept for '${Inputs.OnFailure}')`
    : `${formatDuration(budgetMs)} ('${Inputs.Timeout}' is ${timeoutText} for the whole step)`
}

/** Why the deadline passed: the last status with its engines and the input to change, or the failing status calls. */
function timeoutFailure(ctx: RunContext, name: string, e: WaitTimeoutError<DeploymentStatus | null>, sawError: boolean, budget: number): ActionFailure {
  const timeoutText = formatDuration(ctx.settings.timeoutMs)
  const last = e.lastValue
  if (ctx.record.deployment) ctx.record.deployment.status = statusOutput(last)
  const head = `deployment ${name} did not reach Running within ${budgetText(ctx, budget)}`
  const pollFailure = e.lastError === undefined ? undefined : describePollError(ctx, e.lastError)
  if (last === undefined && pollFailure !== undefined) {
    // Not one status was read: nothing is known about the deployment, and a longer timeout would not help.
    const cut = e.lastPollCut ? ', the last still out when the deadline came' : ''
    return new ActionFailure(
      `${head}: no status call succeeded (${e.polls} poll${e.polls === 1 ? '' : 's'}${cut}); the last one ${e.lastPollCut ? 'to answer ' : ''}failed: ${pollFailure}`,
      'deploy-timeout'
    )
  }
  const lastLabel = last === undefined ? e.lastLabel : labelOf(last)
  const transientNote = sawError && last?.status !== 'Error' ? ' (an Error status was seen on the way)' : ''
  const failedNote =
    pollFailure === undefined
      ? ''
      : ` Then the last ${e.failedPolls === 1 ? 'poll' : `${e.failedPolls} polls`} failed${e.lastPollCut ? ' (the last was still out when the deadline came); the one before it answered' : ''}: ${pollFailure.replace(/([^.])$/, '$1.')}`
  const lines = describeDeployment(last).map((l) => `  ${l}`)
  return new ActionFailure(
    `${head}: last status ${lastLabel} after ${e.polls} polls${transientNote}.${failedNote}\n${lines.join('\n')}\n${suggestFix(last, timeoutText)}`,
    'deploy-timeout'
  )
}

/** The label a status was logged with. */
function labelOf(status: DeploymentStatus | null): string {
  const c = classifyDeployment(status)
  return c.state === 'pending' ? c.label : (status?.status ?? 'unknown')
}
