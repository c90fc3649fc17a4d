/** Fault rules with Retry-After, afterApply and drop: what is accepted, what is refused (and why), what is answered. */
import { describe, it, expect } from '@jest/globals'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerFault, FaultRegistry, parseFaultSpec, type FaultSpec } from '../../src/emulator/faults.js'

describe('parseFaultSpec: Retry-After, afterApply, drop', () => {
  it('accepts seconds or an HTTP date for retryAfter, and booleans for afterApply and drop', () => {
    expect(parseFaultSpec({ route: '/x', status: 429, retryAfter: 7 })).toMatchObject({ status: 429, retryAfter: 7 })
    expect(parseFaultSpec({ route: '/x', status: 503, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfter).toBe('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(parseFaultSpec({ route: '/x', status: 502, afterApply: true })).toMatchObject({ afterApply: true })
    expect(parseFaultSpec({ route: '/x', drop: true })).toMatchObject({ drop: true })
    expect(parseFaultSpec({ route: '/x', drop: true, afterApply: true, count: 1 })).toMatchObject({ drop: true, afterApply: true, count: 1 })
  })

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a negative retryAfter',
      { status: 429, retryAfter: -1 },
      "invalid field 'retryAfter': expected a non-negative integer (seconds) or an HTTP date string, got number -1"
    ],
    [
      'a retryAfter with a line break',
      { status: 429, retryAfter: '1\r\nx-evil: 1' },
      "invalid field 'retryAfter': expected a non-negative integer (seconds) or an HTTP date string"
    ],
    ['retryAfter without a status', { delayMs: 5, retryAfter: 1 }, "'retryAfter' is a header of the fault answer: give 'status' too (e.g. 429 or 503)"],
    ['drop with a status', { drop: true, status: 500 }, "a fault rule with 'drop' sends no answer: leave out 'status', 'body' and 'retryAfter'"],
    ['afterApply alone', { afterApply: true }, "'afterApply' replaces the route's answer: give 'status' (the error the client sees) or 'drop' (no answer)"],
    ['drop that is not a boolean', { drop: 'yes' }, 'invalid field \'drop\': expected true or false, got string "yes"'],
    [
      'a rule that does nothing',
      {},
      "a fault rule needs 'status' (answer with it), 'drop' (close the connection without an answer) or 'delayMs' (slow the call down)"
    ]
  ])('refuses %s, naming the field', (_what, rule, message) => {
    expect(() => parseFaultSpec({ route: '/x', ...rule })).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining(message) }))
  })

  it('lists the new options with the rule', () => {
    const f = new FaultRegistry()
    f.add(parseFaultSpec({ route: '/x', status: 429, retryAfter: 3, afterApply: true }))
    expect(f.list()[0]).toMatchObject({ route: '/x', status: 429, retryAfter: 3, afterApply: true })
  })
})

describe('answerFault', () => {
  /** Answers one request with `spec` on a real socket; resolves with what the client saw. */
  async function seen(
    spec: FaultSpec,
    format: 'mlops' | 'inference' = 'mlops'
  ): Promise<{ status?: number; retryAfter?: string | null; body?: unknown; error?: string; answered: boolean }> {
    const f = new FaultRegistry()
    const rule = f.add(spec)
    let answered = false
    const server = createServer((_req, res: ServerResponse) => {
      answered = answerFault(res, format, rule)
      if (!answered) res.end('route answer')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { method: 'POST' })
      const text = await res.text()
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text.startsWith('{') ? JSON.parse(text) : text, answered }
    } catch (err) {
      return { error: (err as Error).message, answered }
    } finally {
      server.closeAllConnections()
      server.close()
    }
  }

  it("sends the rule's Retry-After, with the default body in the route's format", async () => {
    expect(await seen({ route: '/x', status: 429, retryAfter: 12 })).toEqual({
      status: 429,
      retryAfter: '12',
      body: { msg: expect.stringContaining('fault injected by the emulator (rule 1)'), code: 429 },
      answered: true
    })
    expect(await seen({ route: '/x', status: 503 }, 'inference')).toMatchObject({
      status: 503,
      retryAfter: '1',
      body: { code: 503, status: 'error', source: 'platform' }
    })
    expect(await seen({ route: '/x', status: 500, body: { custom: true }, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' })).toMatchObject({
      retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT',
      body: { custom: true }
    })
    expect((await seen({ route: '/x', status: 500 })).retryAfter).toBeNull()
  })

  it('drops the connection without an answer', async () => {
    expect(await seen({ route: '/x', drop: true })).toEqual({ error: 'fetch failed', answered: true })
  })

  it('leaves a latency-only rule to the route', async () => {
    expect(await seen({ route: '/x', delayMs: 1 })).toMatchObject({ status: 200, body: 'route answer', answered: false })
  })
})
