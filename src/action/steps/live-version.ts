/**
 * Before deploying: what the pipeline's deployment is doing. A rollout another run started (Starting with a version
 * that is not this run's) is waited out first — never start a second rollout over one in progress — and the
 * version then Running is recorded: it is what `on-failure: rollback` goes back to.
 */
import type { DeploymentStatus, PipelineDefinition } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure } from '../errors.js'
import { modelRefsOf } from '../inputs/definition.js'
import type { PreviousVersion } from '../run-record.js'
import { deploymentName, type DeployTarget } from './deploy.js'
import { pollForRun, WaitTimeoutError } from './wait.js'
import { concurrencyAdvice } from './who-answered.js'

/** The pipeline version UUID a status reports for the pipeline (2024+ servers; undefined on 2023). */
export function statusVersion(s: DeploymentStatus | null | undefined, pipeline: string): string | undefined {
  for (const e of s?.engines ?? []) {
    for (const p of e.pipeline_statuses?.pipelines ?? []) {
      if ((p.id === undefined || p.id === pipeline) && typeof p.version === 'string' && p.version !== '') return p.version
    }
  }
  return undefined
}

/** The models a status says the engines run (name, version, sha), without repeats. */
export function statusModels(s: DeploymentStatus | null | undefined): PreviousVersion['models'] {
  const seen = new Map<string, PreviousVersion['models'][number]>()
  for (const e of s?.engines ?? []) {
    for (const m of e.model_statuses?.models ?? []) seen.set(`${m.name}@${m.version}`, { name: m.name, version: m.version, sha: m.sha })
  }
  return [...seen.values()]
}

/** True when the status runs exactly the models of `definition` (by name and version). */
function runsModelsOf(s: DeploymentStatus, definition: PipelineDefinition | undefined): boolean {
  if (!definition) return false
  const want = new Set(modelRefsOf(definition).map((m) => `${m.name}@${m.version}`))
  const have = new Set(statusModels(s).map((m) => `${m.name}@${m.version}`))
  return want.size > 0 && want.size === have.size && [...want].every((k) => have.has(k))
}

/** Whether a status belongs to this run's version: by UUID where reported, else by the models it runs. */
export function isOurs(s: DeploymentStatus, t: Pick<DeployTarget, 'pipeline' | 'version' | 'definition'>): boolean {
  const v = statusVersion(s, t.pipeline)
  if (v !== undefined && t.version !== undefined) return v === t.version
  return runsModelsOf(s, t.definition)
}

/** Waits while another run's rollout is Starting; returns the settled status (null when not deployed). */
async function settle(ctx: RunContext, t: DeployTarget, name: string, first: DeploymentStatus | null): Promise<DeploymentStatus | null> {
  const busy = (s: DeploymentStatus | null): boolean => s !== null && s.status === 'Starting' && !isOurs(s, t)
  if (!busy(first)) return first
  const label = (s: DeploymentStatus): string => {
    const v = statusVersion(s, t.pipeline)
    return `Starting a rollout of ${v ? `version ${v}` : 'other models'} (another run's)`
  }
  ctx.log.warning(
    `Deployment ${name} is ${label(first!)}: waiting for it to settle before deploying this run's version, so two rollouts never overlap. ${concurrencyAdvice(t.pipeline).split('\n')[0]}`
  )
  let polls = 0
  try {
    const { value } = await pollForRun<DeploymentStatus | null>(ctx, `Concurrency guard: deployment ${name}`, {
      fetch: () => ctx.api.getDeployment(name),
      // The poll number makes every label new, so every poll is logged while the guard waits.
      classify: (s) => (busy(s) ? { state: 'pending', label: `${label(s!)}, still waiting (poll ${++polls})` } : { state: 'done' })
    })
    return value
  } catch (e) {
    if (!(e instanceof WaitTimeoutError)) throw e
    throw new ActionFailure(
      `another run's rollout of pipeline "${t.pipeline}" was still Starting after ${formatDuration(e.elapsedMs)}, so this run did not deploy over it (nothing was changed). ${concurrencyAdvice(t.pipeline)}\nOr raise '${Inputs.Timeout}'.`,
      'deploy-failed'
    )
  }
}

/** The concurrency guard, then the record of the version Running before this run (record.previous). */
export async function guardAndRecordPrevious(ctx: RunContext, t: DeployTarget): Promise<void> {
  if (t.deploymentId === undefined || t.wasDeployed !== true) return
  const name = deploymentName(t.pipeline, t.deploymentId)
  const status = await settle(ctx, t, name, await ctx.api.getDeployment(name))
  if (status?.status !== 'Running') {
    if (status) ctx.log.info(`Deployment ${name} is ${status.status} before this run deploys; there is no Running version to roll back to.`)
    return
  }
  const version = statusVersion(status, t.pipeline)
  const cur = t.current
  // The numeric id is known when the running version is the pipeline's current one (by UUID, or by its models on 2023 servers).
  const isCurrent = cur !== undefined && (version !== undefined ? cur.version === version : runsModelsOf(status, cur.definition))
  const previous: PreviousVersion = {
    ...(isCurrent && cur?.versionId !== undefined ? { versionId: cur.versionId } : {}),
    ...(version ? { version } : isCurrent && cur?.version ? { version: cur.version } : {}),
    ...(isCurrent && cur?.definition ? { definition: cur.definition } : {}),
    ...(t.deployedEngineConfig ? { engineConfig: t.deployedEngineConfig } : {}),
    models: statusModels(status)
  }
  ctx.record.previous = previous
  if (previous.versionId === undefined && previous.version === undefined) {
    // 2023 servers without list_pipelines: the status names the models, not the pipeline version.
    const models = previous.models.map((m) => `"${m.name}"`).join(', ') || 'no models it names'
    ctx.log.info(
      `Before this run, deployment ${name} runs a pipeline version with ${models}, which the server does not identify (no list_pipelines, no version in its status), so '${Inputs.OnFailure}: rollback' could not go back to it: after a failure the deployment would be left as it is (outcome cleanup-failed).`
    )
    ctx.checkpoint()
    return
  }
  const id = previous.versionId !== undefined ? `pipeline version ${previous.versionId}` : 'a pipeline version'
  ctx.log.info(
    `Before this run, deployment ${name} runs ${id}${previous.version ? ` (${previous.version})` : ''}: '${Inputs.OnFailure}: rollback' goes back to it.`
  )
  ctx.checkpoint()
}
