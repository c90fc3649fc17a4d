/** The golden check and the inputs that feed it: tolerance, expected-output files, answer records, the diff text. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answerOrigin, outFields } from '../../src/action/answers.js'
import { readExpectedOutput } from '../../src/action/inputs/expected-output.js'
import { formatTolerance, parseTolerance } from '../../src/action/inputs/tolerance.js'
import { compareAnswers, goldenFailureText, mismatchLine, within } from '../../src/action/steps/golden.js'

const TOL = { abs: 1e-6, rel: 1e-6 }
const golden = (rows: Array<Record<string, unknown>>) => ({ path: 'goldens.json', rows })

describe('tolerance', () => {
  it.each([
    ['1e-6', { abs: 1e-6, rel: 1e-6 }],
    ['abs=1e-6,rel=1e-4', { abs: 1e-6, rel: 1e-4 }],
    ['rel=0.01', { abs: 0, rel: 0.01 }],
    [' abs = 0 ', { abs: 0, rel: 0 }]
  ])('reads %j', (text, t) => expect(parseTolerance(text)).toEqual(t))

  it.each([
    ['', 'it is empty'],
    ['-1', 'the value "-1" is not a non-negative number'],
    ['abs=1e-6;rel=1', 'abs "1e-6;rel=1" is not a non-negative number'],
    ['abs=1,abs=2', 'abs is given twice'],
    ['tol=1', '"tol=1" is not abs=<number> or rel=<number>']
  ])('refuses %j: %s', (text, why) => expect(() => parseTolerance(text)).toThrow(why))

  it('is shown as users write it', () => expect(formatTolerance({ abs: 1e-6, rel: 0.001 })).toBe('abs=0.000001,rel=0.001'))

  it('passes within max(abs, rel·max(|a|,|b|)), math.isclose style', () => {
    expect(within(1000, 1000.5, { abs: 0, rel: 1e-3 })).toBe(true)
    expect(within(1000, 1002, { abs: 0, rel: 1e-3 })).toBe(false)
    expect(within(0, 5e-7, TOL)).toBe(true)
    expect(within(0, 2e-6, TOL)).toBe(false)
    expect(within(Number.NaN, Number.NaN, TOL)).toBe(true)
    expect(within(Number.NaN, 0, TOL)).toBe(false)
    expect(within(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, TOL)).toBe(true)
    expect(within(Number.POSITIVE_INFINITY, 1e308, TOL)).toBe(false)
  })
})

describe('answer records', () => {
  it('finds the output fields nested, flattened or bare', () => {
    expect(outFields({ time: 1, in: { x: [1] }, out: { dense_1: [0.5] }, anomaly: { count: 0 } })).toEqual({ dense_1: [0.5] })
    expect(outFields({ time: 1, 'in.x': [1], 'out.dense_1': [0.5], 'anomaly.count': 0, 'metadata.elapsed': [1, 2] })).toEqual({ dense_1: [0.5] })
    expect(outFields({ dense_1: [0.5], score: 3 })).toEqual({ dense_1: [0.5], score: 3 })
    expect(outFields([1])).toBeUndefined()
  })

  it("leaves an A/B split's out._model_split out of the output fields (it names the model that answered, not an output)", () => {
    const split = [JSON.stringify({ name: 'a', version: 'v', sha: 's' })]
    expect(outFields({ out: { _model_split: split, dense_1: [0.5] } })).toEqual({ dense_1: [0.5] })
    expect(outFields({ 'out._model_split': split, 'out.dense_1': [0.5] })).toEqual({ dense_1: [0.5] })
  })

  it('reads who answered from nested and flattened metadata; an empty pipeline_version (2023) is no answer', () => {
    const lastModel = JSON.stringify({ model_name: 'ccfraud', model_sha: 'abc' })
    expect(answerOrigin({ metadata: { pipeline_version: 'v-1', last_model: lastModel } })).toEqual({
      pipelineVersion: 'v-1',
      lastModel: { name: 'ccfraud', sha: 'abc' }
    })
    expect(answerOrigin({ 'metadata.pipeline_version': '', 'metadata.last_model': lastModel })).toEqual({ lastModel: { name: 'ccfraud', sha: 'abc' } })
    expect(answerOrigin({ out: {} })).toEqual({})
  })
})

describe('compareAnswers', () => {
  it('passes equal answers and reports the largest deviation', () => {
    const r = compareAnswers(golden([{ dense_1: [0.1] }, { dense_1: [0.2] }]), [{ out: { dense_1: [0.1] } }, { out: { dense_1: [0.2000004] } }], TOL)
    expect(r).toMatchObject({ passed: true, rowsExpected: 2, rowsGot: 2, valuesCompared: 2, totalMismatches: 0, maxDeviationAt: 'row 2 dense_1[0]' })
    expect(r.maxDeviation!).toBeCloseTo(4e-7, 12)
  })

  it('names each value beyond tolerance with expected, got and how far off', () => {
    const r = compareAnswers(golden([{ dense_1: [0.99300325] }]), [{ out: { dense_1: [0.9618] } }], TOL)
    expect(r.passed).toBe(false)
    expect(mismatchLine(r.mismatches[0])).toBe('row 1 dense_1[0]: expected 0.99300325, got 0.9618 (off by 3.12e-2)')
  })

  it('checks row count, field names, shapes and types', () => {
    const r = compareAnswers(golden([{ a: [1, 2], b: 'x' }, { a: [1] }, { a: [1] }]), [{ out: { a: [1, 2, 3], c: 1 } }, { out: { a: [1], b: 2 } }], TOL)
    expect(r.mismatches.map(mismatchLine)).toEqual([
      'row count: expected 3 row(s), got 2 row(s)',
      'row 1 a: expected shape [2], got shape [3] (shapes differ)',
      'row 1 b: expected "x", got (absent) (field missing from the answer)',
      'row 1 c: expected (absent), got 1 (field not in the goldens)',
      'row 2 b: expected (absent), got 2 (field not in the goldens)'
    ])
  })

  it('NaN equals NaN only when both are NaN (pandas writes NaN as null; Arrow answers arrive as "NaN")', () => {
    expect(compareAnswers(golden([{ a: [null] }]), [{ out: { a: ['NaN'] } }], TOL).passed).toBe(true)
    expect(compareAnswers(golden([{ a: [null] }]), [{ out: { a: [0] } }], TOL).passed).toBe(false)
    expect(compareAnswers(golden([{ a: [0] }]), [{ out: { a: ['NaN'] } }], TOL).mismatches[0]).toMatchObject({ kind: 'value', expected: '0', got: 'NaN' })
  })

  it('compares strings and booleans exactly', () => {
    expect(compareAnswers(golden([{ label: ['fraud'] }]), [{ out: { label: ['fraud'] } }], TOL).passed).toBe(true)
    expect(compareAnswers(golden([{ label: ['fraud'] }]), [{ out: { label: ['ok'] } }], TOL).passed).toBe(false)
    expect(compareAnswers(golden([{ flag: [true] }]), [{ out: { flag: [1] } }], TOL).mismatches[0].kind).toBe('type')
  })

  it('keeps the first 10 mismatches and counts the rest; the failure text says so', () => {
    const rows = Array.from({ length: 25 }, () => ({ s: [0] }))
    const r = compareAnswers(
      golden(rows),
      rows.map(() => ({ out: { s: [1] } })),
      TOL
    )
    expect(r.mismatches).toHaveLength(10)
    expect(r.totalMismatches).toBe(25)
    const text = goldenFailureText(r)
    expect(text).toMatch(
      /^the answers differ from the goldens in goldens\.json: 25 mismatch\(es\) beyond tolerance abs=0\.000001,rel=0\.000001 \(25 value\(s\) compared; the largest deviation is 1\.00e\+0 at row 1 s\[0\]\):\n/
    )
    expect(text.endsWith('\n  … and 15 more')).toBe(true)
  })
})

describe('expected-output files', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldens-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return name
  }

  it('reads what write-output writes, whole answer records and flattened records alike', () => {
    expect(readExpectedOutput(file('a.json', '[{"dense_1": [0.1]}]'), dir).rows).toEqual([{ dense_1: [0.1] }])
    expect(readExpectedOutput(file('b.json', '[{"time": 1, "out": {"dense_1": [0.1]}, "metadata": {}}]'), dir).rows).toEqual([{ dense_1: [0.1] }])
    expect(readExpectedOutput(file('c.json', '[{"time": 1, "out.dense_1": [0.1]}]'), dir).rows).toEqual([{ dense_1: [0.1] }])
  })

  it.each([
    ['missing.json', null, 'does not exist; paths are relative to the workspace directory'],
    ['bad.json', '[{', 'is not valid JSON'],
    ['empty.json', '[]', "holds an empty array; it must be a non-empty array with one record of output fields per row of 'smoke-input'"],
    ['object.json', '{"dense_1": [1]}', 'holds an object'],
    ['scalar-row.json', '[1]', 'record 1 is not an object'],
    ['no-fields.json', '[{"time": 1}]', "record 1 has no output fields (only time); give the expected 'out' values"]
  ])('%s is refused, naming expected-output', (name, text, why) => {
    if (text !== null) file(name, text)
    expect(() => readExpectedOutput(name, dir)).toThrow(/^Input 'expected-output' file /)
    expect(() => readExpectedOutput(name, dir)).toThrow(why)
  })
})

describe('JSON syntax errors are located', () => {
  it.each([
    ['[1,2]', undefined],
    ['{"a": {"b": [1, {"c": null}]}, "d": "x\\"y"}', undefined],
    ['{}', undefined],
    ['[{"a": [1, 2,\n ]}]', 15],
    ['{"a":1,}', 7],
    ['{"a": tru}', 6],
    ['[1 2]', 3],
    ['[1]]', 3],
    ['"open', 0]
  ])('%j: offset %s', async (text, offset) => {
    const { jsonSyntaxErrorOffset } = await import('../../src/action/inputs/structured-text.js')
    expect(jsonSyntaxErrorOffset(text)).toBe(offset)
  })
})
