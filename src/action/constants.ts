/**
 * Every input, output and state name of the action in one table (like actions/cache src/constants.ts),
 * so action.yml, inputs.ts, outputs.ts and the docs generator cannot drift apart.
 */
import type { Operation } from './settings.js'

/** Input names exactly as written in action.yml. */
export const Inputs = {
  Operation: 'operation',
  Url: 'url',
  Token: 'token',
  Username: 'username',
  Password: 'password',
  ClientSecret: 'client-secret',
  AuthUrl: 'auth-url',
  Workspace: 'workspace',
  CreateWorkspace: 'create-workspace',
  Pipeline: 'pipeline',
  PipelineDefinition: 'pipeline-definition',
  Models: 'models',
  Arch: 'arch',
  Gpus: 'gpus',
  DeploymentLabel: 'deployment-label',
  Cpus: 'cpus',
  Memory: 'memory',
  Replicas: 'replicas',
  EngineConfig: 'engine-config',
  Timeout: 'timeout',
  RequestTimeout: 'request-timeout',
  PollInterval: 'poll-interval',
  SmokeInput: 'smoke-input',
  DeploymentId: 'deployment-id',
  SourcePipeline: 'source-pipeline',
  NewPipeline: 'new-pipeline'
} as const
/** One input name. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

/** Defaults; action.yml must state the same values (a unit test compares them). */
export const InputDefaults: Partial<Record<InputName, string>> = {
  [Inputs.Operation]: 'deploy',
  [Inputs.CreateWorkspace]: 'true',
  [Inputs.Timeout]: '15m',
  [Inputs.RequestTimeout]: '60s',
  [Inputs.PollInterval]: '2s'
}

/** Output names exactly as written in action.yml. */
export const Outputs = {
  WorkspaceId: 'workspace-id',
  PipelineId: 'pipeline-id',
  PipelineVersionId: 'pipeline-version-id',
  PipelineVersion: 'pipeline-version',
  DeploymentId: 'deployment-id',
  DeploymentName: 'deployment-name',
  Status: 'status',
  InferenceUrl: 'inference-url',
  Models: 'models',
  SmokeOutput: 'smoke-output',
  SmokeLatencyMs: 'smoke-latency-ms',
  DurationSeconds: 'duration-seconds'
} as const
/** One output name. */
export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** core.saveState keys: what a later `post:` step (teardown, rollback) reads back. */
export const State = {
  RunRecord: 'wallaroo-run-record'
} as const

/** Environment fallbacks, named as the Wallaroo SDK names them (§2.2). */
export const Env = {
  Url: 'WALLAROO_URL',
  User: 'WALLAROO_USER',
  Password: 'WALLAROO_PASSWORD',
  Workspace: 'GITHUB_WORKSPACE'
} as const

/** Inputs that only some operations take; anything else given to an operation is an input error. */
export const OperationInputs: Record<Operation, { required: InputName[]; optional: InputName[] }> = {
  deploy: {
    required: [Inputs.Workspace, Inputs.Pipeline],
    optional: [
      Inputs.PipelineDefinition,
      Inputs.Models,
      Inputs.Arch,
      Inputs.Gpus,
      Inputs.DeploymentLabel,
      Inputs.Cpus,
      Inputs.Memory,
      Inputs.Replicas,
      Inputs.EngineConfig,
      Inputs.SmokeInput
    ]
  },
  'upload-model': { required: [Inputs.Workspace, Inputs.Models], optional: [] },
  'create-pipeline': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.PipelineDefinition, Inputs.Models] },
  undeploy: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId] },
  'copy-pipeline': { required: [Inputs.Workspace, Inputs.SourcePipeline, Inputs.NewPipeline], optional: [] },
  status: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId] },
  infer: { required: [Inputs.Workspace, Inputs.Pipeline, Inputs.SmokeInput], optional: [] },
  'get-url': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [] }
}

/**
 * Inputs checked against OperationInputs: every input some operation lists. Inputs with a default are left
 * out of OperationInputs, since a default cannot be told from a user's value.
 */
export const OperationSpecificInputs: InputName[] = [
  ...new Set(Object.values(OperationInputs).flatMap(({ required, optional }) => [...required, ...optional]))
]

/**
 * Operations that may create the workspace when it is missing; the others only read it. Not copy-pipeline:
 * its source must already be in that workspace, so creating it would only leave an empty workspace behind.
 */
export const OperationsCreatingWorkspace: readonly Operation[] = ['deploy', 'upload-model', 'create-pipeline']

/** The cap of the `smoke-output` output (GitHub outputs are small; the summary shows the rest). */
export const SMOKE_OUTPUT_MAX_BYTES = 4096

/** The wait loop's longest pause between polls, unless `poll-interval` is larger. */
export const MAX_POLL_INTERVAL_MS = 15_000
