/**
 * Values of GitHub expressions and GitHub's rules for them: truthiness, loose equality with number coercion,
 * case-insensitive string comparison and property lookup, and how a value is written into a string.
 */

/** An expression that does not parse, names an unknown context or function, or fails while evaluating. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExpressionError'
  }
}

/** What an evaluation reads: context values, the job status for status functions, the workspace for hashFiles. */
export interface EvalEnv {
  contexts: Record<string, unknown>
  /** The status the status functions report (job status for steps, needs results for jobs). */
  status?: { success: boolean; failure: boolean; cancelled: boolean }
  /** Root of `hashFiles` patterns (GITHUB_WORKSPACE). */
  workspace?: string
}

/** Arrays made by `*` filters: property access maps over their items (GitHub's FilteredArray). */
export const filtered = new WeakSet<unknown[]>()

/** Marks an array as the result of a `*` filter. */
export function filteredArray(items: unknown[]): unknown[] {
  filtered.add(items)
  return items
}

/** The kinds of expression values. */
export type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object'

/** The kind of a JS value as an expression value (undefined reads as null). */
export function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'string') return 'string'
  if (Array.isArray(value)) return 'array'
  return 'object'
}

/** GitHub's falsy values: false, 0, -0, NaN, '' and null. Objects and arrays are truthy. */
export function isTruthy(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'null':
      return false
    case 'boolean':
      return value as boolean
    case 'number':
      return value !== 0 && !Number.isNaN(value)
    case 'string':
      return (value as string).length > 0
    default:
      return true
  }
}

/** A value as a number for comparisons: null → 0, booleans → 0/1, strings as JSON numbers ('' → 0), else NaN. */
export function toNumber(value: unknown): number {
  switch (kindOf(value)) {
    case 'null':
      return 0
    case 'boolean':
      return value ? 1 : 0
    case 'number':
      return value as number
    case 'string':
      return Number(value)
    default:
      return NaN
  }
}

/** A value as text, as interpolation writes it: null → '', numbers without trailing zeros, objects → 'Object'. */
export function valueToString(value: unknown): string {
  switch (kindOf(value)) {
    case 'null':
      return ''
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number': {
      const n = value as number
      return n === 0 ? '0' : String(+n.toFixed(15))
    }
    case 'string':
      return value as string
    case 'array':
      return 'Array'
    default:
      return 'Object'
  }
}

/** Coerces two values of different kinds the way GitHub does (numbers win; objects are never coerced). */
function coerce(left: unknown, right: unknown): [unknown, unknown] {
  const lk = kindOf(left)
  const rk = kindOf(right)
  if (lk === rk) return [left, right]
  if (lk === 'number' && rk === 'string') return [left, toNumber(right)]
  if (lk === 'string' && rk === 'number') return [toNumber(left), right]
  if (lk === 'null' || lk === 'boolean') return coerce(toNumber(left), right)
  if (rk === 'null' || rk === 'boolean') return coerce(left, toNumber(right))
  return [left, right]
}

/** GitHub's `==`: loose, case-insensitive for strings, by reference for objects, NaN equals nothing. */
export function looseEquals(a: unknown, b: unknown): boolean {
  const [left, right] = coerce(a, b)
  const kind = kindOf(left)
  if (kind !== kindOf(right)) return false
  switch (kind) {
    case 'null':
      return true
    case 'number':
      return !Number.isNaN(left) && !Number.isNaN(right) && left === right
    case 'string':
      return (left as string).toUpperCase() === (right as string).toUpperCase()
    case 'boolean':
      return left === right
    default:
      return left === right
  }
}

/** GitHub's `<` and `>` after coercion; NaN and mismatched kinds compare false. */
export function compare(a: unknown, b: unknown, op: '<' | '>'): boolean {
  const [left, right] = coerce(a, b)
  const kind = kindOf(left)
  if (kind !== kindOf(right)) return false
  if (kind === 'number') {
    if (Number.isNaN(left) || Number.isNaN(right)) return false
    return op === '<' ? (left as number) < (right as number) : (left as number) > (right as number)
  }
  if (kind === 'string') {
    const l = (left as string).toUpperCase()
    const r = (right as string).toUpperCase()
    return op === '<' ? l < r : l > r
  }
  if (kind === 'boolean') return op === '<' ? !left && right === true : left === true && !right
  return false
}

/** Property lookup as GitHub does it: exact key first, then case-insensitive. */
export function getProperty(object: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, key)) return object[key]
  const lower = key.toLowerCase()
  for (const k of Object.keys(object)) if (k.toLowerCase() === lower) return object[k]
  return undefined
}
