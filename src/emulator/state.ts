/**
 * The emulator's persistent state: plain JSON records (no class instances) so the whole
 * thing can be dumped by `/_emulator/state` and written to `--data-dir/state.json` as is.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Conversion, ModelStatus } from '../wallaroo/types.js'

/** A workspace (§5). */
export interface WorkspaceRecord {
  id: number
  name: string
  created_at: string
  created_by: string
  archived: boolean
}

/** A model (the name inside a workspace); versions hang off it (§6). */
export interface ModelRecord {
  id: number
  name: string
  workspace_id: number
  created_at: string
  updated_at: string
}

/**
 * One uploaded file of a model. `settled` is the conversion outcome, known once the ONNX load
 * finished (at upload for frameworks the emulator does not load); shown after --convert-seconds.
 */
export interface ModelVersionRecord {
  id: number
  model_id: number
  name: string
  visibility: string
  workspace_id: number
  conversion: Conversion
  task_id: string
  file_info: { version: string; sha: string; file_name: string; size: number }
  created_by: string
  created_at: string
  uploaded_at_ms: number
  settled: { status: 'ready' | 'error'; error_summary: string | null } | null
  config: ModelConfigRecord
  /** Which upload route created it (informational, shown in /_emulator/state). */
  route: string
}

/** The config row every model version gets (§6.3). */
export interface ModelConfigRecord {
  id: number
  runtime: string
  tensor_fields: string[] | null
  filter_threshold: number | null
  input_schema: string | null
  output_schema: string | null
  /** Set once insert_model_config wrote it (informational: every release shows the config from upload on). */
  explicit?: boolean
}

/** A pipeline (name in a workspace). */
export interface PipelineRecord {
  id: number
  name: string
  workspace_id: number
  created_at: string
  updated_at: string
  created_by: string
}

/** One version (variant) of a pipeline: the definition as posted. */
export interface PipelineVersionRecord {
  id: number
  pipeline_id: number
  version: string
  definition: Record<string, unknown>
  created_at: string
}

/** Generated pod names and IPs, stable while a deployment lives. */
export interface PodNames {
  engine: string
  engine_ip: string
  /** Engine pods beyond the first when engine_config asks for more replicas (absent in older states: one engine). */
  replicas?: Array<{ name: string; ip: string }>
  lb: string
  lb_ip: string
  sidekicks: Record<string, { name: string; ip: string }>
}

/** One rollout of a deployment: the pipeline version and models its engine pods run. */
export interface RolloutRecord {
  pipeline_version_id: number
  model_version_ids: number[]
  pods: PodNames
}

/** A deployment: one per pipeline, id kept across undeploy/redeploy (§8.1). */
export interface DeploymentRecord {
  id: number
  deploy_id: string
  pipeline_id: number
  pipeline_version_id: number
  engine_config: Record<string, unknown> | null
  model_version_ids: number[]
  deployed: boolean
  deployed_at_ms: number
  created_at: string
  forced_error: string | null
  pods: PodNames
  /**
   * The rollout that keeps answering inference while a changed redeploy of a running deployment starts (a
   * Kubernetes rolling update keeps the old pods until the new ones are ready); null or absent when there is none.
   */
  serving_before?: RolloutRecord | null
}

/** Everything the emulator knows. */
export interface StateData {
  format: 1
  secret: string
  users: Record<string, string>
  service_account_id: string
  counters: { workspace: number; entity: number; config: number; pipeline: number; deployment: number }
  workspaces: WorkspaceRecord[]
  models: ModelRecord[]
  model_versions: ModelVersionRecord[]
  pipelines: PipelineRecord[]
  pipeline_versions: PipelineVersionRecord[]
  deployments: DeploymentRecord[]
  /** Workspace id → members (`Store.restore` adds it to states saved before it existed). */
  workspace_members: Record<string, WorkspaceMember[]>
  /** User id → when the emulator first knew the user, and last password sign-in (epoch ms; users/query). */
  user_times?: Record<string, { created: number; last_login: number | null }>
}

/** A workspace member (§5 list_users). */
export interface WorkspaceMember {
  user_id: string
  user_type: 'OWNER' | 'COLLABORATOR'
}

/** A fresh state; `keep` carries the signing secret and user ids over a reset so issued tokens stay valid. */
export function emptyState(keep?: Pick<StateData, 'secret' | 'users' | 'service_account_id' | 'user_times'>): StateData {
  return {
    format: 1,
    secret: keep?.secret ?? randomBytes(32).toString('hex'),
    users: keep?.users ?? {},
    user_times: keep?.user_times ?? {},
    service_account_id: keep?.service_account_id ?? randomUUID(),
    counters: { workspace: 1, entity: 1, config: 1, pipeline: 1, deployment: 1 },
    workspaces: [],
    models: [],
    model_versions: [],
    pipelines: [],
    pipeline_versions: [],
    deployments: [],
    workspace_members: {}
  }
}

/** ISO timestamp with microseconds and `+00:00`, like the recorded responses. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00')
}

/** Frameworks the real platform runs natively (§6.1); every other framework runs in a container. */
export const NATIVE_FRAMEWORKS = new Set(['onnx', 'tensorflow', 'python'])

/** `config.runtime` for a framework (§6.1 "Runtime Display"). */
export function runtimeOf(framework: string): string {
  if (NATIVE_FRAMEWORKS.has(framework)) return framework
  return framework === 'mlflow' ? 'mlflow' : 'flight'
}

/** Status the model version reports; `settled` wins once set. */
export type { ModelStatus }
