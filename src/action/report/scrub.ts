/**
 * Removes every known secret (password, client secret, its Basic form, every token obtained) from what the action
 * writes, in every encoding it may take on the way: raw, HTML-escaped (the summary's own escaping included),
 * URL- and form-encoded, JSON-escaped (also the \u003c style of other JSON writers), and cut short (a server text
 * or message truncated in the middle of a token still carries its start). The runner's own masking only catches
 * the raw form of values it was told about, so a server that echoes a password back, HTML-escaped in the summary,
 * would otherwise leak it.
 */
import { REDACTED, redactCredentials } from '../../wallaroo/redact.js'

/** Shorter secrets are not replaced: masking "abc" would garble every message (the runner still masks them raw). */
const MIN_SECRET = 4
/** A (token-like) secret this long is also found cut short: its first 16 characters or more (a JWT's header alone is 36). */
const MIN_CUT_SECRET = 24
const MIN_CUT = 16

/** Collects secrets and scrubs text of them. */
export interface Scrubber {
  /** Registers a secret (and, for a JWT, each of its parts); idempotent. */
  add(secret: string | undefined): void
  /** `text` without any known secret in any known encoding, nor anything shaped like a credential. */
  scrub(text: string): string
}

/** Characters every encoding leaves as they are: a secret made only of these has one form. */
const PLAIN = /^[A-Za-z0-9._~-]+$/

const escapeRegExp = (t: string): string => t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** A hex number as a pattern matching it in either case, `width` digits (more leading zeros allowed where HTML allows). */
function hexPattern(n: number, width: number): string {
  return [...n.toString(16).padStart(width, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')
}

const NAMED_ENTITIES: Record<string, string[]> = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;'], "'": ['&apos;'] }
const JSON_SHORT: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f' }

/**
 * A pattern for one character in any of the encodings the action or a server may apply to it: itself, an HTML
 * entity (named, decimal, hex), a JSON escape (short or \uXXXX, its escaped character also HTML-escaped), or
 * percent-encoded UTF-8 (and + for a space).
 */
function charPattern(c: string): string {
  const alts = new Set<string>([escapeRegExp(c)])
  const code = c.codePointAt(0)!
  alts.add(`&#0*${code};`)
  alts.add(`&#[xX]0*${hexPattern(code, 1)};`)
  for (const named of NAMED_ENTITIES[c] ?? []) alts.add(escapeRegExp(named))
  const units = code > 0xffff ? [c.charCodeAt(0), c.charCodeAt(1)] : [code]
  alts.add(units.map((u) => `\\\\u${hexPattern(u, 4)}`).join(''))
  const short = JSON_SHORT[c]
  if (short !== undefined) {
    alts.add(`\\\\${escapeRegExp(short)}`)
    for (const entity of NAMED_ENTITIES[short] ?? []) alts.add(`\\\\${escapeRegExp(entity)}`)
    if (short === c && c !== '\\') alts.add(`\\\\&#0*${code};`)
  }
  alts.add([...Buffer.from(c, 'utf8')].map((b) => `%${hexPattern(b, 2)}`).join(''))
  if (c === ' ') alts.add('\\+')
  return `(?:${[...alts].join('|')})`
}

/** A pattern for `secret` in any mix of encodings (each character on its own, see charPattern). */
export function secretPattern(secret: string): RegExp {
  return new RegExp([...secret].map(charPattern).join(''), 'g')
}

/** The parts of a JWT worth finding on their own (header, payload, signature), when `token` is one. */
function jwtParts(token: string): string[] {
  const parts = token.split('.')
  return parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)) ? parts.filter((p) => p.length >= MIN_CUT) : []
}

/** Replaces every start of `form` (at least MIN_CUT characters of it) found in `text`: a copy cut short. */
function removeCutCopies(text: string, form: string): string {
  const head = form.slice(0, MIN_CUT)
  let out = ''
  let from = 0
  for (let at = text.indexOf(head, from); at !== -1; at = text.indexOf(head, from)) {
    let n = MIN_CUT
    while (n < form.length && at + n < text.length && text[at + n] === form[n]) n++
    out += text.slice(from, at) + REDACTED
    from = at + n
  }
  return out + text.slice(from)
}

/** A new scrubber; `add` every secret as soon as it is known. */
export function newScrubber(): Scrubber {
  const secrets = new Set<string>()
  // Secrets of plain characters are found as they are (and cut short); others by a pattern over their encodings.
  let plain: string[] = []
  const patterns: RegExp[] = []
  const register = (secret: string): void => {
    if (secret.length < MIN_SECRET || secrets.has(secret)) return
    secrets.add(secret)
    if (PLAIN.test(secret)) plain = [...plain, secret].sort((a, b) => b.length - a.length)
    else patterns.push(secretPattern(secret))
  }
  return {
    add(secret) {
      const s = secret?.trim()
      if (!s) return
      register(s)
      for (const part of jwtParts(s)) register(part)
    },
    scrub(text) {
      // Credential shapes first (whole JWTs, Authorization headers), so a token of another session goes in one piece.
      let out = redactCredentials(text)
      for (const pattern of patterns) out = out.replace(pattern, REDACTED)
      for (const secret of plain) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED)
        if (secret.length >= MIN_CUT_SECRET && out.includes(secret.slice(0, MIN_CUT))) out = removeCutCopies(out, secret)
      }
      return out
    }
  }
}

/**
 * A copy of a JSON-like value with every string scrubbed (keys too), walked without recursion. Used on the run
 * record before it becomes outputs, saved state and the summary, so what is written stays valid JSON.
 */
export function scrubValue<T>(value: T, scrub: (text: string) => string): T {
  const copy = (v: unknown): unknown =>
    typeof v === 'string' ? scrub(v) : Array.isArray(v) ? [...v] : v !== null && typeof v === 'object' ? { ...(v as object) } : v
  const root = { v: copy(value) }
  const stack: Array<Record<string, unknown> | unknown[]> = [root as Record<string, unknown>]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = copy(node[i])
        if (node[i] !== null && typeof node[i] === 'object') stack.push(node[i] as Record<string, unknown>)
      }
      continue
    }
    for (const key of Object.keys(node)) {
      const v = copy(node[key])
      const k = scrub(key)
      if (k !== key) delete node[key]
      node[k] = v
      if (v !== null && typeof v === 'object') stack.push(v as Record<string, unknown>)
    }
  }
  return root.v as T
}
