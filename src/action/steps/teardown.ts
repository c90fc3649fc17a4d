/**
 * `teardown` (in the post step): removes exactly what this run created — the deployment it started and the
 * pipeline it created — so ephemeral PR pipelines never outlive their job. An `ephemeral` pipeline belongs to its
 * pull request (or commit) as a whole, so its deployment and pipeline are removed whoever created them. Models are
 * kept (the API has no delete for them); a workspace this run created stays too (no delete endpoint either).
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { RunContext } from '../context.js'
import { describeFailureBriefly } from '../report/hints.js'
import type { CleanupOutcome } from '../run-record.js'
import { deploymentName } from './deploy.js'
import { findPipeline } from './pipeline.js'
import { undeployAndWait } from './undeploy.js'

/** Deletes the pipeline; false when the server has no pipelines/delete_pipeline (before 2025). */
async function deletePipeline(ctx: RunContext, name: string, workspaceId: number): Promise<boolean> {
  try {
    await ctx.api.deletePipeline(name, workspaceId)
    return true
  } catch (e) {
    if (e instanceof WallarooApiError && e.code === 'NOT_FOUND') return false
    throw e
  }
}

/** Removes what this run created; records and returns what it did. Never throws. */
export async function tearDown(ctx: RunContext): Promise<CleanupOutcome> {
  const { record, api, log } = ctx
  const done = (result: CleanupOutcome['result'], detail: string): CleanupOutcome => {
    const outcome: CleanupOutcome = { action: 'teardown', result, detail, where: 'post' }
    record.cleanup.push(outcome)
    ;(result === 'failed' ? log.warning : log.info)(`teardown: ${detail}`)
    return outcome
  }
  const name = record.pipelineName ?? record.pipeline?.name
  const workspaceId = record.workspace?.id
  if (!name || workspaceId === undefined) return done('skipped', 'this run created nothing to tear down')
  const ephemeral = record.policy?.ephemeral === true
  const createdPipeline = record.created.some((c) => c.kind === 'pipeline' && c.name === name)
  const startedDeployment = record.created.some((c) => c.kind === 'deployment') || record.deployment?.wasDeployed === false
  const ownsPipeline = createdPipeline || ephemeral
  if (!ownsPipeline && !startedDeployment) {
    return done('skipped', `pipeline "${name}" and its deployment existed before this run, so they are left as they are`)
  }
  try {
    const lookup = await findPipeline(api, workspaceId, name)
    if (lookup.kind === 'absent') return done('done', `pipeline "${name}" is already gone`)
    const listed = lookup.kind === 'found' ? lookup.item : undefined
    const deploymentId = listed?.deployment?.id ?? record.deployment?.id
    const deployed = listed ? listed.deployment?.deployed === true : deploymentId !== undefined
    const steps: string[] = []
    if (deployed && deploymentId !== undefined) {
      const depName = deploymentName(name, deploymentId)
      if ((await api.getDeployment(depName)) !== null) {
        await undeployAndWait(ctx, { deploymentId, name: depName, pipelineId: listed?.pipeline.id ?? record.pipeline?.id }, 'cleanup')
        steps.push(`deployment ${depName} undeployed`)
      }
    }
    if (ownsPipeline) {
      const deleted = await deletePipeline(ctx, name, workspaceId)
      steps.push(deleted ? `pipeline "${name}" deleted` : `pipeline "${name}" kept (this server has no pipelines/delete_pipeline; it is undeployed)`)
    }
    return done('done', steps.length > 0 ? steps.join('; ') : `pipeline "${name}" was not deployed; nothing to remove`)
  } catch (e) {
    return done('failed', `removing pipeline "${name}" failed, so it may still be deployed: ${describeFailureBriefly(e, ctx.settings)}`)
  }
}
