/**
 * HTTP plumbing shared by every emulator route: the API error type, body reading with a
 * size limit, JSON parsing and request-field validation that names the field and the
 * expected type, and the two error body formats of the real API (§3, §9.4).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { jsonBytes, MAX_JSON_DEPTH, MAX_STORED_JSON_BYTES, nestedDeeperThan } from './json-limits.js'

/** Which error body format a route answers with: MLOps `{msg, code}` or inference `{code, status, error, source}`. */
export type ErrorFormat = 'mlops' | 'inference'

/** An error with the HTTP status the real API would answer; routes turn it into the route's error body. */
export class ApiError extends Error {
  /** @param source inference errors only: 'engine' | 'platform' | 'sidekick' (§9.4). */
  constructor(
    readonly status: number,
    message: string,
    readonly source: 'engine' | 'platform' | 'sidekick' = 'engine',
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The MLOps ("axum-util") error body. */
export function mlopsErrorBody(status: number, msg: string): { msg: string; code: number } {
  return { msg, code: status }
}

/** The inference ("fitzroy") error body. */
export function inferenceErrorBody(status: number, error: string, source: string): Record<string, unknown> {
  return { code: status, status: 'error', error, source }
}

/** Write a JSON response (`null` is a valid body: 2023 undeploy answers it). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

/** Write raw bytes with a content type (Arrow responses). */
export function sendRaw(res: ServerResponse, status: number, contentType: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length })
  res.end(body)
}

/** Write an ApiError in the given format. */
export function sendError(res: ServerResponse, format: ErrorFormat, err: ApiError): void {
  const body = format === 'inference' ? inferenceErrorBody(err.status, err.message, err.source) : mlopsErrorBody(err.status, err.message)
  sendJson(res, err.status, body, err.headers)
}

/**
 * Read the whole request body, refusing more than `limit` bytes with a 413. The rest of an
 * oversize body is drained (not buffered) so the client can read the answer instead of
 * seeing its upload cut off with a connection reset.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number.isFinite(declared) && declared > limit
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (tooLarge) {
        reject(new ApiError(413, `request body too large: this route accepts at most ${limit} bytes (${formatBytes(limit)})`))
      } else {
        resolve(Buffer.concat(chunks, size))
      }
    })
    req.on('error', (err) => reject(new ApiError(400, `could not read the request body: ${err.message}`)))
    // A client that disconnects mid-body never sends 'end'; settle instead of leaving the handler hanging.
    req.on('close', () => {
      if (!req.complete) reject(new ApiError(400, 'the request body was cut off before it ended'))
    })
  })
}

/** decodeURIComponent that answers a malformed escape with a 400 instead of throwing a URIError. */
export function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new ApiError(400, `malformed percent-encoding in the path segment '${part}'`, 'platform')
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${n} bytes`
}

/** Parse a JSON body; an empty body counts as `{}` (some clients post nothing for list calls). */
export function parseJsonBody(buf: Buffer): unknown {
  const text = buf.toString('utf8')
  if (text.trim() === '') return {}
  return parseJsonText(text, 'JSON body')
}

/** Parse JSON text (`what` names it in errors; `notJson` starts the message for text that does not parse), refusing nesting deeper than MAX_JSON_DEPTH. */
export function parseJsonText(text: string, what: string, notJson = `invalid ${what}`): unknown {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (err) {
    throw new ApiError(400, `${notJson}: ${(err as Error).message}`)
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new ApiError(
      400,
      `invalid ${what}: arrays and objects are nested more than ${MAX_JSON_DEPTH} levels deep; the emulator accepts at most ${MAX_JSON_DEPTH}`
    )
  }
  return value
}

/** A value stored from a request field must stay within MAX_STORED_JSON_BYTES. */
function checkStoredSize(name: string, value: unknown): void {
  const bytes = jsonBytes(value)
  if (bytes > MAX_STORED_JSON_BYTES) {
    throw new ApiError(400, `invalid field '${name}': ${bytes} bytes of JSON; the emulator stores at most ${MAX_STORED_JSON_BYTES} bytes (1 MiB) per field`)
  }
}

/** Describe a value's JSON type for error messages ("got string \"abc\""). */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

/** A JSON object body, or a 400 saying it must be one. */
export function requireObject(value: unknown, what = 'request body'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, `${what} must be a JSON object, got ${describe(value)}`)
  }
  return value as Record<string, unknown>
}

function missing(name: string, type: string): ApiError {
  return new ApiError(400, `missing field '${name}': expected ${type}`)
}
function wrongType(name: string, type: string, value: unknown): ApiError {
  return new ApiError(400, `invalid field '${name}': expected ${type}, got ${describe(value)}`)
}

/** Field readers: each throws a 400 naming the field and the expected type. `name` may be a dotted path for messages. */
export const field = {
  /** A required non-empty string. */
  string(obj: Record<string, unknown>, key: string, name = key): string {
    const v = obj[key]
    if (v === undefined || v === null) throw missing(name, 'a string')
    if (typeof v !== 'string') throw wrongType(name, 'a string', v)
    if (v === '') throw new ApiError(400, `invalid field '${name}': must not be empty`)
    return v
  },
  /** An optional string (absent or null → undefined). */
  optString(obj: Record<string, unknown>, key: string, name = key): string | undefined {
    const v = obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') throw wrongType(name, 'a string', v)
    return v
  },
  /** A required integer. */
  int(obj: Record<string, unknown>, key: string, name = key): number {
    const v = obj[key]
    if (v === undefined || v === null) throw missing(name, 'an integer')
    if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(name, 'an integer', v)
    return v
  },
  /** An optional integer. */
  optInt(obj: Record<string, unknown>, key: string, name = key): number | undefined {
    const v = obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(name, 'an integer', v)
    return v
  },
  /** An optional JSON object. */
  optObject(obj: Record<string, unknown>, key: string, name = key): Record<string, unknown> | undefined {
    const v = obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(name, 'an object', v)
    checkStoredSize(name, v)
    return v as Record<string, unknown>
  },
  /** An optional array. */
  optArray(obj: Record<string, unknown>, key: string, name = key): unknown[] | undefined {
    const v = obj[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) throw wrongType(name, 'an array', v)
    checkStoredSize(name, v)
    return v
  },
  /** An optional array of integers. */
  optIntArray(obj: Record<string, unknown>, key: string, name = key): number[] | undefined {
    const arr = field.optArray(obj, key, name)
    if (arr === undefined) return undefined
    arr.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(`${name}[${i}]`, 'an integer', v)
    })
    return arr as number[]
  }
}
