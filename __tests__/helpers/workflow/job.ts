/**
 * One job of a local run, as the runner executes it: job-level expressions (name, environment, concurrency,
 * env, defaults, timeout), the token and secrets, the main steps in order, then post steps in reverse order,
 * the job's outputs (skipping any that reveal a secret, as the runner does), the environment URL, and the
 * orphan-process cleanup. Job status follows the runner: failure sticks, cancellation wins.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Annotation } from './commands.js'
import { Masker, parseFileCommands, parsePathFile } from './commands.js'
import type { RunDefaults, JobDefinition } from './definitions.js'
import { evaluateTemplate, evaluateValue, isTruthy, valueToString, type EvalEnv, type Scope } from './expressions.js'
import type { MatrixCombination } from './matrix.js'
import { effectivePermissions, type Permissions } from './permissions.js'
import { cleanUpOrphans } from './processes.js'
import type { RunContext } from './run-context.js'
import { at, SCOPES } from './scopes.js'
import { runMainSteps, runPostSteps, type PostStep, type StepsContext } from './steps.js'
import type { Conclusion, JobResult, StepResult } from './types.js'

/** What a job needs to know before it starts. */
export interface JobPlan {
  definition: JobDefinition
  matrix?: MatrixCombination
  strategy: { 'fail-fast': boolean; 'job-index': number; 'job-total': number; 'max-parallel': number }
  /** needs.<id>.result / outputs of the jobs it needs. */
  needs: Record<string, { result: Conclusion; outputs: Record<string, string> }>
}

/** Paths of one step's file commands. */
export interface FileCommandPaths {
  GITHUB_OUTPUT: string
  GITHUB_ENV: string
  GITHUB_PATH: string
  GITHUB_STATE: string
  GITHUB_STEP_SUMMARY: string
}

/** Default job timeout of GitHub-hosted runners. */
const DEFAULT_JOB_TIMEOUT_MINUTES = 360

/** The state of a running job that its steps read and change. */
export class JobExecution {
  status: 'success' | 'failure' | 'cancelled' = 'success'
  readonly masker = new Masker()
  readonly annotations: Annotation[] = []
  readonly summaries: string[] = []
  /** The env context: workflow env, job env, then GITHUB_ENV writes. */
  globalEnv: Record<string, string>
  /** GITHUB_PATH entries, in the order written (the last comes first in PATH). */
  readonly prependPath: string[] = []
  readonly posts: PostStep[] = []
  readonly temp: string
  readonly trackingId = `github_${randomUUID()}`
  token = ''
  secrets: Record<string, string> = {}
  vars: Record<string, string> = {}
  permissions: Permissions = {}
  defaults: RunDefaults = {}
  private cancelListeners = new Set<() => void>()
  private fileCounter = 0
  timedOut = false

  constructor(
    readonly run: RunContext,
    readonly plan: JobPlan,
    readonly index: number
  ) {
    this.globalEnv = { ...run.workflowEnv }
    this.temp = path.join(run.tempRoot, `${plan.definition.id}-${index}`)
    mkdirSync(path.join(this.temp, '_runner_file_commands'), { recursive: true })
  }

  get id(): string {
    return this.plan.definition.id
  }

  /** Marks the job cancelled and tells running steps (which re-check their `if:`). */
  cancel(): void {
    if (this.status === 'cancelled') return
    this.status = 'cancelled'
    for (const listener of [...this.cancelListeners]) listener()
  }

  /** Subscribes to cancellation of this job; returns an unsubscribe function. */
  onCancel(listener: () => void): () => void {
    this.cancelListeners.add(listener)
    return () => this.cancelListeners.delete(listener)
  }

  /** A step's failure makes the job fail, unless it is already cancelled (cancellation wins, as on the runner). */
  markFailed(): void {
    if (this.status === 'success') this.status = 'failure'
  }

  /** Adds a runner-made annotation (the job's, not a step's). */
  annotate(annotation: Annotation): void {
    this.annotations.push(annotation)
  }

  /** The `github` context for a step (or the job when `action` is not given). */
  github(action?: string, actionPath?: string): Record<string, unknown> {
    const { run } = this
    const [owner] = run.repo.repository.split('/')
    return {
      action: action ?? '',
      action_path: actionPath ?? '',
      action_ref: '',
      action_repository: '',
      actor: run.repo.actor,
      actor_id: '1',
      api_url: run.apiUrl,
      base_ref: run.event.baseRef,
      event: run.event.payload,
      event_name: run.event.name,
      event_path: run.eventPath,
      graphql_url: `${run.apiUrl}/graphql`,
      head_ref: run.event.headRef,
      job: this.id,
      ref: run.event.ref,
      ref_name: run.event.refName,
      ref_protected: false,
      ref_type: run.event.refType,
      repository: run.repo.repository,
      repository_id: '1',
      repository_owner: owner,
      repository_owner_id: '1',
      repositoryUrl: `git://github.com/${run.repo.repository}.git`,
      retention_days: '90',
      run_attempt: String(run.options.runAttempt),
      run_id: String(run.options.runId),
      run_number: String(run.options.runNumber),
      secret_source: 'Actions',
      server_url: 'https://github.com',
      sha: run.event.sha,
      token: this.token,
      triggering_actor: run.repo.actor,
      workflow: run.workflowName,
      workflow_ref: `${run.repo.repository}/${path.relative(run.workspace, run.workflow.file)}@${run.event.ref}`,
      workflow_sha: run.event.sha,
      workspace: run.workspace
    }
  }

  /** The `runner` context. */
  runnerContext(): Record<string, unknown> {
    return {
      os: 'Linux',
      arch: 'X64',
      name: 'local-runner',
      environment: 'github-hosted',
      temp: this.temp,
      tool_cache: path.join(this.temp, '_tool'),
      debug: this.run.options.debug ? '1' : ''
    }
  }

  /** The contexts job-level expressions read (before any step). */
  jobContexts(): Record<string, unknown> {
    return {
      github: this.github(),
      needs: this.plan.needs,
      strategy: this.plan.strategy,
      matrix: this.plan.matrix ?? {},
      vars: this.vars,
      secrets: this.secrets,
      inputs: this.run.inputs,
      job: { status: this.status, container: {}, services: {} },
      runner: this.runnerContext(),
      env: this.globalEnv
    }
  }

  /** Status functions as job steps see them. */
  statusFunctions(): EvalEnv['status'] {
    return { success: this.status === 'success', failure: this.status === 'failure', cancelled: this.status === 'cancelled' }
  }

  /** The environment of a step's process: host, runner variables, env context, the step's env, file commands. */
  processEnv(stepEnv: Record<string, string>, files: FileCommandPaths, extra: Record<string, string>): Record<string, string> {
    const { run } = this
    const [owner] = run.repo.repository.split('/')
    const runnerVars: Record<string, string> = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKFLOW: run.workflowName,
      GITHUB_WORKFLOW_REF: String(this.github().workflow_ref),
      GITHUB_RUN_ID: String(run.options.runId),
      GITHUB_RUN_NUMBER: String(run.options.runNumber),
      GITHUB_RUN_ATTEMPT: String(run.options.runAttempt),
      GITHUB_JOB: this.id,
      GITHUB_ACTOR: run.repo.actor,
      GITHUB_ACTOR_ID: '1',
      GITHUB_TRIGGERING_ACTOR: run.repo.actor,
      GITHUB_REPOSITORY: run.repo.repository,
      GITHUB_REPOSITORY_ID: '1',
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_REPOSITORY_OWNER_ID: '1',
      GITHUB_EVENT_NAME: run.event.name,
      GITHUB_EVENT_PATH: run.eventPath,
      GITHUB_WORKSPACE: run.workspace,
      GITHUB_SHA: run.event.sha,
      GITHUB_REF: run.event.ref,
      GITHUB_REF_NAME: run.event.refName,
      GITHUB_REF_TYPE: run.event.refType,
      GITHUB_REF_PROTECTED: 'false',
      GITHUB_HEAD_REF: run.event.headRef,
      GITHUB_BASE_REF: run.event.baseRef,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: run.apiUrl,
      GITHUB_GRAPHQL_URL: `${run.apiUrl}/graphql`,
      GITHUB_RETENTION_DAYS: '90',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'local-runner',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_TEMP: this.temp,
      RUNNER_TOOL_CACHE: path.join(this.temp, '_tool'),
      ...(run.options.debug ? { RUNNER_DEBUG: '1' } : {})
    }
    const env: Record<string, string> = {
      ...run.hostEnv,
      ...runnerVars,
      ...this.globalEnv,
      ...stepEnv,
      ...files,
      ...extra,
      RUNNER_TRACKING_ID: this.trackingId
    }
    if (this.prependPath.length > 0) env.PATH = [...this.prependPath].reverse().join(path.delimiter) + path.delimiter + (env.PATH ?? '')
    return env
  }

  /** Creates the (empty) file-command files of one step. */
  newFileCommands(): FileCommandPaths {
    const n = ++this.fileCounter
    const dir = path.join(this.temp, '_runner_file_commands')
    const files: FileCommandPaths = {
      GITHUB_OUTPUT: path.join(dir, `set_output_${n}`),
      GITHUB_ENV: path.join(dir, `set_env_${n}`),
      GITHUB_PATH: path.join(dir, `add_path_${n}`),
      GITHUB_STATE: path.join(dir, `save_state_${n}`),
      GITHUB_STEP_SUMMARY: path.join(dir, `step_summary_${n}`)
    }
    // @actions/core refuses to write to a file command that does not exist.
    for (const file of Object.values(files)) writeFileSync(file, '')
    return files
  }

  /** Applies a finished step's GITHUB_ENV and GITHUB_PATH; returns its outputs, state and (masked) summary. */
  readFileCommands(files: FileCommandPaths): { outputs: Record<string, string>; state: Record<string, string>; summary: string } {
    const env = parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV')
    for (const [name, value] of Object.entries(env)) {
      // The runner refuses NODE_OPTIONS from GITHUB_ENV (it would reach every later node action).
      if (name.toUpperCase() === 'NODE_OPTIONS') throw new Error("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.")
      this.globalEnv[name] = value
    }
    for (const entry of parsePathFile(readFileSync(files.GITHUB_PATH, 'utf8'))) this.prependPath.push(entry)
    const summary = this.masker.mask(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'))
    if (summary) this.summaries.push(summary)
    return {
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT'),
      state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'), 'GITHUB_STATE'),
      summary
    }
  }
}

function evaluateJobValue<T>(job: JobExecution, value: unknown, scope: Scope, convert: (v: unknown) => T): T {
  const env: EvalEnv = { contexts: job.jobContexts(), status: job.statusFunctions(), workspace: job.run.workspace }
  return convert(evaluateValue(value, env, scope))
}

function evaluateStringMap(job: JobExecution, map: Record<string, unknown>, scope: Scope): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(map)) {
    result[name] = valueToString(evaluateJobValue(job, value, at(scope, `${scope.where}.${name}`), (v) => v))
  }
  return result
}

function minutes(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : Number(valueToString(value))
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${where}: timeout-minutes must be a positive number, got ${JSON.stringify(value)}`)
  return n
}

/** Chooses the token and the secrets and vars a job sees (environment ones over repository ones; none on forks). */
function setUpCredentials(job: JobExecution, environmentName: string | undefined): void {
  const { run } = job
  const def = job.plan.definition
  job.permissions = effectivePermissions(
    def.permissions,
    run.workflow.permissions,
    `${run.workflow.file}: jobs.${def.id}`,
    run.options.defaultPermissions,
    run.event.fork
  )
  const api = run.options.githubApi
  job.token = api ? api.issueToken(job.permissions, run.repo.repository) : (run.options.githubToken ?? `ghs_local${randomBytes(16).toString('hex')}`)
  const environment = environmentName ? run.options.environments[environmentName] : undefined
  // Pull requests from forks get no secrets and no variables, only a read-only GITHUB_TOKEN.
  job.secrets = run.event.fork ? {} : { ...run.options.secrets, ...(environment?.secrets ?? {}) }
  job.secrets.GITHUB_TOKEN = job.token
  job.vars = run.event.fork ? {} : { ...run.options.vars, ...(environment?.vars ?? {}) }
  for (const value of Object.values(job.secrets)) job.masker.add(value)
}

/** Job-level settings evaluated before the steps. */
interface JobSettings {
  name: string
  environment?: { name: string; url?: string }
  concurrency?: { group: string; cancelInProgress: boolean }
  timeoutMinutes: number
  continueOnError: boolean
}

function evaluateJobSettings(job: JobExecution, displayName: string): JobSettings {
  const def = job.plan.definition
  const where = `jobs.${def.id}`
  const setting = (key: string) => at(SCOPES.jobSetting, `${where}.${key}`)
  const settings: JobSettings = { name: displayName, timeoutMinutes: DEFAULT_JOB_TIMEOUT_MINUTES, continueOnError: false }
  if (def.name !== undefined) settings.name = evaluateJobValue(job, def.name, setting('name'), valueToString)
  if (def.environment !== undefined) {
    const raw = def.environment
    const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).name : raw
    settings.environment = { name: evaluateJobValue(job, name, setting('environment'), valueToString) }
  }
  if (def.concurrency !== undefined) settings.concurrency = concurrencyOf(evaluateJobValue(job, def.concurrency, setting('concurrency'), (v) => v))
  if (def.timeoutMinutes !== undefined)
    settings.timeoutMinutes = minutes(
      evaluateJobValue(job, def.timeoutMinutes, setting('timeout-minutes'), (v) => v),
      where
    )
  if (def.continueOnError !== undefined) settings.continueOnError = evaluateJobValue(job, def.continueOnError, setting('continue-on-error'), isTruthy)
  return settings
}

/** `concurrency:` as a group name or `{group, cancel-in-progress}`. */
export function concurrencyOf(value: unknown): { group: string; cancelInProgress: boolean } {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>
    return { group: valueToString(v.group), cancelInProgress: isTruthy(v['cancel-in-progress']) }
  }
  return { group: valueToString(value), cancelInProgress: false }
}

/** Evaluates the job's `outputs:`; values that reveal a masked value are skipped with the runner's warning. */
function jobOutputs(job: JobExecution, steps: StepsContext): Record<string, string> {
  const outputs: Record<string, string> = {}
  const env: EvalEnv = { contexts: { ...job.jobContexts(), steps }, workspace: job.run.workspace }
  for (const [name, template] of Object.entries(job.plan.definition.outputs)) {
    const value = evaluateTemplate(template, env, at(SCOPES.jobOutputs, `jobs.${job.id}.outputs.${name}`))
    if (job.masker.revealsSecret(value)) {
      job.annotate({ level: 'warning', message: `Skip output '${name}' since it may contain secret.` })
      continue
    }
    outputs[name] = value
  }
  return outputs
}

/** Runs one job (one matrix combination) to its end. Never throws for the job's own failures. */
export async function runJob(run: RunContext, plan: JobPlan, index: number, displayName: string): Promise<JobResult> {
  const job = new JobExecution(run, plan, index)
  const def = plan.definition
  const steps: StepResult[] = []
  let settings: JobSettings = { name: displayName, timeoutMinutes: DEFAULT_JOB_TIMEOUT_MINUTES, continueOnError: false }
  const stepsContext: StepsContext = {}
  let outputs: Record<string, string> = {}
  let runsOn: unknown = def.runsOn
  const stopObserving = run.observeStart(def.id)
  // A job that starts after the run was cancelled (its if holds, e.g. always()) runs its steps normally.
  const unsubscribeRun = run.cancellation.cancelled ? () => {} : run.cancellation.on(() => job.cancel())
  let timeout: NodeJS.Timeout | undefined
  let environmentUrl: string | undefined

  const failJob = (message: string) => {
    job.annotate({ level: 'error', message })
    job.markFailed()
  }

  try {
    // Credentials need the environment's name (its secrets), which only reads github/needs/matrix/vars/inputs.
    job.vars = run.options.vars
    try {
      const environmentName = def.environment === undefined ? undefined : evaluateJobSettings(job, displayName).environment?.name
      setUpCredentials(job, environmentName)
      // The workflow's env per job: it may read secrets, and each job has its own token.
      job.globalEnv = { ...job.globalEnv, ...evaluateStringMap(job, run.workflow.env, at(SCOPES.workflowEnv, 'env')) }
      settings = evaluateJobSettings(job, displayName)
      runsOn = evaluateJobValue(job, def.runsOn, at(SCOPES.jobSetting, `jobs.${def.id}.runs-on`), (v) => v)
      job.globalEnv = { ...job.globalEnv, ...evaluateStringMap(job, def.env, at(SCOPES.jobEnv, `jobs.${def.id}.env`)) }
      const jobDefaults = {
        shell:
          def.defaults.shell === undefined
            ? undefined
            : evaluateJobValue(job, def.defaults.shell, at(SCOPES.jobDefaults, `jobs.${def.id}.defaults.run.shell`), valueToString),
        workingDirectory:
          def.defaults.workingDirectory === undefined
            ? undefined
            : evaluateJobValue(job, def.defaults.workingDirectory, at(SCOPES.jobDefaults, `jobs.${def.id}.defaults.run.working-directory`), valueToString)
      }
      job.defaults = { shell: jobDefaults.shell ?? run.defaults.shell, workingDirectory: jobDefaults.workingDirectory ?? run.defaults.workingDirectory }
    } catch (e) {
      failJob(`jobs.${def.id}: ${(e as Error).message}`)
    }

    if (job.status === 'success' || job.status === 'cancelled') {
      timeout = setTimeout(() => {
        job.timedOut = true
        job.annotate({
          level: 'error',
          message: `The job running on runner local-runner has exceeded the maximum execution time of ${settings.timeoutMinutes} minutes.`
        })
        job.cancel()
      }, settings.timeoutMinutes * 60_000)
      steps.push(...(await runMainSteps(job, def.steps, stepsContext)))
      steps.push(...(await runPostSteps(job)))
    }
    clearTimeout(timeout)

    try {
      outputs = jobOutputs(job, stepsContext)
    } catch (e) {
      failJob(`jobs.${def.id}.outputs: ${(e as Error).message}`)
    }
    const rawEnvironment = def.environment
    if (settings.environment && rawEnvironment && typeof rawEnvironment === 'object' && (rawEnvironment as Record<string, unknown>).url !== undefined) {
      try {
        const env: EvalEnv = { contexts: { ...job.jobContexts(), steps: stepsContext }, workspace: run.workspace }
        environmentUrl = evaluateTemplate(
          String((rawEnvironment as Record<string, unknown>).url),
          env,
          at(SCOPES.environmentUrl, `jobs.${def.id}.environment.url`)
        )
      } catch (e) {
        failJob(`jobs.${def.id}.environment.url: ${(e as Error).message}`)
      }
    }
  } finally {
    clearTimeout(timeout)
    unsubscribeRun()
    stopObserving()
  }

  const orphans = await cleanUpOrphans(job.trackingId, run.options.orphanGraceMs)
  let result: Conclusion = job.status
  if (result === 'failure' && settings.continueOnError) result = 'success'
  return {
    id: def.id,
    name: settings.name,
    matrix: plan.matrix,
    result,
    outputs,
    steps,
    environment: settings.environment ? { name: settings.environment.name, url: environmentUrl } : undefined,
    concurrency: settings.concurrency,
    permissions: job.permissions,
    runsOn,
    annotations: [...job.annotations, ...collectAnnotations(steps)],
    summary: job.summaries.join(''),
    orphans,
    masks: job.masker.list(),
    timedOut: job.timedOut || undefined
  }
}

function collectAnnotations(steps: StepResult[]): Annotation[] {
  return steps.flatMap((step) => step.annotations)
}
