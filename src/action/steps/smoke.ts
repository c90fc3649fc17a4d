/** The smoke inference (§9): the input file posted in its own format to the pipeline's URL, the answer decoded into rows. */
import type { RunContext } from '../context.js'
import { arrowIfLoaded, loadParsers, readArrowFile } from '../lazy-parsers.js'
import { formatDuration } from '../duration.js'
import type { SmokeOutcome } from '../run-record.js'
import type { SmokeInput } from '../settings.js'

/** The pipeline's external inference URL (§9.1); recorded for the outputs. */
export async function inferenceUrl(ctx: RunContext, workspaceId: number, pipeline: string): Promise<string> {
  const url = await ctx.api.getExternalUrl(workspaceId, pipeline)
  ctx.record.inferenceUrl = url
  return url
}

/** Makes Arrow row values JSON-safe: vectors and typed arrays become arrays, bigints numbers (or strings when too large). */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()
  if (v === null || v === undefined) return v ?? null
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, toPlain)
  if (Array.isArray(v)) return v.map(toPlain)
  // A list cell of an Arrow table is a Vector.
  const loaded = arrowIfLoaded()
  if (loaded && v instanceof loaded.Vector) return Array.from(v as Iterable<unknown>, toPlain)
  if (typeof v === 'object') {
    const o = v as { toJSON?: () => unknown }
    // Arrow rows (StructRow, MapRow) turn themselves into plain objects.
    if (typeof o.toJSON === 'function' && !(v instanceof Date)) return toPlain(o.toJSON())
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPlain(x)]))
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return v
}

/** Decodes an inference answer (pandas-records JSON or an Arrow IPC file) into plain records. */
async function decodeAnswer(contentType: string, body: Uint8Array): Promise<unknown[]> {
  const isArrow = /arrow/i.test(contentType) || Buffer.from(body.subarray(0, 6)).toString('latin1') === 'ARROW1'
  if (isArrow) {
    await loadParsers({ arrow: true })
    // The answer is checked like an input file: a damaged Arrow answer must fail, not hang the step.
    return readArrowFile(body)
      .toArray()
      .map((row) => toPlain(row))
  }
  const text = new TextDecoder().decode(body)
  if (text.trim() === '') return []
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value : [value]
}

/** Posts the smoke input and decodes the answer (recorded as the run's smoke outcome). */
export async function runSmoke(ctx: RunContext, url: string, input: SmokeInput): Promise<SmokeOutcome> {
  const outcome = await runSmokeRequest(ctx, url, input)
  ctx.record.smoke = outcome
  return outcome
}

/** Posts the smoke input and decodes the answer; a 4xx/5xx surfaces as the client's WallarooApiError with the engine's text. */
export async function runSmokeRequest(ctx: RunContext, url: string, input: SmokeInput): Promise<SmokeOutcome> {
  ctx.log.info(`Smoke inference: ${input.rows} row(s) from ${input.path} as ${input.format} to ${url}`)
  const answer = await postInput(ctx, url, input)
  const outcome: SmokeOutcome = { latencyMs: Math.round(answer.latencyMs), inputRows: input.rows, records: answer.records, contentType: answer.contentType }
  ctx.log.info(`Smoke inference answered ${answer.records.length} record(s) in ${formatDuration(answer.latencyMs)}.`)
  return outcome
}

/** Posts an input file in its own format to an inference URL and decodes the answer records (retrying a 503 while the engine warms up). */
export async function postInput(ctx: RunContext, url: string, input: SmokeInput): Promise<{ records: unknown[]; latencyMs: number; contentType: string }> {
  const result = await ctx.api.infer({ url, format: input.format, body: input.body, retryUnavailable: true })
  try {
    return { records: await decodeAnswer(result.contentType, result.body), latencyMs: result.latencyMs, contentType: result.contentType }
  } catch (e) {
    throw new Error(
      `the inference answer (${result.contentType || 'no content type'}, ${result.body.length} bytes) could not be decoded: ${(e as Error).message}`,
      { cause: e }
    )
  }
}
