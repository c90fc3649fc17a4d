/**
 * Child process of the mutated-Arrow test (`node --import tsx __tests__/helpers/arrow-mutate-child.ts SEED COUNT [--raw]`):
 * decodes seeded mutations of Arrow files the project writes (plus ../shared/fixtures/cc_data_10k.arrow when present)
 * with `readArrowFile`, reads every value of every table it gets, and prints `start <n> <what>` before each decode so
 * the parent can name the mutation that stalls. The last line is `done <JSON summary>`. `--raw` decodes with
 * apache-arrow's `tableFromIPC` alone (to measure how often the unguarded decoder stalls).
 */
import { readFileSync } from 'node:fs'
import { tableFromIPC, type Table } from 'apache-arrow'
import { ArrowFileError } from '../../src/arrow/ipc-guard.js'
import { readArrowFile } from '../../src/arrow/read-arrow-file.js'
import { runInference } from '../../src/emulator/inference.js'
import type { LoadedModel } from '../../src/emulator/onnx.js'
import { demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile } from '../../src/model/data-files.js'
import { mutations, sharedFixture } from './arrow-mutations.js'

/** A model stand-in (no onnxruntime): one float32 output per row, so the emulator writes a real reply file. */
const fakeModel: LoadedModel = {
  inputs: [{ name: 'dense_input', type: 'float32', dims: ['batch', 3] }],
  outputs: [{ name: 'dense_1', type: 'float32', dims: ['batch', 1] }],
  run: async (feeds) => ({ dense_1: { data: new Float32Array(feeds.dense_input.dims[0]).fill(0.5), dims: [feeds.dense_input.dims[0], 1], type: 'float32' } })
}

/** The files to mutate: what data-files.ts writes, an inference reply the emulator writes, and the shared fixture. */
export async function sourceFiles(): Promise<Array<{ name: string; bytes: Uint8Array; share: number }>> {
  const reply = await runInference(
    { contentType: 'application/vnd.apache.arrow.file', accept: undefined, body: Buffer.from(toArrowFile(demoRows(5).map((r) => r.slice(0, 3)))) },
    [{ name: 'm', sha: 'a'.repeat(64), model: fakeModel }],
    { profile: '2025.2', pipelineVersion: 'pv', partition: 'engine-1', now: () => 0 }
  )
  const files = [
    { name: 'one 29-wide row', bytes: toArrowFile(demoRows(1)), share: 3 },
    { name: '50 rows of 3', bytes: toArrowFile(demoRows(50).map((r) => r.slice(0, 3))), share: 3 },
    { name: 'an inference reply', bytes: Uint8Array.from(reply.body), share: 3 }
  ]
  const fixture = sharedFixture('cc_data_10k.arrow')
  if (fixture) files.push({ name: 'cc_data_10k.arrow', bytes: new Uint8Array(readFileSync(fixture)), share: 1 })
  return files
}

/** Reads every value (nested lists included), as a consumer of the table would. Returns how many it read. */
function touch(table: Table): number {
  let seen = 0
  const visit = (v: unknown): void => {
    seen++
    if (v !== null && typeof v === 'object' && Symbol.iterator in v && typeof v !== 'string') for (const x of v as Iterable<unknown>) visit(x)
  }
  for (const column of table.schema.fields.map((_, i) => table.getChildAt(i)!)) for (let r = 0; r < column.length; r++) visit(column.get(r))
  return seen
}

async function main(): Promise<void> {
  const [seedArg, countArg, ...flags] = process.argv.slice(2)
  const seed = Number(seedArg ?? 1)
  const count = Number(countArg ?? 100)
  const raw = flags.includes('--raw')
  const skip = Number(flags.find((f) => f.startsWith('--skip='))?.slice(7) ?? 0)
  const files = await sourceFiles()
  const shares = files.reduce((n, f) => n + f.share, 0)
  const summary = {
    files: files.map((f) => f.name),
    decoded: 0,
    refused: 0,
    kinds: {} as Record<string, number>,
    /** Decodes that threw something other than ArrowFileError (a gap in the checks). */
    other: [] as string[],
    /** Decoded tables whose values could not all be read (e.g. an int64 beyond 2^53): the consumer's to handle. */
    unreadable: [] as string[],
    samples: [] as string[]
  }
  let n = 0
  for (const [index, file] of files.entries()) {
    for (const m of mutations(file.bytes, seed + index, Math.round((count * file.share) / shares))) {
      if (n++ < skip) continue
      process.stdout.write(`start ${n} ${file.name}: ${m.describe}\n`)
      let table: Table
      try {
        table = raw ? tableFromIPC(m.bytes) : readArrowFile(m.bytes)
        summary.decoded++
      } catch (err) {
        if (err instanceof ArrowFileError) {
          summary.refused++
          summary.kinds[err.kind] = (summary.kinds[err.kind] ?? 0) + 1
          if (summary.samples.length < 12 && !summary.samples.some((s) => s.startsWith(err.message.slice(0, 30)))) summary.samples.push(err.message)
        } else {
          summary.other.push(`${file.name}: ${m.describe}: ${(err as Error).message}`)
        }
        continue
      }
      try {
        touch(table)
      } catch (err) {
        summary.unreadable.push(`${file.name}: ${m.describe}: ${(err as Error).message}`)
      }
    }
  }
  process.stdout.write(`done ${JSON.stringify({ ...summary, total: n - skip })}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
