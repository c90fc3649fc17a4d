/**
 * The one error type the Wallaroo client throws. Callers branch on `code`, never on message text
 * (house style §2); the message is written to be embedded: `deploying … failed: <message>`.
 */
import { redactCredentials } from './redact.js'

/** Stable, documented reasons a Wallaroo call failed. */
export type WallarooErrorCode =
  | 'UNAUTHORIZED' // 401 after one token refresh
  | 'AUTH_FAILED' // token endpoint refused the credentials (400/401 from Keycloak)
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'UNAVAILABLE'
  | 'NETWORK' // connection refused/reset/DNS
  | 'TIMEOUT' // request-timeout elapsed
  | 'DEADLINE' // the caller's overall deadline ran out before an answer (nothing is retried past it)
  | 'BAD_RESPONSE' // 2xx with a body that is not what the endpoint returns

/** Everything known about a failed call; `message` is built from these fields. */
export interface WallarooApiErrorInit {
  code: WallarooErrorCode
  endpoint: string
  attempts: number
  status?: number
  serverMessage?: string
  body?: unknown
  requestId?: string
  /** Overrides the default `HTTP <status> from <endpoint>: <serverMessage>` text. */
  message?: string
  /** What a caller of the client could do about it; appended to the message as `; <advice>`. */
  advice?: string
  cause?: unknown
  /** NETWORK: the connection was never made, so the request provably did not reach the server. */
  connectFailed?: boolean
}

/** A Wallaroo API (or token endpoint, or inference endpoint) call that did not give the expected answer. */
export class WallarooApiError extends Error {
  /** Stable reason to branch on. */
  readonly code: WallarooErrorCode
  /** HTTP status, absent for NETWORK/TIMEOUT/DEADLINE. */
  readonly status?: number
  /** Path that was called, e.g. '/v1/api/pipelines/deploy'. */
  readonly endpoint: string
  /** `msg` (MLOps), `error` (inference) or `error: error_description` (Keycloak) from the body. */
  readonly serverMessage?: string
  /** Parsed JSON body, or its (truncated) text. */
  readonly body?: unknown
  /** Request id from the response headers, for support tickets. */
  readonly requestId?: string
  /** How many times the request was sent. */
  readonly attempts: number
  /** What went wrong, without the generic advice (callers with better advice, like the action, use this). */
  readonly detail: string
  /** The client's generic advice, if any. */
  readonly advice?: string
  /** NETWORK: true when the connection was never made (nothing reached the server); false when it broke later. */
  readonly connectFailed?: boolean

  constructor(init: WallarooApiErrorInit) {
    const detail = init.message ?? defaultMessage(init)
    super(init.advice ? `${detail}; ${init.advice}` : detail, init.cause === undefined ? undefined : { cause: init.cause })
    this.detail = detail
    this.advice = init.advice
    this.name = 'WallarooApiError'
    this.code = init.code
    this.status = init.status
    this.endpoint = init.endpoint
    this.serverMessage = init.serverMessage
    this.body = init.body
    this.requestId = init.requestId
    this.attempts = init.attempts
    if (init.connectFailed !== undefined) this.connectFailed = init.connectFailed
  }
}

function defaultMessage(init: WallarooApiErrorInit): string {
  if (init.status === undefined) return `${init.code.toLowerCase()} error calling ${init.endpoint}`
  return `HTTP ${init.status} from ${init.endpoint}: ${init.serverMessage ?? '(no message in the response body)'}`
}

/** Maps an HTTP status of a non-2xx response to its stable code. */
export function codeForStatus(status: number): WallarooErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST'
    case 401:
      return 'UNAUTHORIZED'
    case 403:
      return 'FORBIDDEN'
    case 404:
      return 'NOT_FOUND'
    case 408:
      return 'TIMEOUT'
    case 409:
      return 'CONFLICT'
    case 413:
      return 'PAYLOAD_TOO_LARGE'
    case 429:
      return 'RATE_LIMITED'
    case 503:
      return 'UNAVAILABLE'
    default:
      if (status >= 500) return 'SERVER_ERROR'
      // Other 4xx (405, 408, 415, 422 …) are all "the request was wrong" from the caller's side.
      return 'BAD_REQUEST'
  }
}

/** Longest raw (non-JSON) body text kept in a message: enough for an HTML error page's gist. */
const MAX_SERVER_TEXT = 500

/** Parsed error body: JSON if it parses, else the trimmed, truncated text (undefined when empty). */
export function parseErrorBody(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes).trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return truncate(text, MAX_SERVER_TEXT)
  }
}

/**
 * The server's own words from an error body: `msg` (MLOps, §3), `error` (+ Keycloak's
 * `error_description`) or `message`; raw text for non-JSON bodies (proxies' HTML pages).
 */
export function serverMessageOf(body: unknown): string | undefined {
  const text = rawServerMessage(body)
  // A proxy or server may echo the request's credentials back; error messages end up in logs.
  return text === undefined ? undefined : redactCredentials(text)
}

function rawServerMessage(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return truncate(body, MAX_SERVER_TEXT)
  if (typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>
    if (typeof b.msg === 'string') return truncate(b.msg, MAX_SERVER_TEXT)
    if (typeof b.error === 'string') {
      const described = typeof b.error_description === 'string' ? `${b.error}: ${b.error_description}` : b.error
      return truncate(described, MAX_SERVER_TEXT)
    }
    if (typeof b.message === 'string') return truncate(b.message, MAX_SERVER_TEXT)
  }
  return truncate(JSON.stringify(body), MAX_SERVER_TEXT)
}

const REQUEST_ID_HEADERS = ['x-request-id', 'x-envoy-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid']

/** Request id the server or its Envoy front put on the response, if any. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)
    if (value) return value
  }
  return undefined
}

/** Shortens `text` to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}
