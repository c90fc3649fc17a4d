/**
 * The client under a caller's deadline (`remainingMs`, the action's `timeout`): a send that hangs is cut when the
 * deadline comes (not at the request timeout), no retry pause is started that would end past it, a Retry-After
 * longer than what is left gives the answer so far, nothing is sent once it is gone, and signing in is bounded too.
 * Against a loopback server; the clock of the deadline is a counter the injected sleep advances.
 */
import { describe, expect, it } from '@jest/globals'
import { TokenProvider, TOKEN_PATH } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { sendJson, useLoopbackServer } from '../helpers/loopback-server.js'
import { rejectionOf } from '../helpers/thrown.js'

const server = useLoopbackServer(() => (_req, res) => sendJson(res, 200, {}))

/** A client whose deadline is `leftMs` away, counted down by its (instant) sleeps. */
function clientWithDeadline(leftMs: number, opts: { password?: boolean } = {}) {
  let left = leftMs
  const sleeps: number[] = []
  const effects = {
    sleep: async (ms: number) => {
      sleeps.push(ms)
      left -= ms
    },
    random: () => 1,
    remainingMs: () => left
  }
  const tokens = new TokenProvider({
    authUrl: server.base,
    credentials: opts.password ? { kind: 'password', username: 'u', password: 'p' } : { kind: 'token', token: 'static-token-1234' },
    ...effects
  })
  const client = new WallarooClient({ url: server.base, tokens, requestTimeoutMs: 60_000, ...effects })
  return { client, sleeps, setLeft: (ms: number) => void (left = ms) }
}

/** The WallarooApiError a call fails with. */
const failure = (p: Promise<unknown>): Promise<WallarooApiError> => rejectionOf(p, WallarooApiError)

describe('requests under a deadline', () => {
  it('a send the server never answers is cut at the deadline (50 ms), not at the 60 s request timeout', async () => {
    server.handler = () => undefined // never answers
    const { client } = clientWithDeadline(50)
    const err = await failure(client.listWorkspaces())
    expect(err.code).toBe('DEADLINE')
    expect(err.message).toMatch(
      /^the deadline ran out for POST http:\/\/127\.0\.0\.1:\d+\/v1\/api\/workspaces\/list while it was out \(1 attempt\); the server may still act on it$/
    )
  })

  it('retries 503s while the backoff fits before the deadline, then gives the last answer', async () => {
    server.handler = (_req, res) => sendJson(res, 503, { msg: 'busy', code: 503 })
    // Backoff with jitter at the top: 500 ms, then 1000 ms (which no longer fits in 1200 - 500).
    const { client, sleeps } = clientWithDeadline(1200)
    const err = await failure(client.listWorkspaces())
    expect([err.code, err.status, err.attempts]).toEqual(['UNAVAILABLE', 503, 2])
    expect(sleeps).toEqual([500])
  })

  it('a Retry-After longer than what is left is not waited for: the 429 is the answer', async () => {
    server.handler = (_req, res) => {
      res.setHeader('retry-after', '30')
      sendJson(res, 429, { msg: 'slow down', code: 429 })
    }
    const { client, sleeps } = clientWithDeadline(10_000)
    const err = await failure(client.listWorkspaces())
    expect([err.code, err.attempts]).toEqual(['RATE_LIMITED', 1])
    expect(sleeps).toEqual([])
  })

  it('a Retry-After that fits is waited for, and the call succeeds', async () => {
    let calls = 0
    server.handler = (_req, res) => {
      if (calls++ === 0) {
        res.setHeader('retry-after', '2')
        return sendJson(res, 429, { msg: 'slow down', code: 429 })
      }
      sendJson(res, 200, { workspaces: [] })
    }
    const { client, sleeps } = clientWithDeadline(10_000)
    expect(await client.listWorkspaces()).toEqual({ workspaces: [] })
    expect(sleeps).toEqual([2000])
  })

  it('once the deadline is gone, nothing is sent', async () => {
    const { client, setLeft } = clientWithDeadline(1000)
    setLeft(0)
    const before = server.received.length
    const err = await failure(client.listWorkspaces())
    expect(err.code).toBe('DEADLINE')
    expect(err.message).toContain('before it could be sent')
    expect(server.received.length).toBe(before)
  })

  it('signing in is bounded by the same deadline', async () => {
    server.handler = (req, res) => {
      if (req.path === TOKEN_PATH) return undefined // Keycloak hangs
      sendJson(res, 200, { workspaces: [] })
    }
    const { client } = clientWithDeadline(50, { password: true })
    const err = await failure(client.signIn())
    expect([err.code, err.endpoint]).toEqual(['DEADLINE', TOKEN_PATH])
  })
})
