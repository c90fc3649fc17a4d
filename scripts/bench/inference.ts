/**
 * The emulator's inference against the floor server, in the same run: the same model, the same rows, answers
 * compared before any timing, and requests to the two interleaved (so the machine's noise falls on both alike).
 */
import { tableFromIPC, type Table } from 'apache-arrow'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'
import { Connection, postRequest, throughput, type Answer } from './http-client.js'
import type { FloorMeta } from './servers.js'
import { median, quantile } from './stats.js'

export const ARROW = 'application/vnd.apache.arrow.file'
export const RECORDS = 'application/json; format=pandas-records'

/** One request body, in both servers' addressing. */
export interface Case {
  name: string
  contentType: string
  body: Uint8Array
}

/** The cases the targets name: 1 row and 1,000 rows of pandas-records JSON, 10,000 rows as an Arrow file. */
export function cases(): Record<'one' | 'thousand' | 'arrow10k', Case> {
  return {
    one: { name: '1-row JSON', contentType: RECORDS, body: Buffer.from(toPandasRecordsJson(demoRows(1, 7))) },
    thousand: { name: '1k-row JSON', contentType: RECORDS, body: Buffer.from(toPandasRecordsJson(demoRows(1000, 7))) },
    arrow10k: { name: '10k-row Arrow', contentType: ARROW, body: toArrowFile(demoRows(10_000, 7)) }
  }
}

export const demoModel = (): Uint8Array => buildDemoModel()

/** The request bytes for the emulator's inference URL. */
export function request(url: string, token: string, c: Case): Buffer {
  return postRequest(url, { authorization: `Bearer ${token}`, 'content-type': c.contentType, accept: c.contentType.split(';')[0] }, c.body)
}

/** The same request for the floor: the same path, token and headers (it reads none of them, but parses them all). */
export function floorRequest(floorUrl: string, inferUrl: string, token: string, c: Case): Buffer {
  return request(new URL(new URL(inferUrl).pathname, floorUrl).href, token, c)
}

/** The metadata of an emulator answer, which the floor must repeat to answer alike. */
export function metaOf(answer: Answer): FloorMeta {
  const record = (JSON.parse(answer.body.toString('utf8')) as Array<{ metadata: { last_model: string; pipeline_version: string; partition: string } }>)[0]
  return { lastModel: record.metadata.last_model, pipelineVersion: record.metadata.pipeline_version, partition: record.metadata.partition }
}

/** JSON text with the values that differ from one answer to the next (time, elapsed) blanked. */
const steadyJson = (text: string): string => text.replace(/"time":\d+/g, '"time":0').replace(/"elapsed":\[\d+,\d+\]/g, '"elapsed":[0,0]')

/** An Arrow answer as comparable text: its schema and every value but time and metadata.elapsed. */
function steadyArrow(bytes: Buffer): string {
  const table: Table = tableFromIPC(bytes)
  const columns = table.schema.fields.map((f, i) => {
    const column = table.getChildAt(i)!
    if (f.name === 'time') return 'time'
    const rows = column.toArray() as unknown[]
    return JSON.stringify(rows, (key, v) =>
      key === 'elapsed' ? [0, 0] : typeof v === 'bigint' ? Number(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as number[]) : v
    )
  })
  return `${table.schema.toString()}\n${table.schema.fields.map((f) => `${f.name}: ${JSON.stringify([...f.metadata])}`).join('\n')}\n${columns.join('\n')}`
}

/** Throws unless both answers are 200s with the same content type and the same content (time and elapsed aside). */
export function compareAnswers(c: Case, emulator: Answer, floor: Answer): void {
  for (const [who, a] of [
    ['emulator', emulator],
    ['floor', floor]
  ] as const) {
    if (a.status !== 200) throw new Error(`${c.name}: the ${who} answered ${a.status}: ${a.body.toString('utf8').slice(0, 500)}`)
  }
  if (emulator.headers['content-type'] !== floor.headers['content-type'])
    throw new Error(`${c.name}: content types differ: emulator ${emulator.headers['content-type']}, floor ${floor.headers['content-type']}`)
  const arrow = emulator.headers['content-type'] === ARROW
  const [e, f] = arrow
    ? [steadyArrow(emulator.body), steadyArrow(floor.body)]
    : [steadyJson(emulator.body.toString('utf8')), steadyJson(floor.body.toString('utf8'))]
  if (e !== f) {
    let at = 0
    while (at < e.length && e[at] === f[at]) at++
    throw new Error(
      `${c.name}: the answers differ at character ${at}:\n  emulator …${e.slice(Math.max(0, at - 80), at + 120)}\n  floor    …${f.slice(Math.max(0, at - 80), at + 120)}`
    )
  }
  // Arrow answers have fixed-width time and elapsed, so they match byte counts too (JSON ones differ by their digits).
  if (arrow && emulator.body.length !== floor.body.length)
    throw new Error(`${c.name}: the answers differ in length: emulator ${emulator.body.length} bytes, floor ${floor.body.length}`)
}

/** Round trips of `samples` requests to each server after `warmup`, alternating which goes first. */
export async function interleavedLatency(
  emulator: { conn: Connection; req: Buffer },
  floor: { conn: Connection; req: Buffer },
  samples: number,
  warmup: number
): Promise<{ emulator: number[]; floor: number[] }> {
  const times = { emulator: [] as number[], floor: [] as number[] }
  for (let i = 0; i < warmup + samples; i++) {
    const order = i % 2 === 0 ? (['emulator', 'floor'] as const) : (['floor', 'emulator'] as const)
    for (const who of order) {
      const side = who === 'emulator' ? emulator : floor
      const a = await side.conn.send(side.req)
      if (a.status !== 200) throw new Error(`the ${who} answered ${a.status} while timed: ${a.body.toString('utf8').slice(0, 300)}`)
      if (i >= warmup) times[who].push(a.ms)
    }
  }
  return times
}

/** Medians of `rounds` alternating rounds of `ms` each under `clients` connections (after one short warm-up round each). */
export async function interleavedThroughput(
  emulator: { url: string; req: Buffer },
  floor: { url: string; req: Buffer },
  clients: number,
  rounds: number,
  ms: number
): Promise<{ emulator: number; floor: number }> {
  await throughput(emulator.url, emulator.req, clients, ms / 4)
  await throughput(floor.url, floor.req, clients, ms / 4)
  const got = { emulator: [] as number[], floor: [] as number[] }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['emulator', 'floor'] as const) : (['floor', 'emulator'] as const)
    for (const who of order) {
      const side = who === 'emulator' ? emulator : floor
      got[who].push(await throughput(side.url, side.req, clients, ms))
    }
  }
  return { emulator: median(got.emulator), floor: median(got.floor) }
}

export { median, quantile }
