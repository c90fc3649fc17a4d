/**
 * The options and results of a local workflow run (see `runWorkflow` in ../workflow-runner.ts).
 */
import type { Annotation } from './commands.js'
import type { EventSpec, PullRequestInfo } from './events.js'
import type { DefaultPermissions, Permissions } from './permissions.js'
import type { OrphanProcess } from './processes.js'

/** How a step, job or run ended, with GitHub's names. */
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped'

/** What the runner needs from a GitHub API stand-in: its URL, tokens with permissions, known pull requests. */
export interface GitHubApiForRuns {
  /** Base URL, given to steps as GITHUB_API_URL. */
  readonly url: string
  /** A token (github.token) whose requests the stand-in allows as `permissions` allow, for `repository`. */
  issueToken(permissions: Permissions, repository: string): string
  /** Makes the event's pull request known, so GET /pulls/{n} agrees with the payload. */
  recordPullRequest(repository: string, pr: PullRequestInfo): void
}

/** When to cancel the run, as a user pressing "Cancel workflow" would. All given conditions must hold. */
export interface CancelAt {
  /** When a log line (as masked) contains this text or matches this pattern. */
  line?: string | RegExp
  /** This long after the start of the step (`step` given), of the job (`job` given) or of the run. */
  afterMs?: number
  /** Only in this job (id). */
  job?: string
  /** Only in this step (id or display name). */
  step?: string
}

/** Secrets and variables of a deployment environment (`environment:` of a job), over the repository's. */
export interface EnvironmentSettings {
  secrets?: Record<string, string>
  vars?: Record<string, string>
}

/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions {
  /** The event (default: a push to the default branch). */
  event?: EventSpec
  /** Repository secrets (`secrets.*`); each value is masked. GITHUB_TOKEN is added. */
  secrets?: Record<string, string>
  /** Repository variables (`vars.*`). */
  vars?: Record<string, string>
  /** Deployment environments by name: their secrets and vars apply to jobs that declare them. */
  environments?: Record<string, EnvironmentSettings>
  /**
   * Environment for every step, also visible as `env.*` (beneath the workflow's `env:`). `ACT=true` is
   * always added (nektos/act's convention), so a workflow can skip steps locally with `if: ${{ !env.ACT }}`.
   */
  env?: Record<string, string>
  /** The workspace (GITHUB_WORKSPACE, the checkout): `uses: ./…` and relative paths resolve here. Default: cwd. */
  cwd?: string
  /** `owner/name` of the repository the run pretends to be in (default octo-org/wallaroo-action). */
  repository?: string
  /** Default branch (default main). */
  defaultBranch?: string
  /** github.actor (default octocat). */
  actor?: string
  /**
   * Repositories whose actions are this checkout: `uses: <owner>/<name>[/<dir>]@<ref>` runs `<actionRoot>/<dir>`
   * when `<name>` (any owner) or `<owner>/<name>` is listed. Default: ['wallaroo-action'].
   */
  actionRepositories?: string[]
  /** The checkout those `uses:` map to (default: this project's root). */
  actionRoot?: string
  /** More `owner/name` actions to treat as no-ops (besides actions/checkout, actions/setup-node …). */
  noopActions?: string[]
  /** Node binary for node actions (default: ACTION_NODE from the environment, else this process's node). */
  node?: string
  /** A GitHub API stand-in: per-job tokens with the job's permissions, and the PR of the event. */
  githubApi?: GitHubApiForRuns
  /** GITHUB_API_URL when no stand-in is given (default: an address that refuses connections). */
  githubApiUrl?: string
  /** github.token when no stand-in is given (default: a random ghs_ token). */
  githubToken?: string
  /** The repository's default token permissions (default restricted, as for repositories since 2023). */
  defaultPermissions?: DefaultPermissions
  /** Cancel the run at a chosen moment. */
  cancelAt?: CancelAt
  /** Aborting it cancels the run. */
  signal?: AbortSignal
  /** SIGINT → SIGTERM on cancellation (default 7500 ms, as the runner). */
  sigintGraceMs?: number
  /** SIGTERM → SIGKILL of the process tree (default 2500 ms, as the runner). */
  sigtermGraceMs?: number
  /** Grace for background processes at job end, SIGTERM → SIGKILL (default 2000 ms). */
  orphanGraceMs?: number
  /** Keep `::debug::` lines in logs and set RUNNER_DEBUG=1 (as re-running with debug logging). */
  debug?: boolean
  /** Each log line as it happens (masked), e.g. to stream a run while writing a test. */
  onLog?: (line: string, where: { job: string; step: string }) => void
  /** github.run_id / run_number / run_attempt (defaults 1000, 1, 1). */
  runId?: number
  runNumber?: number
  runAttempt?: number
  /** Keep RUNNER_TEMP (event file, file commands, scripts) after the run, for debugging. */
  keepTemp?: boolean
}

/** One step as it ran (or was skipped). */
export interface StepResult {
  /** The step's `id:`, if it has one. */
  id?: string
  /** Display name: `name:` evaluated, else `Run <command>` / `Run <action>`; post steps are `Post <name>`. */
  name: string
  phase: 'main' | 'post'
  uses?: string
  /** Before continue-on-error (steps.<id>.outcome). */
  outcome: Conclusion
  /** After continue-on-error (steps.<id>.conclusion). */
  conclusion: Conclusion
  outputs: Record<string, string>
  /** The step's log as GitHub shows it: masked, commands rendered as `##[error]…`, `##[group]…`. */
  log: string[]
  annotations: Annotation[]
  /** What the step appended to GITHUB_STEP_SUMMARY (masked). */
  summary: string
  exitCode?: number | null
  /** Signals the runner sent it (cancellation, timeout). */
  signalsSent?: string[]
  /** Why the runner failed or refused the step (expression error, unknown action, timeout …). */
  error?: string
  /** Inner steps of a composite action. */
  steps?: StepResult[]
  durationMs: number
}

/** One job (one combination of a matrix) as it ran. */
export interface JobResult {
  /** The job's id in the workflow. */
  id: string
  /** Display name (matrix values appended, as GitHub shows it). */
  name: string
  matrix?: Record<string, unknown>
  /** needs.<job>.result: success, failure, cancelled or skipped. */
  result: Conclusion
  /** Why the job was skipped or not run. */
  reason?: string
  outputs: Record<string, string>
  /** Main steps in order, then post steps in the order they ran. */
  steps: StepResult[]
  environment?: { name: string; url?: string }
  concurrency?: { group: string; cancelInProgress: boolean }
  /** The token's effective permissions. */
  permissions: Permissions
  runsOn: unknown
  /** All annotations of the job (steps' and the runner's). */
  annotations: Annotation[]
  /** The job summary (all steps' GITHUB_STEP_SUMMARY, masked). */
  summary: string
  /** Background processes the job left running, ended at its end. */
  orphans: OrphanProcess[]
  /** The values masked in this job (secrets and ::add-mask::). For assertions only. */
  masks: string[]
  /** True when timeout-minutes of the job ran out. */
  timedOut?: boolean
}

/** A whole local run. */
export interface WorkflowResult {
  file: string
  /** The workflow's name (or its file path, as GitHub shows it). */
  name: string
  runName: string
  event: { name: string; action?: string; ref: string; sha: string; payload: Record<string, unknown> }
  /** False when `on:` does not let the event through (then `reason` says why and no job ran). */
  triggered: boolean
  reason?: string
  /** Things the local run could not check (e.g. paths filters without changed files). */
  notes: string[]
  conclusion: Conclusion
  concurrency?: { group: string; cancelInProgress: boolean }
  /** Jobs in the order they ran (matrix combinations one by one). */
  jobs: JobResult[]
  /** True when the run was cancelled (cancelAt, signal). */
  cancelled: boolean
}
