/** Store area: pipelines and their versions (§7): create as upsert, copy, delete, steps. */
import { randomUUID } from 'node:crypto'
import { ApiError } from './http.js'
import { checkName } from './rules.js'
import { isoTime, type DeploymentRecord, type ModelVersionRecord, type PipelineRecord, type PipelineVersionRecord } from './state.js'
import { ModelStore } from './store-models.js'
import type { ModelRef } from '../wallaroo/types.js'

/** What a pipeline version's steps run: the models they name, and why the emulator cannot run them (null when it can). */
export interface ResolvedSteps {
  models: ModelVersionRecord[]
  unsupported: string | null
}

/** Pipeline rules on top of the models. */
export abstract class PipelineStore extends ModelStore {
  /** What each pipeline version's steps run, resolved once (definitions never change). */
  private readonly steps = new WeakMap<PipelineVersionRecord, { ids: number[]; unsupported: string | null }>()

  /** Pipeline by name in a workspace, or undefined. */
  pipelineByName(name: string, workspaceId: number): PipelineRecord | undefined {
    return this.data.pipelines.find((p) => p.name === name && p.workspace_id === workspaceId)
  }

  /** Pipeline by id. */
  pipeline(id: number, field = 'pipeline_id'): PipelineRecord {
    const p = this.data.pipelines.find((x) => x.id === id)
    if (!p) throw new ApiError(400, `pipeline ${id} not found (${field})`)
    return p
  }

  /** Pipelines of one workspace (by id or name, 404 when unknown), or of all when neither is given. */
  listPipelines(filter: { workspaceId?: number; workspaceName?: string }): PipelineRecord[] {
    const ids = new Set<number>()
    if (filter.workspaceId !== undefined) ids.add(this.workspace(filter.workspaceId, 404).id)
    if (filter.workspaceName !== undefined) ids.add(this.workspaceByName(filter.workspaceName).id)
    // Both given but naming different workspaces: nothing matches both.
    if (ids.size > 1) return []
    return ids.size === 0 ? this.data.pipelines : this.data.pipelines.filter((p) => ids.has(p.workspace_id))
  }

  /** Versions of a pipeline, oldest first. */
  pipelineVersions(pipelineId: number): PipelineVersionRecord[] {
    return this.data.pipeline_versions.filter((v) => v.pipeline_id === pipelineId)
  }

  /** A pipeline version by its UUID (deploy without pipeline_version_pk_id); 400 when absent or unknown. */
  pipelineVersionByUuid(uuid: string | undefined): PipelineVersionRecord {
    if (uuid === undefined) throw new ApiError(400, "missing field 'pipeline_version_pk_id': give the pipeline version's id (or its UUID as 'pipeline_version')")
    const version = this.data.pipeline_versions.find((v) => v.version === uuid)
    if (!version) throw new ApiError(400, `pipeline version '${uuid}' not found (pipeline_version)`)
    return version
  }

  /** A pipeline version by id (`pipeline_version_pk_id`; 400 when unknown). */
  pipelineVersion(id: number): PipelineVersionRecord {
    const version = this.data.pipeline_versions.find((v) => v.id === id)
    if (!version) throw new ApiError(400, `pipeline version ${id} not found (pipeline_version_pk_id); use pipeline_variant_pk_id from pipelines/create`)
    return version
  }

  /** The model versions a pipeline version's steps name (every model of every ModelInference step, in step order), resolved once per version. */
  protected stepsOf(version: PipelineVersionRecord): ResolvedSteps {
    let cached = this.steps.get(version)
    if (!cached) {
      const resolved = this.resolveSteps(version.definition)
      cached = { ids: resolved.models.map((mv) => mv.id), unsupported: resolved.unsupported }
      this.steps.set(version, cached)
    }
    return { models: cached.ids.map((id) => this.modelVersion(id)), unsupported: cached.unsupported }
  }

  /**
   * Checks a definition's ModelInference steps (every model must exist) and says what the emulator cannot run:
   * a step with several models or a step of another kind. Such definitions are accepted, as real servers accept
   * them; only inference through them answers 501.
   */
  resolveSteps(definition: Record<string, unknown>, where = 'definition'): ResolvedSteps {
    const steps = definition.steps
    if (steps === undefined || steps === null) return { models: [], unsupported: null }
    if (!Array.isArray(steps)) throw new ApiError(400, `invalid field '${where}.steps': expected an array`)
    const models: ModelVersionRecord[] = []
    let unsupported: string | null = null
    steps.forEach((step: unknown, i: number) => {
      const at = `${where}.steps[${i}]`
      if (step === null || typeof step !== 'object' || Array.isArray(step)) throw new ApiError(400, `invalid field '${at}': expected an object like {"ModelInference":{"models":[…]}}`)
      const mi = (step as Record<string, unknown>).ModelInference
      if (mi === undefined) {
        const kinds = Object.keys(step).join(', ') || 'an empty'
        unsupported ??= `pipeline step ${i + 1} is a ${kinds} step; the emulator runs ModelInference steps only`
        return
      }
      const refs = (mi as Record<string, unknown> | null)?.models
      if (!Array.isArray(refs) || refs.length === 0) throw new ApiError(400, `invalid field '${at}.ModelInference.models': expected a non-empty array of {name, version, sha}`)
      const named = refs.map((ref: unknown, j: number) => {
        const r = ref as Record<string, unknown> | null
        const refAt = `${at}.ModelInference.models[${j}]`
        for (const key of ['name', 'version', 'sha']) {
          if (typeof r?.[key] !== 'string') throw new ApiError(400, `invalid field '${refAt}.${key}': expected a string`)
        }
        return this.versionByRef(r as unknown as ModelRef, refAt)
      })
      if (named.length > 1) {
        unsupported ??= `pipeline step ${i + 1} is a ModelInference step with ${named.length} models (${named.map((mv) => `"${mv.name}"`).join(', ')}); the emulator runs one model per step`
      }
      models.push(...named)
    })
    return { models, unsupported }
  }

  /** pipelines/create: new pipeline, or a new version of an existing one (§7.1 upsert). */
  createPipeline(name: string, workspaceId: number, definition: Record<string, unknown>): { pipeline: PipelineRecord; version: PipelineVersionRecord } {
    checkName('pipeline', name)
    this.workspace(workspaceId)
    const steps = this.resolveSteps(definition)
    const now = this.now()
    let pipeline = this.pipelineByName(name, workspaceId)
    if (!pipeline) {
      pipeline = { id: this.data.counters.pipeline++, name, workspace_id: workspaceId, created_at: isoTime(now), updated_at: isoTime(now), created_by: this.userId }
      this.data.pipelines.push(pipeline)
    }
    pipeline.updated_at = isoTime(now)
    const version: PipelineVersionRecord = { id: this.data.counters.pipeline++, pipeline_id: pipeline.id, version: randomUUID(), definition, created_at: isoTime(now) }
    this.data.pipeline_versions.push(version)
    this.steps.set(version, { ids: steps.models.map((mv) => mv.id), unsupported: steps.unsupported })
    this.persist()
    return { pipeline, version }
  }

  /** pipelines/copy: a new pipeline whose first version copies the source's (latest or named) version. */
  copyPipeline(req: { name: string; workspace_id: number; source_pipeline: number; pipeline_version?: string }): { pipeline: PipelineRecord; version: PipelineVersionRecord } {
    const source = this.pipeline(req.source_pipeline, 'source_pipeline')
    const versions = this.pipelineVersions(source.id)
    const from = req.pipeline_version ? versions.find((v) => v.version === req.pipeline_version) : versions[versions.length - 1]
    if (!from) throw new ApiError(400, `pipeline_version '${req.pipeline_version}' is not a version of pipeline ${source.id} ('${source.name}')`)
    if (this.pipelineByName(req.name, req.workspace_id)) throw new ApiError(409, `pipeline '${req.name}' already exists in workspace ${req.workspace_id}; pick another name`)
    return this.createPipeline(req.name, req.workspace_id, structuredClone(from.definition))
  }

  /** A pipeline's deployment record, if it was ever deployed. */
  deploymentOf(pipelineId: number): DeploymentRecord | undefined {
    return this.data.deployments.find((d) => d.pipeline_id === pipelineId)
  }

  /** pipelines/delete_pipeline: 409 while deployed (§7.4). */
  deletePipeline(name: string, workspaceId: number): void {
    this.workspace(workspaceId)
    const p = this.pipelineByName(name, workspaceId)
    if (!p) throw new ApiError(404, `pipeline '${name}' not found in workspace ${workspaceId}`)
    const d = this.deploymentOf(p.id)
    if (d?.deployed) throw new ApiError(409, `pipeline '${name}' is deployed (deployment '${d.deploy_id}-${d.id}'); undeploy it before deleting`)
    this.data.pipelines = this.data.pipelines.filter((x) => x.id !== p.id)
    this.data.pipeline_versions = this.data.pipeline_versions.filter((v) => v.pipeline_id !== p.id)
    this.data.deployments = this.data.deployments.filter((x) => x.pipeline_id !== p.id)
    this.persist()
  }
}
