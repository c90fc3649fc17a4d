/**
 * Pipelines (§7): find one by name in the workspace, and get a version with the wanted definition,
 * reusing the current version when it already has it (pipelines/create always adds a version, §11.4).
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { EngineConfig, PipelineDefinition, PipelineListItem } from '../../wallaroo/types.js'
import { isRecord } from '../inputs/structured-text.js'
import type { WallarooApi } from '../api.js'
import type { RunContext } from '../context.js'
import { sameDefinition } from '../inputs/definition.js'
import { createOrFind } from './ambiguous-create.js'

/** The pipeline as pipelines/list_pipelines shows it; `unsupported` when the server has no such endpoint (older than 2025). */
export type PipelineLookup = { kind: 'found'; item: PipelineListItem } | { kind: 'absent' } | { kind: 'unsupported' }

/** The workspace's pipelines, or undefined when the server has no list_pipelines (older than 2025). */
export async function listPipelinesIn(api: WallarooApi, workspaceId: number): Promise<PipelineListItem[] | undefined> {
  try {
    return (await api.listPipelines(workspaceId)).pipelines ?? []
  } catch (e) {
    if (e instanceof WallarooApiError && e.code === 'NOT_FOUND') return undefined
    throw e
  }
}

/** The pipeline named `name` among `items` of the workspace. */
export function pickPipeline(items: PipelineListItem[], workspaceId: number, name: string): PipelineListItem | undefined {
  return items.find((i) => i.pipeline?.pipeline_id === name && (i.pipeline.workspace_id === undefined || i.pipeline.workspace_id === workspaceId))
}

/** Looks a pipeline up by name in the workspace. */
export async function findPipeline(api: WallarooApi, workspaceId: number, name: string): Promise<PipelineLookup> {
  const items = await listPipelinesIn(api, workspaceId)
  if (items === undefined) return { kind: 'unsupported' }
  const item = pickPipeline(items, workspaceId, name)
  return item ? { kind: 'found', item } : { kind: 'absent' }
}

/** A numeric pipeline-version id from list_pipelines (the field is typed string in the generated client). */
export function versionPk(item: PipelineListItem | undefined): number | undefined {
  const id = item?.pipeline_version?.id
  if (typeof id === 'number') return id
  if (typeof id === 'string' && /^\d+$/.test(id)) return Number(id)
  return undefined
}

/** The current version's definition as far as list_pipelines shows it. */
export function currentDefinition(item: PipelineListItem): PipelineDefinition | undefined {
  const pv = item.pipeline_version
  if (!pv) return undefined
  if (pv.definition) return pv.definition
  if (Array.isArray(pv.steps)) return { steps: pv.steps }
  return undefined
}

/** True when both pipelines' current versions have the same definition (as far as list_pipelines shows it). */
export function sameCurrentDefinition(a: PipelineListItem, b: PipelineListItem): boolean {
  const da = currentDefinition(a)
  const db = currentDefinition(b)
  return da !== undefined && db !== undefined && sameDefinition(da, db)
}

/** The pipeline's current version before this run, as list_pipelines showed it. */
export interface CurrentVersion {
  versionId?: number
  version?: string
  definition?: PipelineDefinition
}

/** The pipeline version to deploy, and what the pipeline looked like before. */
interface PipelineVersion {
  pipelineId: number
  versionId: number
  version?: string
  /** Whether the pipeline was deployed before this run; undefined when the server has no list_pipelines. */
  wasDeployed?: boolean
  /** Its deployment id before this run, when it had one. */
  deploymentId?: number
  /** The engine_config of that deployment, when shown. */
  deployedEngineConfig?: EngineConfig
  /** The current version before this run (undefined for a new pipeline or without list_pipelines). */
  current?: CurrentVersion
}

/** Reuses the pipeline's current version when its definition equals `definition`, else creates a new version. */
export async function ensurePipelineVersion(ctx: RunContext, workspaceId: number, name: string, definition: PipelineDefinition): Promise<PipelineVersion> {
  const { api, log, record } = ctx
  const lookup = await findPipeline(api, workspaceId, name)
  if (lookup.kind === 'unsupported') {
    log.info(
      `Pipeline "${name}": this server has no pipelines/list_pipelines (older than 2025), so the current version's definition cannot be read and compared; a new version is created (re-runs reuse the version only on servers that list pipelines).`
    )
  }
  const before = lookup.kind === 'found' ? lookup.item : undefined
  const wasDeployed = lookup.kind === 'unsupported' ? undefined : before?.deployment?.deployed === true
  const previousVersionId = versionPk(before)
  const current = before && currentDefinition(before)
  const deploymentId = before?.deployment?.id
  const deployedEngineConfig = isRecord(before?.deployment?.engine_config) ? (before.deployment.engine_config as EngineConfig) : undefined
  const known = {
    wasDeployed,
    ...(deploymentId !== undefined ? { deploymentId } : {}),
    ...(deployedEngineConfig ? { deployedEngineConfig } : {}),
    ...(before ? { current: { versionId: previousVersionId, version: before.pipeline_version?.version ?? undefined, definition: current } } : {})
  }
  if (before && previousVersionId !== undefined && current && sameDefinition(current, definition)) {
    log.info(`Pipeline "${name}": the current version ${previousVersionId} already has this definition; reusing it.`)
    const version = before.pipeline_version?.version ?? undefined
    record.pipeline = { name, id: before.pipeline.id, versionId: previousVersionId, version, created: false, versionReused: true, previousVersionId }
    return { pipelineId: before.pipeline.id, versionId: previousVersionId, ...(version ? { version } : {}), ...known }
  }
  // pipelines/create adds a version every time, so a lost answer is looked for, never re-sent: a current version
  // with this definition that was not the current one before is the one this call made.
  const created = await createOrFind(
    `a version of pipeline "${name}"`,
    log,
    () => api.createPipeline(name, workspaceId, definition),
    async () => {
      const after = await findPipeline(api, workspaceId, name)
      if (after.kind !== 'found') return undefined
      const versionId = versionPk(after.item)
      const def = currentDefinition(after.item)
      if (versionId === undefined || versionId === previousVersionId || !def || !sameDefinition(def, definition)) return undefined
      return { pipeline_pk_id: after.item.pipeline.id, pipeline_variant_pk_id: versionId, pipeline_variant_version: after.item.pipeline_version?.version ?? '' }
    }
  )
  const isNew = lookup.kind === 'absent'
  log.info(`Pipeline "${name}": ${isNew ? 'created with' : 'new'} version ${created.pipeline_variant_pk_id} (${created.pipeline_variant_version}).`)
  record.pipeline = {
    name,
    id: created.pipeline_pk_id,
    versionId: created.pipeline_variant_pk_id,
    version: created.pipeline_variant_version,
    created: isNew,
    versionReused: false,
    ...(previousVersionId !== undefined ? { previousVersionId } : {})
  }
  if (isNew) record.created.push({ kind: 'pipeline', id: created.pipeline_pk_id, name })
  record.created.push({ kind: 'pipeline-version', id: created.pipeline_variant_pk_id, name })
  ctx.checkpoint()
  return { pipelineId: created.pipeline_pk_id, versionId: created.pipeline_variant_pk_id, version: created.pipeline_variant_version, ...known }
}
