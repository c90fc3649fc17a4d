/** `copy-pipeline`: pipelines/copy (§7.3) of `source-pipeline` into `new-pipeline` in the same workspace. */
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'
import { findPipeline } from '../pipeline.js'
import { phase } from '../run-record.js'
import { resolveWorkspace } from '../workspace.js'

/** The `copy-pipeline` operation. */
export async function runCopyPipeline(ctx: RunContext): Promise<void> {
  const { api, record, clock, log, settings } = ctx
  const source = required(settings.sourcePipeline, 'source-pipeline')
  const target = required(settings.newPipeline, 'new-pipeline')
  const workspaceId = await phase(record, clock.now, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, true))
  const sourceId = await phase(record, clock.now, 'locate', `finding pipeline "${source}"`, async () => {
    const lookup = await findPipeline(api, workspaceId, source)
    if (lookup.kind === 'unsupported') {
      throw new ActionFailure(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' cannot be resolved to an id`)
    }
    if (lookup.kind === 'absent') throw new ActionFailure(`no pipeline "${source}" in workspace ${workspaceId}; check '${Inputs.SourcePipeline}'`)
    return lookup.item.pipeline.id
  })
  await phase(record, clock.now, 'copy', `copying pipeline "${source}" to "${target}"`, async () => {
    const copy = await api.copyPipeline({ name: target, workspace_id: workspaceId, source_pipeline: sourceId })
    record.pipeline = {
      name: target,
      id: copy.pipeline_pk_id,
      versionId: copy.pipeline_variant_pk_id,
      ...(copy.pipeline_version ? { version: copy.pipeline_version } : {}),
      created: true,
      versionReused: false
    }
    record.created.push({ kind: 'pipeline', id: copy.pipeline_pk_id, name: target })
    log.info(`Pipeline "${source}" copied to "${target}" (id ${copy.pipeline_pk_id}, version ${copy.pipeline_variant_pk_id}).`)
  })
}
