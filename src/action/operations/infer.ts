/** `infer`: the smoke inference alone, against an already deployed pipeline. */
import { required, type RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { inferenceUrl, runSmoke } from '../smoke.js'
import { resolveWorkspace } from '../workspace.js'

/** The `infer` operation. */
export async function runInfer(ctx: RunContext): Promise<void> {
  const { record, clock, settings } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const input = required(settings.smokeInput, 'smoke-input')
  const workspaceId = await phase(record, clock.now, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, false))
  record.pipeline = { name: pipeline, created: false, versionReused: false }
  const url = await phase(record, clock.now, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline))
  await phase(record, clock.now, 'smoke', `running an inference on "${pipeline}"`, () => runSmoke(ctx, url, input))
}
