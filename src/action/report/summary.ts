/** The job summary (markdown), rendered from the run record on success and on failure. */
import { formatDuration } from '../duration.js'
import type { RunRecord } from '../run-record.js'
import { formatTolerance } from '../inputs/tolerance.js'
import { showDeviation } from '../steps/golden.js'
import { finalOutcome } from './outcome.js'
import { outFields, shadowOutputs, splitModelOf } from '../answers.js'
import { championChallengerSection } from './comparison.js'

/** Rows of smoke answers shown in the summary. */
const SUMMARY_SMOKE_ROWS = 5
/** Longest text shown in one summary cell. */
const MAX_CELL = 300
/** Longest failure message shown: far more than any real one, but a runaway server text cannot flood the summary. */
export const MAX_ERROR_TEXT = 4000

/** HTML specials, pipes and backticks as entities (server text is untrusted). */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/`/g, '&#96;')
}

/** Escapes text for a markdown table cell: HTML specials, pipes and newlines, cut to 300 characters. */
export function escapeCell(text: string): string {
  const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text
  return escapeHtml(cut).replace(/\r?\n/g, '<br>')
}

/**
 * The failure message as a quote block, whole: its last sentence is usually the fix. Besides HTML specials, `*`
 * and `~` become entities so server text cannot turn into emphasis or strike-through (GFM never does so for an
 * intra-word `_`, and `[x]` without a link target stays text, so those are left readable in the raw markdown).
 */
export function errorBlock(text: string): string {
  const shown = text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (${text.length - MAX_ERROR_TEXT} more characters in the step log)` : text
  return shown
    .split(/\r?\n/)
    .map((line) => `> ${line.replace(/[&<>|`*~]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
    .join('<br>\n')
}

/** Text as inline code in a table cell. */
export function code(text: string): string {
  return `<code>${escapeCell(text)}</code>`
}

/** A markdown table. */
export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

/** The part of an answer record worth showing: `out` (and the anomaly count) when present, else the whole record. */
function answerCells(r: unknown): [string, string] {
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    const o = r as Record<string, unknown>
    const outKeys = Object.keys(o).filter((k) => k === 'out' || (k.startsWith('out.') && k !== 'out._model_split'))
    const shown = outKeys.length > 0 ? Object.fromEntries(outKeys.map((k) => [k, k === 'out' ? outFields(o) : o[k]])) : o
    const anomaly = o.anomaly ?? o['anomaly.count'] ?? o.check_failures
    return [code(JSON.stringify(shown)), anomaly === undefined ? '' : code(JSON.stringify(anomaly))]
  }
  return [code(JSON.stringify(r)), '']
}

/**
 * The smoke answers as a table. An A/B split adds which model answered each row (`out._model_split`); a shadow deploy
 * adds the challengers' outputs (`out_<challenger>` groups), so champion and challengers can be compared at a glance.
 */
function smokeTable(records: unknown[]): string {
  const split = records.map(splitModelOf)
  const shadow = records.map(shadowOutputs)
  const header = ['#', 'Output', 'Anomalies']
  if (split.some(Boolean)) header.push('Answered by (A/B split)')
  if (shadow.some(Boolean)) header.push('Shadow outputs (challengers)')
  const rows = records.map((r, i) => {
    const row = [String(i + 1), ...answerCells(r)]
    if (split.some(Boolean)) {
      const m = split[i]
      row.push(m ? `${escapeCell(m.name ?? m.sha ?? '?')}${m.version ? ` ${code(m.version)}` : ''}` : '')
    }
    if (shadow.some(Boolean)) {
      const groups = shadow[i]
      row.push(
        groups
          ? Object.entries(groups)
              .map(([name, out]) => `${escapeCell(name)}: ${code(JSON.stringify(out))}`)
              .join('<br>')
          : ''
      )
    }
    return row
  })
  return table(header, rows)
}

/** The smoke-check row: golden verdict, or why nothing was checked. */
function smokeCheckCell(record: RunRecord): string | undefined {
  const g = record.golden
  if (g) {
    const dev = g.maxDeviation === null ? '' : `, largest deviation ${showDeviation(g.maxDeviation)}`
    return g.passed
      ? `✅ matches ${code(g.expectedPath)} (${g.valuesCompared} values within ${formatTolerance(g.tolerance)}${dev})`
      : `❌ ${g.totalMismatches} mismatch(es) against ${code(g.expectedPath)}${dev}`
  }
  if (record.operation === 'deploy' && !record.smoke && record.error === undefined && !record.plan) return '⚠️ not checked: no smoke-input'
  if (record.smoke) return 'answered (no expected-output to compare with)'
  return undefined
}

/** The golden diff as a table: which rows and fields, expected, got, off by how much. */
function goldenSection(record: RunRecord): string[] {
  const g = record.golden
  if (!g || g.passed) return []
  const rows = g.mismatches.map((m) => [
    m.row < 0 ? 'all' : String(m.row + 1),
    code(m.field || 'row count'),
    code(m.expected),
    code(m.got),
    m.deviation !== undefined ? showDeviation(m.deviation) : escapeCell(m.kind)
  ])
  const more = g.totalMismatches > g.mismatches.length ? `\n\n… and ${g.totalMismatches - g.mismatches.length} more mismatch(es).` : ''
  return [`### Golden check: ${g.totalMismatches} mismatch(es)`, table(['Row', 'Field', 'Expected', 'Got', 'Off by'], rows) + more]
}

/** What the failure policy and the teardown did. */
function cleanupSection(record: RunRecord): string[] {
  if (record.cleanup.length === 0) return []
  const icon = (r: string): string => (r === 'done' ? '✅' : r === 'failed' ? '❌' : '➖')
  return [
    '### After the failure',
    table(
      ['Action', 'Result', 'Where', 'Details'],
      record.cleanup.map((c) => [
        escapeCell(c.action === 'teardown' ? 'teardown' : `on-failure: ${c.action}`),
        `${icon(c.result)} ${c.result}`,
        c.where === 'post' ? 'post step' : 'this step',
        escapeCell(c.detail)
      ])
    )
  ]
}

/** Markdown for the job summary. */
export function renderSummary(record: RunRecord, durationMs: number): string {
  const ok = record.error === undefined
  const outcome = record.outcome ?? finalOutcome(record)
  const parts: string[] = []
  const name = record.pipelineName ?? record.pipeline?.name
  // The pipeline in the heading tells matrix jobs apart.
  const of = name ? ` of ${escapeCell(name)}` : ''
  const verdict = outcome === 'planned' ? ': dry run, nothing changed' : ok ? ' succeeded' : ` failed: ${outcome}`
  parts.push(`## ${outcome === 'planned' ? '📝' : ok ? '✅' : '❌'} Wallaroo ${record.operation}${of}${verdict}`)
  if (!ok) parts.push(errorBlock(record.error!))

  const rows: string[][] = []
  rows.push(['Outcome', code(outcome)])
  const ws = record.workspace
  if (ws) rows.push(['Workspace', `${escapeCell(ws.name ?? '')} (id ${ws.id}${ws.created ? ', created by this run' : ''})`])
  const p = record.pipeline
  if (p) {
    rows.push(['Pipeline', `${escapeCell(p.name)}${p.id !== undefined ? ` (id ${p.id}${p.created ? ', created by this run' : ''})` : ''}`])
    if (p.versionId !== undefined) {
      rows.push(['Pipeline version', `${p.versionId}${p.version ? ` ${code(p.version)}` : ''} (${p.versionReused ? 'reused: definition unchanged' : 'new'})`])
    }
  }
  const prev = record.previous
  if (prev)
    rows.push(['Running before', `${prev.versionId !== undefined ? `version ${prev.versionId}` : 'a version'}${prev.version ? ` ${code(prev.version)}` : ''}`])
  const d = record.deployment
  if (d?.name || d?.id !== undefined) rows.push(['Deployment', `${escapeCell(d.name ?? '')}${d.id !== undefined ? ` (id ${d.id})` : ''}`])
  if (d?.status) rows.push(['Status', escapeCell(d.status)])
  if (record.inferenceUrl) rows.push(['Inference URL', code(record.inferenceUrl)])
  if (record.smoke)
    rows.push(['Smoke inference', `${record.smoke.inputRows} row(s) in, ${record.smoke.records.length} record(s) out, ${record.smoke.latencyMs} ms`])
  const check = smokeCheckCell(record)
  if (check) rows.push(['Smoke check', check])
  if (record.answeredBy && record.answeredBy.verified !== 'no') rows.push(['Answered by', escapeCell(record.answeredBy.detail)])
  if (record.context?.sha) rows.push(['Commit', code(record.context.sha.slice(0, 12))])
  if (record.context?.runUrl) rows.push(['Run', `<a href="${escapeCell(record.context.runUrl)}">${escapeCell(record.context.runUrl)}</a>`])
  rows.push(['Duration', formatDuration(durationMs)])
  parts.push(
    table(
      ['Item', 'Value'],
      rows.map(([k, v]) => [`**${k}**`, v])
    )
  )

  parts.push(...goldenSection(record), ...championChallengerSection(record), ...cleanupSection(record))
  if (record.plan) {
    parts.push('### Plan (dry run: nothing was changed)')
    parts.push(
      record.plan.length === 0
        ? 'Nothing to do.'
        : table(
            ['Action', 'Target', 'Details'],
            record.plan.map((st) => [escapeCell(st.action), escapeCell(st.target), escapeCell(st.detail)])
          )
    )
  }
  if (record.swept) {
    parts.push(`### Swept: ${record.swept.length} pipeline(s)`)
    if (record.swept.length > 0)
      parts.push(
        table(
          ['Pipeline', 'Why', 'Deleted'],
          record.swept.map((x) => [escapeCell(x.name), escapeCell(x.reason), x.deleted === false ? 'no (undeployed only)' : 'yes'])
        )
      )
  }
  if (record.phases.length > 0) {
    const share = (ms: number): string => (record.timeoutMs ? `${Math.round((100 * ms) / record.timeoutMs)}%` : '')
    parts.push('### Phases')
    parts.push(
      table(
        ['Phase', 'Outcome', 'Time', "Share of 'timeout'"],
        record.phases.map((ph) => [escapeCell(ph.name), ph.outcome === 'ok' ? '✅ ok' : '❌ failed', formatDuration(ph.ms), share(ph.ms)])
      )
    )
  }
  if (record.models.length > 0) {
    parts.push('### Models')
    parts.push(
      table(
        ['Name', 'Version id', 'Version', 'SHA-256', 'Source'],
        record.models.map((m) => [
          escapeCell(m.name),
          m.versionId === undefined ? '' : String(m.versionId),
          code(m.version),
          code(m.sha.slice(0, 12) + '…'),
          m.source
        ])
      )
    )
  }
  if (record.smoke && record.smoke.records.length > 0) {
    const shown = record.smoke.records.slice(0, SUMMARY_SMOKE_ROWS)
    parts.push(`### Smoke answers (first ${shown.length} of ${record.smoke.records.length})`)
    parts.push(smokeTable(shown))
  }
  return parts.join('\n\n') + '\n'
}
