/**
 * For get-url and infer: the pipeline must be deployed before its URL means anything. Finds the deployment
 * (like status and undeploy), refuses one that was never deployed or was undeployed, and for infer waits
 * while it is still starting.
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { describeDeployment } from '../steps/diagnose.js'
import { formatDuration } from '../duration.js'
import { ActionFailure } from '../errors.js'
import { phase } from '../run-record.js'
import { inferenceUrl } from '../steps/smoke.js'
import { waitForRunning } from '../steps/deploy.js'
import { locateDeployment } from './locate.js'
import { deploymentInUrl } from '../steps/deployment-url.js'
import { NOT_DEPLOYED, statusOutput } from '../report/status-output.js'

/** What the caller needs: `report` takes the deployment as it is (get-url), `running` waits for Running (infer). */
export type Need = 'report' | 'running'

/** The failure for a pipeline without a live deployment; `why` says how we know. */
function notDeployed(ctx: RunContext, pipeline: string, why: string): ActionFailure {
  ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED }
  return new ActionFailure(`pipeline '${pipeline}' is not deployed (${why}); deploy it first (operation 'deploy')`)
}

/**
 * Makes sure the pipeline is deployed and returns its inference URL; records workspace, pipeline and
 * deployment ids, status and URL as it learns them, so the outputs hold them even after a failure.
 */
export async function reachDeployment(ctx: RunContext, workspaceId: number, need: Need): Promise<string> {
  const { record } = ctx
  const located = await phase(ctx, 'locate', 'finding the deployment', async () => {
    const found = await locateDeployment(ctx, workspaceId, 'unknown')
    if (found.listed || found.deploymentId !== undefined) {
      if (found.deploymentId === undefined) throw notDeployed(ctx, found.pipeline, 'it has never been deployed')
      if (found.deployed === false) throw notDeployed(ctx, found.pipeline, `deployment ${found.name} was undeployed`)
    }
    if (found.via === 'no-url') throw noUrlFailure(ctx, workspaceId, found.pipeline, found.noUrl ?? 'no inference URL')
    return found
  })
  const { pipeline } = located
  const getUrl = (): Promise<string> => phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => urlOf(ctx, workspaceId, pipeline))
  // Read while finding the deployment; handed out only once the status says it is deployed.
  let url: string | undefined = located.url
  let name = located.name
  if (name === undefined) {
    // No list_pipelines (servers before 2025) and a URL that does not name the deployment: its status cannot be checked.
    url ??= await getUrl()
    const inUrl = deploymentInUrl(url, pipeline)
    if (!inUrl) {
      ctx.log.debug(`the inference URL ${url} does not name the deployment, so its status is not checked`)
      return url
    }
    name = inUrl.name
    record.deployment = { ...record.deployment, id: inUrl.id, name }
  }
  await checkStatus(ctx, pipeline, name, need, located.deployed)
  if (url === undefined) return getUrl()
  record.inferenceUrl = url
  return url
}

/** A pipeline without an inference URL: not deployed, or absent (the only sign without list_pipelines). */
function noUrlFailure(ctx: RunContext, workspaceId: number, pipeline: string, detail: string): ActionFailure {
  ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED }
  return new ActionFailure(
    `pipeline '${pipeline}' is not deployed, or does not exist in workspace ${workspaceId}: the server has no inference URL for it (${detail}); check '${Inputs.Pipeline}', or deploy it first (operation 'deploy')`
  )
}

/** The inference URL; a 404 for it means the pipeline is missing or not deployed (the only sign without list_pipelines). */
async function urlOf(ctx: RunContext, workspaceId: number, pipeline: string): Promise<string> {
  try {
    return await inferenceUrl(ctx, workspaceId, pipeline)
  } catch (e) {
    if (!(e instanceof WallarooApiError && e.code === 'NOT_FOUND')) throw e
    throw noUrlFailure(ctx, workspaceId, pipeline, e.detail.replace(/[.\s]+$/, ''))
  }
}

/**
 * Reads the deployment's status once: 404 means not deployed; for infer (`running`), Error fails with the
 * diagnosis and anything else is waited on until Running; for get-url it is reported.
 */
async function checkStatus(ctx: RunContext, pipeline: string, name: string, need: Need, listedDeployed: boolean | undefined): Promise<void> {
  const { api, record, log, settings } = ctx
  const status = await phase(ctx, 'status', `reading the status of ${name}`, async () => {
    const s = await api.getDeployment(name)
    record.deployment = { ...record.deployment, status: statusOutput(s ?? null) }
    // list_pipelines may say deployed while the status endpoint does not know it yet (§8.3): only infer waits for that.
    if (s === null && !(need === 'running' && listedDeployed === true)) {
      throw notDeployed(ctx, pipeline, `status/get_deployment answers 404 for ${name}`)
    }
    if (s?.status === 'Error' && need === 'running') {
      const lines = describeDeployment(s).map((l) => `  ${l}`)
      throw new ActionFailure(
        `deployment ${name} is in Error, so it cannot answer an inference; fix the cause and deploy again (operation 'deploy'):\n${lines.join('\n')}`
      )
    }
    return s
  })
  if (status?.status === 'Running') return
  if (need === 'running') {
    log.info(
      `Deployment ${name} is ${status?.status ?? 'not found yet (404)'}; waiting up to ${formatDuration(settings.timeoutMs)} ('${Inputs.Timeout}') for Running.`
    )
    // The deploy wait itself: same deadline, Error warnings and timeout diagnosis.
    await phase(ctx, 'wait', `waiting for deployment ${name}`, () => waitForRunning(ctx, name))
  } else if (status?.status === 'Error') {
    log.warning(`Deployment ${name} is in Error: its URL will not answer until it recovers or is deployed again.\n${describeDeployment(status).join('\n')}`)
  } else {
    log.info(`Deployment ${name} is ${status?.status}; its URL answers once it is Running.`)
  }
}
