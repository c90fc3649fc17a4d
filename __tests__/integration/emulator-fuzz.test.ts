/**
 * The emulator under abuse: seeded, damaged requests to every route (MLOps, token, config, inference with mutated
 * Arrow files and bad records, multipart uploads, developer API), several at a time, against a process with
 * --data-dir. No answer may be a 5xx or missing (hang or crash), every error must be in the route's format, and a
 * deployment made before must answer the same after, also after a restart from the data dir.
 * More: EMULATOR_FUZZ_COUNT=12000 npm test -- emulator-fuzz, or `npm run fuzz -- --long` (prints the figures).
 */
import { describe, it, expect, afterAll } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FUZZED_ROUTES, baselineAnswer, makeBaseline, routeKey, runFuzz } from '../helpers/emulator-fuzz.js'
import { emulatorToken, pollEmulator, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'

const COUNT = Number(process.env.EMULATOR_FUZZ_COUNT ?? 1500)

describe('emulator fuzz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-fuzz-'))
  let emu: EmulatorProcess | undefined
  afterAll(async () => {
    await emu?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it(`${COUNT} damaged requests: no 5xx, no hang, no crash, errors in the API's formats, the baseline deployment unchanged`, async () => {
    emu = await startEmulatorProcess(['--data-dir', dir, '--start-seconds', '0.2', '--convert-seconds', '0.1', '--token-seconds', '3600'])
    const token = await emulatorToken(emu.url)
    const baseline = await makeBaseline(emu.url, token)
    const before = await baselineAnswer(emu.url, token, baseline)
    const figures = await runFuzz({ url: emu.url, token, baseline, seed: 20251129, count: COUNT, concurrency: 6 })
    expect({ stalled: figures.stalled, violations: figures.violations, stderr: figures.stalled ? emu.stderr().slice(-2000) : '' }).toEqual({
      stalled: false,
      violations: [],
      stderr: ''
    })
    expect(FUZZED_ROUTES.map(routeKey).filter((k) => !figures.byRoute[k])).toEqual([])
    expect(await baselineAnswer(emu.url, token, baseline)).toEqual(before)
    expect(emu.proc.exitCode).toBeNull()
    console.log(
      `emulator fuzz: ${figures.requests} requests in ${figures.seconds.toFixed(1)} s, statuses ${JSON.stringify(figures.byStatus)}, p99 ${figures.p99Ms} ms`
    )

    // What the fuzzing left in --data-dir loads, and the baseline still answers once it is Running again.
    emu = await emu.restart()
    await pollEmulator(
      async () => ({ status: 200, headers: new Headers(), text: '', json: await baselineAnswer(emu!.url, token, baseline) }),
      (r) => JSON.stringify(r.json) === JSON.stringify(before)
    )
    expect(await baselineAnswer(emu.url, token, baseline)).toEqual(before)
  }, 120_000)
})
