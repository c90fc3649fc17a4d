/** `get-url`: the external inference URL (§9.1) of a deployed pipeline; a pipeline that is not deployed is an error. */
import type { RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { reachDeployment } from './deployed.js'

/** The `get-url` operation. */
export async function runGetUrl(ctx: RunContext): Promise<void> {
  const { log } = ctx
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  const url = await reachDeployment(ctx, workspaceId, 'report')
  log.info(`Inference URL: ${url}`)
}
