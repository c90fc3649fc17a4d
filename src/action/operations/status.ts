/** `status`: the deployment's current status, once, without waiting. */
import type { RunContext } from '../context.js'
import { describeDeployment } from '../steps/diagnose.js'
import { phase } from '../run-record.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { locateDeployment } from './locate.js'
import { statusOutput } from '../report/status-output.js'

/** The `status` operation. */
export async function runStatus(ctx: RunContext): Promise<void> {
  const { api, record, log } = ctx
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  const located = await phase(ctx, 'locate', 'finding the deployment', () => locateDeployment(ctx, workspaceId))
  if (located.via === 'no-url')
    log.info(
      `Pipeline "${located.pipeline}" has no inference URL (${located.noUrl}): it was never deployed, or does not exist (this server has no pipelines/list_pipelines to tell).`
    )
  await phase(ctx, 'status', `reading the status of "${located.pipeline}"`, async () => {
    const status = located.name ? await api.getDeployment(located.name) : null
    record.deployment = { ...record.deployment, status: statusOutput(status) }
    for (const line of describeDeployment(status)) log.info(line)
  })
}
