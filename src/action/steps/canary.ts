/**
 * `strategy: canary`: a RandomSplit of the live champion and this run's challenger, the challenger getting
 * `canary-weight` percent of the requests (sticky by `hash-key`: the same value of that column always reaches the
 * same model). Deployed and checked like any deploy; `operation: promote` or `reject` settles it later.
 */
import { splitModelOf } from '../answers.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { deployPrepared } from '../operations/deploy.js'
import { phase, type RolloutRecord } from '../run-record.js'
import { checkAnswers } from './check-answers.js'
import { canaryDefinition, modelLabel } from './champion.js'
import type { DeployTarget } from './deploy.js'
import { ensurePipelineVersion } from './pipeline.js'
import { prepareChallengers } from './shadow.js'

/** The `strategy: canary` deploy. */
export async function runCanaryDeploy(ctx: RunContext): Promise<void> {
  const { settings, record, log } = ctx
  const rollout = required(settings.rollout, 'rollout')
  const weight = required(rollout.canaryWeight, 'canary-weight')
  const pipeline = required(settings.pipeline, 'pipeline')
  const { workspaceId, structure, champion, challengers } = await prepareChallengers(ctx, `'${Inputs.Strategy}: canary'`)
  const [challenger] = challengers
  const definition = canaryDefinition(structure.prefix, champion, challenger, weight, rollout.hashKey)
  const version = await phase(ctx, 'pipeline', `creating the canary version of pipeline "${pipeline}"`, () =>
    ensurePipelineVersion(ctx, workspaceId, pipeline, definition)
  )
  if (record.pipeline) record.pipeline.definition = definition
  const rolloutRecord: RolloutRecord = {
    strategy: 'canary',
    champion,
    challengers,
    canary: { weight, ...(rollout.hashKey ? { hashKey: rollout.hashKey } : {}) }
  }
  record.rollout = rolloutRecord
  const sticky = rollout.hashKey ? `, sticky by column "${rollout.hashKey}"` : ''
  log.info(`Canary: challenger ${modelLabel(challenger)} gets ${weight}% of the requests, champion ${modelLabel(champion)} ${100 - weight}%${sticky}.`)
  const target: DeployTarget = { workspaceId, pipeline, definition, ...version }
  await deployPrepared(ctx, target, {
    check: (records, origin) => {
      // Either model may answer a request, so the version tells who answered, not the last model.
      checkAnswers(ctx, records, { pipeline: origin.pipeline, version: origin.version })
      const arm = splitModelOf(records[0])
      if (arm?.name)
        log.info(
          `The smoke request went to ${arm.name === challenger.name && (!arm.version || arm.version === challenger.version) ? 'the challenger' : 'the champion'} ("${arm.name}").`
        )
    }
  })
  rolloutRecord.canary = { ...rolloutRecord.canary!, ...(target.version ? { version: target.version } : {}), versionId: target.versionId }
  rolloutRecord.decision = {
    result: 'kept',
    detail: `the canary serves ${weight}% of requests with the challenger; settle it with operation 'promote' (the challenger alone) or 'reject' (the champion alone)`
  }
}
