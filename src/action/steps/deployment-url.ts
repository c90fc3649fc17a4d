/**
 * Finding a pipeline's deployment without pipelines/list_pipelines (servers before 2025): the external inference URL
 * (admin/get_pipeline_external_url, §9.1) is `…/pipelines/infer/<pipeline>-<deployment id>/<pipeline>`, so it names
 * the deployment once the pipeline has been deployed, even after an undeploy. Only when the server gives no URL that
 * names it does an operation need the `deployment-id` input.
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { RunContext } from '../context.js'
import { deploymentName } from './deploy.js'

/** The deployment name inside an inference URL (`…/pipelines/infer/<pipeline>-<id>/<pipeline>`, §9.1), if it has that form. */
export function deploymentInUrl(url: string, pipeline: string): { id: number; name: string } | undefined {
  const escaped = pipeline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const m = url.match(new RegExp(`/pipelines/infer/(${escaped}-(\\d+))(?:/|$)`))
  return m ? { id: Number(m[2]), name: deploymentName(pipeline, Number(m[2])) } : undefined
}

/** What the inference URL says: the deployment it names, no URL (never deployed, or no such pipeline), or a URL of another form. */
export type UrlDeployment = { kind: 'named'; id: number; name: string; url: string } | { kind: 'none'; detail: string } | { kind: 'unnamed'; url: string }

/** Reads the pipeline's inference URL and the deployment it names; a 404 means the pipeline was never deployed (or does not exist). */
export async function deploymentFromUrl(ctx: RunContext, workspaceId: number, pipeline: string): Promise<UrlDeployment> {
  let url: string
  try {
    url = await ctx.api.getExternalUrl(workspaceId, pipeline)
  } catch (e) {
    if (e instanceof WallarooApiError && e.code === 'NOT_FOUND') return { kind: 'none', detail: e.detail.replace(/[.\s]+$/, '') }
    throw e
  }
  const named = deploymentInUrl(url, pipeline)
  if (!named) {
    ctx.log.debug(`the inference URL ${url} does not name the deployment of "${pipeline}"`)
    return { kind: 'unnamed', url }
  }
  ctx.log.info(`Pipeline "${pipeline}": its inference URL names deployment ${named.name} (this server has no pipelines/list_pipelines to look it up).`)
  return { kind: 'named', ...named, url }
}
