/**
 * Targets 1: the emulator's inference against the floor server in the same run. The demo model deployed on the
 * compiled emulator; the floor started on the same model file and told the emulator's metadata; every case's
 * answers compared before any timing; then interleaved round trips (medians) and interleaved throughput rounds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Connection } from './http-client.js'
import { cases, compareAnswers, demoModel, floorRequest, interleavedLatency, interleavedThroughput, median, metaOf, request } from './inference.js'
import { deployModel, signIn, startEmulator, startFloor } from './servers.js'
import type { Figure } from './verdict.js'

/** How many samples: the full bench, or a quick look. */
export interface InferencePlan {
  samples: { one: number; thousand: number; arrow10k: number }
  warmup: number
  rounds: number
  roundMs: number
  clients: number[]
}

export const FULL: InferencePlan = { samples: { one: 3000, thousand: 300, arrow10k: 80 }, warmup: 50, rounds: 5, roundMs: 2000, clients: [8, 32, 64] }
export const QUICK: InferencePlan = { samples: { one: 400, thousand: 40, arrow10k: 12 }, warmup: 10, rounds: 1, roundMs: 1000, clients: [8, 32, 64] }

export async function emulatorVsFloor(plan: InferencePlan, say: (line: string) => void): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-floor-'))
  const modelPath = path.join(dir, 'model.onnx')
  const model = demoModel()
  await writeFile(modelPath, model)
  const emulator = await startEmulator(['--start-seconds', '0', '--convert-seconds', '0'])
  const stops: Array<() => Promise<void>> = [() => emulator.stop()]
  const figures: Figure[] = []
  try {
    const session = await signIn(emulator.url)
    const token = session.token
    const inferUrl = await deployModel(session, 'bench', model)
    const all = cases()
    const probe = new Connection(inferUrl)
    const meta = metaOf(await probe.send(request(inferUrl, token, all.one)))
    probe.close()
    const floor = await startFloor(modelPath, meta)
    stops.unshift(() => floor.stop())

    for (const key of ['one', 'thousand', 'arrow10k'] as const) {
      const c = all[key]
      const sides = {
        emulator: { conn: new Connection(inferUrl), req: request(inferUrl, token, c) },
        floor: { conn: new Connection(floor.url), req: floorRequest(floor.url, inferUrl, token, c) }
      }
      try {
        compareAnswers(c, await sides.emulator.conn.send(sides.emulator.req), await sides.floor.conn.send(sides.floor.req))
        say(`${c.name}: the emulator's and the floor's answers match (time and elapsed aside); timing ${plan.samples[key]} interleaved round trips each`)
        const t = await interleavedLatency(sides.emulator, sides.floor, plan.samples[key], plan.warmup)
        figures.push({
          name: `${c.name} inference, p50 round trip`,
          value: median(t.emulator),
          baseline: { name: 'floor server', value: median(t.floor) },
          unit: 'ms',
          target: { ratioAtMost: 1.2 }
        })
      } finally {
        sides.emulator.conn.close()
        sides.floor.conn.close()
      }
    }

    const one = all.one
    for (const clients of plan.clients) {
      say(`throughput at ${clients} clients: ${plan.rounds} interleaved rounds of ${plan.roundMs} ms each`)
      const r = await interleavedThroughput(
        { url: inferUrl, req: request(inferUrl, token, one) },
        { url: floor.url, req: floorRequest(floor.url, inferUrl, token, one) },
        clients,
        plan.rounds,
        plan.roundMs
      )
      figures.push({
        name: `throughput, 1-row JSON, ${clients} clients`,
        value: r.emulator,
        baseline: { name: 'floor server', value: r.floor },
        unit: 'req/s',
        target: { ratioAtLeast: 0.8 }
      })
    }
  } finally {
    for (const stop of stops) await stop()
    await rm(dir, { recursive: true, force: true })
  }
  return figures
}
