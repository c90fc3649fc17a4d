/**
 * Champion and challenger in markdown: what the strategy did (shadow, canary, promote, reject), then per challenger
 * a table per output field (rows compared, beyond tolerance, changed class, max and mean deviation), the gates and
 * the rows that differ most. Rendered from the run record alone, for the job summary and the PR comment.
 */
import { formatTolerance } from '../inputs/tolerance.js'
import type { ChallengerComparison, ComparisonRecord, RolloutRecord, RunRecord } from '../run-record.js'
import { showDeviation } from '../steps/golden.js'
import { code, escapeCell, table } from './summary.js'

/** A model of the rollout record, e.g. <code>ccfraud</code>. */
function model(m: { name: string } | undefined): string {
  return m ? code(m.name) : '?'
}

/** One sentence on what the strategy (or promote/reject) did. */
export function rolloutLine(r: RolloutRecord): string {
  const challengers = r.challengers.map(model).join(', ')
  const decision = r.decision ? ` ${decisionIcon(r.decision.result)} ${escapeCell(r.decision.detail)}.` : ''
  switch (r.strategy) {
    case 'shadow':
      return `**Shadow deploy**: champion ${model(r.champion)} answered; challenger(s) ${challengers} ran on the same requests${r.decision?.policy ? ` (promote: ${code(r.decision.policy)})` : ''}.${decision}`
    case 'canary':
      return `**Canary**: challenger ${challengers} gets ${r.canary?.weight ?? '?'}% of the requests, champion ${model(r.champion)} the rest${r.canary?.hashKey ? `, sticky by column ${code(r.canary.hashKey)}` : ''}.${decision}`
    default:
      return `**${r.strategy === 'promote' ? 'Promote' : 'Reject'}**:${decision || ' (not finished)'}`
  }
}

function decisionIcon(result: NonNullable<RolloutRecord['decision']>['result']): string {
  return result === 'not-promoted' ? '❌' : result === 'nothing-to-do' ? '➖' : '✅'
}

/** The per-field table of one challenger. */
function fieldTable(c: ChallengerComparison): string {
  const threshold = c.fields.some((f) => f.changedClass !== undefined)
  const header = ['Output field', 'Rows compared', 'Beyond tolerance', ...(threshold ? ['Changed class'] : []), 'Max deviation', 'Mean deviation']
  const rows = c.fields.map((f) => [
    code(f.challengerField ? `${f.field} ↔ ${f.challengerField}` : f.field),
    String(f.rowsCompared),
    String(f.rowsBeyondTolerance),
    ...(threshold ? [f.changedClass === undefined ? '—' : String(f.changedClass)] : []),
    f.maxDeviation === null ? '—' : showDeviation(f.maxDeviation),
    f.meanDeviation === null ? '—' : showDeviation(f.meanDeviation)
  ])
  return table(header, rows)
}

/** The rows that differ most. */
function worstTable(c: ChallengerComparison): string {
  const threshold = c.worstRows.some((w) => w.classChanged !== undefined)
  const rows = c.worstRows.map((w) => [
    String(w.row + 1),
    code(w.field),
    code(w.champion),
    code(w.challenger),
    w.deviation === null ? 'differs' : showDeviation(w.deviation),
    ...(threshold ? [w.classChanged ? 'yes' : 'no'] : [])
  ])
  return table(['Row', 'Field', 'Champion', 'Challenger', 'Off by', ...(threshold ? ['Class changed'] : [])], rows)
}

/** One challenger against the champion: verdict, fields, gates, worst rows. */
export function challengerMarkdown(comparison: ComparisonRecord, c: ChallengerComparison): string[] {
  const verdict = c.gates.length === 0 ? '' : c.passed ? ' ✅ within the gates' : ' ❌ beyond the gates'
  const how = c.changedBy === 'decision-threshold' ? `changed class at ${code(String(comparison.decisionThreshold))}` : 'differ beyond tolerance'
  const parts = [
    `#### ${escapeCell(c.challenger)} against ${escapeCell(comparison.champion)}:${verdict}`,
    `${c.changedRows} of ${c.rowsCompared} row(s) ${how}${c.maxDeviation !== null ? `; largest deviation ${showDeviation(c.maxDeviation)}${c.maxDeviationAt ? ` (${escapeCell(c.maxDeviationAt)})` : ''}` : ''}.`,
    fieldTable(c)
  ]
  if (c.gates.length > 0) {
    parts.push(
      table(
        ['Gate', 'Limit', 'Value', 'Result'],
        c.gates.map((g) => [code(g.input), code(g.limit), escapeCell(g.value), g.passed ? '✅ within' : '❌ beyond'])
      )
    )
  }
  if (c.worstRows.length > 0) parts.push(`Rows that differ most:\n\n${worstTable(c)}`)
  return parts
}

/** The whole comparison: input, tolerance, then each challenger. */
export function comparisonMarkdown(comparison: ComparisonRecord): string[] {
  const mode =
    comparison.mode === 'live'
      ? 'the live version answered before this run deployed, the new version after'
      : 'one request through the shadow deploy; champion and challengers answered side by side'
  const head = `Compared on ${comparison.input.rows} row(s) from ${code(comparison.input.path)} (${mode}); tolerance ${code(formatTolerance(comparison.tolerance))}${comparison.decisionThreshold !== undefined ? `, decision threshold ${code(String(comparison.decisionThreshold))}` : ''}.`
  if (comparison.skipped) return [`${head}\n\n➖ Nothing compared: ${escapeCell(comparison.skipped)}.`]
  return [head, ...comparison.challengers.flatMap((c) => challengerMarkdown(comparison, c))]
}

/** The job summary's section, empty when the run had no champion and challenger. */
export function championChallengerSection(record: RunRecord): string[] {
  if (!record.rollout && !record.comparison) return []
  return [
    '### Champion and challenger',
    ...(record.rollout ? [rolloutLine(record.rollout)] : []),
    ...(record.comparison ? comparisonMarkdown(record.comparison) : [])
  ]
}
