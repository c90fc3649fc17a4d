/** `undeploy`: pipelines/undeploy (§8.4), then wait until status/get_deployment answers 404. */
import type { RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { undeployAndWait } from '../steps/undeploy.js'
import { resolveWorkspace, WorkspaceNotFound } from '../steps/workspace.js'
import { Inputs } from '../constants.js'
import { lookupDeployment } from './locate.js'
import { NOT_DEPLOYED } from '../report/status-output.js'

/**
 * The `undeploy` operation. Idempotent, since teardown steps run with `if: always()`: a pipeline that does
 * not exist or is not deployed is left as it is (success, status NotDeployed); only a real failure fails.
 */
export async function runUndeploy(ctx: RunContext): Promise<void> {
  const { record, log, settings } = ctx
  const nothingToDo = (why: string, typoRisk = false): void => {
    // A missing workspace or pipeline may be a typo in a teardown step: say so louder than "not deployed".
    if (typoRisk) log.warning(`nothing to undeploy: ${why}. Check '${Inputs.Workspace}' and '${Inputs.Pipeline}' if you expected a deployment.`)
    else log.info(`nothing to undeploy: ${why}.`)
    record.deployment = { ...record.deployment, status: NOT_DEPLOYED }
  }
  const workspace = await phase(ctx, 'workspace', 'resolving the workspace', async () => {
    try {
      return { id: await resolveWorkspace(ctx), missing: undefined }
    } catch (e) {
      if (e instanceof WorkspaceNotFound)
        return { id: undefined, missing: `workspace ${describeWanted(settings.workspace)} does not exist or this user is not a member` }
      throw e
    }
  })
  if (workspace.id === undefined) return nothingToDo(workspace.missing ?? 'no such workspace', true)
  const workspaceId = workspace.id
  const found = await phase(ctx, 'locate', 'finding the deployment', () => lookupDeployment(ctx, workspaceId))
  if (found.kind === 'no-pipeline') {
    const ws = record.workspace?.name ? `"${record.workspace.name}" (id ${workspaceId})` : String(workspaceId)
    return nothingToDo(`workspace ${ws} has no pipeline "${found.pipeline}"`, true)
  }
  const { deploymentId, name } = found
  if (found.via === 'no-url') {
    return nothingToDo(
      `pipeline "${found.pipeline}" has no inference URL (${found.noUrl}), so it was never deployed or does not exist (this server has no pipelines/list_pipelines to tell which)`,
      true
    )
  }
  if (deploymentId === undefined || name === undefined) return nothingToDo(`pipeline "${found.pipeline}" has never been deployed`)
  if (found.deployed === false) return nothingToDo(`pipeline "${found.pipeline}" is not deployed (deployment ${name} was undeployed before)`)
  // Without list_pipelines nothing said whether it is deployed now: the status does (404 = not deployed).
  if (!found.listed && (await ctx.api.getDeployment(name)) === null)
    return nothingToDo(`pipeline "${found.pipeline}" is not deployed (status/get_deployment answers 404 for ${name})`)
  await phase(ctx, 'undeploy', `undeploying ${name}`, () => undeployAndWait(ctx, { deploymentId, name, pipelineId: found.pipelineId }, 'main'))
}

function describeWanted(w: { name: string } | { id: number } | undefined): string {
  if (!w) return '(none given)'
  return 'name' in w ? `"${w.name}"` : `id ${w.id}`
}
