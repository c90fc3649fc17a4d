/**
 * Load: 50 concurrent clients send 10,000 one-row inferences to one deployment; every one must answer 200 with a
 * score. The latencies are printed (p50/p99, throughput), not asserted: this machine's speed is not the subject.
 * Fewer or more: EMULATOR_LOAD_REQUESTS=N.
 */
import { describe, it, expect, afterAll } from '@jest/globals'
import { performance } from 'node:perf_hooks'
import { makeBaseline } from '../helpers/emulator-fuzz.js'
import { emulatorToken, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { demoRows, DEMO_OUTPUT } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const REQUESTS = Number(process.env.EMULATOR_LOAD_REQUESTS ?? 10_000)
const CLIENTS = 50

describe('emulator under load', () => {
  let emu: EmulatorProcess | undefined
  afterAll(async () => {
    await emu?.stop()
  })

  it(`${CLIENTS} concurrent clients, ${REQUESTS} one-row inferences: zero errors`, async () => {
    emu = await startEmulatorProcess(['--start-seconds', '0', '--convert-seconds', '0', '--token-seconds', '3600'])
    const token = await emulatorToken(emu.url)
    const baseline = await makeBaseline(emu.url, token)
    const rows = demoRows(64)
    const bodies = rows.map((row) => toPandasRecordsJson([row]))
    const latencies: number[] = []
    const errors: string[] = []
    let next = 0
    const client = async (): Promise<void> => {
      while (next < REQUESTS) {
        const i = next++
        const started = performance.now()
        try {
          const res = await fetch(emu!.url + baseline.inferPath, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; format=pandas-records' },
            body: bodies[i % bodies.length]
          })
          const text = await res.text()
          const score = res.status === 200 ? (JSON.parse(text) as Array<{ out: Record<string, number[]> }>)[0]?.out?.[DEMO_OUTPUT]?.[0] : undefined
          if (typeof score !== 'number') errors.push(`request ${i}: HTTP ${res.status} ${text.slice(0, 200)}`)
        } catch (err) {
          errors.push(`request ${i}: ${(err as Error).message}`)
        }
        latencies.push(performance.now() - started)
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: CLIENTS }, client))
    const seconds = (performance.now() - started) / 1000
    expect({ errors: errors.slice(0, 5), count: errors.length }).toEqual({ errors: [], count: 0 })
    expect(latencies).toHaveLength(REQUESTS)
    latencies.sort((a, b) => a - b)
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))].toFixed(1)
    console.log(
      `load: ${REQUESTS} one-row inferences from ${CLIENTS} clients in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s): 0 errors, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`
    )
  }, 300_000)
})
