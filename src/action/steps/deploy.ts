/** Deployment (§8): pipelines/deploy with the nested engine_config, then waiting for Running through 404s and transient Errors. */
import { statusOutput } from '../report/status-output.js'
import type { DeploymentStatus, PipelineDefinition } from '../../wallaroo/types.js'
import type { RunContext } from '../context.js'
import { modelRefsOf } from '../inputs/definition.js'
import { WallarooApiError } from '../../wallaroo/errors.js'
import { Inputs } from '../constants.js'
import { describeDeployment, fixFromReasons, suggestFix } from './diagnose.js'
import { formatDuration } from '../duration.js'
import { ActionFailure, messageOf } from '../errors.js'
import { hintFor } from '../report/hints.js'
import { classifyDeployment, pollForRun, WaitTimeoutError } from './wait.js'

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
  definition: PipelineDefinition
  /** Whether the pipeline was deployed before this run; undefined on servers without list_pipelines. */
  wasDeployed?: boolean
}

/** Sends pipelines/deploy; returns the deployment id (stable per pipeline across redeploys, §11.4). */
export async function deployVersion(ctx: RunContext, t: DeployTarget): Promise<{ id: number; name: string }> {
  const { api, log, record, settings } = ctx
  const engineConfig = { ...settings.engineConfig, workspace_id: settings.engineConfig.workspace_id ?? t.workspaceId }
  const models = modelRefsOf(t.definition)
  // Unknown on servers without list_pipelines: then the deployment is not claimed as created by this run,
  // so a later teardown cannot undeploy something that was running before.
  const { wasDeployed } = t
  const { id } = await api.deployPipeline({
    deploy_id: t.pipeline,
    pipeline_version_pk_id: t.versionId,
    pipeline_id: t.pipelineId,
    // 2023 servers need the models in the body; 2025 derive them from the version's steps (§8.1).
    ...(models.length > 0 ? { models } : {}),
    engine_config: engineConfig
  })
  const name = deploymentName(t.pipeline, id)
  log.info(`Deployment ${name} (id ${id}) requested for pipeline version ${t.versionId}${wasDeployed ? ' (it was already deployed: the engines are updated in place)' : ''}.`)
  record.deployment = { id, name, ...(wasDeployed !== undefined ? { wasDeployed } : {}) }
  if (wasDeployed === false) record.created.push({ kind: 'deployment', id, name })
  return { id, name }
}

/** A failed poll in words: the server's answer (or the network error) and what to do about it. */
function describePollError(ctx: RunContext, e: unknown): string {
  if (!(e instanceof WallarooApiError)) return messageOf(e)
  const detail = e.detail.replace(/[.\s]+$/, '')
  const hint = hintFor(e, ctx.settings) ?? e.advice
  return hint ? `${detail}. ${hint}` : detail
}

/** Polls status/get_deployment until Running; on timeout, explains every engine, model and the input to change. */
export async function waitForRunning(ctx: RunContext, name: string): Promise<DeploymentStatus> {
  const { api, clock, log, record, settings } = ctx
  const timeoutText = formatDuration(settings.timeoutMs)
  const start = clock.now()
  let sawError = false
  // Each distinct Error report is logged once, so a persistent Error does not repeat every poll.
  const reportedErrors = new Set<string>()
  const reportError = (s: DeploymentStatus): void => {
    const lines = describeDeployment(s)
    const key = lines.join('\n')
    if (reportedErrors.has(key)) return
    reportedErrors.add(key)
    const fix = fixFromReasons(s)
    // Warn now rather than at the deadline: a real scheduling problem would otherwise stay silent for 'timeout'.
    log.warning(
      `Deployment ${name} reports Error after ${formatDuration(clock.now() - start)}; Wallaroo can report a transient Error while starting, ` +
        `so the action keeps waiting until '${Inputs.Timeout}' (${timeoutText}) runs out.\n${lines.map((l) => `  ${l}`).join('\n')}` +
        (fix ? `\nIf it persists: ${fix}` : '')
    )
  }
  try {
    const { value, elapsedMs } = await pollForRun<DeploymentStatus | null>(ctx, `Deployment ${name}`, {
      fetch: () => api.getDeployment(name),
      classify: (s) => {
        if (s?.status === 'Error') {
          sawError = true
          reportError(s)
        }
        return classifyDeployment(s)
      }
    })
    const status = value as DeploymentStatus
    if (record.deployment) record.deployment.status = statusOutput(status)
    log.info(`Deployment ${name} is Running after ${formatDuration(elapsedMs)}.`)
    return status
  } catch (e) {
    if (!(e instanceof WaitTimeoutError)) throw e
    throw timeoutFailure(ctx, name, e as WaitTimeoutError<DeploymentStatus | null>, sawError)
  }
}

/** Why the deadline passed: the last status with its engines and the input to change, or the failing status calls. */
function timeoutFailure(ctx: RunContext, name: string, e: WaitTimeoutError<DeploymentStatus | null>, sawError: boolean): ActionFailure {
  const timeoutText = formatDuration(ctx.settings.timeoutMs)
  const last = e.lastValue
  if (ctx.record.deployment) ctx.record.deployment.status = statusOutput(last)
  const head = `deployment ${name} did not reach Running within ${timeoutText}`
  const pollFailure = e.lastError === undefined ? undefined : describePollError(ctx, e.lastError)
  if (last === undefined && pollFailure !== undefined) {
    // Not one status was read: nothing is known about the deployment, and a longer timeout would not help.
    return new ActionFailure(
      `${head}: no status call succeeded in ${formatDuration(e.elapsedMs)} (${e.polls} poll${e.polls === 1 ? '' : 's'}); the last one failed: ${pollFailure}`
    )
  }
  const lastLabel = last === undefined ? e.lastLabel : labelOf(last)
  const transientNote = sawError && last?.status !== 'Error' ? ' (an Error status was seen on the way)' : ''
  const failedNote =
    pollFailure === undefined ? '' : ` Then the last ${e.failedPolls === 1 ? 'poll' : `${e.failedPolls} polls`} failed: ${pollFailure.replace(/([^.])$/, '$1.')}`
  const lines = describeDeployment(last).map((l) => `  ${l}`)
  return new ActionFailure(
    `${head}: last status ${lastLabel} after ${formatDuration(e.elapsedMs)} and ${e.polls} polls${transientNote}.${failedNote}\n${lines.join('\n')}\n${suggestFix(last, timeoutText)}`
  )
}

/** The label a status was logged with. */
function labelOf(status: DeploymentStatus | null): string {
  const c = classifyDeployment(status)
  return c.state === 'pending' ? c.label : status?.status ?? 'unknown'
}
