/**
 * Route table types shared by `server.ts` and `routes/*.ts`: each route declares its method,
 * path, who may call it, its error format and its body limit; handlers return a reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorFormat } from './http.js'
import type { Store } from './store.js'
import type { TokenClaims, TokenService } from './auth.js'
import type { FaultRegistry } from './faults.js'
import type { Profile } from './profiles.js'

/** Settings routes need. */
export interface EmulatorSettings {
  profile: Profile
  /** Whether this server has pipelines/list_pipelines and delete_pipeline (2025+, or a profile switched to them). */
  listPipelines: boolean
  maxJsonBytes: number
  maxUploadBytes: number
  /** Where uploads stream their model file: `--data-dir/models`, else the OS temp dir. */
  uploadDir: string
  now: () => number
}

/** What a handler gets. */
export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** Path parameters of pattern routes (inference, /_emulator/deployments/…). */
  params: string[]
  /** `http://host:port` as the client addressed the emulator (Host header). */
  baseUrl: string
  store: Store
  tokens: TokenService
  faults: FaultRegistry
  settings: EmulatorSettings
  claims?: TokenClaims
  /** The raw body, read once within the route's size limit. */
  body(): Promise<Buffer>
  /** The body as a JSON object (400 on malformed JSON or a non-object). */
  json(): Promise<Record<string, unknown>>
}

/** A handler's answer. */
export type Reply = { status: number; json: unknown; headers?: Record<string, string> } | { status: number; raw: Buffer; contentType: string }

/**
 * Who may call a route: `none` (config, token endpoint, /_emulator), `user` (MLOps: a user
 * token carrying Hasura claims), `any` (inference: user or client-credentials token).
 */
export type Access = 'none' | 'user' | 'any'

/** One entry of the route table. */
export interface Route {
  method: string
  /** Exact path, or a regex whose groups become `params`. */
  path: string | RegExp
  access: Access
  format: ErrorFormat
  /** Upload routes take large bodies. */
  upload?: boolean
  /** True when the imitated server has no such route: it then answers like any unknown path. */
  absent?: (settings: EmulatorSettings) => boolean
  handler: (ctx: RouteContext) => Promise<Reply>
}

/** An MLOps route: `POST /v1/api/<command>` with a user token and `{msg, code}` errors (§1, §3). */
export function mlopsRoute(command: string, handler: Route['handler'], options: Pick<Route, 'upload' | 'absent'> = {}): Route {
  return { method: 'POST', path: `/v1/api/${command}`, access: 'user', format: 'mlops', ...options, handler }
}

/** A developer-API route under `/_emulator` (no token; MLOps error format). */
export function developerRoute(method: string, path: string | RegExp, handler: Route['handler']): Route {
  return { method, path, access: 'none', format: 'mlops', handler }
}

/** Shorthand for a JSON reply. */
export function ok(json: unknown, status = 200): Reply {
  return { status, json }
}
