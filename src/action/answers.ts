/**
 * Reading inference answer records (§9.3) the way the golden check, `write-output` and the who-answered check need
 * them: the `out` fields of a record, nested (`{out: {dense_1: [..]}}`) or flattened (`{"out.dense_1": [..]}`),
 * and the `metadata` block that says which pipeline version and model answered.
 */
import { isRecord } from './inputs/structured-text.js'

/** Keys of an answer record that are not outputs (§9.3), for records written without an `out` block. */
const NON_OUTPUT_KEYS = new Set(['time', 'in', 'out', 'check_failures', 'anomaly', 'metadata', 'shadow_data'])
const NON_OUTPUT_PREFIXES = ['in.', 'anomaly.', 'metadata.', 'shadow_data.']

/**
 * The output fields of one record: `out` when nested, the `out.`-prefixed keys when flattened, or (for a file of
 * bare output records such as `[{"dense_1": [0.1]}]`) every key that is not one of the record's other blocks.
 */
export function outFields(record: unknown): Record<string, unknown> | undefined {
  if (!isRecord(record)) return undefined
  if (isRecord(record.out)) return record.out
  const flat = Object.keys(record).filter((k) => k.startsWith('out.'))
  if (flat.length > 0) return Object.fromEntries(flat.map((k) => [k.slice(4), record[k]]))
  const bare = Object.keys(record).filter((k) => !NON_OUTPUT_KEYS.has(k) && !NON_OUTPUT_PREFIXES.some((p) => k.startsWith(p)))
  return Object.fromEntries(bare.map((k) => [k, record[k]]))
}

/** Who answered one record, as its metadata says (§9.3); empty strings and absent fields are undefined. */
export interface AnswerOrigin {
  /** The pipeline version UUID (2024+; "" on 2023 servers). */
  pipelineVersion?: string
  /** The last model of the pipeline that ran. */
  lastModel?: { name?: string; sha?: string }
}

/** The metadata of one record, nested or flattened; last_model is a JSON string `{model_name, model_sha}` (or already an object). */
export function answerOrigin(record: unknown): AnswerOrigin {
  if (!isRecord(record)) return {}
  const meta = isRecord(record.metadata) ? record.metadata : undefined
  const pick = (key: string): unknown => (meta ? meta[key] : record[`metadata.${key}`])
  const version = pick('pipeline_version')
  const origin: AnswerOrigin = {}
  if (typeof version === 'string' && version !== '') origin.pipelineVersion = version
  let last = pick('last_model')
  if (typeof last === 'string' && last.trim().startsWith('{')) {
    try {
      last = JSON.parse(last) as unknown
    } catch {
      last = undefined
    }
  }
  if (isRecord(last)) {
    const name = typeof last.model_name === 'string' ? last.model_name : undefined
    const sha = typeof last.model_sha === 'string' ? last.model_sha : undefined
    if (name || sha) origin.lastModel = { ...(name ? { name } : {}), ...(sha ? { sha } : {}) }
  }
  return origin
}
