/**
 * Reading workflow files and action.yml files into typed definitions, with the structural checks GitHub makes
 * before it runs anything: unknown keys (a typo such as `wiht:` is an error there too), a step with both or
 * neither of `run` and `uses`, unknown `needs`, cycles, duplicate step ids. Every error names the file and
 * the path inside it. Values stay as written (expressions unevaluated): the runner evaluates them in place.
 */
import { readFileSync } from 'node:fs'
import { parseDocument } from 'yaml'

/** A workflow or action file GitHub would refuse, or one using what the local runner does not support. */
export class DefinitionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DefinitionError'
  }
}

/** One step of a job or of a composite action. */
export interface StepDefinition {
  /** 0-based position in its job or action. */
  index: number
  id?: string
  if?: string | boolean
  name?: string
  uses?: string
  run?: string
  shell?: string
  workingDirectory?: string
  with: Record<string, unknown>
  env: Record<string, unknown>
  continueOnError?: unknown
  timeoutMinutes?: unknown
}

/** `defaults.run` of a workflow or job. */
export interface RunDefaults {
  shell?: string
  workingDirectory?: string
}

/** One job as written. */
export interface JobDefinition {
  id: string
  name?: string
  needs: string[]
  if?: string | boolean
  runsOn: unknown
  environment?: unknown
  concurrency?: unknown
  permissions?: unknown
  outputs: Record<string, string>
  env: Record<string, unknown>
  defaults: RunDefaults
  strategy?: { matrix?: unknown; failFast?: unknown; maxParallel?: unknown }
  timeoutMinutes?: unknown
  continueOnError?: unknown
  steps: StepDefinition[]
}

/** A workflow file as written. */
export interface WorkflowDefinition {
  file: string
  name?: string
  runName?: string
  /** Event name → its configuration (null when given without one, e.g. `on: push`). */
  on: Record<string, Record<string, unknown> | null>
  env: Record<string, unknown>
  permissions?: unknown
  concurrency?: unknown
  defaults: RunDefaults
  /** Jobs in file order. */
  jobs: JobDefinition[]
}

/** An input of an action (action.yml `inputs.<name>`). */
export interface ActionInputDefinition {
  description?: string
  required?: boolean
  default?: string
  deprecationMessage?: string
}

/** An action.yml. */
export interface ActionDefinition {
  file: string
  /** Directory of the action (GITHUB_ACTION_PATH). */
  dir: string
  name: string
  inputs: Record<string, ActionInputDefinition>
  outputs: Record<string, { description?: string; value?: string }>
  runs:
    | { using: 'node'; version: string; main: string; pre?: string; preIf?: string; post?: string; postIf?: string }
    | { using: 'composite'; steps: StepDefinition[] }
}

type YamlMap = Record<string, unknown>

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]
}

/** Reads YAML, turning a syntax error into a message with the file, line and column. */
export function parseYamlFile(file: string, text: string = readFileSync(file, 'utf8')): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    const pos = e.linePos?.[0]
    throw new DefinitionError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`)
  }
  return doc.toJS({ maxAliasCount: 1000 }) as unknown
}

/** Checks and reads values of one YAML mapping, naming the file and path in every error. */
class Reader {
  constructor(
    readonly file: string,
    readonly path: string
  ) {}

  fail(message: string): never {
    throw new DefinitionError(`${this.file}: ${this.path ? `${this.path}: ` : ''}${message}`)
  }

  child(key: string | number): Reader {
    const part = typeof key === 'number' ? `[${key}]` : this.path ? `.${key}` : key
    return new Reader(this.file, this.path + part)
  }

  map(value: unknown, what = 'a mapping'): YamlMap {
    if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(`must be ${what}, got ${JSON.stringify(value)}`)
    return value as YamlMap
  }

  /** Fails on keys outside `allowed`, suggesting the nearest allowed key. */
  keys(value: YamlMap, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue
      const nearest = allowed.map((a) => [a, editDistance(key, a)] as const).sort((x, y) => x[1] - y[1])[0]
      const hint = nearest && nearest[1] <= 2 ? ` (did you mean '${nearest[0]}'?)` : ` (allowed: ${allowed.join(', ')})`
      this.child(key).fail(`unknown key '${key}'${hint}`)
    }
  }

  string(value: unknown, key: string): string | undefined {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return this.child(key).fail(`must be a string, got ${JSON.stringify(value)}`)
  }

  condition(value: unknown, key: string): string | boolean | undefined {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'boolean') return value
    if (typeof value === 'number') return String(value)
    return this.string(value, key)
  }

  /** A mapping of names to scalars (env, with): values stay as written. */
  scalars(value: unknown, key: string): Record<string, unknown> {
    if (value === undefined || value === null) return {}
    const reader = this.child(key)
    const map = reader.map(value)
    for (const [name, v] of Object.entries(map)) {
      if (v !== null && typeof v === 'object') reader.child(name).fail(`must be a string, number or boolean, got ${JSON.stringify(v)}`)
    }
    return map
  }

  defaults(value: unknown): RunDefaults {
    if (value === undefined) return {}
    const reader = this.child('defaults')
    const map = reader.map(value)
    reader.keys(map, ['run'])
    if (map.run === undefined) return {}
    const runReader = reader.child('run')
    const run = runReader.map(map.run)
    runReader.keys(run, ['shell', 'working-directory'])
    return { shell: runReader.string(run.shell, 'shell'), workingDirectory: runReader.string(run['working-directory'], 'working-directory') }
  }
}

const STEP_KEYS = ['id', 'if', 'name', 'uses', 'run', 'working-directory', 'shell', 'with', 'env', 'continue-on-error', 'timeout-minutes']

function readSteps(reader: Reader, value: unknown, composite: boolean): StepDefinition[] {
  if (!Array.isArray(value) || value.length === 0) reader.fail('must be a non-empty list of steps')
  const ids = new Set<string>()
  return (value as unknown[]).map((raw, index) => {
    const r = reader.child(index)
    const step = r.map(raw, 'a step (a mapping with run or uses)')
    r.keys(step, STEP_KEYS)
    const definition: StepDefinition = {
      index,
      id: r.string(step.id, 'id'),
      if: r.condition(step.if, 'if'),
      name: r.string(step.name, 'name'),
      uses: r.string(step.uses, 'uses'),
      run: r.string(step.run, 'run'),
      shell: r.string(step.shell, 'shell'),
      workingDirectory: r.string(step['working-directory'], 'working-directory'),
      with: r.scalars(step.with, 'with'),
      env: r.scalars(step.env, 'env'),
      continueOnError: step['continue-on-error'],
      timeoutMinutes: step['timeout-minutes']
    }
    if ((definition.run === undefined) === (definition.uses === undefined)) r.fail('a step needs exactly one of run or uses')
    if (definition.run !== undefined && step.with !== undefined) r.child('with').fail('with is for uses steps; a run step reads env')
    if (definition.uses !== undefined && (step.shell !== undefined || step['working-directory'] !== undefined)) {
      r.fail('shell and working-directory are for run steps')
    }
    if (composite && definition.run !== undefined && definition.shell === undefined) {
      r.child('shell').fail('a run step of a composite action needs shell (e.g. shell: bash)')
    }
    if (definition.id !== undefined) {
      if (!IDENTIFIER.test(definition.id)) r.child('id').fail(`'${definition.id}' is not a valid id (letters, digits, _ and -, starting with a letter or _)`)
      if (ids.has(definition.id)) r.child('id').fail(`the id '${definition.id}' is used by another step`)
      ids.add(definition.id)
    }
    return definition
  })
}

/** Normalizes `on:` (a name, a list of names or a mapping) to event name → configuration. */
function readOn(reader: Reader, value: unknown): WorkflowDefinition['on'] {
  if (typeof value === 'string') return { [value]: null }
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [reader.string(name, 'on') ?? '', null]))
  const map = reader.map(value, 'an event name, a list of event names or a mapping of events')
  const on: WorkflowDefinition['on'] = {}
  for (const [event, config] of Object.entries(map)) {
    if (event === 'schedule') {
      if (!Array.isArray(config)) reader.child('schedule').fail('must be a list of `- cron: ...` entries')
      on.schedule = {
        crons: (config as unknown[]).map((entry, i) => reader.child('schedule').child(i).string(reader.child('schedule').child(i).map(entry).cron, 'cron'))
      }
    } else {
      on[event] = config === null || config === undefined ? null : reader.child(event).map(config)
    }
  }
  return on
}

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']
const JOB_KEYS = [
  'name',
  'permissions',
  'needs',
  'if',
  'runs-on',
  'environment',
  'concurrency',
  'outputs',
  'env',
  'defaults',
  'steps',
  'timeout-minutes',
  'strategy',
  'continue-on-error',
  'container',
  'services',
  'uses',
  'with',
  'secrets'
]

function readJob(root: Reader, id: string, value: unknown, jobIds: string[]): JobDefinition {
  const r = root.child('jobs').child(id)
  if (!IDENTIFIER.test(id)) r.fail(`'${id}' is not a valid job id (letters, digits, _ and -, starting with a letter or _)`)
  const job = r.map(value)
  r.keys(job, JOB_KEYS)
  if (job.uses !== undefined) r.child('uses').fail('reusable workflows (jobs.<job>.uses) are not supported by the local runner')
  for (const key of ['container', 'services'] as const) {
    if (job[key] !== undefined) r.child(key).fail(`${key} is not supported by the local runner (it runs steps on this machine, without Docker)`)
  }
  if (job['runs-on'] === undefined) r.fail('runs-on is required')
  const needs =
    job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs.map((n) => r.string(n, 'needs') ?? '') : [r.string(job.needs, 'needs') ?? '']
  for (const need of needs) {
    if (!jobIds.includes(need)) r.child('needs').fail(`'${need}' is not a job of this workflow (jobs: ${jobIds.join(', ')})`)
  }
  let strategy: JobDefinition['strategy']
  if (job.strategy !== undefined) {
    const sr = r.child('strategy')
    const s = sr.map(job.strategy)
    sr.keys(s, ['matrix', 'fail-fast', 'max-parallel'])
    strategy = { matrix: s.matrix, failFast: s['fail-fast'], maxParallel: s['max-parallel'] }
  }
  const outputs = r.scalars(job.outputs, 'outputs')
  return {
    id,
    name: r.string(job.name, 'name'),
    needs,
    if: r.condition(job.if, 'if'),
    runsOn: job['runs-on'],
    environment: job.environment,
    concurrency: job.concurrency,
    permissions: job.permissions,
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, String(v)])),
    env: r.scalars(job.env, 'env'),
    defaults: r.defaults(job.defaults),
    strategy,
    timeoutMinutes: job['timeout-minutes'],
    continueOnError: job['continue-on-error'],
    steps: readSteps(r.child('steps'), job.steps, false)
  }
}

function checkCycles(reader: Reader, jobs: JobDefinition[]): void {
  const byId = new Map(jobs.map((j) => [j.id, j]))
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'visiting') reader.fail(`jobs depend on each other in a cycle: ${[...trail, id].join(' → ')}`)
    state.set(id, 'visiting')
    for (const need of byId.get(id)!.needs) visit(need, [...trail, id])
    state.set(id, 'done')
  }
  for (const job of jobs) visit(job.id, [])
}

/** Reads and checks a workflow file (or its text, for tests). */
export function readWorkflow(file: string, text?: string): WorkflowDefinition {
  const r = new Reader(file, '')
  const doc = r.map(parseYamlFile(file, text), 'a mapping with on and jobs')
  r.keys(doc, WORKFLOW_KEYS)
  if (doc.on === undefined) r.fail('on is required (the events that start the workflow)')
  const jobsMap = r.child('jobs').map(doc.jobs, 'a mapping of jobs')
  const jobIds = Object.keys(jobsMap)
  if (jobIds.length === 0) r.child('jobs').fail('must have at least one job')
  const jobs = jobIds.map((id) => readJob(r, id, jobsMap[id], jobIds))
  checkCycles(r, jobs)
  return {
    file,
    name: r.string(doc.name, 'name'),
    runName: r.string(doc['run-name'], 'run-name'),
    on: readOn(r.child('on'), doc.on),
    env: r.scalars(doc.env, 'env'),
    permissions: doc.permissions,
    concurrency: doc.concurrency,
    defaults: r.defaults(doc.defaults),
    jobs
  }
}

/** Reads and checks an action.yml; `dir` is the action's directory. */
export function readAction(file: string, dir: string): ActionDefinition {
  const r = new Reader(file, '')
  const doc = r.map(parseYamlFile(file))
  r.keys(doc, ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'])
  const inputs: ActionDefinition['inputs'] = {}
  if (doc.inputs !== undefined) {
    for (const [name, raw] of Object.entries(r.child('inputs').map(doc.inputs))) {
      const ir = r.child('inputs').child(name)
      const input = raw === null ? {} : ir.map(raw)
      ir.keys(input, ['description', 'required', 'default', 'deprecationMessage'])
      inputs[name] = {
        description: ir.string(input.description, 'description'),
        required: input.required === true || input.required === 'true',
        default: ir.string(input.default, 'default'),
        deprecationMessage: ir.string(input.deprecationMessage, 'deprecationMessage')
      }
    }
  }
  const outputs: ActionDefinition['outputs'] = {}
  if (doc.outputs !== undefined) {
    for (const [name, raw] of Object.entries(r.child('outputs').map(doc.outputs))) {
      const or = r.child('outputs').child(name)
      const output = raw === null ? {} : or.map(raw)
      or.keys(output, ['description', 'value'])
      outputs[name] = { description: or.string(output.description, 'description'), value: or.string(output.value, 'value') }
    }
  }
  const rr = r.child('runs')
  const runs = rr.map(doc.runs, 'a mapping with using')
  const using = rr.string(runs.using, 'using')
  let definitionRuns: ActionDefinition['runs']
  if (using && /^node\d+$/.test(using)) {
    rr.keys(runs, ['using', 'main', 'pre', 'pre-if', 'post', 'post-if'])
    const main = rr.string(runs.main, 'main') ?? rr.fail('a node action needs main')
    definitionRuns = {
      using: 'node',
      version: using,
      main,
      pre: rr.string(runs.pre, 'pre'),
      preIf: rr.string(runs['pre-if'], 'pre-if'),
      post: rr.string(runs.post, 'post'),
      postIf: rr.string(runs['post-if'], 'post-if')
    }
  } else if (using === 'composite') {
    rr.keys(runs, ['using', 'steps'])
    definitionRuns = { using: 'composite', steps: readSteps(rr.child('steps'), runs.steps, true) }
  } else {
    return rr.child('using').fail(`'${using}' actions are not supported by the local runner (node20, node24 and composite are)`)
  }
  return { file, dir, name: r.string(doc.name, 'name') ?? dir, inputs, outputs, runs: definitionRuns }
}
