/**
 * `copy-pipeline`: pipelines/copy (§7.3) of `source-pipeline` into `new-pipeline` in the same workspace. A re-run
 * finds the copy already there (same definition) and leaves it; a different pipeline of that name is refused.
 */
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'
import { listPipelinesIn, pickPipeline, sameCurrentDefinition, versionPk } from '../steps/pipeline.js'
import { phase } from '../run-record.js'
import { resolveWorkspace } from '../steps/workspace.js'

/** The `copy-pipeline` operation. */
export async function runCopyPipeline(ctx: RunContext): Promise<void> {
  const { api, record, log, settings } = ctx
  const source = required(settings.sourcePipeline, 'source-pipeline')
  const target = required(settings.newPipeline, 'new-pipeline')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  // One list answers both questions: where the source is, and whether the copy already exists.
  const { sourceId, existing } = await phase(ctx, 'locate', `finding pipeline "${source}"`, async () => {
    const items = await listPipelinesIn(api, workspaceId)
    if (items === undefined) {
      throw new ActionFailure(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' cannot be resolved to an id`)
    }
    const from = pickPipeline(items, workspaceId, source)
    if (!from) throw new ActionFailure(`no pipeline "${source}" in workspace ${workspaceId}; check '${Inputs.SourcePipeline}'`)
    const to = pickPipeline(items, workspaceId, target)
    if (to && !sameCurrentDefinition(from, to)) {
      throw new ActionFailure(`pipeline "${target}" already exists in workspace ${workspaceId} (id ${to.pipeline.id}) with another definition than "${source}"; choose another '${Inputs.NewPipeline}'`)
    }
    return { sourceId: from.pipeline.id, existing: to }
  })
  if (existing) {
    log.info(`Pipeline "${target}" already exists with the definition of "${source}" (id ${existing.pipeline.id}); not copied again.`)
    const versionId = versionPk(existing)
    const version = existing.pipeline_version?.version
    record.pipeline = { name: target, id: existing.pipeline.id, ...(versionId !== undefined ? { versionId } : {}), ...(version ? { version } : {}), created: false, versionReused: true }
    return
  }
  await phase(ctx, 'copy', `copying pipeline "${source}" to "${target}"`, async () => {
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
