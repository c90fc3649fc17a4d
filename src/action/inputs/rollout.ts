/**
 * The champion-and-challenger inputs of `deploy`: `strategy` (basic, shadow, canary), `compare-with-live`,
 * `compare-input`, `decision-threshold`, the gates `max-live-deviation` / `max-changed-rows`, `promote`,
 * `canary-weight` and `hash-key`. Checked together, since most only make sense beside another.
 */
import { readArrowFile } from '../lazy-parsers.js'
import { Inputs, type InputName } from '../constants.js'
import {
  PROMOTE_POLICIES,
  STRATEGIES,
  type ComparisonGates,
  type Operation,
  type PromotePolicy,
  type RolloutSettings,
  type SmokeInput,
  type Strategy
} from '../settings.js'
import { problemOf, type Problem } from '../errors.js'
import { readSmokeInput } from './smoke-input.js'
import { isRecord } from './structured-text.js'

/** What parseRolloutInputs needs of parse.ts: the readers, the parsed neighbours and the problem list. */
export interface RolloutInputContext {
  operation: Operation | undefined
  /** The input's text, or its default. */
  get: (name: InputName) => string
  /** Whether the user gave the input. */
  given: (name: InputName) => boolean
  /** parse.ts's strict boolean and word-list readers (they add the problem themselves). */
  bool: (name: InputName) => boolean
  choice: <T extends string>(name: InputName, values: readonly T[]) => T
  smokeInput?: SmokeInput
  /** How many entries `models` has. */
  modelCount: number
  cwd: string
  problems: Problem[]
}

/** A non-negative or any finite number written plainly (0.5, 1e-3, -2). */
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** Parses and cross-checks the champion-and-challenger inputs; every problem goes to `c.problems`. */
export function parseRolloutInputs(c: RolloutInputContext): RolloutSettings {
  const { get, given, problems } = c
  const strategy = c.choice<Strategy>(Inputs.Strategy, STRATEGIES)
  const compareWithLive = c.bool(Inputs.CompareWithLive)
  const promote = c.choice<PromotePolicy>(Inputs.Promote, PROMOTE_POLICIES)
  // Shadow deploys always compare (the challengers answer beside the champion); basic ones when asked.
  const compares = strategy === 'shadow' || (strategy === 'basic' && compareWithLive)
  const needsComparison = (name: InputName): void => {
    if (given(name) && !compares) {
      problems.push(
        `Input '${name}' only applies when the deploy compares answers with the live model: set '${Inputs.CompareWithLive}: true', or '${Inputs.Strategy}: shadow'.`
      )
    }
  }

  if (compareWithLive && strategy !== 'basic') {
    problems.push(
      strategy === 'shadow'
        ? `Input '${Inputs.CompareWithLive}' is not needed with '${Inputs.Strategy}: shadow': a shadow deploy always compares its challengers with the champion. Remove '${Inputs.CompareWithLive}'.`
        : `Input '${Inputs.CompareWithLive}' does not work with '${Inputs.Strategy}: canary': each request of a canary is answered by one model or the other, so answers cannot be compared row by row. Use '${Inputs.Strategy}: shadow' to compare first, then a canary.`
    )
  }

  let compareInput: SmokeInput | undefined
  needsComparison(Inputs.CompareInput)
  if (given(Inputs.CompareInput)) {
    try {
      compareInput = readSmokeInput(get(Inputs.CompareInput), c.cwd, Inputs.CompareInput)
    } catch (e) {
      problems.push(problemOf(e))
    }
  }
  if (compares && !given(Inputs.CompareInput) && !given(Inputs.SmokeInput)) {
    const why = strategy === 'shadow' ? `'${Inputs.Strategy}: shadow'` : `'${Inputs.CompareWithLive}'`
    problems.push(
      `${why} needs rows to send to both models: give '${Inputs.SmokeInput}' (a few rows) or '${Inputs.CompareInput}' (a larger file, JSON or Arrow).`
    )
  }

  let decisionThreshold: number | undefined
  needsComparison(Inputs.DecisionThreshold)
  if (given(Inputs.DecisionThreshold)) {
    const text = get(Inputs.DecisionThreshold)
    if (NUMBER.test(text)) decisionThreshold = Number(text)
    else
      problems.push(
        `Input '${Inputs.DecisionThreshold}' is ${JSON.stringify(text)}: give the score at which a one-value output changes class, e.g. 0.5 for a fraud probability.`
      )
  }

  const gates: ComparisonGates = {}
  needsComparison(Inputs.MaxLiveDeviation)
  if (given(Inputs.MaxLiveDeviation)) {
    const text = get(Inputs.MaxLiveDeviation)
    if (NUMBER.test(text) && Number(text) >= 0) gates.maxDeviation = Number(text)
    else
      problems.push(
        `Input '${Inputs.MaxLiveDeviation}' is ${JSON.stringify(text)}: give the largest |new - live| answer difference allowed, a number of 0 or more, e.g. 0.05.`
      )
  }
  needsComparison(Inputs.MaxChangedRows)
  if (given(Inputs.MaxChangedRows)) {
    const text = get(Inputs.MaxChangedRows)
    const percent = /^(\d+(\.\d*)?)\s*%$/.exec(text)
    if (/^\d+$/.test(text)) gates.maxChangedRows = { count: Number(text) }
    else if (percent && Number(percent[1]) <= 100) gates.maxChangedRows = { percent: Number(percent[1]) }
    else
      problems.push(
        `Input '${Inputs.MaxChangedRows}' is ${JSON.stringify(text)}: give a number of rows (e.g. 3) or a percentage of the rows compared (e.g. 2%).`
      )
  }
  const hasGate = gates.maxDeviation !== undefined || gates.maxChangedRows !== undefined

  if (given(Inputs.Promote)) {
    if (strategy !== 'shadow') {
      problems.push(`Input '${Inputs.Promote}' only applies with '${Inputs.Strategy}: shadow'; a canary is settled later with operation 'promote' or 'reject'.`)
    } else if (promote === 'if-within' && !hasGate) {
      problems.push(`Input '${Inputs.Promote}: if-within' needs a gate to be within: give '${Inputs.MaxLiveDeviation}' and/or '${Inputs.MaxChangedRows}'.`)
    } else if (promote === 'always' && hasGate) {
      problems.push(
        `Input '${Inputs.Promote}: always' promotes whatever the comparison shows, so '${Inputs.MaxLiveDeviation}' and '${Inputs.MaxChangedRows}' would do nothing; use '${Inputs.Promote}: if-within' to promote only within them, or remove the gates.`
      )
    }
  }

  let canaryWeight: number | undefined
  if (given(Inputs.CanaryWeight)) {
    const text = get(Inputs.CanaryWeight)
    if (strategy !== 'canary') problems.push(`Input '${Inputs.CanaryWeight}' only applies with '${Inputs.Strategy}: canary'.`)
    else if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 99) canaryWeight = Number(text)
    else
      problems.push(
        `Input '${Inputs.CanaryWeight}' is ${JSON.stringify(text)}: give the challenger's share of requests as a whole percentage from 1 to 99, e.g. 10.`
      )
  } else if (strategy === 'canary') {
    problems.push(`'${Inputs.Strategy}: canary' needs '${Inputs.CanaryWeight}': the challenger's share of requests in percent (1 to 99), e.g. 10.`)
  }

  let hashKey: string | undefined
  if (given(Inputs.HashKey)) {
    if (strategy !== 'canary')
      problems.push(`Input '${Inputs.HashKey}' only applies with '${Inputs.Strategy}: canary' (it keeps requests with the same value on one model).`)
    else hashKey = get(Inputs.HashKey)
  }

  if (c.operation === 'deploy' && strategy !== 'basic') {
    const label = `'${Inputs.Strategy}: ${strategy}'`
    if (given(Inputs.PipelineDefinition)) {
      problems.push(
        `${label} builds the pipeline definition itself (the live champion plus this run's models); remove '${Inputs.PipelineDefinition}' and list the challenger(s) in '${Inputs.Models}'.`
      )
    }
    if (c.modelCount === 0) {
      problems.push(`${label} needs the challenger in '${Inputs.Models}': the model(s) to run beside the live champion.`)
    } else if (strategy === 'canary' && c.modelCount > 1) {
      problems.push(`${label} splits traffic between the champion and one challenger, but '${Inputs.Models}' has ${c.modelCount} entries; give one.`)
    } else if (strategy === 'shadow' && promote !== 'never' && c.modelCount > 1) {
      problems.push(
        `Input '${Inputs.Promote}: ${promote}' promotes the challenger, but '${Inputs.Models}' has ${c.modelCount} challengers; give one, or use '${Inputs.Promote}: never' to compare several.`
      )
    }
  }
  if (hashKey && c.smokeInput) {
    const columns = inputColumns(c.smokeInput)
    if (columns && !columns.includes(hashKey)) {
      problems.push(
        `Input '${Inputs.HashKey}' is "${hashKey}", but '${Inputs.SmokeInput}' has no such column (columns: ${columns.map((n) => `"${n}"`).join(', ')}); name a column your requests carry, e.g. a customer id, so the same value always reaches the same model.`
      )
    }
  }

  return {
    strategy,
    compareWithLive,
    ...(compareInput ? { compareInput } : {}),
    ...(decisionThreshold !== undefined ? { decisionThreshold } : {}),
    gates,
    promote,
    ...(canaryWeight !== undefined ? { canaryWeight } : {}),
    ...(hashKey !== undefined ? { hashKey } : {})
  }
}

/** The column names of an input file (the keys of its records, or its Arrow fields); undefined when unreadable. */
export function inputColumns(input: SmokeInput): string[] | undefined {
  try {
    if (input.format === 'arrow') return readArrowFile(input.body).schema.fields.map((f) => f.name)
    const rows = JSON.parse(new TextDecoder().decode(input.body)) as unknown
    if (!Array.isArray(rows)) return undefined
    return [...new Set(rows.filter(isRecord).flatMap((r) => Object.keys(r)))]
  } catch {
    return undefined
  }
}

/** The input a comparison sends: `compare-input`, else `smoke-input`. */
export function comparisonInput(rollout: RolloutSettings | undefined, smokeInput: SmokeInput | undefined): SmokeInput | undefined {
  return rollout?.compareInput ?? smokeInput
}
