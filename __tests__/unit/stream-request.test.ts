/**
 * streamingFetch writes a body chunk by chunk, each handed to the socket before the next is asked for: a body that
 * reads into one buffer again and again arrives intact, and a server that answers before reading the whole body
 * (413) ends the send: the answer is returned, the body's reader is closed, nothing hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { streamingFetch } from '../../src/wallaroo/stream-request.js'

const MiB = 1024 * 1024

/** `/echo-sha` hashes what it receives; `/refuse` answers 413 without reading the body. */
const server = http.createServer((req, res) => {
  if (req.url === '/refuse') {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' })
    res.end('{"msg":"too large"}')
    return
  }
  const hash = createHash('sha256')
  let size = 0
  req.on('data', (c: Buffer) => {
    hash.update(c)
    size += c.length
  })
  req.on('end', () => res.end(JSON.stringify({ sha: hash.digest('hex'), size })))
})
const url = (route: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${route}`
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())))
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections()
      server.close(() => r())
    })
)

/** `count` chunks of `size` bytes, each written into the same buffer; counts how far it was read and whether it was closed. */
function reusedBuffer(count: number, size: number) {
  const state = { pulled: 0, closed: false, expected: createHash('sha256') }
  async function* body(): AsyncGenerator<Uint8Array> {
    const buffer = Buffer.alloc(size)
    try {
      for (let i = 0; i < count; i++) {
        buffer.fill(i % 251)
        state.expected.update(buffer)
        state.pulled++
        yield buffer
      }
    } finally {
      state.closed = true
    }
  }
  return { state, body }
}

describe('streamingFetch', () => {
  it('sends a body whose chunks share one buffer intact, with the Content-Length given', async () => {
    const { state, body } = reusedBuffer(40, 256 * 1024)
    const res = await streamingFetch(url('/echo-sha'), { method: 'POST', headers: { 'content-length': String(40 * 256 * 1024) }, body: body() })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ sha: state.expected.digest('hex'), size: 40 * 256 * 1024 })
    expect(state.closed).toBe(true)
  })

  it("returns a server's early 413 and stops reading the body (the reader is closed, not drained)", async () => {
    const chunks = 2048 // 2 GiB if it were all read
    const { state, body } = reusedBuffer(chunks, MiB)
    const outcome = await streamingFetch(url('/refuse'), { method: 'POST', headers: { 'content-length': String(chunks * MiB) }, body: body() }).then(
      async (res) => ({ status: res.status, text: await res.text() }),
      (err: Error) => ({ error: err.message })
    )
    // Which one wins is the network's race: the answer if it arrived before the reset, else a network error. Never a hang.
    if ('status' in outcome) expect(outcome).toEqual({ status: 413, text: '{"msg":"too large"}' })
    else expect(outcome.error).toMatch(/ECONNRESET|EPIPE|socket hang up|closed/)
    // The reader is closed once the request's close reaches the send loop: waited for, not a fixed pause.
    for (let i = 0; i < 200 && !state.closed; i++) await new Promise((r) => setTimeout(r, 50))
    expect(state.closed).toBe(true)
    expect(state.pulled).toBeLessThan(chunks)
  }, 30_000)
})
