/** Deployment (§8): pipelines/deploy with the nested engine_config, then waiting for Running through 404s and transient Errors. */
import type { DeploymentStatus, PipelineDefinition, PipelineListItem } from '../wallaroo/types.js'
import { pollTimings, type RunContext } from './context.js'
import { modelRefsOf } from './definition.js'
import { describeDeployment, suggestFix } from './diagnose.js'
import { formatDuration } from './duration.js'
import { ActionFailure } from './errors.js'
import { isTransient } from './upload.js'
import { classifyDeployment, waitForStatus, WaitTimeoutError } from './wait.js'

/** The deployment name the status endpoint takes: `{deploy_id}-{deployment id}` (§4). */
export function deploymentName(pipeline: string, deploymentId: number): string {
  return `${pipeline}-${deploymentId}`
}

/** What to deploy. */
export interface DeployTarget {
  workspaceId: number
  pipeline: string
  pipelineId: number
  versionId: number
  definition: PipelineDefinition
  /** list_pipelines' entry before this run, to know whether it was already deployed. */
  before?: PipelineListItem
  /** False when the server has no list_pipelines, so `before` says nothing. */
  lookupSupported: boolean
}

/** Sends pipelines/deploy; returns the deployment id (stable per pipeline across redeploys, §11.4). */
export async function deployVersion(ctx: RunContext, t: DeployTarget): Promise<{ id: number; name: string }> {
  const { api, log, record, settings } = ctx
  const engineConfig = { ...settings.engineConfig, workspace_id: settings.engineConfig.workspace_id ?? t.workspaceId }
  const models = modelRefsOf(t.definition)
  // Unknown on servers without list_pipelines: then the deployment is not claimed as created by this run,
  // so a later teardown cannot undeploy something that was running before.
  const wasDeployed = t.lookupSupported ? t.before?.deployment?.deployed === true : undefined
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

/** Polls status/get_deployment until Running; on timeout, explains every engine, model and the input to change. */
export async function waitForRunning(ctx: RunContext, name: string): Promise<DeploymentStatus> {
  const { api, clock, log, record, settings } = ctx
  const timeoutText = formatDuration(settings.timeoutMs)
  let sawError = false
  try {
    const { value, elapsedMs } = await waitForStatus<DeploymentStatus | null>({
      ...clock,
      ...pollTimings(settings),
      timeoutMs: settings.timeoutMs,
      fetch: () => api.getDeployment(name),
      classify: (s) => {
        if (s?.status === 'Error') sawError = true
        return classifyDeployment(s)
      },
      isTransientError: isTransient,
      onChange: (label, ms) => log.info(`Deployment ${name}: ${label} (${formatDuration(ms)})`),
      onHeartbeat: (label, ms) => log.info(`Deployment ${name}: still ${label} after ${formatDuration(ms)}`)
    })
    const status = value as DeploymentStatus
    if (record.deployment) record.deployment.status = status.status
    log.info(`Deployment ${name} is Running after ${formatDuration(elapsedMs)}.`)
    return status
  } catch (e) {
    if (!(e instanceof WaitTimeoutError)) throw e
    const last = e.lastValue as DeploymentStatus | null | undefined
    if (record.deployment) record.deployment.status = last?.status ?? (e.lastError ? 'Unreachable' : 'NotFound')
    const lines = describeDeployment(last).map((l) => `  ${l}`)
    const transientNote = sawError && last?.status !== 'Error' ? ' (an Error status was seen on the way)' : ''
    throw new ActionFailure(
      `deployment ${name} did not reach Running within ${timeoutText}: last status ${e.lastLabel} after ${formatDuration(e.elapsedMs)} and ${e.polls} polls${transientNote}.\n${lines.join('\n')}\n${suggestFix(last, timeoutText)}`
    )
  }
}
