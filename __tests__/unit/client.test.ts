import { createHash } from 'node:crypto'
import { describe, it, expect } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import busboy from 'busboy'
import { TokenProvider, TOKEN_PATH } from '../../src/wallaroo/auth.js'
import { WallarooClient, type ClientOptions } from '../../src/wallaroo/client.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { sendJson, useLoopbackServer, type ReceivedRequest, type RequestHandler } from '../helpers/loopback-server.js'
import { rejectionOf } from '../helpers/thrown.js'

type Received = ReceivedRequest
type Handler = RequestHandler

const json = sendJson
const server = useLoopbackServer(() => (_req, res) => json(res, 200, {}))

function bodyOf(req: Received): unknown {
  return JSON.parse(req.body.toString('utf8'))
}

/** Requests to the MLOps API, without token-endpoint traffic. */
function apiCalls(): Received[] {
  return server.received.filter((r) => r.path !== TOKEN_PATH)
}

const TOKEN = 'static-test-token-1234'

/** Client with a static token, recorded sleeps and jitter pinned to the top of its range. */
function client(extra: Partial<ClientOptions> = {}): { client: WallarooClient; sleeps: number[]; debug: string[] } {
  const sleeps: number[] = []
  const debug: string[] = []
  const c = new WallarooClient({
    url: server.base,
    tokens: new TokenProvider({ authUrl: server.base, credentials: { kind: 'token', token: TOKEN } }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
    onDebug: (m) => debug.push(m),
    ...extra
  })
  return { client: c, sleeps, debug }
}

/** The WallarooApiError a call fails with. */
const failure = (p: Promise<unknown>): Promise<WallarooApiError> => rejectionOf(p, WallarooApiError)

describe('one typed method per endpoint', () => {
  const deployment = { status: 'Running', details: [], engines: [], engine_lbs: [], sidekicks: [] }
  const cases: Array<{
    name: string
    call: (c: WallarooClient) => Promise<unknown>
    path: string
    sent: unknown
    reply: unknown
    expected: unknown
  }> = [
    {
      name: 'listWorkspaces',
      call: (c) => c.listWorkspaces(),
      path: '/v1/api/workspaces/list',
      sent: {},
      reply: { workspaces: [] },
      expected: { workspaces: [] }
    },
    {
      name: 'createWorkspace',
      call: (c) => c.createWorkspace('ci-ws'),
      path: '/v1/api/workspaces/create',
      sent: { workspace_name: 'ci-ws' },
      reply: { workspace_id: 18 },
      expected: { workspace_id: 18 }
    },
    {
      name: 'getModelVersion',
      call: (c) => c.getModelVersion(1215),
      path: '/v1/api/models/get_version_by_id',
      sent: { model_version_id: 1215 },
      reply: { model_version: { model_version: { id: 1215, status: 'ready' }, config: null } },
      expected: { model_version: { model_version: { id: 1215, status: 'ready' }, config: null } }
    },
    {
      name: 'listModels',
      call: (c) => c.listModels(7),
      path: '/v1/api/models/list',
      sent: { workspace_id: 7 },
      reply: { models: [] },
      expected: { models: [] }
    },
    {
      name: 'listModelVersions',
      call: (c) => c.listModelVersions('ccfraud', 12),
      path: '/v1/api/models/list_versions',
      sent: { model_id: 'ccfraud', models_pk_id: 12 },
      reply: [{ id: 3, model_id: 'ccfraud' }],
      expected: [{ id: 3, model_id: 'ccfraud' }]
    },
    {
      name: 'getModelConfig',
      call: (c) => c.getModelConfig(1215),
      path: '/v1/api/models/get_config_by_id',
      sent: { model_id: 1215 },
      reply: { model_config: null },
      expected: { model_config: null }
    },
    {
      name: 'createPipeline',
      call: (c) => c.createPipeline('p1', 7, {}),
      path: '/v1/api/pipelines/create',
      sent: { pipeline_id: 'p1', workspace_id: 7, definition: {} },
      reply: { pipeline_pk_id: 25, pipeline_variant_pk_id: 26, pipeline_variant_version: 'uuid' },
      expected: { pipeline_pk_id: 25, pipeline_variant_pk_id: 26, pipeline_variant_version: 'uuid' }
    },
    {
      name: 'listPipelines',
      call: (c) => c.listPipelines(7),
      path: '/v1/api/pipelines/list_pipelines',
      sent: { workspace_id: 7 },
      reply: { pipelines: [] },
      expected: { pipelines: [] }
    },
    {
      name: 'copyPipeline',
      call: (c) => c.copyPipeline({ name: 'copy', workspace_id: 7, source_pipeline: 28 }),
      path: '/v1/api/pipelines/copy',
      sent: { name: 'copy', workspace_id: 7, source_pipeline: 28 },
      reply: { pipeline_pk_id: 9, pipeline_variant_pk_id: 9, pipeline_version: null, deployment: null },
      expected: { pipeline_pk_id: 9, pipeline_variant_pk_id: 9, pipeline_version: null, deployment: null }
    },
    {
      name: 'deployPipeline',
      call: (c) => c.deployPipeline({ deploy_id: 'p1', pipeline_version_pk_id: 29 }),
      path: '/v1/api/pipelines/deploy',
      sent: { deploy_id: 'p1', pipeline_version_pk_id: 29 },
      reply: { id: 14 },
      expected: { id: 14 }
    },
    {
      name: 'undeployPipeline',
      call: (c) => c.undeployPipeline({ pipeline_id: 28, deployment_id: 14 }),
      path: '/v1/api/pipelines/undeploy',
      sent: { pipeline_id: 28, deployment_id: 14 },
      reply: {},
      expected: undefined
    },
    {
      name: 'deletePipeline',
      call: (c) => c.deletePipeline('p1', 7),
      path: '/v1/api/pipelines/delete_pipeline',
      sent: { pipeline_id: 'p1', workspace_id: 7 },
      reply: {},
      expected: undefined
    },
    {
      name: 'getDeployment',
      call: (c) => c.getDeployment('p1-14'),
      path: '/v1/api/status/get_deployment',
      sent: { name: 'p1-14' },
      reply: deployment,
      expected: deployment
    },
    {
      name: 'getExternalUrl',
      call: (c) => c.getExternalUrl(7, 'p1'),
      path: '/v1/api/admin/get_pipeline_external_url',
      sent: { workspace_id: 7, pipeline_name: 'p1' },
      reply: { url: 'https://x/v1/api/pipelines/infer/p1-14/p1' },
      expected: 'https://x/v1/api/pipelines/infer/p1-14/p1'
    }
  ]

  it.each(cases)('$name POSTs JSON with the bearer token to $path', async ({ call, path, sent, reply, expected }) => {
    server.handler = (_req, res) => json(res, 200, reply)
    expect(await call(client().client)).toEqual(expected)
    expect(server.received).toHaveLength(1)
    const [req] = server.received
    expect(req.method).toBe('POST')
    expect(req.path).toBe(path)
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req.headers['content-type']).toBe('application/json')
    expect(bodyOf(req)).toEqual(sent)
  })

  it('getConfig is a GET without a token', async () => {
    server.handler = (_req, res) => json(res, 200, { default_arch: 'x86' })
    expect(await client().client.getConfig()).toEqual({ default_arch: 'x86' })
    expect(server.received[0].method).toBe('GET')
    expect(server.received[0].path).toBe('/v1/api/config')
    expect(server.received[0].headers.authorization).toBeUndefined()
  })

  it('accepts an API URL with a trailing slash', async () => {
    server.handler = (_req, res) => json(res, 200, { workspaces: [] })
    await client({ url: `${server.base}/` }).client.listWorkspaces()
    expect(server.received[0].path).toBe('/v1/api/workspaces/list')
  })

  it('rejects a URL that is not http(s) up front', () => {
    expect(() => client({ url: 'wallaroo.example.com' })).toThrow('the Wallaroo URL "wallaroo.example.com" is not a URL')
    expect(() => client({ url: 'ftp://wallaroo.example.com' })).toThrow('must start with http:// or https://')
  })
})

describe('endpoint quirks', () => {
  it.each([
    ['null', 'null'],
    ['{}', '{}'],
    ['an empty body', '']
  ])('undeployPipeline accepts %s', async (_label, text) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(text)
    }
    await expect(client().client.undeployPipeline({ deployment_id: 14 })).resolves.toBeUndefined()
  })

  it('getDeployment returns null on 404 (not deployed yet, or undeployed)', async () => {
    server.handler = (_req, res) => json(res, 404, { msg: 'deployment not found', code: 404 })
    expect(await client().client.getDeployment('p1-14')).toBeNull()
    expect(server.received).toHaveLength(1)
  })

  it('listPipelines surfaces an older server’s 404 as NOT_FOUND for the caller to fall back', async () => {
    server.handler = (_req, res) => json(res, 404, { msg: 'Not Found', code: 404 })
    const err = await failure(client().client.listPipelines(7))
    expect(err.code).toBe('NOT_FOUND')
    expect(err.endpoint).toBe('/v1/api/pipelines/list_pipelines')
  })
})

describe('uploadModel', () => {
  interface Part {
    name: string
    kind: 'field' | 'file'
    filename?: string
    mimeType: string
    data: Buffer
  }

  /** Parses the multipart body the way a real server (busboy) does. */
  function parseMultipart(req: Received): Promise<Part[]> {
    return new Promise((resolve, reject) => {
      const parts: Part[] = []
      const bb = busboy({ headers: req.headers })
      bb.on('field', (name, value, info) => parts.push({ name, kind: 'field', mimeType: info.mimeType, data: Buffer.from(value) }))
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => parts.push({ name, kind: 'file', filename: info.filename, mimeType: info.mimeType, data: Buffer.concat(chunks) }))
      })
      bb.on('close', () => resolve(parts))
      bb.on('error', reject)
      bb.end(req.body)
    })
  }

  const metadata = {
    name: 'ccfraud',
    visibility: 'private' as const,
    workspace_id: 7,
    conversion: { framework: 'onnx', python_version: '3.8', requirements: [] }
  }
  const file = new Uint8Array([0, 1, 2, 253, 254, 255, 13, 10, 45, 45])

  it('sends the metadata JSON field and the file part with its filename, and returns the version id from the 202', async () => {
    server.handler = (_req, res) => json(res, 202, { insert_models: { returning: [{ models: [{ id: 1215 }] }] } })
    const result = await client().client.uploadModel({ metadata, file, fileName: 'ccfraud "v1".onnx' })
    expect(result).toEqual({ modelVersionId: 1215, sha256: createHash('sha256').update(file).digest('hex') })
    const [req] = server.received
    expect(req.path).toBe('/v1/api/models/upload_and_convert')
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    const parts = await parseMultipart(req)
    expect(parts.map((p) => [p.name, p.kind])).toEqual([
      ['metadata', 'field'],
      ['file', 'file']
    ])
    expect(parts[0].mimeType).toBe('application/json')
    expect(JSON.parse(parts[0].data.toString('utf8'))).toEqual(metadata)
    expect(parts[1].mimeType).toBe('application/octet-stream')
    expect(parts[1].filename).toBe('ccfraud %22v1%22.onnx')
    expect([...parts[1].data]).toEqual([...file])
  })

  it('uses models/upload when conversion is off', async () => {
    server.handler = (_req, res) => json(res, 202, { insert_models: { returning: [{ models: [{ id: 5 }] }] } })
    await client().client.uploadModel({ metadata, file, fileName: 'm.onnx', convert: false })
    expect(server.received[0].path).toBe('/v1/api/models/upload')
  })

  it('reports a 2xx without the version id as BAD_RESPONSE naming the missing field', async () => {
    server.handler = (_req, res) => json(res, 202, { insert_models: { returning: [] } })
    const err = await failure(client().client.uploadModel({ metadata, file, fileName: 'm.onnx' }))
    expect(err.code).toBe('BAD_RESPONSE')
    expect(err.status).toBe(202)
    expect(err.message).toBe(
      'unexpected response from /v1/api/models/upload_and_convert (HTTP 202): expected `insert_models.returning[0].models[0].id` (the model version id); is the URL a Wallaroo API of a supported version?'
    )
  })

  it('is not re-sent after a 500 (it may have created a version)', async () => {
    server.handler = (_req, res) =>
      json(res, 500, {
        msg: 'Internal Server Error: Insufficient memory available for model upload. Try again later or contact your Wallaroo administrator to provision additional memory.',
        code: 500
      })
    const { client: c, sleeps } = client()
    const err = await failure(c.uploadModel({ metadata, file, fileName: 'm.onnx' }))
    expect(err.code).toBe('SERVER_ERROR')
    expect(err.attempts).toBe(1)
    expect(err.serverMessage).toContain('Insufficient memory available for model upload')
    expect(server.received).toHaveLength(1)
    expect(sleeps).toEqual([])
  })
})

describe('errors', () => {
  it('carry status, endpoint, the server msg, a stable code and the request id', async () => {
    server.handler = (_req, res) => json(res, 409, { msg: 'pipeline is still deployed', code: 409 }, { 'x-request-id': 'req-42' })
    const err = await failure(client().client.deletePipeline('p1', 7))
    expect(err.message).toBe('HTTP 409 from /v1/api/pipelines/delete_pipeline: pipeline is still deployed')
    expect(err).toMatchObject({
      code: 'CONFLICT',
      status: 409,
      endpoint: '/v1/api/pipelines/delete_pipeline',
      serverMessage: 'pipeline is still deployed',
      requestId: 'req-42',
      attempts: 1,
      body: { msg: 'pipeline is still deployed', code: 409 }
    })
  })

  it.each([
    [400, 'BAD_REQUEST'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [415, 'BAD_REQUEST']
  ])('maps HTTP %i to %s', async (status, code) => {
    server.handler = (_req, res) => json(res, status, { msg: 'nope', code: status })
    const err = await failure(client().client.createWorkspace('ws'))
    expect(err.code).toBe(code)
    expect(err.status).toBe(status)
  })

  it('keeps a non-JSON error body as text, truncated to 500 characters', async () => {
    const html = `<html>${'x'.repeat(2000)}</html>`
    server.handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' })
      res.end(html)
    }
    const err = await failure(client().client.createWorkspace('ws'))
    expect(err.serverMessage).toBe(`${html.slice(0, 500)}…`)
    expect(err.message).toBe(`HTTP 400 from /v1/api/workspaces/create: ${html.slice(0, 500)}…`)
  })

  it('says so when the error body is empty', async () => {
    server.handler = (_req, res) => {
      res.writeHead(403)
      res.end()
    }
    const err = await failure(client().client.createWorkspace('ws'))
    expect(err.message).toBe('HTTP 403 from /v1/api/workspaces/create: (no message in the response body)')
    expect(err.serverMessage).toBeUndefined()
  })

  it('reports a 2xx that is not JSON as BAD_RESPONSE', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>login page</html>')
    }
    const err = await failure(client().client.listWorkspaces())
    expect(err.code).toBe('BAD_RESPONSE')
    expect(err.message).toContain('the body is not JSON: "<html>login page</html>"')
  })

  it('reports a 2xx of the wrong shape as BAD_RESPONSE', async () => {
    server.handler = (_req, res) => json(res, 200, { id: 'fourteen' })
    const err = await failure(client().client.deployPipeline({ deploy_id: 'p', pipeline_version_pk_id: 1 }))
    expect(err.code).toBe('BAD_RESPONSE')
    expect(err.message).toContain('expected a JSON object with numeric `id` (the deployment id)')
  })
})

describe('retries', () => {
  /** Answers with `failures` in order, then `ok`. */
  function sequence(failures: Array<(res: http.ServerResponse) => void>, ok: (res: http.ServerResponse) => void): Handler {
    let n = 0
    return (_req, res) => (n < failures.length ? failures[n++](res) : ok(res))
  }
  const unavailable =
    (headers: Record<string, string> = {}) =>
    (res: http.ServerResponse) =>
      json(res, 503, { msg: 'upstream connect error', code: 503 }, headers)
  const ok = (res: http.ServerResponse) => json(res, 200, { workspaces: [] })

  it('retries a read on 503 with capped exponential backoff', async () => {
    server.handler = sequence([unavailable(), unavailable(), unavailable()], ok)
    const { client: c, sleeps } = client()
    expect(await c.listWorkspaces()).toEqual({ workspaces: [] })
    expect(sleeps).toEqual([500, 1000, 2000])
    expect(server.received).toHaveLength(4)
  })

  it('gives up after the attempt budget with UNAVAILABLE and the number of sends', async () => {
    server.handler = (_req, res) => unavailable()(res)
    const { client: c, sleeps } = client({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 } })
    const err = await failure(c.listWorkspaces())
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.attempts).toBe(3)
    expect(sleeps).toEqual([100, 150])
  })

  it('honours Retry-After seconds on 429 and 503', async () => {
    server.handler = sequence([(res) => json(res, 429, { msg: 'slow down', code: 429 }, { 'retry-after': '3' }), unavailable({ 'retry-after': '1' })], ok)
    const { client: c, sleeps } = client()
    await c.listWorkspaces()
    expect(sleeps).toEqual([3000, 1000])
  })

  it('honours a Retry-After HTTP date against the injected clock, capped at maxRetryAfterMs', async () => {
    const now = Date.parse('2026-01-06T16:00:00Z')
    server.handler = sequence(
      [(res) => json(res, 429, {}, { 'retry-after': 'Tue, 06 Jan 2026 16:00:05 GMT' }), (res) => json(res, 429, {}, { 'retry-after': '3600' })],
      ok
    )
    const { client: c, sleeps } = client({ now: () => now, retry: { maxRetryAfterMs: 20_000 } })
    await c.listWorkspaces()
    expect(sleeps).toEqual([5000, 20_000])
  })

  it('retries 408 and 502 for idempotent calls such as undeploy', async () => {
    server.handler = sequence([(res) => json(res, 408, {}), (res) => json(res, 502, {})], (res) => json(res, 200, {}))
    const { client: c } = client()
    await c.undeployPipeline({ deployment_id: 1 })
    expect(server.received).toHaveLength(3)
  })

  it('does not retry a 4xx read', async () => {
    server.handler = (_req, res) => json(res, 400, { msg: 'bad', code: 400 })
    const err = await failure(client().client.listWorkspaces())
    expect(err.attempts).toBe(1)
    expect(server.received).toHaveLength(1)
  })

  it.each([
    ['createWorkspace', (c: WallarooClient) => c.createWorkspace('ws')],
    ['createPipeline', (c: WallarooClient) => c.createPipeline('p', 1, {})],
    ['copyPipeline', (c: WallarooClient) => c.copyPipeline({ name: 'c', workspace_id: 1, source_pipeline: 2 })],
    ['deletePipeline', (c: WallarooClient) => c.deletePipeline('p', 1)]
  ])('never re-sends %s after a 500, 503 or 429', async (_name, call) => {
    for (const status of [500, 503, 429]) {
      server.received.length = 0
      server.handler = (_req, res) => json(res, status, { msg: 'boom', code: status }, { 'retry-after': '1' })
      const { client: c, sleeps } = client()
      const err = await failure(call(c))
      expect(err.attempts).toBe(1)
      expect(server.received).toHaveLength(1)
      expect(sleeps).toEqual([])
    }
  })

  it('retries a read after a connection reset, but never a create', async () => {
    let resets = 1
    server.handler = (_req, res) => {
      if (resets-- > 0) res.socket?.destroy()
      else json(res, 200, { workspaces: [] })
    }
    const { client: c, sleeps } = client()
    expect(await c.listWorkspaces()).toEqual({ workspaces: [] })
    expect(sleeps).toEqual([500])

    server.received.length = 0
    server.handler = (_req, res) => void res.socket?.destroy()
    const err = await failure(client().client.createWorkspace('ws'))
    expect(err.code).toBe('NETWORK')
    expect(err.attempts).toBe(1)
    expect(server.received).toHaveLength(1)
    // The connection was made and then cut: not a wrong URL, and the create may have been received.
    expect(err.message).toMatch(
      /^the connection for POST http:\/\/127\.0\.0\.1:\d+\/v1\/api\/workspaces\/create broke before an answer came: .+ \(1 attempt\); the server may have received the request; check the network between this machine and the server \(a proxy may cut connections\)$/
    )
    expect(err.connectFailed).toBe(false)
  })

  it('retries a create only when the connection was refused (nothing was sent)', async () => {
    let refusals = 2
    const fetchImpl: typeof fetch = async (input, init) => {
      if (refusals-- > 0) {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) })
      }
      return fetch(input, init)
    }
    server.handler = (_req, res) => json(res, 200, { workspace_id: 3 })
    const { client: c, sleeps } = client({ fetch: fetchImpl })
    expect(await c.createWorkspace('ws')).toEqual({ workspace_id: 3 })
    expect(sleeps).toEqual([500, 1000])
    expect(server.received).toHaveLength(1)
  })

  it('reports NETWORK after retrying a closed port', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { client: c, sleeps } = client({ url: `http://127.0.0.1:${port}` })
    const err = await failure(c.listWorkspaces())
    expect(err.code).toBe('NETWORK')
    expect(err.status).toBeUndefined()
    expect(err.attempts).toBe(4)
    expect(sleeps).toEqual([500, 1000, 2000])
    expect(err.message).toBe(
      `could not reach POST http://127.0.0.1:${port}/v1/api/workspaces/list: connect ECONNREFUSED 127.0.0.1:${port} (4 attempts); check the URL and that the server is up`
    )
  })

  it('times out a silent server with TIMEOUT, and does not re-send a create', async () => {
    server.handler = () => {} // never answers
    const { client: c } = client({ requestTimeoutMs: 50 })
    const err = await failure(c.createPipeline('p', 1, {}))
    expect(err.code).toBe('TIMEOUT')
    expect(err.attempts).toBe(1)
    expect(err.endpoint).toBe('/v1/api/pipelines/create')
    expect(err.message).toMatch(/^no response from POST http:\/\/127\.0\.0\.1:\d+\/v1\/api\/pipelines\/create within 50 ms \(1 attempt\)/)
    expect(server.received).toHaveLength(1)
  })

  it('retries a read that timed out', async () => {
    let silent = 1
    server.handler = (_req, res) => (silent-- > 0 ? undefined : json(res, 200, { workspaces: [] }))
    // The answered retry must come back within the timeout too: 50 ms is less than a loaded machine (or a GC of this
    // jest worker, which also runs the server) may take for it, so it would time out as well.
    const { client: c, sleeps } = client({ requestTimeoutMs: 1000 })
    expect(await c.listWorkspaces()).toEqual({ workspaces: [] })
    expect(sleeps).toEqual([500])
  })
})

describe('401 handling', () => {
  /** Keycloak + API on one server: tokens are numbered; the API accepts only `valid` ones. */
  function withKeycloak(valid: (token: string) => boolean, reply: (req: Received, res: http.ServerResponse) => void): Handler {
    let n = 0
    return (req, res) => {
      if (req.path === TOKEN_PATH) {
        n++
        return json(res, 200, { access_token: `tok-${n}`, expires_in: 3600, refresh_token: `ref-${n}`, token_type: 'Bearer' })
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
      if (!valid(token)) return json(res, 401, { msg: 'Unauthorized', code: 401 })
      reply(req, res)
    }
  }

  function passwordClient(): WallarooClient {
    const tokens = new TokenProvider({ authUrl: server.base, credentials: { kind: 'password', username: 'u', password: 'pw12' } })
    return client({ tokens }).client
  }

  it('renews the token and re-sends once, even for a create', async () => {
    server.handler = withKeycloak(
      (t) => t !== 'tok-1',
      (_req, res) => json(res, 200, { workspace_id: 5 })
    )
    expect(await passwordClient().createWorkspace('ws')).toEqual({ workspace_id: 5 })
    expect(apiCalls().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2'])
    // The renewal used the refresh grant.
    expect(server.received.filter((r) => r.path === TOKEN_PATH).map((r) => new URLSearchParams(r.body.toString()).get('grant_type'))).toEqual([
      'password',
      'refresh_token'
    ])
  })

  it('gives up with UNAUTHORIZED after the single re-send', async () => {
    server.handler = withKeycloak(
      () => false,
      () => {}
    )
    const err = await failure(passwordClient().listWorkspaces())
    expect(err.code).toBe('UNAUTHORIZED')
    expect(err.status).toBe(401)
    expect(err.attempts).toBe(2)
    expect(apiCalls()).toHaveLength(2)
  })

  it('a given token that is refused is not re-sent: it cannot be renewed', async () => {
    server.handler = (_req, res) => json(res, 401, { msg: 'Unauthorized', code: 401 })
    const err = await failure(client().client.listWorkspaces())
    expect(err.code).toBe('UNAUTHORIZED')
    expect(err.attempts).toBe(1)
    expect(apiCalls()).toHaveLength(1)
  })

  it('does not spend the retry budget on the 401 re-send', async () => {
    let n = 0
    server.handler = withKeycloak(
      (t) => t !== 'tok-1',
      (_req, res) => (++n <= 3 ? json(res, 503, {}) : json(res, 200, { workspaces: [] }))
    )
    expect(await passwordClient().listWorkspaces()).toEqual({ workspaces: [] })
    expect(apiCalls()).toHaveLength(5)
  })
})

describe('infer', () => {
  const url = () => `${server.base}/v1/api/pipelines/infer/p1-14/p1`

  it('posts pandas-records JSON with the query parameters and returns the raw answer with its latency', async () => {
    const answer = [{ time: 1, out: { dense_1: [0.5] } }]
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    }
    const rows = JSON.stringify([{ tensor: [1, 2, 3] }])
    const result = await client().client.infer({
      url: url(),
      format: 'pandas-records',
      body: rows,
      dataset: ['*', 'metadata.elapsed'],
      exclude: ['metadata'],
      separator: '.'
    })
    const [req] = server.received
    expect(req.path).toBe('/v1/api/pipelines/infer/p1-14/p1')
    expect(req.query.getAll('dataset[]')).toEqual(['*', 'metadata.elapsed'])
    expect(req.query.getAll('dataset.exclude[]')).toEqual(['metadata'])
    expect(req.query.get('dataset.separator')).toBe('.')
    expect(req.headers['content-type']).toBe('application/json; format=pandas-records')
    expect(req.headers.accept).toBe('application/json; format=pandas-records')
    expect(req.headers.format).toBeUndefined()
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req.body.toString()).toBe(rows)
    expect(result.status).toBe(200)
    expect(result.contentType).toBe('application/json')
    expect(JSON.parse(new TextDecoder().decode(result.body))).toEqual(answer)
    expect(result.latencyMs).toBeGreaterThan(0)
  })

  it('posts Arrow bytes with the Arrow content type, Accept and the SDK’s `format: arrow` header', async () => {
    const bytes = new Uint8Array([65, 82, 82, 79, 87, 49, 0, 0, 255])
    server.handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.apache.arrow.file' })
      res.end(req.body)
    }
    const result = await client().client.infer({ url: url(), format: 'arrow', body: bytes })
    const [req] = server.received
    expect(req.headers['content-type']).toBe('application/vnd.apache.arrow.file')
    expect(req.headers.accept).toBe('application/vnd.apache.arrow.file')
    expect(req.headers.format).toBe('arrow')
    expect(req.url).toBe('/v1/api/pipelines/infer/p1-14/p1')
    expect([...result.body]).toEqual([...bytes])
    expect(result.contentType).toBe('application/vnd.apache.arrow.file')
  })

  it('turns an engine error into WallarooApiError with the `error` text', async () => {
    server.handler = (_req, res) => json(res, 400, { code: 400, status: 'error', error: 'tensor values may not be null', source: 'engine' })
    const err = await failure(client().client.infer({ url: url(), format: 'pandas-records', body: '[]' }))
    expect(err).toMatchObject({
      code: 'BAD_REQUEST',
      status: 400,
      endpoint: '/v1/api/pipelines/infer/p1-14/p1',
      serverMessage: 'tensor values may not be null',
      attempts: 1
    })
    expect(err.message).toBe('HTTP 400 from /v1/api/pipelines/infer/p1-14/p1: tensor values may not be null')
  })

  const activating = (res: http.ServerResponse) =>
    json(res, 503, {
      code: 503,
      status: 'error',
      error: 'The resources required to run this request are not available. Please check the inference endpoint status and try again',
      source: 'engine'
    })

  it('sends once by default, so a 503 reaches the caller', async () => {
    server.handler = (_req, res) => activating(res)
    const { client: c, sleeps } = client()
    const err = await failure(c.infer({ url: url(), format: 'pandas-records', body: '[]' }))
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.serverMessage).toContain('resources required to run this request are not available')
    expect(server.received).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('with retryUnavailable, waits out the activation 503s with backoff', async () => {
    let n = 0
    server.handler = (_req, res) => (++n <= 2 ? activating(res) : json(res, 200, []))
    const { client: c, sleeps } = client()
    const result = await c.infer({ url: url(), format: 'pandas-records', body: '[]', retryUnavailable: true })
    expect(result.status).toBe(200)
    expect(sleeps).toEqual([500, 1000])
  })

  it('rejects a relative inference URL with a hint', async () => {
    await expect(client().client.infer({ url: '/v1/api/pipelines/infer/x', format: 'arrow', body: new Uint8Array() })).rejects.toThrow(
      'the inference URL "/v1/api/pipelines/infer/x" is not an absolute URL; use the one getExternalUrl() returns'
    )
  })
})

describe('debug output', () => {
  it('reports each send and retry without the token', async () => {
    let n = 0
    server.handler = (_req, res) => (++n === 1 ? json(res, 503, {}) : json(res, 200, { workspaces: [] }))
    const { client: c, debug } = client()
    await c.listWorkspaces()
    expect(debug).toEqual([
      'POST /v1/api/workspaces/list → 503 in ' + debug[0].split(' in ')[1],
      'POST /v1/api/workspaces/list: HTTP 503; retrying in 500 ms (attempt 1 of 4)',
      'POST /v1/api/workspaces/list → 200 in ' + debug[2].split(' in ')[1]
    ])
    expect(debug[0]).toMatch(/ in \d+ ms \(attempt 1\)$/)
    expect(debug.join('\n')).not.toContain(TOKEN)
  })
})

/*
 * Retry classes: pipelines/deploy (an upsert keyed by the pipeline, §8.1/§11.4) is retried like a read, creates
 * are still never re-sent, and an inference 500 from the engine is sent once even with retryUnavailable (it is
 * deterministic), while 502/503/504 are waited out.
 */
describe('retry classes', () => {
  type Reply = (res: http.ServerResponse) => void
  const reply =
    (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
    (res) =>
      json(res, status, body, headers)
  const reset: Reply = (res) => void res.socket?.destroy()
  /** Answers with `replies` in order, then with `fallback`. */
  function scripted(replies: Reply[], fallback: Reply): Handler {
    const queue = [...replies]
    return (_req, res) => (queue.shift() ?? fallback)(res)
  }
  const paths = () => server.received.map((r) => r.path)

  const deploy = (c: WallarooClient) => c.deployPipeline({ deploy_id: 'ccfraud', pipeline_version_pk_id: 29, pipeline_id: 3 })

  describe('pipelines/deploy is retried like an idempotent call', () => {
    it('after 500, 502 and 503, with capped backoff, and returns the same deployment id', async () => {
      server.handler = scripted([reply(500, { msg: 'boom', code: 500 }), reply(502, {}), reply(503, { msg: 'upstream', code: 503 })], reply(200, { id: 14 }))
      const { client: c, sleeps } = client()
      await expect(deploy(c)).resolves.toEqual({ id: 14 })
      expect(paths()).toEqual(Array(4).fill('/v1/api/pipelines/deploy'))
      expect(sleeps).toEqual([500, 1000, 2000])
    })

    it('honours Retry-After on 429, and retries 408', async () => {
      server.handler = scripted([reply(429, { msg: 'slow down', code: 429 }, { 'retry-after': '3' }), reply(408, {})], reply(200, { id: 14 }))
      const { client: c, sleeps } = client()
      await expect(deploy(c)).resolves.toEqual({ id: 14 })
      expect(sleeps).toEqual([3000, 1000])
    })

    it('re-sends after a connection reset (the answer was lost, not the deployment)', async () => {
      server.handler = scripted([reset], reply(200, { id: 14 }))
      const { client: c, sleeps } = client()
      await expect(deploy(c)).resolves.toEqual({ id: 14 })
      expect(paths()).toHaveLength(2)
      expect(sleeps).toEqual([500])
    })

    it('gives up after the attempt budget with the number of sends', async () => {
      server.handler = scripted([], reply(503, { msg: 'upstream', code: 503 }))
      const err = await failure(deploy(client().client))
      expect([err.code, err.attempts, paths().length]).toEqual(['UNAVAILABLE', 4, 4])
    })

    it('a 400 is not retried', async () => {
      server.handler = scripted([], reply(400, { msg: 'bad engine_config', code: 400 }))
      const err = await failure(deploy(client().client))
      expect([err.code, err.attempts]).toEqual(['BAD_REQUEST', 1])
    })
  })

  describe('creates are still never re-sent once they may have reached the server', () => {
    it.each([
      ['workspaces/create', (c: WallarooClient) => c.createWorkspace('ws')],
      ['pipelines/create', (c: WallarooClient) => c.createPipeline('p', 1, {})],
      ['pipelines/copy', (c: WallarooClient) => c.copyPipeline({ name: 'c', workspace_id: 1, source_pipeline: 2 })],
      [
        'models/upload_and_convert',
        (c: WallarooClient) =>
          c.uploadModel({
            metadata: { name: 'm', visibility: 'private', workspace_id: 1, conversion: { framework: 'onnx', requirements: [] } } as never,
            file: new Uint8Array([1]),
            fileName: 'm.onnx'
          })
      ]
    ])('%s after a 503 or a reset', async (_label, call) => {
      for (const answer of [reply(503, { msg: 'upstream', code: 503 }), reset]) {
        server.received.length = 0
        server.handler = scripted([], answer)
        const { client: c, sleeps } = client()
        const err = await failure(call(c))
        expect([err.attempts, paths().length, sleeps]).toEqual([1, 1, []])
      }
    })
  })

  describe('inference with retryUnavailable', () => {
    const url = () => `${server.base}/v1/api/pipelines/infer/two-3/two`
    const infer = (c: WallarooClient) => c.infer({ url: url(), format: 'pandas-records', body: '[]', retryUnavailable: true })

    it('sends an engine 500 once: the engine would fail the same way again', async () => {
      server.handler = scripted(
        [],
        reply(500, { code: 500, status: 'error', error: 'Internal processing error: pipeline step 2 failed: invalid dimensions', source: 'engine' })
      )
      const { client: c, sleeps } = client()
      const err = await failure(infer(c))
      expect([err.code, err.attempts, paths().length, sleeps]).toEqual(['SERVER_ERROR', 1, 1, []])
      expect(err.serverMessage).toContain('pipeline step 2 failed')
    })

    it('waits out 502, 503 and 504, and a connection reset', async () => {
      server.handler = scripted(
        [reply(502, {}), reply(503, { code: 503, status: 'error', error: 'not available', source: 'engine' }), reply(504, {})],
        reply(200, [{ out: { y: [1] } }])
      )
      const { client: c, sleeps } = client()
      expect((await infer(c)).status).toBe(200)
      expect(sleeps).toEqual([500, 1000, 2000])

      server.received.length = 0
      server.handler = scripted([reset], reply(200, [{ out: { y: [1] } }]))
      const again = client()
      expect((await infer(again.client)).status).toBe(200)
      expect(paths()).toHaveLength(2)
    })
  })
})
