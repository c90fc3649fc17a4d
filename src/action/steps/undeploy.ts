/** Undeploying (§8.4): pipelines/undeploy, then waiting until status/get_deployment answers 404. */
import type { DeploymentStatus } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure } from '../errors.js'
import { NOT_DEPLOYED, statusOutput } from '../report/status-output.js'
import { pollForRun, WaitTimeoutError } from './wait.js'

/** The deployment to take down. */
export interface UndeployTarget {
  deploymentId: number
  name: string
  pipelineId?: number
}

/** Undeploys and waits until the deployment is gone; `use` says whose share of the deadline the wait takes. */
export async function undeployAndWait(ctx: RunContext, t: UndeployTarget, use: 'main' | 'cleanup'): Promise<void> {
  const { api, record, log, settings } = ctx
  log.info(`Undeploying ${t.name} (deployment id ${t.deploymentId}).`)
  await api.undeployPipeline({ deployment_id: t.deploymentId, ...(t.pipelineId !== undefined ? { pipeline_id: t.pipelineId } : {}) })
  try {
    await pollForRun(
      ctx,
      `Deployment ${t.name}`,
      {
        fetch: () => api.getDeployment(t.name),
        classify: (s) => (s === null ? { state: 'done' } : { state: 'pending', label: s.status })
      },
      use
    )
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      record.deployment = { ...record.deployment, status: statusOutput(e.lastValue as DeploymentStatus | null | undefined) }
      throw new ActionFailure(
        `deployment ${t.name} still exists (${e.lastLabel}) after ${formatDuration(e.elapsedMs)}; raise '${Inputs.Timeout}' (now ${formatDuration(settings.timeoutMs)})`
      )
    }
    throw e
  }
  record.deployment = { ...record.deployment, status: NOT_DEPLOYED }
  log.info(`Deployment ${t.name} is undeployed.`)
}
