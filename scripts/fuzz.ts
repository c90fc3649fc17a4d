/**
 * Fuzzes a fresh emulator process (`npm run fuzz`, or `npm run fuzz -- --long` for 12,000 requests): a baseline
 * deployment first, then seeded damaged requests to every route (see __tests__/helpers/emulator-fuzz.ts), then the
 * baseline must answer as before, also after a restart from its --data-dir. Prints the figures; exits 1 on any
 * violation. Flags: --count N, --seed N, --concurrency N, --long, --watch (one at a time, the baseline checked after
 * each request, stopping at the first that changes it).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { baselineAnswer, makeBaseline, runFuzz } from '../__tests__/helpers/emulator-fuzz.js'
import { emulatorToken, startEmulatorProcess } from '../__tests__/helpers/emulator-process.js'

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

async function main(): Promise<void> {
  const long = process.argv.includes('--long')
  const count = flag('--count', long ? 12_000 : 1_000)
  const seed = flag('--seed', 1)
  const concurrency = flag('--concurrency', 8)
  const dir = mkdtempSync(join(tmpdir(), 'emu-fuzz-'))
  let emu = await startEmulatorProcess(['--data-dir', dir, '--start-seconds', '0.2', '--convert-seconds', '0.1', '--token-seconds', '3600'])
  try {
    const token = await emulatorToken(emu.url)
    const baseline = await makeBaseline(emu.url, token)
    const before = await baselineAnswer(emu.url, token, baseline)
    // --watch: one request at a time, the baseline checked after each, stopping at the first that changed it.
    const watch = process.argv.includes('--watch')
    const unchanged = async (): Promise<string | null> =>
      isDeepStrictEqual(await baselineAnswer(emu.url, token, baseline), before) ? null : 'the baseline deployment answers differently after this request'
    const figures = await runFuzz({
      url: emu.url,
      token,
      baseline,
      seed,
      count,
      concurrency: watch ? 1 : concurrency,
      onProgress: (n) => process.stderr.write(`  ${n} requests\n`),
      after: watch ? unchanged : undefined
    })
    if (figures.stalled) {
      console.log(`fuzz: the emulator stopped answering after ${figures.requests} requests; the last ones:`)
      for (const v of figures.violations.slice(-10)) console.log(`  ${v.request} → ${v.status}: ${v.problem}`)
      console.log(`emulator stderr (end):\n${emu.stderr().slice(-3000)}`)
      process.exitCode = 1
      return
    }
    const after = await baselineAnswer(emu.url, token, baseline)
    const alive = emu.proc.exitCode === null && emu.proc.signalCode === null
    emu = await emu.restart()
    // After a restart the deployment comes back Starting; give it the time --start-seconds says.
    await new Promise((r) => setTimeout(r, 1500))
    const restarted = await baselineAnswer(emu.url, token, baseline)
    const stateOk = (await fetch(`${emu.url}/_emulator/state`)).status === 200
    console.log(
      `fuzz: seed ${seed}, ${figures.requests} requests in ${figures.seconds.toFixed(1)} s (${watch ? 1 : concurrency} at a time), p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms`
    )
    console.log(`statuses: ${JSON.stringify(figures.byStatus)}`)
    console.log(
      `violations: ${figures.violations.length}; process alive: ${alive}; baseline unchanged: ${isDeepStrictEqual(before, after)}; after restart: ${isDeepStrictEqual(before, restarted)}; state after restart: ${stateOk}`
    )
    for (const v of figures.violations.slice(0, 40)) console.log(`  ${v.request} → ${v.status}: ${v.problem} ${v.body}`)
    if (!isDeepStrictEqual(before, after)) console.log(`  baseline before: ${JSON.stringify(before)}\n  baseline after:  ${JSON.stringify(after)}`)
    const ok = figures.violations.length === 0 && alive && isDeepStrictEqual(before, after) && isDeepStrictEqual(before, restarted) && stateOk
    process.exitCode = ok ? 0 : 1
  } finally {
    await emu.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
