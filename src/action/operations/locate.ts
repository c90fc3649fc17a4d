/**
 * Finding a pipeline's deployment for status, undeploy, get-url and infer: from `deployment-id`, from
 * pipelines/list_pipelines, or (servers without it, before 2025) from the inference URL, which names the deployment.
 */
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { deploymentName } from '../steps/deploy.js'
import { deploymentFromUrl } from '../steps/deployment-url.js'
import { ActionFailure } from '../errors.js'
import { findPipeline } from '../steps/pipeline.js'

/** Where the pipeline's deployment is; `deploymentId` undefined when it has never been deployed (or cannot be known). */
export interface LocatedDeployment {
  pipeline: string
  pipelineId?: number
  deploymentId?: number
  name?: string
  /** list_pipelines' `deployed` flag, when known. */
  deployed?: boolean
  /** False when the server has no list_pipelines (older than 2025), so nothing above came from a lookup. */
  listed: boolean
  /** Without list_pipelines: how the deployment was found (`url`: its inference URL named it; `no-url`: there is none, so it was never deployed or the pipeline does not exist). */
  via?: 'deployment-id' | 'url' | 'no-url'
  /** The inference URL, when it was read to find the deployment. */
  url?: string
  /** Why there is no URL (the server's answer), when `via` is `no-url`. */
  noUrl?: string
}

/** What a lookup found: the deployment, or that the workspace has no such pipeline. */
export type DeploymentLookup = ({ kind: 'pipeline' } & LocatedDeployment) | { kind: 'no-pipeline'; pipeline: string; workspaceId: number }

/** How to treat a server without list_pipelines whose inference URL does not name the deployment, when no `deployment-id` is given: fail, or return what is known. */
export type OldServerMode = 'require-deployment-id' | 'unknown'

/** Looks up the deployment of the `pipeline` input in the workspace; records pipeline and deployment ids. */
export async function lookupDeployment(ctx: RunContext, workspaceId: number, oldServer: OldServerMode = 'require-deployment-id'): Promise<DeploymentLookup> {
  const { settings, api, record } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const lookup = await findPipeline(api, workspaceId, pipeline)
  record.pipeline = { name: pipeline, created: false, versionReused: false }
  if (lookup.kind === 'absent') return { kind: 'no-pipeline', pipeline, workspaceId }
  const item = lookup.kind === 'found' ? lookup.item : undefined
  const pipelineId = item?.pipeline.id
  if (pipelineId !== undefined) record.pipeline.id = pipelineId
  const listed = lookup.kind === 'found'
  let deploymentId = settings.deploymentId ?? item?.deployment?.id
  let via: LocatedDeployment['via'] = settings.deploymentId !== undefined && !listed ? 'deployment-id' : undefined
  let url: string | undefined
  if (lookup.kind === 'unsupported' && deploymentId === undefined) {
    const fromUrl = await deploymentFromUrl(ctx, workspaceId, pipeline)
    if (fromUrl.kind === 'none') return { kind: 'pipeline', pipeline, listed, via: 'no-url', noUrl: fromUrl.detail }
    url = fromUrl.url
    if (fromUrl.kind === 'named') {
      deploymentId = fromUrl.id
      via = 'url'
    } else if (oldServer === 'require-deployment-id') {
      throw new ActionFailure(
        `this Wallaroo server has no pipelines/list_pipelines (older than 2025), and the inference URL of "${pipeline}" (${fromUrl.url}) does not name its deployment, so the deployment cannot be found; give '${Inputs.DeploymentId}' (the 'deployment-id' output of the deploy step)`
      )
    }
  }
  const extra = { ...(via ? { via } : {}), ...(url ? { url } : {}) }
  if (deploymentId === undefined) return { kind: 'pipeline', pipeline, pipelineId, listed, ...extra }
  const name = deploymentName(pipeline, deploymentId)
  record.deployment = { id: deploymentId, name }
  return { kind: 'pipeline', pipeline, pipelineId, deploymentId, name, deployed: item?.deployment?.deployed, listed, ...extra }
}

/** Like lookupDeployment, but a missing pipeline is an error naming the inputs to check. */
export async function locateDeployment(ctx: RunContext, workspaceId: number, oldServer?: OldServerMode): Promise<LocatedDeployment> {
  const found = await lookupDeployment(ctx, workspaceId, oldServer)
  if (found.kind === 'no-pipeline') {
    throw new ActionFailure(`no pipeline "${found.pipeline}" in workspace ${workspaceId}; check '${Inputs.Pipeline}' and '${Inputs.Workspace}'`)
  }
  return found
}
