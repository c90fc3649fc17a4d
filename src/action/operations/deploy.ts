/** `deploy`: the full flow (upload → pipeline version → deploy → wait for Running → smoke inference), one phase per module. */
import type { ModelRef, PipelineDefinition, PipelineListItem } from '../../wallaroo/types.js'
import { required, type RunContext } from '../context.js'
import { defaultDefinition, fillDefinition, modelRefsOf } from '../definition.js'
import { deployVersion, waitForRunning } from '../deploy.js'
import { ensurePipelineVersion } from '../pipeline.js'
import { phase } from '../run-record.js'
import { inferenceUrl, runSmoke } from '../smoke.js'
import { resolveModels } from '../upload.js'
import { resolveWorkspace } from '../workspace.js'

/** A pipeline version ready to deploy. */
export interface PreparedPipeline {
  workspaceId: number
  pipeline: string
  definition: PipelineDefinition
  pipelineId: number
  versionId: number
  /** list_pipelines' entry before this run. */
  before?: PipelineListItem
  /** False when the server has no list_pipelines. */
  lookupSupported: boolean
}

/** Resolves the workspace, the models and a pipeline version with the wanted definition (shared by deploy and create-pipeline). */
export async function preparePipeline(ctx: RunContext): Promise<PreparedPipeline> {
  const { settings, record, clock } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const workspaceId = await phase(record, clock.now, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, true))
  const models = await phase(record, clock.now, 'models', 'preparing the models', () => resolveModels(ctx, workspaceId))
  const byName = new Map<string, ModelRef>(models.map((m) => [m.name, { name: m.name, version: m.version, sha: m.sha }]))
  const definition = settings.pipelineDefinition ? fillDefinition(settings.pipelineDefinition, byName) : defaultDefinition([...byName.values()])
  const used = new Set(modelRefsOf(definition).map((m) => m.name))
  for (const m of models) {
    if (!used.has(m.name)) ctx.log.warning(`Model "${m.name}" is listed in 'models' but no step of 'pipeline-definition' uses it.`)
  }
  const version = await phase(record, clock.now, 'pipeline', `creating a version of pipeline "${pipeline}"`, () => ensurePipelineVersion(ctx, workspaceId, pipeline, definition))
  return { workspaceId, pipeline, definition, pipelineId: version.pipelineId, versionId: version.versionId, before: version.before, lookupSupported: version.lookupSupported }
}

/** The `deploy` operation. */
export async function runDeploy(ctx: RunContext): Promise<void> {
  const { settings, record, clock } = ctx
  const prepared = await preparePipeline(ctx)
  const { workspaceId, pipeline } = prepared
  const deployment = await phase(record, clock.now, 'deploy', `deploying pipeline "${pipeline}"`, () => deployVersion(ctx, prepared))
  await phase(record, clock.now, 'wait', `waiting for deployment ${deployment.name}`, () => waitForRunning(ctx, deployment.name))
  const url = await phase(record, clock.now, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline))
  if (settings.smokeInput) {
    const input = settings.smokeInput
    await phase(record, clock.now, 'smoke', `running the smoke inference on "${pipeline}"`, () => runSmoke(ctx, url, input))
  }
}
