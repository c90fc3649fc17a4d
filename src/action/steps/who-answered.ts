/**
 * Proof that this run's pipeline version answered the smoke inference: the answer's `metadata.pipeline_version`
 * (2024+ servers) must be the version this run deployed and `metadata.last_model` this run's last model; where the
 * server leaves pipeline_version empty (2023), the last model's name and sha decide. Another deploy of the same
 * pipeline in between would otherwise pass its answers off as this run's.
 */
import { answerOrigin } from '../answers.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'
import type { ModelRef, PipelineDefinition } from '../../wallaroo/types.js'

/** Another run replaced this run's version: the failure policy must not act (what serves now is the other run's). */
export class ReplacedByAnotherRun extends ActionFailure {
  constructor(message: string) {
    super(message, 'deploy-failed')
    this.name = 'ReplacedByAnotherRun'
  }
}

/** The model that answers last: the only model of the last ModelInference step (none when that step has several). */
export function lastModelOf(definition: PipelineDefinition): ModelRef | undefined {
  const steps = definition.steps ?? []
  const last = steps[steps.length - 1] as { ModelInference?: { models?: ModelRef[] } } | undefined
  const models = last?.ModelInference?.models
  return models && models.length === 1 ? models[0] : undefined
}

/** How to stop two runs deploying one pipeline at once, for messages. */
export function concurrencyAdvice(pipeline: string): string {
  return (
    `Let one deploy of a pipeline run at a time: give the job (or workflow) a concurrency group without cancelling the run in progress, e.g.\n` +
    `  concurrency:\n    group: wallaroo-${pipeline}\n    cancel-in-progress: false`
  )
}

/** Checks the answer records against this run's version and last model; records how it was verified. */
export function checkWhoAnswered(ctx: RunContext, records: unknown[], ours: { version?: string; lastModel?: ModelRef; pipeline: string }): void {
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
  if (models.length > 0 && ours.lastModel) {
    const want = ours.lastModel
    const foreign = models.find((m) => (m!.name !== undefined && m!.name !== want.name) || (m!.sha !== undefined && want.sha !== undefined && m!.sha !== want.sha))
    if (foreign) replaced(`model "${foreign.name ?? '?'}" (sha ${foreign.sha?.slice(0, 12) ?? '?'}…; this run's last model is "${want.name}", sha ${want.sha?.slice(0, 12)}…)`)
    record.answeredBy = { verified: 'last-model', detail: `answered by model "${want.name}" (sha ${want.sha?.slice(0, 12)}…); this server does not report the pipeline version` }
    return
  }
  const why = records.length === 0 ? 'the answer has no records' : `the answer carries no metadata naming the pipeline version or last model (add 'metadata' to the dataset, or check '${Inputs.Pipeline}')`
  record.answeredBy = { verified: 'no', detail: why }
  log.info(`Who answered the smoke inference could not be verified: ${why}.`)
}
