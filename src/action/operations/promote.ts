/**
 * `operation: promote` (and, through settleOnOne, `reject`): leaves a pipeline that runs a canary or a shadow
 * deploy with one model: the challenger (promote) or the champion (reject). What the canary deployed is read from
 * the pipeline itself (list_pipelines' current version and the deployment's status), not from the job that
 * deployed it, so this runs from a later job or a manual workflow_dispatch. Idempotent: a pipeline that already
 * serves one model is left as it is. The new version is deployed with the deployment's own engine_config, waited
 * for and smoke-checked like a deploy, under `on-failure` (rollback returns to the canary or shadow).
 */
import type { ModelRef } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { InputMismatch } from '../errors.js'
import { phase, type RolloutRecord } from '../run-record.js'
import { smokeAndCheck } from '../steps/check-answers.js'
import { modelLabel, readLive, singleDefinition, type LiveState, type Shape } from '../steps/champion.js'
import { isRecord } from '../inputs/structured-text.js'
import { ensurePipelineVersion, versionPk } from '../steps/pipeline.js'
import { statusVersion } from '../steps/live-version.js'
import { inferenceUrl } from '../steps/smoke.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { deployPrepared } from './deploy.js'
import type { EngineConfig } from '../../wallaroo/types.js'

/** Which model a settle keeps. */
export type Settle = 'promote' | 'reject'

/** The model promote or reject keeps, and the other(s) it drops; throws when the shape has no such choice. */
export function keptModel(shape: Shape, action: Settle, pipeline: string): { keep: ModelRef; champion: ModelRef; challengers: ModelRef[] } {
  if (shape.kind === 'canary')
    return { keep: action === 'promote' ? shape.challenger : shape.champion, champion: shape.champion, challengers: [shape.challenger] }
  if (shape.kind === 'shadow') {
    if (action === 'reject') return { keep: shape.champion, champion: shape.champion, challengers: shape.challengers }
    if (shape.challengers.length !== 1) {
      throw new InputMismatch(
        `pipeline "${pipeline}" shadows champion "${shape.champion.name}" with ${shape.challengers.length} challengers (${shape.challengers.map((c) => `"${c.name}"`).join(', ')}), so 'promote' cannot tell which one to keep; deploy a shadow with the one you want ('${Inputs.Strategy}: shadow'), then promote it`
      )
    }
    return { keep: shape.challengers[0], champion: shape.champion, challengers: shape.challengers }
  }
  throw new InputMismatch(
    `pipeline "${pipeline}" runs neither a canary nor a shadow deploy (${shape.kind === 'other' ? shape.why : 'one model'}), so there is nothing to ${action}`
  )
}

/** The engine_config the deployment runs with (list_pipelines shows it), so a settle keeps its resources. */
function deployedEngineConfig(live: LiveState): EngineConfig | undefined {
  const config = live.item.deployment?.engine_config
  return isRecord(config) ? (config as EngineConfig) : undefined
}

/** Promote or reject: the pipeline ends serving one model. */
export async function settleOnOne(ctx: RunContext, action: Settle): Promise<void> {
  const { settings, record, log } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, `operation '${action}'`))
  const { shape, prefix } = live.structure
  record.deployment = { id: live.deployment.id, name: live.deployment.name, status: live.status.status, wasDeployed: true }
  if (shape.kind === 'single') {
    record.pipeline = {
      name: pipeline,
      id: live.item.pipeline.id,
      ...(live.runsCurrent ? { versionId: versionPk(live.item), version: live.item.pipeline_version?.version ?? undefined } : {}),
      created: false,
      versionReused: true
    }
    const detail = `pipeline "${pipeline}" already serves model ${modelLabel(shape.model)} alone (no canary or shadow deploy is live), so it is left as it is`
    record.rollout = { strategy: action, challengers: [], serving: shape.model, decision: { result: 'nothing-to-do', detail } }
    log.info(`Nothing to ${action}: ${detail}.`)
    // Still checked when asked: a re-run proves the pipeline answers as it should.
    if (settings.smokeInput) {
      const input = settings.smokeInput
      const url = await phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline))
      await smokeAndCheck(ctx, url, input, { pipeline, lastModels: [shape.model] })
    }
    return
  }
  const { keep, champion, challengers } = keptModel(shape, action, pipeline)
  // The version the deployment runs: the current one's ids, or (after a rollback) only the UUID the status reports.
  const served = live.runsCurrent
    ? { version: live.item.pipeline_version?.version ?? undefined, versionId: versionPk(live.item) }
    : { version: statusVersion(live.status, pipeline) }
  const rolloutRecord: RolloutRecord = {
    strategy: action,
    champion,
    challengers,
    ...(shape.kind === 'canary'
      ? { canary: { ...(shape.weights ? { weight: shape.weights[1] } : {}), ...(shape.hashKey ? { hashKey: shape.hashKey } : {}), ...served } }
      : {}),
    ...(shape.kind === 'shadow' ? { shadow: served } : {})
  }
  record.rollout = rolloutRecord
  const what = shape.kind === 'canary' ? 'canary' : 'shadow deploy'
  log.info(
    `Pipeline "${pipeline}" runs a ${what} of champion ${modelLabel(champion)} and challenger(s) ${challengers.map(modelLabel).join(', ')}; ${action === 'promote' ? 'promoting' : 'rejecting'}: ${modelLabel(keep)} will serve alone.`
  )
  const definition = singleDefinition(prefix, keep)
  const version = await phase(ctx, 'pipeline', `creating a version of pipeline "${pipeline}" with ${modelLabel(keep)} alone`, () =>
    ensurePipelineVersion(ctx, workspaceId, pipeline, definition)
  )
  if (record.pipeline) record.pipeline.definition = definition
  const engineConfig = deployedEngineConfig(live)
  await deployPrepared(ctx, { workspaceId, pipeline, definition, ...version, ...(engineConfig ? { engineConfig } : {}) })
  rolloutRecord.decision = {
    result: action === 'promote' ? 'promoted' : 'rejected',
    detail: `${action === 'promote' ? 'challenger' : 'champion'} ${modelLabel(keep)} now serves alone; the ${what} is gone`
  }
  rolloutRecord.serving = keep
}

/** The `promote` operation: the canary's (or shadow's) challenger serves alone. */
export async function runPromote(ctx: RunContext): Promise<void> {
  await settleOnOne(ctx, 'promote')
}
