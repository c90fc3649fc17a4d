/**
 * `copy-pipeline`: pipelines/copy (§7.3) of `source-pipeline` (its latest version, or `source-version`) into
 * `new-pipeline` in the same workspace. A re-run finds the copy already there (same definition) and leaves it; a
 * different pipeline of that name is refused. With `deploy-copy` the copy is deployed with the engine inputs (the
 * seed's `deploy` and `engine_config`), then waited for and checked like `deploy`, and `on-failure` applies. A copy
 * whose answer was lost (5xx, connection cut) is looked up, never sent twice.
 */
import type { CopyPipelineResponse, PipelineListItem } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { ActionFailure, InputMismatch } from '../errors.js'
import { WallarooApiError } from '../../wallaroo/errors.js'
import { currentDefinition, listPipelinesIn, pickPipeline, sameCurrentDefinition, versionPk } from '../steps/pipeline.js'
import { phase } from '../run-record.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { deploymentName, deployVersion, waitForRunning, type DeployTarget } from '../steps/deploy.js'
import { deploymentFromUrl } from '../steps/deployment-url.js'
import { guardAndRecordPrevious, statusModels, statusVersion } from '../steps/live-version.js'
import { underFailurePolicy } from '../steps/failure-policy.js'
import { createOrFind } from '../steps/ambiguous-create.js'
import { inferenceUrl } from '../steps/smoke.js'
import { smokeAndCheck } from '../steps/check-answers.js'
import { lastModelsOf } from '../steps/who-answered.js'

/** Where the source is, and what already holds the copy's name (undefined without list_pipelines). */
interface CopyPlan {
  sourceId: number
  source?: PipelineListItem
  existing?: PipelineListItem
  /** False on servers without list_pipelines: nothing above came from a lookup. */
  listed: boolean
}

/** Finds the source (by name or id) and a pipeline already named like the copy; refuses a copy that would clash. */
async function locateSource(ctx: RunContext, workspaceId: number): Promise<CopyPlan> {
  const { api, settings } = ctx
  const source = required(settings.sourcePipeline, 'source-pipeline')
  const target = required(settings.newPipeline, 'new-pipeline')
  const items = await listPipelinesIn(api, workspaceId)
  if (items === undefined) {
    if (settings.sourcePipelineId !== undefined) {
      ctx.log.info(
        `This server has no pipelines/list_pipelines (older than 2025): copying pipeline id ${settings.sourcePipelineId} without checking whether "${target}" exists already.`
      )
      return { sourceId: settings.sourcePipelineId, listed: false }
    }
    throw new InputMismatch(
      `this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' "${source}" cannot be resolved to an id; give the pipeline's numeric id instead, e.g. the 'pipeline-id' output of the step that deployed it (source-pipeline: \${{ steps.deploy.outputs.pipeline-id }})`
    )
  }
  const from =
    settings.sourcePipelineId !== undefined ? items.find((i) => i.pipeline.id === settings.sourcePipelineId) : pickPipeline(items, workspaceId, source)
  if (!from)
    throw new InputMismatch(
      `no pipeline ${settings.sourcePipelineId !== undefined ? `with id ${source}` : `"${source}"`} in workspace ${workspaceId}; check '${Inputs.SourcePipeline}'`
    )
  const to = pickPipeline(items, workspaceId, target)
  if (to) {
    const wanted = settings.sourceVersion
    // A named version other than the latest: its definition is not in the list, so the copy cannot be compared with it.
    if (wanted && from.pipeline_version?.version !== wanted) {
      throw new InputMismatch(
        `pipeline "${target}" already exists in workspace ${workspaceId} (id ${to.pipeline.id}), and whether it holds version ${wanted} of "${from.pipeline.pipeline_id}" cannot be told (only the latest version's definition can be read); choose another '${Inputs.NewPipeline}'`
      )
    }
    if (!sameCurrentDefinition(from, to)) {
      throw new InputMismatch(
        `pipeline "${target}" already exists in workspace ${workspaceId} (id ${to.pipeline.id}) with another definition than "${from.pipeline.pipeline_id}"; choose another '${Inputs.NewPipeline}'`
      )
    }
  }
  return { sourceId: from.pipeline.id, source: from, ...(to ? { existing: to } : {}), listed: true }
}

/** pipelines/copy; a 409 without list_pipelines means the name is taken, which the action could not check first. */
async function copy(ctx: RunContext, workspaceId: number, plan: CopyPlan): Promise<CopyPipelineResponse> {
  const { api, settings } = ctx
  const target = required(settings.newPipeline, 'new-pipeline')
  const engineConfig = { ...settings.engineConfig, workspace_id: settings.engineConfig.workspace_id ?? workspaceId }
  if (settings.deployCopy) {
    // Saved before sending: if the step is killed while the request is out, the post step still knows to look.
    ctx.record.deployment = { requested: true, wasDeployed: false }
    ctx.checkpoint()
  }
  const send = () =>
    api.copyPipeline({
      name: target,
      workspace_id: workspaceId,
      source_pipeline: plan.sourceId,
      ...(settings.sourceVersion ? { pipeline_version: settings.sourceVersion } : {}),
      ...(settings.deployCopy ? { deploy: target, engine_config: engineConfig } : {})
    })
  try {
    // Never re-sent (a second copy would be made): a lost answer is looked up where the server lists pipelines.
    return plan.listed ? await createOrFind(`pipeline "${target}"`, ctx.log, send, () => findCopy(ctx, workspaceId, target)) : await send()
  } catch (e) {
    if (!plan.listed && e instanceof WallarooApiError && e.code === 'CONFLICT') {
      throw new InputMismatch(
        `the server refused the copy (${e.detail.replace(/[.\s]+$/, '')}): a pipeline "${target}" probably exists already, and this server has no pipelines/list_pipelines to check whether it holds the same definition; choose another '${Inputs.NewPipeline}'`
      )
    }
    throw e
  }
}

/**
 * A copy whose answer was lost, read back from list_pipelines: the name was free when the run looked before
 * copying, so a pipeline of that name now is this copy.
 */
async function findCopy(ctx: RunContext, workspaceId: number, target: string): Promise<CopyPipelineResponse | undefined> {
  const item = await copyVersion(ctx, workspaceId, target)
  const versionId = versionPk(item)
  if (!item || versionId === undefined) return undefined
  return {
    pipeline_pk_id: item.pipeline.id,
    pipeline_variant_pk_id: versionId,
    pipeline_version: item.pipeline_version?.version ?? null,
    deployment: item.deployment ?? null
  }
}

/** The copy's version UUID, which pipelines/copy answers as null: from list_pipelines, else (once deployed) from its status. */
async function copyVersion(ctx: RunContext, workspaceId: number, target: string): Promise<PipelineListItem | undefined> {
  const items = await listPipelinesIn(ctx.api, workspaceId)
  return items && pickPipeline(items, workspaceId, target)
}

/** The `copy-pipeline` operation. */
export async function runCopyPipeline(ctx: RunContext): Promise<void> {
  const { record, log, settings } = ctx
  const source = required(settings.sourcePipeline, 'source-pipeline')
  const target = required(settings.newPipeline, 'new-pipeline')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  const plan = await phase(ctx, 'locate', `finding pipeline "${source}"`, () => locateSource(ctx, workspaceId))
  let item = plan.existing
  if (item) {
    log.info(`Pipeline "${target}" already exists with the definition of "${source}" (id ${item.pipeline.id}); not copied again.`)
    const versionId = versionPk(item)
    const version = item.pipeline_version?.version
    record.pipeline = {
      name: target,
      id: item.pipeline.id,
      ...(versionId !== undefined ? { versionId } : {}),
      ...(version ? { version } : {}),
      created: false,
      versionReused: true
    }
  } else {
    const made = await phase(ctx, 'copy', `copying pipeline "${source}" to "${target}"${settings.deployCopy ? ' and deploying it' : ''}`, () =>
      copy(ctx, workspaceId, plan)
    )
    record.pipeline = {
      name: target,
      id: made.pipeline_pk_id,
      versionId: made.pipeline_variant_pk_id,
      ...(made.pipeline_version ? { version: made.pipeline_version } : {}),
      created: true,
      versionReused: false
    }
    record.created.push({ kind: 'pipeline', id: made.pipeline_pk_id, name: target })
    const deployment = made.deployment as { id?: unknown } | null
    if (typeof deployment?.id === 'number') {
      const name = deploymentName(target, deployment.id)
      record.deployment = { ...record.deployment, id: deployment.id, name }
      record.created.push({ kind: 'deployment', id: deployment.id, name })
    }
    ctx.checkpoint()
    log.info(
      `Pipeline "${source}" copied to "${target}" (id ${made.pipeline_pk_id}, version ${made.pipeline_variant_pk_id})${settings.deployCopy ? ', deploying it' : ''}.`
    )
    // pipelines/copy answers no version UUID (§7.3): read it (and the copy's definition) back where the server shows it.
    if (!made.pipeline_version) item = await copyVersion(ctx, workspaceId, target)
    if (item?.pipeline_version?.version) record.pipeline.version = item.pipeline_version.version
  }
  if (record.pipeline.definition === undefined) {
    const definition = (item && currentDefinition(item)) ?? (plan.source && !settings.sourceVersion ? currentDefinition(plan.source) : undefined)
    if (definition) record.pipeline.definition = definition
  }
  if (settings.deployCopy) await deployAndCheckCopy(ctx, workspaceId, target, plan.existing, item)
}

/** The copy's deployment: waited for, smoke-checked (answers, who answered, goldens) and, on failure, `on-failure` applied. */
async function deployAndCheckCopy(
  ctx: RunContext,
  workspaceId: number,
  target: string,
  existing: PipelineListItem | undefined,
  item: PipelineListItem | undefined
): Promise<void> {
  const { record, settings, log } = ctx
  const p = record.pipeline!
  const t: DeployTarget = {
    workspaceId,
    pipeline: target,
    pipelineId: p.id!,
    versionId: p.versionId!,
    ...(p.version ? { version: p.version } : {}),
    definition: p.definition ?? {},
    ...(existing ? { wasDeployed: existing.deployment?.deployed === true } : { wasDeployed: false }),
    ...(existing?.deployment?.id !== undefined ? { deploymentId: existing.deployment.id } : {})
  }
  await underFailurePolicy(ctx, t, async () => {
    // A copy that already existed: deploy its current version (unchanged when it already runs it, §8.1), after the
    // concurrency guard, which also records what runs now (so a failure does not take down what served before).
    if (existing) {
      await phase(ctx, 'guard', `checking the deployment of "${target}" before deploying`, () => guardAndRecordPrevious(ctx, t))
      await phase(ctx, 'deploy', `deploying pipeline "${target}"`, () => deployVersion(ctx, t))
    }
    const name = await phase(ctx, 'locate', `finding the deployment of "${target}"`, () => copyDeployment(ctx, workspaceId, target, item))
    const status = await phase(ctx, 'wait', `waiting for deployment ${name}`, () => waitForRunning(ctx, name))
    if (!record.pipeline?.version) {
      const v = statusVersion(status, target)
      if (v) {
        record.pipeline!.version = v
        t.version = v
      }
    }
    const url = await phase(ctx, 'url', `getting the inference URL of "${target}"`, () => inferenceUrl(ctx, workspaceId, target))
    const input = settings.smokeInput
    if (!input) {
      log.warning(
        `No '${Inputs.SmokeInput}' given: the copy is Running, but nothing checked that it answers. Give a small input file (and '${Inputs.ExpectedOutput}' for its golden answers).`
      )
      return
    }
    // Without the copy's definition (no list_pipelines), any model its engines run may be the one that answered last.
    const lastModels = record.pipeline?.definition ? lastModelsOf(t.definition) : statusModels(status)
    await smokeAndCheck(ctx, url, input, { pipeline: target, version: record.pipeline?.version, lastModels })
  })
}

/**
 * The copy's deployment name: from the copy's answer (INFERRED `deployment.id`), else list_pipelines, else the inference
 * URL, which names it (§9.1).
 */
async function copyDeployment(ctx: RunContext, workspaceId: number, target: string, item: PipelineListItem | undefined): Promise<string> {
  const { record } = ctx
  let id = record.deployment?.id ?? item?.deployment?.id
  if (id === undefined) id = (await copyVersion(ctx, workspaceId, target))?.deployment?.id
  if (id === undefined) {
    const fromUrl = await deploymentFromUrl(ctx, workspaceId, target)
    if (fromUrl.kind === 'named') id = fromUrl.id
  }
  if (id === undefined) {
    throw new ActionFailure(
      `the copy "${target}" was deployed, but the server names its deployment nowhere (not in the copy's answer, list_pipelines or its inference URL), so it cannot be checked; read its status with operation 'status' and '${Inputs.DeploymentId}'`
    )
  }
  const name = deploymentName(target, id)
  if (record.deployment?.id === undefined) {
    record.deployment = { ...record.deployment, id, name }
    if (!record.created.some((c) => c.kind === 'deployment')) record.created.push({ kind: 'deployment', id, name })
  }
  ctx.checkpoint()
  return name
}
