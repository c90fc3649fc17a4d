/** `upload-model`: upload the listed model files (reusing versions with the same sha) and wait until each is ready. */
import type { RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { resolveModels } from '../steps/upload.js'
import { resolveWorkspace } from '../steps/workspace.js'

/** The `upload-model` operation. */
export async function runUploadModel(ctx: RunContext): Promise<void> {
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  await phase(ctx, 'models', 'uploading the models', () => resolveModels(ctx, workspaceId))
}
