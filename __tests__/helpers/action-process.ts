/**
 * Runs the bundled action (`node dist/index.js`) the way the GitHub runner does: inputs as `INPUT_*`
 * environment variables, and the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY file commands.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'

/** The project root (this file lives in `__tests__/helpers/`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The bundle the runner executes (`runs.main` in action.yml). */
export const ACTION_ENTRY = path.join(PROJECT_ROOT, 'dist', 'index.js')

/**
 * The Node that runs the action, as the runner's node24 does: `ACTION_NODE` names another binary
 * (`.ci/run` sets it to a Node 24 for a second pass over the action tests); default this test's own Node.
 */
export const ACTION_NODE = process.env.ACTION_NODE || process.execPath

/** What one run of the action left behind. */
export interface ActionRun {
  /** Exit code; null when the process was killed (timeout). */
  code: number | null
  stdout: string
  stderr: string
  /** Parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>
  /** Parsed from the GITHUB_STATE file (what a `post:` step would receive). */
  state: Record<string, string>
  /** The job summary markdown (GITHUB_STEP_SUMMARY). */
  summary: string
  /** True when the harness killed the process at its timeout. */
  timedOut: boolean
  durationMs: number
}

/** Options for {@link runAction}. */
export interface RunActionOptions {
  /** Extra environment variables (e.g. WALLAROO_URL); nothing else leaks in from the test process. */
  env?: Record<string, string>
  /** Working directory; default: a fresh temp dir, like a runner's workspace. */
  cwd?: string
  /** Kill the process after this long (default 45 s). */
  timeoutMs?: number
  /** Script to run instead of dist/index.js (e.g. a post entry). */
  entry?: string
  /** Called with each chunk of the action's log as it arrives (the demo streams it). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  /**
   * Cancels the step as the runner does when the job is cancelled: SIGINT once `when` accepts the log so far, then
   * SIGTERM `graceMs` later (7.5 s on the runner) if the process still runs.
   */
  cancel?: { when: (stdout: string) => boolean; graceMs?: number }
  /** Extra STATE_* values (what a post step receives from its main step). */
  state?: Record<string, string>
  /** Called with the action process's pid once it is spawned (e.g. to watch its memory in /proc). */
  onSpawn?: (pid: number) => void
}

/** `INPUT_<NAME>` as @actions/core reads it: upper-cased, spaces → `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Parses a file written with the runner's file commands: `name<<delimiter\nvalue\ndelimiter` blocks
 * (what @actions/core writes) and plain `name=value` lines (what shell steps write). Later values win.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`file command '${name}' has no closing delimiter ${delimiter}`)
      result[name] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`unparseable file command line: ${JSON.stringify(line)}`)
    result[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return result
}

/** Only what a process needs to start; GITHUB_* and INPUT_* from the test's own environment must not leak in. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  return env
}

/** The file commands' files a runner creates for a step, by their variable names. */
export interface RunnerFiles {
  GITHUB_OUTPUT: string
  GITHUB_STATE: string
  GITHUB_STEP_SUMMARY: string
}

/**
 * A step's runner files, created empty in `dir` (the toolkit throws "Missing file at path" unless the runner created
 * them first), and the minimal environment a runner gives a node action step with them: nothing else leaks in.
 */
export async function runnerFiles(dir: string, workspace: string): Promise<{ files: RunnerFiles; env: Record<string, string> }> {
  const files: RunnerFiles = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md')
  }
  for (const file of Object.values(files)) await writeFile(file, '')
  return { files, env: { ...baseEnv(), GITHUB_ACTIONS: 'true', RUNNER_TEMP: dir, GITHUB_WORKSPACE: workspace, ...files } }
}

/**
 * Runs `node dist/index.js` with the given inputs and returns its exit code, logs, outputs, state and summary.
 * Never throws for a failing action: tests assert on `code` and the messages.
 */
export async function runAction(inputs: Record<string, string>, opts: RunActionOptions = {}): Promise<ActionRun> {
  const entry = opts.entry ?? ACTION_ENTRY
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run 'npm run build' first (the tests run the bundle, as the runner does)`)
  const dir = await mkdtemp(path.join(tmpdir(), 'action-run-'))
  try {
    const workspace = opts.cwd ?? path.join(dir, 'workspace')
    if (!opts.cwd) await mkdir(workspace)
    const runner = await runnerFiles(dir, workspace)
    const files = runner.files
    const env: Record<string, string> = { ...runner.env, ...(opts.env ?? {}) }
    for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value
    for (const [name, value] of Object.entries(opts.state ?? {})) env[`STATE_${name}`] = value

    const started = Date.now()
    const { code, stdout, stderr, timedOut } = await spawnAndCollect(
      ACTION_NODE,
      [entry],
      { cwd: workspace, env },
      opts.timeoutMs ?? 45_000,
      opts.onOutput,
      opts.cancel,
      opts.onSpawn
    )
    return {
      code,
      stdout,
      stderr,
      timedOut,
      durationMs: Date.now() - started,
      outputs: parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      state: parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function spawnAndCollect(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
  timeoutMs: number,
  onOutput?: RunActionOptions['onOutput'],
  cancel?: RunActionOptions['cancel'],
  onSpawn?: RunActionOptions['onSpawn']
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    if (child.pid !== undefined) onSpawn?.(child.pid)
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let cancelled = false
    let termTimer: NodeJS.Timeout | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      onOutput?.(chunk, 'stdout')
      if (cancel && !cancelled && cancel.when(stdout)) {
        cancelled = true
        child.kill('SIGINT')
        termTimer = setTimeout(() => child.kill('SIGTERM'), cancel.graceMs ?? 7500)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      onOutput?.(chunk, 'stderr')
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      clearTimeout(termTimer)
      resolve({ code, stdout, stderr, timedOut })
    })
  })
}

/** The post step's bundle (action.yml `runs.post`). */
export const POST_ENTRY = path.join(PROJECT_ROOT, 'dist', 'post', 'index.js')

/** Runs the post step after `main`, as the runner does: the same inputs, and the main step's saved state as STATE_*. */
export function runPostStep(inputs: Record<string, string>, main: ActionRun, opts: RunActionOptions = {}): Promise<ActionRun> {
  return runAction(inputs, { ...opts, entry: POST_ENTRY, state: { ...main.state, ...(opts.state ?? {}) } })
}

/** The `::error::` annotations the action printed (the messages a user sees in the run's UI). */
export function errorMessages(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::error'))
    .map((line) => decodeCommandData(line.slice(line.indexOf('::', 2) + 2)))
}

/** Undoes @actions/core's escaping of command data (`%25`, `%0D`, `%0A`). */
function decodeCommandData(data: string): string {
  return data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

/** A short description of a run for assertion messages: exit code plus the log tail. */
export function describeRun(run: ActionRun): string {
  const tail = (text: string) => text.split('\n').slice(-40).join('\n')
  return `exit ${run.code}${run.timedOut ? ' (killed at timeout)' : ''} after ${run.durationMs} ms\n--- stdout ---\n${tail(run.stdout)}\n--- stderr ---\n${tail(run.stderr)}`
}

/** GET `{url}/_emulator/state`: the emulator's whole state as JSON. */
export async function emulatorState(url: string): Promise<EmulatorState> {
  const response = await fetch(`${url}/_emulator/state`)
  if (!response.ok) throw new Error(`GET /_emulator/state answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as EmulatorState
}

/** POST to the emulator's developer API (`/_emulator/...`); throws on non-2xx. */
export async function emulatorPost(url: string, route: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text}`)
  return text ? (JSON.parse(text) as unknown) : null
}

/** The emulator state dump, loosely typed: tests read only the fields they assert on. */
export type EmulatorState = Record<string, any>

/**
 * Every place a secret shows up outside an `::add-mask::` line: stdout/stderr lines, outputs, state, summary.
 * The runner masks a value only after it saw `::add-mask::value`, so that line is the one allowed appearance.
 */
export function findLeaks(run: ActionRun, secrets: string[]): string[] {
  const leaks: string[] = []
  const check = (where: string, text: string) => {
    for (const secret of secrets) {
      if (secret && text.includes(secret)) leaks.push(`${where}: ${text.slice(0, 200)}`)
    }
  }
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr]
  ] as const) {
    for (const line of text.split(/\r?\n/)) {
      if (!line.startsWith('::add-mask::')) check(stream, line)
    }
  }
  for (const [name, value] of Object.entries(run.outputs)) check(`output ${name}`, value)
  for (const [name, value] of Object.entries(run.state)) check(`state ${name}`, value)
  check('summary', run.summary)
  return leaks
}

/** JWT-shaped strings (`eyJ….eyJ….sig`): how an access or refresh token looks in a log. */
export function findJwts(text: string): string[] {
  return text.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? []
}

/** The values the action masked with `::add-mask::`. */
export function maskedValues(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length))
}

/** A temp directory laid out like a workflow's checkout: the demo model and smoke inputs at workspace-relative paths. */
export interface DemoWorkspace {
  /** Use as `cwd` of {@link runAction}. */
  dir: string
  /** `models/ccfraud-like.onnx` (relative, as a workflow would write it). */
  modelPath: string
  /** sha256 of the model file (what Wallaroo reports as `file_info.sha`). */
  modelSha: string
  /** `data/smoke.df.json`: pandas-records of `rows`. */
  smokeJson: string
  /** `data/smoke.arrow`: the same rows as an Arrow IPC file. */
  smokeArrow: string
  /** The feature rows in both smoke files. */
  rows: number[][]
  /** Writes another file into the workspace; returns its relative path. */
  write(relativePath: string, data: Uint8Array | string): Promise<string>
  cleanup(): Promise<void>
}

/** Creates a {@link DemoWorkspace} with `rowCount` smoke rows (deterministic: `demoRows(rowCount)`). */
export async function makeDemoWorkspace(rowCount = 1): Promise<DemoWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'action-ws-'))
  const write = async (relativePath: string, data: Uint8Array | string) => {
    await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true })
    await writeFile(path.join(dir, relativePath), data)
    return relativePath
  }
  const model = buildDemoModel()
  const rows = demoRows(rowCount)
  return {
    dir,
    modelPath: await write('models/ccfraud-like.onnx', model),
    modelSha: createHash('sha256').update(model).digest('hex'),
    smokeJson: await write('data/smoke.df.json', toPandasRecordsJson(rows)),
    smokeArrow: await write('data/smoke.arrow', toArrowFile(rows)),
    rows,
    write,
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}
