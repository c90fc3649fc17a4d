/**
 * The request timeout of a model streamed from disk counts from the last progress, not from the start: an upload
 * that takes longer than `requestTimeoutMs` but keeps moving completes; one the server stops reading fails with
 * TIMEOUT ("no progress"), and both stay within the caller's deadline. Against a loopback server that reads slowly.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TokenProvider } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'

const MiB = 1024 * 1024
let dir = ''
let file = ''
let sha = ''
let server: http.Server
/** How the server reads: 'slow' pauses between pieces, 'stall' stops after the first piece. */
let mode: 'slow' | 'stall' = 'slow'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upload-progress-'))
  file = join(dir, 'model.bin')
  const bytes = new Uint8Array(24 * MiB).map((_, i) => i % 251)
  writeFileSync(file, bytes)
  sha = createHash('sha256').update(bytes).digest('hex')
  server = http.createServer((req, res) => {
    let got = 0
    req.on('data', (c: Buffer) => {
      got += c.length
      req.pause()
      if (mode === 'slow') setTimeout(() => req.resume(), 5)
    })
    req.on('end', () => {
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ insert_models: { returning: [{ models: [{ id: got }] }] } }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
  rmSync(dir, { recursive: true, force: true })
})

function client(requestTimeoutMs: number): WallarooClient {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return new WallarooClient({
    url,
    tokens: new TokenProvider({ authUrl: url, credentials: { kind: 'token', token: 'static-token-1234' } }),
    requestTimeoutMs,
    remainingMs: () => 60_000
  })
}

const upload = (c: WallarooClient) =>
  c.uploadModel({
    metadata: { name: 'm', visibility: 'private', workspace_id: 1, conversion: { framework: 'python', python_version: '3.8', requirements: [] } },
    file: { path: file },
    fileName: 'model.bin'
  })

describe('a streamed upload under a request timeout', () => {
  it('that keeps moving completes, however long it takes in all', async () => {
    mode = 'slow'
    // 24 MiB read in small pieces with a pause after each: far more than 1 s in all, never 1 s without progress.
    const started = Date.now()
    const result = await upload(client(1000))
    // The point of the test: the upload outlasted the timeout (a slower machine only makes it longer).
    expect(Date.now() - started).toBeGreaterThan(1000)
    expect(result.sha256).toBe(sha)
    expect(result.modelVersionId).toBeGreaterThan(24 * MiB)
  }, 60_000)

  it('that the server stops reading fails with TIMEOUT, naming the missing progress', async () => {
    mode = 'stall'
    const err = await upload(client(400)).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(WallarooApiError)
    expect((err as WallarooApiError).code).toBe('TIMEOUT')
  }, 60_000)
})
