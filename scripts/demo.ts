/**
 * `npm run demo`: the bundled action deploys the project's own model to a fresh local emulator.
 *
 * Starts the emulator on a free port, writes the demo model and a smoke-input file into a temp "repository",
 * runs `node dist/index.js` with INPUT_* variables and the runner's file commands, streams its log, prints its
 * outputs and job summary, calls the inference URL once more, undeploys (unless --skip-undeploy) and stops the
 * emulator. Exits non-zero when the action failed.
 *
 *   node --import tsx scripts/demo.ts [--skip-undeploy] [--start-seconds S] [--debug]
 *
 * The log is shown as a runner shows it: masked values as ***, ::debug:: lines only with --debug.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_ENTRY, runAction, type ActionRun } from '../__tests__/helpers/action-process.js'
import { startEmulatorProcess } from '../__tests__/helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore } from '../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../src/model/data-files.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const USER = 'admin'
const PASSWORD = 'admin'
const WORKSPACE = 'demo'
const PIPELINE = 'demo-ccfraud'
const MODEL = 'ccfraud-like'
const SMOKE_ROWS = 3

interface RunningEmulator {
  url: string
  proc: ChildProcess
  stop(): Promise<void>
}

/** The emulator as a child process on a free port, with the demo's user. */
function startEmulator(startSeconds: string): Promise<RunningEmulator> {
  return startEmulatorProcess(['--start-seconds', startSeconds, '--user', USER, '--password', PASSWORD])
}

/**
 * Shows the action's log as a runner's log view does: `::add-mask::` values become `***` from then on,
 * `::debug::` lines only with --debug, annotations as "Error:"/"Warning:", groups as headings.
 */
class RunnerLog {
  private masks: string[] = []
  private partial = ''

  constructor(private readonly debug: boolean) {}

  /** Feeds a chunk of the action's stdout or stderr. */
  write(chunk: string): void {
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.line(line.replace(/\r$/, ''))
  }

  /** Prints an unterminated last line, if any. */
  flush(): void {
    if (this.partial) this.line(this.partial)
    this.partial = ''
  }

  private line(raw: string): void {
    const command = /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(raw)
    if (!command) return console.log(`  ${this.mask(raw)}`)
    const [, name, data] = command
    const text = this.mask(data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'))
    switch (name) {
      case 'add-mask':
        if (data) this.masks.push(data)
        return
      case 'debug':
        if (this.debug) console.log(`  \u001b[2m${text}\u001b[0m`)
        return
      case 'error':
      case 'warning':
      case 'notice':
        return console.log(`  \u001b[1m${name[0].toUpperCase()}${name.slice(1)}:\u001b[0m ${text}`)
      case 'group':
        return console.log(`  ▸ ${text}`)
      case 'endgroup':
        return
      default:
        return console.log(`  ${this.mask(raw)}`)
    }
  }

  private mask(text: string): string {
    return this.masks.reduce((t, secret) => t.split(secret).join('***'), text)
  }
}

function heading(text: string): void {
  console.log(`\n\u001b[1m== ${text} ==\u001b[0m`)
}

/** The summary is markdown with some inline HTML (`<code>`, entities, maybe tables); make it plain text for a terminal. */
function summaryToText(summary: string): string {
  return summary
    .replace(/<h(\d)[^>]*>(.*?)<\/h\1>/g, (_m, level: string, text: string) => `${'#'.repeat(Number(level))} ${text}\n`)
    .replace(/<\/tr>/g, '\n')
    .replace(/<t[hd][^>]*>/g, '| ')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(p|pre|details|summary|ul|li|table)>/g, '\n')
    .replace(/<li>/g, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function printRun(run: ActionRun): void {
  heading('step outputs')
  const width = Math.max(0, ...Object.keys(run.outputs).map((name) => name.length))
  for (const [name, value] of Object.entries(run.outputs)) {
    // smoke-output can be 4 KB of JSON; a terminal line of it helps nobody (the summary shows the rows).
    const shown = value.length > 240 ? `${value.slice(0, 240)}… (${Buffer.byteLength(value)} bytes)` : value
    console.log(`${name.padEnd(width)}  ${shown}`)
  }
  if (Object.keys(run.outputs).length === 0) console.log('(none)')
  heading('job summary (GITHUB_STEP_SUMMARY)')
  console.log(run.summary.trim() ? summaryToText(run.summary) : '(empty)')
}

/** Password grant against the emulator's Keycloak route, as the SDK's public client does (§2.1). */
async function fetchToken(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'sdk-client', grant_type: 'password', username: USER, password: PASSWORD })
  })
  if (!response.ok) throw new Error(`token request answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { access_token: string }).access_token
}

/** Calls the deployed pipeline like the README's curl step, and checks the answer against the model's JS twin. */
async function callInferenceUrl(url: string, inferenceUrl: string, rows: number[][]): Promise<boolean> {
  const token = await fetchToken(url)
  const body = toPandasRecordsJson(rows)
  console.log(
    `$ curl -X POST ${inferenceUrl} -H 'Authorization: Bearer ***' -H 'Content-Type: application/json; format=pandas-records' --data '${body.slice(0, 60)}…'`
  )
  const started = performance.now()
  const response = await fetch(inferenceUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; format=pandas-records' },
    body
  })
  const text = await response.text()
  console.log(`HTTP ${response.status} ${response.headers.get('content-type') ?? ''} in ${(performance.now() - started).toFixed(1)} ms`)
  if (!response.ok) {
    console.log(text)
    return false
  }
  const records = JSON.parse(text) as Array<{ out?: Record<string, number[]> }>
  let allMatch = true
  records.forEach((record, i) => {
    const got = Object.values(record.out ?? {})[0]?.[0]
    const expected = demoScore(rows[i])
    const ok = typeof got === 'number' && Math.abs(got - expected) < 1e-6
    allMatch &&= ok
    console.log(`row ${i}: score ${got} (the model in plain JS: ${expected}) ${ok ? 'ok' : 'MISMATCH'}`)
  })
  return allMatch
}

async function main(argv: string[]): Promise<number> {
  const skipUndeploy = argv.includes('--skip-undeploy')
  const debug = argv.includes('--debug')
  const startIndex = argv.indexOf('--start-seconds')
  const startSeconds = startIndex >= 0 ? argv[startIndex + 1] : '3'

  const repo = await mkdtemp(path.join(tmpdir(), 'wallaroo-demo-'))
  let emulator: RunningEmulator | undefined
  const cleanup = async () => {
    await emulator?.stop()
    await rm(repo, { recursive: true, force: true })
  }
  const onSignal = () => void cleanup().finally(() => process.exit(130))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // Last resort when the demo dies another way (e.g. `npm run demo | head` closes the pipe): never leave the
  // emulator running. Only synchronous work is possible in 'exit', so just signal it.
  const onExit = () => void emulator?.proc.kill('SIGTERM')
  process.once('exit', onExit)
  process.stdout.once('error', () => void cleanup().finally(() => process.exit(1)))

  try {
    // A throwaway "repository": the model and the smoke input live where a workflow would keep them.
    await mkdir(path.join(repo, 'models'))
    await mkdir(path.join(repo, 'data'))
    await writeFile(path.join(repo, 'models', `${MODEL}.onnx`), buildDemoModel())
    const rows = demoRows(SMOKE_ROWS)
    await writeFile(path.join(repo, 'data', 'smoke.df.json'), toPandasRecordsJson(rows))

    heading('starting the emulator')
    emulator = await startEmulator(startSeconds)
    console.log(`Wallaroo emulator at ${emulator.url} (user ${USER}); deployments start in ${startSeconds} s`)

    const inputs = {
      operation: 'deploy',
      url: emulator.url,
      username: USER,
      password: PASSWORD,
      workspace: WORKSPACE,
      pipeline: PIPELINE,
      models: `- name: ${MODEL}\n  path: models/${MODEL}.onnx\n`,
      'smoke-input': 'data/smoke.df.json',
      timeout: '2m',
      'poll-interval': '1s'
    }
    heading(`node ${path.relative(ROOT, ACTION_ENTRY)}  (operation: deploy, workspace: ${WORKSPACE}, pipeline: ${PIPELINE})`)
    const deployLog = new RunnerLog(debug)
    const deploy = await runAction(inputs, { cwd: repo, timeoutMs: 180_000, onOutput: (chunk) => deployLog.write(chunk) })
    deployLog.flush()
    printRun(deploy)
    if (deploy.code !== 0) {
      heading(`the action failed (exit ${deploy.code}${deploy.timedOut ? ', killed at the demo timeout' : ''})`)
      return 1
    }

    let live = true
    const inferenceUrl = deploy.outputs['inference-url']
    if (inferenceUrl) {
      heading('calling the inference URL once more')
      live = await callInferenceUrl(emulator.url, inferenceUrl, rows)
    } else {
      console.log('the action set no inference-url output')
      live = false
    }

    if (!skipUndeploy) {
      heading('operation: undeploy')
      const undeployLog = new RunnerLog(debug)
      const undeploy = await runAction(
        { operation: 'undeploy', url: emulator.url, username: USER, password: PASSWORD, workspace: WORKSPACE, pipeline: PIPELINE, 'poll-interval': '1s' },
        { cwd: repo, timeoutMs: 120_000, onOutput: (chunk) => undeployLog.write(chunk) }
      )
      undeployLog.flush()
      console.log(`undeploy: exit ${undeploy.code}, status output: ${undeploy.outputs.status ?? '(none)'}`)
      if (undeploy.code !== 0) return 1
    }
    heading(live ? 'demo finished: deployed, smoke-tested and called' : 'demo finished, but the inference URL did not answer as expected')
    return live ? 0 : 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await cleanup()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
