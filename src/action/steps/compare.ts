/**
 * Champion against challenger, row by row and field by field: rows beyond `tolerance` (judged exactly as the golden
 * check judges, with its `within`), largest and mean absolute deviation, and for one-value outputs (scores) the rows
 * whose class changes at `decision-threshold`. Then the gates `max-live-deviation` and `max-changed-rows`. Pure: the
 * callers fetch the answers and decide what a failed gate does.
 */
import { Inputs } from '../constants.js'
import type { ChallengerComparison, FieldComparison, GateResult, WorstRow } from '../run-record.js'
import type { ComparisonGates, Tolerance } from '../settings.js'
import { asNumber, showDeviation, showValue, within } from './golden.js'

/** The rows kept as the worst. */
export const WORST_ROWS = 5

/** What a comparison needs besides the answers. */
export interface CompareOptions {
  tolerance: Tolerance
  decisionThreshold?: number
}

/** One row's output fields (`outFields` of a record, or a shadow challenger's group); undefined when the row has none. */
export type OutputRow = Record<string, unknown> | undefined

/** The leaves of a value in order with their index paths (`[0]`, `[1][2]`), and its shape; a scalar is one leaf at ''. */
function leaves(value: unknown, path = '', out: Array<{ path: string; value: unknown }> = []): Array<{ path: string; value: unknown }> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out))
  else out.push({ path, value })
  return out
}

/**
 * Which challenger field each champion field is compared with: the same name, or, when each side has exactly one
 * field, that one (ccfraud's `dense_1` against an XGBoost model's `variable`). Decided from the first rows, so every
 * row pairs alike.
 */
function pairFields(champion: OutputRow[], challenger: OutputRow[]): Array<{ field: string; challengerField: string }> {
  const names = (rows: OutputRow[]): string[] => [...new Set(rows.flatMap((r) => (r ? Object.keys(r) : [])))]
  const a = names(champion)
  const b = names(challenger)
  if (a.length === 1 && b.length === 1) return [{ field: a[0], challengerField: b[0] }]
  const pairs = a.map((field) => ({ field, challengerField: field }))
  // A challenger field the champion lacks is still reported (every row of it differs).
  for (const field of b) if (!a.includes(field)) pairs.push({ field, challengerField: field })
  return pairs
}

/** Running totals of one field. */
interface FieldTally {
  stats: FieldComparison
  sum: number
  count: number
}

/** Compares the champion's answers with a challenger's, row by row; gates are added by applyGates. */
export function compareAnswerSets(challenger: string, championRows: OutputRow[], challengerRows: OutputRow[], opts: CompareOptions): ChallengerComparison {
  const { tolerance, decisionThreshold } = opts
  const rows = Math.min(championRows.length, challengerRows.length)
  const pairs = pairFields(championRows.slice(0, rows), challengerRows.slice(0, rows))
  const tallies: FieldTally[] = pairs.map(({ field, challengerField }) => ({
    stats: {
      field,
      ...(challengerField !== field ? { challengerField } : {}),
      rowsCompared: 0,
      rowsBeyondTolerance: 0,
      maxDeviation: null,
      meanDeviation: null,
      oneValue: true
    },
    sum: 0,
    count: 0
  }))
  let changedRows = 0
  let structural = 0
  let maxDeviation: number | null = null
  let maxDeviationAt: string | undefined
  const worst: WorstRow[] = []
  for (let row = 0; row < rows; row++) {
    let rowChanged = false
    let rowStructural = false
    let rowWorst: WorstRow | undefined
    pairs.forEach(({ field, challengerField }, f) => {
      const t = tallies[f]
      t.stats.rowsCompared++
      const a = championRows[row]?.[field]
      const b = challengerRows[row]?.[challengerField]
      const la = leaves(a)
      const lb = leaves(b)
      if (a === undefined || b === undefined || la.length !== lb.length) {
        // Missing on one side, or another shape: no number says how far apart, but the row surely changed.
        t.stats.rowsBeyondTolerance++
        t.stats.oneValue = false
        rowChanged = true
        rowStructural = true
        // A structural difference outranks any distance in the row.
        if (!rowWorst || rowWorst.deviation !== null)
          rowWorst = {
            row,
            field,
            champion: a === undefined ? '(absent)' : showValue(a),
            challenger: b === undefined ? '(absent)' : showValue(b),
            deviation: null
          }
        return
      }
      if (la.length !== 1) t.stats.oneValue = false
      let beyond = false
      let fieldMax: { deviation: number; path: string; a: unknown; b: unknown } | undefined
      la.forEach((leaf, i) => {
        const x = asNumber(leaf.value)
        const y = asNumber(lb[i].value)
        if (x === undefined || y === undefined) {
          if (JSON.stringify(leaf.value) !== JSON.stringify(lb[i].value)) beyond = true
          return
        }
        if (!within(x, y, tolerance)) beyond = true
        const d = Math.abs(y - x)
        // NaN on both sides is equal (as in the golden check); NaN on one side has no finite distance.
        if (Number.isNaN(x) && Number.isNaN(y)) return
        if (!Number.isFinite(d)) return
        t.sum += d
        t.count++
        if (t.stats.maxDeviation === null || d > t.stats.maxDeviation) t.stats.maxDeviation = d
        if (maxDeviation === null || d > maxDeviation) {
          maxDeviation = d
          maxDeviationAt = `row ${row + 1} ${field}${leaf.path}`
        }
        if (!fieldMax || d > fieldMax.deviation) fieldMax = { deviation: d, path: leaf.path, a: leaf.value, b: lb[i].value }
      })
      if (beyond) t.stats.rowsBeyondTolerance++
      let changed = beyond
      let classChanged: boolean | undefined
      if (decisionThreshold !== undefined && la.length === 1) {
        const x = asNumber(la[0].value)
        const y = asNumber(lb[0].value)
        if (x !== undefined && y !== undefined) {
          classChanged = x >= decisionThreshold !== y >= decisionThreshold
          if (classChanged) t.stats.changedClass = (t.stats.changedClass ?? 0) + 1
          changed = classChanged
        }
      }
      if (changed) rowChanged = true
      if (fieldMax && (!rowWorst || (rowWorst.deviation !== null && fieldMax.deviation > rowWorst.deviation))) {
        rowWorst = {
          row,
          field: `${field}${fieldMax.path}`,
          champion: showValue(fieldMax.a),
          challenger: showValue(fieldMax.b),
          deviation: fieldMax.deviation,
          ...(classChanged !== undefined ? { classChanged } : {})
        }
      }
    })
    if (rowChanged) changedRows++
    if (rowStructural) structural++
    if (rowWorst && (rowWorst.deviation === null || rowWorst.deviation > 0 || rowChanged)) worst.push(rowWorst)
  }
  for (const t of tallies) {
    t.stats.meanDeviation = t.count > 0 ? t.sum / t.count : null
    if (decisionThreshold !== undefined && t.stats.oneValue) t.stats.changedClass ??= 0
    else delete t.stats.changedClass
  }
  // Structural differences first (they have no distance), then by deviation, then by row.
  worst.sort((x, y) => (y.deviation ?? Infinity) - (x.deviation ?? Infinity) || x.row - y.row)
  return {
    challenger,
    rowsCompared: rows,
    changedRows,
    changedBy: decisionThreshold !== undefined ? 'decision-threshold' : 'tolerance',
    maxDeviation,
    ...(maxDeviationAt ? { maxDeviationAt } : {}),
    structuralMismatches: structural,
    fields: tallies.map((t) => t.stats),
    worstRows: worst.slice(0, WORST_ROWS),
    gates: [],
    passed: true
  }
}

/** The most rows `max-changed-rows` allows out of `rows`. */
function changedRowsLimit(limit: NonNullable<ComparisonGates['maxChangedRows']>, rows: number): number {
  return 'count' in limit ? limit.count : Math.floor((limit.percent / 100) * rows + 1e-9)
}

/** Checks the comparison against the gates; fills `gates` and `passed`. */
export function applyGates(c: ChallengerComparison, gates: ComparisonGates): ChallengerComparison {
  const results: GateResult[] = []
  if (gates.maxDeviation !== undefined) {
    const over = c.structuralMismatches > 0 || (c.maxDeviation ?? 0) > gates.maxDeviation
    const value =
      c.structuralMismatches > 0
        ? `${c.structuralMismatches} row(s) with another field or shape`
        : c.maxDeviation === null
          ? 'no numbers compared'
          : showDeviation(c.maxDeviation)
    results.push({ input: Inputs.MaxLiveDeviation, limit: String(gates.maxDeviation), value, passed: !over })
  }
  if (gates.maxChangedRows !== undefined) {
    const limit = changedRowsLimit(gates.maxChangedRows, c.rowsCompared)
    const text = 'count' in gates.maxChangedRows ? String(gates.maxChangedRows.count) : `${gates.maxChangedRows.percent}%`
    results.push({ input: Inputs.MaxChangedRows, limit: text, value: `${c.changedRows} of ${c.rowsCompared}`, passed: c.changedRows <= limit })
  }
  return { ...c, gates: results, passed: results.every((g) => g.passed) }
}

/** One sentence per failed gate, e.g. `max-live-deviation 0.01: the largest deviation is 4.2e-2 (row 3 dense_1[0])`. */
export function gateFailures(c: ChallengerComparison): string[] {
  return c.gates
    .filter((g) => !g.passed)
    .map((g) =>
      g.input === Inputs.MaxLiveDeviation
        ? `'${g.input}' is ${g.limit}, but the largest deviation is ${g.value}${c.maxDeviationAt && c.structuralMismatches === 0 ? ` (${c.maxDeviationAt})` : ''}`
        : `'${g.input}' is ${g.limit}, but ${g.value} rows changed (${c.changedBy === 'decision-threshold' ? `class at '${Inputs.DecisionThreshold}'` : 'beyond tolerance'})`
    )
}

/** A one-line verdict for the log, e.g. `3 of 100 rows changed; largest deviation 4.2e-2 at row 3 dense_1[0]`. */
export function comparisonLine(c: ChallengerComparison): string {
  const how = c.changedBy === 'decision-threshold' ? 'changed class' : 'differ beyond tolerance'
  const dev = c.maxDeviation !== null ? `; largest deviation ${showDeviation(c.maxDeviation)}${c.maxDeviationAt ? ` at ${c.maxDeviationAt}` : ''}` : ''
  const structural = c.structuralMismatches > 0 ? `; ${c.structuralMismatches} row(s) have another output field or shape` : ''
  return `${c.changedRows} of ${c.rowsCompared} row(s) ${how}${dev}${structural}`
}
