/**
 * Speed and memory figures with their targets (`npm run bench`). Timed tests are flaky on a shared
 * 2-core machine, so the targets live here: each line prints the figure, the target and ok/MISSED,
 * and the script exits 1 if any target is missed.
 *
 *   1. engine: the emulator's inference path in-process (parse → onnxruntime → render), 10k rows.
 *   2. http: the same through the emulator process and its HTTP route, as a client sees it.
 *   3. action: the bundled action's whole deploy flow against the emulator, with the emulator's own
 *      waits set to 0, so the figure is the action's overhead; plus its peak RSS.
 * With ../shared present, (1) also runs the real ccfraud model on cc_data_10k.arrow.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadOnnxModel } from '../src/emulator/onnx.js'
import { runInference, type StepModel } from '../src/emulator/inference.js'
import { buildDemoModel, demoRows } from '../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../src/model/data-files.js'
import { startEmulatorProcess, emulatorToken } from '../__tests__/helpers/emulator-process.js'
import { ACTION_ENTRY, makeDemoWorkspace, runAction } from '../__tests__/helpers/action-process.js'

interface Figure { name: string; value: number; unit: string; target: number }
const figures: Figure[] = []

function record(name: string, value: number, unit: string, target: number): void {
  figures.push({ name, value, unit, target })
  const ok = value <= target ? 'ok' : 'MISSED'
  console.log(`${name.padEnd(70)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(3)} (target ≤ ${target} ${unit}) ${ok}`)
}

/** Median wall time of `runs` calls after one warm-up call. */
async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const ROWS = 10_000
const rows = demoRows(ROWS, 7)
const arrowBody = Buffer.from(toArrowFile(rows))
const jsonBody = Buffer.from(toPandasRecordsJson(rows))
const ARROW = 'application/vnd.apache.arrow.file'
const RECORDS = 'application/json; format=pandas-records'

async function benchEngine(): Promise<void> {
  const step: StepModel = { name: 'demo', sha: 'x', model: await loadOnnxModel(buildDemoModel()) }
  const opts = { profile: '2025.2' as const, pipelineVersion: 'v', partition: 'engine-bench' }
  const infer = (contentType: string, accept: string, body: Buffer) => runInference({ contentType, accept, body }, [step], opts)
  record(`engine: ${ROWS} rows Arrow in → Arrow out (demo model)`, await medianMs(5, () => infer(ARROW, ARROW, arrowBody)), 'ms', 100)
  record(`engine: ${ROWS} rows JSON in → JSON out (demo model)`, await medianMs(5, () => infer(RECORDS, RECORDS, jsonBody)), 'ms', 1500)

  const shared = path.resolve(process.cwd(), '../shared/fixtures')
  if (!existsSync(path.join(shared, 'ccfraud.onnx'))) {
    console.log('engine: ccfraud on cc_data_10k.arrow — skipped: ../shared/fixtures absent')
    return
  }
  const ccfraud: StepModel = { name: 'ccfraud', sha: 'x', model: await loadOnnxModel(readFileSync(path.join(shared, 'ccfraud.onnx'))) }
  const real = readFileSync(path.join(shared, 'cc_data_10k.arrow'))
  const ms = await medianMs(5, () => runInference({ contentType: ARROW, accept: ARROW, body: real }, [ccfraud], opts))
  record('engine: ccfraud.onnx on cc_data_10k.arrow (10,254 rows)', ms, 'ms', 100)
}

/** Deploys the demo model through the action (which is also what the action figure measures) and times HTTP inference. */
async function benchHttpAndAction(): Promise<void> {
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run 'npm run build' first`)
  const emulator = await startEmulatorProcess(['--start-seconds', '0', '--convert-seconds', '0'])
  const ws = await makeDemoWorkspace(1)
  try {
    const inputs = {
      url: emulator.url,
      username: 'admin',
      password: 'admin',
      workspace: 'bench',
      pipeline: 'bench-pipeline',
      models: `- name: bench-model\n  path: ${ws.modelPath}`,
      'smoke-input': ws.smokeJson,
      'poll-interval': '200ms'
    }
    // /usr/bin/time reports the child's peak RSS (Node cannot read a child's rusage).
    const rssFile = path.join(ws.dir, 'rss.txt')
    const started = performance.now()
    const run = await runAction(inputs, { cwd: ws.dir, timeoutMs: 120_000 })
    const wall = performance.now() - started
    if (run.code !== 0) throw new Error(`the action failed:\n${run.stdout}\n${run.stderr}`)
    record('action: deploy flow, first run (upload, create, deploy, smoke)', wall, 'ms', 3000)
    const rerun = performance.now()
    await runAction(inputs, { cwd: ws.dir, timeoutMs: 120_000 })
    record('action: deploy flow, re-run (everything reused)', performance.now() - rerun, 'ms', 3000)

    await writeFile(rssFile, '')
    const env = { ...process.env }
    for (const key of Object.keys(env)) if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete env[key]
    for (const [k, v] of Object.entries({ ...inputs, operation: 'status' })) env[`INPUT_${k.toUpperCase()}`] = v
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ACTION_ENTRY], { cwd: ws.dir, env, encoding: 'utf8' })
    if (timed.error === undefined && existsSync(rssFile)) {
      const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop())
      if (Number.isFinite(kb) && kb > 0) record('action: peak RSS of one run (status operation)', kb / 1024, 'MiB', 150)
    } else {
      console.log('action: peak RSS — skipped: /usr/bin/time not available')
    }

    const url = run.outputs['inference-url']
    const token = await emulatorToken(emulator.url)
    const post = async (contentType: string, body: Buffer) => {
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: contentType }, body })
      if (!res.ok) throw new Error(`inference answered ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    }
    record(`http: ${ROWS} rows Arrow through the emulator's inference route`, await medianMs(5, () => post(ARROW, arrowBody)), 'ms', 300)
    record(`http: ${ROWS} rows pandas-records through the emulator's inference route`, await medianMs(5, () => post(RECORDS, jsonBody)), 'ms', 2500)
  } finally {
    await ws.cleanup()
    await emulator.stop()
  }
}

await benchEngine()
await benchHttpAndAction()
const missed = figures.filter((f) => f.value > f.target)
console.log(missed.length === 0 ? `\nall ${figures.length} targets met` : `\n${missed.length} of ${figures.length} targets MISSED`)
process.exit(missed.length === 0 ? 0 : 1)
