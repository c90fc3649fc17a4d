/** Reading YAML/JSON inputs that may be given inline or as a file path (models, pipeline-definition). */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'

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

/**
 * Parses `text` as YAML (which includes JSON), or the file it names (relative to `cwd`).
 * Throws an Error whose message starts lower-case, to follow "Input 'x' cannot be read: ".
 */
export function readStructuredText(text: string, cwd: string): StructuredText {
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
      throw new Error(`the file ${path} cannot be read (${(e as Error).message})`)
    }
    source = path
  }
  try {
    return { value: parseYaml(body), source }
  } catch (e) {
    const where = source === 'inline' ? '' : ` in ${source}`
    const detail = e instanceof YAMLParseError ? e.message.split('\n')[0] : (e as Error).message
    throw new Error(`it is not valid YAML or JSON${where}: ${detail}`)
  }
}

/** True for a plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
