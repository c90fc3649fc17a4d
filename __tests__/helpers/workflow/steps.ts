/**
 * Steps as the runner executes them: env, `if:` (re-checked when the job is cancelled while the step runs),
 * name, timeout and continue-on-error; `run:` scripts through the shell, node actions with INPUT_* and their
 * post steps (STATE_* from the main step, `post-if` default always(), run in reverse order at the end of the
 * job), composite actions with their own `inputs`/`steps` and `outputs:`, no-op setup actions.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { actionInputs, resolveUses } from './actions.js'
import { CommandProcessor, type Annotation } from './commands.js'
import type { ActionDefinition, StepDefinition } from './definitions.js'
import { evaluateCondition, evaluateTemplate, evaluateValue, isTruthy, valueToString, type EvalEnv, type Scope } from './expressions.js'
import type { FileCommandPaths, JobExecution } from './job.js'
import { runProcess } from './processes.js'
import { at, SCOPES } from './scopes.js'
import type { Conclusion, StepResult } from './types.js'

/** The `steps` context of one level (the job, or one composite action). */
export type StepsContext = Record<string, { outputs: Record<string, string>; outcome: Conclusion; conclusion: Conclusion }>

/** A post step registered by a node action's main step. */
export interface PostStep {
  name: string
  id?: string
  uses?: string
  action: ActionDefinition
  script: string
  condition: string
  /** The main step's INPUT_* and env, reused by the post step. */
  env: Record<string, string>
  /** What the main step wrote to GITHUB_STATE (given as STATE_*). */
  state: Record<string, string>
}

/** One level of steps: the job's, or a composite action's. */
interface Frame {
  job: JobExecution
  steps: StepsContext
  inputs: Record<string, unknown>
  /** The composite action whose steps these are. */
  action?: ActionDefinition
  /** A step of this composite failed (its `success()`/`failure()` read this, not the job's status). */
  failed: boolean
  /** Where the steps are, for error messages: `jobs.test.steps` or `<action.yml> runs.steps`. */
  where: string
  /** For a composite: whether its own step keeps running on cancellation. */
  outerKeepsRunning?: () => boolean
}

/** Outcome of running the body of a step. */
type BodyOutcome = 'success' | 'failure' | 'cancelled'

/** The display name before evaluation (a skipped step keeps it, expressions unevaluated, as GitHub shows it). */
function defaultName(def: StepDefinition): string {
  if (def.name !== undefined) return def.name
  if (def.run !== undefined) return `Run ${def.run.trim().split('\n')[0]}`
  return `Run ${def.uses}`
}

function statusOf(frame: Frame): NonNullable<EvalEnv['status']> {
  const cancelled = frame.job.status === 'cancelled'
  if (frame.action) return { success: !frame.failed, failure: frame.failed, cancelled }
  return frame.job.statusFunctions()!
}

function contextsFor(frame: Frame, env: Record<string, string>, actionName: string): Record<string, unknown> {
  const job = frame.job
  const base = job.jobContexts()
  const contexts: Record<string, unknown> = {
    ...base,
    github: job.github(actionName, frame.action?.dir),
    steps: frame.steps,
    inputs: frame.inputs,
    env
  }
  if (frame.action) {
    delete contexts.secrets
    delete contexts.needs
    delete contexts.vars
  }
  return contexts
}

/** Runs the main steps of a job in order. */
export async function runMainSteps(job: JobExecution, defs: StepDefinition[], steps: StepsContext): Promise<StepResult[]> {
  const frame: Frame = { job, steps, inputs: job.run.inputs, failed: false, where: `jobs.${job.id}.steps` }
  const results: StepResult[] = []
  for (const def of defs) results.push(await runStep(frame, def))
  return results
}

function newResult(def: Pick<StepDefinition, 'id' | 'uses'>, name: string, phase: StepResult['phase'] = 'main'): StepResult {
  return {
    id: def.id,
    name,
    phase,
    uses: def.uses,
    outcome: 'success',
    conclusion: 'success',
    outputs: {},
    log: [],
    annotations: [],
    summary: '',
    durationMs: 0
  }
}

/** Records a runner-made error on the step (shown as `##[error]` in its log, like the runner's). */
function stepError(frame: Frame, result: StepResult, message: string): void {
  const masked = frame.job.masker.mask(message)
  result.error = result.error ? `${result.error}; ${masked}` : masked
  result.log.push(`##[error]${masked}`)
  result.annotations.push({ level: 'error', message: masked, step: result.name })
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

async function runStep(frame: Frame, def: StepDefinition): Promise<StepResult> {
  const { job } = frame
  const started = Date.now()
  const where = `${frame.where}[${def.index}]`
  const composite = frame.action !== undefined
  const scope = (key: string): Scope => at(composite ? SCOPES.compositeStep : SCOPES.step, `${where}.${key}`)
  const actionName = def.id ?? (def.run !== undefined ? `__run_${def.index}` : `__${(def.uses ?? '').replace(/[^A-Za-z0-9]+/g, '_')}`)
  const result = newResult(def, defaultName(def))
  let envContext: Record<string, string> = { ...job.globalEnv }
  const evalEnv = (): EvalEnv => ({ contexts: contextsFor(frame, envContext, actionName), status: statusOf(frame), workspace: job.run.workspace })

  const finish = (outcome: Conclusion, continueOnError = false): StepResult => {
    result.outcome = outcome
    result.conclusion = outcome === 'failure' && continueOnError ? 'success' : outcome
    result.durationMs = Date.now() - started
    if (def.id) frame.steps[def.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion }
    if (result.conclusion === 'failure') {
      if (composite) frame.failed = true
      else job.markFailed()
    }
    return result
  }

  // The step's env first: its `if:` can read it (the runner merges it into the env context before the condition).
  try {
    const stepEnv: Record<string, string> = {}
    for (const [name, value] of Object.entries(def.env)) stepEnv[name] = valueToString(evaluateValue(value, evalEnv(), scope(`env.${name}`)))
    envContext = { ...job.globalEnv, ...stepEnv }
  } catch (e) {
    stepError(frame, result, messageOf(e))
    return finish('failure')
  }

  let runIt: boolean
  const conditionScope = at(composite ? SCOPES.compositeIf : SCOPES.stepIf, `${where}.if`)
  try {
    runIt = evaluateCondition(def.if, evalEnv(), conditionScope)
  } catch (e) {
    stepError(frame, result, messageOf(e))
    return finish('failure')
  }
  if (!runIt) return finish('skipped')

  let continueOnError = false
  let timeoutMinutes: number | undefined
  try {
    if (def.name !== undefined) result.name = job.masker.mask(evaluateTemplate(def.name, evalEnv(), scope('name')))
    if (def.continueOnError !== undefined) continueOnError = isTruthy(evaluateValue(def.continueOnError, evalEnv(), scope('continue-on-error')))
    if (def.timeoutMinutes !== undefined) {
      const value = evaluateValue(def.timeoutMinutes, evalEnv(), scope('timeout-minutes'))
      timeoutMinutes = Number(valueToString(value))
      if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0)
        throw new Error(`${where}.timeout-minutes must be a positive number, got ${JSON.stringify(value)}`)
    }
  } catch (e) {
    stepError(frame, result, messageOf(e))
    return finish('failure')
  }

  // On cancellation the runner re-checks the running step's condition; a step with always() keeps running.
  const keepsRunning = (): boolean => {
    if (frame.outerKeepsRunning && !frame.outerKeepsRunning()) return false
    try {
      return evaluateCondition(def.if, evalEnv(), conditionScope)
    } catch {
      return false
    }
  }
  const stopObserving = job.run.observeStart(job.id, { id: def.id, name: result.name })
  try {
    const body: StepBody = { frame, def, result, env: envContext, evalEnv, scope, keepsRunning, timeoutMinutes, actionName }
    let outcome: BodyOutcome
    try {
      outcome = def.run !== undefined ? await runScript(body) : await runUses(body)
    } catch (e) {
      stepError(frame, result, messageOf(e))
      outcome = 'failure'
    }
    return finish(outcome, continueOnError)
  } finally {
    stopObserving()
  }
}

/** What the body of a step needs. */
interface StepBody {
  frame: Frame
  def: StepDefinition
  result: StepResult
  /** The env context with the step's env (also the step's extra process environment). */
  env: Record<string, string>
  evalEnv: () => EvalEnv
  scope: (key: string) => Scope
  keepsRunning: () => boolean
  timeoutMinutes?: number
  actionName: string
}

/** Shell templates of the runner on Linux; an unspecified shell is `bash -e` (no pipefail), as on GitHub. */
function shellCommand(shell: string | undefined, where: string): { argv: string[]; extension: string } {
  switch (shell) {
    case undefined:
      return { argv: ['bash', '-e', '{0}'], extension: '.sh' }
    case 'bash':
      return { argv: ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}'], extension: '.sh' }
    case 'sh':
      return { argv: ['sh', '-e', '{0}'], extension: '.sh' }
    case 'python':
      return { argv: ['python3', '{0}'], extension: '.py' }
    case 'pwsh':
    case 'powershell':
    case 'cmd':
      throw new Error(`${where}: shell '${shell}' is not available on the local (Linux) runner`)
  }
  if (!shell.includes('{0}')) throw new Error(`${where}: shell '${shell}' is not one of bash, sh, python; a custom shell needs {0} for the script path`)
  return { argv: shell.trim().split(/\s+/), extension: '' }
}

async function runScript(body: StepBody): Promise<BodyOutcome> {
  const { frame, def, result, evalEnv, scope } = body
  const job = frame.job
  const where = `${frame.where}[${def.index}]`
  const script = evaluateTemplate(def.run!, evalEnv(), scope('run'))
  const shellText = def.shell !== undefined ? evaluateTemplate(def.shell, evalEnv(), scope('shell')) : frame.action ? undefined : job.defaults.shell
  const shell = shellCommand(shellText, where)
  const directory =
    def.workingDirectory !== undefined
      ? evaluateTemplate(def.workingDirectory, evalEnv(), scope('working-directory'))
      : frame.action
        ? undefined
        : job.defaults.workingDirectory
  const cwd = path.resolve(job.run.workspace, directory ?? '.')
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    throw new Error(`An error occurred trying to start process '${shell.argv[0]}' with working directory '${cwd}'. No such file or directory`)
  }
  const scriptFile = path.join(job.temp, `${randomUUID()}${shell.extension}`)
  writeFileSync(scriptFile, script)
  const argv = shell.argv.map((part) => part.replace('{0}', scriptFile))
  const files = job.newFileCommands()
  const extra: Record<string, string> = { GITHUB_ACTION: body.actionName }
  if (frame.action) extra.GITHUB_ACTION_PATH = frame.action.dir
  const outcome = await execute(body, argv, cwd, job.processEnv(body.env, withoutState(files), extra), 'script')
  const commands = job.readFileCommands(files)
  result.outputs = commands.outputs
  result.summary = commands.summary
  return outcome
}

/** Run steps get no GITHUB_STATE (only actions do). */
function withoutState(files: FileCommandPaths): FileCommandPaths {
  const { GITHUB_STATE: _state, ...rest } = files
  return rest as FileCommandPaths
}

/** Runs a process for a step: logs, annotations, cancellation, timeout. */
async function execute(body: StepBody, argv: string[], cwd: string, env: Record<string, string>, kind: 'script' | 'node'): Promise<BodyOutcome> {
  const { frame, result, def } = body
  const job = frame.job
  const interrupt = new AbortController()
  let reason: 'cancelled' | 'timeout' | undefined
  const stop = (why: 'cancelled' | 'timeout') => {
    reason ??= why
    interrupt.abort()
  }
  const unsubscribe = job.onCancel(() => {
    if (!body.keepsRunning()) stop('cancelled')
  })
  const timer = body.timeoutMinutes !== undefined ? setTimeout(() => stop('timeout'), body.timeoutMinutes * 60_000) : undefined
  const sink = {
    log: (line: string) => {
      result.log.push(line)
      job.run.options.onLog?.(line, { job: job.id, step: result.name })
      job.run.observeLine(line, job.id, { id: def.id, name: result.name })
    },
    annotate: (annotation: Annotation) => result.annotations.push(annotation)
  }
  const processor = new CommandProcessor(job.masker, sink, result.name, job.run.options.debug)
  try {
    const ended = await runProcess(argv[0], argv.slice(1), {
      cwd,
      env,
      onLine: (line) => processor.line(line),
      interrupt: interrupt.signal,
      sigintGraceMs: job.run.options.sigintGraceMs,
      sigtermGraceMs: job.run.options.sigtermGraceMs
    })
    result.exitCode = ended.exitCode
    if (ended.signalsSent.length > 0) result.signalsSent = ended.signalsSent
    if (ended.startError) throw new Error(`could not start ${argv[0]}: ${ended.startError}`)
    if (reason === 'timeout') {
      stepError(frame, result, 'The action has timed out.')
      return 'failure'
    }
    if (reason === 'cancelled') {
      stepError(frame, result, 'The operation was canceled.')
      return 'cancelled'
    }
    if (ended.exitCode !== 0) {
      // The runner adds this for scripts; a node action reports its own failure (core.setFailed).
      if (kind === 'script') stepError(frame, result, `Process completed with exit code ${ended.exitCode ?? ended.signal}.`)
      return 'failure'
    }
    return 'success'
  } finally {
    clearTimeout(timer)
    unsubscribe()
  }
}

async function runUses(body: StepBody): Promise<BodyOutcome> {
  const { frame, def, result, evalEnv, scope } = body
  const job = frame.job
  const resolved = resolveUses(def.uses!, job.run.uses)
  if (resolved.kind === 'noop') {
    result.log.push(`(local runner) ${def.uses} is a no-op here: the workspace is the checkout and the tools are installed`)
    return 'success'
  }
  const action = resolved.action
  const given: Record<string, string> = {}
  for (const [name, value] of Object.entries(def.with)) given[name] = valueToString(evaluateValue(value, evalEnv(), scope(`with.${name}`)))
  const defaultsEnv: EvalEnv = { contexts: { ...evalEnv().contexts }, workspace: job.run.workspace }
  const inputs = actionInputs(action, given, (text) =>
    evaluateTemplate(text, defaultsEnv, at(SCOPES.actionInputDefault, `${action.file}: inputs.<input>.default`))
  )
  for (const warning of inputs.warnings) {
    result.log.push(`##[warning]${warning}`)
    result.annotations.push({ level: 'warning', message: warning, step: result.name })
  }
  if (action.runs.using === 'composite') return runComposite(body, action, inputs.context)

  const runs = action.runs
  if (runs.pre) {
    const warning = `${action.file}: runs.pre is not run by the local runner`
    result.log.push(`##[warning]${warning}`)
    result.annotations.push({ level: 'warning', message: warning, step: result.name })
  }
  const files = job.newFileCommands()
  const stepEnv = { ...body.env, ...inputs.env }
  const extra = { GITHUB_ACTION: body.actionName }
  // Registered before main runs, as the runner does: the post step runs even when main fails.
  const post: PostStep | undefined = runs.post
    ? {
        name: `Post ${result.name}`,
        id: def.id,
        uses: def.uses,
        action,
        script: runs.post,
        condition: runs.postIf ?? 'always()',
        env: { ...stepEnv, ...extra },
        state: {}
      }
    : undefined
  if (post) job.posts.push(post)
  const outcome = await execute(body, [job.run.nodeBinary, path.join(action.dir, runs.main)], job.run.workspace, job.processEnv(stepEnv, files, extra), 'node')
  const commands = job.readFileCommands(files)
  result.outputs = commands.outputs
  result.summary = commands.summary
  if (post) post.state = commands.state
  return outcome
}

async function runComposite(body: StepBody, action: ActionDefinition, inputs: Record<string, string>): Promise<BodyOutcome> {
  if (action.runs.using !== 'composite') throw new Error('not a composite action')
  const { frame, result } = body
  const inner: Frame = {
    job: frame.job,
    steps: {},
    inputs,
    action,
    failed: false,
    where: `${action.file}: runs.steps`,
    outerKeepsRunning: body.keepsRunning
  }
  result.steps = []
  for (const def of action.runs.steps) {
    // Once the composite step itself is cancelled, its remaining steps do not start.
    if (frame.job.status === 'cancelled' && !body.keepsRunning()) {
      result.steps.push({ ...newResult(def, defaultName(def)), outcome: 'skipped', conclusion: 'skipped' })
      continue
    }
    const step = await runStep(inner, def)
    result.steps.push(step)
    result.log.push(`##[group]${step.name}`, ...step.log, '##[endgroup]')
    result.annotations.push(...step.annotations)
  }
  const outputsEnv: EvalEnv = { contexts: contextsFor(inner, frame.job.globalEnv, body.actionName), workspace: frame.job.run.workspace }
  for (const [name, output] of Object.entries(action.outputs)) {
    result.outputs[name] =
      output.value === undefined ? '' : evaluateTemplate(output.value, outputsEnv, at(SCOPES.compositeOutputs, `${action.file}: outputs.${name}.value`))
  }
  if (result.steps.some((s) => s.outcome === 'cancelled')) return 'cancelled'
  return inner.failed ? 'failure' : 'success'
}

/** Runs the registered post steps in reverse order, each if its post-if holds for the job's status now. */
export async function runPostSteps(job: JobExecution): Promise<StepResult[]> {
  const results: StepResult[] = []
  for (const post of [...job.posts].reverse()) {
    const started = Date.now()
    const result = newResult(post, post.name, 'post')
    const frame: Frame = { job, steps: {}, inputs: {}, failed: false, where: `${post.action.file}: runs.post-if` }
    const evalEnv = (): EvalEnv => ({
      contexts: { ...job.jobContexts(), github: job.github(post.env.GITHUB_ACTION) },
      status: job.statusFunctions(),
      workspace: job.run.workspace
    })
    let runIt: boolean
    try {
      runIt = evaluateCondition(post.condition, evalEnv(), at(SCOPES.postIf, `${post.action.file}: runs.post-if`))
    } catch (e) {
      stepError(frame, result, messageOf(e))
      runIt = false
      result.outcome = result.conclusion = 'failure'
    }
    if (!runIt) {
      if (result.outcome !== 'failure') result.outcome = result.conclusion = 'skipped'
      else job.markFailed()
      results.push(result)
      continue
    }
    const files = job.newFileCommands()
    const stateEnv = Object.fromEntries(Object.entries(post.state).map(([k, v]) => [`STATE_${k}`, v]))
    const body: StepBody = {
      frame,
      def: { index: 0, id: post.id, with: {}, env: {} },
      result,
      env: {},
      evalEnv,
      scope: () => at(SCOPES.postIf, post.action.file),
      // A post step runs to its end on cancellation unless its post-if no longer holds.
      keepsRunning: () => evaluateCondition(post.condition, evalEnv(), at(SCOPES.postIf, post.action.file)),
      actionName: post.env.GITHUB_ACTION
    }
    let outcome: BodyOutcome
    try {
      outcome = await execute(
        body,
        [job.run.nodeBinary, path.join(post.action.dir, post.script)],
        job.run.workspace,
        job.processEnv(post.env, files, stateEnv),
        'node'
      )
      const commands = job.readFileCommands(files)
      result.outputs = commands.outputs
      result.summary = commands.summary
    } catch (e) {
      stepError(frame, result, messageOf(e))
      outcome = 'failure'
    }
    result.outcome = result.conclusion = outcome
    result.durationMs = Date.now() - started
    if (outcome === 'failure') job.markFailed()
    results.push(result)
  }
  return results
}
