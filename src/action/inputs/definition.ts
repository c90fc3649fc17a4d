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
  if (steps !== undefined && !Array.isArray(steps)) problems.push(`Input '${input}' has 'steps' that is not a list; write steps as a list of single-key mappings.`)
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
          problems.push(`${at} ModelInference needs 'models': a non-empty list of {name, version, sha} (version and sha may be left out for models listed in '${Inputs.Models}').`)
          return
        }
        mi.models.forEach((m, j) => {
          if (!isRecord(m) || typeof m.name !== 'string' || m.name === '') {
            problems.push(`${at} ModelInference model ${j + 1} needs a 'name'.`)
          } else if ((m.version === undefined) !== (m.sha === undefined)) {
            problems.push(`${at} ModelInference model "${m.name}" gives only one of 'version' and 'sha'; give both, or neither to use the '${Inputs.Models}' entry named "${m.name}".`)
          } else if (m.version !== undefined && (typeof m.version !== 'string' || typeof m.sha !== 'string')) {
            problems.push(`${at} ModelInference model "${m.name}" needs 'version' (a UUID string) and 'sha' (hex string).`)
          }
        })
      }
    })
  }
  return problems.length > 0 ? { problems } : { definition: value as PipelineDefinition, problems }
}

/** The default definition: one ModelInference step per model, in the order given. */
export function defaultDefinition(models: ModelRef[]): PipelineDefinition {
  return { steps: models.map((m) => ({ ModelInference: { models: [{ name: m.name, version: m.version, sha: m.sha }] } })) }
}

/** True when some ModelInference step names at least one model (a pipeline without one cannot answer an inference). */
export function hasModelStep(definition: PipelineDefinition): boolean {
  return (definition.steps ?? []).some((step) => (step.ModelInference?.models ?? []).length > 0)
}

/** Model names referenced without version/sha (to be filled from the `models` input). */
export function unresolvedModelNames(definition: PipelineDefinition): string[] {
  const names: string[] = []
  for (const step of definition.steps ?? []) {
    for (const m of step.ModelInference?.models ?? []) if (m.version === undefined) names.push(m.name)
  }
  return names
}

/** A copy of `definition` with every ModelInference model lacking version/sha filled from `byName`; throws if one is missing. */
export function fillDefinition(definition: PipelineDefinition, byName: Map<string, ModelRef>): PipelineDefinition {
  const steps = definition.steps?.map((step): PipelineStep => {
    if (!step.ModelInference) return step
    const models = step.ModelInference.models.map((m) => {
      if (m.version !== undefined) return m
      const ref = byName.get(m.name)
      if (!ref) throw new Error(`pipeline-definition names model "${m.name}" without version and sha, and 'models' has no entry of that name`)
      return { ...m, version: ref.version, sha: ref.sha }
    })
    return { ...step, ModelInference: { ...step.ModelInference, models } }
  })
  return steps ? { ...definition, steps } : { ...definition }
}

/** Every model a definition uses, in step order, without duplicates (for the deploy body's `models`). */
export function modelRefsOf(definition: PipelineDefinition): ModelRef[] {
  const out: ModelRef[] = []
  for (const step of definition.steps ?? []) {
    for (const m of step.ModelInference?.models ?? []) {
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
