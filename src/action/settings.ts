import type { Credentials } from '../wallaroo/auth.js'
import type { EngineConfig, PipelineDefinition } from '../wallaroo/types.js'
import type { OnnxSignature } from './inputs/onnx-signature.js'

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
  'sweep',
  'promote',
  'reject'
] as const
export type Operation = (typeof OPERATIONS)[number]

/** How the action authenticates (validated: exactly one way); handed to the TokenProvider as is. */
export type AuthSettings = Credentials

/** A model named in the `models` input: a file to upload, or an existing version (by version + sha, or by numeric id). */
export type ModelSpec =
  | {
      kind: 'file'
      name: string
      /** Absolute path (for messages and the upload's file name). */
      path: string
      /** The file's size in bytes (it is read while uploading, never held whole). */
      size: number
      /** Hex SHA-256 of the file, hashed while parsing inputs (what the server stores as file_info.sha; the reuse key). */
      sha: string
      /** For ONNX files: the graph's inputs and outputs, read from the file (checking the smoke input against them). */
      signature?: OnnxSignature
      /** `conversion.framework`; default 'onnx'. */
      framework: string
      arch?: string
      accel?: string
      /** Base64 of an Arrow IPC schema message; required for non-native frameworks (§6.1). */
      inputSchema?: string
      outputSchema?: string
    }
  | { kind: 'existing'; name: string; version: string; sha: string }
  /** An existing model version by its numeric id (what uploads answer and `models` outputs as version_id). */
  | { kind: 'id'; name: string; versionId: number }

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

/** How `deploy` puts this run's models live (`strategy`): replace what runs, shadow it, or split traffic with it. */
export const STRATEGIES = ['basic', 'shadow', 'canary'] as const
export type Strategy = (typeof STRATEGIES)[number]

/** When a shadow deploy's challenger replaces the champion (`promote`). */
export const PROMOTE_POLICIES = ['never', 'if-within', 'always'] as const
export type PromotePolicy = (typeof PROMOTE_POLICIES)[number]

/** The limits a comparison with the champion must stay within (`max-live-deviation`, `max-changed-rows`). */
export interface ComparisonGates {
  /** The largest |challenger - champion| allowed. */
  maxDeviation?: number
  /** Changed rows allowed: a count, or a percentage of the rows compared. */
  maxChangedRows?: { count: number } | { percent: number }
}

/** Champion and challenger: the `strategy` of a deploy, its comparison with what is live, and the canary's split. */
export interface RolloutSettings {
  strategy: Strategy
  /** `compare-with-live` (strategy basic): compare the new version's answers with the live version's. */
  compareWithLive: boolean
  /** `compare-input`: the rows the comparison sends (default: `smoke-input`). */
  compareInput?: SmokeInput
  /** `decision-threshold`: one-value outputs change class when they cross it. */
  decisionThreshold?: number
  gates: ComparisonGates
  /** `promote` (strategy shadow). */
  promote: PromotePolicy
  /** `canary-weight`: the challenger's share of requests in percent (strategy canary). */
  canaryWeight?: number
  /** `hash-key`: the input column whose value keeps a caller on one model (strategy canary). */
  hashKey?: string
}

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
  /** `source-pipeline` given as a numeric pipeline id (servers without list_pipelines cannot look a name up). */
  sourcePipelineId?: number
  newPipeline?: string
  /** copy-pipeline: the UUID of the source's version to copy (`source-version`); default its latest. */
  sourceVersion?: string
  /** copy-pipeline: deploy the copy, wait for it and check it like `deploy` (`deploy-copy`). */
  deployCopy: boolean
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
  /** Warnings about inputs that are accepted but look wrong (e.g. an unknown engine-config key); logged at the start. */
  inputWarnings?: string[]
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
  /** Strategy, comparison and canary settings (deploy); absent means a basic deploy without comparison. */
  rollout?: RolloutSettings
}
