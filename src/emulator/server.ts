/**
 * The emulator's HTTP server (node:http): the route table, fault injection, token checks
 * and error handling. Nothing a client sends can crash it: every failure becomes a 4xx/5xx
 * in the route's error format.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { TokenService } from './auth.js'
import { answerFault, FaultRegistry, type FaultRule } from './faults.js'
import { ApiError, mlopsErrorBody, sendError, sendJson, sendRaw, type ErrorFormat } from './http.js'
import { parseTarget, RequestContext, type ServerParts } from './request-context.js'
import { DEFAULT_NODES, nodesOf, parseNodes, type NodeGroup } from './cluster.js'
import { Persistence } from './persistence.js'
import { DEFAULT_PROFILE, traitsOf, type Profile } from './profiles.js'
import { applySeed } from './seed.js'
import { loadSeed } from './seed-file.js'
import type { Reply, Route, RouteContext, EmulatorSettings } from './router.js'
import { Store } from './store.js'
import { authRoutes } from './routes/auth.js'
import { configRoutes } from './routes/config.js'
import { workspaceRoutes } from './routes/workspaces.js'
import { modelRoutes } from './routes/models.js'
import { pipelineRoutes } from './routes/pipelines.js'
import { statusRoutes } from './routes/status.js'
import { adminRoutes } from './routes/admin.js'
import { inferenceRoutes } from './routes/inference.js'
import { emulatorRoutes } from './routes/emulator.js'
import { userRoutes } from './routes/users.js'
import { adminUser, userDirectory, type UserSpec } from './users.js'
import { healthRoutes } from './routes/health.js'
import { BoundedMemo } from './bounded-memo.js'

/** Options of `startEmulator` (the CLI maps its flags onto these). */
export interface EmulatorOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** Port (default 8080; 0 picks a free one). */
  port?: number
  user?: string
  password?: string
  /** Secret of the confidential `api-client` (default `emulator-client-secret`). */
  clientSecret?: string
  /** Access-token lifetime (default: the profile's, 3600 s on 2025.2, 60 s before). */
  tokenSeconds?: number
  /** Refresh-token lifetime (default 1800 s, as recorded). */
  refreshSeconds?: number
  /** How long a deployment stays Starting (default 2 s). */
  startSeconds?: number
  /** How long a model upload takes to convert (default 1 s: half pending, half attempting). */
  convertSeconds?: number
  /** Persist state and model files there; in memory when absent. */
  dataDir?: string
  /** A YAML file of workspaces, models and pipelines to create before listening (docs/emulator.md, "Seed file"). */
  seedFile?: string
  /** Response shapes (default 2025.2, the newest). */
  profile?: Profile
  /** Users besides the admin (`--users FILE`); each signs in with its email. */
  users?: Array<Omit<UserSpec, 'username'>>
  /** The cluster's node groups (`--nodes`; default one node, 4 CPUs, 16Gi, no GPU). */
  nodes?: NodeGroup[]
  /** Serve pipelines/list_pipelines and delete_pipeline (default: the profile's; only 2023.4 and 2024.1 may change it). */
  listPipelines?: boolean
  /** Body limit for JSON and inference routes (default 64 MiB). */
  maxJsonBytes?: number
  /** Body limit for model uploads (default 512 MiB). */
  maxUploadBytes?: number
  /** Clock (tests inject one). */
  now?: () => number
  /** Request log sink (one line per request; never tokens). */
  log?: (line: string) => void
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://host:port` */
  url: string
  store: Store
  faults: FaultRegistry
  close(): Promise<void>
}

/** Defaults shared with the CLI's --help. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  user: 'admin',
  password: 'admin',
  clientSecret: 'emulator-client-secret',
  refreshSeconds: 1800,
  startSeconds: 2,
  convertSeconds: 1,
  profile: DEFAULT_PROFILE,
  maxJsonBytes: 64 * 1024 * 1024,
  maxUploadBytes: 512 * 1024 * 1024
}

/** The route table (exported so the fuzz test reaches every route, new ones included). */
export const ROUTES: Route[] = [
  ...authRoutes,
  ...configRoutes,
  ...workspaceRoutes,
  ...modelRoutes,
  ...pipelineRoutes,
  ...statusRoutes,
  ...adminRoutes,
  ...inferenceRoutes,
  ...userRoutes,
  ...emulatorRoutes,
  ...healthRoutes
]

/** What findRoute found: the route and its path parameters, the routes with that path but another method, or nothing. */
type Found = { route: Route; params: string[] } | { wrongMethod: Route[] } | null

/** A request target's path and route: what `handle` works out from the method and the target before anything else. */
interface Target {
  path: string
  found: Found
}

/** Targets by settings, then method and request target: a client calls the same few URLs again and again. */
const knownTargets = new WeakMap<EmulatorSettings, BoundedMemo<string, Target>>()

/** The path and route of a plain request target (see plainPath), remembered for the last 1,000; undefined for any other. */
function plainTarget(method: string, target: string, settings: EmulatorSettings): Target | undefined {
  let known = knownTargets.get(settings)
  if (!known) knownTargets.set(settings, (known = new BoundedMemo(1000)))
  return known.get(`${method} ${target}`, () => {
    const path = plainPath(target)
    return path === undefined ? undefined : { path, found: findRoute(method, path, settings) }
  })
}

/** Find the route for a path: the method-matching one, else any with that path (→ 405). Routes this server lacks are unknown. */
function findRoute(method: string, path: string, settings: EmulatorSettings): Found {
  const hits: Array<{ route: Route; params: string[] }> = []
  for (const route of ROUTES) {
    if (route.absent?.(settings)) continue
    if (typeof route.path === 'string') {
      if (route.path === path) hits.push({ route, params: [] })
    } else {
      const m = route.path.exec(path)
      if (m) hits.push({ route, params: m.slice(1) })
    }
  }
  const exact = hits.find((h) => h.route.method === method)
  if (exact) return exact
  return hits.length > 0 ? { wrongMethod: hits.map((h) => h.route) } : null
}

/**
 * The path of a request target such as `/v1/api/x?y` read straight off it, when URL would give the same: only
 * unreserved characters and slashes, no empty or dot segments. Undefined for anything else (URL parses those).
 */
function plainPath(target: string): string | undefined {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  return /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)+$/.test(path) ? path : undefined
}

function formatFor(path: string): ErrorFormat {
  return path.startsWith('/v1/api/pipelines/infer/') ? 'inference' : 'mlops'
}

/** Start the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const o = { ...DEFAULTS, ...stripUndefined(options) }
  const traits = traitsOf(o.profile)
  if (options.listPipelines !== undefined && options.listPipelines !== traits.listPipelines.byDefault && !traits.listPipelines.switchable) {
    throw new Error(`profile ${o.profile} always serves pipelines/list_pipelines and delete_pipeline; --no-list-pipelines applies to 2023.4 and 2024.1 only`)
  }
  const listPipelines = options.listPipelines ?? traits.listPipelines.byDefault
  const now = options.now ?? Date.now
  const persistence = o.dataDir ? new Persistence(o.dataDir) : undefined
  const users = userDirectory(adminUser(o.user, o.password), options.users ?? [])
  const nodes = nodesOf(options.nodes ?? parseNodes(DEFAULT_NODES))
  const store = new Store({
    username: o.user,
    users,
    profile: o.profile,
    startMs: o.startSeconds * 1000,
    convertMs: o.convertSeconds * 1000,
    now,
    persistence,
    nodes
  })
  const tokens = new TokenService({
    users,
    clientSecret: o.clientSecret,
    tokenSeconds: options.tokenSeconds ?? traits.tokenSeconds,
    refreshSeconds: o.refreshSeconds,
    now,
    get secret() {
      return store.data.secret
    },
    userIdOf: (username) => store.userIdOf(username),
    get serviceAccountId() {
      return store.data.service_account_id
    },
    onLogin: (userId) => store.recordLogin(userId)
  })
  // Seeded before listening, so the first answer (and GET /health) already sees the seeded state.
  if (o.seedFile) await applySeed(store, await loadSeed(o.seedFile), { convertMs: o.convertSeconds * 1000, startMs: o.startSeconds * 1000 })
  const faults = new FaultRegistry()
  const settings: EmulatorSettings = {
    profile: o.profile,
    listPipelines,
    maxJsonBytes: o.maxJsonBytes,
    maxUploadBytes: o.maxUploadBytes,
    uploadDir: persistence?.modelDir ?? tmpdir(),
    now
  }
  let listenUrl = ''

  const parts: ServerParts = { store, tokens, faults, settings, listenUrl: () => listenUrl }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = o.log ? Date.now() : 0
    const method = (req.method ?? 'GET').toUpperCase()
    const target = plainTarget(method, req.url ?? '/', settings)
    const path = target ? target.path : parseTarget(req.url).pathname
    const found = target ? target.found : findRoute(method, path, settings)
    const format: ErrorFormat = found && 'route' in found ? found.route.format : formatFor(path)
    let ctx: RequestContext | undefined
    let fault: FaultRule | null = null
    try {
      if (!path.startsWith('/_emulator') && path !== '/health') {
        fault = faults.take(method, path)
        if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault!.delayMs))
        if (fault && !fault.afterApply && answerFault(res, format, fault)) return
      }
      if (!found) throw new ApiError(404, `not implemented by the emulator: ${path}`)
      if ('wrongMethod' in found) {
        const allowed = [...new Set(found.wrongMethod.map((r) => r.method))].join(', ')
        throw new ApiError(405, `method ${method} is not allowed on ${path}; use ${allowed}`, 'platform', { allow: allowed })
      }
      const { route, params } = found
      ctx = new RequestContext(req, res, params, parts, route.upload ? o.maxUploadBytes : o.maxJsonBytes)
      if (route.access !== 'none') ctx.claims = authenticate(req, route, tokens)
      // MLOps calls act as the token's user: they see only that user's workspaces (admins see all).
      const caller = route.access === 'user' && ctx.claims ? store.callerOf(ctx.claims.sub) : undefined
      if (route.access === 'user' && !caller)
        throw new ApiError(
          401,
          'Unauthorized: this token belongs to a user the emulator no longer knows (it restarted with other --users); sign in again',
          'platform'
        )
      const routeCtx = ctx
      const reply: Reply = caller ? await store.runAs(caller, () => route.handler(routeCtx)) : await route.handler(routeCtx)
      // afterApply: the route ran and its change stays, but the client sees the fault instead of its answer.
      if (fault?.afterApply && answerFault(res, format, fault)) return
      if ('raw' in reply) sendRaw(res, reply.status, reply.contentType, reply.raw)
      else sendJson(res, reply.status, reply.json, reply.headers)
    } catch (err) {
      if (fault?.afterApply && answerFault(res, format, fault)) return
      if (err instanceof ApiError) {
        sendError(res, format, err)
      } else {
        const msg = err instanceof Error ? err.message : String(err)
        process.stderr.write(`wallaroo-emulator: internal error on ${method} ${path}: ${err instanceof Error ? err.stack : msg}\n`)
        sendError(res, format, new ApiError(500, `Internal processing error: ${msg}`))
      }
    } finally {
      // Unread bodies must still be drained, or the keep-alive connection stalls.
      if (!ctx?.consumed) req.resume()
      o.log?.(`${method} ${path} ${res.statusCode} ${Date.now() - started}ms`)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: an error while writing the error response itself.
      process.stderr.write(`wallaroo-emulator: failed to answer: ${String(err)}\n`)
      try {
        if (!res.headersSent) sendJson(res, 500, mlopsErrorBody(500, 'internal emulator error'))
        else res.destroy()
      } catch {
        // Nothing left to tell this client; never let it become an unhandled rejection.
        res.destroy()
      }
    })
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // An 'error' after listen (e.g. EMFILE on accept) would otherwise be an uncaught exception.
  server.on('error', (err) => process.stderr.write(`wallaroo-emulator: server error: ${err.message}\n`))
  const address = server.address() as AddressInfo
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host
  listenUrl = `http://${shownHost}:${address.port}`
  return {
    url: listenUrl,
    store,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** The last Authorization header read and its token: a client sends the same header with every request. */
let lastBearer: { header: string; token: string | undefined } = { header: '', token: undefined }

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  if (header !== lastBearer.header) lastBearer = { header, token: /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] }
  return lastBearer.token
}

/** Verify the Bearer token: 401 without a valid one; MLOps routes also need a user token. */
function authenticate(req: IncomingMessage, route: Route, tokens: TokenService): RouteContext['claims'] {
  const token = bearerToken(req.headers.authorization)
  const unauthorized = (reason: string): ApiError =>
    new ApiError(
      401,
      route.format === 'inference'
        ? reason
        : `Unauthorized: ${reason}. Get a token from /auth/realms/master/protocol/openid-connect/token and send 'Authorization: Bearer <token>'`,
      'platform',
      {
        'www-authenticate': 'Bearer realm="master"'
      }
    )
  if (token === undefined) throw unauthorized('Jwt is missing')
  const checked = tokens.verify(token)
  if (!checked.ok) throw unauthorized(checked.reason)
  if (route.access === 'user' && !checked.claims['https://hasura.io/jwt/claims']) {
    throw new ApiError(
      403,
      'Forbidden: this token belongs to a service account (client-credentials grant), which may only call inference endpoints; use a user token (password grant) for the MLOps API',
      'platform'
    )
  }
  return checked.claims
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
