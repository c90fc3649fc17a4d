/**
 * A seeded fuzzer for a running emulator: requests to every route of its route table (MLOps, token, config,
 * inference, developer API), built from valid templates and then damaged: fields dropped, retyped, nested, huge or
 * garbage; bodies that are not JSON; wrong methods, content types and tokens; multipart uploads cut and scrambled;
 * Arrow files mutated; pandas records with nulls, strings, ragged and deep tensors. Every answer is checked: no
 * 5xx, no hang (a per-request deadline), the route's own error format, and JSON whenever it claims JSON.
 * Ids and names of the baseline deployment are never aimed at, so the caller can check it answers as before.
 */
import { ROUTES } from '../../src/emulator/server.js'
import type { Route } from '../../src/emulator/router.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'
import { mutations } from './arrow-mutations.js'
import { mulberry32 } from '../../src/random.js'
import { TOKEN_PATH, callEmulator, emulatorToken, pollEmulator, uploadToEmulator } from './emulator-process.js'

/** Every route of the emulator's table (the fuzzer covers new routes without being told). */
export const ALL_ROUTES: Route[] = ROUTES

/** The deployment made before fuzzing, which must answer the same after. */
export interface Baseline {
  workspaceId: number
  pipeline: string
  deploymentName: string
  inferPath: string
  /** Ids the fuzzer must not aim at (the baseline's workspace, model, versions, pipeline, deployment). */
  protectedIds: Set<number>
  model: { name: string; version: string; sha: string; id: number }
}

/** Creates a workspace, uploads the demo model, deploys it and waits until it answers. */
export async function makeBaseline(url: string, token: string): Promise<Baseline> {
  const ws = (await callEmulator(url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'fuzz-baseline' } })).json.workspace_id as number
  const up = await uploadToEmulator(url, token, buildDemoModel(), {
    name: 'fuzz-baseline-model',
    visibility: 'private',
    workspace_id: ws,
    conversion: { framework: 'onnx' }
  })
  const mvId = up.json.insert_models.returning[0].models[0].id as number
  const mv = (
    await pollEmulator(
      () => callEmulator(url, '/v1/api/models/get_version_by_id', { token, body: { model_version_id: mvId } }),
      (r) => r.json?.model_version?.model_version?.status === 'ready'
    )
  ).json.model_version.model_version
  const model = { name: 'fuzz-baseline-model', version: mv.file_info.version as string, sha: mv.file_info.sha as string, id: mvId }
  const created = (
    await callEmulator(url, '/v1/api/pipelines/create', {
      token,
      body: {
        pipeline_id: 'fuzz-baseline',
        workspace_id: ws,
        definition: { steps: [{ ModelInference: { models: [{ name: model.name, version: model.version, sha: model.sha }] } }] }
      }
    })
  ).json
  const d = (
    await callEmulator(url, '/v1/api/pipelines/deploy', { token, body: { deploy_id: 'fuzz-baseline', pipeline_version_pk_id: created.pipeline_variant_pk_id } })
  ).json
  const deploymentName = `fuzz-baseline-${d.id}`
  await pollEmulator(
    () => callEmulator(url, '/v1/api/status/get_deployment', { token, body: { name: deploymentName } }),
    (r) => r.json?.status === 'Running',
    20_000
  )
  const inferPath = `/v1/api/pipelines/infer/${deploymentName}/fuzz-baseline`
  await pollEmulator(
    () =>
      callEmulator(url, inferPath, { token, raw: toPandasRecordsJson(demoRows(1)), headers: { 'content-type': 'application/json; format=pandas-records' } }),
    (r) => r.status === 200,
    20_000
  )
  return {
    workspaceId: ws,
    pipeline: 'fuzz-baseline',
    deploymentName,
    inferPath,
    protectedIds: new Set([ws, mvId, mvId - 1, created.pipeline_pk_id, created.pipeline_variant_pk_id, d.id]),
    model
  }
}

/** What the baseline answers, reduced to what must not change (scores, status, engine, model). */
export async function baselineAnswer(url: string, token: string, b: Baseline): Promise<unknown> {
  const rows = demoRows(3)
  const infer = await callEmulator(url, b.inferPath, {
    token,
    raw: toPandasRecordsJson(rows),
    headers: { 'content-type': 'application/json; format=pandas-records' }
  })
  const arrow = await callEmulator(url, b.inferPath, {
    token,
    raw: Buffer.from(toArrowFile(rows)),
    headers: { 'content-type': 'application/vnd.apache.arrow.file', accept: 'application/json' }
  })
  const status = await callEmulator(url, '/v1/api/status/get_deployment', { token, body: { name: b.deploymentName } })
  const records = (r: typeof infer) =>
    Array.isArray(r.json)
      ? r.json.map((x: { out: unknown; metadata: { last_model: string; partition: string } }) => ({
          out: x.out,
          model: x.metadata.last_model,
          partition: x.metadata.partition
        }))
      : r.text
  return {
    json: [infer.status, records(infer)],
    arrow: [arrow.status, records(arrow)],
    status: [status.status, status.json?.status, status.json?.engines?.map((e: { name: string }) => e.name)]
  }
}

/** One answer that broke a rule. */
export interface Violation {
  request: string
  status: number
  problem: string
  body: string
}

/** Figures of a fuzz run. */
export interface FuzzFigures {
  requests: number
  byStatus: Record<string, number>
  violations: Violation[]
  /** Slowest request in ms, and the p50/p99 of all. */
  maxMs: number
  p50Ms: number
  p99Ms: number
  seconds: number
  /** True when the run stopped early because the emulator stopped answering. */
  stalled: boolean
  /** Requests per route of the table (`METHOD path-or-pattern`), to show every route was reached. */
  byRoute: Record<string, number>
}

/** How a route is named in `byRoute`. */
export function routeKey(route: Route): string {
  return `${route.method} ${String(route.path)}`
}

/** The routes the fuzzer aims at: all but those that would wipe or slow everything (reset, adding fault rules). */
export const FUZZED_ROUTES: Route[] = ALL_ROUTES.filter((r) => !(r.path === '/_emulator/reset' || (r.path === '/_emulator/faults' && r.method === 'POST')))

interface FuzzRequest {
  label: string
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array | FormData
  format: 'mlops' | 'inference' | 'keycloak'
}

const STRINGS = [
  '',
  ' ',
  'a',
  'fuzz-x',
  'UPPER case',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\ud83d\ude00',
  'x'.repeat(300),
  '-1',
  '1e309',
  'null',
  '{"a":1}',
  '<script>'
]
const NUMBERS = [0, -1, 1, 2, 3, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1.5, 1e308, -0]

/** Arrays or objects nested `levels` deep. */
class Deep {
  constructor(
    readonly levels: number,
    readonly arrays: boolean
  ) {}
}

/** JSON text of a fuzz value, `Deep` values included. */
export function toJson(v: unknown): string {
  if (v instanceof Deep) return v.arrays ? '['.repeat(v.levels) + '1' + ']'.repeat(v.levels) : '{"a":'.repeat(v.levels) + '1' + '}'.repeat(v.levels)
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : toJson(x))).join(',')}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** Builds and damages requests, reproducibly from `seed`. */
class Generator {
  readonly random: () => number
  private readonly arrowMutants: Uint8Array[]

  constructor(
    seed: number,
    private readonly baseline: Baseline,
    private readonly token: string,
    private readonly other: { expired: string; serviceAccount?: string }
  ) {
    this.random = mulberry32(seed)
    this.arrowMutants = mutations(toArrowFile(demoRows(4)), seed, 200).map((m) => m.bytes)
  }

  int(n: number): number {
    return Math.floor(this.random() * n)
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }
  chance(p: number): boolean {
    return this.random() < p
  }

  /** An id that is never one of the baseline's. */
  id(): number {
    return this.chance(0.7) ? this.unprotected(1 + this.int(40)) : this.number()
  }

  /** An odd number (0, -1, 2^53 + 2, …), never one of the baseline's ids (it may land in an id field). */
  number(): number {
    return this.unprotected(this.pick(NUMBERS))
  }

  private unprotected(n: number): number {
    return this.baseline.protectedIds.has(n) ? 900_000 + n : n
  }

  /** A name that is never one of the baseline's. */
  name(): string {
    return this.chance(0.6) ? `fuzz-${this.int(30)}` : this.pick(STRINGS)
  }

  /** Any JSON value, sometimes deep or large. */
  value(depth = 0): unknown {
    switch (this.int(depth > 2 ? 6 : 9)) {
      case 0:
        return null
      case 1:
        return this.chance(0.5)
      case 2:
        return this.number()
      case 3:
        return this.pick(STRINGS)
      case 4:
        return this.id()
      case 5:
        return this.name()
      case 6:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1))
      case 7:
        return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.name(), this.value(depth + 1)]))
      default:
        return this.chance(0.5) ? this.deep(this.pick([63, 70, 2000, 10_000, 100_000])) : 'y'.repeat(this.chance(0.8) ? 5000 : 1_100_000)
    }
  }

  /** A value nested `levels` deep (written as text by `toJson`: JSON.stringify itself would overflow the stack). */
  deep(levels: number): unknown {
    return new Deep(levels, this.chance(0.5))
  }

  /** A valid-looking body for a route, then damaged. */
  body(route: Route): Record<string, unknown> | unknown {
    const b = this.baseline
    const ref = () => ({
      name: this.chance(0.5) ? b.model.name : this.name(),
      version: this.chance(0.3) ? b.model.version : this.name(),
      sha: this.chance(0.3) ? b.model.sha : this.name()
    })
    const path = typeof route.path === 'string' ? route.path.replace('/v1/api/', '') : ''
    const templates: Record<string, () => Record<string, unknown>> = {
      'workspaces/create': () => ({ workspace_name: this.name() }),
      'workspaces/add_user': () => ({ workspace_id: this.id(), email: this.pick(['admin@keycloak', 'x@y.z', this.name()]) }),
      'workspaces/list_users': () => ({ workspace_id: this.id() }),
      'workspaces/remove_user': () => ({ workspace_id: this.id(), email: this.name(), user_id: this.name() }),
      'models/get_version_by_id': () => ({ model_version_id: this.id() }),
      'models/get_by_id': () => ({ id: this.id() }),
      'models/list': () => ({ workspace_id: this.id() }),
      'models/list_versions': () => ({ model_id: this.name(), models_pk_id: this.id() }),
      'models/get_config_by_id': () => ({ model_id: this.id() }),
      'models/insert_model_config': () => ({ model_version_id: this.id(), tensor_fields: [this.name()], filter_threshold: this.number() }),
      'pipelines/create': () => ({
        pipeline_id: this.name(),
        workspace_id: this.chance(0.5) ? b.workspaceId : this.id(),
        definition: { steps: [{ ModelInference: { models: [ref()] } }] }
      }),
      'pipelines/list_pipelines': () => ({ workspace_id: this.id() }),
      'pipelines/copy': () => ({
        name: this.name(),
        workspace_id: this.id(),
        source_pipeline: this.id(),
        deploy: this.chance(0.5) ? this.name() : undefined,
        engine_config: { engine: { cpu: this.number() } }
      }),
      'pipelines/deploy': () => ({
        deploy_id: this.name(),
        pipeline_version_pk_id: this.id(),
        engine_config: { engine: { cpu: 1, gpu: this.number() } },
        models: [ref()]
      }),
      'pipelines/undeploy': () => ({ deployment_id: this.id(), pipeline_id: this.id() }),
      'pipelines/delete_pipeline': () => ({ pipeline_id: this.name(), workspace_id: this.id() }),
      'status/get_deployment': () => ({ name: this.chance(0.2) ? b.deploymentName : this.name() }),
      'admin/get_pipeline_external_url': () => ({ workspace_id: this.id(), pipeline_name: this.name() })
    }
    const body: Record<string, unknown> = templates[path]?.() ?? {}
    // The JSON a route stores as is (definitions, engine configs) is where depth and size hurt later: aim there too.
    for (const key of ['definition', 'engine_config'])
      if (key in body && this.chance(0.1)) body[key] = this.chance(0.7) ? this.deep(this.pick([63, 10_000])) : { big: 'z'.repeat(1_100_000) }
    // Damage: drop, retype or add fields, sometimes several.
    for (let i = this.int(3); i > 0; i--) {
      const keys = Object.keys(body)
      const what = this.int(3)
      if (what === 0 && keys.length) delete body[this.pick(keys)]
      else if (what === 1 && keys.length) body[this.pick(keys)] = this.value()
      else body[this.name()] = this.value()
    }
    return this.chance(0.05) ? this.value() : body
  }

  /** A request for `route`. */
  request(route: Route): FuzzRequest {
    const format = route.path === TOKEN_PATH ? 'keycloak' : route.format
    let path = typeof route.path === 'string' ? route.path : this.patternPath(route)
    let method = route.method
    const headers: Record<string, string> = {}
    if (route.access !== 'none') {
      const r = this.random()
      const token =
        r < 0.85
          ? this.token
          : r < 0.9
            ? this.other.expired
            : r < 0.93 && this.other.serviceAccount
              ? this.other.serviceAccount
              : this.pick(['', 'not.a.jwt', 'a.b.c', this.token.slice(0, -3) + 'abc'])
      if (token !== '' || this.chance(0.5)) headers.authorization = this.chance(0.97) ? `Bearer ${token}` : `Basic ${token}`
    }
    if (this.chance(0.03)) method = this.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])
    if (this.chance(0.03)) path += this.pick(['?x=1', '?dataset[]=%', '?dataset.separator=%ff', '/', '%2e%2e', '?' + 'q'.repeat(2000)])
    let body: FuzzRequest['body']
    if (route.upload) {
      body = this.multipart()
    } else if (path.startsWith('/v1/api/pipelines/infer/')) {
      const { contentType, data } = this.inference()
      headers['content-type'] = contentType
      if (this.chance(0.3))
        headers.accept = this.pick([
          'application/json',
          'application/vnd.apache.arrow.file',
          '*/*',
          'text/html',
          'application/json;q=0.1, application/vnd.apache.arrow.file'
        ])
      body = data
    } else if (route.path === TOKEN_PATH) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      const form = new URLSearchParams()
      for (const [k, vals] of Object.entries({
        grant_type: ['password', 'refresh_token', 'client_credentials', 'x', ''],
        client_id: ['sdk-client', 'api-client', 'x'],
        username: ['admin', this.name()],
        password: ['admin', this.name()],
        client_secret: ['emulator-client-secret', 'x'],
        refresh_token: [this.token, 'x.y.z']
      })) {
        if (this.chance(0.7)) form.set(k, this.pick(vals))
      }
      body = form.toString()
    } else {
      const kind = this.random()
      headers['content-type'] = this.chance(0.95) ? 'application/json' : this.pick(['text/plain', 'application/x-www-form-urlencoded', ''])
      if (kind < 0.85) body = toJson(this.body(route))
      else if (kind < 0.9) body = ''
      else if (kind < 0.95) body = this.pick(['{', '[1,', 'nul', '{"a":}', '\u0000\u0001', '"str"', '42', 'true', '[]'])
      else body = Uint8Array.from({ length: this.int(64) }, () => this.int(256))
    }
    if (method === 'GET' || method === 'HEAD') body = undefined
    return { label: `${method} ${path.slice(0, 120)}`, method, path, headers, body, format }
  }

  private patternPath(route: Route): string {
    const b = this.baseline
    const source = String(route.path)
    if (source.includes('infer')) {
      const r = this.random()
      if (r < 0.6) return b.inferPath
      if (r < 0.8) return `/v1/api/pipelines/infer/${encodeURIComponent(this.name())}-${this.id()}/${encodeURIComponent(this.name())}`
      return this.pick([`/v1/api/pipelines/infer/%E0%A4%A/x`, '/v1/api/pipelines/infer/a-1/a/', `/v1/api/pipelines/infer/${'x'.repeat(500)}/y`])
    }
    // /_emulator/deployments/{name}/error: never the baseline's.
    return `/_emulator/deployments/${encodeURIComponent(this.pick([this.name(), '%ff', 'fuzz-1-1']))}/error`
  }

  /** Rows cut to one width (29 fits the model; the others do not). */
  private widths(rows: number[][]): number[][] {
    const width = this.pick([29, 28, 1, 30])
    return rows.map((row) => (width <= row.length ? row.slice(0, width) : [...row, 0.5]))
  }

  private inference(): { contentType: string; data: string | Uint8Array } {
    const r = this.random()
    if (r < 0.35) return { contentType: 'application/vnd.apache.arrow.file', data: this.pick(this.arrowMutants) }
    if (r < 0.4) return { contentType: 'application/vnd.apache.arrow.file', data: toArrowFile(this.widths(demoRows(1 + this.int(5)))) }
    const ct = this.chance(0.9) ? 'application/json; format=pandas-records' : this.pick(['application/json; format=split', 'text/csv', 'application/json', ''])
    const rows = demoRows(1 + this.int(3))
    const records: unknown[] = rows.map((row) => ({ tensor: row }))
    switch (this.int(9)) {
      case 0:
        ;(records[0] as Record<string, unknown>).tensor = this.value()
        break
      case 1:
        ;(records[0] as Record<string, unknown>).tensor = rows[0].map((v, i) => (i === 3 ? this.pick([null, 'x', true, [1], {}]) : v))
        break
      case 2:
        ;(records[0] as Record<string, unknown>).tensor = this.deep(this.pick([30, 70, 5000]))
        break
      case 3:
        records.push(this.value())
        break
      case 4:
        ;(records[0] as Record<string, unknown>).other = this.value()
        break
      case 5:
        ;(records[0] as Record<string, unknown>).tensor = rows[0].slice(0, this.int(29))
        break
      case 6:
        return { contentType: ct, data: toJson(this.value()) }
      case 7:
        ;(records[0] as Record<string, unknown>).tensor = [rows[0], rows[0].slice(1)]
        break
      default:
        break
    }
    return { contentType: ct, data: toJson(records) }
  }

  private multipart(): FormData {
    const form = new FormData()
    const meta: Record<string, unknown> = {
      name: this.name(),
      visibility: 'private',
      workspace_id: this.chance(0.5) ? this.baseline.workspaceId : this.id(),
      conversion: { framework: this.pick(['onnx', 'onnx', 'custom', 'tensorflow', 'x', '']) }
    }
    for (let i = this.int(3); i > 0; i--) meta[this.pick(['name', 'workspace_id', 'conversion', 'visibility', 'input_schema', this.name()])] = this.value()
    const model = this.chance(0.5) ? buildDemoModel() : Uint8Array.from({ length: this.int(300) }, () => this.int(256))
    if (this.chance(0.9)) form.append(this.chance(0.95) ? 'metadata' : 'meta', this.chance(0.9) ? toJson(meta) : this.pick(['{', 'null', '[]', '"x"']))
    if (this.chance(0.9)) form.append(this.chance(0.95) ? 'file' : 'model', new Blob([model]), this.pick(['m.onnx', '', '../x', 'ü.zip']))
    return form
  }
}

/** Sends one request with a deadline; a missing answer is reported as status 0. */
async function send(
  url: string,
  req: FuzzRequest,
  deadlineMs: number
): Promise<{ status: number; contentType: string; text: string; ms: number; error?: string }> {
  const started = performance.now()
  try {
    const res = await fetch(url + req.path, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(deadlineMs) })
    const text = await res.text()
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, ms: performance.now() - started }
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    return {
      status: 0,
      contentType: '',
      text: '',
      ms: performance.now() - started,
      error: `${(err as Error).name}: ${(err as Error).message}${cause?.code ? ` (${cause.code})` : ''}`
    }
  }
}

/** The rule an answer breaks, or null. */
function check(req: FuzzRequest, res: { status: number; contentType: string; text: string; error?: string }): string | null {
  if (res.status === 0) return `no answer: ${res.error}`
  if (res.status >= 500) return `answered ${res.status}`
  if (res.status < 400) return null
  if (!res.contentType.startsWith('application/json')) return `error with content-type '${res.contentType}'`
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    return 'error body is not JSON'
  }
  const b = body as Record<string, unknown>
  if (req.format === 'keycloak' && res.status !== 404 && res.status !== 405) {
    if (typeof b?.error !== 'string') return 'token endpoint error without {error, error_description}'
    return null
  }
  if (req.format === 'inference' || (req.format === 'keycloak' && false)) {
    if (!(b?.code === res.status && b?.status === 'error' && typeof b?.error === 'string' && b.error !== '' && typeof b?.source === 'string'))
      return 'not the inference error format {code, status:"error", error, source}'
    return null
  }
  if (!(typeof b?.msg === 'string' && b.msg !== '' && b?.code === res.status)) return 'not the MLOps error format {msg, code}'
  return null
}

/** Runs `count` seeded requests against `url`, `concurrency` at a time. */
export async function runFuzz(opts: {
  url: string
  token: string
  baseline: Baseline
  seed: number
  count: number
  concurrency?: number
  deadlineMs?: number
  onProgress?: (done: number) => void
  /** Called after every request (use with concurrency 1 to find which request changed something); a message stops the run. */
  after?: () => Promise<string | null>
}): Promise<FuzzFigures> {
  const expired = await expiredToken(opts.url)
  const serviceAccount = await clientCredentialsToken(opts.url)
  const gen = new Generator(opts.seed, opts.baseline, opts.token, { expired, serviceAccount })
  const figures: FuzzFigures = { requests: 0, byStatus: {}, violations: [], maxMs: 0, p50Ms: 0, p99Ms: 0, seconds: 0, stalled: false, byRoute: {} }
  const requests = Array.from({ length: opts.count }, () => {
    const route = gen.pick(FUZZED_ROUTES)
    figures.byRoute[routeKey(route)] = (figures.byRoute[routeKey(route)] ?? 0) + 1
    return gen.request(route)
  })
  const times: number[] = []
  const started = performance.now()
  let next = 0
  let unanswered = 0
  const worker = async (): Promise<void> => {
    // A few requests without an answer mean the emulator hangs or died: stop instead of waiting out every deadline.
    while (next < requests.length && unanswered < 5) {
      const req = requests[next++]
      const res = await send(opts.url, req, opts.deadlineMs ?? 15_000)
      figures.requests++
      figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1
      times.push(res.ms)
      if (res.status === 0) unanswered++
      const problem = check(req, res)
      if (problem) figures.violations.push({ request: req.label, status: res.status, problem, body: res.text.slice(0, 300) })
      if (figures.requests % 500 === 0) opts.onProgress?.(figures.requests)
      const changed = await opts.after?.()
      if (changed) {
        figures.violations.push({
          request: `${req.label} ${typeof req.body === 'string' ? req.body.slice(0, 400) : ''}`,
          status: res.status,
          problem: changed,
          body: res.text.slice(0, 300)
        })
        next = requests.length
      }
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker))
  figures.stalled = unanswered >= 5
  times.sort((a, b) => a - b)
  figures.seconds = (performance.now() - started) / 1000
  figures.maxMs = Math.round(times[times.length - 1] ?? 0)
  figures.p50Ms = Math.round(times[Math.floor(times.length * 0.5)] ?? 0)
  figures.p99Ms = Math.round(times[Math.floor(times.length * 0.99)] ?? 0)
  return figures
}

/** A token signed by this emulator but expired: sign in with a 1-second lifetime is not possible, so age one. */
async function expiredToken(url: string): Promise<string> {
  // The emulator's tokens are HS256 JWTs; one with a past `exp` cannot be made without the secret, so take a
  // real one and break its expiry claim (the signature then fails, another rejection path worth hitting).
  const token = await emulatorToken(url)
  const [h, p, s] = token.split('.')
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
  claims.exp = 1
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
}

async function clientCredentialsToken(url: string): Promise<string | undefined> {
  const r = await callEmulator(url, TOKEN_PATH, {
    raw: 'grant_type=client_credentials&client_id=api-client&client_secret=emulator-client-secret',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  return r.status === 200 ? r.json.access_token : undefined
}
