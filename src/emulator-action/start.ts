/**
 * The main step: check inputs, make sure the runtime dependencies are there, start the compiled
 * emulator (lib/emulator/cli.js) detached with its output in a log file, so it outlives the step,
 * and wait until it announced its URL and GET /health answers.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { announcedUrl, lastLines, logFilePath, readLog } from './process-log.js'
import { parseStartInputs, type InputReader } from './inputs.js'
import { installDependencies, missingDependencies } from './runtime.js'

/** What the main step needs from the runner; tests and index.ts supply it. */
export interface StartDeps {
  read: InputReader
  env: NodeJS.ProcessEnv
  /** The repository root (holds package.json, package-lock.json and lib/). */
  root: string
  info: (line: string) => void
  group: <T>(title: string, fn: () => Promise<T>) => Promise<T>
  setOutput: (name: string, value: string) => void
  saveState: (name: string, value: string) => void
}

/** How long the emulator may take to answer /health after it was spawned (plus a seed's convert/start time). */
const READY_MS = 60_000

/** Start the emulator and wait until it answers; throws with the log's last lines when it does not. */
export async function startEmulatorStep(deps: StartDeps): Promise<{ url: string; pid: number; logFile: string }> {
  const workspace = deps.env.GITHUB_WORKSPACE || process.cwd()
  const settings = parseStartInputs(deps.read, workspace)
  const cli = path.join(deps.root, 'lib', 'emulator', 'cli.js')
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: this checkout of the action has no compiled emulator (run 'npm run build' in a development checkout)`)

  const missing = missingDependencies(deps.root)
  if (missing.length > 0) {
    await deps.group(`Installing the emulator's runtime dependencies (${missing.join(', ')})`, () => installDependencies(deps.root, deps.info))
  }

  const logFile = logFilePath(deps.env.RUNNER_TEMP || tmpdir(), settings.port)
  const out = openSync(logFile, 'a')
  // Detached, no pipes to this process: the runner ends the step when this process exits, and the emulator keeps running.
  const child = spawn(process.execPath, [cli, ...settings.args], {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...emulatorEnv(deps.env), ...settings.env },
    windowsHide: true
  })
  closeSync(out)
  let exited: string | undefined
  child.on('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`))
  child.on('error', (err) => (exited = err.message))
  const pid = child.pid
  child.unref()
  if (pid === undefined) throw new Error(`could not start ${process.execPath} ${cli}: ${exited ?? 'no process id'}`)
  // Saved at once: the post step stops the process even if the wait below fails.
  deps.saveState('pid', String(pid))
  deps.saveState('log-file', logFile)
  deps.info(`Started the Wallaroo emulator (pid ${pid}); its log: ${logFile}`)

  const url = await waitUntilReady(logFile, () => exited, READY_MS + settings.seedMs)
  deps.setOutput('url', url)
  deps.setOutput('pid', String(pid))
  deps.setOutput('log-file', logFile)
  deps.info(`The Wallaroo emulator answers at ${url} (user '${settings.env.WALLAROO_USER}')`)
  return { url, pid, logFile }
}

/** Polls the log for the announcement, then /health, until both answered, the process exits or the time is up. */
async function waitUntilReady(logFile: string, exited: () => string | undefined, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs
  const failure = (what: string): Error => {
    const tail = lastLines(readLog(logFile), 20)
    return new Error(`${what}${tail.length > 0 ? `; the emulator's last log lines:\n${tail.join('\n')}` : ''}${hintFor(tail.join('\n'))}`)
  }
  let lastProblem = 'it did not announce its address'
  for (;;) {
    const status = exited()
    if (status !== undefined) throw failure(`the emulator stopped before it answered (${status})`)
    const url = announcedUrl(readLog(logFile))
    if (url) {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) })
        if (res.ok) return url
        lastProblem = `GET ${url}/health answered ${res.status}`
      } catch (err) {
        lastProblem = `GET ${url}/health failed: ${(err as Error).message}`
      }
    }
    if (Date.now() > deadline) throw failure(`the emulator did not answer within ${Math.round(timeoutMs / 1000)} s (${lastProblem})`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The step's environment without its inputs and state (INPUT_PASSWORD among them): the emulator needs neither. */
function emulatorEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(INPUT|STATE)_/i.test(name)))
}

/** Which input to change, for failures the emulator explains in its log. */
function hintFor(log: string): string {
  if (/EADDRINUSE/.test(log)) return "\nThe port is taken: set the input 'port' to another port, or to 0 for a free one (read it from the 'url' output)."
  if (/--profile/.test(log)) return "\nSet the input 'profile' to one of the profiles named above."
  if (/seed file/.test(log)) return "\nFix the seed file named above (the input 'seed')."
  return ''
}
