/**
 * What a route handler gets for one request (RouteContext), as a class: its lazy parts (the parsed URL, the base
 * URL, the body) are prototype getters and methods. An object literal with getters would give every request object
 * its own hidden class, which V8 keeps in old space: each request's closures (and its req and res) then survived
 * young-generation collections and were only freed by full ones, the largest part of the emulator's GC time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TokenClaims, TokenService } from './auth.js'
import type { FaultRegistry } from './faults.js'
import { parseJsonBody, readBody, requireObject } from './http.js'
import type { EmulatorSettings, RouteContext } from './router.js'
import type { Store } from './store.js'

/** What every request of one server shares. */
export interface ServerParts {
  store: Store
  tokens: TokenService
  faults: FaultRegistry
  settings: EmulatorSettings
  /** `http://host:port` the server listens on (the base URL when a request has no Host header). */
  listenUrl(): string
}

/** The URL of a request target (the root when it does not parse, as the router then treats it). */
export function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://emulator.invalid')
  } catch {
    return new URL('http://emulator.invalid/')
  }
}

/** One request's RouteContext; `consumed` tells the server whether the body was read (else it is drained). */
export class RequestContext implements RouteContext {
  readonly store: Store
  readonly tokens: TokenService
  readonly faults: FaultRegistry
  readonly settings: EmulatorSettings
  claims?: TokenClaims
  consumed = false
  private parsed: URL | undefined
  private bodyPromise: Promise<Buffer> | undefined

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly params: string[],
    private readonly parts: ServerParts,
    private readonly bodyLimit: number
  ) {
    this.store = parts.store
    this.tokens = parts.tokens
    this.faults = parts.faults
    this.settings = parts.settings
  }

  get url(): URL {
    return (this.parsed ??= parseTarget(this.req.url))
  }

  get baseUrl(): string {
    return this.req.headers.host ? `http://${this.req.headers.host}` : this.parts.listenUrl()
  }

  body(): Promise<Buffer> {
    this.consumed = true
    return (this.bodyPromise ??= readBody(this.req, this.bodyLimit))
  }

  async json(): Promise<Record<string, unknown>> {
    return requireObject(parseJsonBody(await this.body()))
  }
}
