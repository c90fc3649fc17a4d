/**
 * The emulator's state and rules (moto's `models.py`): every operation validates what it
 * references and throws `ApiError` with the status the real API answers; routes only parse
 * and serialize. Model files stay in memory (and in `--data-dir`), and their ONNX sessions
 * are loaded once per sha256 — a real load, so a broken file really fails conversion.
 */
import { createHash, randomUUID } from 'node:crypto'
import { ApiError } from './http.js'
import { loadOnnxModel, type LoadedModel } from './onnx.js'
import type { Profile } from './inference.js'
import { Persistence } from './persistence.js'
import { newPods, phaseOf, statusBody, type LifecycleInput, type LifecycleModel, type Phase } from './lifecycle.js'
import {
  emptyState,
  isoTime,
  NATIVE_FRAMEWORKS,
  runtimeOf,
  type DeploymentRecord,
  type ModelRecord,
  type ModelStatus,
  type ModelVersionRecord,
  type PipelineRecord,
  type PipelineVersionRecord,
  type StateData,
  type WorkspaceMember,
  type WorkspaceRecord
} from './state.js'
import type { Conversion, ModelRef } from '../wallaroo/types.js'

/** Options of the store (times in milliseconds). */
export interface StoreOptions {
  username: string
  profile: Profile
  startMs: number
  convertMs: number
  now: () => number
  persistence?: Persistence
}

/** Outcome of loading a model file with onnxruntime. */
export type LoadState = { state: 'loading' } | { state: 'ok'; model: LoadedModel } | { state: 'error'; message: string }

/** SDK name rule (§4): letters, digits and '-', starting with a letter, not ending with '-', under 64 chars. */
const DNS_NAME = /^[a-zA-Z][a-zA-Z0-9-]*$/

/** Check a name against the DNS rule; `lowercase` for workspaces. */
export function checkName(kind: string, name: string, lowercase = false): void {
  const ok = DNS_NAME.test(name) && name.length < 64 && !name.endsWith('-') && (!lowercase || name === name.toLowerCase())
  if (!ok) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '')
    throw new ApiError(
      400,
      `invalid ${kind} name '${name}': must be DNS-compatible (ASCII ${lowercase ? 'lowercase ' : ''}letters, digits and '-', starting with a letter, not ending with '-', under 64 characters)` +
        (suggestion ? `; try '${suggestion}'` : '')
    )
  }
}

/** State plus rules. */
export class Store {
  data: StateData
  private files = new Map<string, Buffer>()
  private loads = new Map<string, LoadState>()

  constructor(private readonly opts: StoreOptions) {
    const saved = opts.persistence?.loadState<StateData>() ?? null
    this.data = saved ?? emptyState()
    if (saved) this.restore()
    this.ensureUser()
    this.persist()
  }

  /** The user's Keycloak UUID (stable in the state, so `sub` does not change across restarts). */
  get userId(): string {
    return this.data.users[this.opts.username]
  }

  get profile(): Profile {
    return this.opts.profile
  }

  private now(): number {
    return this.opts.now()
  }

  private ensureUser(): void {
    if (!this.data.users[this.opts.username]) this.data.users[this.opts.username] = randomUUID()
    const defaultName = `${this.email()} - Default Workspace`
    if (!this.data.workspaces.some((w) => w.name === defaultName)) {
      const ws = { id: this.data.counters.workspace++, name: defaultName, created_at: isoTime(this.now()), created_by: this.email(), archived: false }
      this.data.workspaces.push(ws)
      this.members(ws.id).push({ user_id: this.userId, user_type: 'OWNER' })
    }
  }

  /** The user's email as the API shows it. */
  email(): string {
    return this.opts.username.includes('@') ? this.opts.username : `${this.opts.username}@keycloak`
  }

  /** After loading a saved state: reload model files, restart deployments (they come back Starting). */
  private restore(): void {
    for (const mv of this.data.model_versions) {
      const sha = mv.file_info.sha
      if (this.files.has(sha)) continue
      const bytes = this.opts.persistence?.loadModel(sha)
      if (bytes) {
        this.files.set(sha, bytes)
        if (mv.conversion.framework === 'onnx') this.startLoad(sha)
      }
    }
    for (const d of this.data.deployments) if (d.deployed) d.deployed_at_ms = this.now()
  }

  /** Forget everything (tokens stay valid: the signing secret and user ids are kept). */
  reset(): void {
    this.data = emptyState(this.data)
    this.files.clear()
    this.loads.clear()
    this.ensureUser()
    this.persist()
  }

  private persist(): void {
    this.opts.persistence?.saveState(this.data)
  }

  /** Save after a route changed a record in place. */
  touch(): void {
    this.persist()
  }

  // ---- workspaces ----

  /** All workspaces (the single emulated user is an admin and sees every one). */
  listWorkspaces(): Array<WorkspaceRecord & { models: number[]; pipelines: number[] }> {
    return this.data.workspaces.map((w) => ({
      ...w,
      models: this.data.models.filter((m) => m.workspace_id === w.id).map((m) => m.id),
      pipelines: this.data.pipelines.filter((p) => p.workspace_id === w.id).map((p) => p.id)
    }))
  }

  /** Create a workspace; names are unique and lowercase DNS names. */
  createWorkspace(name: string): WorkspaceRecord {
    checkName('workspace', name, true)
    if (this.data.workspaces.some((w) => w.name === name)) {
      throw new ApiError(409, `workspace '${name}' already exists; workspace names are unique. List workspaces to find its id.`)
    }
    const ws: WorkspaceRecord = { id: this.data.counters.workspace++, name, created_at: isoTime(this.now()), created_by: this.userId, archived: false }
    this.data.workspaces.push(ws)
    this.members(ws.id).push({ user_id: this.userId, user_type: 'OWNER' })
    this.persist()
    return ws
  }

  /** Members of a workspace (a live array in the state). */
  members(workspaceId: number): WorkspaceMember[] {
    this.data.workspace_members ??= {}
    return (this.data.workspace_members[String(workspaceId)] ??= [])
  }

  /** The user id of a known user by email or user name (the emulator knows one user); 400 otherwise. */
  private userByEmail(email: string): string {
    if (email === this.email() || email === this.opts.username) return this.userId
    throw new ApiError(400, `user '${email}' not found: the emulator knows one user, '${this.email()}'`)
  }

  /** workspaces/add_user: the user must exist; adding a member again changes nothing. */
  addUser(workspaceId: number, email: string): void {
    this.workspace(workspaceId)
    const userId = this.userByEmail(email)
    const members = this.members(workspaceId)
    if (!members.some((m) => m.user_id === userId)) members.push({ user_id: userId, user_type: 'COLLABORATOR' })
    this.persist()
  }

  /** workspaces/remove_user: how many memberships were removed (0 when not a member). */
  removeUser(workspaceId: number, who: { email?: string; user_id?: string }): number {
    this.workspace(workspaceId)
    const userId = who.user_id ?? this.userByEmail(who.email!)
    const members = this.members(workspaceId)
    const before = members.length
    this.data.workspace_members![String(workspaceId)] = members.filter((m) => m.user_id !== userId)
    this.persist()
    return before - this.members(workspaceId).length
  }

  /** A workspace by id; `status` for the error when it does not exist. */
  workspace(id: number, status = 400, field = 'workspace_id'): WorkspaceRecord {
    const ws = this.data.workspaces.find((w) => w.id === id)
    if (!ws) throw new ApiError(status, `workspace ${id} not found (${field}); list workspaces to see the ids that exist`)
    return ws
  }

  // ---- models ----

  /** Store an uploaded file as a new version of the named model; conversion starts now. */
  uploadModel(meta: { name: string; visibility: string; workspace_id: number; conversion: Conversion; input_schema?: string; output_schema?: string }, file: Buffer, fileName: string, route: string): ModelVersionRecord {
    checkName('model', meta.name)
    this.workspace(meta.workspace_id)
    if (file.length === 0) throw new ApiError(400, `Bad request: the 'file' part is empty; send the model bytes`)
    if (ZIP_FRAMEWORKS(meta.conversion.framework) && !isZip(file)) throw new ApiError(400, 'Bad request: Not a valid ZIP file.')
    const now = this.now()
    let model = this.data.models.find((m) => m.name === meta.name && m.workspace_id === meta.workspace_id)
    if (!model) {
      model = { id: this.data.counters.entity++, name: meta.name, workspace_id: meta.workspace_id, created_at: isoTime(now), updated_at: isoTime(now) }
      this.data.models.push(model)
    }
    model.updated_at = isoTime(now)
    const sha = createHash('sha256').update(file).digest('hex')
    const conversion: Conversion = {
      ...(meta.conversion.arch !== undefined ? { arch: meta.conversion.arch } : {}),
      ...(meta.conversion.accel !== undefined ? { accel: meta.conversion.accel } : {}),
      python_version: meta.conversion.python_version ?? '3.8',
      requirements: meta.conversion.requirements ?? [],
      framework: meta.conversion.framework,
      framework_config: meta.conversion.framework_config ?? null
    }
    const id = this.data.counters.entity++
    const mv: ModelVersionRecord = {
      id,
      model_id: model.id,
      name: meta.name,
      visibility: meta.visibility,
      workspace_id: meta.workspace_id,
      conversion,
      task_id: randomUUID(),
      file_info: { version: randomUUID(), sha, file_name: fileName, size: file.length },
      created_by: this.email(),
      created_at: isoTime(now),
      uploaded_at_ms: now,
      settled: null,
      config: {
        id: this.data.counters.config++,
        runtime: runtimeOf(conversion.framework),
        tensor_fields: null,
        filter_threshold: null,
        input_schema: meta.input_schema ?? null,
        output_schema: meta.output_schema ?? null
      },
      route
    }
    this.data.model_versions.push(mv)
    this.files.set(sha, file)
    this.opts.persistence?.saveModel(sha, file)
    if (conversion.framework === 'onnx' && !this.loads.has(sha)) this.startLoad(sha)
    this.persist()
    return mv
  }

  private startLoad(sha: string): void {
    const bytes = this.files.get(sha)
    if (!bytes) return
    this.loads.set(sha, { state: 'loading' })
    loadOnnxModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)).then(
      (model) => this.loads.set(sha, { state: 'ok', model }),
      (err: unknown) => this.loads.set(sha, { state: 'error', message: err instanceof Error ? err.message : String(err) })
    )
  }

  /** Wait until every pending model load settled (tests and restart use it). */
  async settleLoads(): Promise<void> {
    while ([...this.loads.values()].some((l) => l.state === 'loading')) await new Promise((r) => setTimeout(r, 5))
  }

  /**
   * Conversion status, progressing by time: pending (first half of --convert-seconds), then
   * attempting, then the outcome of the real load (native onnx) or ready (other frameworks,
   * which the emulator cannot check). Tensorflow/python are native but not loadable here.
   */
  modelStatus(mv: ModelVersionRecord): { status: ModelStatus; error_summary: string | null } {
    if (mv.settled) return mv.settled
    const native = NATIVE_FRAMEWORKS.has(mv.conversion.framework)
    const elapsed = this.now() - mv.uploaded_at_ms
    if (elapsed < this.opts.convertMs / 2) return { status: native ? 'pending_load_native' : 'pending_load_container', error_summary: null }
    const attempting = { status: (native ? 'attempting_load_native' : 'attempting_load_container') as ModelStatus, error_summary: null }
    if (elapsed < this.opts.convertMs) return attempting
    if (mv.conversion.framework === 'onnx') {
      const load = this.loads.get(mv.file_info.sha)
      if (!load || load.state === 'loading') return attempting
      mv.settled = load.state === 'ok' ? { status: 'ready', error_summary: null } : { status: 'error', error_summary: load.message }
    } else {
      mv.settled = { status: 'ready', error_summary: null }
    }
    this.persist()
    return mv.settled
  }

  /** A model version by id (404 when unknown). */
  modelVersion(id: number, status = 404, field = 'model_version_id'): ModelVersionRecord {
    const mv = this.data.model_versions.find((v) => v.id === id)
    if (!mv) throw new ApiError(status, `model version ${id} not found (${field}); use the id returned by the upload (insert_models.returning[0].models[0].id)`)
    return mv
  }

  /** The model a version belongs to. */
  modelOf(mv: ModelVersionRecord): ModelRecord {
    return this.data.models.find((m) => m.id === mv.model_id)!
  }

  /** Whether a model version is part of a live deployment. */
  isDeployed(mv: ModelVersionRecord): boolean {
    return this.data.deployments.some((d) => d.deployed && d.model_version_ids.includes(mv.id))
  }

  /** Models of a workspace with their versions, both newest first (as recorded). */
  listModels(workspaceId: number): Array<{ model: ModelRecord; versions: ModelVersionRecord[] }> {
    this.workspace(workspaceId)
    return this.data.models
      .filter((m) => m.workspace_id === workspaceId)
      .reverse()
      .map((model) => ({ model, versions: this.data.model_versions.filter((v) => v.model_id === model.id).reverse() }))
  }

  /**
   * The real server's loose list_versions (§11.2): every version whose model *name* equals
   * `modelName` in any workspace, plus every version whose model id equals `modelsPkId`.
   */
  listVersions(modelName: string, modelsPkId: number): ModelVersionRecord[] {
    return this.data.model_versions.filter((v) => v.name === modelName || v.model_id === modelsPkId)
  }

  /** Find a model version by the `{name, version, sha}` reference used in steps and deploy bodies. */
  versionByRef(ref: ModelRef, where: string): ModelVersionRecord {
    const mv = this.data.model_versions.find((v) => v.file_info.version === ref.version)
    if (!mv) throw new ApiError(400, `${where}: no model version with version '${ref.version}' (use file_info.version of the uploaded model)`)
    if (mv.name !== ref.name) throw new ApiError(400, `${where}: model version '${ref.version}' belongs to model '${mv.name}', not '${ref.name}'`)
    if (mv.file_info.sha !== ref.sha) throw new ApiError(400, `${where}: sha '${ref.sha}' does not match model version '${ref.version}' (sha ${mv.file_info.sha})`)
    return mv
  }

  /** The onnxruntime load outcome of a model version's file (shared per sha256), for inference. */
  loadedModel(mv: ModelVersionRecord): LoadState | undefined {
    return this.loads.get(mv.file_info.sha)
  }

  // ---- pipelines ----

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

  /** Versions of a pipeline, oldest first. */
  pipelineVersions(pipelineId: number): PipelineVersionRecord[] {
    return this.data.pipeline_versions.filter((v) => v.pipeline_id === pipelineId)
  }

  /** The models named by a definition's ModelInference steps, in step order (first model of each step). */
  stepVersions(definition: Record<string, unknown>, where = 'definition'): ModelVersionRecord[] {
    const steps = definition.steps
    if (steps === undefined || steps === null) return []
    if (!Array.isArray(steps)) throw new ApiError(400, `invalid field '${where}.steps': expected an array`)
    const result: ModelVersionRecord[] = []
    steps.forEach((step: unknown, i: number) => {
      const at = `${where}.steps[${i}]`
      if (step === null || typeof step !== 'object' || Array.isArray(step)) throw new ApiError(400, `invalid field '${at}': expected an object like {"ModelInference":{"models":[…]}}`)
      const mi = (step as Record<string, unknown>).ModelInference
      if (mi === undefined) return // other step kinds are stored but not run
      const models = (mi as Record<string, unknown> | null)?.models
      if (!Array.isArray(models) || models.length === 0) throw new ApiError(400, `invalid field '${at}.ModelInference.models': expected a non-empty array of {name, version, sha}`)
      models.forEach((ref: unknown, j: number) => {
        const r = ref as Record<string, unknown> | null
        const refAt = `${at}.ModelInference.models[${j}]`
        for (const key of ['name', 'version', 'sha']) {
          if (typeof r?.[key] !== 'string') throw new ApiError(400, `invalid field '${refAt}.${key}': expected a string`)
        }
        const mv = this.versionByRef(r as unknown as ModelRef, refAt)
        if (j === 0) result.push(mv)
      })
    })
    return result
  }

  /** pipelines/create: new pipeline, or a new version of an existing one (§7.1 upsert). */
  createPipeline(name: string, workspaceId: number, definition: Record<string, unknown>): { pipeline: PipelineRecord; version: PipelineVersionRecord } {
    checkName('pipeline', name)
    this.workspace(workspaceId)
    this.stepVersions(definition)
    const now = this.now()
    let pipeline = this.pipelineByName(name, workspaceId)
    if (!pipeline) {
      pipeline = { id: this.data.counters.pipeline++, name, workspace_id: workspaceId, created_at: isoTime(now), updated_at: isoTime(now), created_by: this.userId }
      this.data.pipelines.push(pipeline)
    }
    pipeline.updated_at = isoTime(now)
    const version: PipelineVersionRecord = { id: this.data.counters.pipeline++, pipeline_id: pipeline.id, version: randomUUID(), definition, created_at: isoTime(now) }
    this.data.pipeline_versions.push(version)
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

  // ---- deployments ----

  /**
   * pipelines/deploy: models come from `models`, `model_ids`, `model_configs` or, when none is
   * given (SDK 2025.2), the version's steps. The deployment id is stable per pipeline; a
   * redeploy rolls new pods and goes back to Starting.
   */
  deploy(req: {
    deploy_id: string
    pipeline_version_pk_id: number
    pipeline_id?: number
    pipeline_version?: string
    engine_config?: Record<string, unknown>
    models?: ModelRef[]
    model_ids?: number[]
    model_configs?: number[]
  }): DeploymentRecord {
    const version = this.data.pipeline_versions.find((v) => v.id === req.pipeline_version_pk_id)
    if (!version) throw new ApiError(400, `pipeline version ${req.pipeline_version_pk_id} not found (pipeline_version_pk_id); use pipeline_variant_pk_id from pipelines/create`)
    const pipeline = this.pipeline(version.pipeline_id)
    if (req.pipeline_id !== undefined && req.pipeline_id !== pipeline.id) {
      throw new ApiError(400, `pipeline_version_pk_id ${version.id} belongs to pipeline ${pipeline.id} ('${pipeline.name}'), not pipeline_id ${req.pipeline_id}`)
    }
    if (req.pipeline_version !== undefined && req.pipeline_version !== version.version) {
      throw new ApiError(400, `pipeline_version '${req.pipeline_version}' does not match pipeline_version_pk_id ${version.id} (version ${version.version})`)
    }
    if (req.deploy_id !== pipeline.name) {
      throw new ApiError(400, `deploy_id '${req.deploy_id}' must be the pipeline name '${pipeline.name}' (the deployment is named '<deploy_id>-<deployment id>')`)
    }
    checkEngineConfig(req.engine_config)
    const chosen = new Map<number, ModelVersionRecord>()
    for (const mv of this.stepVersions(version.definition)) chosen.set(mv.id, mv)
    req.models?.forEach((ref, i) => {
      const mv = this.versionByRef(ref, `models[${i}]`)
      chosen.set(mv.id, mv)
    })
    req.model_ids?.forEach((id, i) => {
      const mv = this.modelVersion(id, 400, `model_ids[${i}]`)
      chosen.set(mv.id, mv)
    })
    req.model_configs?.forEach((cid, i) => {
      const mv = this.data.model_versions.find((v) => v.config.id === cid)
      if (!mv) throw new ApiError(400, `model config ${cid} not found (model_configs[${i}])`)
      chosen.set(mv.id, mv)
    })
    const models = [...chosen.values()]
    const pods = newPods(models.map((m) => ({ id: m.id, name: m.name, containerized: !NATIVE_FRAMEWORKS.has(m.conversion.framework) })))
    let d = this.deploymentOf(pipeline.id)
    if (!d) {
      d = {
        id: this.data.counters.deployment++,
        deploy_id: req.deploy_id,
        pipeline_id: pipeline.id,
        pipeline_version_id: version.id,
        engine_config: null,
        model_version_ids: [],
        deployed: false,
        deployed_at_ms: 0,
        created_at: isoTime(this.now()),
        forced_error: null,
        pods
      }
      this.data.deployments.push(d)
    }
    Object.assign(d, {
      deploy_id: req.deploy_id,
      pipeline_version_id: version.id,
      engine_config: req.engine_config ?? null,
      model_version_ids: models.map((m) => m.id),
      deployed: true,
      deployed_at_ms: this.now(),
      forced_error: null,
      pods
    })
    this.persist()
    return d
  }

  /** pipelines/undeploy: idempotent; the status answers 404 right away. */
  undeploy(deploymentId: number, pipelineId?: number): void {
    const d = this.data.deployments.find((x) => x.id === deploymentId)
    if (!d) throw new ApiError(404, `deployment ${deploymentId} not found (deployment_id); use the id returned by pipelines/deploy`)
    if (pipelineId !== undefined && pipelineId !== d.pipeline_id) {
      throw new ApiError(400, `deployment ${deploymentId} belongs to pipeline ${d.pipeline_id}, not pipeline_id ${pipelineId}`)
    }
    d.deployed = false
    d.forced_error = null
    this.persist()
  }

  /** The live deployment named `<deploy_id>-<id>`, or undefined. */
  liveDeployment(name: string): DeploymentRecord | undefined {
    return this.data.deployments.find((d) => d.deployed && `${d.deploy_id}-${d.id}` === name)
  }

  /** Force a deployment (by deployment name or pipeline name) into Error, or clear it with `reason: null`. */
  forceError(name: string, reason: string | null): DeploymentRecord {
    const d = this.data.deployments.find((x) => x.deployed && (`${x.deploy_id}-${x.id}` === name || x.deploy_id === name))
    if (!d) throw new ApiError(404, `no live deployment named '${name}' (give '<pipeline>-<deployment id>' or the pipeline name)`)
    d.forced_error = reason
    this.persist()
    return d
  }

  private lifecycleInput(d: DeploymentRecord): LifecycleInput {
    const pipeline = this.pipeline(d.pipeline_id)
    const version = this.data.pipeline_versions.find((v) => v.id === d.pipeline_version_id)!
    const models: LifecycleModel[] = d.model_version_ids.map((id) => {
      const mv = this.modelVersion(id)
      const s = this.modelStatus(mv)
      return {
        id: mv.id,
        name: mv.name,
        version: mv.file_info.version,
        sha: mv.file_info.sha,
        status: s.status,
        error_summary: s.error_summary,
        containerized: !NATIVE_FRAMEWORKS.has(mv.conversion.framework)
      }
    })
    return { deployment: d, pipelineName: pipeline.name, pipelineVersion: version.version, models, now: this.now(), startMs: this.opts.startMs, profile: this.opts.profile }
  }

  /** status/get_deployment body; 404 when not deployed. */
  deploymentStatus(name: string): Record<string, unknown> {
    const d = this.liveDeployment(name)
    if (!d) throw new ApiError(404, `deployment '${name}' not found: it was never deployed or has been undeployed (names are '<pipeline>-<deployment id>')`)
    return statusBody(this.lifecycleInput(d))
  }

  /** Current phase of a live deployment. */
  phase(d: DeploymentRecord): Phase {
    return phaseOf(this.lifecycleInput(d))
  }

  /** The models the engine runs, in step order (steps first, then extra deployed models when there are no steps). */
  inferenceSteps(d: DeploymentRecord): ModelVersionRecord[] {
    const version = this.data.pipeline_versions.find((v) => v.id === d.pipeline_version_id)!
    const steps = this.stepVersions(version.definition)
    return steps.length > 0 ? steps : d.model_version_ids.map((id) => this.modelVersion(id))
  }

  /** Pipeline version record of a deployment. */
  deployedVersion(d: DeploymentRecord): PipelineVersionRecord {
    return this.data.pipeline_versions.find((v) => v.id === d.pipeline_version_id)!
  }
}

const ARCHES = ['x86', 'arm', 'power10']

/** Frameworks whose upload is a .zip (BYOP and Hugging Face), checked like the real server (§3 recorded 400). */
function ZIP_FRAMEWORKS(framework: string): boolean {
  return framework === 'custom' || framework.startsWith('hugging-face-')
}

function isZip(file: Buffer): boolean {
  return file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && (file[2] === 3 || file[2] === 5) && (file[3] === 4 || file[3] === 6)
}

/** Reject engine_config values the SDK would refuse (§8.2); everything else is stored as sent. */
function checkEngineConfig(ec: Record<string, unknown> | undefined): void {
  if (!ec) return
  const engine = ec.engine
  if (engine === undefined || engine === null) return
  if (typeof engine !== 'object' || Array.isArray(engine)) throw new ApiError(400, `invalid field 'engine_config.engine': expected an object`)
  const e = engine as Record<string, unknown>
  if (e.arch !== undefined && (typeof e.arch !== 'string' || !ARCHES.includes(e.arch))) {
    throw new ApiError(400, `invalid field 'engine_config.engine.arch': expected one of ${ARCHES.join(', ')}, got ${JSON.stringify(e.arch)}`)
  }
  if (e.accel === 'jetson' && e.arch !== undefined && e.arch !== 'arm') {
    throw new ApiError(400, `The specified model architecture configuration is not available: accel 'jetson' needs arch 'arm'`)
  }
  if (e.accel === 'openvino' && e.arch !== undefined && e.arch !== 'x86') {
    throw new ApiError(400, `The specified model architecture configuration is not available: accel 'openvino' needs arch 'x86'`)
  }
  for (const key of ['cpu', 'gpu', 'replicas']) {
    if (e[key] !== undefined && (typeof e[key] !== 'number' || (e[key] as number) < 0)) {
      throw new ApiError(400, `invalid field 'engine_config.engine.${key}': expected a non-negative number, got ${JSON.stringify(e[key])}`)
    }
  }
  if (e.node_selector !== undefined && typeof e.node_selector !== 'string') {
    throw new ApiError(400, `invalid field 'engine_config.engine.node_selector': expected the deployment label as a string`)
  }
  if (e.resources !== undefined && (e.resources === null || typeof e.resources !== 'object' || Array.isArray(e.resources))) {
    throw new ApiError(400, `invalid field 'engine_config.engine.resources': expected {limits:{…}, requests:{…}}`)
  }
}
