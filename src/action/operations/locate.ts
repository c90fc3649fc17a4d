/** Finding a pipeline's deployment for `status` and `undeploy`: from `deployment-id`, or from pipelines/list_pipelines. */
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { deploymentName } from '../deploy.js'
import { ActionFailure } from '../errors.js'
import { findPipeline } from '../pipeline.js'

/** Where the pipeline's deployment is; `deploymentId` undefined when it has never been deployed. */
export interface LocatedDeployment {
  pipeline: string
  pipelineId?: number
  deploymentId?: number
  name?: string
  /** list_pipelines' `deployed` flag, when known. */
  deployed?: boolean
}

/** Locates the deployment of the `pipeline` input in the workspace. */
export async function locateDeployment(ctx: RunContext, workspaceId: number): Promise<LocatedDeployment> {
  const { settings, api, record } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const lookup = await findPipeline(api, workspaceId, pipeline)
  if (lookup.kind === 'absent') {
    throw new ActionFailure(`no pipeline "${pipeline}" in workspace ${workspaceId}; check '${Inputs.Pipeline}' and '${Inputs.Workspace}'`)
  }
  const item = lookup.kind === 'found' ? lookup.item : undefined
  const pipelineId = item?.pipeline.id
  const deploymentId = settings.deploymentId ?? item?.deployment?.id
  if (lookup.kind === 'unsupported' && settings.deploymentId === undefined) {
    throw new ActionFailure(
      `this Wallaroo server has no pipelines/list_pipelines (older than 2025), so the deployment of "${pipeline}" cannot be looked up; give '${Inputs.DeploymentId}' (the 'deployment-id' output of the deploy step)`
    )
  }
  record.pipeline = { name: pipeline, ...(pipelineId !== undefined ? { id: pipelineId } : {}), created: false, versionReused: false }
  if (deploymentId === undefined) return { pipeline, pipelineId }
  const name = deploymentName(pipeline, deploymentId)
  record.deployment = { id: deploymentId, name }
  return { pipeline, pipelineId, deploymentId, name, deployed: item?.deployment?.deployed }
}
