/**
 * `strategy: shadow`: the live model stays champion (it answers every request) and this run's model(s) run beside
 * it as challengers on the same requests. The comparison input goes through the shadow deploy once; each challenger's
 * `out_<name>` answers are compared with the champion's `out`, and then, per `promote`: `never` leaves the shadow
 * running for real traffic, `if-within` promotes when the gates hold, `always` promotes anyway. A promotion is a new
 * pipeline version with the challenger alone, deployed and checked under the failure policy.
 */
import type { ModelRef } from '../../wallaroo/types.js'
import { outFields, shadowOutFields } from '../answers.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { ActionFailure, InputMismatch } from '../errors.js'
import { comparisonInput } from '../inputs/rollout.js'
import { deployPrepared } from '../operations/deploy.js'
import { phase, type ChallengerComparison, type RolloutRecord } from '../run-record.js'
import type { SmokeInput } from '../settings.js'
import { checkAnswers } from './check-answers.js'
import { modelLabel, readLive, sameModel, shadowDefinition, singleDefinition, type Structure } from './champion.js'
import { applyGates, compareAnswerSets } from './compare.js'
import { gateFailure, inferRecords, logComparison } from './compare-live.js'
import type { DeployTarget } from './deploy.js'
import { ensurePipelineVersion } from './pipeline.js'
import { resolveModels } from './upload.js'
import { checkWhoAnswered } from './who-answered.js'
import { resolveWorkspace } from './workspace.js'

/** The champion of what is live: the model alone, a shadow's champion or a canary's first arm. */
export function championOf(ctx: RunContext, structure: Structure, purpose: string, pipeline: string): ModelRef {
  const shape = structure.shape
  switch (shape.kind) {
    case 'single':
      return shape.model
    case 'shadow':
      ctx.log.info(
        `Pipeline "${pipeline}" runs a shadow deploy already: its champion ${modelLabel(shape.champion)} stays, its challengers (${shape.challengers.map((c) => `"${c.name}"`).join(', ')}) are replaced by this run's.`
      )
      return shape.champion
    case 'canary':
      ctx.log.info(
        `Pipeline "${pipeline}" runs a canary already: its champion ${modelLabel(shape.champion)} (the first arm) stays, its challenger "${shape.challenger.name}" is replaced by this run's.`
      )
      return shape.champion
    case 'other':
      throw new InputMismatch(
        `${purpose} needs a live champion in pipeline "${pipeline}", but what it serves is not one model: ${shape.why}; deploy the champion alone first (the default '${Inputs.Strategy}')`
      )
  }
}

/** Workspace, live champion, challengers (uploaded as needed) and a pipeline version, for shadow and canary. */
export async function prepareChallengers(
  ctx: RunContext,
  purpose: string
): Promise<{ workspaceId: number; structure: Structure; champion: ModelRef; challengers: ModelRef[] }> {
  const pipeline = required(ctx.settings.pipeline, 'pipeline')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () =>
    resolveWorkspace(
      ctx,
      () =>
        `${purpose} runs this run's models beside the live champion of pipeline "${pipeline}", but the workspace does not exist; deploy the champion first (the default '${Inputs.Strategy}')`
    )
  )
  const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, purpose))
  const champion = championOf(ctx, live.structure, purpose, pipeline)
  const models = await phase(ctx, 'models', 'preparing the models', () => resolveModels(ctx, workspaceId))
  const challengers = models.map((m) => ({ name: m.name, version: m.version, sha: m.sha }))
  const same = challengers.find((c) => sameModel(c, champion))
  if (same) {
    throw new InputMismatch(
      `'${Inputs.Models}' entry "${same.name}" is the live champion itself (same model version); a challenger must be another model or another version of it`
    )
  }
  return { workspaceId, structure: live.structure, champion, challengers }
}

/** Each challenger's answers (its `out_<name>` group) against the champion's `out`, with the gates. */
function compareShadowAnswers(ctx: RunContext, records: unknown[], champion: ModelRef, challengers: ModelRef[]): ChallengerComparison[] {
  const rollout = required(ctx.settings.rollout, 'rollout')
  return challengers.map((c) => {
    const theirs = records.map((r) => shadowOutFields(r, c.name))
    if (records.length > 0 && theirs.every((x) => x === undefined)) {
      throw new ActionFailure(
        `the shadow deploy's answers carry no "out_${c.name}" group, so challenger "${c.name}" cannot be compared with champion "${champion.name}"; the server did not run it as a shadow (check that its version supports shadow deploys)`,
        'compare-failed'
      )
    }
    const compared = compareAnswerSets(`model ${modelLabel(c)}`, records.map(outFields), theirs, {
      tolerance: ctx.settings.tolerance,
      decisionThreshold: rollout.decisionThreshold
    })
    return applyGates(compared, rollout.gates)
  })
}

/** The `strategy: shadow` deploy, then the promotion `promote` asks for. */
export async function runShadowDeploy(ctx: RunContext): Promise<void> {
  const { settings, record, log } = ctx
  const rollout = required(settings.rollout, 'rollout')
  const pipeline = required(settings.pipeline, 'pipeline')
  const input: SmokeInput = required(comparisonInput(rollout, settings.smokeInput), 'compare-input or smoke-input')
  const { workspaceId, structure, champion, challengers } = await prepareChallengers(ctx, `'${Inputs.Strategy}: shadow'`)
  const definition = shadowDefinition(structure.prefix, champion, challengers)
  const version = await phase(ctx, 'pipeline', `creating the shadow version of pipeline "${pipeline}"`, () =>
    ensurePipelineVersion(ctx, workspaceId, pipeline, definition)
  )
  if (record.pipeline) record.pipeline.definition = definition
  const rolloutRecord: RolloutRecord = { strategy: 'shadow', champion, challengers }
  record.rollout = rolloutRecord
  log.info(`Shadow deploy: champion ${modelLabel(champion)} answers; challenger(s) ${challengers.map(modelLabel).join(', ')} run on the same requests.`)
  const target: DeployTarget = { workspaceId, pipeline, definition, ...version }
  await deployPrepared(ctx, target, {
    // A shadow deploy answers with the champion: its last model is the champion, and the goldens are the champion's.
    check: (records, origin) => checkAnswers(ctx, records, { ...origin, lastModels: [champion] }),
    afterCheck: async (url) => {
      await phase(ctx, 'compare', `comparing the challengers with champion "${champion.name}"`, async () => {
        let records = input === settings.smokeInput ? record.smoke?.records : undefined
        if (!records) {
          records = await inferRecords(ctx, url, input, `the shadow deploy of "${pipeline}"`)
          checkWhoAnswered(ctx, records, { pipeline, version: target.version, lastModels: [champion] })
        }
        const compared = compareShadowAnswers(ctx, records, champion, challengers)
        const championLabel = `model ${modelLabel(champion)} (the live champion)`
        record.comparison = {
          mode: 'shadow',
          champion: championLabel,
          input: { path: input.path, rows: input.rows },
          tolerance: settings.tolerance,
          ...(rollout.decisionThreshold !== undefined ? { decisionThreshold: rollout.decisionThreshold } : {}),
          challengers: compared
        }
        ctx.checkpoint()
        for (const c of compared) logComparison(ctx, championLabel, c)
        const failed = compared.filter((c) => !c.passed)
        if (failed.length > 0) {
          rolloutRecord.decision = {
            policy: rollout.promote,
            result: 'not-promoted',
            detail: `beyond the gates, so no challenger was promoted; '${Inputs.OnFailure}: ${settings.onFailure}' applies`
          }
          throw gateFailure(`the challenger's answers differ from champion "${champion.name}"'s`, failed)
        }
      })
    }
  })
  rolloutRecord.shadow = { ...(target.version ? { version: target.version } : {}), versionId: target.versionId }
  if (rollout.promote === 'never') {
    rolloutRecord.decision = {
      policy: 'never',
      result: 'kept',
      detail: `the shadow deploy keeps running on real traffic (the champion answers); settle it later with operation 'promote' or 'reject'`
    }
    log.info(`'${Inputs.Promote}: never': ${rolloutRecord.decision.detail}.`)
    return
  }
  await promoteChallenger(ctx, target, challengers[0], rolloutRecord)
}

/** The promotion: a new version with the challenger alone (after the shadow's prefix steps), deployed and checked. */
async function promoteChallenger(ctx: RunContext, shadow: DeployTarget, challenger: ModelRef, rolloutRecord: RolloutRecord): Promise<void> {
  const { settings, record, log } = ctx
  const policy = settings.rollout!.promote
  const why = policy === 'if-within' ? 'its answers are within the gates' : `'${Inputs.Promote}' is always`
  log.info(`Promoting challenger ${modelLabel(challenger)}: ${why}.`)
  const prefix = (shadow.definition.steps ?? []).slice(0, -3)
  const definition = singleDefinition(prefix, challenger)
  const version = await phase(ctx, 'promote', `creating the promoted version of pipeline "${shadow.pipeline}"`, () =>
    ensurePipelineVersion(ctx, shadow.workspaceId, shadow.pipeline, definition)
  )
  if (record.pipeline) record.pipeline.definition = definition
  const target: DeployTarget = { workspaceId: shadow.workspaceId, pipeline: shadow.pipeline, definition, ...version }
  // No guard: record.previous stays the version Running before this run, so a failed promotion rolls back to the
  // champion alone, as it was. Goldens are not checked here: they hold the champion's answers, and the promoted
  // challenger's were just compared with them under the gates.
  await deployPrepared(ctx, target, { skipGuard: true, check: (records, origin) => checkWhoAnswered(ctx, records, origin) })
  rolloutRecord.decision = { policy, result: 'promoted', detail: `challenger ${modelLabel(challenger)} now serves alone (${why})` }
  rolloutRecord.serving = challenger
}
