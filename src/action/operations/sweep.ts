/**
 * `sweep`: removes stale ephemeral pipelines in `workspace`: those whose names start with `prefix` and that are
 * older than `max-age` (by their last change) or belong to a closed pull request (`closed-prs`, names ending in
 * `-pr-<number>`). Each is undeployed and deleted (where the server has pipelines/delete_pipeline). A name without
 * the prefix is never touched.
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { PipelineListItem } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure, messageOf } from '../errors.js'
import { githubClient, httpStatusOf, repoOf } from '../github.js'
import { describeFailureBriefly } from '../report/hints.js'
import { phase } from '../run-record.js'
import { deploymentName } from '../steps/deploy.js'
import { listPipelinesIn } from '../steps/pipeline.js'
import { undeployAndWait } from '../steps/undeploy.js'
import { findWorkspace } from '../steps/workspace.js'

/** A pipeline to remove, and why. */
export interface SweepCandidate {
  name: string
  id: number
  workspaceId: number
  deploymentId?: number
  deployed: boolean
  reason: string
}

/** The newest timestamp list_pipelines shows for a pipeline (its last change), in epoch ms; undefined when none parses. */
function lastChange(item: PipelineListItem): number | undefined {
  const times = [item.pipeline.updated_at, item.pipeline.created_at, item.pipeline_version?.created_at]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t))
  return times.length > 0 ? Math.max(...times) : undefined
}

/** The pull request number in an ephemeral name (`…-pr-<n>`). */
function prNumberIn(name: string): number | undefined {
  const m = /-pr-(\d+)$/.exec(name)
  return m ? Number(m[1]) : undefined
}

/** Whether pull request `n` is closed; undefined (and a warning) when GitHub does not say. */
async function isClosed(ctx: RunContext, n: number, cache: Map<number, boolean | undefined>): Promise<boolean | undefined> {
  if (cache.has(n)) return cache.get(n)
  let closed: boolean | undefined
  try {
    const octokit = await githubClient(ctx.settings)
    const { data } = await octokit.rest.pulls.get({ ...repoOf(ctx.settings), pull_number: n })
    closed = data.state === 'closed'
  } catch (e) {
    const status = httpStatusOf(e)
    const why =
      status === 403 || status === 401
        ? `GitHub refused the token (HTTP ${status}); give the job 'pull-requests: read'`
        : status === 404
          ? 'GitHub has no such pull request'
          : messageOf(e)
    ctx.log.warning(`Pull request #${n} could not be read, so its pipeline is kept: ${why}.`)
  }
  cache.set(n, closed)
  return closed
}

/** The stale pipelines (read-only; shared by the sweep and its dry run). */
export async function sweepCandidates(ctx: RunContext): Promise<SweepCandidate[]> {
  const { settings, api, log } = ctx
  const prefix = required(settings.prefix, 'prefix')
  const ws = await findWorkspace(ctx)
  if (!ws.found) {
    log.warning(`Nothing to sweep: workspace ${JSON.stringify(settings.workspace)} does not exist or this user is not a member. Check '${Inputs.Workspace}'.`)
    return []
  }
  const workspaceId = ws.found.id
  ctx.record.workspace = { id: workspaceId, name: ws.found.name, created: false }
  const items = await listPipelinesIn(api, workspaceId)
  if (items === undefined) {
    throw new ActionFailure(
      `this Wallaroo server has no pipelines/list_pipelines (older than 2025), so 'sweep' cannot find the pipelines named '${prefix}…'; remove them with operation 'undeploy' per pipeline`
    )
  }
  const now = Date.now()
  const prs = new Map<number, boolean | undefined>()
  const out: SweepCandidate[] = []
  for (const item of items) {
    const name = item.pipeline.pipeline_id
    if (!name.startsWith(prefix) || (item.pipeline.workspace_id !== undefined && item.pipeline.workspace_id !== workspaceId)) continue
    const reasons: string[] = []
    const changed = lastChange(item)
    if (settings.maxAgeMs !== undefined && changed !== undefined && now - changed > settings.maxAgeMs) {
      reasons.push(
        `last changed ${new Date(changed).toISOString()}, ${formatDuration(now - changed)} ago (older than '${Inputs.MaxAge}' ${formatDuration(settings.maxAgeMs)})`
      )
    }
    const pr = prNumberIn(name)
    if (settings.closedPrs && pr !== undefined && (await isClosed(ctx, pr, prs))) reasons.push(`pull request #${pr} is closed`)
    if (reasons.length === 0) {
      log.info(
        `Keeping pipeline "${name}": ${changed === undefined ? 'no change time is known' : `changed ${formatDuration(now - changed)} ago`}${pr !== undefined && settings.closedPrs ? `, pull request #${pr} is not known to be closed` : ''}.`
      )
      continue
    }
    out.push({
      name,
      id: item.pipeline.id,
      workspaceId,
      ...(item.deployment?.id !== undefined ? { deploymentId: item.deployment.id } : {}),
      deployed: item.deployment?.deployed === true,
      reason: reasons.join('; ')
    })
  }
  return out
}

/** Undeploys (if deployed) and deletes one pipeline; returns whether it could be deleted. */
async function removePipeline(ctx: RunContext, c: SweepCandidate): Promise<boolean> {
  if (c.deployed && c.deploymentId !== undefined) {
    await undeployAndWait(ctx, { deploymentId: c.deploymentId, name: deploymentName(c.name, c.deploymentId), pipelineId: c.id }, 'main')
  }
  try {
    await ctx.api.deletePipeline(c.name, c.workspaceId)
    return true
  } catch (e) {
    // No delete_pipeline before 2025: undeployed is as far as it goes.
    if (e instanceof WallarooApiError && e.code === 'NOT_FOUND') return false
    throw e
  }
}

/** The `sweep` operation. */
export async function runSweep(ctx: RunContext): Promise<void> {
  const { record, log } = ctx
  const candidates = await phase(ctx, 'find', 'finding stale pipelines', () => sweepCandidates(ctx))
  record.swept = []
  if (candidates.length === 0) return log.info(`Nothing to sweep: no pipeline named '${ctx.settings.prefix}…' is stale.`)
  const failures: string[] = []
  await phase(ctx, 'remove', `removing ${candidates.length} pipeline(s)`, async () => {
    for (const c of candidates) {
      try {
        const deleted = await removePipeline(ctx, c)
        record.swept!.push({ name: c.name, id: c.id, reason: c.reason, ...(deleted ? {} : { deleted: false }) })
        log.info(
          `Swept pipeline "${c.name}" (${c.reason})${deleted ? ': undeployed and deleted' : ': undeployed; this server cannot delete pipelines, so it stays, undeployed'}.`
        )
      } catch (e) {
        failures.push(`"${c.name}": ${describeFailureBriefly(e, ctx.settings)}`)
      }
    }
    if (failures.length > 0)
      throw new ActionFailure(
        `${failures.length} of ${candidates.length} pipeline(s) could not be removed:\n${failures.map((f) => `  ${f}`).join('\n')}`,
        'cleanup-failed'
      )
  })
}
