import { describe, it, expect } from '@jest/globals'
import { DEFAULT_RETRY_POLICY, backoffDelayMs, isRetryableStatus, parseRetryAfterMs, resolveRetryPolicy } from '../../src/wallaroo/retry.js'

describe('backoffDelayMs', () => {
  const policy = { attempts: 10, baseDelayMs: 500, maxDelayMs: 8000 }

  it('doubles from the base delay and stops at the cap (upper end of the jitter)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelayMs(retry, policy, () => 1))
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
  })

  it('jitters down to half of the delay, never below', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(1000)
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1500)
  })

  it('clamps a misbehaving random source into range', () => {
    expect(backoffDelayMs(1, policy, () => 7)).toBe(500)
    expect(backoffDelayMs(1, policy, () => -3)).toBe(250)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-06T16:34:30Z')

  it('reads delta-seconds, including fractions', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000)
    expect(parseRetryAfterMs(' 1.5 ', now)).toBe(1500)
    expect(parseRetryAfterMs('0', now)).toBe(0)
  })

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfterMs('Tue, 06 Jan 2026 16:34:42 GMT', now)).toBe(12_000)
    expect(parseRetryAfterMs('Tue, 06 Jan 2026 16:00:00 GMT', now)).toBe(0)
  })

  it('returns undefined for absent or unreadable values, so the caller backs off itself', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined()
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined()
    expect(parseRetryAfterMs('', now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
    expect(parseRetryAfterMs('-5', now)).toBeUndefined()
  })
})

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true)
  })
  it.each([200, 400, 401, 403, 404, 409, 413, 501, 505])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false)
  })
})

describe('resolveRetryPolicy', () => {
  it('defaults to 4 attempts, 500 ms base, 8 s cap', () => {
    expect(resolveRetryPolicy()).toEqual({ attempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 })
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(4)
  })

  it('overrides only the given fields, ignoring explicit undefined', () => {
    expect(resolveRetryPolicy({ attempts: 1, baseDelayMs: undefined })).toMatchObject({ attempts: 1, baseDelayMs: 500 })
  })

  it('rejects nonsense with the field name in the message', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow('retry.attempts must be an integer ≥ 1, got 0')
    expect(() => resolveRetryPolicy({ maxDelayMs: -1 })).toThrow('retry.maxDelayMs must be a number ≥ 0, got -1')
  })
})
