/**
 * Reading inference answer records (§9.3) the way the golden check, `write-output` and the who-answered check need
 * them: the `out` fields of a record, nested (`{out: {dense_1: [..]}}`) or flattened (`{"out.dense_1": [..]}`),
 * and the `metadata` block that says which pipeline version and model answered.
 */
import { isRecord } from './inputs/structured-text.js'

/** Keys of an answer record that are not outputs (§9.3), for records written without an `out` block. */
const NON_OUTPUT_KEYS = new Set(['time', 'in', 'out', 'check_failures', 'anomaly', 'metadata', 'shadow_data'])
const NON_OUTPUT_PREFIXES = ['in.', 'anomaly.', 'metadata.', 'shadow_data.']

/** The A/B split's note of which model answered (`out._model_split`): bookkeeping, not a model output. */
const MODEL_SPLIT = '_model_split'

/** `out` without the split note, so goldens and comparisons see the model's outputs only. */
function withoutSplit(out: Record<string, unknown>): Record<string, unknown> {
  if (!(MODEL_SPLIT in out)) return out
  const { [MODEL_SPLIT]: _split, ...rest } = out
  return rest
}

/**
 * A shadow challenger's outputs in one record: the `out_<model name>` group, nested (`{"out_ccfraud-xgb": {variable:
 * [..]}}`) or flattened (`"out_ccfraud-xgb.variable"`), as shadow deploys answer (docs/emulator.md).
 */
export function shadowOutFields(record: unknown, model: string): Record<string, unknown> | undefined {
  if (!isRecord(record)) return undefined
  const group = record[`out_${model}`]
  if (isRecord(group)) return group
  const prefix = `out_${model}.`
  const flat = Object.keys(record).filter((k) => k.startsWith(prefix))
  return flat.length > 0 ? Object.fromEntries(flat.map((k) => [k.slice(prefix.length), record[k]])) : undefined
}

/**
 * The model an A/B split sent a record to (`out._model_split`: a list of one JSON text), as `{name, version, sha}`:
 * 2023 servers write that object, later ones `{model_version: {name, file_info: {version, sha}}, config}`.
 */
export function splitModelOf(record: unknown): { name?: string; version?: string; sha?: string } | undefined {
  if (!isRecord(record)) return undefined
  let value: unknown = isRecord(record.out) ? record.out[MODEL_SPLIT] : record[`out.${MODEL_SPLIT}`]
  if (Array.isArray(value)) value = value[0]
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown
    } catch {
      return undefined
    }
  }
  if (!isRecord(value)) return undefined
  const mv = isRecord(value.model_version) ? value.model_version : value
  const info = isRecord(mv.file_info) ? mv.file_info : mv
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  const name = text(mv.name)
  const version = text(info.version)
  const sha = text(info.sha)
  return name || version || sha ? { ...(name ? { name } : {}), ...(version ? { version } : {}), ...(sha ? { sha } : {}) } : undefined
}

/**
 * The output fields of one record: `out` when nested, the `out.`-prefixed keys when flattened, or (for a file of
 * bare output records such as `[{"dense_1": [0.1]}]`) every key that is not one of the record's other blocks.
 */
export function outFields(record: unknown): Record<string, unknown> | undefined {
  if (!isRecord(record)) return undefined
  if (isRecord(record.out)) return withoutSplit(record.out)
  const flat = Object.keys(record).filter((k) => k.startsWith('out.') && k !== `out.${MODEL_SPLIT}`)
  if (flat.length > 0) return Object.fromEntries(flat.map((k) => [k.slice(4), record[k]]))
  const bare = Object.keys(record).filter((k) => !NON_OUTPUT_KEYS.has(k) && !NON_OUTPUT_PREFIXES.some((p) => k.startsWith(p)))
  return Object.fromEntries(bare.map((k) => [k, record[k]]))
}

/**
 * A shadow deploy's challenger outputs (§7.1 add_shadow_deploy): top-level `out_<model>` groups (nested) or
 * `out_<model>.<field>` keys (flattened), by challenger name; undefined when the record has none.
 */
export function shadowOutputs(record: unknown): Record<string, Record<string, unknown>> | undefined {
  if (!isRecord(record)) return undefined
  const groups: Record<string, Record<string, unknown>> = {}
  for (const [key, value] of Object.entries(record)) {
    const m = /^out_([^.]+)(?:\.(.+))?$/.exec(key)
    if (!m) continue
    if (m[2] === undefined) {
      if (isRecord(value)) groups[m[1]] = { ...(groups[m[1]] ?? {}), ...value }
    } else groups[m[1]] = { ...(groups[m[1]] ?? {}), [m[2]]: value }
  }
  return Object.keys(groups).length > 0 ? groups : undefined
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
