import type { Credentials } from '../wallaroo/auth.js'
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

/** How the action authenticates (validated: exactly one way); handed to the TokenProvider as is. */
export type AuthSettings = Credentials

/** A model named in the `models` input: a file to upload, or an existing version to reuse. */
export type ModelSpec =
  | {
      kind: 'file'
      name: string
      /** Absolute path (for messages and the upload's file name). */
      path: string
      /** The file's bytes, read once while parsing inputs. */
      bytes: Uint8Array
      /** Hex SHA-256 of `bytes` (what the server stores as file_info.sha; the reuse key). */
      sha: string
      /** `conversion.framework`; default 'onnx'. */
      framework: string
      arch?: string
      accel?: string
      /** Base64 of an Arrow IPC schema message; required for non-native frameworks (§6.1). */
      inputSchema?: string
      outputSchema?: string
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
  /** First pause between status polls (`poll-interval`); the loop backs off from it to a 15 s cap. */
  pollIntervalMs: number
  smokeInput?: SmokeInput
  deploymentId?: number
  sourcePipeline?: string
  newPipeline?: string
}
