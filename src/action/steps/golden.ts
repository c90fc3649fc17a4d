/**
 * The golden check: the smoke answers compared with `expected-output`, row by row and field by field (row count,
 * field names, shapes, values within `tolerance`; NaN equals NaN only when both are NaN). Pure: the caller
 * decides what a mismatch does.
 */
import { outFields } from '../answers.js'
import { isRecord } from '../inputs/structured-text.js'
import { formatTolerance } from '../inputs/tolerance.js'
import type { GoldenMismatch, GoldenResult } from '../run-record.js'
import type { ExpectedOutput, Tolerance } from '../settings.js'

/** Mismatches kept for the message and the summary; the rest are counted. */
export const MAX_MISMATCHES_SHOWN = 10

/** A value that compares as a number: numbers, and the NaN/Infinity spellings JSON cannot hold (pandas writes NaN as null). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (v === null || v === 'NaN' || v === 'nan') return Number.NaN
  if (v === 'Infinity' || v === 'inf') return Number.POSITIVE_INFINITY
  if (v === '-Infinity' || v === '-inf') return Number.NEGATIVE_INFINITY
  return undefined
}

/** The nested array shape of a value, e.g. [2,3]; [] for a scalar. */
function shapeOf(v: unknown): number[] {
  const shape: number[] = []
  let cur = v
  while (Array.isArray(cur)) {
    shape.push(cur.length)
    cur = cur[0]
  }
  return shape
}

/** A value as the diff shows it: numbers to 10 significant digits, anything else as short JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)))
  if (v === undefined) return '(absent)'
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

/** Within tolerance, math.isclose style: |a - b| <= max(abs, rel * max(|a|, |b|)). */
export function within(expected: number, got: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected) || Number.isNaN(got)) return Number.isNaN(expected) && Number.isNaN(got)
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return expected === got
  return Math.abs(got - expected) <= Math.max(tol.abs, tol.rel * Math.max(Math.abs(expected), Math.abs(got)))
}

/** Compares one row's value at `path`, adding mismatches; returns the numeric deviations seen. */
class Comparison {
  readonly mismatches: GoldenMismatch[] = []
  valuesCompared = 0
  maxDeviation: number | null = null
  maxDeviationAt?: string

  constructor(private readonly tol: Tolerance) {}

  add(m: GoldenMismatch): void {
    this.mismatches.push(m)
  }

  value(row: number, path: string, expected: unknown, got: unknown): void {
    const e = asNumber(expected)
    const g = asNumber(got)
    if (e !== undefined && g !== undefined) return this.number(row, path, e, g)
    if (Array.isArray(expected) || Array.isArray(got)) {
      if (!Array.isArray(expected) || !Array.isArray(got) || expected.length !== got.length) {
        this.add({ row, field: path, kind: 'shape', expected: `shape [${shapeOf(expected).join(',')}]`, got: `shape [${shapeOf(got).join(',')}]` })
        return
      }
      expected.forEach((item, i) => this.value(row, `${path}[${i}]`, item, got[i]))
      return
    }
    if (isRecord(expected) && isRecord(got)) return this.fields(row, expected, got, `${path}.`)
    this.valuesCompared++
    if (typeof expected !== typeof got || isRecord(expected) !== isRecord(got)) {
      this.add({ row, field: path, kind: 'type', expected: showValue(expected), got: showValue(got) })
    } else if (JSON.stringify(expected) !== JSON.stringify(got)) {
      this.add({ row, field: path, kind: 'value', expected: showValue(expected), got: showValue(got) })
    }
  }

  private number(row: number, path: string, e: number, g: number): void {
    this.valuesCompared++
    const deviation = Math.abs(g - e)
    if (Number.isFinite(deviation) && (this.maxDeviation === null || deviation > this.maxDeviation)) {
      this.maxDeviation = deviation
      this.maxDeviationAt = `row ${row + 1} ${path}`
    }
    if (!within(e, g, this.tol)) {
      this.add({ row, field: path, kind: 'value', expected: showValue(e), got: showValue(g), ...(Number.isNaN(deviation) ? {} : { deviation }) })
    }
  }

  /** Field names first (missing, extra), then each shared field's value. */
  fields(row: number, expected: Record<string, unknown>, got: Record<string, unknown>, prefix = ''): void {
    for (const [name, value] of Object.entries(expected)) {
      if (!(name in got)) this.add({ row, field: `${prefix}${name}`, kind: 'missing-field', expected: showValue(value), got: '(absent)' })
      else this.value(row, `${prefix}${name}`, value, got[name])
    }
    for (const name of Object.keys(got)) {
      if (!(name in expected)) this.add({ row, field: `${prefix}${name}`, kind: 'extra-field', expected: '(absent)', got: showValue(got[name]) })
    }
  }
}

/** Compares the answer records with the golden rows. */
export function compareAnswers(expected: ExpectedOutput, records: unknown[], tol: Tolerance): GoldenResult {
  const c = new Comparison(tol)
  if (records.length !== expected.rows.length) {
    c.add({ row: -1, field: '', kind: 'row-count', expected: `${expected.rows.length} row(s)`, got: `${records.length} row(s)` })
  }
  const rows = Math.min(records.length, expected.rows.length)
  for (let i = 0; i < rows; i++) c.fields(i, expected.rows[i], outFields(records[i]) ?? {})
  return {
    passed: c.mismatches.length === 0,
    rowsExpected: expected.rows.length,
    rowsGot: records.length,
    valuesCompared: c.valuesCompared,
    maxDeviation: c.maxDeviation,
    ...(c.maxDeviationAt ? { maxDeviationAt: c.maxDeviationAt } : {}),
    mismatches: c.mismatches.slice(0, MAX_MISMATCHES_SHOWN),
    totalMismatches: c.mismatches.length,
    tolerance: tol,
    expectedPath: expected.path
  }
}

/** A deviation for messages: 3 significant digits in exponent form. */
export function showDeviation(d: number | undefined | null): string {
  return d === undefined || d === null ? '' : d === 0 ? '0' : d.toExponential(2)
}

/** One diff line, e.g. `row 7 dense_1[0]: expected 0.99300325, got 0.9618 (off by 3.12e-2)`. */
export function mismatchLine(m: GoldenMismatch): string {
  if (m.kind === 'row-count') return `row count: expected ${m.expected}, got ${m.got}`
  const what =
    m.kind === 'missing-field'
      ? ' (field missing from the answer)'
      : m.kind === 'extra-field'
        ? ' (field not in the goldens)'
        : m.kind === 'shape'
          ? ' (shapes differ)'
          : ''
  const off = m.deviation !== undefined ? ` (off by ${showDeviation(m.deviation)})` : ''
  return `row ${m.row + 1} ${m.field}: expected ${m.expected}, got ${m.got}${off}${what}`
}

/** The failure text of a golden check that did not pass: counts, tolerance, the largest deviation and the diff. */
export function goldenFailureText(g: GoldenResult): string {
  const lines = g.mismatches.map((m) => `  ${mismatchLine(m)}`)
  const more = g.totalMismatches > g.mismatches.length ? [`  … and ${g.totalMismatches - g.mismatches.length} more`] : []
  const largest = g.maxDeviation !== null ? `; the largest deviation is ${showDeviation(g.maxDeviation)} at ${g.maxDeviationAt}` : ''
  return (
    `the answers differ from the goldens in ${g.expectedPath}: ${g.totalMismatches} mismatch(es) beyond tolerance ${formatTolerance(g.tolerance)} ` +
    `(${g.valuesCompared} value(s) compared${largest}):\n${[...lines, ...more].join('\n')}`
  )
}
