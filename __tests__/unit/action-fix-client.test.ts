/**
 * Retry classes against a loopback server: pipelines/deploy (an upsert keyed by the pipeline, §8.1/§11.4) is
 * retried like a read, creates are still never re-sent, and an inference 500 from the engine is sent once even
 * with retryUnavailable (it is deterministic), while 502/503/504 are waited out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { TokenProvider } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'

type Reply = (res: http.ServerResponse) => void

let base = ''
let server: http.Server
let paths: string[] = []
let replies: Reply[] = []
let fallback: Reply

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      paths.push(new URL(req.url ?? '/', 'http://x').pathname)
      ;(replies.shift() ?? fallback)(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  paths = []
  replies = []
  fallback = json(200, {})
})

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
}
const reset: Reply = (res) => void res.socket?.destroy()

function client(): { c: WallarooClient; sleeps: number[] } {
  const sleeps: number[] = []
  const c = new WallarooClient({
    url: base,
    tokens: new TokenProvider({ authUrl: base, credentials: { kind: 'token', token: 'static-token-xyz' } }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1
  })
  return { c, sleeps }
}

async function failure(p: Promise<unknown>): Promise<WallarooApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err
  )
  expect(e).toBeInstanceOf(WallarooApiError)
  return e as WallarooApiError
}

const deploy = (c: WallarooClient) => c.deployPipeline({ deploy_id: 'ccfraud', pipeline_version_pk_id: 29, pipeline_id: 3 })

describe('pipelines/deploy is retried like an idempotent call', () => {
  it('after 500, 502 and 503, with capped backoff, and returns the same deployment id', async () => {
    replies = [json(500, { msg: 'boom', code: 500 }), json(502, {}), json(503, { msg: 'upstream', code: 503 })]
    fallback = json(200, { id: 14 })
    const { c, sleeps } = client()
    await expect(deploy(c)).resolves.toEqual({ id: 14 })
    expect(paths).toEqual(Array(4).fill('/v1/api/pipelines/deploy'))
    expect(sleeps).toEqual([500, 1000, 2000])
  })

  it('honours Retry-After on 429, and retries 408', async () => {
    replies = [json(429, { msg: 'slow down', code: 429 }, { 'retry-after': '3' }), json(408, {})]
    fallback = json(200, { id: 14 })
    const { c, sleeps } = client()
    await expect(deploy(c)).resolves.toEqual({ id: 14 })
    expect(sleeps).toEqual([3000, 1000])
  })

  it('re-sends after a connection reset (the answer was lost, not the deployment)', async () => {
    replies = [reset]
    fallback = json(200, { id: 14 })
    const { c, sleeps } = client()
    await expect(deploy(c)).resolves.toEqual({ id: 14 })
    expect(paths).toHaveLength(2)
    expect(sleeps).toEqual([500])
  })

  it('gives up after the attempt budget with the number of sends', async () => {
    fallback = json(503, { msg: 'upstream', code: 503 })
    const err = await failure(deploy(client().c))
    expect([err.code, err.attempts, paths.length]).toEqual(['UNAVAILABLE', 4, 4])
  })

  it('a 400 is not retried', async () => {
    fallback = json(400, { msg: 'bad engine_config', code: 400 })
    const err = await failure(deploy(client().c))
    expect([err.code, err.attempts]).toEqual(['BAD_REQUEST', 1])
  })
})

describe('creates are still never re-sent once they may have reached the server', () => {
  it.each([
    ['workspaces/create', (c: WallarooClient) => c.createWorkspace('ws')],
    ['pipelines/create', (c: WallarooClient) => c.createPipeline('p', 1, {})],
    ['pipelines/copy', (c: WallarooClient) => c.copyPipeline({ name: 'c', workspace_id: 1, source_pipeline: 2 })],
    ['models/upload_and_convert', (c: WallarooClient) => c.uploadModel({ metadata: { name: 'm', visibility: 'private', workspace_id: 1, conversion: { framework: 'onnx', requirements: [] } } as never, file: new Uint8Array([1]), fileName: 'm.onnx' })]
  ])('%s after a 503 or a reset', async (_label, call) => {
    for (const reply of [json(503, { msg: 'upstream', code: 503 }), reset]) {
      paths = []
      fallback = reply
      const { c, sleeps } = client()
      const err = await failure(call(c))
      expect([err.attempts, paths.length, sleeps]).toEqual([1, 1, []])
    }
  })
})

describe('inference with retryUnavailable', () => {
  const url = () => `${base}/v1/api/pipelines/infer/two-3/two`
  const infer = (c: WallarooClient) => c.infer({ url: url(), format: 'pandas-records', body: '[]', retryUnavailable: true })

  it('sends an engine 500 once: the engine would fail the same way again', async () => {
    fallback = json(500, { code: 500, status: 'error', error: 'Internal processing error: pipeline step 2 failed: invalid dimensions', source: 'engine' })
    const { c, sleeps } = client()
    const err = await failure(infer(c))
    expect([err.code, err.attempts, paths.length, sleeps]).toEqual(['SERVER_ERROR', 1, 1, []])
    expect(err.serverMessage).toContain('pipeline step 2 failed')
  })

  it('waits out 502, 503 and 504, and a connection reset', async () => {
    replies = [json(502, {}), json(503, { code: 503, status: 'error', error: 'not available', source: 'engine' }), json(504, {})]
    fallback = json(200, [{ out: { y: [1] } }])
    const { c, sleeps } = client()
    expect((await infer(c)).status).toBe(200)
    expect(sleeps).toEqual([500, 1000, 2000])

    paths = []
    replies = [reset]
    const again = client()
    expect((await infer(again.c)).status).toBe(200)
    expect(paths).toHaveLength(2)
  })
})
