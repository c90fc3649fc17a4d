/** `get-url`: the pipeline's external inference URL (§9.1). */
import { required, type RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { inferenceUrl } from '../smoke.js'
import { resolveWorkspace } from '../workspace.js'

/** The `get-url` operation. */
export async function runGetUrl(ctx: RunContext): Promise<void> {
  const { record, clock, settings, log } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const workspaceId = await phase(record, clock.now, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, false))
  record.pipeline = { name: pipeline, created: false, versionReused: false }
  const url = await phase(record, clock.now, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline))
  log.info(`Inference URL: ${url}`)
}
