/**
 * A scripted HTTP server on 127.0.0.1 (port 0) for the client and auth unit tests: it records every request and
 * answers with whatever `handler` the test sets. One server per test file; started in beforeAll, closed in afterAll.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the server received it. */
export interface ReceivedRequest {
  method: string
  /** The request target as sent (path and query). */
  url: string
  /** The path without the query. */
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** The body read as an application/x-www-form-urlencoded form. */
  form: URLSearchParams
}

/** Answers one request. */
export type RequestHandler = (req: ReceivedRequest, res: http.ServerResponse) => void

/** The running server: its base URL, what it received in the current test, and the handler answering it. */
export interface LoopbackServer {
  readonly base: string
  readonly received: ReceivedRequest[]
  handler: RequestHandler
}

/** Writes a JSON answer (an empty body for `undefined`). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}

/** Starts the server for the file's tests; before each test it forgets what it received and answers with `initialHandler()`. */
export function useLoopbackServer(initialHandler: () => RequestHandler): LoopbackServer {
  let server: http.Server
  const state: { base: string; received: ReceivedRequest[]; handler: RequestHandler } = { base: '', received: [], handler: initialHandler() }
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x')
        const body = Buffer.concat(chunks)
        const r: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          form: new URLSearchParams(body.toString('utf8'))
        }
        state.received.push(r)
        state.handler(r, res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  beforeEach(() => {
    state.received.length = 0
    state.handler = initialHandler()
  })
  return state
}
