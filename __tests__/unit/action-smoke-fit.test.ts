/**
 * The smoke input against the pipeline's first model, from the file and the model alone: a missing or misnamed
 * column, a row of the wrong width, a value of the wrong type, a null, a value nested the wrong way, and a fixed
 * batch size, in pandas-records and in Arrow, each named with the fix. What fits passes.
 */
import { describe, expect, it } from '@jest/globals'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import { firstModelOf, smokeInputMisfits, type FirstModel } from '../../src/action/inputs/smoke-fit.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'
import type { SmokeInput } from '../../src/action/settings.js'
import { demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile } from '../../src/model/data-files.js'

// The action loads apache-arrow before it parses an .arrow smoke input (main.ts).
await loadParsers({ arrow: true })

/** The demo model's signature: one float input [batch, 29]. */
const CCFRAUD: FirstModel = {
  name: 'ccfraud',
  signature: {
    irVersion: 8,
    opsets: [],
    inputs: [{ name: 'dense_input', type: 'float', tensor: true, dims: ['batch', 29] }],
    outputs: [{ name: 'dense_1', type: 'float', tensor: true, dims: ['batch', 1] }]
  }
}

function records(rows: unknown[]): SmokeInput {
  return { path: 'smoke.json', format: 'pandas-records', body: new TextEncoder().encode(JSON.stringify(rows)), rows: rows.length }
}

function arrow(bytes: Uint8Array, rows: number): SmokeInput {
  return { path: 'smoke.arrow', format: 'arrow', body: bytes, rows }
}

function model(inputs: FirstModel['signature']['inputs']): FirstModel {
  return { name: 'm', signature: { irVersion: 8, opsets: [], inputs, outputs: [] } }
}

const row29 = demoRows(1)[0]

describe('smokeInputMisfits: what fits', () => {
  it.each([
    ['pandas-records named after the input', records([{ dense_input: row29 }])],
    ['a lone column of another name (one-input model)', records(demoRows(3).map((r) => ({ tensor: r })))],
    ['an Arrow file of FixedSizeList<float>[29]', arrow(toArrowFile(demoRows(4)), 4)]
  ])('%s', (_what, input) => {
    expect(smokeInputMisfits(input, CCFRAUD)).toEqual([])
  })

  it('inputs with symbolic or unknown dims take any size there', () => {
    const m = model([{ name: 'x', type: 'int64', tensor: true, dims: [null, 'len'] }])
    expect(smokeInputMisfits(records([{ x: [1, 2, 3] }, { x: [4] }]), m)).toEqual([])
  })

  it('a scalar input takes a bare value or a one-value list', () => {
    const m = model([{ name: 'age', type: 'double', tensor: true, dims: ['n'] }])
    expect(smokeInputMisfits(records([{ age: 3 }, { age: [4.5] }]), m)).toEqual([])
  })
})

describe('smokeInputMisfits: the five kinds of misfit, and a fixed batch', () => {
  it('a missing column, with the closest column to rename', () => {
    const m = model([
      { name: 'dense_input', type: 'float', tensor: true, dims: ['n', 2] },
      { name: 'mask', type: 'float', tensor: true, dims: ['n', 2] }
    ])
    expect(smokeInputMisfits(records([{ dense_inputs: [1, 2], mask: [1, 0] }]), m)).toEqual([
      `Input 'smoke-input' file smoke.json has no column "dense_input", which model "m" (the pipeline's first model) takes as input (the file's columns: "dense_inputs", "mask"); rename column "dense_inputs" to "dense_input".`
    ])
  })

  it('rows of the wrong width: 28 values for 29', () => {
    const short = records([{ tensor: row29 }, { tensor: row29.slice(0, 28) }])
    expect(smokeInputMisfits(short, CCFRAUD)).toEqual([
      `Input 'smoke-input' file smoke.json does not fit model "ccfraud" (the pipeline's first model) input "dense_input" takes float values with shape [batch, 29]: in column "tensor" (fed to input "dense_input"), row 2 has 28 values, but a row takes 29. Give each row 29 float values.`
    ])
  })

  it('the same in Arrow: a FixedSizeList of 28', () => {
    expect(smokeInputMisfits(arrow(toArrowFile(demoRows(2).map((r) => r.slice(0, 28))), 2), CCFRAUD)).toEqual([
      expect.stringContaining('row 1 has 28 values, but a row takes 29; row 2 has 28 values, but a row takes 29.')
    ])
  })

  it('values of the wrong type: text for floats, fractions for integers', () => {
    const text = records([{ tensor: [...row29.slice(0, 28), 'n/a'] }])
    expect(smokeInputMisfits(text, CCFRAUD)).toEqual([expect.stringContaining(`row 1 has a string ("n/a") at value 29, but the input takes float values.`)])
    const ints = model([{ name: 'ids', type: 'int64', tensor: true, dims: ['n', 2] }])
    expect(smokeInputMisfits(records([{ ids: [1, 2.5] }]), ints)).toEqual([
      expect.stringContaining('row 1 has the number 2.5 at value 2, but the input takes whole numbers (int64).')
    ])
  })

  it('the same in Arrow: a string column for a float input', () => {
    const strings = tableToIPC(tableFromArrays({ dense_input: ['a', 'b'] }), 'file')
    expect(smokeInputMisfits(arrow(strings, 2), CCFRAUD)).toEqual([expect.stringContaining('row 1 holds a single value ("a"), but a row takes 29 values')])
  })

  it('nulls', () => {
    const withNull = records([{ tensor: [...row29.slice(0, 28), null] }, { tensor: null }])
    expect(smokeInputMisfits(withNull, CCFRAUD)).toEqual([
      expect.stringContaining('row 1 has a null value (tensor values may not be null); row 2 is null (tensor values may not be null).')
    ])
  })

  it('values nested the wrong way: a single value for a vector, a ragged row, a matrix for a vector', () => {
    const wrong = records([
      { tensor: 0.5 },
      { tensor: [[1, 2], [3]] },
      { tensor: [row29.slice(0, 29), row29.slice(0, 29)] },
      { tensor: row29 },
      { tensor: row29 }
    ])
    expect(smokeInputMisfits(wrong, CCFRAUD)).toEqual([
      expect.stringContaining(
        'row 1 holds a single value (0.5), but a row takes 29 values; row 2 is ragged (element 1 has shape [2], element 2 has [1]); row 3 has shape [2, 29], but a row takes [29].'
      )
    ])
  })

  it('a fixed batch size the file does not have', () => {
    const one = model([{ name: 'x', type: 'float', tensor: true, dims: [1, 2] }])
    expect(smokeInputMisfits(records([{ x: [1, 2] }, { x: [3, 4] }]), one)).toEqual([
      `Input 'smoke-input' file smoke.json has 2 row(s), but model "m" (the pipeline's first model) input "x" takes float values with shape [1, 2]: batches of exactly 1 row(s); give 1 row(s).`
    ])
  })

  it('many bad rows are summed up after the first three', () => {
    const bad = records(Array.from({ length: 10 }, () => ({ tensor: [1] })))
    expect(smokeInputMisfits(bad, CCFRAUD)[0]).toContain('row 3 has 1 values, but a row takes 29 (and 7 more row(s)).')
  })

  it('nesting deeper than any tensor is refused without walking it all', () => {
    let deep: unknown = 1
    for (let i = 0; i < 200; i++) deep = [deep]
    expect(smokeInputMisfits(records([{ tensor: deep }]), CCFRAUD)).toEqual([expect.stringContaining('row 1 is nested more than 32 levels deep')])
  })
})

describe('firstModelOf', () => {
  const file = { kind: 'file' as const, name: 'a', path: 'a.onnx', size: 1, sha: 'x', framework: 'onnx', signature: CCFRAUD.signature }
  const other = { ...file, name: 'b' }

  it('is the first models entry without a definition, or the first model of the first step', () => {
    expect(firstModelOf(undefined, [file, other])?.name).toBe('a')
    expect(firstModelOf({ steps: [{ ModelInference: { models: [{ name: 'b' }] } }] } as never, [file, other])?.name).toBe('b')
  })

  it('is unknown for an existing version, a model without a signature, or a first step of another kind', () => {
    expect(firstModelOf(undefined, [{ kind: 'existing', name: 'a', version: 'v', sha: 's' }])).toBeUndefined()
    expect(firstModelOf(undefined, [{ ...file, signature: undefined }])).toBeUndefined()
    expect(firstModelOf({ steps: [{ RandomSplit: {} } as never] }, [file])).toBeUndefined()
  })
})
