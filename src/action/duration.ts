/** Durations as users write them in workflow files: `15m`, `90s`, `1h30m`, `500ms`, `7d`; a bare number means seconds. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y

/** The longest wait a timer holds (setTimeout's 2^31-1 ms, about 24.8 days); a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Parses a duration into milliseconds; throws an Error whose message (lower-case start) says what is accepted.
 * `maxMs` bounds durations that feed a timer (the default has no bound, e.g. for an age).
 */
export function parseDuration(text: string, maxMs = Number.POSITIVE_INFINITY): number {
  const t = text.trim()
  const fail = (why: string): never => {
    throw new Error(`${why}; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds)`)
  }
  if (t === '') fail('it is empty')
  let ms: number
  if (/^\d+(\.\d+)?$/.test(t)) {
    ms = Number(t) * 1000
  } else {
    ms = 0
    PART.lastIndex = 0
    let consumed = 0
    while (consumed < t.length) {
      PART.lastIndex = consumed
      const m = PART.exec(t)
      if (!m) fail(`"${t.slice(consumed)}" is not a number followed by ms, s, m, h or d`)
      ms += Number(m![1]) * UNIT_MS[m![2]]
      consumed = PART.lastIndex
    }
  }
  if (!Number.isFinite(ms) || ms <= 0) fail('it must be greater than zero')
  // Rounded to whole milliseconds first: "0.0001s" would otherwise pass as "more than zero" and then be 0.
  const rounded = Math.round(ms)
  if (rounded <= 0) fail(`it rounds to 0 ms (durations count whole milliseconds)`)
  if (rounded > maxMs) {
    throw new Error(
      `it is longer than ${formatDuration(maxMs)} (${maxMs} ms), the longest wait a timer can hold; give a shorter duration such as 6h (GitHub ends jobs after 6 hours on hosted runners)`
    )
  }
  return rounded
}

/** Renders milliseconds for messages: `950ms`, `42s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const totalS = Math.round(ms / 1000)
  if (totalS < 60) return `${totalS}s`
  const h = Math.floor(totalS / 3600)
  const m = Math.floor((totalS % 3600) / 60)
  const s = totalS % 60
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`
  return `${m}m${String(s).padStart(2, '0')}s`
}
