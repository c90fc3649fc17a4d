import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import {
  evaluate,
  evaluateCondition,
  evaluateTemplate,
  evaluateValue,
  ExpressionError,
  parseExpression,
  type EvalEnv,
  type Scope
} from '../helpers/workflow/expressions.js'
import { SCOPES } from '../helpers/workflow/scopes.js'
import { thrownBy } from '../helpers/thrown.js'

const contexts = {
  github: {
    event_name: 'pull_request',
    ref: 'refs/pull/7/merge',
    event: { number: 7, pull_request: { head: { sha: 'abc123' }, merged: false }, commits: [{ message: 'one' }, { message: 'two' }] }
  },
  env: { MODE: 'Fast', EMPTY: '' },
  steps: { deploy: { outputs: { status: 'Running', count: '3' }, outcome: 'success', conclusion: 'success' } },
  matrix: { node: 20, os: 'ubuntu' },
  secrets: { TOKEN: 'xyz' },
  vars: {},
  needs: {},
  inputs: {},
  job: { status: 'success' },
  runner: { os: 'Linux' },
  strategy: {}
}
const ALL: Scope = { contexts: Object.keys(contexts), functions: ['success', 'failure', 'cancelled', 'always', 'hashfiles'] }
const env: EvalEnv = { contexts, status: { success: true, failure: false, cancelled: false } }

/** Evaluates one expression with every context and function available. */
const ev = (text: string, e: EvalEnv = env) => evaluate(parseExpression(text, ALL), e)

describe('expression literals and operators', () => {
  it('reads literals: strings with doubled quotes, numbers (negative, float, exponent, hex), booleans, null', () => {
    expect(ev("'it''s'")).toBe("it's")
    expect(ev('-1.5')).toBe(-1.5)
    expect(ev('1e3')).toBe(1000)
    expect(ev('0xff')).toBe(255)
    expect(ev('true')).toBe(true)
    expect(ev('null')).toBeNull()
  })

  it('compares loosely as GitHub does: numbers win, strings ignore case, null is 0, NaN equals nothing', () => {
    expect(ev("'1' == 1")).toBe(true)
    expect(ev("'' == 0")).toBe(true)
    expect(ev('null == 0')).toBe(true)
    expect(ev('true == 1')).toBe(true)
    expect(ev("'true' == true")).toBe(false)
    expect(ev("'Running' == 'RUNNING'")).toBe(true)
    expect(ev("'abc' == 1")).toBe(false)
    expect(ev('NaN == NaN')).toBe(false)
    expect(ev("'abc' != 'ABC'")).toBe(false)
  })

  it('orders numbers and strings (case-insensitively), and <=/>= include equality', () => {
    expect(ev('steps.deploy.outputs.count > 2')).toBe(true)
    expect(ev("'a' < 'B'")).toBe(true)
    expect(ev('2 >= 2')).toBe(true)
    expect(ev("'x' < 1")).toBe(false)
  })

  it('returns an operand from && and ||, not a boolean', () => {
    expect(ev("'a' && 'b'")).toBe('b')
    expect(ev("env.EMPTY || 'fallback'")).toBe('fallback')
    expect(ev("null && 'x'")).toBeNull()
    expect(ev("env.MODE == 'fast' && 'yes' || 'no'")).toBe('yes')
  })

  it('binds ! tighter than comparisons, comparisons tighter than ==, == tighter than && and && tighter than ||', () => {
    expect(ev('!false == true')).toBe(true)
    expect(ev('1 < 2 == true')).toBe(true)
    expect(ev('true || false && false')).toBe(true)
    expect(ev('(true || false) && false')).toBe(false)
  })

  it('treats false, 0, NaN, empty string and null as falsy; objects and arrays as truthy', () => {
    for (const text of ['false', '0', 'NaN', "''", 'null']) expect(ev(`!${text}`)).toBe(true)
    expect(ev('!github.event')).toBe(false)
    expect(ev("!fromJSON('[]')")).toBe(false)
  })
})

describe('expression property access', () => {
  it('reads nested properties, case-insensitively, with dots, hyphens and indexes', () => {
    expect(ev('github.event.pull_request.head.sha')).toBe('abc123')
    expect(ev('GITHUB.EVENT_NAME')).toBe('pull_request')
    expect(ev("steps.deploy.outputs['status']")).toBe('Running')
    expect(ev('github.event.commits[1].message')).toBe('two')
  })

  it('answers null for what does not exist, without failing', () => {
    expect(ev('steps.missing.outputs.x')).toBeNull()
    expect(ev('github.event.commits[5]')).toBeNull()
    expect(evaluateTemplate('[${{ steps.nope.outputs.x }}]', env, ALL)).toBe('[]')
  })

  it('filters with .* into arrays that further properties map over', () => {
    expect(ev('github.event.commits.*.message')).toEqual(['one', 'two'])
    expect(ev("contains(github.event.commits.*.message, 'TWO')")).toBe(true)
  })
})

describe('expression functions', () => {
  it('contains, startsWith and endsWith ignore case and cast to strings', () => {
    expect(ev("contains('Hello World', 'WORLD')")).toBe(true)
    expect(ev("contains(fromJSON('[1, 2]'), '2')")).toBe(true)
    expect(ev("startsWith(github.ref, 'REFS/PULL')")).toBe(true)
    expect(ev("endsWith(github.ref, '/merge')")).toBe(true)
    expect(ev('contains(matrix.node, 2)')).toBe(true)
  })

  it('format replaces {N}, keeps {{ and }} as braces, and rejects bad placeholders', () => {
    expect(ev("format('{0}-{1} {{x}}', 'a', 7)")).toBe('a-7 {x}')
    expect(thrownBy(() => ev("format('{1}', 'a')"), ExpressionError).message).toMatch(/references more arguments/)
    expect(thrownBy(() => ev("format('{x}', 'a')"), ExpressionError).message).toMatch(/format string is invalid/)
  })

  it('join, toJSON and fromJSON round-trip values', () => {
    expect(ev('join(fromJSON(\'["a","b"]\'), \'+\')')).toBe('a+b')
    expect(ev("join('solo')")).toBe('solo')
    expect(ev('toJSON(matrix)')).toBe('{\n  "node": 20,\n  "os": "ubuntu"\n}')
    expect(ev('fromJSON(\'{"a": {"b": true}}\').a.b')).toBe(true)
    expect(thrownBy(() => ev("fromJSON('not json')"), ExpressionError).message).toMatch(/fromJSON: the argument is not JSON/)
  })

  it('hashFiles hashes the sha256 of each matching file in path order, and is empty when nothing matches', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hashfiles-'))
    try {
      mkdirSync(path.join(dir, 'a'))
      writeFileSync(path.join(dir, 'a', 'x.lock'), 'one')
      writeFileSync(path.join(dir, 'y.lock'), 'two')
      writeFileSync(path.join(dir, 'z.txt'), 'three')
      const sha = (text: string) => createHash('sha256').update(text).digest()
      const expected = createHash('sha256').update(sha('one')).update(sha('two')).digest('hex')
      const withDir: EvalEnv = { ...env, workspace: dir }
      expect(ev("hashFiles('**/*.lock')", withDir)).toBe(expected)
      expect(ev("hashFiles('**/*.lock', '!y.lock')", withDir)).toBe(createHash('sha256').update(sha('one')).digest('hex'))
      expect(ev("hashFiles('*.none')", withDir)).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('status functions report the status they are given; always() is always true', () => {
    const failed: EvalEnv = { ...env, status: { success: false, failure: true, cancelled: false } }
    expect([ev('success()', failed), ev('failure()', failed), ev('cancelled()', failed), ev('always()', failed)]).toEqual([false, true, false, true])
  })
})

describe('expression templates and conditions', () => {
  it('interpolates every ${{ }} as a string: null as empty, numbers without trailing zeros, objects as Object', () => {
    expect(evaluateTemplate('v=${{ matrix.node }} x=${{ null }} f=${{ 1.50 }} o=${{ github.event }} a=${{ github.event.commits }}', env, ALL)).toBe(
      'v=20 x= f=1.5 o=Object a=Array'
    )
  })

  it('ends an expression at }} outside quotes only', () => {
    expect(evaluateTemplate("${{ format('{{0}}') }}!", env, ALL)).toBe('{0}!')
    expect(evaluateTemplate("${{ 'a}}b' }}", env, ALL)).toBe('a}}b')
  })

  it('keeps the type of a value that is exactly one expression (matrix, continue-on-error)', () => {
    expect(evaluateValue('${{ fromJSON(\'{"n": [1, 2]}\') }}', env, ALL)).toEqual({ n: [1, 2] })
    expect(evaluateValue(' ${{ true }} ', env, ALL)).toBe(true)
    expect(evaluateValue('x ${{ true }}', env, ALL)).toBe('x true')
  })

  it('wraps a condition in success() unless it calls a status function, with or without ${{ }}', () => {
    const failed: EvalEnv = { ...env, status: { success: false, failure: true, cancelled: false } }
    expect(evaluateCondition("env.MODE == 'fast'", env, ALL)).toBe(true)
    expect(evaluateCondition("${{ env.MODE == 'fast' }}", failed, ALL)).toBe(false)
    expect(evaluateCondition("always() && env.MODE == 'fast'", failed, ALL)).toBe(true)
    expect(evaluateCondition(undefined, failed, ALL)).toBe(false)
    expect(evaluateCondition(undefined, env, ALL)).toBe(true)
  })

  it('treats text around ${{ }} in a condition as a non-empty string, which is true (as GitHub does)', () => {
    expect(evaluateCondition('${{ false }} == true', env, ALL)).toBe(true)
  })
})

describe('expression errors', () => {
  it('names an unknown context, where it stands and what is available there', () => {
    const e = thrownBy(() => parseExpression('secret.TOKEN', { ...SCOPES.step, where: 'jobs.a.steps[0].with.token' }), ExpressionError)
    expect(e.message).toMatch(/^Unrecognized named-value: 'secret'\. Located at position 1 within expression: secret\.TOKEN\. Available here: github, needs/)
    expect(e.message).toMatch(/\(in jobs\.a\.steps\[0\]\.with\.token\)$/)
  })

  it("refuses secrets in a step's if, as GitHub does", () => {
    expect(thrownBy(() => evaluateCondition("secrets.TOKEN != ''", env, SCOPES.stepIf), ExpressionError).message).toMatch(/Unrecognized named-value: 'secrets'/)
  })

  it('refuses unknown functions, status functions outside conditions and wrong argument counts', () => {
    expect(thrownBy(() => parseExpression('toUpper(env.MODE)', ALL), ExpressionError).message).toMatch(/Unrecognized function: 'toUpper'/)
    expect(thrownBy(() => parseExpression('success()', SCOPES.step), ExpressionError).message).toMatch(/Unrecognized function: 'success'/)
    expect(thrownBy(() => parseExpression("contains('a')", ALL), ExpressionError).message).toMatch(/Too few parameters supplied: 'contains'/)
    expect(thrownBy(() => parseExpression('toJSON(1, 2)', ALL), ExpressionError).message).toMatch(/Too many parameters supplied: 'toJSON'/)
  })

  it('reports syntax errors with the position', () => {
    expect(thrownBy(() => parseExpression("env.MODE = 'x'", ALL), ExpressionError).message).toMatch(/Unexpected symbol: '='\. Located at position 10/)
    expect(thrownBy(() => parseExpression('(true', ALL), ExpressionError).message).toMatch(/Unexpected end of expression/)
    expect(thrownBy(() => parseExpression("'open", ALL), ExpressionError).message).toMatch(/Unexpected symbol: ''open'/)
    expect(thrownBy(() => evaluateTemplate('${{ env.MODE', env, ALL), ExpressionError).message).toMatch(/not closed/)
  })
})
