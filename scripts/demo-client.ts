/**
 * Issue-2 demo: drives the seed's whole flow through the typed client against a local emulator.
 * Starts `src/emulator/cli.ts` as a child process, then: config → workspace → upload the
 * project's own model → wait for `ready` → pipeline → deploy → wait for Running → external URL
 * → infer (pandas-records JSON and Arrow) → undeploy → copy. Always stops the emulator.
 *
 * Run: node --import tsx scripts/demo-client.ts [--verbose]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tableFromIPC } from 'apache-arrow'
import { TokenProvider, WallarooApiError, WallarooClient, type InferResult } from '../src/wallaroo/index.js'
import { DEMO_INPUT, DEMO_OUTPUT, buildDemoModel, demoRows, demoScore } from '../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../src/model/data-files.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const USER = 'demo@example.com'
const PASSWORD = 'demo-password'
const READY_LINE = /^Wallaroo emulator listening on (http:\/\/\S+)$/
/** float32 scores agree with the plain-JS reference to ~1e-7; allow for the engine's summation order. */
const TOLERANCE = 1e-5

const verbose = process.argv.includes('--verbose')

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** Runs one step, printing `✓ title: detail (ms)` or `✗ title` before rethrowing. */
async function step<T>(title: string, fn: () => Promise<T>, detail: (value: T) => string = () => ''): Promise<T> {
  const started = performance.now()
  try {
    const value = await fn()
    const d = detail(value)
    log(`✓ ${title}${d ? `: ${d}` : ''} (${Math.round(performance.now() - started)} ms)`)
    return value
  } catch (err) {
    log(`✗ ${title}`)
    throw err
  }
}

interface Emulator {
  url: string
  stop(): Promise<void>
}

/** Spawns the emulator and resolves once its first stdout line announces the URL. */
function startEmulator(): Promise<Emulator> {
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--start-seconds', '2', '--user', USER, '--password', PASSWORD],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  proc.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill('SIGTERM')
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(killer)
  }
  return new Promise((resolvePromise, reject) => {
    let stdout = ''
    const fail = (why: string): void => {
      clearTimeout(timer)
      void stop().then(() => reject(new Error(`${why}; emulator stderr:\n${stderr.trim() || '(empty)'}`)))
    }
    const timer = setTimeout(() => fail('the emulator did not print its URL within 30 s'), 30_000)
    // 'close', not 'exit': by then stderr has been read to the end, so the message holds all of it.
    const onEarlyExit = (code: number | null, signal: string | null): void => fail(`the emulator exited early (code ${code}, signal ${signal})`)
    proc.once('close', onEarlyExit)
    proc.stdout?.setEncoding('utf8')
    const onData = (chunk: string): void => {
      stdout += chunk
      const nl = stdout.indexOf('\n')
      if (nl < 0) return
      proc.stdout?.off('data', onData)
      proc.stdout?.resume()
      const match = READY_LINE.exec(stdout.slice(0, nl).trim())
      if (!match) return fail(`unexpected first stdout line from the emulator: ${JSON.stringify(stdout.slice(0, nl))}`)
      clearTimeout(timer)
      proc.off('close', onEarlyExit)
      resolvePromise({ url: match[1], stop })
    }
    proc.stdout?.on('data', onData)
  })
}

/** Polls `probe` every `intervalMs` until `done` says so, printing each new state; fails at the deadline with the last one. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  describe: (value: T) => string,
  done: (value: T) => boolean | 'failed',
  timeoutMs = 60_000,
  intervalMs = 250
): Promise<T> {
  const started = Date.now()
  let last = ''
  for (;;) {
    const value = await probe()
    const state = describe(value)
    if (state !== last) log(`  … ${what}: ${state}`)
    last = state
    const verdict = done(value)
    if (verdict === 'failed') throw new Error(`${what} failed: ${state}`)
    if (verdict) return value
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: still '${state}' after ${timeoutMs / 1000} s`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** The first number inside a JSON/Arrow cell ([0.12], a Vector, a typed array or a bare number). */
function firstNumber(cell: unknown): number {
  if (typeof cell === 'number') return cell
  if (cell && typeof (cell as { toArray?: unknown }).toArray === 'function')
    return firstNumber(Array.from((cell as { toArray(): ArrayLike<unknown> }).toArray()))
  if (Array.isArray(cell) || ArrayBuffer.isView(cell)) return firstNumber((cell as ArrayLike<unknown>)[0])
  throw new Error(`expected a numeric output, got ${JSON.stringify(cell)}`)
}

/** `out.dense_1` of each pandas-records answer, nested (`out: {dense_1}`) or flattened (`"out.dense_1"`). */
function scoresFromJson(result: InferResult): number[] {
  const records = JSON.parse(new TextDecoder().decode(result.body)) as Array<Record<string, unknown>>
  return records.map((r) => firstNumber((r.out as Record<string, unknown> | undefined)?.[DEMO_OUTPUT] ?? r[`out.${DEMO_OUTPUT}`]))
}

/** `out.dense_1` of an Arrow answer, from a flat `out.dense_1` column or an `out` struct column. */
function scoresFromArrow(result: InferResult): number[] {
  const table = tableFromIPC(result.body)
  const flat = table.getChild(`out.${DEMO_OUTPUT}`)
  const column = flat ?? table.getChild('out')
  if (!column) throw new Error(`the Arrow answer has no out column; columns: ${table.schema.fields.map((f) => f.name).join(', ')}`)
  const scores: number[] = []
  for (let i = 0; i < table.numRows; i++) {
    const cell = column.get(i) as unknown
    scores.push(firstNumber(flat ? cell : (cell as Record<string, unknown>)[DEMO_OUTPUT]))
  }
  return scores
}

/** Prints each row's score next to the plain-JS reference; throws if any differs. */
function compareScores(label: string, scores: number[], rows: number[][]): void {
  if (scores.length !== rows.length) throw new Error(`${label}: ${scores.length} answers for ${rows.length} rows`)
  rows.forEach((row, i) => {
    const expected = demoScore(row)
    const ok = Math.abs(scores[i] - expected) <= TOLERANCE
    log(`    row ${i}: ${DEMO_OUTPUT} = ${scores[i].toFixed(7)}  (reference ${expected.toFixed(7)}) ${ok ? 'match' : 'MISMATCH'}`)
    if (!ok) throw new Error(`${label}: row ${i} scored ${scores[i]}, the model computes ${expected}`)
  })
}

async function demo(url: string): Promise<void> {
  const debug = verbose ? (m: string) => log(`    [debug] ${m}`) : undefined
  const tokens = new TokenProvider({ authUrl: url, credentials: { kind: 'password', username: USER, password: PASSWORD }, onDebug: debug })
  const client = new WallarooClient({ url, tokens, onDebug: debug })
  const suffix = Date.now().toString(36)
  const workspaceName = `demo-ws-${suffix}`
  const modelName = 'ccfraud-like'
  const pipelineName = 'demo-pipeline'

  await step(
    'GET /v1/api/config (no token)',
    () => client.getConfig(),
    (c) => `default_arch ${String(c.default_arch)}`
  )
  const { workspace_id: workspaceId } = await step(
    `create workspace '${workspaceName}'`,
    () => client.createWorkspace(workspaceName),
    (r) => `workspace_id ${r.workspace_id}`
  )

  const model = buildDemoModel()
  const { modelVersionId } = await step(
    `upload model '${modelName}' (${model.length} bytes, upload_and_convert)`,
    () =>
      client.uploadModel({
        metadata: {
          name: modelName,
          visibility: 'private',
          workspace_id: workspaceId,
          conversion: { framework: 'onnx', python_version: '3.8', requirements: [] }
        },
        file: model,
        fileName: `${modelName}.onnx`
      }),
    (r) => `model version id ${r.modelVersionId}`
  )

  const version = await step('wait for the model version to be ready', () =>
    waitFor(
      `model version ${modelVersionId}`,
      () => client.getModelVersion(modelVersionId),
      (v) => v.model_version.model_version.status + (v.model_version.model_version.error_summary ? ` (${v.model_version.model_version.error_summary})` : ''),
      (v) => (v.model_version.model_version.status === 'ready' ? true : v.model_version.model_version.status === 'error' ? 'failed' : false)
    )
  )
  const { file_info: fileInfo } = version.model_version.model_version
  log(`    sha ${fileInfo.sha}, version ${fileInfo.version}`)

  const pipeline = await step(
    `create pipeline '${pipelineName}' with the model step`,
    () =>
      client.createPipeline(pipelineName, workspaceId, {
        steps: [{ ModelInference: { models: [{ name: modelName, version: fileInfo.version, sha: fileInfo.sha }] } }]
      }),
    (p) => `pipeline_pk_id ${p.pipeline_pk_id}, version ${p.pipeline_variant_pk_id} (${p.pipeline_variant_version})`
  )

  const { id: deploymentId } = await step(
    'deploy (1 cpu, 512Mi)',
    () =>
      client.deployPipeline({
        deploy_id: pipelineName,
        pipeline_version_pk_id: pipeline.pipeline_variant_pk_id,
        pipeline_id: pipeline.pipeline_pk_id,
        engine_config: {
          engine: { cpu: 1, resources: { limits: { cpu: 1, memory: '512Mi' }, requests: { cpu: 1, memory: '512Mi' } } },
          enginelb: {},
          engineAux: { images: {} }
        }
      }),
    (d) => `deployment id ${d.id}`
  )
  const deploymentName = `${pipelineName}-${deploymentId}`

  await step(`wait for deployment '${deploymentName}' to be Running`, () =>
    waitFor(
      deploymentName,
      () => client.getDeployment(deploymentName),
      (s) => (s === null ? 'not found yet (404)' : s.status),
      (s) => s?.status === 'Running'
    )
  )

  const inferUrl = await step(
    'get the external inference URL',
    () => client.getExternalUrl(workspaceId, pipelineName),
    (u) => u
  )

  const rows = demoRows(3)
  const jsonAnswer = await step(
    `infer ${rows.length} rows as pandas-records JSON`,
    () => client.infer({ url: inferUrl, format: 'pandas-records', body: toPandasRecordsJson(rows, DEMO_INPUT), retryUnavailable: true }),
    (r) => `HTTP ${r.status} ${r.contentType}, ${r.body.length} bytes in ${r.latencyMs.toFixed(1)} ms`
  )
  compareScores('JSON inference', scoresFromJson(jsonAnswer), rows)

  const arrowAnswer = await step(
    `infer ${rows.length} rows as an Arrow file (dataset[]=time,out; separator '.')`,
    () =>
      client.infer({
        url: inferUrl,
        format: 'arrow',
        body: toArrowFile(rows, DEMO_INPUT),
        dataset: ['time', 'out'],
        separator: '.',
        retryUnavailable: true
      }),
    (r) => `HTTP ${r.status} ${r.contentType}, ${r.body.length} bytes in ${r.latencyMs.toFixed(1)} ms`
  )
  log(
    `    columns: ${tableFromIPC(arrowAnswer.body)
      .schema.fields.map((f) => `${f.name}: ${String(f.type)}`)
      .join(', ')}`
  )
  compareScores('Arrow inference', scoresFromArrow(arrowAnswer), rows)

  await step('undeploy', () => client.undeployPipeline({ pipeline_id: pipeline.pipeline_pk_id, deployment_id: deploymentId }))
  await step('wait for the deployment to disappear', () =>
    waitFor(
      deploymentName,
      () => client.getDeployment(deploymentName),
      (s) => (s === null ? 'gone (404)' : s.status),
      (s) => s === null
    )
  )

  await step(
    `copy the pipeline to '${pipelineName}-copy'`,
    () => client.copyPipeline({ name: `${pipelineName}-copy`, workspace_id: workspaceId, source_pipeline: pipeline.pipeline_pk_id }),
    (c) => `pipeline_pk_id ${c.pipeline_pk_id}, version ${c.pipeline_variant_pk_id}`
  )
}

async function main(): Promise<number> {
  const emulator = await step('start the emulator (node --import tsx src/emulator/cli.ts --port 0 --start-seconds 2)', startEmulator, (e) => e.url)
  const onSignal = (): void => {
    void emulator.stop().then(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await demo(emulator.url)
    log('demo finished: every step succeeded')
    return 0
  } catch (err) {
    if (err instanceof WallarooApiError) {
      log(`demo failed: ${err.message} [code ${err.code}, endpoint ${err.endpoint}, attempts ${err.attempts}]`)
    } else {
      log(`demo failed: ${err instanceof Error ? err.message : String(err)}`)
    }
    return 1
  } finally {
    await emulator.stop()
    log('emulator stopped')
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`demo failed: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
)
