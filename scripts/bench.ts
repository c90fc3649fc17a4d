/**
 * `npm run bench [-- --quick]`: the speed targets of the project, each a ratio to a baseline measured in the same run
 * on this machine (timed tests would be flaky on 2 shared cores, so targets live here, never in `npm test`). Every line
 * prints the figure, its baseline, their ratio, the target and ok/MISSED; the results go to BENCHMARKS.md; the script
 * exits 1 if a target is missed. Needs `npm run build` first (it runs dist/ and lib/, what users run).
 * `--inference` runs only section 1 (the emulator against the floor) and leaves BENCHMARKS.md alone: for iterating.
 */
import path from 'node:path'
import { PROJECT_ROOT } from '../__tests__/helpers/emulator-process.js'
import { detectionLines } from './bench/detection-figures.js'
import { emulatorMemoryFigure, realDeployFigures, startupFigure } from './bench/deploy-figures.js'
import { emulatorVsFloor, FULL, QUICK } from './bench/emulator-vs-floor.js'
import { machine, writeReport } from './bench/report.js'
import { consoleLine, verdictOf, type Figure } from './bench/verdict.js'

const quick = process.argv.includes('--quick')
const inferenceOnly = process.argv.includes('--inference')
const unknown = process.argv.slice(2).filter((a) => a !== '--quick' && a !== '--inference')
if (unknown.length > 0) {
  console.error(
    `bench: unknown argument(s) ${unknown.join(' ')}; the options are --quick (fewer samples, for a look while working) and --inference (section 1 only; BENCHMARKS.md is not written)`
  )
  process.exit(2)
}

const figures: Figure[] = []
const say = (line: string) => console.log(`  · ${line}`)
const add = (fs: Figure[]) => {
  for (const f of fs) {
    figures.push(f)
    console.log(consoleLine(f))
    if (f.note) say(f.note)
  }
}

console.log(`bench${quick ? ' --quick' : ''} on ${machine()}`)
console.log('\n1. emulator inference vs the floor server (same model, rows and answer)')
add(await emulatorVsFloor(quick ? QUICK : FULL, say))
if (inferenceOnly) {
  const missed = figures.filter((f) => verdictOf(f) === 'MISSED')
  console.log(`\n${missed.length === 0 ? 'inference targets met' : `${missed.length} inference target(s) MISSED`}; BENCHMARKS.md not written (--inference)`)
  process.exit(missed.length === 0 ? 0 : 1)
}
console.log('\n2. action start-up and memory')
add([await startupFigure(quick ? 10 : 40, quick ? 2 : 5)])
console.log('\n3. detection (the real wait code on a simulated clock)')
add(await detectionLines())
console.log('\n4. a real deploy: peak RSS and API calls')
add(await realDeployFigures(say))
console.log('\n5. emulator memory')
add([await emulatorMemoryFigure(10)])

const notes = [
  'Inference: the compiled emulator (`node lib/emulator/cli.js`, what users run) with the demo model deployed, against `scripts/bench/floor-server.mjs` (node:http, JSON.parse or apache-arrow, onnxruntime on the same model file, the same reply written in one go; no routing, token or checks). Both answers are compared (all but time and elapsed) before timing; requests go over one keep-alive connection each, alternating which server goes first; figures are medians after a warm-up.',
  'Throughput: 1-row JSON requests back to back from N keep-alive connections, rounds alternating between the two servers, median of the rounds.',
  "Start-up: `node dist/index.js` with no inputs (exit 1 and an ::error naming an input are checked) against `node -e ''` (exit 0), both spawned with the same minimal runner-like environment (PATH, HOME, GITHUB_ACTIONS, RUNNER_TEMP, GITHUB_WORKSPACE, the file-command files), alternately; medians.",
  "Detection: `waitForRunning` (steps/deploy.ts) and `resolveModels` (steps/upload.ts), imported from src, on a simulated clock with default inputs; Running at every 250 ms up to 3 minutes (mean lateness), polls of a 3-minute start over 50 seeds; the fixed loop polls every 5 s with no backoff, on the same wait code. Conversion: the emulator's default 1 s conversion over 20 seeds, worst lateness (the target); conversions of 0.5-10 s in 250 ms steps, 5 seeds each, mean lateness (reported).",
  "Real deploy: `node dist/index.js` under /usr/bin/time against the compiled emulator with its default 1 s conversion and 2 s start (exit 0, outcome success and status Running checked); calls read from the emulator's `--verbose` request log; the baseline of the peak RSS is the same bundle failing at its inputs.",
  'Emulator memory: VmRSS of the compiled emulator (with enough `--nodes` for 10 deployments) after sign-in, then after 10 pipelines were deployed (one model upload each) and each answered one inference.'
]
const command = `npm run bench${quick ? ' -- --quick' : ''}`
await writeReport(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), figures, command, notes)
const missed = figures.filter((f) => verdictOf(f) === 'MISSED')
const targets = figures.filter((f) => verdictOf(f) !== 'reported')
console.log(
  missed.length === 0
    ? `\nall ${targets.length} targets met; written to BENCHMARKS.md`
    : `\n${missed.length} of ${targets.length} targets MISSED: ${missed.map((f) => f.name).join('; ')}; written to BENCHMARKS.md`
)
process.exit(missed.length === 0 ? 0 : 1)
