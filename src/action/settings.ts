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
  'get-url',
  'sweep'
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

/** How far a value may be off its golden value: within when |got - expected| <= max(abs, rel * max(|got|, |expected|)). */
export interface Tolerance {
  abs: number
  rel: number
}

/** The `expected-output` file: one record of `out` fields per smoke-input row. */
export interface ExpectedOutput {
  path: string
  /** Per row, the expected value of each output field (field name → value, usually a list of numbers). */
  rows: Array<Record<string, unknown>>
}

/** What to do with this run's deployment when it fails (`on-failure`). */
export const FAILURE_POLICIES = ['rollback', 'undeploy', 'keep'] as const
export type FailurePolicy = (typeof FAILURE_POLICIES)[number]

/** When the post step removes what this run created (`teardown`). */
export const TEARDOWN_MODES = ['always', 'on-failure', 'never'] as const
export type TeardownMode = (typeof TEARDOWN_MODES)[number]

/** What the action knows of the workflow run it is part of (from the runner's GITHUB_* variables). */
export interface GithubContext {
  eventName?: string
  /** The pull request number on pull_request events. */
  prNumber?: number
  sha?: string
  /** owner/repo */
  repository?: string
  serverUrl?: string
  apiUrl?: string
  runId?: string
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
  /** First pause between status polls (`poll-interval`); the waits grow from it to a steady 5.5 s, then to a 15 s cap (steps/wait.ts). */
  pollIntervalMs: number
  smokeInput?: SmokeInput
  deploymentId?: number
  sourcePipeline?: string
  newPipeline?: string
  /** Golden answers the smoke inference must match within `tolerance`. */
  expectedOutput?: ExpectedOutput
  tolerance: Tolerance
  /** Absolute path the smoke answers are written to, in the format `expected-output` reads. */
  writeOutput?: string
  /** How long a deployment may stay in Error (or unschedulable) before the wait fails at once. */
  errorGraceMs: number
  onFailure: FailurePolicy
  teardown: TeardownMode
  /** The `pipeline` input as given, when `ephemeral` derived `pipeline` from it. */
  ephemeralBase?: string
  dryRun: boolean
  /** sweep: only pipelines whose names start with this. */
  prefix?: string
  /** sweep: pipelines older than this. */
  maxAgeMs?: number
  /** sweep: pipelines of closed pull requests. */
  closedPrs: boolean
  githubToken?: string
  github: GithubContext
  /** Write the sticky pull-request comment (default: on pull_request events). */
  comment: boolean
}
