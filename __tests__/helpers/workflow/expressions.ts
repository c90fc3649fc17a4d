/**
 * GitHub Actions expressions (`${{ … }}`): lexer, parser and evaluator with GitHub's rules — loose equality
 * with number coercion, case-insensitive string comparison, `&&`/`||` returning an operand, case-insensitive
 * property access, `.*` filters. Names of contexts and functions are checked when parsing, as GitHub does
 * before it runs anything, so a typo fails with "Unrecognized named-value" instead of evaluating to ''.
 * Follows actions/languageservices' expressions package (the reference implementation of the grammar).
 */
import { callFunction, FUNCTION_ARITY, STATUS_FUNCTIONS } from './expression-functions.js'
import {
  compare,
  ExpressionError,
  filtered,
  filteredArray,
  getProperty,
  isTruthy,
  kindOf,
  looseEquals,
  toNumber,
  valueToString,
  type EvalEnv
} from './expression-values.js'

export { ExpressionError, isTruthy, looseEquals, valueToString, type EvalEnv }

/** A parsed expression. */
export type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'context'; name: string }
  | { kind: 'index'; object: Node; index: Node | 'star' }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Node; right: Node }
  | { kind: 'logical'; op: '&&' | '||'; args: Node[] }

/** Which contexts and functions an expression may use where it stands in the workflow. */
export interface Scope {
  /** Lower-case context names available here (e.g. `github`, `steps`). */
  contexts: readonly string[]
  /** Lower-case names of the extra functions allowed here (status functions, hashFiles). */
  functions?: readonly string[]
  /** Where the expression stands, for error messages (e.g. `jobs.test.steps[2].if`). */
  where?: string
}

// ---- lexer ----------------------------------------------------------------------------------------------------

type TokenType =
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.'
  | '!'
  | '!='
  | '=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||'
  | '*'
  | 'number'
  | 'string'
  | 'identifier'
  | 'true'
  | 'false'
  | 'null'
  | 'eof'

interface Token {
  type: TokenType
  text: string
  value?: unknown
  /** 1-based position in the expression, as GitHub's messages count. */
  position: number
}

const BOUNDARY = new Set(['(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|'])
const isBoundary = (c: string): boolean => BOUNDARY.has(c) || /\s/.test(c)
const LEGAL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

function lex(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const unexpected = (text: string, at: number): never => {
    throw new ExpressionError(`Unexpected symbol: '${text}'. Located at position ${at + 1} within expression: ${input}`)
  }
  const previous = (): TokenType | undefined => tokens[tokens.length - 1]?.type
  const push = (type: TokenType, start: number, value?: unknown) => tokens.push({ type, text: input.slice(start, i), value, position: start + 1 })
  const readWord = () => {
    while (i < input.length && !isBoundary(input[i])) i++
  }
  const readNumber = (start: number) => {
    while (i < input.length && (!isBoundary(input[i]) || input[i] === '.')) i++
    const text = input.slice(start, i)
    const value = Number(text)
    if (Number.isNaN(value)) unexpected(text, start)
    push('number', start, value)
  }
  while (i < input.length) {
    const start = i
    const c = input[i++]
    const two = c + (input[i] ?? '')
    if (/\s/.test(c)) continue
    if ('()[],*'.includes(c)) {
      push(c as TokenType, start)
    } else if (c === '.') {
      const p = previous()
      if (p === 'identifier' || p === ']' || p === ')' || p === '*') push('.', start)
      else readNumber(start)
    } else if (c === '-' || c === '+' || (c >= '0' && c <= '9')) {
      readNumber(start)
    } else if (two === '!=' || two === '==' || two === '<=' || two === '>=' || two === '&&' || two === '||') {
      i++
      push(two as TokenType, start)
    } else if (c === '!' || c === '<' || c === '>') {
      push(c as TokenType, start)
    } else if (c === '=' || c === '&' || c === '|') {
      readWord()
      unexpected(input.slice(start, i), start)
    } else if (c === "'") {
      let value = ''
      for (;;) {
        if (i >= input.length) unexpected(input.slice(start), start)
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            value += "'"
            i += 2
            continue
          }
          i++
          break
        }
        value += input[i++]
      }
      push('string', start, value)
    } else {
      readWord()
      const word = input.slice(start, i)
      if (previous() !== '.' && (word === 'true' || word === 'false' || word === 'null')) push(word, start)
      else if (previous() !== '.' && word === 'NaN') push('number', start, NaN)
      else if (previous() !== '.' && word === 'Infinity') push('number', start, Infinity)
      else if (LEGAL_IDENTIFIER.test(word)) push('identifier', start)
      else unexpected(word, start)
    }
  }
  tokens.push({ type: 'eof', text: '', position: input.length + 1 })
  return tokens
}

// ---- parser ---------------------------------------------------------------------------------------------------

/** Parses one expression (without `${{ }}`) and checks its context and function names against `scope`. */
export function parseExpression(input: string, scope: Scope): Node {
  const tokens = lex(input)
  let at = 0
  const peek = () => tokens[at]
  const check = (...types: TokenType[]) => types.includes(peek().type)
  const next = () => tokens[at++]
  const where = scope.where ? ` (in ${scope.where})` : ''
  const fail = (message: string): never => {
    throw new ExpressionError(`${message}${where}`)
  }
  const unexpected = (token: Token): never =>
    token.type === 'eof'
      ? fail(`Unexpected end of expression: '${input}'`)
      : fail(`Unexpected symbol: '${token.text}'. Located at position ${token.position} within expression: ${input}`)
  const expect = (type: TokenType) => {
    if (!check(type)) unexpected(peek())
    next()
  }

  const expression = (): Node => logical('||', () => logical('&&', equality))
  function logical(op: '&&' | '||', operand: () => Node): Node {
    const first = operand()
    if (!check(op)) return first
    const args = [first]
    while (check(op)) {
      next()
      args.push(operand())
    }
    return { kind: 'logical', op, args }
  }
  function equality(): Node {
    let left = comparison()
    while (check('==', '!=')) {
      const op = next().type as '==' | '!='
      left = { kind: 'binary', op, left, right: comparison() }
    }
    return left
  }
  function comparison(): Node {
    let left = unary()
    while (check('<', '<=', '>', '>=')) {
      const op = next().type as '<' | '<=' | '>' | '>='
      left = { kind: 'binary', op, left, right: unary() }
    }
    return left
  }
  function unary(): Node {
    if (check('!')) {
      next()
      return { kind: 'not', operand: unary() }
    }
    return postfix()
  }
  function postfix(): Node {
    let node = primary()
    if (node.kind === 'literal') return node
    for (;;) {
      if (check('[')) {
        next()
        let index: Node | 'star'
        if (check('*')) {
          next()
          index = 'star'
        } else {
          index = expression()
        }
        expect(']')
        node = { kind: 'index', object: node, index }
      } else if (check('.')) {
        next()
        const token = next()
        if (token.type === 'identifier') node = { kind: 'index', object: node, index: { kind: 'literal', value: token.text } }
        else if (token.type === '*') node = { kind: 'index', object: node, index: 'star' }
        else unexpected(token)
      } else {
        return node
      }
    }
  }
  function primary(): Node {
    const token = next()
    switch (token.type) {
      case 'true':
        return { kind: 'literal', value: true }
      case 'false':
        return { kind: 'literal', value: false }
      case 'null':
        return { kind: 'literal', value: null }
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value }
      case '(': {
        const inner = expression()
        expect(')')
        return inner
      }
      case 'identifier':
        return check('(') ? call(token) : context(token)
      default:
        return unexpected(token)
    }
  }
  function context(token: Token): Node {
    const name = token.text.toLowerCase()
    if (!scope.contexts.includes(name)) {
      fail(
        `Unrecognized named-value: '${token.text}'. Located at position ${token.position} within expression: ${input}. Available here: ${scope.contexts.join(', ')}`
      )
    }
    return { kind: 'context', name }
  }
  function call(token: Token): Node {
    next() // (
    const args: Node[] = []
    while (!check(')')) {
      args.push(expression())
      if (!check(')')) expect(',')
    }
    next() // )
    const name = token.text.toLowerCase()
    const arity = FUNCTION_ARITY[name]
    const isExtra = STATUS_FUNCTIONS.includes(name) || name === 'hashfiles'
    if (!arity || (isExtra && !(scope.functions ?? []).includes(name))) {
      fail(`Unrecognized function: '${token.text}'. Located at position ${token.position} within expression: ${input}`)
    }
    if (args.length < arity[0]) fail(`Too few parameters supplied: '${token.text}'. Located at position ${token.position} within expression: ${input}`)
    if (args.length > arity[1]) fail(`Too many parameters supplied: '${token.text}'. Located at position ${token.position} within expression: ${input}`)
    return { kind: 'call', name, args }
  }

  if (check('eof')) fail('An expression was expected')
  const node = expression()
  if (!check('eof')) unexpected(peek())
  return node
}

/** True when the expression calls success(), failure(), cancelled() or always() anywhere. */
export function usesStatusFunction(node: Node): boolean {
  switch (node.kind) {
    case 'call':
      return STATUS_FUNCTIONS.includes(node.name) || node.args.some(usesStatusFunction)
    case 'index':
      return usesStatusFunction(node.object) || (node.index !== 'star' && usesStatusFunction(node.index))
    case 'not':
      return usesStatusFunction(node.operand)
    case 'binary':
      return usesStatusFunction(node.left) || usesStatusFunction(node.right)
    case 'logical':
      return node.args.some(usesStatusFunction)
    default:
      return false
  }
}

// ---- evaluator ------------------------------------------------------------------------------------------------

/** Evaluates a parsed expression. */
export function evaluate(node: Node, env: EvalEnv): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value
    case 'context':
      return getProperty(env.contexts, node.name) ?? null
    case 'not':
      return !isTruthy(evaluate(node.operand, env))
    case 'logical': {
      let result: unknown = null
      for (const arg of node.args) {
        result = evaluate(arg, env)
        if (node.op === '&&' ? !isTruthy(result) : isTruthy(result)) break
      }
      return result
    }
    case 'binary': {
      const left = evaluate(node.left, env)
      const right = evaluate(node.right, env)
      switch (node.op) {
        case '==':
          return looseEquals(left, right)
        case '!=':
          return !looseEquals(left, right)
        case '<':
          return compare(left, right, '<')
        case '>':
          return compare(left, right, '>')
        case '<=':
          return looseEquals(left, right) || compare(left, right, '<')
        case '>=':
          return looseEquals(left, right) || compare(left, right, '>')
      }
      break
    }
    case 'index':
      return indexAccess(evaluate(node.object, env), node.index === 'star' ? 'star' : evaluate(node.index, env))
    case 'call':
      return callFunction(
        node.name,
        node.args.map((arg) => evaluate(arg, env)),
        env
      )
  }
  return null
}

function indexAccess(object: unknown, index: unknown): unknown {
  if (Array.isArray(object) && filtered.has(object)) {
    const result: unknown[] = []
    for (const item of object) {
      if (index === 'star') {
        if (Array.isArray(item)) result.push(...item)
        else if (kindOf(item) === 'object') result.push(...Object.values(item as object))
      } else {
        const value = indexAccess(item, index)
        if (value !== null && value !== undefined) result.push(value)
      }
    }
    return filteredArray(result)
  }
  if (index === 'star') {
    if (Array.isArray(object)) return filteredArray([...object])
    if (kindOf(object) === 'object') return filteredArray(Object.values(object as object))
    return filteredArray([])
  }
  if (Array.isArray(object)) {
    const i = toNumber(index)
    return Number.isInteger(i) && i >= 0 && i < object.length ? object[i] : null
  }
  if (kindOf(object) === 'object') return getProperty(object as Record<string, unknown>, valueToString(index)) ?? null
  return null
}

// ---- templates and conditions ---------------------------------------------------------------------------------

/** A string split into literal text and `${{ }}` expressions. */
type Segment = { text: string } | { expression: string }

/** Splits `text` at `${{ … }}`, honouring `}}` inside quoted strings. */
export function splitTemplate(text: string): Segment[] {
  const segments: Segment[] = []
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('${{', i)
    if (open < 0) {
      segments.push({ text: text.slice(i) })
      break
    }
    if (open > i) segments.push({ text: text.slice(i, open) })
    let j = open + 3
    let inString = false
    for (; j < text.length; j++) {
      if (text[j] === "'") inString = !inString
      else if (!inString && text[j] === '}' && text[j + 1] === '}') break
    }
    if (j >= text.length) throw new ExpressionError(`An expression was not closed: ${text.slice(open)} (add '}}')`)
    segments.push({ expression: text.slice(open + 3, j).trim() })
    i = j + 2
  }
  return segments
}

/** True when the text contains `${{`. */
export function hasExpression(text: string): boolean {
  return text.includes('${{')
}

/** Evaluates every `${{ }}` in `text` and joins the results as strings. */
export function evaluateTemplate(text: string, env: EvalEnv, scope: Scope): string {
  if (!hasExpression(text)) return text
  return splitTemplate(text)
    .map((segment) => ('text' in segment ? segment.text : valueToString(evaluate(parseExpression(segment.expression, scope), env))))
    .join('')
}

/**
 * Evaluates a YAML value: strings made of exactly one `${{ }}` keep the expression's type (objects for
 * `strategy.matrix`, booleans for `continue-on-error`); other strings are templates; non-strings are
 * walked so nested strings are evaluated too.
 */
export function evaluateValue(value: unknown, env: EvalEnv, scope: Scope): unknown {
  if (typeof value === 'string') {
    if (!hasExpression(value)) return value
    const segments = splitTemplate(value.trim())
    if (segments.length === 1 && 'expression' in segments[0]) return evaluate(parseExpression(segments[0].expression, scope), env)
    return evaluateTemplate(value, env, scope)
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, env, scope))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, env, scope)]))
  }
  return value
}

/**
 * Evaluates an `if:` as GitHub does: with or without `${{ }}`; `success() && (…)` unless the condition
 * calls a status function itself; text around a `${{ }}` makes it a (truthy) string, as on GitHub.
 */
export function evaluateCondition(condition: string | boolean | number | undefined | null, env: EvalEnv, scope: Scope): boolean {
  if (condition === undefined || condition === null || condition === '') condition = 'success()'
  if (typeof condition !== 'string') return isTruthy(condition)
  let text = condition.trim()
  const segments = hasExpression(text) ? splitTemplate(text) : null
  if (segments) {
    if (segments.length === 1 && 'expression' in segments[0]) text = segments[0].expression
    else return isTruthy(evaluateTemplate(text, env, scope))
  }
  const node = parseExpression(text, scope)
  const full: Node = usesStatusFunction(node) ? node : { kind: 'logical', op: '&&', args: [{ kind: 'call', name: 'success', args: [] }, node] }
  return isTruthy(evaluate(full, env))
}
