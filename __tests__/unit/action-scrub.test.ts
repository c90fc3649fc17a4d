/**
 * The scrubber: every known secret, in every encoding the action may write it (raw, HTML-escaped including the
 * summary's own escapes, URL- and form-encoded, JSON-escaped in several styles) and cut short, is removed from
 * text and from the run record before outputs, state and summary are written.
 */
import { describe, expect, it } from '@jest/globals'
import { newScrubber, scrubValue } from '../../src/action/report/scrub.js'
import { errorBlock, escapeCell } from '../../src/action/report/summary.js'

const PASSWORD = `p<a>s&s"w'o%rd 2`
const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url')
const TOKEN = `${part({ alg: 'RS256', typ: 'JWT', kid: 'abcdefghijklmnop' })}.${part({ sub: 'f2c1a3e4-1111-2222-3333-444455556666', email: 'ci@example.com', exp: 1999999999, iat: 1700000000 })}.${'s1gnature_'.repeat(20)}`

describe('newScrubber', () => {
  const scrubber = newScrubber()
  scrubber.add(PASSWORD)
  scrubber.add(TOKEN)

  it.each([
    ['raw', PASSWORD],
    [
      'HTML-escaped (named entities)',
      PASSWORD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    ],
    ["HTML-escaped as the summary's quote block does it", errorBlock(PASSWORD).slice(2)],
    ["HTML-escaped as the summary's table cells do it", escapeCell(PASSWORD)],
    ['URL-encoded', encodeURIComponent(PASSWORD)],
    ['form-encoded', new URLSearchParams({ p: PASSWORD }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(PASSWORD).slice(1, -1)],
    ['JSON-escaped the Go way (\\u003c)', JSON.stringify(PASSWORD).slice(1, -1).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')],
    ['the token whole', TOKEN],
    ['the token cut at 500 characters, as server texts are', `${TOKEN.slice(0, 200)}…`],
    ['the token cut inside its payload', TOKEN.slice(0, TOKEN.indexOf('.') + 30)],
    ["the token's payload alone", TOKEN.split('.')[1]]
  ])('removes the secret %s', (_what, form) => {
    const text = `server said: invalid credentials ${form} (request 42)`
    const out = scrubber.scrub(text)
    expect(out).toContain('server said: invalid credentials ')
    expect(out).toContain('(request 42)')
    expect(out).not.toContain(form)
    // Nothing of the secret's start survives either.
    expect(out).not.toContain(TOKEN.slice(0, 16))
    expect(out).not.toContain('p<a>s')
  })

  it('leaves text without secrets alone, and ignores secrets too short to replace safely', () => {
    const s = newScrubber()
    s.add('ab')
    s.add('')
    s.add(undefined)
    expect(s.scrub('a table, a cab, a label')).toBe('a table, a cab, a label')
  })

  it('catches a secret registered after the scrubber was made (tokens obtained later)', () => {
    const s = newScrubber()
    expect(s.scrub('x hunter22 y')).toBe('x hunter22 y')
    s.add('hunter22')
    expect(s.scrub('x hunter22 y')).toBe('x *** y')
  })

  it('finds a password full of <>&"\'% whatever mix of encodings each character took', () => {
    const encodings: Array<(c: string) => string> = [
      (c) => c,
      (c) => `&#${c.charCodeAt(0)};`,
      (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '\\"', "'": '&apos;', '%': '%25', ' ': '+' })[c] ?? c
    ]
    for (let seed = 0; seed < 50; seed++) {
      const mixed = [...PASSWORD].map((c, i) => encodings[(seed * 7 + i * 3) % encodings.length](c)).join('')
      expect(scrubber.scrub(`[${mixed}]`)).toBe('[***]')
    }
  })
})

describe('scrubValue', () => {
  it('scrubs every string of a record, keys included, keeping the structure (and so valid JSON)', () => {
    const s = newScrubber()
    s.add(PASSWORD)
    const record = { error: `HTTP 401: bad password ${PASSWORD}`, smoke: { records: [{ out: { echo: [PASSWORD] } }] }, [PASSWORD]: 1, n: 3, nothing: null }
    const clean = scrubValue(record, s.scrub)
    expect(JSON.stringify(clean)).not.toContain('p<a>s')
    expect(clean).toEqual({ error: 'HTTP 401: bad password ***', smoke: { records: [{ out: { echo: ['***'] } }] }, '***': 1, n: 3, nothing: null })
    // The original is untouched: the run goes on with it.
    expect(record.error).toContain(PASSWORD)
  })

  it('walks deep values without recursion', () => {
    let deep: unknown = 'hunter22'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const s = newScrubber()
    s.add('hunter22')
    let v = scrubValue(deep, s.scrub)
    for (let i = 0; i < 100_000; i++) v = (v as unknown[])[0]
    expect(v).toBe('***')
  })
})
