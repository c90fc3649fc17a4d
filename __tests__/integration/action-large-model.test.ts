/**
 * Models of several GB, through `node dist/index.js`: a 3 GB (sparse) model file is hashed in pieces and uploaded as
 * a stream; the emulator (with --data-dir, which streams uploads to disk) stores it whole with the same sha256 the
 * action reported. A 3 GB ONNX model is read just as flatly when its signature is checked before anything is
 * uploaded. The action's peak resident memory (VmHWM of its process, sampled from /proc) stays under 150 MiB, and
 * within 32 MiB of a baseline from the same run and the same Node (the action uploading a 1 MB file), where reading
 * the file whole would take 3 GB: the growth is what the file's size costs, the total includes Node's own footprint
 * (Node 24's is larger than Node 20's).
 * Linux only (/proc); skipped elsewhere with the reason in the title.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { closeSync, existsSync, ftruncateSync, openSync, statSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { emulatorState, errorMessages, runAction, type ActionRun } from '../helpers/action-process.js'
import { expectSuccess, signedInInputs } from '../helpers/action-testbed.js'
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { writeLargeOnnx } from '../helpers/large-onnx.js'
import { processMemory } from '../helpers/process-memory.js'
import { credentialArgs } from '../helpers/wallaroo-session.js'

const MiB = 1024 * 1024
const GB3 = 3 * 1000 ** 3
/** How much more a 3 GB model may cost than a 1 MB one: a stream's buffers and GC's slack, never the file. */
const GROWTH_LIMIT_MiB = 32
/** The action's whole peak RSS for a 3 GB model, Node included. */
const PEAK_LIMIT_MiB = 150
const linux = existsSync('/proc/self/status')
const skip = linux ? '' : ' (skipped: needs /proc to measure memory)'

let dir = ''
let emulator: EmulatorProcess | undefined
/** The action's peak RSS uploading a 1 MB model, measured once with the same Node and emulator. */
let baselineMiB = 0

beforeAll(async () => {
  if (!linux) return
  dir = await mkdtemp(path.join(tmpdir(), 'large-model-'))
  emulator = await startEmulatorProcess(['--data-dir', path.join(dir, 'data'), '--max-upload-mb', '4096', '--convert-seconds', '0.1', ...credentialArgs()])
}, 60_000)
afterAll(async () => {
  await emulator?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Runs the action, sampling its peak RSS every 25 ms (VmHWM only grows, so the last sample is the peak). */
async function runMeasured(inputs: Record<string, string>): Promise<{ run: ActionRun; peakMiB: number }> {
  let peak = 0
  let timer: NodeJS.Timeout | undefined
  const run = await runAction(inputs, {
    cwd: dir,
    timeoutMs: 600_000,
    onSpawn: (pid) => {
      timer = setInterval(() => {
        const p = processMemory(pid)?.peak
        if (p !== undefined) peak = Math.max(peak, p)
      }, 25)
    }
  })
  clearInterval(timer)
  return { run, peakMiB: peak / MiB }
}

/** A sparse file of `size` bytes: nothing on disk, zeros when read. */
function sparseFile(file: string, size: number): void {
  const fd = openSync(file, 'w')
  ftruncateSync(fd, size)
  closeSync(fd)
}

/** Uploads a sparse model file of `size` bytes with `operation: upload-model`. */
async function uploadSparseModel(name: string, size: number): Promise<{ run: ActionRun; peakMiB: number }> {
  const file = path.join(dir, `${name}.bin`)
  sparseFile(file, size)
  return runMeasured(
    signedInInputs(emulator!.url, 'large-test', {
      operation: 'upload-model',
      models: `- name: ${name}\n  path: ${name}.bin\n  framework: python\n`,
      timeout: '10m'
    })
  )
}

describe('a 3 GB model', () => {
  beforeAll(async () => {
    if (!linux) return
    const { run, peakMiB } = await uploadSparseModel('small-model', MiB)
    expectSuccess(run)
    baselineMiB = peakMiB
    console.log(
      `baseline, upload-model of a 1 MB file: the action's peak RSS was ${baselineMiB.toFixed(1)} MiB (${process.env.ACTION_NODE || process.execPath})`
    )
  }, 120_000)

  it(`is hashed and uploaded as a stream, the action's peak RSS under ${PEAK_LIMIT_MiB} MiB and at most ${GROWTH_LIMIT_MiB} MiB above a 1 MB upload's${skip}`, async () => {
    if (!linux) return
    const { run, peakMiB } = await uploadSparseModel('large-model', GB3)
    console.log(
      `upload-model of a 3 GB file: the action's peak RSS was ${peakMiB.toFixed(1)} MiB (baseline ${baselineMiB.toFixed(1)} MiB), in ${(run.durationMs / 1000).toFixed(1)} s`
    )
    expectSuccess(run)
    const [model] = JSON.parse(run.outputs.models) as Array<{ sha: string; source: string; version_id: number }>
    expect(model.source).toBe('uploaded')
    // The server holds the whole file, with the sha256 the action computed in pieces.
    const version = (await emulatorState(emulator!.url)).model_versions.find((v: { id: number }) => v.id === model.version_id)
    expect(version.file_info).toMatchObject({ sha: model.sha, size: GB3 })
    expect(statSync(path.join(dir, 'data', 'models', model.sha)).size).toBe(GB3)
    expect(baselineMiB).toBeGreaterThan(0)
    expect(peakMiB - baselineMiB).toBeLessThan(GROWTH_LIMIT_MiB)
    expect(peakMiB).toBeLessThan(PEAK_LIMIT_MiB)
  }, 600_000)

  it(`as an ONNX file is read for its signature (and refused on a misfitting smoke input) with the memory flat${skip}`, async () => {
    if (!linux) return
    const file = path.join(dir, 'large.onnx')
    writeLargeOnnx(file, GB3)
    await writeFile(path.join(dir, 'smoke.json'), JSON.stringify([{ x: [1, 2, 3] }]))
    const { run, peakMiB } = await runMeasured(
      signedInInputs(emulator!.url, 'large-test', { pipeline: 'large-pipe', models: '- name: large-onnx\n  path: large.onnx\n', 'smoke-input': 'smoke.json' })
    )
    console.log(
      `input checks of a 3 GB ONNX model: the action's peak RSS was ${peakMiB.toFixed(1)} MiB (baseline ${baselineMiB.toFixed(1)} MiB), in ${(run.durationMs / 1000).toFixed(1)} s`
    )
    expect(run.outputs.outcome).toBe('invalid-input')
    // The signature was read from the 3 GB file: the smoke input is judged against its input "x" [batch, 4].
    expect(errorMessages(run.stdout).join('\n')).toContain(
      'model "large-onnx" (the pipeline\'s first model) input "x" takes float values with shape [batch, 4]: in column "x", row 1 has 3 values, but a row takes 4.'
    )
    expect(baselineMiB).toBeGreaterThan(0)
    expect(peakMiB - baselineMiB).toBeLessThan(GROWTH_LIMIT_MiB)
    expect(peakMiB).toBeLessThan(PEAK_LIMIT_MiB)
  }, 600_000)
})
