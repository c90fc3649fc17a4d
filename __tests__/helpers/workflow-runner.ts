/**
 * A local executor of GitHub Actions workflow files, for tests that prove a workflow works before it reaches
 * GitHub: `runWorkflow(file, { event, secrets, vars, env, cwd, cancelAt, githubApi })` parses the file, picks
 * the jobs the event starts (honouring `on:` filters and job `if:`), runs them in `needs:` order with bash
 * steps, local actions (node with post steps, composite) and GitHub's expression rules, and returns every
 * job's and step's outcome, outputs, masked log, annotations and summary. `describeWorkflowRun` turns a result into
 * the text a failing assertion should show. Semantics and limits: __tests__/helpers/workflow/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_NOOP_ACTIONS } from './workflow/actions.js'
import { readWorkflow, type JobDefinition, type WorkflowDefinition } from './workflow/definitions.js'
import { dispatchInputs, matchTrigger, resolveEvent, type RepositoryInfo } from './workflow/events.js'
import { evaluateCondition, evaluateTemplate, evaluateValue, isTruthy, valueToString, type EvalEnv } from './workflow/expressions.js'
import { concurrencyOf, runJob, type JobPlan } from './workflow/job.js'
import { expandMatrix, matrixJobName } from './workflow/matrix.js'
import { Cancellation, cancelTriggers, type ResolvedOptions, type RunContext } from './workflow/run-context.js'
import { at, SCOPES } from './workflow/scopes.js'
import type { Conclusion, JobResult, RunWorkflowOptions, StepResult, WorkflowResult } from './workflow/types.js'

export type {
  CancelAt,
  Conclusion,
  EnvironmentSettings,
  GitHubApiForRuns,
  JobResult,
  RunWorkflowOptions,
  StepResult,
  WorkflowResult
} from './workflow/types.js'
export type { EventSpec, PullRequestEvent, PushEvent, ScheduleEvent, DispatchEvent } from './workflow/events.js'
export type { Annotation } from './workflow/commands.js'
export { makeWorkflowWorkspace, type WorkflowWorkspace } from './workflow/workspace.js'
export { DefinitionError } from './workflow/definitions.js'

/** The project root (this file lives in `__tests__/helpers/`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Host variables steps inherit (a runner's machine has them too); nothing GITHUB_*, INPUT_* or RUNNER_* leaks in. */
const HOST_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'TERM',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE'
]

function hostEnvironment(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of HOST_VARIABLES) if (process.env[name] !== undefined) env[name] = process.env[name]!
  // Local servers (emulator, API stand-in) must never be reached through a proxy.
  if (env.HTTP_PROXY || env.HTTPS_PROXY || env.http_proxy || env.https_proxy) {
    for (const name of ['NO_PROXY', 'no_proxy']) env[name] = [env[name], '127.0.0.1', 'localhost'].filter(Boolean).join(',')
  }
  return env
}

function resolveOptions(options: RunWorkflowOptions): ResolvedOptions {
  return {
    secrets: options.secrets ?? {},
    vars: options.vars ?? {},
    environments: options.environments ?? {},
    sigintGraceMs: options.sigintGraceMs ?? 7500,
    sigtermGraceMs: options.sigtermGraceMs ?? 2500,
    orphanGraceMs: options.orphanGraceMs ?? 2000,
    debug: options.debug ?? false,
    defaultPermissions: options.defaultPermissions ?? 'restricted',
    runId: options.runId ?? 1000,
    runNumber: options.runNumber ?? 1,
    runAttempt: options.runAttempt ?? 1,
    githubApi: options.githubApi,
    githubToken: options.githubToken,
    onLog: options.onLog,
    cancelAt: options.cancelAt
  }
}

/** Transitive needs of a job. */
function ancestors(job: JobDefinition, byId: Map<string, JobDefinition>, seen = new Set<string>()): Set<string> {
  for (const need of job.needs) {
    if (seen.has(need)) continue
    seen.add(need)
    ancestors(byId.get(need)!, byId, seen)
  }
  return seen
}

/** The result of a job id over all its matrix combinations, as `needs.<id>.result` reports it. */
function combinedResult(results: JobResult[]): Conclusion {
  if (results.some((r) => r.result === 'failure')) return 'failure'
  if (results.some((r) => r.result === 'cancelled')) return 'cancelled'
  if (results.length > 0 && results.every((r) => r.result === 'skipped')) return 'skipped'
  return 'success'
}

function notRun(job: JobDefinition, result: Conclusion, reason: string, annotations: JobResult['annotations'] = []): JobResult {
  return {
    id: job.id,
    name: job.name ?? job.id,
    result,
    reason,
    outputs: {},
    steps: [],
    permissions: {},
    runsOn: job.runsOn,
    annotations,
    summary: '',
    orphans: [],
    masks: []
  }
}

/** Runs a workflow file locally. Throws only for a workflow GitHub would refuse (with the file and path). */
export async function runWorkflow(file: string, options: RunWorkflowOptions = {}): Promise<WorkflowResult> {
  return execute(readWorkflow(path.resolve(file)), options)
}

/** Runs workflow YAML given as text (`file` names it in messages and github.workflow_ref). */
export async function runWorkflowText(yaml: string, options: RunWorkflowOptions & { file?: string } = {}): Promise<WorkflowResult> {
  const file = path.resolve(options.cwd ?? process.cwd(), options.file ?? '.github/workflows/inline.yml')
  return execute(readWorkflow(file, yaml), options)
}

async function execute(workflow: WorkflowDefinition, options: RunWorkflowOptions): Promise<WorkflowResult> {
  const resolved = resolveOptions(options)
  const workspace = path.resolve(options.cwd ?? process.cwd())
  const repo: RepositoryInfo = {
    repository: options.repository ?? 'octo-org/wallaroo-action',
    defaultBranch: options.defaultBranch ?? 'main',
    actor: options.actor ?? 'octocat'
  }
  const event = resolveEvent(options.event ?? 'push', repo)
  const workflowName = workflow.name ?? path.relative(workspace, workflow.file)
  const base: WorkflowResult = {
    file: workflow.file,
    name: workflowName,
    runName: workflowName,
    event: { name: event.name, action: event.action, ref: event.ref, sha: event.sha, payload: event.payload },
    triggered: false,
    notes: [],
    conclusion: 'skipped',
    jobs: [],
    cancelled: false
  }
  const trigger = matchTrigger(workflow, event)
  base.notes.push(...trigger.notes)
  if (!trigger.triggered) return { ...base, reason: trigger.reason }
  base.triggered = true

  const inputs = dispatchInputs(workflow, event)
  if (event.name === 'workflow_dispatch') event.payload.inputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, valueToString(v)]))
  if (resolved.githubApi && event.pullRequest) resolved.githubApi.recordPullRequest(repo.repository, event.pullRequest)

  const tempRoot = mkdtempSync(path.join(tmpdir(), 'workflow-run-'))
  const eventPath = path.join(tempRoot, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload, null, 2))
  const cancellation = new Cancellation()
  const triggers = cancelTriggers(resolved.cancelAt, cancellation)
  const onAbort = () => cancellation.cancel()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) cancellation.cancel()
  const stopTriggers = triggers.start()

  const run: RunContext = {
    options: resolved,
    workflow,
    workflowName,
    event,
    repo,
    workspace,
    tempRoot,
    eventPath,
    apiUrl: (resolved.githubApi?.url ?? options.githubApiUrl ?? 'http://127.0.0.1:9').replace(/\/$/, ''),
    nodeBinary: options.node ?? process.env.ACTION_NODE ?? process.execPath,
    uses: {
      workspace,
      actionRoot: options.actionRoot ?? PROJECT_ROOT,
      actionRepositories: options.actionRepositories ?? ['wallaroo-action'],
      noopActions: [...DEFAULT_NOOP_ACTIONS, ...(options.noopActions ?? [])]
    },
    hostEnv: hostEnvironment(),
    workflowEnv: { ...(options.env ?? {}), ACT: 'true' },
    inputs,
    defaults: workflow.defaults,
    cancellation,
    observeLine: triggers.observeLine,
    observeStart: triggers.observeStart
  }

  try {
    // Run-level expressions read github (without job details), inputs and vars.
    const runEnv: EvalEnv = {
      contexts: {
        github: {
          event_name: event.name,
          event: event.payload,
          ref: event.ref,
          ref_name: event.refName,
          sha: event.sha,
          repository: repo.repository,
          actor: repo.actor,
          head_ref: event.headRef,
          base_ref: event.baseRef,
          run_id: String(resolved.runId),
          run_number: String(resolved.runNumber),
          workflow: workflowName
        },
        inputs,
        vars: event.fork ? {} : resolved.vars
      },
      workspace
    }
    if (workflow.runName !== undefined) base.runName = evaluateTemplate(workflow.runName, runEnv, SCOPES.runName)
    if (workflow.concurrency !== undefined) base.concurrency = concurrencyOf(evaluateValue(workflow.concurrency, runEnv, SCOPES.workflowConcurrency))
    base.jobs = await runJobs(run, runEnv)
  } finally {
    stopTriggers()
    options.signal?.removeEventListener('abort', onAbort)
    if (!options.keepTemp) rmSync(tempRoot, { recursive: true, force: true })
  }
  base.cancelled = cancellation.cancelled
  base.conclusion = cancellation.cancelled ? 'cancelled' : base.jobs.some((j) => j.result === 'failure') ? 'failure' : 'success'
  return base
}

async function runJobs(run: RunContext, runEnv: EvalEnv): Promise<JobResult[]> {
  const { workflow } = run
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]))
  const done = new Map<string, JobResult[]>()
  const results: JobResult[] = []
  let jobIndex = 0
  while (done.size < workflow.jobs.length) {
    // Jobs run one at a time, in file order among those whose needs are done (GitHub would run them in parallel).
    const job = workflow.jobs.find((j) => !done.has(j.id) && j.needs.every((n) => done.has(n)))!
    const needs: JobPlan['needs'] = {}
    for (const need of job.needs) {
      const needResults = done.get(need)!
      needs[need] = { result: combinedResult(needResults), outputs: Object.assign({}, ...needResults.map((r) => r.outputs)) as Record<string, string> }
    }
    const ancestorResults = [...ancestors(job, byId)].map((id) => combinedResult(done.get(id)!))
    const status = {
      success: !run.cancellation.cancelled && ancestorResults.every((r) => r === 'success'),
      failure: ancestorResults.includes('failure'),
      cancelled: run.cancellation.cancelled
    }
    const jobEnv: EvalEnv = { contexts: { ...runEnv.contexts, needs }, status, workspace: run.workspace }
    let jobResults: JobResult[]
    try {
      const runIt = evaluateCondition(job.if, jobEnv, at(SCOPES.jobIf, `jobs.${job.id}.if`))
      if (!runIt) {
        const reason = run.cancellation.cancelled
          ? 'the run was cancelled'
          : job.if === undefined
            ? `a job it needs did not succeed (${job.needs.map((n) => `${n}: ${needs[n].result}`).join(', ')})`
            : `its if is false: ${String(job.if)}`
        jobResults = [notRun(job, run.cancellation.cancelled ? 'cancelled' : 'skipped', reason)]
      } else {
        jobResults = await runMatrix(run, job, needs, jobEnv, () => jobIndex++)
      }
    } catch (e) {
      const message = `jobs.${job.id}: ${(e as Error).message}`
      jobResults = [notRun(job, 'failure', message, [{ level: 'error', message }])]
    }
    done.set(job.id, jobResults)
    results.push(...jobResults)
  }
  return results
}

async function runMatrix(run: RunContext, job: JobDefinition, needs: JobPlan['needs'], jobEnv: EvalEnv, nextIndex: () => number): Promise<JobResult[]> {
  const where = `${run.workflow.file}: jobs.${job.id}`
  let combinations: (Record<string, unknown> | undefined)[] = [undefined]
  let failFast = true
  let maxParallel = 1
  if (job.strategy) {
    const strategyEnv: EvalEnv = { ...jobEnv, status: undefined }
    const scope = at(SCOPES.jobStrategy, `jobs.${job.id}.strategy`)
    if (job.strategy.matrix !== undefined) combinations = expandMatrix(evaluateValue(job.strategy.matrix, strategyEnv, scope), where)
    if (job.strategy.failFast !== undefined) failFast = isTruthy(evaluateValue(job.strategy.failFast, strategyEnv, scope))
    if (job.strategy.maxParallel !== undefined) maxParallel = Number(valueToString(evaluateValue(job.strategy.maxParallel, strategyEnv, scope)))
  }
  const results: JobResult[] = []
  for (const [i, matrix] of combinations.entries()) {
    const name = matrix ? matrixJobName(job.name ?? job.id, matrix) : (job.name ?? job.id)
    if (failFast && results.some((r) => r.result === 'failure')) {
      results.push({ ...notRun(job, 'cancelled', 'fail-fast: another job of the matrix failed'), name, matrix })
      continue
    }
    if (run.cancellation.cancelled && i > 0) {
      results.push({ ...notRun(job, 'cancelled', 'the run was cancelled'), name, matrix })
      continue
    }
    const plan: JobPlan = {
      definition: job,
      matrix,
      needs,
      strategy: { 'fail-fast': failFast, 'job-index': i, 'job-total': combinations.length, 'max-parallel': maxParallel || combinations.length }
    }
    results.push(await runJob(run, plan, nextIndex(), name))
  }
  return results
}

// ---- reading results ------------------------------------------------------------------------------------------

/** The job with this id (and, for a matrix, the combination containing `matrix`); throws listing the jobs. */
export function jobOf(run: WorkflowResult, id: string, matrix?: Record<string, unknown>): JobResult {
  const found = run.jobs.find((j) => j.id === id && (!matrix || Object.entries(matrix).every(([k, v]) => j.matrix?.[k] === v)))
  if (!found)
    throw new Error(
      `no job '${id}'${matrix ? ` with matrix ${JSON.stringify(matrix)}` : ''} in the run (jobs: ${run.jobs.map((j) => j.name).join(', ') || 'none'})`
    )
  return found
}

/** The main step with this id or display name (or the post step, `phase: 'post'`); throws listing the steps. */
export function stepOf(job: JobResult, idOrName: string, phase: 'main' | 'post' = 'main'): StepResult {
  const found = job.steps.find((s) => s.phase === phase && (s.id === idOrName || s.name === idOrName || (phase === 'post' && s.name === `Post ${idOrName}`)))
  if (!found)
    throw new Error(
      `no ${phase} step '${idOrName}' in job ${job.name} (steps: ${job.steps.map((s) => `${s.phase === 'post' ? 'post ' : ''}${s.id ?? s.name}`).join(', ')})`
    )
  return found
}

const MARK: Record<Conclusion, string> = { success: '✓', failure: '✗', cancelled: '⊘', skipped: '-' }

function describeStep(step: StepResult, indent: string, tail: number): string[] {
  const detail = step.outcome !== step.conclusion ? ` (outcome ${step.outcome}, continue-on-error)` : ''
  const lines = [
    `${indent}${MARK[step.conclusion]} ${step.name}${step.id ? ` [${step.id}]` : ''}: ${step.conclusion}${detail}${step.exitCode ? `, exit ${step.exitCode}` : ''}${step.signalsSent ? `, signals ${step.signalsSent.join(' → ')}` : ''}`
  ]
  if (step.error) lines.push(`${indent}    error: ${step.error}`)
  if (step.outcome === 'failure' || step.outcome === 'cancelled') {
    for (const line of step.log.slice(-tail)) lines.push(`${indent}    | ${line}`)
  }
  for (const inner of step.steps ?? []) lines.push(...describeStep(inner, `${indent}    `, tail))
  return lines
}

/** A readable account of a run for assertion messages: jobs, steps, errors, the log tail of failed steps. */
export function describeWorkflowRun(run: WorkflowResult, logTail = 30): string {
  const lines = [
    `workflow '${run.name}' on ${run.event.name}${run.event.action ? ` (${run.event.action})` : ''} ${run.event.ref}: ${run.conclusion}${run.cancelled ? ' (cancelled)' : ''}`
  ]
  if (!run.triggered) lines.push(`  not triggered: ${run.reason}`)
  for (const note of run.notes) lines.push(`  note: ${note}`)
  for (const job of run.jobs) {
    lines.push(`  ${MARK[job.result]} job ${job.name}: ${job.result}${job.reason ? ` (${job.reason})` : ''}${job.timedOut ? ' (timed out)' : ''}`)
    for (const annotation of job.annotations.filter((a) => !a.step)) lines.push(`      ${annotation.level}: ${annotation.message}`)
    for (const step of job.steps) lines.push(...describeStep(step, '    ', logTail))
    if (job.orphans.length > 0) lines.push(`      ended at job end: ${job.orphans.map((o) => `${o.pid} ${o.command.slice(0, 80)}`).join('; ')}`)
  }
  return lines.join('\n')
}
