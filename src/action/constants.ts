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
  NewPipeline: 'new-pipeline',
  ExpectedOutput: 'expected-output',
  Tolerance: 'tolerance',
  WriteOutput: 'write-output',
  ErrorGrace: 'error-grace',
  OnFailure: 'on-failure',
  Teardown: 'teardown',
  Ephemeral: 'ephemeral',
  DryRun: 'dry-run',
  Prefix: 'prefix',
  MaxAge: 'max-age',
  ClosedPrs: 'closed-prs',
  GithubToken: 'github-token',
  Comment: 'comment',
  // action-endpoints: service accounts, copy options
  ClientId: 'client-id',
  DeployCopy: 'deploy-copy',
  SourceVersion: 'source-version',
  // Champion and challenger (steps/compare-live.ts, steps/shadow.ts, steps/canary.ts, operations/promote.ts)
  CompareWithLive: 'compare-with-live',
  DecisionThreshold: 'decision-threshold',
  MaxLiveDeviation: 'max-live-deviation',
  MaxChangedRows: 'max-changed-rows',
  Strategy: 'strategy',
  CompareInput: 'compare-input',
  Promote: 'promote',
  CanaryWeight: 'canary-weight',
  HashKey: 'hash-key'
} as const
/** One input name. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

/** Defaults; action.yml must state the same values (a unit test compares them). */
export const InputDefaults: Partial<Record<InputName, string>> = {
  [Inputs.Operation]: 'deploy',
  [Inputs.CreateWorkspace]: 'true',
  [Inputs.Timeout]: '15m',
  [Inputs.RequestTimeout]: '60s',
  [Inputs.PollInterval]: '2s',
  [Inputs.DryRun]: 'false',
  // The runner fills this expression in; outside a workflow the literal text means "not given".
  [Inputs.GithubToken]: '${{ github.token }}'
}

/**
 * Defaults of operation-specific inputs. They are not in action.yml (a default there cannot be told from a
 * user's value, so a misplaced input could not be refused); the descriptions state them.
 */
export const OperationInputDefaults: Partial<Record<InputName, string>> = {
  [Inputs.Tolerance]: 'abs=1e-6,rel=1e-6',
  [Inputs.ErrorGrace]: '3m',
  [Inputs.OnFailure]: 'rollback',
  [Inputs.Teardown]: 'never',
  [Inputs.Ephemeral]: 'false',
  [Inputs.ClosedPrs]: 'false',
  [Inputs.DeployCopy]: 'false',
  // Champion and challenger
  [Inputs.Strategy]: 'basic',
  [Inputs.CompareWithLive]: 'false',
  [Inputs.Promote]: 'never'
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
  DurationSeconds: 'duration-seconds',
  Outcome: 'outcome',
  SmokePassed: 'smoke-passed',
  SmokeMaxDeviation: 'smoke-max-deviation',
  RolledBackTo: 'rolled-back-to',
  PipelineName: 'pipeline-name',
  Plan: 'plan',
  Swept: 'swept',
  // Champion and challenger
  LiveMaxDeviation: 'live-max-deviation',
  LiveChangedRows: 'live-changed-rows'
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
  Workspace: 'GITHUB_WORKSPACE',
  EventName: 'GITHUB_EVENT_NAME',
  EventPath: 'GITHUB_EVENT_PATH',
  Sha: 'GITHUB_SHA',
  Ref: 'GITHUB_REF',
  Repository: 'GITHUB_REPOSITORY',
  ServerUrl: 'GITHUB_SERVER_URL',
  ApiUrl: 'GITHUB_API_URL',
  RunId: 'GITHUB_RUN_ID',
  Token: 'GITHUB_TOKEN'
} as const

/** The deploy inputs of champion and challenger: strategy, comparison with what is live, gates, canary. */
const CHAMPION_CHALLENGER_INPUTS: InputName[] = [
  Inputs.Strategy,
  Inputs.CompareWithLive,
  Inputs.CompareInput,
  Inputs.DecisionThreshold,
  Inputs.MaxLiveDeviation,
  Inputs.MaxChangedRows,
  Inputs.Promote,
  Inputs.CanaryWeight,
  Inputs.HashKey
]

/** What promote and reject take besides the pipeline: the checks and failure policy of a deploy. */
const SETTLE_INPUTS: InputName[] = [
  Inputs.SmokeInput,
  Inputs.ExpectedOutput,
  Inputs.Tolerance,
  Inputs.WriteOutput,
  Inputs.ErrorGrace,
  Inputs.OnFailure,
  Inputs.Ephemeral
]

/** The engine settings and checks of a deploy: copy-pipeline takes them only when the copy is deployed (`deploy-copy: true`). */
export const CopyDeployInputs: InputName[] = [
  Inputs.Arch,
  Inputs.Gpus,
  Inputs.DeploymentLabel,
  Inputs.Cpus,
  Inputs.Memory,
  Inputs.Replicas,
  Inputs.EngineConfig,
  Inputs.SmokeInput,
  Inputs.ExpectedOutput,
  Inputs.Tolerance,
  Inputs.WriteOutput,
  Inputs.ErrorGrace,
  Inputs.OnFailure
]

/** Inputs that only some operations take; anything else given to an operation is an input error. */
export const OperationInputs: Record<Operation, { required: InputName[]; optional: InputName[] }> = {
  deploy: {
    required: [Inputs.Workspace, Inputs.Pipeline],
    optional: [
      Inputs.PipelineDefinition,
      Inputs.Models,
      // the engine settings and checks, which a deployed copy takes too
      ...CopyDeployInputs,
      Inputs.Teardown,
      Inputs.Ephemeral,
      Inputs.Comment,
      // Champion and challenger
      ...CHAMPION_CHALLENGER_INPUTS
    ]
  },
  'upload-model': { required: [Inputs.Workspace, Inputs.Models], optional: [] },
  'create-pipeline': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.PipelineDefinition, Inputs.Models, Inputs.Teardown, Inputs.Ephemeral] },
  undeploy: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId, Inputs.Ephemeral, Inputs.Comment] },
  'copy-pipeline': {
    required: [Inputs.Workspace, Inputs.SourcePipeline, Inputs.NewPipeline],
    // the copy's version and its deploy (then checked like a deploy)
    optional: [Inputs.Teardown, Inputs.SourceVersion, Inputs.DeployCopy, ...CopyDeployInputs]
  },
  status: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId, Inputs.Ephemeral] },
  infer: {
    required: [Inputs.Workspace, Inputs.Pipeline, Inputs.SmokeInput],
    optional: [Inputs.ExpectedOutput, Inputs.Tolerance, Inputs.WriteOutput, Inputs.ErrorGrace, Inputs.Ephemeral, Inputs.Comment]
  },
  'get-url': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.Ephemeral] },
  sweep: { required: [Inputs.Workspace, Inputs.Prefix], optional: [Inputs.MaxAge, Inputs.ClosedPrs] },
  // Champion and challenger: settle a canary or shadow on one model, checked like a deploy.
  promote: { required: [Inputs.Workspace, Inputs.Pipeline], optional: SETTLE_INPUTS },
  reject: { required: [Inputs.Workspace, Inputs.Pipeline], optional: SETTLE_INPUTS }
}

/**
 * Inputs checked against OperationInputs: every input some operation lists. Inputs with a default are left
 * out of OperationInputs, since a default cannot be told from a user's value.
 */
export const OperationSpecificInputs: InputName[] = [...new Set(Object.values(OperationInputs).flatMap(({ required, optional }) => [...required, ...optional]))]

/**
 * Operations that may create the workspace when it is missing; the others only read it. Not copy-pipeline:
 * its source must already be in that workspace, so creating it would only leave an empty workspace behind.
 */
export const OperationsCreatingWorkspace: readonly Operation[] = ['deploy', 'upload-model', 'create-pipeline']

/** The cap of the `smoke-output` output (GitHub outputs are small; the summary shows the rest). */
export const SMOKE_OUTPUT_MAX_BYTES = 4096

/** The wait loop's longest pause between polls, unless `poll-interval` is larger. */
export const MAX_POLL_INTERVAL_MS = 15_000

/**
 * The pause the waits hold (jittered ±20%) for their first STEADY_POLL_WINDOW_MS, unless `poll-interval` is larger:
 * a deployment's Running is then seen ~2.8 s after it happens on average, with fewer polls than a fixed 5 s loop
 * (native deploys take up to ~45 s, containerized ones 3–4 minutes, §10; `npm run bench` measures both figures).
 */
export const STEADY_POLL_INTERVAL_MS = 5_500

/** How long the waits poll at STEADY_POLL_INTERVAL_MS before backing off to MAX_POLL_INTERVAL_MS. */
export const STEADY_POLL_WINDOW_MS = 5 * 60_000

/**
 * A model conversion wait's first pause is `poll-interval` divided by this (500 ms by default): conversions take
 * seconds (1 s on the emulator), so a 2 s first pause made the action notice `ready` a second late.
 */
export const CONVERSION_FIRST_PAUSE_DIVISOR = 4
