import { describe, it, expect } from '@jest/globals'
import { FaultRegistry, parseFaultSpec } from '../../src/emulator/faults.js'
import { ApiError } from '../../src/emulator/http.js'

describe('fault rules', () => {
  it('matches exact paths, globs and regexes, and the method when given', () => {
    const f = new FaultRegistry()
    f.add(parseFaultSpec({ route: '/v1/api/pipelines/deploy', method: 'post', status: 500 }))
    f.add(parseFaultSpec({ route: '/v1/api/pipelines/infer/*', status: 503 }))
    f.add(parseFaultSpec({ route: '/^\\/auth\\//', status: 502 }))
    expect(f.take('GET', '/v1/api/pipelines/deploy')).toBeNull()
    expect(f.take('POST', '/v1/api/pipelines/deploy')?.status).toBe(500)
    expect(f.take('POST', '/v1/api/pipelines/infer/p-1/p')?.status).toBe(503)
    expect(f.take('POST', '/auth/realms/master/protocol/openid-connect/token')?.status).toBe(502)
    expect(f.take('POST', '/v1/api/workspaces/list')).toBeNull()
  })

  it('applies for `count` calls only', () => {
    const f = new FaultRegistry()
    f.add(parseFaultSpec({ route: '/x', status: 500, count: 2 }))
    expect([f.take('POST', '/x'), f.take('POST', '/x'), f.take('POST', '/x')].map((r) => r?.status ?? null)).toEqual([500, 500, null])
    expect(f.list()[0]).toMatchObject({ hits: 2, remaining: 0 })
  })

  it('replays the same hit sequence for the same seed', () => {
    const run = (seed: number): boolean[] => {
      const f = new FaultRegistry()
      f.add(parseFaultSpec({ route: '/x', status: 500, probability: 0.5, seed }))
      return Array.from({ length: 40 }, () => f.take('POST', '/x') !== null)
    }
    const a = run(7)
    expect(run(7)).toEqual(a)
    expect(a.filter(Boolean).length).toBeGreaterThan(5)
    expect(a.filter(Boolean).length).toBeLessThan(35)
    expect(run(8)).not.toEqual(a)
  })

  it('clears every rule', () => {
    const f = new FaultRegistry()
    f.add(parseFaultSpec({ route: '/x', status: 500 }))
    f.clear()
    expect(f.take('POST', '/x')).toBeNull()
    expect(f.list()).toEqual([])
  })

  it.each([
    [{ status: 500 }, "invalid field 'route'"],
    [{ route: '/x', status: 42 }, "invalid field 'status'"],
    [{ route: '/x', status: 500, probability: 2 }, "invalid field 'probability'"],
    [{ route: '/x', status: 500, count: -1 }, "invalid field 'count'"],
    [{ route: '/x' }, "needs 'status'"],
    [{ route: '/(/', status: 500 }, 'bad regular expression'],
    ['nope', 'must be a JSON object']
  ])('rejects %j with a 400 saying %s', (spec, message) => {
    let err: unknown
    try {
      parseFaultSpec(spec)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(400)
    expect((err as ApiError).message).toContain(message)
  })
})
