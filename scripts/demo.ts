/**
 * `npm run demo`: the bundled action deploys the project's own model to a fresh local emulator.
 *
 * Starts the emulator on a free port, writes the demo model and a smoke-input file into a temp "repository",
 * runs `node dist/index.js` with INPUT_* variables and the runner's file commands, streams its log, prints its
 * outputs and job summary, calls the inference URL once more, undeploys (unless --keep-deployed) and stops the
 * emulator. Exits non-zero when the action failed.
 *
 *   node --import tsx scripts/demo.ts [--keep-deployed] [--start-seconds S]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ACTION_ENTRY, runAction, type ActionRun } from '../__tests__/helpers/action-process.js'
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
  stop(): Promise<void>
}

/** Spawns the emulator CLI on port 0 and waits for its first line, which names the URL. */
async function startEmulator(startSeconds: string): Promise<RunningEmulator> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--start-seconds', startSeconds, '--user', USER, '--password', PASSWORD],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const lines = createInterface({ input: proc.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL within 30 s\n${stderr}`)), 30_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      const match = /^Wallaroo emulator listening on (http:\/\/\S+)$/.exec(line)
      if (match) resolve(match[1])
      else reject(new Error(`unexpected first line from the emulator: ${line}\n${stderr}`))
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the emulator exited with code ${code} before listening\n${stderr}`))
    })
  })
  // Drain the rest of its stdout so a chatty emulator never blocks on a full pipe.
  lines.on('line', () => {})
  return { url, stop: () => stopProcess(proc) }
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  proc.kill('SIGTERM')
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
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
  for (const [name, value] of Object.entries(run.outputs)) console.log(`${name.padEnd(width)}  ${value}`)
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
  console.log(`$ curl -X POST ${inferenceUrl} -H 'Authorization: Bearer ***' -H 'Content-Type: application/json; format=pandas-records' --data '${body.slice(0, 60)}…'`)
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
    console.log(`row ${i}: score ${got} (plain-JS model: ${expected.toFixed(7)}) ${ok ? 'ok' : 'MISMATCH'}`)
  })
  return allMatch
}

async function main(argv: string[]): Promise<number> {
  const keepDeployed = argv.includes('--keep-deployed')
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
    const deploy = await runAction(inputs, {
      cwd: repo,
      timeoutMs: 180_000,
      onOutput: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk)
    })
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

    if (!keepDeployed) {
      heading('operation: undeploy')
      const undeploy = await runAction(
        { operation: 'undeploy', url: emulator.url, username: USER, password: PASSWORD, workspace: WORKSPACE, pipeline: PIPELINE, 'poll-interval': '1s' },
        { cwd: repo, timeoutMs: 120_000, onOutput: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk) }
      )
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
