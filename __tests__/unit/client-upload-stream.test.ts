/**
 * WallarooClient.uploadModel({file: {path}}) streams the multipart body from disk: the server receives the file
 * intact (same sha256 and size, Content-Length sent up front), the client reports the sha256 of what it sent, a
 * re-send after a connect failure reads the file again, and the client's memory stays flat for a file far larger
 * than the bound (a sparse file, measured in a child process).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import busboy from 'busboy'
import { TokenProvider } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'
import { streamingFetch } from '../../src/wallaroo/stream-request.js'
import { PROJECT_ROOT } from '../helpers/emulator-process.js'

/** What the server saw of one upload, hashed as it streamed in (never buffered). */
interface Seen {
  metadata?: unknown
  fileName?: string
  sha: string
  size: number
  contentLength?: string
}

/** A server that takes uploads the way a real one does (busboy on the request stream) and answers 202. */
function uploadServer(): { url: () => string; seen: Seen[]; close: () => Promise<void>; listen: () => Promise<void> } {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    const entry: Seen = { sha: '', size: 0, contentLength: req.headers['content-length'] }
    const bb = busboy({ headers: req.headers })
    bb.on('field', (name, value) => {
      if (name === 'metadata') entry.metadata = JSON.parse(value)
    })
    bb.on('file', (_name, stream, info) => {
      const hash = createHash('sha256')
      entry.fileName = info.filename
      stream.on('data', (c: Buffer) => {
        hash.update(c)
        entry.size += c.length
      })
      stream.on('end', () => (entry.sha = hash.digest('hex')))
    })
    bb.on('close', () => {
      seen.push(entry)
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ insert_models: { returning: [{ models: [{ id: seen.length }] }] } }))
    })
    req.pipe(bb)
  })
  return {
    seen,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listen: () => new Promise((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}

const MiB = 1024 * 1024
let dir: string
const server = uploadServer()
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'client-upload-'))
  await server.listen()
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const client = (streamFetch?: typeof streamingFetch) =>
  new WallarooClient({
    url: server.url(),
    tokens: new TokenProvider({ authUrl: server.url(), credentials: { kind: 'token', token: 'tok' } }),
    streamFetch,
    sleep: async () => undefined
  })
const metadata = { name: 'm', visibility: 'private' as const, workspace_id: 1, conversion: { framework: 'onnx', python_version: '3.8', requirements: [] } }

describe('uploadModel from a path', () => {
  it('streams the file with a Content-Length, and the server gets it intact', async () => {
    const bytes = Buffer.alloc(3 * MiB + 123)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251
    const path = join(dir, 'model.onnx')
    writeFileSync(path, bytes)
    const sha = createHash('sha256').update(bytes).digest('hex')
    const result = await client().uploadModel({ metadata, file: { path }, fileName: 'model.onnx' })
    const seen = server.seen[server.seen.length - 1]
    expect(result).toEqual({ modelVersionId: server.seen.length, sha256: sha })
    expect(seen).toMatchObject({ metadata, fileName: 'model.onnx', sha, size: bytes.length })
    expect(Number(seen.contentLength)).toBeGreaterThan(bytes.length)
  })

  it('reads the file again when the first send never connected', async () => {
    const path = join(dir, 'small.onnx')
    writeFileSync(path, 'tiny model')
    let calls = 0
    const flaky: typeof streamingFetch = async (url, init) => {
      if (++calls === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      return streamingFetch(url, init)
    }
    const result = await client(flaky).uploadModel({ metadata, file: { path }, fileName: 'small.onnx' })
    expect(calls).toBe(2)
    expect(result.sha256).toBe(createHash('sha256').update('tiny model').digest('hex'))
    expect(server.seen[server.seen.length - 1]).toMatchObject({ sha: result.sha256, size: 10 })
  })

  it('keeps the memory flat for a 1 GiB sparse file (child process, RSS growth well under the file size)', async () => {
    const size = 1024 * MiB
    const path = join(dir, 'sparse.bin')
    const fd = openSync(path, 'w')
    ftruncateSync(fd, size)
    closeSync(fd)
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '__tests__/helpers/upload-child.ts', server.url(), path], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c))
    // 'close', not 'exit': the report line may still be in the pipe when the process exits.
    await new Promise((r) => child.once('close', r))
    const report = JSON.parse(out.trim().split('\n').pop()!)
    // sha256 of 1 GiB of zeros, computed the same way the server did.
    const seen = server.seen[server.seen.length - 1]
    expect(report.ok).toBe(true)
    expect(seen.size).toBe(size)
    expect(report.result.sha256).toBe(seen.sha)
    const growthMiB = (report.rssHighest - report.rssBefore) / MiB
    // Buffering the file would grow it by at least 1024 MiB; streaming keeps it to a few read buffers.
    expect(growthMiB).toBeLessThan(32)
    console.log(
      `streamed upload of 1 GiB: RSS ${Math.round(report.rssBefore / MiB)} → ${Math.round(report.rssHighest / MiB)} MiB (growth ${growthMiB.toFixed(1)} MiB), peak ${Math.round(report.maxRss / MiB)} MiB`
    )
  }, 120_000)
})
