/**
 * Targets 2 and 4 from one real deploy, and target 5: the action's start-up against `node -e ''`; a real deploy of
 * the demo model against the compiled emulator (exit 0 checked) with its peak RSS and its API calls sorted into the
 * flow's minimum, polls and named extras; the emulator's memory idle and with 10 deployed pipelines.
 */
import { makeDemoWorkspace } from '../../__tests__/helpers/action-process.js'
import { TEST_CREDENTIALS } from '../../__tests__/helpers/wallaroo-session.js'
import { failingRunPeak, realRun, startupTimes } from './action.js'
import { classifyCalls, MINIMUM, parseRequestLog, pollCount } from './calls.js'
import { demoModel } from './inference.js'
import { deployModel, signIn, startEmulator } from './servers.js'
import { median } from './stats.js'
import type { Figure } from './verdict.js'

/** Start-up: medians of `samples` interleaved spawns of each. */
export async function startupFigure(samples: number, warmup: number): Promise<Figure> {
  const t = await startupTimes(samples, warmup)
  return {
    name: 'action start-up (fails at inputs, exit 1)',
    value: median(t.action),
    baseline: { name: "node -e ''", value: median(t.bare) },
    unit: 'ms',
    target: { ratioAtMost: 2.5 }
  }
}

/** A real first deploy (fresh emulator with its default start and conversion times): peak RSS and the call count. */
export async function realDeployFigures(say: (line: string) => void): Promise<Figure[]> {
  const emulator = await startEmulator(['--verbose'])
  const ws = await makeDemoWorkspace(1)
  try {
    const inputs = {
      url: emulator.url,
      username: TEST_CREDENTIALS.user,
      password: TEST_CREDENTIALS.password,
      workspace: 'bench',
      pipeline: 'bench-pipeline',
      models: `- name: bench-model\n  path: ${ws.modelPath}`,
      'smoke-input': ws.smokeJson
    }
    const run = await realRun(inputs, ws.dir)
    if (run.outputs.outcome !== 'success' || run.outputs.status !== 'Running')
      throw new Error(`the deploy exited 0 but its outcome is ${run.outputs.outcome} and its status ${run.outputs.status}`)
    say(`real deploy: exit 0, outcome success, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.peakMiB.toFixed(1)} MiB`)
    // The same environment, failing at its inputs: what the process costs before any work.
    const idle = await failingRunPeak()
    const calls = classifyCalls(parseRequestLog(emulator.stderr()))
    if (calls.missing.length > 0)
      throw new Error(
        `the deploy skipped steps the flow's minimum counts (${calls.missing.join('; ')}): the call count would be wrong; emulator log:\n${emulator.stderr()}`
      )
    const minimum = Object.keys(MINIMUM).length
    const polls = Object.entries(calls.polls)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ')
    const extras = calls.extras.length === 0 ? 'no extra calls' : `extra calls: ${calls.extras.map((e) => `${e.call}: ${e.reason}`).join('; ')}`
    return [
      {
        name: 'action peak RSS, real deploy (exit 0)',
        value: run.peakMiB,
        baseline: { name: 'same action failing at inputs', value: idle },
        unit: 'MiB',
        target: { reported: true }
      },
      {
        name: 'deploy API calls (first deploy, smoke test)',
        value: calls.total,
        baseline: { name: `minimum ${minimum} + ${pollCount(calls)} polls`, value: minimum + pollCount(calls) },
        unit: 'calls',
        target: { ratioAtMost: 1 },
        note: `minimum: ${Object.values(MINIMUM).join(', ')}; polls: ${polls || 'none'}; ${extras}`
      }
    ]
  } finally {
    await emulator.stop()
    await ws.cleanup()
  }
}

/** The compiled emulator's RSS idle (after sign-in) and with `count` pipelines deployed and each answering once. */
export async function emulatorMemoryFigure(count: number): Promise<Figure> {
  // One default node holds 4 deployments of the default engine config: enough nodes for `count`.
  const emulator = await startEmulator(['--start-seconds', '0', '--convert-seconds', '0', '--nodes', `cpu=4,memory=16Gi,count=${Math.ceil(count / 4)}`])
  try {
    const session = await signIn(emulator.url)
    await new Promise((r) => setTimeout(r, 500))
    const idle = emulator.memory().rssMiB
    const model = demoModel()
    for (let i = 1; i <= count; i++) {
      const url = await deployModel(session, `mem-${i}`, model)
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json; format=pandas-records' },
        body: JSON.stringify([{ tensor: new Array(29).fill(0.1) }])
      })
      if (!res.ok) throw new Error(`pipeline mem-${i} answered ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    }
    await new Promise((r) => setTimeout(r, 500))
    return {
      name: `emulator RSS, ${count} pipelines deployed and answering`,
      value: emulator.memory().rssMiB,
      baseline: { name: 'same emulator idle', value: idle },
      unit: 'MiB',
      target: { reported: true }
    }
  } finally {
    await emulator.stop()
  }
}
