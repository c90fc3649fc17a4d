import type { EngineConfig, PipelineDefinition } from '../wallaroo/types.js'

/** What the action does; `deploy` is the full flow. */
export const OPERATIONS = [
  'deploy',
  'upload-model',
  'create-pipeline',
  'undeploy',
  'copy-pipeline',
  'status',
  'infer',
  'get-url'
] as const
export type Operation = (typeof OPERATIONS)[number]

/** How the action authenticates (validated: exactly one way). */
export type AuthSettings =
  | { kind: 'token'; token: string }
  | { kind: 'password'; username: string; password: string; clientSecret?: string }

/** A model named in the `models` input: a file to upload, or an existing version to reuse. */
export type ModelSpec =
  | {
      kind: 'file'
      name: string
      /** Absolute path, checked readable while parsing inputs. */
      path: string
      /** `conversion.framework`; default 'onnx'. */
      framework: string
      arch?: string
      accel?: string
    }
  | { kind: 'existing'; name: string; version: string; sha: string }

/** The smoke-inference input file, already read and format-checked. */
export interface SmokeInput {
  path: string
  format: 'pandas-records' | 'arrow'
  body: Uint8Array
  /** Rows in the file (for the summary and golden checks). */
  rows: number
}

/** Every input, parsed and checked before the first call that changes server state. */
export interface ActionSettings {
  operation: Operation
  /** API base URL without trailing slash. */
  url: string
  /** Keycloak base URL; defaults to `url`. */
  authUrl: string
  auth: AuthSettings
  /** A workspace by name or by numeric id; undefined when the operation needs none. */
  workspace?: { name: string } | { id: number }
  createWorkspace: boolean
  pipeline?: string
  /** Explicit definition; when undefined, one ModelInference step per model, in order. */
  pipelineDefinition?: PipelineDefinition
  models: ModelSpec[]
  /** Built nested engine_config (§8.2) from arch/gpus/deployment-label/cpus/memory/replicas/engine-config. */
  engineConfig: EngineConfig
  /** Deploy wait deadline. */
  timeoutMs: number
  /** Per HTTP request. */
  requestTimeoutMs: number
  /** First pause between status polls (`poll-interval`); the loop backs off from it to a 15 s cap. Default 2000. */
  pollIntervalMs?: number
  smokeInput?: SmokeInput
  deploymentId?: number
  sourcePipeline?: string
  newPipeline?: string
}
