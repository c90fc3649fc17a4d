/** `undeploy`: pipelines/undeploy (§8.4), then wait until status/get_deployment answers 404. */
import { pollTimings, type RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure } from '../errors.js'
import { phase } from '../run-record.js'
import { isTransient } from '../upload.js'
import { waitForStatus, WaitTimeoutError } from '../wait.js'
import { resolveWorkspace } from '../workspace.js'
import { Inputs } from '../constants.js'
import { locateDeployment } from './locate.js'
import { NOT_DEPLOYED } from './status.js'

/** The `undeploy` operation; a pipeline that is not deployed is left as it is (success). */
export async function runUndeploy(ctx: RunContext): Promise<void> {
  const { api, record, clock, log, settings } = ctx
  const workspaceId = await phase(record, clock.now, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, false))
  const located = await phase(record, clock.now, 'locate', 'finding the deployment', () => locateDeployment(ctx, workspaceId))
  const { deploymentId, name } = located
  if (deploymentId === undefined || name === undefined || located.deployed === false) {
    log.info(`Pipeline "${located.pipeline}" is not deployed; nothing to undeploy.`)
    record.deployment = { ...record.deployment, status: NOT_DEPLOYED }
    return
  }
  log.info(`Undeploying ${name} (deployment id ${deploymentId}).`)
  await phase(record, clock.now, 'undeploy', `undeploying ${name}`, () =>
    api.undeployPipeline({ deployment_id: deploymentId, ...(located.pipelineId !== undefined ? { pipeline_id: located.pipelineId } : {}) })
  )
  await phase(record, clock.now, 'wait', `waiting for ${name} to go away`, async () => {
    try {
      await waitForStatus({
        ...clock,
        ...pollTimings(settings),
        timeoutMs: settings.timeoutMs,
        fetch: () => api.getDeployment(name),
        classify: (s) => (s === null ? { state: 'done' } : { state: 'pending', label: s.status }),
        isTransientError: isTransient,
        onChange: (label, ms) => log.info(`Deployment ${name}: ${label} (${formatDuration(ms)})`),
        onHeartbeat: (label, ms) => log.info(`Deployment ${name}: still ${label} after ${formatDuration(ms)}`)
      })
    } catch (e) {
      if (e instanceof WaitTimeoutError) {
        record.deployment = { ...record.deployment, status: e.lastLabel }
        throw new ActionFailure(`deployment ${name} still exists (${e.lastLabel}) after ${formatDuration(e.elapsedMs)}; raise '${Inputs.Timeout}' (now ${formatDuration(settings.timeoutMs)})`)
      }
      throw e
    }
    record.deployment = { ...record.deployment, status: NOT_DEPLOYED }
    log.info(`Deployment ${name} is undeployed.`)
  })
}
