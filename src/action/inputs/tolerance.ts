/** The `tolerance` input: `1e-6` (both bounds) or `abs=1e-6,rel=1e-4` (either or both). */
import type { Tolerance } from '../settings.js'

/** A non-negative finite number written as JSON would write it (1e-6, 0.001, 0). */
const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** Parses a tolerance; throws an Error whose message (lower-case start) says what is accepted. */
export function parseTolerance(text: string): Tolerance {
  const t = text.trim()
  const fail = (why: string): never => {
    throw new Error(`${why}; write one number for both bounds (1e-6) or abs=… and/or rel=… separated by a comma (abs=1e-6,rel=1e-4)`)
  }
  const num = (s: string, what: string): number => {
    if (!NUMBER.test(s.trim())) fail(`${what} ${JSON.stringify(s.trim())} is not a non-negative number`)
    return Number(s.trim())
  }
  if (t === '') fail('it is empty')
  if (!t.includes('=')) {
    const n = num(t, 'the value')
    return { abs: n, rel: n }
  }
  const parts: Partial<Tolerance> = {}
  for (const part of t.split(',')) {
    const m = /^\s*(abs|rel)\s*=(.*)$/.exec(part)
    if (!m) fail(`${JSON.stringify(part.trim())} is not abs=<number> or rel=<number>`)
    const key = m![1] as keyof Tolerance
    if (parts[key] !== undefined) fail(`${key} is given twice`)
    parts[key] = num(m![2], key)
  }
  // A bound left out allows nothing on its own, so the other one decides.
  return { abs: parts.abs ?? 0, rel: parts.rel ?? 0 }
}

/** The tolerance as users write it, for messages. */
export function formatTolerance(t: Tolerance): string {
  return `abs=${t.abs},rel=${t.rel}`
}
