/** `deploy`: the full flow (upload → pipeline version → deploy → wait for Running → smoke inference), one phase per module. */
import type { ModelRef } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { defaultDefinition, fillDefinition, modelRefsOf } from '../inputs/definition.js'
import { deployVersion, waitForRunning, type DeployTarget } from '../steps/deploy.js'
import { smokeAndCheck, type AnswerOrigin } from '../steps/check-answers.js'
import { underFailurePolicy } from '../steps/failure-policy.js'
import { guardAndRecordPrevious } from '../steps/live-version.js'
import { lastModelsOf } from '../steps/who-answered.js'
import { ensurePipelineVersion } from '../steps/pipeline.js'
import { modelKey } from '../steps/deploy-models.js'
import { phase } from '../run-record.js'
import { inferenceUrl } from '../steps/smoke.js'
import { givenVersionsNeedExistingWorkspace, resolveModels } from '../steps/upload.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { deploymentFromUrl } from '../steps/deployment-url.js'
import { compareWithLiveHooks } from '../steps/compare-live.js'

/** Resolves the workspace, the models and a pipeline version with the wanted definition (shared by deploy and create-pipeline). */
export async function preparePipeline(ctx: RunContext): Promise<DeployTarget> {
  const { settings, record } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  // Known from the inputs alone, so said before anything is uploaded (the default definition uses every model).
  if (settings.pipelineDefinition) {
    const used = new Set(modelRefsOf(settings.pipelineDefinition).map((m) => m.name))
    for (const m of settings.models) {
      if (!used.has(m.name)) ctx.log.warning(`Model "${m.name}" is listed in 'models' but no step of 'pipeline-definition' uses it.`)
    }
  } else if (settings.models.length > 1) {
    const names = settings.models.map((m) => `"${m.name}"`).join(' → ')
    ctx.log.warning(
      `No '${Inputs.PipelineDefinition}' given, so the ${settings.models.length} models of '${Inputs.Models}' run as a chain, in that order (${names}): each model gets the previous model's output, not the pipeline's input. Models that each expect the pipeline's input cannot chain like this; give '${Inputs.PipelineDefinition}' with the steps you want, e.g. {"steps": [{"ModelInference": {"models": [{"name": "${settings.models[0].name}"}]}}, …]}.`
    )
  }
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, () => givenVersionsNeedExistingWorkspace(ctx)))
  const models = await phase(ctx, 'models', 'preparing the models', () => resolveModels(ctx, workspaceId))
  const byName = new Map<string, ModelRef>(models.map((m) => [m.name, { name: m.name, version: m.version, sha: m.sha }]))
  const definition = settings.pipelineDefinition ? fillDefinition(settings.pipelineDefinition, byName) : defaultDefinition([...byName.values()])
  const version = await phase(ctx, 'pipeline', `creating a version of pipeline "${pipeline}"`, () =>
    ensurePipelineVersion(ctx, workspaceId, pipeline, definition)
  )
  if (record.pipeline) record.pipeline.definition = definition
  const modelVersionIds = new Map(models.filter((m) => m.versionId !== undefined).map((m) => [modelKey(m), m.versionId!]))
  return { workspaceId, pipeline, definition, modelVersionIds, ...version }
}

/** What a deploy flow adds to the plain one (champion and challenger use these). */
export interface DeployHooks {
  /** Skip the concurrency guard and keep `record.previous` (a second deploy in one run rolls back to what ran before the run). */
  skipGuard?: boolean
  /** After the guard, before pipelines/deploy: e.g. keep the live version's answers for `compare-with-live`. */
  beforeDeploy?: () => Promise<void>
  /** Replaces the check of the smoke answers (who answered, write-output, goldens). */
  check?: (records: unknown[], origin: AnswerOrigin) => void
  /** After the smoke check passed: more checks (comparisons, gates) whose failure triggers `on-failure`. */
  afterCheck?: (url: string) => Promise<void>
}

/** The `deploy` operation: prepare, guard, deploy, wait, check; on a failure after deploying, the `on-failure` policy acts. */
export async function runDeploy(ctx: RunContext): Promise<void> {
  const prepared = await preparePipeline(ctx)
  await deployPrepared(ctx, prepared, compareWithLiveHooks(ctx, prepared))
}

/** Guard, deploy, wait, smoke check (and the hooks' own checks) of a prepared version, under the `on-failure` policy. */
export async function deployPrepared(ctx: RunContext, prepared: DeployTarget, hooks: DeployHooks = {}): Promise<void> {
  const { settings, record, log } = ctx
  const { workspaceId, pipeline } = prepared
  if (prepared.wasDeployed === undefined) await phase(ctx, 'locate', `finding the deployment of "${pipeline}"`, () => discoverDeployment(ctx, prepared))
  if (!hooks.skipGuard) await phase(ctx, 'guard', `checking the deployment of "${pipeline}" before deploying`, () => guardAndRecordPrevious(ctx, prepared))
  if (hooks.beforeDeploy) await hooks.beforeDeploy()
  await underFailurePolicy(ctx, prepared, async () => {
    const deployment = await phase(ctx, 'deploy', `deploying pipeline "${pipeline}"`, () => deployVersion(ctx, prepared))
    await phase(ctx, 'wait', `waiting for deployment ${deployment.name}`, () => waitForRunning(ctx, deployment.name))
    const url = await phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline))
    const input = settings.smokeInput
    if (!input) {
      if (!hooks.afterCheck) {
        log.warning(
          `No '${Inputs.SmokeInput}' given: the deployment is Running, but nothing checked that it answers. Give a small input file (and '${Inputs.ExpectedOutput}' for its golden answers).`
        )
      }
    } else {
      const origin = { pipeline, version: prepared.version ?? record.pipeline?.version, lastModels: lastModelsOf(prepared.definition) }
      await smokeAndCheck(ctx, url, input, origin, hooks.check)
    }
    if (hooks.afterCheck) await hooks.afterCheck(url)
  })
}

/**
 * Without list_pipelines (servers before 2025) nothing said whether the pipeline is deployed: its inference URL names
 * the deployment once it ever was (§9.1), and the status says whether it is live. Knowing it lets the concurrency
 * guard and `on-failure: rollback` see what runs now, and a teardown tell a deployment this run started from one
 * that ran before.
 */
async function discoverDeployment(ctx: RunContext, t: DeployTarget): Promise<void> {
  const found = await deploymentFromUrl(ctx, t.workspaceId, t.pipeline)
  if (found.kind === 'none') {
    t.wasDeployed = false
    return
  }
  if (found.kind !== 'named') return
  t.deploymentId = found.id
  t.wasDeployed = (await ctx.api.getDeployment(found.name)) !== null
}
