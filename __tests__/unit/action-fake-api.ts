/**
 * A hand-written, in-memory fake of the WallarooApi the action calls: just enough server behaviour
 * (ids, upsert-like pipelines/create, stable deployment ids, conversion and start-up progress) to test
 * the flow without HTTP. Every call is logged in `calls`.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import type { WallarooApi } from '../../src/action/api.js'
import type { DeploymentStatus, ListModelsResponse, ModelVersion, PipelineDefinition, PipelineListItem, Workspace } from '../../src/wallaroo/types.js'
import type { InferRequest, InferResult } from '../../src/wallaroo/client.js'

interface FakePipeline {
  id: number
  name: string
  workspaceId: number
  versions: Array<{ id: number; uuid: string; definition: PipelineDefinition }>
  deployment?: { id: number; deployed: boolean; versionId: number; polls: number }
}

/** Knobs of the fake server. */
export interface FakeOptions {
  /** models/list shape (§12). */
  modelsShape?: '2025' | '2023'
  /** false → list_pipelines answers 404 (servers before 2025). */
  listPipelines?: boolean
  /** get_version_by_id polls before a new version is ready. */
  conversionPolls?: number
  /** Conversion ends in `error` with this summary. */
  conversionError?: string
  /** Statuses get_deployment returns after a deploy, one per poll; the last repeats. null = 404. */
  deploymentScript?: Array<DeploymentStatus | null>
  /** The inference answer. */
  inferAnswer?: (req: InferRequest) => InferResult
}

let uuidCounter = 0
function uuid(): string {
  uuidCounter++
  return `00000000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`
}

/** A deployment status with one engine and one model. */
export function status(name: 'Running' | 'Starting' | 'Error' | string, reason: string | null = null): DeploymentStatus {
  return {
    status: name,
    details: [],
    engines: [
      {
        ip: name === 'Running' ? '10.0.0.1' : null,
        name: 'engine-abc',
        status: name === 'Running' ? 'Running' : 'Pending',
        reason: reason ? [reason] : null,
        details: [],
        model_statuses: { models: [{ name: 'ccfraud', version: 'v-uuid', sha: 'f'.repeat(64), status: name === 'Running' ? 'Running' : 'Pending' }] }
      }
    ],
    engine_lbs: [{ ip: '10.0.0.2', name: 'engine-lb-1', status: 'Running', reason: null, details: [] }],
    sidekicks: []
  }
}

/** A model version as the fake stores it: the given fields plus the constant ones, not yet polled. */
function versionRecord(v: Pick<ModelVersion, 'name' | 'workspace_id' | 'conversion' | 'id' | 'status' | 'file_info'>): ModelVersion & { polls: number } {
  return {
    visibility: 'private',
    image_path: null,
    task_id: null,
    created_on_version: '2025.2.1',
    created_by: 'u',
    created_at: '',
    deployed: false,
    error_summary: null,
    polls: 0,
    ...v
  }
}

/** The fake; `calls` lists [method, ...args] in order. */
export class FakeWallaroo implements WallarooApi {
  readonly calls: Array<[string, ...unknown[]]> = []
  readonly workspaces: Workspace[] = []
  readonly versions: Array<ModelVersion & { polls: number }> = []
  readonly pipelines: FakePipeline[] = []
  private nextId = 1
  constructor(readonly opts: FakeOptions = {}) {}

  private id(): number {
    return this.nextId++
  }
  private log(method: string, ...args: unknown[]): void {
    this.calls.push([method, ...args])
  }
  /** Names of the methods called, in order. */
  methods(): string[] {
    return this.calls.map((c) => c[0])
  }
  /** Puts a ready model version into workspace `workspace` (created if needed), without logging calls; returns its id. */
  seedVersion(workspace: string, m: { name: string; version: string; sha: string; arch?: string; framework?: string }): number {
    let ws = this.workspaces.find((w) => w.name === workspace)
    if (!ws) {
      ws = { id: 900 + this.workspaces.length, name: workspace, created_at: '', created_by: 'u', archived: false, models: [], pipelines: [] }
      this.workspaces.push(ws)
    }
    const id = 800 + this.versions.length
    this.versions.push(
      versionRecord({
        name: m.name,
        workspace_id: ws.id,
        conversion: { framework: m.framework ?? 'onnx', python_version: '3.8', requirements: [], ...(m.arch ? { arch: m.arch } : {}) },
        id,
        status: 'ready',
        file_info: { version: m.version, sha: m.sha, file_name: `${m.name}.onnx`, size: 1 }
      })
    )
    return id
  }
  private notFound(endpoint: string): WallarooApiError {
    return new WallarooApiError({ code: 'NOT_FOUND', status: 404, endpoint, attempts: 1, serverMessage: 'Not Found' })
  }

  /** Signing in is not an API call of interest to the tests: not logged. */
  async signIn() {}
  async listWorkspaces() {
    this.log('listWorkspaces')
    return { workspaces: this.workspaces.map((w) => ({ ...w })) }
  }
  async createWorkspace(name: string) {
    this.log('createWorkspace', name)
    const w: Workspace = { id: this.id(), name, created_at: '', created_by: 'u', archived: false, models: [], pipelines: [] }
    this.workspaces.push(w)
    return { workspace_id: w.id }
  }
  async uploadModel(a: Parameters<WallarooApi['uploadModel']>[0]) {
    this.log('uploadModel', a.metadata, a.fileName)
    const bytes = 'path' in a.file ? readFileSync(a.file.path) : a.file
    const sha = createHash('sha256').update(bytes).digest('hex')
    const v = versionRecord({
      name: a.metadata.name,
      workspace_id: a.metadata.workspace_id,
      conversion: a.metadata.conversion,
      id: this.id(),
      status: 'pending_load_native',
      file_info: { version: uuid(), sha, file_name: a.fileName, size: bytes.length }
    })
    this.versions.push(v)
    return { modelVersionId: v.id, sha256: sha }
  }
  async getModelVersion(id: number) {
    this.log('getModelVersion', id)
    const v = this.versions.find((x) => x.id === id)
    if (!v) throw this.notFound('/v1/api/models/get_version_by_id')
    v.polls++
    if (v.status !== 'ready' && v.status !== 'error' && v.polls >= (this.opts.conversionPolls ?? 2)) {
      if (this.opts.conversionError) {
        v.status = 'error'
        v.error_summary = this.opts.conversionError
      } else v.status = 'ready'
    } else if (v.status === 'pending_load_native') v.status = 'attempting_load_native' as typeof v.status
    const { polls: _p, ...mv } = v
    return { model_version: { model_version: { ...mv }, config: null } }
  }
  async listModels(workspaceId: number): Promise<ListModelsResponse> {
    this.log('listModels', workspaceId)
    const mine = this.versions.filter((v) => v.workspace_id === workspaceId)
    const names = [...new Set(mine.map((v) => v.name))]
    if (this.opts.modelsShape === '2023') {
      return { models: names.map((name, i) => ({ id: 1000 + i, name, owner_id: '""', created_at: '', updated_at: '' })) } as unknown as ListModelsResponse
    }
    return {
      models: names.map((name, i) => ({
        model: { id: 1000 + i, name, owner_id: '""', created_at: '', updated_at: '', workspace_id: workspaceId },
        model_versions: mine.filter((v) => v.name === name).map(({ polls: _p, ...mv }) => ({ model_version: mv, config: null })),
        workspace: { id: workspaceId, name: 'w', created_by: 'u', archived: false, created_at: '', group_id: null }
      }))
    }
  }
  async listModelVersions(modelName: string, modelsPkId: number) {
    this.log('listModelVersions', modelName, modelsPkId)
    // Like the real endpoint (§11.2): not workspace-scoped and loose — also returns another model's versions.
    return this.versions.map((v) => ({
      sha: v.file_info.sha,
      models_pk_id: modelsPkId,
      model_version: v.file_info.version,
      owner_id: '""',
      model_id: v.name,
      id: v.id,
      file_name: v.file_info.file_name,
      image_path: null,
      status: v.status
    }))
  }
  async createPipeline(name: string, workspaceId: number, definition: PipelineDefinition) {
    this.log('createPipeline', name, workspaceId, definition)
    let p = this.pipelines.find((x) => x.name === name && x.workspaceId === workspaceId)
    if (!p) {
      p = { id: this.id(), name, workspaceId, versions: [] }
      this.pipelines.push(p)
    }
    const v = { id: this.id(), uuid: uuid(), definition: structuredClone(definition) }
    p.versions.push(v)
    return { pipeline_pk_id: p.id, pipeline_variant_pk_id: v.id, pipeline_variant_version: v.uuid }
  }
  async listPipelines(workspaceId: number) {
    this.log('listPipelines', workspaceId)
    if (this.opts.listPipelines === false) throw this.notFound('/v1/api/pipelines/list_pipelines')
    const pipelines: PipelineListItem[] = this.pipelines
      .filter((p) => p.workspaceId === workspaceId)
      .map((p) => {
        const current = p.versions[p.versions.length - 1]
        return {
          pipeline: { id: p.id, pipeline_id: p.name, workspace_id: p.workspaceId },
          plateau_topic: 't',
          workspace: { id: workspaceId, name: 'w' },
          deployment: p.deployment ? { id: p.deployment.id, deploy_id: p.name, deployed: p.deployment.deployed } : null,
          pipeline_version: current ? { id: String(current.id), workspace_id: workspaceId, steps: current.definition.steps ?? [], version: current.uuid } : null
        }
      })
    return { pipelines }
  }
  async copyPipeline(req: Parameters<WallarooApi['copyPipeline']>[0]) {
    this.log('copyPipeline', req)
    const src = this.pipelines.find((p) => p.id === req.source_pipeline)
    if (!src) throw this.notFound('/v1/api/pipelines/copy')
    if (this.pipelines.some((p) => p.name === req.name && p.workspaceId === req.workspace_id)) {
      throw new WallarooApiError({
        code: 'CONFLICT',
        status: 409,
        endpoint: '/v1/api/pipelines/copy',
        attempts: 1,
        serverMessage: `pipeline '${req.name}' already exists`
      })
    }
    const from = req.pipeline_version ? src.versions.find((v) => v.uuid === req.pipeline_version) : src.versions[src.versions.length - 1]
    if (!from)
      throw new WallarooApiError({
        code: 'BAD_REQUEST',
        status: 400,
        endpoint: '/v1/api/pipelines/copy',
        attempts: 1,
        serverMessage: 'pipeline_version not found'
      })
    const created = await this.createPipeline(req.name, req.workspace_id, from.definition)
    this.calls.pop()
    let deployment: { id: number; deploy_id: string } | null = null
    if (req.deploy !== undefined) {
      const { id } = await this.deployPipeline({
        deploy_id: req.name,
        pipeline_version_pk_id: created.pipeline_variant_pk_id,
        ...(req.engine_config ? { engine_config: req.engine_config } : {})
      })
      this.calls.pop()
      deployment = { id, deploy_id: req.name }
    }
    return { pipeline_pk_id: created.pipeline_pk_id, pipeline_variant_pk_id: created.pipeline_variant_pk_id, pipeline_version: null, deployment }
  }
  async deployPipeline(req: Parameters<WallarooApi['deployPipeline']>[0]) {
    this.log('deployPipeline', req)
    const p = this.pipelines.find((x) => x.name === req.deploy_id)
    if (!p) throw this.notFound('/v1/api/pipelines/deploy')
    // The deployment id is stable per pipeline (§11.4).
    const versionId = req.pipeline_version_pk_id ?? p.versions.find((v) => v.uuid === req.pipeline_version)?.id
    if (versionId === undefined) throw this.notFound('/v1/api/pipelines/deploy')
    p.deployment = { id: p.deployment?.id ?? this.id(), deployed: true, versionId, polls: 0 }
    return { id: p.deployment.id }
  }
  async undeployPipeline(req: Parameters<WallarooApi['undeployPipeline']>[0]) {
    this.log('undeployPipeline', req)
    const p = this.pipelines.find((x) => x.deployment?.id === req.deployment_id)
    if (p?.deployment) p.deployment.deployed = false
  }
  async getDeployment(name: string): Promise<DeploymentStatus | null> {
    this.log('getDeployment', name)
    const p = this.pipelines.find((x) => x.deployment && `${x.name}-${x.deployment.id}` === name)
    if (!p?.deployment?.deployed) return null
    const script = this.opts.deploymentScript ?? [status('Starting'), status('Running')]
    const s = script[Math.min(p.deployment.polls, script.length - 1)]
    p.deployment.polls++
    if (!s) return s
    // Like 2024+ servers: each engine names the pipeline version it runs.
    const version = p.versions.find((v) => v.id === p.deployment!.versionId)?.uuid
    return {
      ...s,
      engines: s.engines.map((e) => ({
        ...e,
        pipeline_statuses: e.pipeline_statuses ?? { pipelines: [{ id: p.name, status: s.status, ...(version ? { version } : {}) }] }
      }))
    }
  }
  async deletePipeline(name: string, workspaceId: number) {
    this.log('deletePipeline', name, workspaceId)
    if (this.opts.listPipelines === false) throw this.notFound('/v1/api/pipelines/delete_pipeline')
    const i = this.pipelines.findIndex((x) => x.name === name && x.workspaceId === workspaceId)
    if (i < 0) throw this.notFound('/v1/api/pipelines/delete_pipeline')
    if (this.pipelines[i].deployment?.deployed) {
      throw new WallarooApiError({
        code: 'CONFLICT',
        status: 409,
        endpoint: '/v1/api/pipelines/delete_pipeline',
        attempts: 1,
        serverMessage: 'pipeline is deployed'
      })
    }
    this.pipelines.splice(i, 1)
  }
  async getExternalUrl(workspaceId: number, pipelineName: string) {
    this.log('getExternalUrl', workspaceId, pipelineName)
    const p = this.pipelines.find((x) => x.name === pipelineName && x.workspaceId === workspaceId)
    // Like the emulator: no URL for a pipeline that was never deployed; after an undeploy the URL stays.
    if (!p?.deployment) throw this.notFound('/v1/api/admin/get_pipeline_external_url')
    return `https://wallaroo.test/v1/api/pipelines/infer/${pipelineName}-${p.deployment.id}/${pipelineName}`
  }
  async infer(req: InferRequest): Promise<InferResult> {
    this.log('infer', req.url, req.format)
    if (this.opts.inferAnswer) return this.opts.inferAnswer(req)
    const body = JSON.stringify([{ time: 1, in: { tensor: [1, 2] }, out: { dense_1: [0.0014974177] }, anomaly: { count: 0 } }])
    return { status: 200, contentType: 'application/json; format=pandas-records', body: new TextEncoder().encode(body), latencyMs: 12.4 }
  }
}
