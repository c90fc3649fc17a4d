/**
 * The bench's figures and their verdicts: every figure beside the baseline measured in the same run, their ratio,
 * the target and ok/MISSED. Pure, so a unit test can check the verdicts and the formatting.
 */

/** A target: the ratio at most / at least some value, or the figure itself at most some value (same unit). */
export type Target = { ratioAtMost: number } | { ratioAtLeast: number } | { atMost: number } | { reported: true }

/** One line of the bench. */
export interface Figure {
  name: string
  /** What was measured, in `unit`. */
  value: number
  /** What it is compared with, measured in the same run, in `unit`; its name says what it is. */
  baseline: { name: string; value: number }
  unit: string
  target: Target
  /** What a reader needs beside the numbers (e.g. the calls beyond the minimum, each with its reason). */
  note?: string
}

export type Verdict = 'ok' | 'MISSED' | 'reported'

/** figure ÷ baseline (Infinity for a zero baseline and a non-zero figure, 1 for both zero). */
export function ratioOf(f: Pick<Figure, 'value' | 'baseline'>): number {
  if (f.baseline.value === 0) return f.value === 0 ? 1 : Infinity
  return f.value / f.baseline.value
}

/** ok when the target holds, MISSED when not (or when a figure is not a number), reported when there is no target. */
export function verdictOf(f: Figure): Verdict {
  const t = f.target
  if ('reported' in t) return 'reported'
  if (!Number.isFinite(f.value) || !Number.isFinite(f.baseline.value)) return 'MISSED'
  const ratio = ratioOf(f)
  if ('ratioAtMost' in t) return ratio <= t.ratioAtMost ? 'ok' : 'MISSED'
  if ('ratioAtLeast' in t) return ratio >= t.ratioAtLeast ? 'ok' : 'MISSED'
  return f.value <= t.atMost ? 'ok' : 'MISSED'
}

/** A number as the table shows it: 3 significant digits, no exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  return n.toFixed(digits)
}

/** The target as text, e.g. `≤ 1.2×`, `≥ 0.8×`, `≤ 3000 ms`, `—`. */
export function formatTarget(f: Figure): string {
  const t = f.target
  if ('reported' in t) return '—'
  if ('ratioAtMost' in t) return `≤ ${t.ratioAtMost}×`
  if ('ratioAtLeast' in t) return `≥ ${t.ratioAtLeast}×`
  return `≤ ${formatNumber(t.atMost)} ${f.unit}`
}

/** The cells of one line: figure, value, baseline, ratio, target, verdict. */
export function cells(f: Figure): string[] {
  return [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    `${formatNumber(f.baseline.value)} ${f.unit} (${f.baseline.name})`,
    `${ratioOf(f).toFixed(2)}×`,
    formatTarget(f),
    verdictOf(f)
  ]
}

export const HEADER = ['figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'verdict']

/** A markdown table of the figures, with their notes below it. */
export function markdownTable(figures: Figure[]): string {
  const row = (c: string[]) => `| ${c.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`
  const lines = [row(HEADER), row(HEADER.map(() => '---')), ...figures.map((f) => row(cells(f)))]
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`)
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n')
}

/** One console line per figure. */
export function consoleLine(f: Figure): string {
  const [name, value, baseline, ratio, target, verdict] = cells(f)
  return `${name.padEnd(44)} ${value.padStart(12)}  vs ${baseline.padEnd(44)} ${ratio.padStart(7)}  target ${target.padEnd(10)} ${verdict}`
}
