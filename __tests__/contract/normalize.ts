/**
 * Normaliser and differ for contract tests: makes a recorded Wallaroo response and
 * an emulator response comparable by replacing values that legitimately differ
 * between two servers (ids, UUIDs, times, pod names, IPs, hosts, tokens, emails)
 * with placeholders, then lists every remaining difference by JSON pointer.
 */

/** Keys whose integer values are database ids (`id`, `workspace_id`, `pipeline_pk_id`, …). */
const ID_KEY = /^(id|.*_id|.*_pk_id|models|pipelines)$/
/** Keys whose integer values are epoch milliseconds. */
const TIME_KEY = /^(time|.*\.time)$/

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g
const EMAIL = /<email>|[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g
const BASE_URL = /https?:\/\/[^/\s"]+/g
// Kubernetes pod names: deployment hash + 5-char suffix (engine-797d8958d9-fsszh, engine-lb-584f54c899-qfjgp).
const ENGINE_LB_POD = /\bengine-lb-[a-z0-9]{6,10}-[a-z0-9]{5}\b/g
// Sidekick pods and containers: engine-sidekick-<model>-<model version id>[-<pod hash>] (the hash is cut to fit 63 chars).
const SIDEKICK_POD = /\bengine-sidekick-([a-z0-9-]+?)-\d+-[a-z0-9]+(-[a-z0-9]{5})?\b/g
const SIDEKICK_CONTAINER = /\bengine-sidekick-([a-z0-9-]+?)-\d+\]/g
const ENGINE_POD = /\bengine-(?!sidekick-|lb-)[a-z0-9]{6,10}-[a-z0-9]{5}\b/g
// The deployment name in an inference URL ends with the numeric deployment id (…/infer/api-pipeline-with-models-14/…).
const INFER_DEPLOYMENT = /(\/pipelines\/infer\/[a-z0-9-]+?)-\d+\//gi
const SHA256 = /\b[0-9a-f]{64}\b/g

/** Placeholders used by `normalize`; exported so tests can assert against them. */
export const PLACEHOLDER = {
  id: '<id>',
  epochMs: '<epoch-ms>',
  uuid: '<uuid>',
  isoTime: '<iso-time>',
  jwt: '<jwt>',
  email: '<email>',
  ip: '<ip>',
  base: '<base>',
  sha: '<sha>'
} as const

/** Options of `normalize`. */
export interface NormalizeOptions {
  /** SHA-256 values kept literally (e.g. ccfraud.onnx's sha when the test uploaded that very file); others become `<sha>`. */
  keepShas?: ReadonlySet<string>
}

function normalizeString(s: string, opts: NormalizeOptions): string {
  // A JWT placeholder in the recordings is the literal "<JWT>".
  if (s === '<JWT>') return PLACEHOLDER.jwt
  let out = s
    .replace(JWT, PLACEHOLDER.jwt)
    .replace(ISO_TIME, PLACEHOLDER.isoTime)
    .replace(UUID, PLACEHOLDER.uuid)
    .replace(EMAIL, PLACEHOLDER.email)
    .replace(BASE_URL, PLACEHOLDER.base)
    .replace(INFER_DEPLOYMENT, `$1-${PLACEHOLDER.id}/`)
    .replace(SIDEKICK_CONTAINER, `engine-sidekick-$1-${PLACEHOLDER.id}]`)
    .replace(SIDEKICK_POD, `engine-sidekick-$1-${PLACEHOLDER.id}-<pod>`)
    .replace(ENGINE_LB_POD, `engine-lb-<pod>`)
    .replace(ENGINE_POD, `engine-<pod>`)
    .replace(IPV4, PLACEHOLDER.ip)
  out = out.replace(SHA256, (sha) => (opts.keepShas?.has(sha) ? sha : PLACEHOLDER.sha))
  return out
}

/**
 * Returns a copy of `value` with ids, UUIDs, times, tokens, emails, IPs, hosts,
 * engine pod names and unknown shas replaced by placeholders. `key` is the
 * property name the value sits under (arrays pass their key to their items).
 */
export function normalize(value: unknown, opts: NormalizeOptions = {}, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item, opts, key))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v, opts, k)
    return out
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (ID_KEY.test(key)) return PLACEHOLDER.id
    if (TIME_KEY.test(key) || (value >= 1e12 && value < 1e14)) return PLACEHOLDER.epochMs
    return value
  }
  if (typeof value === 'string') return normalizeString(value, opts)
  return value
}

/** JSON type name used in diffs. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/** How `diffJson` treats particular places in the documents. Pointer patterns use `*` for any one segment. */
export interface DiffOptions {
  /** Places whose value may differ as long as the JSON type is the same (elapsed times, scores…). */
  typeOnly?: string[]
  /** Arrays whose length may differ: every actual item is compared with the first recorded item. */
  anyLength?: string[]
  /** Places skipped entirely, each because of a known, documented difference. */
  skip?: string[]
  /** Absolute tolerance for non-integer numbers (float32 vs float64 printing). */
  floatTolerance?: number
}

/** One JSON-pointer segment for a key (RFC 6901: '~' → '~0', '/' → '~1'), so keys like a URL stay one segment. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function pointerMatches(pattern: string, pointer: string): boolean {
  const p = pattern.split('/')
  const q = pointer.split('/')
  if (p.length !== q.length) return false
  return p.every((seg, i) => seg === '*' || seg === q[i])
}

function matchesAny(patterns: string[] | undefined, pointer: string): boolean {
  return (patterns ?? []).some((p) => pointerMatches(p, pointer))
}

function show(v: unknown): string {
  const s = JSON.stringify(v)
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s
}

/**
 * Lists every difference between a recorded (`expected`) and an emulator
 * (`actual`) document, both already normalised: missing or extra keys, different
 * JSON types, different literal values, different array lengths. An empty list
 * means the emulator answers in the recorded shape.
 */
export function diffJson(expected: unknown, actual: unknown, opts: DiffOptions = {}, pointer = ''): string[] {
  const here = pointer || '/'
  if (matchesAny(opts.skip, pointer)) return []
  const te = jsonType(expected)
  const ta = jsonType(actual)
  if (te !== ta) return [`${here}: recorded ${te} ${show(expected)}, emulator ${ta} ${show(actual)}`]
  if (matchesAny(opts.typeOnly, pointer)) return []

  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (matchesAny(opts.anyLength, pointer)) {
      if (expected.length === 0) return actual.length === 0 ? [] : [`${here}: recorded [], emulator has ${actual.length} items`]
      if (actual.length === 0) return [`${here}: recorded ${expected.length} items, emulator []`]
      return actual.flatMap((item, i) => diffJson(expected[0], item, opts, `${pointer}/${i}`))
    }
    if (expected.length !== actual.length) {
      return [`${here}: recorded ${expected.length} items ${show(expected)}, emulator ${actual.length} items ${show(actual)}`]
    }
    return expected.flatMap((item, i) => diffJson(item, actual[i], opts, `${pointer}/${i}`))
  }

  if (te === 'object') {
    const e = expected as Record<string, unknown>
    const a = actual as Record<string, unknown>
    const diffs: string[] = []
    for (const k of Object.keys(e)) {
      const p = `${pointer}/${pointerSegment(k)}`
      if (matchesAny(opts.skip, p)) continue
      if (!(k in a)) diffs.push(`${p}: recorded ${show(e[k])}, missing in emulator answer`)
      else diffs.push(...diffJson(e[k], a[k], opts, p))
    }
    for (const k of Object.keys(a)) {
      const p = `${pointer}/${pointerSegment(k)}`
      if (!(k in e) && !matchesAny(opts.skip, p)) diffs.push(`${p}: not in recording, emulator has ${show(a[k])}`)
    }
    return diffs
  }

  if (typeof expected === 'number' && typeof actual === 'number' && !(Number.isInteger(expected) && Number.isInteger(actual))) {
    const tol = opts.floatTolerance ?? 1e-7
    return Math.abs(expected - actual) <= tol ? [] : [`${here}: recorded ${expected}, emulator ${actual}`]
  }
  return expected === actual ? [] : [`${here}: recorded ${show(expected)}, emulator ${show(actual)}`]
}

/** Normalises both documents with the same options and diffs them. */
export function compareWithRecording(recorded: unknown, actual: unknown, opts: DiffOptions & NormalizeOptions = {}): string[] {
  return diffJson(normalize(recorded, opts), normalize(actual, opts), opts)
}
