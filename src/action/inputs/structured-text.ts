/** Reading YAML/JSON inputs that may be given inline or as a file path (models, pipeline-definition). */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { yaml } from '../lazy-parsers.js'
import { LocatedError, type FileLocation } from '../errors.js'

/** The parsed value and where it came from (for messages). */
export interface StructuredText {
  value: unknown
  /** `inline` or the file's absolute path. */
  source: string
}

/** Resolves a user path against the workspace directory (GITHUB_WORKSPACE in Actions). */
export function resolvePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** True when `text` names a file rather than holding inline YAML/JSON: one line, and a .json/.yaml name or no YAML syntax. */
function looksLikePath(text: string): boolean {
  if (text.includes('\n')) return false
  return /\.(json|ya?ml)$/i.test(text) || (!/[{}[\]:]/.test(text) && !text.startsWith('- '))
}

/** Options of readStructuredText. */
export interface StructuredTextOptions {
  /**
   * Keys whose values are kept as written when YAML would read a number (an all-digit `sha` is text, not
   * 1.23e+63): each such value becomes its source text.
   */
  verbatim?: readonly string[]
}

/**
 * Parses `text` as YAML (which includes JSON), or the file it names (relative to `cwd`).
 * Throws an Error whose message starts lower-case, to follow "Input 'x' cannot be read: ".
 */
export function readStructuredText(text: string, cwd: string, options: StructuredTextOptions = {}): StructuredText {
  const trimmed = text.trim()
  let body = trimmed
  let source = 'inline'
  if (looksLikePath(trimmed)) {
    const path = resolvePath(trimmed, cwd)
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new Error(`no file ${path} exists (paths are relative to the workspace directory ${cwd}); give a file path or inline YAML/JSON`)
    }
    try {
      body = readFileSync(path, 'utf8')
    } catch (e) {
      throw new Error(`the file ${path} cannot be read (${(e as Error).message})`, { cause: e })
    }
    source = path
  }
  const { YAMLParseError } = yaml()
  try {
    return { value: parseYamlText(body, options.verbatim ?? []), source }
  } catch (e) {
    const where = source === 'inline' ? '' : ` in ${source}`
    const detail = e instanceof YAMLParseError ? e.message.split('\n')[0] : (e as Error).message
    const message = `it is not valid YAML or JSON${where}: ${detail}`
    const pos = e instanceof YAMLParseError ? e.linePos?.[0] : undefined
    if (source !== 'inline' && pos) throw new LocatedError(message, { file: source, line: pos.line, column: pos.col })
    throw new Error(message, { cause: e })
  }
}

/** YAML to plain values, throwing the first error; numbers under a `verbatim` key become their source text. */
function parseYamlText(body: string, verbatim: readonly string[]): unknown {
  const { parseDocument, visit, isScalar } = yaml()
  const doc = parseDocument(body)
  if (doc.errors.length > 0) throw doc.errors[0]
  if (verbatim.length > 0) {
    visit(doc, {
      Pair(_, pair) {
        if (
          isScalar(pair.key) &&
          verbatim.includes(String(pair.key.value)) &&
          isScalar(pair.value) &&
          typeof pair.value.value === 'number' &&
          pair.value.source !== undefined
        ) {
          pair.value.value = pair.value.source
        }
      }
    })
  }
  return doc.toJS()
}

/** True for a plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The offset of the first JSON syntax error in `text` (JSON.parse names no position on every Node version), found
 * by a small scanner with an explicit stack; undefined when the text is valid JSON.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  let i = 0
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  // What may come next: a value, or (inside a container) a separator or the closing bracket.
  const stack: Array<'[' | '{'> = []
  let expect: 'value' | 'key' | 'after' = 'value'
  const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/
  // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: the scanner must match them
  const string = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/
  for (;;) {
    ws()
    if (i >= text.length) return stack.length === 0 && expect === 'after' ? undefined : i
    const c = text[i]
    if (expect === 'value' || expect === 'key') {
      if (expect === 'key') {
        const m = string.exec(text.slice(i, i + 100_000))
        if (!m) return i
        i += m[0].length
        ws()
        if (text[i] !== ':') return i
        i++
        expect = 'value'
        continue
      }
      if (c === '[' || c === '{') {
        stack.push(c)
        i++
        ws()
        if (text[i] === (c === '[' ? ']' : '}')) {
          stack.pop()
          i++
          expect = 'after'
        } else expect = c === '{' ? 'key' : 'value'
        continue
      }
      const m = (c === '"' ? string : literal).exec(text.slice(i, i + 100_000))
      if (!m) return i
      i += m[0].length
      expect = 'after'
      continue
    }
    const top = stack[stack.length - 1]
    if (!top) return i
    if (c === ',') {
      i++
      expect = top === '{' ? 'key' : 'value'
    } else if ((c === ']' && top === '[') || (c === '}' && top === '{')) {
      stack.pop()
      i++
      expect = 'after'
    } else return i
  }
}

/** Where a JSON.parse failure of `text` is, as a file line and column. */
export function jsonErrorLocation(file: string, text: string, _e?: unknown): FileLocation | undefined {
  const offset = jsonSyntaxErrorOffset(text)
  if (offset === undefined) return undefined
  const before = text.slice(0, offset)
  return { file, line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') }
}
