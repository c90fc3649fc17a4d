/** Store area: pipelines and their versions (§7): create as upsert, copy, delete, steps. */
import { randomUUID } from 'node:crypto'
import { ApiError } from './http.js'
import { checkName } from './rules.js'
import { isoTime, type DeploymentRecord, type ModelVersionRecord, type PipelineRecord, type PipelineVersionRecord } from './state.js'
import { ModelStore } from './store-models.js'
import type { ModelRef } from '../wallaroo/types.js'

/**
 * One step of a pipeline version as the engine runs it: one model, an A/B split (`RandomSplit`) whose chosen model
 * runs, or a shadow deploy (a `ModelInference` step with a champion and challengers, then `AuditResults` and
 * `MultiOut`, as the SDK's `add_shadow_deploy` writes it) where every model runs and the champion answers.
 */
export type StepPlan<M = ModelVersionRecord> =
  | { kind: 'model'; model: M }
  | { kind: 'split'; hashKey: string | null; arms: Array<{ model: M; weight: number }> }
  | { kind: 'shadow'; champion: M; challengers: M[] }

/** What a pipeline version's steps run: every model they name, the plan, and why the emulator cannot run them (null when it can). */
export interface ResolvedSteps {
  models: ModelVersionRecord[]
  plan: StepPlan[]
  unsupported: string | null
}

/** The models of a plan step, in the order the definition names them. */
export function modelsOfStep<M>(step: StepPlan<M>): M[] {
  if (step.kind === 'model') return [step.model]
  if (step.kind === 'split') return step.arms.map((a) => a.model)
  return [step.champion, ...step.challengers]
}

/** The same plan with each model mapped. */
function mapPlan<A, B>(plan: StepPlan<A>[], f: (m: A) => B): StepPlan<B>[] {
  return plan.map((step): StepPlan<B> => {
    if (step.kind === 'model') return { kind: 'model', model: f(step.model) }
    if (step.kind === 'split') return { kind: 'split', hashKey: step.hashKey, arms: step.arms.map((a) => ({ model: f(a.model), weight: a.weight })) }
    return { kind: 'shadow', champion: f(step.champion), challengers: step.challengers.map(f) }
  })
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Pipeline rules on top of the models. */
export abstract class PipelineStore extends ModelStore {
  /** What each pipeline version's steps run, resolved once (definitions never change). */
  private readonly steps = new WeakMap<PipelineVersionRecord, { ids: number[]; plan: StepPlan<number>[]; unsupported: string | null }>()

  /** Pipeline by name in a workspace, or undefined. */
  pipelineByName(name: string, workspaceId: number): PipelineRecord | undefined {
    return this.data.pipelines.find((p) => p.name === name && p.workspace_id === workspaceId)
  }

  /** Pipeline by id (400 when unknown, 403 when its workspace is not the caller's). */
  pipeline(id: number, field = 'pipeline_id'): PipelineRecord {
    const p = this.data.pipelines.find((x) => x.id === id)
    if (!p) throw new ApiError(400, `pipeline ${id} not found (${field})`)
    this.workspace(p.workspace_id)
    return p
  }

  /** Pipelines of one workspace (by id or name, 404 when unknown), or of all the caller may see when neither is given. */
  listPipelines(filter: { workspaceId?: number; workspaceName?: string }): PipelineRecord[] {
    const ids = new Set<number>()
    if (filter.workspaceId !== undefined) ids.add(this.workspace(filter.workspaceId, 404).id)
    if (filter.workspaceName !== undefined) ids.add(this.workspaceByName(filter.workspaceName).id)
    // Both given but naming different workspaces: nothing matches both.
    if (ids.size > 1) return []
    return ids.size === 0 ? this.data.pipelines.filter((p) => this.canSee(p.workspace_id)) : this.data.pipelines.filter((p) => ids.has(p.workspace_id))
  }

  /** Versions of a pipeline, oldest first. */
  pipelineVersions(pipelineId: number): PipelineVersionRecord[] {
    return this.data.pipeline_versions.filter((v) => v.pipeline_id === pipelineId)
  }

  /** A pipeline version by its UUID (deploy without pipeline_version_pk_id); 400 when absent or unknown. */
  pipelineVersionByUuid(uuid: string | undefined): PipelineVersionRecord {
    if (uuid === undefined)
      throw new ApiError(400, "missing field 'pipeline_version_pk_id': give the pipeline version's id (or its UUID as 'pipeline_version')")
    const version = this.data.pipeline_versions.find((v) => v.version === uuid)
    if (!version) throw new ApiError(400, `pipeline version '${uuid}' not found (pipeline_version)`)
    this.pipeline(version.pipeline_id)
    return version
  }

  /** A pipeline version by id (`pipeline_version_pk_id`; 400 when unknown, 403 when its workspace is not the caller's). */
  pipelineVersion(id: number): PipelineVersionRecord {
    const version = this.data.pipeline_versions.find((v) => v.id === id)
    if (!version) throw new ApiError(400, `pipeline version ${id} not found (pipeline_version_pk_id); use pipeline_variant_pk_id from pipelines/create`)
    this.pipeline(version.pipeline_id)
    return version
  }

  /** What a pipeline version's steps run (models in step order), resolved once per version. */
  protected stepsOf(version: PipelineVersionRecord): ResolvedSteps {
    let cached = this.steps.get(version)
    if (!cached) {
      const resolved = this.unrestricted(() => this.resolveSteps(version.definition))
      cached = { ids: resolved.models.map((mv) => mv.id), plan: mapPlan(resolved.plan, (mv) => mv.id), unsupported: resolved.unsupported }
      this.steps.set(version, cached)
    }
    const { ids, plan, unsupported } = cached
    // The models may live in another workspace than the caller's pipeline: running them is the engine's business.
    return this.unrestricted(() => ({ models: ids.map((id) => this.modelVersion(id)), plan: mapPlan(plan, (id) => this.modelVersion(id)), unsupported }))
  }

  /** A `{name, version, sha}` reference at `at`: each a string, naming an existing model version. */
  private modelRef(ref: unknown, at: string): ModelVersionRecord {
    const r = isObject(ref) ? ref : null
    for (const key of ['name', 'version', 'sha']) {
      if (typeof r?.[key] !== 'string') throw new ApiError(400, `invalid field '${at}.${key}': expected a string`)
    }
    return this.versionByRef(r as unknown as ModelRef, at)
  }

  /** A RandomSplit step: `{hash_key?, weights: [{model: {name, version, sha}, weight}]}` with some weight above 0. */
  private splitStep(split: unknown, at: string): StepPlan {
    if (!isObject(split))
      throw new ApiError(400, `invalid field '${at}': expected {"hash_key": null, "weights": [{"model": {name, version, sha}, "weight": 1}, …]}`)
    const hashKey = split.hash_key
    if (hashKey !== undefined && hashKey !== null && typeof hashKey !== 'string')
      throw new ApiError(400, `invalid field '${at}.hash_key': expected a column name or null`)
    if (!Array.isArray(split.weights) || split.weights.length === 0)
      throw new ApiError(400, `invalid field '${at}.weights': expected a non-empty array of {model, weight}`)
    const arms = split.weights.map((w: unknown, j: number) => {
      const wAt = `${at}.weights[${j}]`
      if (!isObject(w)) throw new ApiError(400, `invalid field '${wAt}': expected {"model": {name, version, sha}, "weight": <number>}`)
      if (typeof w.weight !== 'number' || !Number.isFinite(w.weight) || w.weight < 0)
        throw new ApiError(400, `invalid field '${wAt}.weight': expected a number >= 0`)
      return { model: this.modelRef(w.model, `${wAt}.model`), weight: w.weight }
    })
    if (!arms.some((a) => a.weight > 0))
      throw new ApiError(400, `invalid field '${at}.weights': every weight is 0, so no model could answer; give at least one a weight above 0`)
    return { kind: 'split', hashKey: typeof hashKey === 'string' && hashKey !== '' ? hashKey : null, arms }
  }

  /**
   * Checks a definition's model references (every model must exist) and builds its plan; says what the emulator
   * cannot run: a step kind other than ModelInference/RandomSplit, or several models in one ModelInference step that
   * are not a shadow deploy. Such definitions are accepted, as real servers accept them; only inference through
   * them answers 501.
   */
  resolveSteps(definition: Record<string, unknown>, where = 'definition'): ResolvedSteps {
    const steps = definition.steps
    if (steps === undefined || steps === null) return { models: [], plan: [], unsupported: null }
    if (!Array.isArray(steps)) throw new ApiError(400, `invalid field '${where}.steps': expected an array`)
    const plan: StepPlan[] = []
    const models: ModelVersionRecord[] = []
    let unsupported: string | null = null
    const kindOf = (step: unknown): string | undefined => (isObject(step) ? Object.keys(step)[0] : undefined)
    for (let i = 0; i < steps.length; i++) {
      const step: unknown = steps[i]
      const at = `${where}.steps[${i}]`
      if (!isObject(step)) throw new ApiError(400, `invalid field '${at}': expected an object like {"ModelInference":{"models":[…]}}`)
      if (step.RandomSplit !== undefined) {
        const split = this.splitStep(step.RandomSplit, `${at}.RandomSplit`)
        plan.push(split)
        models.push(...modelsOfStep(split))
        continue
      }
      const mi = step.ModelInference
      if (mi === undefined) {
        const kinds = Object.keys(step).join(', ') || 'an empty'
        unsupported ??= `pipeline step ${i + 1} is a ${kinds} step; the emulator runs ModelInference and RandomSplit steps, and shadow deploys (ModelInference with several models, then AuditResults and MultiOut as the last steps)`
        continue
      }
      const refs = isObject(mi) ? mi.models : undefined
      if (!Array.isArray(refs) || refs.length === 0)
        throw new ApiError(400, `invalid field '${at}.ModelInference.models': expected a non-empty array of {name, version, sha}`)
      const named = refs.map((ref: unknown, j: number) => this.modelRef(ref, `${at}.ModelInference.models[${j}]`))
      models.push(...named)
      if (named.length === 1) {
        plan.push({ kind: 'model', model: named[0] })
        continue
      }
      // add_shadow_deploy writes [ModelInference{champion, challengers…}, AuditResults{from: 1, to: null}, MultiOut{}] (2024 recording).
      if (kindOf(steps[i + 1]) === 'AuditResults' && kindOf(steps[i + 2]) === 'MultiOut' && i + 3 === steps.length) {
        plan.push({ kind: 'shadow', champion: named[0], challengers: named.slice(1) })
        i += 2
        continue
      }
      unsupported ??= `pipeline step ${i + 1} is a ModelInference step with ${named.length} models (${named.map((mv) => `"${mv.name}"`).join(', ')}) that is not a shadow deploy (AuditResults and MultiOut must follow it as the last steps); the emulator runs one model per step otherwise`
    }
    return { models, plan, unsupported }
  }

  /** pipelines/create: new pipeline, or a new version of an existing one (§7.1 upsert). */
  createPipeline(name: string, workspaceId: number, definition: Record<string, unknown>): { pipeline: PipelineRecord; version: PipelineVersionRecord } {
    checkName('pipeline', name)
    this.workspace(workspaceId)
    const steps = this.resolveSteps(definition)
    const now = this.now()
    let pipeline = this.pipelineByName(name, workspaceId)
    if (!pipeline) {
      pipeline = {
        id: this.data.counters.pipeline++,
        name,
        workspace_id: workspaceId,
        created_at: isoTime(now),
        updated_at: isoTime(now),
        created_by: this.actorId()
      }
      this.data.pipelines.push(pipeline)
    }
    pipeline.updated_at = isoTime(now)
    const version: PipelineVersionRecord = {
      id: this.data.counters.pipeline++,
      pipeline_id: pipeline.id,
      version: randomUUID(),
      definition,
      created_at: isoTime(now)
    }
    this.data.pipeline_versions.push(version)
    this.steps.set(version, { ids: steps.models.map((mv) => mv.id), plan: mapPlan(steps.plan, (mv) => mv.id), unsupported: steps.unsupported })
    this.persist()
    return { pipeline, version }
  }

  /** pipelines/copy: a new pipeline whose first version copies the source's (latest or named) version. */
  copyPipeline(req: { name: string; workspace_id: number; source_pipeline: number; pipeline_version?: string }): {
    pipeline: PipelineRecord
    version: PipelineVersionRecord
  } {
    const source = this.pipeline(req.source_pipeline, 'source_pipeline')
    this.workspace(req.workspace_id)
    const versions = this.pipelineVersions(source.id)
    const from = req.pipeline_version ? versions.find((v) => v.version === req.pipeline_version) : versions[versions.length - 1]
    if (!from) throw new ApiError(400, `pipeline_version '${req.pipeline_version}' is not a version of pipeline ${source.id} ('${source.name}')`)
    if (this.pipelineByName(req.name, req.workspace_id))
      throw new ApiError(409, `pipeline '${req.name}' already exists in workspace ${req.workspace_id}; pick another name`)
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
