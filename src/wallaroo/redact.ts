/**
 * Keeps credentials out of debug output. Two layers: exact replacement of the secrets we know,
 * and pattern-based scrubbing of anything that looks like one (a token a server echoed back,
 * a header copied into a message) in case a secret was never registered.
 */

/** What a removed secret is replaced with. */
export const REDACTED = '***'

/** Secrets shorter than this are not replaced verbatim: masking "a" would garble every message. */
const MIN_SECRET_LENGTH = 4

/** Replaces every occurrence of each secret in `text` with `***` (longest first, so overlaps go whole). */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  const usable = [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  let out = text
  for (const secret of usable) out = out.split(secret).join(REDACTED)
  return out
}

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization / Proxy-Authorization headers, whatever the scheme ("<token>" placeholders in hints stay).
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(bearer|basic)\s+(?!<)[^\s"',}]+/gi, `$1$2$3 ${REDACTED}`],
  // A bare "Bearer xxx" / "Basic xxx" anywhere else; the credential must contain a digit or
  // token punctuation, so prose like "basic authentication" is left alone.
  [/\b(bearer|basic)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
  // JSON fields: "access_token": "…", "password": "…" …
  [/("(?:access_token|refresh_token|id_token|token|password|client_secret|secret)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
  // Form / query fields: password=…&refresh_token=…
  [/\b(access_token|refresh_token|id_token|password|client_secret)=[^&\s"']+/gi, `$1=${REDACTED}`],
  // Anything shaped like a JWT (three base64url segments, header starting with '{"').
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // A JWT cut short (a server text truncated inside it) still shows its header and payload.
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*/g, REDACTED]
]

/** Scrubs Authorization headers, token/password fields and JWT-shaped strings from debug text. */
export function redactCredentials(text: string): string {
  let out = text
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** Copy of `headers` safe to print: Authorization-like values replaced with their scheme + `***`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (/^(proxy-)?authorization$|^cookie$|^set-cookie$/i.test(name)) {
      const scheme = /^(\w+)\s/.exec(value)?.[1]
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED
    } else {
      out[name] = value
    }
  }
  return out
}

/**
 * Wraps a debug sink so every line passes both redaction layers; `secrets` is read on each call
 * so tokens obtained later are covered too. Returns a no-op when there is no sink.
 */
export function safeDebug(sink: ((msg: string) => void) | undefined, secrets: () => Iterable<string | undefined> = () => []): (msg: string) => void {
  if (!sink) return () => {}
  return (msg) => sink(redactCredentials(redact(msg, secrets())))
}
