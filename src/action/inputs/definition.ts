/** Pipeline definitions (§7.1): parsing the `pipeline-definition` input, the default one, and equality for reuse. */
import type { ModelRef, PipelineDefinition, PipelineStep } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { problemOf, type Problem } from '../errors.js'
import { isRecord, readStructuredText } from './structured-text.js'

/** A parsed definition, or the problems that stopped it. */
export interface ParsedDefinition {
  definition?: PipelineDefinition
  problems: Problem[]
}

/**
 * Parses `pipeline-definition` (inline YAML/JSON or a file). A ModelInference model may leave out
 * `version` and `sha`: they are filled from the `models` input entry of the same name (see fillDefinition).
 */
export function parseDefinition(text: string, cwd: string): ParsedDefinition {
  const input = Inputs.PipelineDefinition
  let value: unknown
  try {
    value = readStructuredText(text, cwd).value
  } catch (e) {
    return { problems: [problemOf(e, `Input '${input}' cannot be read: ${(e as Error).message}.`)] }
  }
  if (!isRecord(value)) {
    return { problems: [`Input '${input}' must be a mapping such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}.`] }
  }
  const problems: Problem[] = []
  const steps = value.steps
  if (steps !== undefined && !Array.isArray(steps))
    problems.push(`Input '${input}' has 'steps' that is not a list; write steps as a list of single-key mappings.`)
  if (Array.isArray(steps)) {
    steps.forEach((step, i) => {
      const at = `Input '${input}' step ${i + 1}`
      if (!isRecord(step) || Object.keys(step).length !== 1) {
        problems.push(`${at} must be a mapping with exactly one key (the step kind), e.g. ModelInference.`)
        return
      }
      if ('ModelInference' in step) {
        const mi = step.ModelInference
        if (!isRecord(mi) || !Array.isArray(mi.models) || mi.models.length === 0) {
          problems.push(
            `${at} ModelInference needs 'models': a non-empty list of {name, version, sha} (version and sha may be left out for models listed in '${Inputs.Models}').`
          )
          return
        }
        mi.models.forEach((m, j) => checkModelRef(m, `${at} ModelInference`, j, problems))
      } else if ('RandomSplit' in step) {
        checkRandomSplit(step.RandomSplit, at, problems)
      }
    })
  }
  return problems.length > 0 ? { problems } : { definition: value as PipelineDefinition, problems }
}

/** Checks one model reference of a step: a name, and both or neither of version and sha. */
function checkModelRef(m: unknown, at: string, j: number, problems: Problem[]): void {
  if (!isRecord(m) || typeof m.name !== 'string' || m.name === '') {
    problems.push(`${at} model ${j + 1} needs a 'name'.`)
  } else if ((m.version === undefined) !== (m.sha === undefined)) {
    problems.push(`${at} model "${m.name}" gives only one of 'version' and 'sha'; give both, or neither to use the '${Inputs.Models}' entry named "${m.name}".`)
  } else if (m.version !== undefined && (typeof m.version !== 'string' || typeof m.sha !== 'string')) {
    problems.push(`${at} model "${m.name}" needs 'version' (a UUID string) and 'sha' (hex string).`)
  }
}

/** Checks an A/B split as the SDK's add_random_split writes it: {hash_key?, weights: [{model, weight}]} with some weight above 0. */
function checkRandomSplit(split: unknown, at: string, problems: Problem[]): void {
  const example = `e.g. {"RandomSplit": {"hash_key": null, "weights": [{"model": {"name": "champion"}, "weight": 2}, {"model": {"name": "challenger"}, "weight": 1}]}}`
  if (!isRecord(split) || !Array.isArray(split.weights) || split.weights.length === 0) {
    problems.push(`${at} RandomSplit needs 'weights': a non-empty list of {model, weight}, ${example}.`)
    return
  }
  if (split.hash_key !== undefined && split.hash_key !== null && typeof split.hash_key !== 'string') {
    problems.push(`${at} RandomSplit has 'hash_key' ${JSON.stringify(split.hash_key)}: give the name of an input column (a string) or null.`)
  }
  let positive = false
  split.weights.forEach((w, j) => {
    if (!isRecord(w) || !isRecord(w.model)) {
      problems.push(`${at} RandomSplit weight ${j + 1} needs 'model' ({name}, with version and sha unless '${Inputs.Models}' has it) and 'weight', ${example}.`)
      return
    }
    checkModelRef(w.model, `${at} RandomSplit weight`, j, problems)
    if (typeof w.weight !== 'number' || !Number.isFinite(w.weight) || w.weight < 0) {
      problems.push(`${at} RandomSplit weight ${j + 1} has 'weight' ${JSON.stringify(w.weight)}: give a number, 0 or more.`)
    } else if (w.weight > 0) positive = true
  })
  if (split.weights.every((w) => isRecord(w) && typeof w.weight === 'number') && !positive) {
    problems.push(`${at} RandomSplit has no weight above 0, so no model could answer; give at least one model a positive weight.`)
  }
}

/** The default definition: one ModelInference step per model, in the order given. */
export function defaultDefinition(models: ModelRef[]): PipelineDefinition {
  return { steps: models.map((m) => ({ ModelInference: { models: [{ name: m.name, version: m.version, sha: m.sha }] } })) }
}

/** A RandomSplit step's body (the SDK's add_random_split, §7.1): the models to route between and their weights. */
interface RandomSplitBody {
  hash_key?: string | null
  weights: Array<{ model: ModelRef; weight: number }>
}

/**
 * The models a step runs: every model of a ModelInference step (one, or a shadow deploy's champion and challengers) and
 * every model of a RandomSplit's weights. Other step kinds (AuditResults, MultiOut, …) run none.
 */
export function stepModels(step: PipelineStep): ModelRef[] {
  if (step.ModelInference) return step.ModelInference.models ?? []
  const split = step.RandomSplit as RandomSplitBody | undefined
  if (split && Array.isArray(split.weights)) return split.weights.map((w) => w.model).filter((m) => m !== undefined)
  return []
}

/** A copy of `step` with each of its models replaced by `fn(model)`. */
function mapStepModels(step: PipelineStep, fn: (m: ModelRef) => ModelRef): PipelineStep {
  if (step.ModelInference) return { ...step, ModelInference: { ...step.ModelInference, models: step.ModelInference.models.map(fn) } }
  const split = step.RandomSplit as RandomSplitBody | undefined
  if (split && Array.isArray(split.weights)) return { ...step, RandomSplit: { ...split, weights: split.weights.map((w) => ({ ...w, model: fn(w.model) })) } }
  return step
}

/** True when some step runs at least one model (a pipeline without one cannot answer an inference). */
export function hasModelStep(definition: PipelineDefinition): boolean {
  return (definition.steps ?? []).some((step) => stepModels(step).length > 0)
}

/** Model names referenced without version/sha (to be filled from the `models` input), in any step kind. */
export function unresolvedModelNames(definition: PipelineDefinition): string[] {
  return (definition.steps ?? []).flatMap((step) =>
    stepModels(step)
      .filter((m) => m.version === undefined)
      .map((m) => m.name)
  )
}

/** A copy of `definition` with every model lacking version/sha (in ModelInference and RandomSplit steps) filled from `byName`; throws if one is missing. */
export function fillDefinition(definition: PipelineDefinition, byName: Map<string, ModelRef>): PipelineDefinition {
  const steps = definition.steps?.map((step) =>
    mapStepModels(step, (m) => {
      if (m.version !== undefined) return m
      const ref = byName.get(m.name)
      if (!ref) throw new Error(`pipeline-definition names model "${m.name}" without version and sha, and 'models' has no entry of that name`)
      return { ...m, version: ref.version, sha: ref.sha }
    })
  )
  return steps ? { ...definition, steps } : { ...definition }
}

/** Every model a definition uses, in step order, without duplicates (for the deploy body's `models`). */
export function modelRefsOf(definition: PipelineDefinition): ModelRef[] {
  const out: ModelRef[] = []
  for (const step of definition.steps ?? []) {
    for (const m of stepModels(step)) {
      if (!out.some((o) => o.name === m.name && o.version === m.version)) out.push({ name: m.name, version: m.version, sha: m.sha })
    }
  }
  return out
}

/** Deep equality where object key order does not matter and array order does. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]))
  }
  return false
}

/** True when two definitions describe the same pipeline (a `{}` definition equals one with `steps: []`). */
export function sameDefinition(a: PipelineDefinition, b: PipelineDefinition): boolean {
  const norm = (d: PipelineDefinition): PipelineDefinition => ({ ...d, steps: d.steps ?? [] })
  return deepEqual(norm(a), norm(b))
}
