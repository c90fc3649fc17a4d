/**
 * The functions of GitHub expressions: contains, startsWith, endsWith, format, join, toJSON, fromJSON,
 * hashFiles and the status functions. Case-insensitive where GitHub's are; arguments cast to strings as GitHub does.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ExpressionError, looseEquals, valueToString, type EvalEnv } from './expression-values.js'
import { globFiles } from './glob.js'

/** The functions that read the job (or needs) status; allowed only in `if:` conditions. */
export const STATUS_FUNCTIONS: readonly string[] = ['success', 'failure', 'cancelled', 'always']

/** [min, max] argument counts by lower-case function name. */
export const FUNCTION_ARITY: Record<string, [number, number]> = {
  contains: [2, 2],
  startswith: [2, 2],
  endswith: [2, 2],
  format: [1, 255],
  join: [1, 2],
  tojson: [1, 1],
  fromjson: [1, 1],
  hashfiles: [1, 255],
  success: [0, 0],
  failure: [0, 0],
  cancelled: [0, 0],
  always: [0, 0]
}

/** GitHub's format(): `{N}` placeholders, `{{` and `}}` escapes; a bad placeholder fails. */
function format(template: string, args: unknown[]): string {
  let result = ''
  let i = 0
  const invalid = (): never => {
    throw new ExpressionError(`The following format string is invalid: ${template}`)
  }
  while (i < template.length) {
    const c = template[i]
    if (c === '{') {
      if (template[i + 1] === '{') {
        result += '{'
        i += 2
        continue
      }
      const match = /^\{(\d+)\}/.exec(template.slice(i))
      if (!match) invalid()
      const index = Number(match![1])
      if (index >= args.length) throw new ExpressionError(`The following format string references more arguments than were supplied: ${template}`)
      result += valueToString(args[index])
      i += match![0].length
    } else if (c === '}') {
      if (template[i + 1] !== '}') invalid()
      result += '}'
      i += 2
    } else {
      result += c
      i++
    }
  }
  return result
}

/** sha256 over the sha256 of each matching file (sorted), as the runner's hashFiles; '' when nothing matches. */
function hashFiles(workspace: string | undefined, patterns: string[]): string {
  if (!workspace) throw new ExpressionError('hashFiles() is not available here (no workspace)')
  const files = globFiles(workspace, patterns)
  if (files.length === 0) return ''
  const outer = createHash('sha256')
  for (const file of files)
    outer.update(
      createHash('sha256')
        .update(readFileSync(path.join(workspace, file)))
        .digest()
    )
  return outer.digest('hex')
}

/** Calls a function whose name and arity the parser already checked. */
export function callFunction(name: string, args: unknown[], env: EvalEnv): unknown {
  const text = (i: number) => valueToString(args[i])
  switch (name) {
    case 'contains': {
      const [search, item] = args
      if (Array.isArray(search)) return search.some((element) => looseEquals(element, item))
      return text(0).toUpperCase().includes(text(1).toUpperCase())
    }
    case 'startswith':
      return text(0).toUpperCase().startsWith(text(1).toUpperCase())
    case 'endswith':
      return text(0).toUpperCase().endsWith(text(1).toUpperCase())
    case 'format':
      return format(text(0), args.slice(1))
    case 'join': {
      const separator = args.length > 1 ? text(1) : ','
      return Array.isArray(args[0]) ? args[0].map(valueToString).join(separator) : text(0)
    }
    case 'tojson':
      return JSON.stringify(args[0] ?? null, null, 2)
    case 'fromjson': {
      const json = text(0)
      try {
        return JSON.parse(json) as unknown
      } catch (e) {
        throw new ExpressionError(`fromJSON: the argument is not JSON (${(e as Error).message}): ${JSON.stringify(json.slice(0, 200))}`)
      }
    }
    case 'hashfiles':
      return hashFiles(env.workspace, args.map(valueToString))
    case 'always':
      return true
    case 'success':
    case 'failure':
    case 'cancelled':
      if (!env.status) throw new ExpressionError(`${name}() is not available here`)
      return env.status[name]
  }
  throw new ExpressionError(`Unrecognized function: '${name}'`)
}
