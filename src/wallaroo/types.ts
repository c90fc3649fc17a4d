/**
 * Request and response shapes of the Wallaroo MLOps REST API, as recorded in
 * ../shared/wallaroo-api.md (section numbers in comments). Fields marked optional
 * differ between server versions (2023.x vs 2025.2, §12); code must accept both.
 */

/** A model reference inside a pipeline step or a deploy body (§7.1): `version` is the file_info.version UUID. */
export interface ModelRef {
  name: string
  version: string
  sha: string
}

/** One pipeline step. Only ModelInference is modelled; other step kinds pass through untouched. */
export interface PipelineStep {
  ModelInference?: { models: ModelRef[] }
  [kind: string]: unknown
}

/** `definition` of pipelines/create (§7.1). `{}` creates an empty pipeline version. */
export interface PipelineDefinition {
  steps?: PipelineStep[]
  [key: string]: unknown
}

// ---- workspaces (§5) ----
export interface Workspace {
  id: number
  name: string
  created_at: string
  created_by: string
  archived: boolean
  models: number[]
  pipelines: number[]
}
export interface ListWorkspacesResponse {
  workspaces: Workspace[]
}
export interface CreateWorkspaceResponse {
  workspace_id: number
}

// ---- models (§6) ----
export type ModelStatus =
  'uploading' | 'pending_load_native' | 'attempting_load_native' | 'pending_load_container' | 'attempting_load_container' | 'ready' | 'error'

export interface Conversion {
  framework: string
  python_version?: string
  requirements?: string[]
  arch?: string
  accel?: string | Record<string, unknown>
  framework_config?: Record<string, unknown> | null
}

/** The `metadata` part of models/upload_and_convert and models/upload (§6.1). */
export interface UploadMetadata {
  name: string
  visibility: 'public' | 'private'
  workspace_id: number
  conversion: Conversion
  input_schema?: string
  output_schema?: string
}

/** 202 body of an upload: `id` is the model *version* id (§11.1). */
export interface UploadModelResponse {
  insert_models: { returning: Array<{ models: Array<{ id: number }> }> }
}

export interface FileInfo {
  version: string
  sha: string
  file_name: string
  size: number
}

export interface ModelVersion {
  name: string
  visibility: string
  workspace_id: number
  conversion: Conversion
  id: number
  image_path: string | null
  status: ModelStatus
  task_id: string | null
  file_info: FileInfo
  created_on_version: string
  created_by: string
  created_at: string
  deployed: boolean
  error_summary: string | null
}

export interface ModelConfig {
  id: number
  model_version_id?: number
  runtime: string
  filter_threshold: number | null
  tensor_fields: string[] | null
  input_schema?: string | null
  output_schema?: string | null
  batch_config?: unknown
  dynamic_batching_config?: unknown
  continuous_batching_config?: unknown
  queue_depth?: number | null
  sidekick_uri?: string | null
  openai?: unknown
}

export interface ModelVersionWithConfig {
  model_version: ModelVersion
  config: ModelConfig | null
}

export interface GetModelVersionResponse {
  model_version: ModelVersionWithConfig
}

/** models/list entry in the 2025.2 shape; 2023.x returns the flat `model` fields only (§12). */
export interface ModelListEntry {
  model: { id: number; name: string; owner_id: string; created_at: string; updated_at: string; workspace_id: number }
  model_versions: ModelVersionWithConfig[]
  workspace: { id: number; name: string; created_by: string; archived: boolean; created_at: string; group_id: number | null }
}
export interface ListModelsResponse {
  models: ModelListEntry[]
}

/** models/list_versions item: not workspace-scoped and loosely matched (§11.2). */
export interface ModelVersionListItem {
  sha: string
  models_pk_id: number
  model_version: string
  owner_id: string
  model_id: string
  id: number
  file_name: string
  image_path: string | null
  status: ModelStatus
}

export interface GetModelConfigResponse {
  model_config: { id: number; runtime: string; tensor_fields: string[] | null; filter_threshold: number | null } | null
}

// ---- pipelines (§7) ----
export interface CreatePipelineResponse {
  pipeline_pk_id: number
  pipeline_variant_pk_id: number
  pipeline_variant_version: string
}

export interface PipelineVersionSummary {
  id: string | number
  workspace_id: number
  created_at?: string
  created_by?: string
  created_on_version?: string
  steps?: PipelineStep[] | null
  version?: string
  definition?: PipelineDefinition
}

export interface PipelineListItem {
  pipeline: { id: number; pipeline_id: string; workspace_id: number; created_at?: string; updated_at?: string; archived?: boolean }
  plateau_topic: string
  workspace: { id: number; name: string; [k: string]: unknown }
  deployment?: { id: number; deploy_id: string; deployed: boolean; [k: string]: unknown } | null
  pipeline_version?: PipelineVersionSummary | null
}
export interface ListPipelinesResponse {
  pipelines: PipelineListItem[]
}

export interface CopyPipelineRequest {
  name: string
  workspace_id: number
  source_pipeline: number
  deploy?: string
  engine_config?: EngineConfig
  pipeline_version?: string
}
export interface CopyPipelineResponse {
  pipeline_pk_id: number
  pipeline_variant_pk_id: number
  pipeline_version: string | null
  deployment: unknown | null
}

// ---- deployment (§8) ----
export interface ResourceSpec {
  cpu?: number | string
  memory?: string
  'nvidia.com/gpu'?: number
  [resource: string]: unknown
}

/** The nested engine_config the SDK sends (§8.2); never the flat docs-prose form. */
export interface EngineConfig {
  engine?: {
    cpu?: number
    gpu?: number
    arch?: string
    accel?: string | Record<string, unknown>
    image?: string
    replicas?: number
    node_selector?: string
    autoscale?: Record<string, unknown>
    resources?: { limits?: ResourceSpec; requests?: ResourceSpec }
    [k: string]: unknown
  }
  enginelb?: { resources?: { limits?: ResourceSpec; requests?: ResourceSpec } }
  engineAux?: { images?: Record<string, unknown> }
  node_selector?: Record<string, unknown>
  workspace_id?: number
  [k: string]: unknown
}

export interface DeployRequest {
  deploy_id: string
  /** Docs: required; the generated client marks only deploy_id required, so a version may be named by `pipeline_version` alone (INFERRED). */
  pipeline_version_pk_id?: number
  pipeline_version?: string
  pipeline_id?: number
  engine_config?: EngineConfig
  model_configs?: number[]
  model_ids?: number[]
  models?: ModelRef[]
}
export interface DeployResponse {
  id: number
}

export interface UndeployRequest {
  pipeline_id?: number
  deployment_id: number
}

export type DeploymentStatusName = 'Running' | 'Starting' | 'Error' | 'Deployed' | string

export interface EngineStatus {
  ip: string | null
  name: string
  status: string
  reason: null | string | string[]
  details?: string[]
  pipeline_statuses?: { pipelines: Array<{ id: string; status: string; version?: string }> } | null
  model_statuses?: {
    models: Array<{ model_version_id?: number; name: string; version: string; sha: string; status: string }>
  } | null
  required_cpu?: unknown
  required_memory?: unknown
}

export interface PodStatus {
  ip: string | null
  name: string
  status: string
  reason: null | string | string[]
  details?: string[]
  statuses?: unknown
}

/** status/get_deployment (§8.3). 404 before deploy and after undeploy. */
export interface DeploymentStatus {
  status: DeploymentStatusName
  details: string[] | null
  engines: EngineStatus[]
  engine_lbs: PodStatus[]
  sidekicks?: PodStatus[]
}

export interface ExternalUrlResponse {
  url: string
}

// ---- auth (§2) ----
export interface TokenResponse {
  access_token: string
  expires_in: number
  refresh_expires_in?: number
  refresh_token?: string
  token_type: string
  'not-before-policy'?: number
  session_state?: string
  scope?: string
}

// ---- errors (§3, §9.4) ----
/** MLOps ("axum-util") error body. */
export interface MlopsErrorBody {
  msg: string
  code: number
}
/** Inference ("fitzroy") error body. */
export interface InferenceErrorBody {
  code: number
  status?: string
  error: string
  source?: 'engine' | 'platform' | 'sidekick' | string
}
