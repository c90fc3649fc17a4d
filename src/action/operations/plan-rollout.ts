/**
 * `dry-run: true` for champion and challenger: the plan of a deploy that compares with the live version, of a
 * shadow or canary deploy, and of promote and reject. Like the other planners (plan.ts) they only read: the live
 * version comes from list_pipelines and the deployment's status, models by sha.
 */
import type { ModelRef } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { sameDefinition } from '../inputs/definition.js'
import { comparisonInput } from '../inputs/rollout.js'
import { formatTolerance } from '../inputs/tolerance.js'
import { phase } from '../run-record.js'
import type { RolloutSettings } from '../settings.js'
import { canaryDefinition, modelLabel, readLive, shadowDefinition } from '../steps/champion.js'
import { currentDefinition, versionPk } from '../steps/pipeline.js'
import { championOf } from '../steps/shadow.js'
import { findWorkspace, refusalToCreate, WorkspaceNotFound } from '../steps/workspace.js'
import { InputMismatch } from '../errors.js'
import { planModels, planner, planTeardown, planWorkspace } from './plan.js'
import { keptModel, type Settle } from './promote.js'

/** A plan line adder (plan.ts `planner`). */
type Add = ReturnType<typeof planner>

/** The gates in words, e.g. `gates: max-live-deviation 0.05, max-changed-rows 2%`. */
export function describeGates(rollout: RolloutSettings): string {
  const g = rollout.gates
  const parts = [
    ...(g.maxDeviation !== undefined ? [`'${Inputs.MaxLiveDeviation}' ${g.maxDeviation}`] : []),
    ...(g.maxChangedRows !== undefined
      ? [`'${Inputs.MaxChangedRows}' ${'count' in g.maxChangedRows ? g.maxChangedRows.count : `${g.maxChangedRows.percent}%`}`]
      : [])
  ]
  return parts.length > 0 ? `gates: ${parts.join(', ')} (beyond them, '${Inputs.OnFailure}' applies)` : 'no gates: reported only'
}

/** How rows are judged, e.g. `within tolerance abs=…,rel=…, class at decision-threshold 0.5`. */
function judgement(ctx: RunContext): string {
  const t = ctx.settings.rollout?.decisionThreshold
  return `within tolerance ${formatTolerance(ctx.settings.tolerance)}${t !== undefined ? `, one-value outputs by class at '${Inputs.DecisionThreshold}' ${t}` : ''}`
}

/** compare-with-live, before deploying: the live version's answers (or why there are none). */
export function planLiveAnswers(ctx: RunContext, add: Add, runningVersion: string | undefined): void {
  const rollout = ctx.settings.rollout
  const input = comparisonInput(rollout, ctx.settings.smokeInput)
  if (!rollout?.compareWithLive || !input) return
  if (runningVersion) add('infer', 'the live version', `${input.rows} row(s) from ${input.path} to ${runningVersion} before deploying, to keep its answers`)
  else add('skip', `'${Inputs.CompareWithLive}'`, 'nothing is Running now, so there would be nothing to compare with')
}

/** compare-with-live, after the smoke check: the comparison and its gates. */
export function planLiveComparison(ctx: RunContext, add: Add, runningVersion: string | undefined): void {
  const rollout = ctx.settings.rollout
  const input = comparisonInput(rollout, ctx.settings.smokeInput)
  if (!rollout?.compareWithLive || !input || !runningVersion) return
  add(
    'compare',
    `pipeline "${ctx.settings.pipeline}"`,
    `the new version's answers to ${input.path} against ${runningVersion}'s, ${judgement(ctx)}; ${describeGates(rollout)}`
  )
}

/** The plan of a shadow or canary deploy. */
export async function planStrategy(ctx: RunContext): Promise<void> {
  const { settings } = ctx
  const rollout = required(settings.rollout, 'rollout')
  const add = planner(ctx)
  const pipeline = required(settings.pipeline, 'pipeline')
  const purpose = `'${Inputs.Strategy}: ${rollout.strategy}'`
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => planWorkspace(ctx, add))
  if (workspaceId === undefined)
    throw new InputMismatch(
      `${purpose} runs this run's models beside the live champion of pipeline "${pipeline}", but the workspace does not exist; deploy the champion first (the default '${Inputs.Strategy}')`
    )
  const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, purpose))
  const champion = championOf(ctx, live.structure, purpose, pipeline)
  add('keep', `champion ${modelLabel(champion)}`, `serving now in deployment ${live.deployment.name}; it stays champion`)
  const refs = await phase(ctx, 'models', 'looking up the models', () => planModels(ctx, add, workspaceId))
  const challengers = [...refs.values()].every((r) => r !== undefined) ? ([...refs.values()] as ModelRef[]) : undefined
  const weight = rollout.canaryWeight ?? 0
  const definition =
    challengers &&
    (rollout.strategy === 'shadow'
      ? shadowDefinition(live.structure.prefix, champion, challengers)
      : canaryDefinition(live.structure.prefix, champion, challengers[0], weight, rollout.hashKey))
  const names = settings.models.map((m) => `"${m.name}"`).join(', ')
  const what =
    rollout.strategy === 'shadow'
      ? `a shadow deploy: champion ${modelLabel(champion)} answers, challenger(s) ${names} run on the same requests`
      : `a canary: champion ${modelLabel(champion)} ${100 - weight}%, challenger ${names} ${weight}%${rollout.hashKey ? `, sticky by column "${rollout.hashKey}"` : ''}`
  const current = currentDefinition(live.item)
  const target = `pipeline "${pipeline}"`
  if (definition && current && sameDefinition(current, definition)) add('reuse', target, `its current version ${versionPk(live.item)} already is ${what}`)
  else add('create', `a version of ${target}`, what)
  const runningVersion = `version ${live.item.pipeline_version?.version ?? versionPk(live.item)}`
  add(
    'redeploy',
    `deployment ${live.deployment.name}`,
    `now Running ${runningVersion}; the engines would be updated with engine ${JSON.stringify(settings.engineConfig.engine ?? {})}`
  )
  add('wait', target, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`)
  if (settings.smokeInput)
    add(
      'infer',
      target,
      `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}${rollout.strategy === 'shadow' ? ' (the champion answers)' : ' (either model may answer)'}`
    )
  if (settings.expectedOutput) add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`)
  if (rollout.strategy === 'shadow') {
    const input = required(comparisonInput(rollout, settings.smokeInput), 'compare-input')
    add(
      'compare',
      'the challenger(s)',
      `${input.rows} row(s) from ${input.path}: each challenger's out_<name> answers against the champion's out, ${judgement(ctx)}; ${describeGates(rollout)}`
    )
    if (rollout.promote === 'never')
      add('keep', 'the shadow deploy', `running for real traffic ('${Inputs.Promote}: never'); settle it later with operation 'promote' or 'reject'`)
    else {
      const when = rollout.promote === 'if-within' ? 'if the answers are within the gates' : `whatever the comparison shows ('${Inputs.Promote}: always')`
      add('promote', `challenger ${names}`, `${when}: a new version with it alone, deployed, waited for and checked`)
    }
  } else {
    add('keep', 'the canary', `serving real traffic; settle it later with operation 'promote' (the challenger alone) or 'reject' (the champion alone)`)
  }
  add(
    'on-failure',
    target,
    settings.onFailure === 'keep'
      ? 'if the wait or the checks fail: leave the deployment as it is'
      : `if the wait or the checks fail: ${settings.onFailure === 'rollback' ? `roll back to ${runningVersion} (Running now)` : 'undeploy it'}`
  )
  planTeardown(ctx, add, false)
}

/** The plan of promote or reject. */
export async function planSettle(ctx: RunContext, action: Settle): Promise<void> {
  const { settings, record } = ctx
  const add = planner(ctx)
  const pipeline = required(settings.pipeline, 'pipeline')
  const ws = await phase(ctx, 'workspace', 'resolving the workspace', () => findWorkspace(ctx))
  if (!ws.found) throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`)
  record.workspace = { id: ws.found.id, name: ws.found.name, created: false }
  const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, ws.found!.id, pipeline, `operation '${action}'`))
  const { shape, prefix } = live.structure
  const target = `pipeline "${pipeline}"`
  if (shape.kind === 'single') {
    add('nothing', target, `it already serves model ${modelLabel(shape.model)} alone (no canary or shadow deploy is live)`)
    if (settings.smokeInput) add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}`)
    return
  }
  const { keep } = keptModel(shape, action, pipeline)
  const what = shape.kind === 'canary' ? 'canary' : 'shadow deploy'
  const current = `version ${live.item.pipeline_version?.version ?? versionPk(live.item)}`
  add('create', `a version of ${target}`, `${prefix.length > 0 ? `its ${prefix.length} earlier step(s), then ` : ''}model ${modelLabel(keep)} alone`)
  add('redeploy', `deployment ${live.deployment.name}`, `now Running the ${what} (${current}); with the deployment's own engine_config`)
  add('wait', target, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`)
  if (settings.smokeInput) add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}, checking ${modelLabel(keep)} answered`)
  if (settings.expectedOutput) add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`)
  add(
    'on-failure',
    target,
    settings.onFailure === 'keep'
      ? 'if the wait or the checks fail: leave the deployment as it is'
      : `if the wait or the checks fail: ${settings.onFailure === 'rollback' ? `roll back to the ${what} (${current})` : 'undeploy it'}`
  )
}
