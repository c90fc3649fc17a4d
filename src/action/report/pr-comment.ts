/**
 * The sticky pull-request comment: one per pipeline, found by a hidden marker, created once and edited in place on
 * every run (and again by the post step once it tore the pipeline down): outcome, ids, inference URL, the golden
 * check with the first rows of its diff, latency, rollback and teardown. A refused write (fork PRs, a job without
 * `pull-requests: write`) is a warning naming the permission, never a failure.
 */
import { formatDuration } from '../duration.js'
import { githubClient, httpStatusOf, repoOf } from '../github.js'
import { formatTolerance } from '../inputs/tolerance.js'
import type { Logger } from '../api.js'
import { messageOf } from '../errors.js'
import type { RunRecord } from '../run-record.js'
import type { ActionSettings } from '../settings.js'
import { mismatchLine, showDeviation } from '../steps/golden.js'
import { finalOutcome } from './outcome.js'
import { code, escapeCell, table } from './summary.js'
import { championChallengerSection } from './comparison.js'

/** Longest failure text quoted in the comment (the job summary has it whole). */
const MAX_COMMENT_ERROR = 1500
/** Diff rows shown in the comment. */
const COMMENT_DIFF_ROWS = 5

/** The hidden marker that finds this pipeline's comment again. */
export function commentMarker(record: RunRecord): string {
  const ws = record.workspace?.name ?? String(record.workspace?.id ?? '')
  return `<!-- wallaroo-action:pr-comment workspace=${ws} pipeline=${record.pipelineName ?? record.pipeline?.name ?? ''} -->`
}

/** The comment's markdown. */
export function renderComment(record: RunRecord, runUrl?: string): string {
  const outcome = record.outcome ?? finalOutcome(record)
  const ok = outcome === 'success' || outcome === 'planned'
  const name = record.pipelineName ?? record.pipeline?.name ?? ''
  const rows: string[][] = [['Outcome', code(outcome)]]
  const p = record.pipeline
  if (p?.versionId !== undefined)
    rows.push(['Pipeline version', `${p.versionId}${p.version ? ` ${code(p.version)}` : ''}${p.versionReused ? ' (unchanged)' : ''}`])
  const d = record.deployment
  if (d?.name) rows.push(['Deployment', `${escapeCell(d.name)}${d.status ? ` · ${escapeCell(d.status)}` : ''}`])
  if (record.inferenceUrl) rows.push(['Inference URL', code(record.inferenceUrl)])
  const g = record.golden
  if (g) {
    const dev = g.maxDeviation === null ? '' : `; largest deviation ${showDeviation(g.maxDeviation)}`
    rows.push(['Golden check', g.passed ? `✅ ${g.rowsGot} row(s) within ${formatTolerance(g.tolerance)}${dev}` : `❌ ${g.totalMismatches} mismatch(es)${dev}`])
  } else if (record.smoke) {
    rows.push(['Golden check', 'not configured (no `expected-output`)'])
  }
  if (record.smoke) rows.push(['Smoke inference', `${record.smoke.inputRows} row(s), ${record.smoke.latencyMs} ms`])
  for (const c of record.cleanup) {
    const what = c.action === 'teardown' ? 'Teardown' : `On failure (${c.action})`
    rows.push([what, `${c.result === 'done' ? '✅' : c.result === 'failed' ? '❌' : '➖'} ${escapeCell(c.detail)}`])
  }
  const sha = record.context?.sha ? code(record.context.sha.slice(0, 7)) : ''
  const link = runUrl ?? record.context?.runUrl
  if (sha || link) rows.push(['Run', [sha, link ? `<a href="${escapeCell(link)}">workflow run</a>` : ''].filter(Boolean).join(' · ')])
  if (record.durationMs !== undefined) rows.push(['Duration', formatDuration(record.durationMs)])

  const parts = [commentMarker(record), `### ${ok ? '✅' : '❌'} Wallaroo ${record.operation} of \`${escapeCell(name)}\`: ${outcome}`]
  if (record.error) {
    const text = record.error.length > MAX_COMMENT_ERROR ? `${record.error.slice(0, MAX_COMMENT_ERROR)}… (the job summary has the rest)` : record.error
    parts.push(
      text
        .split(/\r?\n/)
        .map((l) => `> ${l.replace(/[&<>|`*~]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
        .join('<br>\n')
    )
  }
  parts.push(
    table(
      ['', ''],
      rows.map(([k, v]) => [`**${k}**`, v])
    )
  )
  // Champion and challenger: the comparison table and its worst rows, folded (it can be long).
  const cc = championChallengerSection(record)
  if (cc.length > 0)
    parts.push(
      `<details><summary>Champion and challenger${record.comparison && !record.comparison.skipped ? `: ${record.comparison.challengers.map((c) => `${c.changedRows} of ${c.rowsCompared} row(s) changed`).join('; ')}` : ''}</summary>\n\n${cc.slice(1).join('\n\n')}\n\n</details>`
    )
  if (g && !g.passed) {
    const shown = g.mismatches.slice(0, COMMENT_DIFF_ROWS)
    parts.push(
      `<details><summary>Golden diff: first ${shown.length} of ${g.totalMismatches}</summary>\n\n${shown.map((m) => `- ${escapeCell(mismatchLine(m))}`).join('\n')}\n\n</details>`
    )
  }
  return parts.join('\n\n') + '\n'
}

/** Whether this run comments: `comment` when given, else on pull_request events only. */
export function wantsComment(settings: Pick<ActionSettings, 'comment' | 'github' | 'githubToken'>): boolean {
  return settings.comment && settings.github.prNumber !== undefined && settings.githubToken !== undefined && settings.github.repository !== undefined
}

/** Creates or edits the pipeline's comment on the pull request; failures are warnings. */
export async function upsertComment(settings: Pick<ActionSettings, 'comment' | 'github' | 'githubToken'>, record: RunRecord, log: Logger): Promise<void> {
  if (!wantsComment(settings)) return
  const pr = settings.github.prNumber!
  const body = renderComment(record)
  const marker = commentMarker(record)
  try {
    const octokit = await githubClient(settings)
    const repo = repoOf(settings)
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 })
    const mine = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker))
    if (mine) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: mine.id, body })
      log.info(`Updated the pull request comment for this pipeline (#${pr}, comment ${mine.id}).`)
    } else {
      const created = await octokit.rest.issues.createComment({ ...repo, issue_number: pr, body })
      log.info(`Commented on pull request #${pr} (comment ${created.data.id}).`)
    }
  } catch (e) {
    const status = httpStatusOf(e)
    const why =
      status === 403 || status === 401
        ? `GitHub refused the token (HTTP ${status}). Give the job 'permissions: pull-requests: write'; pull requests from forks get a read-only token, so they cannot be commented on`
        : status === 404
          ? `GitHub answered 404 for pull request #${pr}`
          : messageOf(e)
    log.warning(`The pull request comment was not written: ${why}. Set 'comment: false' to stop trying.`)
  }
}
