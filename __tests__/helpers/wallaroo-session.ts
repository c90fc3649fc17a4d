/**
 * Raw HTTP access to a running emulator for integration and contract tests.
 * Deliberately NOT the project's WallarooClient: these tests compare the wire
 * responses themselves (status, content-type, every body field) with recordings.
 */

/** A response as the tests see it: status, content type and the body both as text and parsed JSON (if it is JSON). */
export interface RawResponse {
  status: number
  contentType: string
  headers: Headers
  bytes: Uint8Array
  text: string
  /** Parsed body when the body is JSON (including the literal `null`); `undefined` otherwise. */
  json: unknown
}

/** Credentials the emulator is started with (passed as --user/--password/--client-secret). */
export interface TestCredentials {
  user: string
  password: string
  clientSecret: string
}

/** The credentials every test process uses; they never leave the loopback interface. */
export const TEST_CREDENTIALS: TestCredentials = {
  user: 'ci-user@example.com',
  password: 'emulator-test-password',
  clientSecret: 'emulator-test-secret'
}

/** CLI flags that make the emulator accept TEST_CREDENTIALS. */
export function credentialArgs(creds: TestCredentials = TEST_CREDENTIALS): string[] {
  return ['--user', creds.user, '--password', creds.password, '--client-secret', creds.clientSecret]
}

/** The token endpoint path on the emulator (Keycloak realm master on the API host, §2.1). */
export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token'

/** One part of a multipart/form-data body; no filename → a plain form field, like curl `-F name=value`. */
export interface MultipartPart {
  name: string
  data: Uint8Array | string
  filename?: string
  contentType?: string
}

/**
 * Builds a multipart body by hand because undici's FormData gives every Blob a
 * filename ("blob"), which turns curl's `-F 'metadata=<json>;type=application/json'`
 * field into a file part and would not reproduce the recorded request.
 */
export function buildMultipart(parts: MultipartPart[]): { body: Uint8Array; contentType: string } {
  const boundary = `----wallaroo-test-${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.filename !== undefined) head += `; filename="${part.filename}"`
    head += '\r\n'
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(part.data), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function toRaw(res: Response): Promise<RawResponse> {
  const bytes = new Uint8Array(await res.arrayBuffer())
  const text = Buffer.from(bytes).toString('utf8')
  const contentType = res.headers.get('content-type') ?? ''
  let json: unknown = undefined
  if (contentType.includes('json') || /^\s*[[{n]/.test(text)) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  return { status: res.status, contentType, headers: res.headers, bytes, text, json }
}

/** Resolves after `ms` milliseconds; only used to pace polls of a real child process. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `read` until `done` accepts its result; throws with the last result once `timeoutMs` passes. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<T[]> {
  const seen: T[] = []
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    seen.push(value)
    if (done(value)) return seen
    if (Date.now() > deadline) {
      throw new Error(`waiting for ${what} timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`)
    }
    await pause(intervalMs)
  }
}

/** A logged-in conversation with one emulator: token handling plus raw POSTs. */
export class WallarooSession {
  token = ''

  constructor(
    readonly baseUrl: string,
    readonly creds: TestCredentials = TEST_CREDENTIALS
  ) {}

  /** Password grant through the confidential `api-client` with HTTP Basic, as the recorded curl does (§2.1). */
  async passwordGrant(form: Record<string, string> = {}): Promise<RawResponse> {
    return this.tokenRequest(
      { grant_type: 'password', username: this.creds.user, password: this.creds.password, ...form },
      `api-client:${this.creds.clientSecret}`
    )
  }

  /** POSTs a form to the token endpoint, with HTTP Basic client auth when `basic` is given. */
  async tokenRequest(form: Record<string, string>, basic?: string): Promise<RawResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (basic) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`
    const res = await fetch(this.baseUrl + TOKEN_PATH, { method: 'POST', headers, body: new URLSearchParams(form).toString() })
    return toRaw(res)
  }

  /** Logs in and keeps the access token for later calls. */
  async login(): Promise<string> {
    const res = await this.passwordGrant()
    const body = res.json as { access_token?: string } | undefined
    if (res.status !== 200 || !body?.access_token) {
      throw new Error(`login to the emulator failed: HTTP ${res.status} ${res.text.slice(0, 300)}`)
    }
    this.token = body.access_token
    return this.token
  }

  /** POSTs JSON to an MLOps path (e.g. '/v1/api/workspaces/list'); `token: null` sends no Authorization header. */
  async post(path: string, body: unknown, opts: { token?: string | null } = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    const token = opts.token === undefined ? this.token : opts.token
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) })
    return toRaw(res)
  }

  /** POSTs JSON and fails with the whole response when the status is not `expected`. */
  async postOk<T = unknown>(path: string, body: unknown, expected = 200): Promise<T> {
    const res = await this.post(path, body)
    if (res.status !== expected) {
      throw new Error(`POST ${path} ${JSON.stringify(body).slice(0, 300)} answered HTTP ${res.status} (expected ${expected}): ${res.text.slice(0, 500)}`)
    }
    return res.json as T
  }

  /** GETs a path with the session token (or none with `token: null`). */
  async get(path: string, opts: { token?: string | null } = {}): Promise<RawResponse> {
    const token = opts.token === undefined ? this.token : opts.token
    const res = await fetch(this.baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    return toRaw(res)
  }

  /** Sends a multipart/form-data upload built from `parts`. */
  async upload(path: string, parts: MultipartPart[]): Promise<RawResponse> {
    const { body, contentType } = buildMultipart(parts)
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${this.token}` },
      body
    })
    return toRaw(res)
  }

  /** Uploads a model the way the [MM] curl does (metadata JSON part + file part) and returns the model version id. */
  async uploadModel(meta: {
    name: string
    workspaceId: number
    file: Uint8Array
    fileName: string
    framework?: string
    visibility?: 'public' | 'private'
    extra?: Record<string, unknown>
    conversion?: Record<string, unknown>
  }): Promise<number> {
    const metadata = {
      name: meta.name,
      visibility: meta.visibility ?? 'public',
      workspace_id: meta.workspaceId,
      conversion: { framework: meta.framework ?? 'onnx', python_version: '3.8', requirements: [], ...meta.conversion },
      ...meta.extra
    }
    const res = await this.upload('/v1/api/models/upload_and_convert', [
      { name: 'metadata', data: JSON.stringify(metadata), contentType: 'application/json' },
      { name: 'file', data: meta.file, filename: meta.fileName, contentType: 'application/octet-stream' }
    ])
    const body = res.json as { insert_models?: { returning?: Array<{ models?: Array<{ id?: number }> }> } } | undefined
    const id = body?.insert_models?.returning?.[0]?.models?.[0]?.id
    if (res.status !== 202 || typeof id !== 'number') {
      throw new Error(`upload of ${meta.fileName} answered HTTP ${res.status}: ${res.text.slice(0, 500)}`)
    }
    return id
  }

  /** Polls models/get_version_by_id until the version is `ready` (or fails on `error`); returns every status seen. */
  async waitForModelReady(modelVersionId: number, timeoutMs = 15000): Promise<string[]> {
    const seen = await pollUntil(
      `model version ${modelVersionId} to be ready`,
      async () => {
        const res = await this.postOk<{ model_version: { model_version: { status: string; error_summary: string | null } } }>(
          '/v1/api/models/get_version_by_id',
          { model_version_id: modelVersionId }
        )
        const mv = res.model_version.model_version
        if (mv.status === 'error') throw new Error(`model version ${modelVersionId} failed to convert: ${mv.error_summary}`)
        return mv.status
      },
      (s) => s === 'ready',
      { timeoutMs }
    )
    return seen
  }

  /** POSTs status/get_deployment by deployment name. */
  getDeployment(name: string): Promise<RawResponse> {
    return this.post('/v1/api/status/get_deployment', { name })
  }

  /** Polls get_deployment until `status` is reached; returns every (HTTP status, deployment status) pair seen. */
  async waitForDeployment(name: string, status: 'Running' | 'gone', timeoutMs = 15000): Promise<RawResponse[]> {
    return pollUntil(
      `deployment ${name} to be ${status}`,
      () => this.getDeployment(name),
      (res) => (status === 'gone' ? res.status === 404 : res.status === 200 && (res.json as { status?: string }).status === 'Running'),
      { timeoutMs }
    )
  }

  /** POSTs an inference request to a full URL with the session token. */
  async infer(
    url: string,
    body: Uint8Array | string,
    contentType: string,
    opts: { accept?: string; query?: string; token?: string | null; headers?: Record<string, string> } = {}
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { 'content-type': contentType, ...opts.headers }
    if (opts.accept) headers.accept = opts.accept
    const token = opts.token === undefined ? this.token : opts.token
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(url + (opts.query ? `?${opts.query}` : ''), { method: 'POST', headers, body })
    return toRaw(res)
  }
}
