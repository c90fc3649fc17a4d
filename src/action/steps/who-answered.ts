/**
 * Proof that this run's pipeline version answered the smoke inference: the answer's `metadata.pipeline_version`
 * (2024+ servers) must be the version this run deployed and `metadata.last_model` this run's last model; where the
 * server leaves pipeline_version empty (2023), the last model's name and sha decide. Another deploy of the same
 * pipeline in between would otherwise pass its answers off as this run's.
 */
import { answerOrigin, type AnswerOrigin } from '../answers.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'
import type { ModelRef, PipelineDefinition } from '../../wallaroo/types.js'
import { stepModels } from '../inputs/definition.js'

/** Another run replaced this run's version: the failure policy must not act (what serves now is the other run's). */
export class ReplacedByAnotherRun extends ActionFailure {
  constructor(message: string) {
    super(message, 'deploy-failed')
    this.name = 'ReplacedByAnotherRun'
  }
}

/**
 * The models that may answer last, i.e. name `metadata.last_model`: the last step that runs models decides. One model
 * of a ModelInference step; the champion (first model) of a shadow deploy (several models, then AuditResults/MultiOut,
 * whose reply is the champion's); any weighted model of a RandomSplit. Empty when that cannot be told (a step with
 * several models that is not a shadow deploy).
 */
export function lastModelsOf(definition: PipelineDefinition): ModelRef[] {
  const steps = definition.steps ?? []
  for (let i = steps.length - 1; i >= 0; i--) {
    const models = stepModels(steps[i])
    if (models.length === 0) continue
    if (steps[i].RandomSplit) {
      const weights = (steps[i].RandomSplit as { weights: Array<{ model: ModelRef; weight: number }> }).weights
      return weights.filter((w) => w.weight > 0).map((w) => w.model)
    }
    if (models.length === 1) return models
    const shadow = i < steps.length - 1 && steps.slice(i + 1).every((s) => 'AuditResults' in s || 'MultiOut' in s)
    return shadow ? [models[0]] : []
  }
  return []
}

/** How to stop two runs deploying one pipeline at once, for messages. */
export function concurrencyAdvice(pipeline: string): string {
  return (
    `Let one deploy of a pipeline run at a time: give the job (or workflow) a concurrency group without cancelling the run in progress, e.g.\n` +
    `  concurrency:\n    group: wallaroo-${pipeline}\n    cancel-in-progress: false`
  )
}

/** Checks the answer records against this run's version and last model; records how it was verified. */
export function checkWhoAnswered(ctx: RunContext, records: unknown[], ours: { version?: string; lastModels?: ModelRef[]; pipeline: string }): void {
  const { record, log } = ctx
  const origins = records.map(answerOrigin)
  const versions = [...new Set(origins.map((o) => o.pipelineVersion).filter((v): v is string => v !== undefined))]
  const replaced = (what: string): never => {
    throw new ReplacedByAnotherRun(
      `the smoke inference was answered by ${what}, not by this run's deployment: another deploy of pipeline "${ours.pipeline}" replaced it while this run was checking it. ` +
        `This run's answers could not be checked, and nothing was rolled back or undeployed (what serves now belongs to the other run). ${concurrencyAdvice(ours.pipeline)}`
    )
  }
  if (versions.length > 0 && ours.version) {
    const foreign = versions.find((v) => v !== ours.version)
    if (foreign) replaced(`pipeline version ${foreign} (this run deployed ${ours.version})`)
    record.answeredBy = { verified: 'pipeline-version', detail: `answered by pipeline version ${ours.version}` }
    return
  }
  const models = origins.map((o) => o.lastModel).filter((m) => m !== undefined)
  const candidates = ours.lastModels ?? []
  if (models.length > 0 && candidates.length > 0) {
    const matches = (m: NonNullable<AnswerOrigin['lastModel']>, want: ModelRef): boolean =>
      (m.name === undefined || m.name === want.name) && (m.sha === undefined || want.sha === undefined || m.sha === want.sha)
    const foreign = models.find((m) => !candidates.some((want) => matches(m!, want)))
    const ourNames = candidates.map((w) => `"${w.name}", sha ${w.sha?.slice(0, 12)}…`).join(' or ')
    if (foreign) replaced(`model "${foreign.name ?? '?'}" (sha ${foreign.sha?.slice(0, 12) ?? '?'}…; this run's last model is ${ourNames})`)
    const answered = candidates.find((want) => matches(models[0]!, want)) ?? candidates[0]
    record.answeredBy = {
      verified: 'last-model',
      detail: `answered by model "${answered.name}" (sha ${answered.sha?.slice(0, 12)}…); this server does not report the pipeline version`
    }
    return
  }
  const why =
    records.length === 0
      ? 'the answer has no records'
      : `the answer carries no metadata naming the pipeline version or last model (add 'metadata' to the dataset, or check '${Inputs.Pipeline}')`
  record.answeredBy = { verified: 'no', detail: why }
  log.info(`Who answered the smoke inference could not be verified: ${why}.`)
}
