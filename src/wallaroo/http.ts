/**
 * The one place the Wallaroo client touches the network: a send loop with per-attempt timeout,
 * retry/backoff by request class, the 401 re-send, and mapping of failures to WallarooApiError.
 * Callers (client.ts, auth.ts) decide what a non-2xx status means; this module returns it.
 */
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { open as openFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { WallarooApiError, codeForStatus, parseErrorBody, requestIdOf, serverMessageOf, truncate, type WallarooErrorCode } from './errors.js'
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, resolveRetryPolicy, type RetryClass, type RetryPolicy } from './retry.js'
import type { StreamingInit } from './stream-request.js'

/** streamingFetch, loaded with node:http/https (and tls) only by runs that upload a model file: they cost every start-up. */
const streamingFetchLoaded = async (url: string, init: StreamingInit): Promise<Response> => (await import('./stream-request.js')).streamingFetch(url, init)

/** Injected effects shared by every call of one client or token provider. */
export interface Transport {
  fetch: typeof fetch
  /** Sends bodies streamed from disk (node:http, paced by the socket); see stream-request.ts. */
  streamFetch: (url: string, init: StreamingInit) => Promise<Response>
  sleep: (ms: number) => Promise<void>
  random: () => number
  /** Wall clock (ms since epoch), for Retry-After dates. */
  now: () => number
  timeoutMs: number
  policy: Required<RetryPolicy>
  /** Already redacting; never handed a token or password by this module anyway. */
  debug: (msg: string) => void
  /** Retries, backoff and token renewals: worth a normal log line (defaults to `debug`). Already redacting. */
  notice: (msg: string) => void
  /** Milliseconds left before the caller's deadline, or undefined without one (see TransportOptions.remainingMs). */
  remainingMs: () => number | undefined
}

/** The effects and policy a WallarooClient or TokenProvider takes; anything left out gets the real thing. */
export interface TransportOptions {
  fetch?: typeof fetch
  /** Sender of streamed bodies (default: streamingFetch over node:http/https). */
  streamFetch?: (url: string, init: StreamingInit) => Promise<Response>
  /** Per send, including reading the body (default 60000, the SDK's MLOps timeout, §10). */
  requestTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Wall clock in ms since epoch (Retry-After dates, token expiry); default Date.now. */
  now?: () => number
  /** Retries, backoff and token renewals, for the normal log (never receives tokens or passwords); default: onDebug. */
  onNotice?: (msg: string) => void
  /**
   * Time left before the caller's overall deadline (e.g. the action's `timeout`), asked before every send and every
   * retry: a send never outlasts it (its timeout is cut to what is left), no retry waits past it, and once it is
   * gone a call fails with DEADLINE instead of being sent. Undefined (or absent) means no deadline.
   */
  remainingMs?: () => number | undefined
}

/** A Transport from the options, with defaults: global fetch, real timers, 60 s per send, the default retry policy. */
export function createTransport(opts: TransportOptions, debug: (msg: string) => void, notice: (msg: string) => void = debug): Transport {
  return {
    fetch: opts.fetch ?? globalThis.fetch,
    streamFetch: opts.streamFetch ?? streamingFetchLoaded,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: opts.random ?? Math.random,
    now: opts.now ?? Date.now,
    timeoutMs: opts.requestTimeoutMs ?? 60_000,
    policy: resolveRetryPolicy(opts.retry),
    debug,
    notice,
    remainingMs: opts.remainingMs ?? (() => undefined)
  }
}

/**
 * A body read from disk as it is sent: `open` gives a fresh stream for each send (a retry cannot reuse a consumed
 * one), `length` its exact size (sent as Content-Length), so memory stays flat whatever the size. A chunk is valid
 * only until the next is asked for (its buffer is read into again): a sender must be done writing it first.
 */
export interface StreamedBody {
  open: () => AsyncIterable<Uint8Array>
  length: number
}

/** Request bodies this client sends: JSON/text, bytes (Arrow, multipart), a form, or a body streamed from disk. */
export type RequestBody = string | Uint8Array | URLSearchParams | StreamedBody

function isStreamed(body: RequestBody | undefined): body is StreamedBody {
  return typeof body === 'object' && body !== null && 'open' in body
}

/** One logical call; it may be sent several times. */
export interface SendSpec {
  method: 'GET' | 'POST'
  url: string
  /** Path shown in errors and debug lines, e.g. '/v1/api/pipelines/deploy'. */
  endpoint: string
  headers?: Record<string, string>
  body?: RequestBody
  retry: RetryClass
  /** Overrides which statuses an 'idempotent' call retries (default: 408, 429, 5xx). */
  retryStatus?: (status: number) => boolean
  /** Bearer token for this attempt; asked on every send so a long backoff cannot outlive a 60 s token. */
  bearer?: () => Promise<string>
  /**
   * Called on the first 401; when it answers true (a new token can be had) the call is re-sent exactly once
   * (the server refused it, so even a create is safe). A fixed token answers false: re-sending it is useless.
   */
  onUnauthorized?: () => boolean
}

/** The final response of a call (any status), and how many sends it took. */
export interface HttpResult {
  status: number
  headers: Headers
  body: Uint8Array
  /** Time of the last send, request start to last body byte. */
  latencyMs: number
  attempts: number
}

/** A send that produced no HTTP response. `connectFailed`: the request provably never reached the server. */
class TransportFailure extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'deadline',
    readonly connectFailed: boolean,
    readonly detail: string,
    readonly original: unknown
  ) {
    super(detail)
  }
}

/** Sends `spec` until it gets a final response, retrying per its class; throws only NETWORK/TIMEOUT/DEADLINE errors (and token errors from `bearer`). */
export async function send(t: Transport, spec: SendSpec): Promise<HttpResult> {
  let attempts = 0
  let budgetUsed = 0 // sends counted against policy.attempts (the 401 re-send is free)
  let reauthorized = false
  const retryStatus = spec.retryStatus ?? isRetryableStatus
  for (;;) {
    const headers: Record<string, string> = { ...spec.headers }
    if (spec.bearer) headers.authorization = `Bearer ${await spec.bearer()}`
    // Asked after the token: signing in may have used up what was left.
    const left = t.remainingMs()
    if (left !== undefined && left <= 0) throw deadlineError(spec, attempts)
    attempts++
    budgetUsed++
    const canRetry = budgetUsed < t.policy.attempts
    let result: Omit<HttpResult, 'attempts'>
    try {
      result = await sendOnce(t, spec, headers, left)
    } catch (err) {
      if (!(err instanceof TransportFailure)) throw err
      if (err.kind === 'deadline') throw deadlineError(spec, attempts, err.original)
      const retryable = spec.retry === 'idempotent' || (spec.retry === 'create' && err.connectFailed)
      if (retryable && canRetry) {
        const delay = backoffDelayMs(budgetUsed, t.policy, t.random)
        if (!fitsBeforeDeadline(t, delay)) throw transportError(t, spec, err, attempts)
        t.notice(`${spec.method} ${spec.endpoint}: ${err.detail}; retrying in ${delay} ms (attempt ${budgetUsed} of ${t.policy.attempts})`)
        await t.sleep(delay)
        continue
      }
      throw transportError(t, spec, err, attempts)
    }
    t.debug(`${spec.method} ${spec.endpoint} → ${result.status} in ${Math.round(result.latencyMs)} ms (attempt ${attempts})`)
    if (result.status === 401 && spec.onUnauthorized && !reauthorized) {
      reauthorized = true
      if (spec.onUnauthorized()) {
        budgetUsed--
        t.notice(`${spec.method} ${spec.endpoint}: HTTP 401; renewing the token and re-sending once`)
        continue
      }
    }
    if (spec.retry === 'idempotent' && retryStatus(result.status) && canRetry) {
      const retryAfter = parseRetryAfterMs(result.headers.get('retry-after'), t.now())
      const delay = retryAfter === undefined ? backoffDelayMs(budgetUsed, t.policy, t.random) : Math.min(retryAfter, t.policy.maxRetryAfterMs)
      // A wait that would end past the deadline is not started: the answer so far is the answer.
      if (fitsBeforeDeadline(t, delay)) {
        const why = retryAfter === undefined ? '' : ' (Retry-After)'
        t.notice(`${spec.method} ${spec.endpoint}: HTTP ${result.status}; retrying in ${delay} ms${why} (attempt ${budgetUsed} of ${t.policy.attempts})`)
        await t.sleep(delay)
        continue
      }
      t.notice(`${spec.method} ${spec.endpoint}: HTTP ${result.status}; no time left before the deadline to retry`)
    }
    return { ...result, attempts }
  }
}

/** True when a pause of `delayMs` (and a send after it) can still start before the deadline. */
function fitsBeforeDeadline(t: Transport, delayMs: number): boolean {
  const left = t.remainingMs()
  return left === undefined || delayMs < left
}

async function sendOnce(t: Transport, spec: SendSpec, headers: Record<string, string>, leftMs: number | undefined): Promise<Omit<HttpResult, 'attempts'>> {
  const controller = new AbortController()
  const timedOut = new Error('request timeout')
  const deadline = new Error('deadline')
  const started = performance.now()
  const deadlineAt = leftMs === undefined ? undefined : started + leftMs
  // The send's own timeout, cut to what is left before the caller's deadline. A body streamed from disk re-arms it
  // with every piece the connection takes: a multi-GB upload may take longer than the timeout, but never stall that long.
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = (): void => {
    clearTimeout(timer)
    const toDeadline = deadlineAt === undefined ? Number.POSITIVE_INFINITY : deadlineAt - performance.now()
    const cut = toDeadline < t.timeoutMs
    timer = setTimeout(() => controller.abort(cut ? deadline : timedOut), Math.max(0, cut ? toDeadline : t.timeoutMs))
  }
  arm()
  async function* progressing(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      arm()
      yield chunk
    }
  }
  try {
    const res = isStreamed(spec.body)
      ? await t.streamFetch(spec.url, {
          method: spec.method,
          headers: { ...headers, 'content-length': String(spec.body.length) },
          body: progressing(spec.body.open()),
          signal: controller.signal
        })
      : await t.fetch(spec.url, { method: spec.method, headers, body: spec.body, signal: controller.signal })
    // Reading the body stays under the same timer: a server that stalls mid-body is as stuck as a silent one.
    const body = new Uint8Array(await res.arrayBuffer())
    return { status: res.status, headers: res.headers, body, latencyMs: performance.now() - started }
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason === deadline) {
      throw new TransportFailure('deadline', false, `the deadline came after ${Math.round(performance.now() - started)} ms`, err)
    }
    if (controller.signal.aborted && controller.signal.reason === timedOut) {
      throw new TransportFailure('timeout', false, isStreamed(spec.body) ? `no progress for ${t.timeoutMs} ms` : `no response within ${t.timeoutMs} ms`, err)
    }
    const { code, message } = describeNetworkError(err)
    throw new TransportFailure('network', CONNECT_FAILURES.has(code ?? ''), message, err)
  } finally {
    clearTimeout(timer)
  }
}

/** The caller's deadline came before (or during) a send: no answer, and no more tries. */
function deadlineError(spec: SendSpec, attempts: number, cause?: unknown): WallarooApiError {
  const during =
    attempts === 0 ? 'before it could be sent' : `while it was out (${attempts} attempt${attempts === 1 ? '' : 's'}); the server may still act on it`
  return new WallarooApiError({
    code: 'DEADLINE',
    endpoint: spec.endpoint,
    attempts,
    message: `the deadline ran out for ${spec.method} ${stripQuery(spec.url)} ${during}`,
    ...(cause === undefined ? {} : { cause })
  })
}

/**
 * Error codes meaning the TCP connection was never established, so nothing was sent and even a
 * create can be retried. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server got it.
 */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * undici wraps the socket error: TypeError('fetch failed', { cause: Error{code} | AggregateError{code, errors} }).
 * Duck-typed rather than `instanceof Error`: the error may come from another realm (Jest's vm modules).
 */
function describeNetworkError(err: unknown): { code?: string; message: string } {
  let current: unknown = err
  for (let depth = 0; depth < 5 && isObject(current); depth++) {
    const { code, message, errors, cause } = current as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown }
    const text = typeof message === 'string' ? message : ''
    if (typeof code === 'string') return { code, message: text || code }
    if (Array.isArray(errors) && isObject(errors[0])) {
      current = errors[0]
      continue
    }
    if (cause === undefined) return { message: text || String(current) }
    current = cause
  }
  return { message: String(err) }
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null
}

function transportError(t: Transport, spec: SendSpec, err: TransportFailure, attempts: number): WallarooApiError {
  const where = `${spec.method} ${stripQuery(spec.url)}`
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`
  const timeout = err.kind === 'timeout'
  // A connection that broke after it was made (a reset, a dropped socket) may have carried the request already.
  const message = timeout
    ? `no response from ${where} within ${t.timeoutMs} ms (${tries})`
    : err.connectFailed
      ? `could not reach ${where}: ${err.detail} (${tries})`
      : `the connection for ${where} broke before an answer came: ${err.detail} (${tries}); the server may have received the request`
  const advice = timeout
    ? 'the server may be overloaded, or raise the request timeout'
    : err.connectFailed
      ? 'check the URL and that the server is up'
      : 'check the network between this machine and the server (a proxy may cut connections)'
  return new WallarooApiError({
    code: err.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK',
    endpoint: spec.endpoint,
    attempts,
    message,
    advice,
    cause: err.original,
    ...(err.kind === 'network' ? { connectFailed: err.connectFailed } : {})
  })
}

function stripQuery(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** Turns a non-2xx result into the error callers throw; `code` defaults to the status mapping. */
export function httpError(result: HttpResult, endpoint: string, code?: WallarooErrorCode, message?: string, advice?: string): WallarooApiError {
  const body = parseErrorBody(result.body)
  return new WallarooApiError({
    code: code ?? codeForStatus(result.status),
    status: result.status,
    endpoint,
    serverMessage: serverMessageOf(body),
    body,
    requestId: requestIdOf(result.headers),
    attempts: result.attempts,
    message,
    advice
  })
}

/** True for 2xx. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299
}

/** Parses a 2xx JSON body; an empty body is `null` (undeploy answers nothing on some versions, §8.4). */
export function parseJsonBody(result: HttpResult, endpoint: string): unknown {
  const text = new TextDecoder().decode(result.body).trim()
  if (text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw badResponse(result, endpoint, `the body is not JSON: ${JSON.stringify(truncate(text, 200))}`)
  }
}

/** A 2xx whose body is not what the endpoint returns (wrong URL, a proxy page, an incompatible server version). */
export function badResponse(result: HttpResult, endpoint: string, detail: string): WallarooApiError {
  return new WallarooApiError({
    code: 'BAD_RESPONSE',
    status: result.status,
    endpoint,
    requestId: requestIdOf(result.headers),
    attempts: result.attempts,
    body: truncate(new TextDecoder().decode(result.body), 2000),
    message: `unexpected response from ${endpoint} (HTTP ${result.status}): ${detail}; is the URL a Wallaroo API of a supported version?`
  })
}

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string
  /** The part's content: text, bytes, or a file to read from disk while sending (see `streamMultipart`). */
  data: Uint8Array | string | { path: string }
  contentType: string
  /** Present → sent as a file part (`filename="…"`); absent → a plain field, as curl -F 'x=<json>;type=…' does. */
  filename?: string
}

/**
 * Encodes multipart/form-data by hand rather than with FormData: FormData gives every Blob a
 * `filename="blob"`, whereas the SDK and the documented curl send the metadata part as a field
 * (no filename), which is what servers and busboy-style parsers treat as a form field.
 */
export function encodeMultipart(parts: MultipartPart[]): { contentType: string; body: Uint8Array } {
  const { boundary, pieces } = multipartPieces(parts)
  const chunks = pieces.map((p) => {
    if ('bytes' in p) return p.bytes
    throw new TypeError('encodeMultipart takes text and bytes; use streamMultipart for a part read from a file')
  })
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const c of chunks) {
    body.set(c, offset)
    offset += c.length
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body }
}

/**
 * multipart/form-data whose file parts are read from disk while sending: the body is a StreamedBody (exact length
 * up front, a fresh read per send), so a multi-GB model never sits in memory. `onFileChunk` sees every byte of the
 * file parts as it is sent (the caller hashes them), once per send.
 */
export function streamMultipart(
  parts: MultipartPart[],
  onSend?: () => { onFileChunk: (chunk: Uint8Array) => void }
): { contentType: string; body: StreamedBody } {
  const { boundary, pieces } = multipartPieces(parts)
  const length = pieces.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : statSync(p.path).size), 0)
  async function* open(): AsyncGenerator<Uint8Array> {
    const hooks = onSend?.()
    for (const p of pieces) {
      if ('bytes' in p) {
        yield p.bytes
        continue
      }
      for await (const chunk of fileChunks(p.path)) {
        hooks?.onFileChunk(chunk)
        yield chunk
      }
    }
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: { open, length } }
}

/**
 * A file in 1 MiB reads (few syscalls) into one buffer, read into again for each chunk: a fresh buffer per chunk
 * would be garbage V8 only collects after tens of MiB of it, which is most of an upload's memory.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await openFile(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024)
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}

/** The envelope of each part as bytes, and the parts' contents (bytes, or a file to read). */
function multipartPieces(parts: MultipartPart[]): { boundary: string; pieces: Array<{ bytes: Uint8Array } | { path: string }> } {
  const boundary = `----wallaroo-action-${randomUUID()}`
  const encoder = new TextEncoder()
  const pieces: Array<{ bytes: Uint8Array } | { path: string }> = []
  for (const part of parts) {
    let disposition = `form-data; name="${escapeQuoted(part.name)}"`
    if (part.filename !== undefined) disposition += `; filename="${escapeQuoted(part.filename)}"`
    pieces.push({ bytes: encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`) })
    pieces.push(typeof part.data === 'string' ? { bytes: encoder.encode(part.data) } : 'path' in part.data ? { path: part.data.path } : { bytes: part.data })
    pieces.push({ bytes: encoder.encode('\r\n') })
  }
  pieces.push({ bytes: encoder.encode(`--${boundary}--\r\n`) })
  return { boundary, pieces }
}

/** The HTML form-encoding rule browsers and undici use for names and filenames. */
function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
