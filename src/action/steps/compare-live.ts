/**
 * `compare-with-live: true` (strategy basic): before deploying, the comparison input (`compare-input`, else
 * `smoke-input`) goes to the version that is Running and its answers are kept; once this run's version is Running
 * and checked, the same rows go to it, and the two answer sets are compared row by row with `tolerance`. The gates
 * `max-live-deviation` and `max-changed-rows` turn the comparison into a check whose failure triggers `on-failure`.
 */
import { outFields } from '../answers.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure } from '../errors.js'
import { comparisonInput } from '../inputs/rollout.js'
import type { DeployHooks } from '../operations/deploy.js'
import { phase, type ChallengerComparison, type ComparisonRecord, type PreviousVersion } from '../run-record.js'
import type { SmokeInput } from '../settings.js'
import { applyGates, compareAnswerSets, comparisonLine, gateFailures } from './compare.js'
import type { DeployTarget } from './deploy.js'
import { postInput } from './smoke.js'
import { checkWhoAnswered } from './who-answered.js'
import { answerOrigin } from '../answers.js'

/** Sends an input file to an inference URL and decodes the answer records (a comparison's request, not the smoke check). */
export async function inferRecords(ctx: RunContext, url: string, input: SmokeInput, to: string): Promise<unknown[]> {
  ctx.log.info(`Comparison: ${input.rows} row(s) from ${input.path} to ${to}.`)
  const { records, latencyMs } = await postInput(ctx, url, input)
  ctx.log.info(`Comparison: ${records.length} record(s) back from ${to} in ${formatDuration(latencyMs)}.`)
  return records
}

/** A pipeline version for the comparison table, e.g. `pipeline version 30 (1b4e…)`. */
function versionLabel(v: { versionId?: number; version?: string }): string {
  const id = v.versionId !== undefined ? `pipeline version ${v.versionId}` : 'pipeline version'
  return v.version ? `${id} (${v.version.slice(0, 8)}…)` : id
}

/** Logs a comparison as a few lines: the verdict, then each field. */
export function logComparison(ctx: RunContext, champion: string, c: ChallengerComparison): void {
  ctx.log.info(`Comparison of ${c.challenger} with ${champion}: ${comparisonLine(c)}.`)
  for (const f of c.fields) {
    const name = f.challengerField ? `${f.field} ↔ ${f.challengerField}` : f.field
    const cls = f.changedClass !== undefined ? `, ${f.changedClass} changed class` : ''
    const mean = f.meanDeviation !== null ? `, mean deviation ${f.meanDeviation.toExponential(2)}` : ''
    ctx.log.info(`  ${name}: ${f.rowsBeyondTolerance} of ${f.rowsCompared} row(s) beyond tolerance${cls}${mean}`)
  }
  for (const g of c.gates) ctx.log.info(`  '${g.input}' ${g.limit}: ${g.value} — ${g.passed ? 'within' : 'BEYOND'}`)
}

/** The failure of a comparison beyond its gates (outcome compare-failed, so `on-failure` acts). */
export function gateFailure(what: string, failed: ChallengerComparison[]): ActionFailure {
  const lines = failed.flatMap((c) => gateFailures(c).map((g) => `  ${c.challenger}: ${g}`))
  return new ActionFailure(
    `${what} beyond the gates:\n${lines.join('\n')}\nThe job summary shows the comparison per output field and the rows that differ most. If the change is intended, raise '${Inputs.MaxLiveDeviation}' or '${Inputs.MaxChangedRows}'.`,
    'compare-failed'
  )
}

/** The answers the live version gave before this run deployed (undefined when nothing was compared, with the reason recorded). */
async function liveAnswers(ctx: RunContext, t: DeployTarget, input: SmokeInput): Promise<unknown[] | undefined> {
  const { record, settings } = ctx
  const skip = (why: string): undefined => {
    record.comparison = {
      mode: 'live',
      champion: 'the live version',
      input: { path: input.path, rows: input.rows },
      tolerance: settings.tolerance,
      challengers: [],
      skipped: why
    }
    ctx.log.warning(`'${Inputs.CompareWithLive}': nothing compared: ${why}.`)
    return undefined
  }
  const previous: PreviousVersion | undefined = record.previous
  if (!previous) {
    return skip(
      t.wasDeployed === undefined
        ? 'this server has no pipelines/list_pipelines, so the live version cannot be found'
        : `no version of "${t.pipeline}" was Running before this run (a first deploy has nothing to compare with)`
    )
  }
  const url = await ctx.api.getExternalUrl(t.workspaceId, t.pipeline)
  const records = await inferRecords(ctx, url, input, `the live ${versionLabel(previous)}`)
  // The live answers must come from the version recorded as Running, or the comparison would be with something else.
  const foreign = records
    .map(answerOrigin)
    .find((o) => o.pipelineVersion !== undefined && previous.version !== undefined && o.pipelineVersion !== previous.version)
  if (foreign)
    return skip(
      `the live answers came from pipeline version ${foreign.pipelineVersion}, not from the Running ${versionLabel(previous)}: another deploy of the pipeline is under way`
    )
  return records
}

/** Hooks that make a basic deploy compare with the live version (none without `compare-with-live`). */
export function compareWithLiveHooks(ctx: RunContext, t: DeployTarget): DeployHooks {
  const { settings, record } = ctx
  const rollout = settings.rollout
  const input = comparisonInput(rollout, settings.smokeInput)
  if (!rollout?.compareWithLive || !input) return {}
  let live: unknown[] | undefined
  return {
    beforeDeploy: async () => {
      live = await phase(ctx, 'live-answers', `sending the comparison input to the live version of "${t.pipeline}"`, () => liveAnswers(ctx, t, input))
    },
    afterCheck: async (url) => {
      if (!live) return
      const liveRecords = live
      await phase(ctx, 'compare', `comparing the answers of "${t.pipeline}" with the live version's`, async () => {
        const previous = record.previous!
        // The smoke answers serve as the new answers when the comparison input is the smoke input.
        const ours = `this run's ${versionLabel({ versionId: t.versionId, version: t.version })}`
        let records = input === settings.smokeInput ? record.smoke?.records : undefined
        if (!records) {
          records = await inferRecords(ctx, url, input, ours)
          checkWhoAnswered(ctx, records, { pipeline: t.pipeline, version: t.version })
        }
        const champion = `the live ${versionLabel(previous)}`
        const compared = applyGates(
          compareAnswerSets(ours, liveRecords.map(outFields), records.map(outFields), {
            tolerance: settings.tolerance,
            decisionThreshold: rollout.decisionThreshold
          }),
          rollout.gates
        )
        const comparison: ComparisonRecord = {
          mode: 'live',
          champion,
          input: { path: input.path, rows: input.rows },
          tolerance: settings.tolerance,
          ...(rollout.decisionThreshold !== undefined ? { decisionThreshold: rollout.decisionThreshold } : {}),
          challengers: [compared]
        }
        record.comparison = comparison
        ctx.checkpoint()
        logComparison(ctx, champion, compared)
        if (!compared.passed) throw gateFailure(`the answers of ${ours} differ from ${champion}'s`, [compared])
      })
    }
  }
}
