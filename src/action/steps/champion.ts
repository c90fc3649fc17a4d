/**
 * Champion and challenger in a pipeline definition: what the last step of a version is (one model, a shadow deploy,
 * or a canary split), the definitions the strategies build, and what is live now, read from the pipeline itself
 * (list_pipelines' current version and the deployment's status), so promote and reject need no earlier job's state.
 */
import type { DeploymentStatus, ModelRef, PipelineDefinition, PipelineListItem, PipelineStep } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { ActionFailure, InputMismatch } from '../errors.js'
import { isRecord } from '../inputs/structured-text.js'
import { deploymentName, waitForRunning } from './deploy.js'
import { statusModels, statusVersion } from './live-version.js'
import { currentDefinition, findPipeline } from './pipeline.js'

/** The last step (or the last three, for a shadow deploy) of a definition, as champion and challenger see it. */
export type Shape =
  | { kind: 'single'; model: ModelRef }
  | { kind: 'shadow'; champion: ModelRef; challengers: ModelRef[] }
  | { kind: 'canary'; champion: ModelRef; challenger: ModelRef; weights?: [number, number]; hashKey?: string }
  | { kind: 'other'; why: string }

/** A definition split into the steps before the model(s) and the shape of what answers. */
export interface Structure {
  prefix: PipelineStep[]
  shape: Shape
}

/** A model reference from a definition, or undefined when it lacks name, version or sha. */
function refOf(value: unknown): ModelRef | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || typeof value.version !== 'string' || typeof value.sha !== 'string') return undefined
  return { name: value.name, version: value.version, sha: value.sha }
}

/** The kind of a step (its single key). */
function kindOf(step: PipelineStep | undefined): string | undefined {
  return step ? Object.keys(step)[0] : undefined
}

/**
 * What a definition's answering step is. A shadow deploy is written as the SDK's add_shadow_deploy writes it:
 * `ModelInference {champion, challengers…}`, then `AuditResults {from: 1, to: null}` and `MultiOut {}` as the last
 * steps; a canary is a last `RandomSplit` of two models, the champion first (as `strategy: canary` writes it).
 */
export function structureOf(definition: PipelineDefinition | undefined): Structure {
  const steps = definition?.steps ?? []
  const n = steps.length
  if (n === 0) return { prefix: [], shape: { kind: 'other', why: 'the pipeline version has no steps' } }
  if (n >= 3 && kindOf(steps[n - 2]) === 'AuditResults' && kindOf(steps[n - 1]) === 'MultiOut') {
    const models = (steps[n - 3].ModelInference?.models ?? []).map(refOf)
    if (models.length >= 2 && models.every((m) => m !== undefined)) {
      return { prefix: steps.slice(0, n - 3), shape: { kind: 'shadow', champion: models[0]!, challengers: models.slice(1) as ModelRef[] } }
    }
  }
  const last = steps[n - 1]
  const prefix = steps.slice(0, n - 1)
  const split = last.RandomSplit
  if (isRecord(split) && Array.isArray(split.weights)) {
    const arms = split.weights.map((w) => (isRecord(w) ? { model: refOf(w.model), weight: typeof w.weight === 'number' ? w.weight : NaN } : undefined))
    if (arms.length === 2 && arms.every((a) => a?.model !== undefined && Number.isFinite(a.weight))) {
      const hashKey = typeof split.hash_key === 'string' && split.hash_key !== '' ? split.hash_key : undefined
      return {
        prefix,
        shape: {
          kind: 'canary',
          champion: arms[0]!.model!,
          challenger: arms[1]!.model!,
          weights: [arms[0]!.weight, arms[1]!.weight],
          ...(hashKey ? { hashKey } : {})
        }
      }
    }
    return { prefix, shape: { kind: 'other', why: `its last step is a RandomSplit of ${arms.length} model(s), not a canary of two` } }
  }
  const models = last.ModelInference?.models ?? []
  if (models.length === 1 && refOf(models[0])) return { prefix, shape: { kind: 'single', model: refOf(models[0])! } }
  return {
    prefix,
    shape: {
      kind: 'other',
      why: `its last step is ${kindOf(last) === 'ModelInference' ? `a ModelInference step of ${models.length} models` : `a ${kindOf(last)} step`}`
    }
  }
}

/** Every model a definition runs (any step kind), for comparing with the models a deployment reports. */
export function modelsOfDefinition(definition: PipelineDefinition | undefined): ModelRef[] {
  const s = structureOf(definition)
  const shape = s.shape
  const fromPrefix = s.prefix.flatMap((step) => (step.ModelInference?.models ?? []).map(refOf).filter((m): m is ModelRef => m !== undefined))
  const tail =
    shape.kind === 'single'
      ? [shape.model]
      : shape.kind === 'shadow'
        ? [shape.champion, ...shape.challengers]
        : shape.kind === 'canary'
          ? [shape.champion, shape.challenger]
          : []
  return [...fromPrefix, ...tail]
}

/** A shadow deploy: the champion answers, the challengers run on the same requests (the SDK's add_shadow_deploy). */
export function shadowDefinition(prefix: PipelineStep[], champion: ModelRef, challengers: ModelRef[]): PipelineDefinition {
  return { steps: [...prefix, { ModelInference: { models: [champion, ...challengers] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }] }
}

/** A canary: a RandomSplit with the champion first, the challenger getting `weight` percent (sticky by `hashKey`). */
export function canaryDefinition(
  prefix: PipelineStep[],
  champion: ModelRef,
  challenger: ModelRef,
  weight: number,
  hashKey: string | undefined
): PipelineDefinition {
  return {
    steps: [
      ...prefix,
      {
        RandomSplit: {
          hash_key: hashKey ?? null,
          weights: [
            { model: champion, weight: 100 - weight },
            { model: challenger, weight }
          ]
        }
      }
    ]
  }
}

/** One model alone after the prefix steps (a promotion, or a return to the champion). */
export function singleDefinition(prefix: PipelineStep[], model: ModelRef): PipelineDefinition {
  return { steps: [...prefix, { ModelInference: { models: [model] } }] }
}

/** A model for messages: `"ccfraud" (version 1b4e…)`. */
export function modelLabel(m: { name: string; version?: string }): string {
  return `"${m.name}"${m.version ? ` (version ${m.version.slice(0, 8)}…)` : ''}`
}

/** Same model version. */
export function sameModel(a: ModelRef | undefined, b: ModelRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.name === b.name && a.version === b.version
}

/** A shape in words, for the log. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case 'single':
      return `model ${modelLabel(shape.model)} alone`
    case 'shadow':
      return `a shadow deploy of champion ${modelLabel(shape.champion)} with ${shape.challengers.map(modelLabel).join(', ')}`
    case 'canary':
      return `a canary of champion ${modelLabel(shape.champion)} and challenger ${modelLabel(shape.challenger)}`
    case 'other':
      return shape.why
  }
}

/**
 * The structure of a version the deployment runs that is not the pipeline's current one (list_pipelines shows only
 * the current version's steps; after a rollback the deployment runs an older one). Known from the models it runs:
 * one model is that model alone; otherwise, when the current version is a shadow or canary whose earlier steps and
 * champion the deployment also runs, the served version is taken for the same kind with the remaining model(s) as
 * challenger(s) (a canary's weights are then unknown). Undefined when the models do not tell.
 */
export function servedStructure(models: ModelRef[], current: Structure): Structure | undefined {
  if (models.length === 1) return { prefix: [], shape: { kind: 'single', model: models[0] } }
  const shape = current.shape
  if (shape.kind !== 'shadow' && shape.kind !== 'canary') return undefined
  const prefixModels = current.prefix.flatMap((step) => step.ModelInference?.models ?? [])
  const key = (m: { name: string; version: string }): string => `${m.name}@${m.version}`
  const have = new Set(models.map(key))
  if (!have.has(key(shape.champion)) || !prefixModels.every((m) => have.has(key(m)))) return undefined
  const known = new Set([...prefixModels.map(key), key(shape.champion)])
  const rest = models.filter((m) => !known.has(key(m)))
  if (rest.length === 0) return undefined
  if (shape.kind === 'shadow') return { prefix: current.prefix, shape: { kind: 'shadow', champion: shape.champion, challengers: rest } }
  return rest.length === 1 ? { prefix: current.prefix, shape: { kind: 'canary', champion: shape.champion, challenger: rest[0] } } : undefined
}

/** What is live in a pipeline now, read from list_pipelines and the deployment's status. */
export interface LiveState {
  item: PipelineListItem
  /** `<pipeline>-<deployment id>`. */
  deployment: { id: number; name: string }
  status: DeploymentStatus
  /** The structure of the version the deployment runs. */
  structure: Structure
  /** The deployment runs the pipeline's current version (so `structure` is that version's, steps and all). */
  runsCurrent: boolean
}

/** Whether the status runs exactly the models of `definition`. */
function runsModels(status: DeploymentStatus, definition: PipelineDefinition | undefined): boolean {
  const want = new Set(modelsOfDefinition(definition).map((m) => `${m.name}@${m.version}`))
  const have = new Set(statusModels(status).map((m) => `${m.name}@${m.version}`))
  return want.size > 0 && want.size === have.size && [...want].every((k) => have.has(k))
}

/**
 * Reads what the pipeline serves now: its current version's definition (list_pipelines) and the deployment's status,
 * waiting while a rollout is Starting. `purpose` names the caller for messages (e.g. "strategy shadow"). When the
 * deployment runs another version than the current one (after a rollback, say) and that version runs one model,
 * the structure is that model alone; anything else is refused, since its steps cannot be read.
 */
export async function readLive(ctx: RunContext, workspaceId: number, pipeline: string, purpose: string): Promise<LiveState> {
  const lookup = await findPipeline(ctx.api, workspaceId, pipeline)
  if (lookup.kind === 'unsupported') {
    throw new InputMismatch(
      `${purpose} reads what the pipeline serves from pipelines/list_pipelines, which this Wallaroo server does not have (older than 2024); deploy with the default '${Inputs.Strategy}' instead`
    )
  }
  if (lookup.kind === 'absent')
    throw new InputMismatch(
      `${purpose} needs pipeline "${pipeline}" with a live model, but workspace ${workspaceId} has no such pipeline; deploy the champion first (the default '${Inputs.Strategy}'), and check '${Inputs.Pipeline}'`
    )
  const item = lookup.item
  const id = item.deployment?.id
  if (id === undefined || item.deployment?.deployed !== true) {
    throw new InputMismatch(
      `${purpose} needs pipeline "${pipeline}" deployed with a live model, but it is not deployed; deploy the champion first (the default '${Inputs.Strategy}')`
    )
  }
  const name = deploymentName(pipeline, id)
  let status = await ctx.api.getDeployment(name)
  if (status?.status === 'Starting') {
    ctx.log.info(`Deployment ${name} is Starting; waiting for it to settle before reading what it serves.`)
    status = await waitForRunning(ctx, name)
  }
  if (status === null || status.status !== 'Running') {
    throw new InputMismatch(
      `${purpose} needs deployment ${name} Running, but it is ${status?.status ?? 'not deployed (404)'}; fix or redeploy the champion first`
    )
  }
  const current = currentDefinition(item)
  const serving = statusVersion(status, pipeline)
  const runsCurrent = serving !== undefined ? serving === (item.pipeline_version?.version ?? undefined) : runsModels(status, current)
  if (runsCurrent) return { item, deployment: { id, name }, status, structure: structureOf(current), runsCurrent }
  const structure = servedStructure(statusModels(status), structureOf(current))
  if (structure) {
    ctx.log.info(
      `Deployment ${name} runs ${serving ? `version ${serving}` : 'a version'} other than the pipeline's current one (after a rollback, say); from the models it runs, it serves ${describeShape(structure.shape)}.`
    )
    return { item, deployment: { id, name }, status, structure, runsCurrent }
  }
  const models = statusModels(status)
  throw new ActionFailure(
    `${purpose} could not tell what deployment ${name} serves: it runs ${serving ? `version ${serving}` : 'a version'} with ${models.length} models, which is not the pipeline's current version (whose steps list_pipelines shows); deploy the version you want first`
  )
}
