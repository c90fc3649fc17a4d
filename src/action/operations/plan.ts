/**
 * `dry-run: true`: each operation's plan. Every input is already checked; a planner signs in, resolves the
 * workspace and reads the current state (models by sha, the pipeline's current version, the deployment's status)
 * with a read-only API (dry-run.ts), and lists what the operation would upload, create, deploy, roll back or tear
 * down. Nothing changes on the server, not even a workspace.
 */
import type { ModelRef } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { defaultDefinition, fillDefinition, sameDefinition } from '../inputs/definition.js'
import { formatTolerance } from '../inputs/tolerance.js'
import { phase, type PlanStep } from '../run-record.js'
import type { Operation } from '../settings.js'
import { deploymentName } from '../steps/deploy.js'
import { deploymentFromUrl } from '../steps/deployment-url.js'
import { statusVersion } from '../steps/live-version.js'
import { findPipeline, listPipelinesIn, pickPipeline, versionPk } from '../steps/pipeline.js'
import { checkGivenVersions, findReusableVersion, givenVersionsNeedExistingWorkspace, listModelsOrNothing } from '../steps/upload.js'
import { findWorkspace, refusalToCreate, WorkspaceNotFound } from '../steps/workspace.js'
import { InputMismatch } from '../errors.js'
import { runGetUrl } from './get-url.js'
import { lookupDeployment } from './locate.js'
import { runStatus } from './status.js'
import { sweepCandidates } from './sweep.js'
// Champion and challenger
import { planLiveAnswers, planLiveComparison, planSettle, planStrategy } from './plan-rollout.js'

/** A Running version the server does not name (2023 servers without list_pipelines). */
const UNNAMED = 'a version the server does not name'

/** Adds plan steps to the record and the log. */
export function planner(ctx: RunContext): (action: string, target: string, detail: string) => void {
  const steps: PlanStep[] = (ctx.record.plan = [])
  return (action, target, detail) => {
    steps.push({ action, target, detail })
    ctx.log.info(`Plan: ${action} ${target}: ${detail}`)
  }
}

/** The workspace id, or undefined when the plan would create it (refusals as in a real run). */
export async function planWorkspace(ctx: RunContext, add: ReturnType<typeof planner>): Promise<number | undefined> {
  const lookup = await findWorkspace(ctx)
  const wanted = required(ctx.settings.workspace, 'workspace')
  const label = 'name' in wanted ? `workspace "${wanted.name}"` : `workspace ${wanted.id}`
  if (lookup.found) {
    ctx.record.workspace = { id: lookup.found.id, name: lookup.found.name, created: false }
    add('use', label, `exists (id ${lookup.found.id})`)
    return lookup.found.id
  }
  const notCreated = refusalToCreate(ctx, lookup.visible)
  if (notCreated) throw new WorkspaceNotFound(notCreated)
  const given = givenVersionsNeedExistingWorkspace(ctx)
  if (given) throw new InputMismatch(given)
  add('create', label, 'does not exist; it would be created')
  return undefined
}

/** Each model: reused (by sha), given, or uploaded; returns the refs known without uploading (undefined for uploads). */
export async function planModels(
  ctx: RunContext,
  add: ReturnType<typeof planner>,
  workspaceId: number | undefined
): Promise<Map<string, ModelRef | undefined>> {
  const { settings, api } = ctx
  const refs = new Map<string, ModelRef | undefined>()
  const list = workspaceId !== undefined && settings.models.some((m) => m.kind !== 'id') ? await listModelsOrNothing(api, workspaceId) : undefined
  const given = workspaceId !== undefined ? await checkGivenVersions(ctx, list, workspaceId) : new Map()
  for (const spec of settings.models) {
    const target = `model "${spec.name}"`
    if (spec.kind !== 'file') {
      const g = given.get(spec) ?? (spec.kind === 'existing' ? { version: spec.version, sha: spec.sha } : undefined)
      refs.set(spec.name, g && { name: spec.name, version: g.version, sha: g.sha })
      add('use', target, spec.kind === 'id' ? `the given version id ${spec.versionId}${g ? ` (${g.version})` : ''}` : `the given version ${spec.version}`)
      continue
    }
    const { reusable, rejected } = workspaceId === undefined ? { reusable: undefined, rejected: [] } : await findReusableVersion(api, list, workspaceId, spec)
    if (reusable) {
      refs.set(spec.name, { name: spec.name, version: reusable.version, sha: spec.sha })
      add('reuse', target, `version ${reusable.versionId} already has sha ${spec.sha.slice(0, 12)}… with these conversion settings`)
    } else {
      refs.set(spec.name, undefined)
      const why = rejected.length > 0 ? `; not reused: ${rejected.join('; ')}` : ''
      add(
        'upload',
        target,
        `${spec.path} (${spec.size} bytes, sha ${spec.sha.slice(0, 12)}…, framework ${spec.framework}${spec.arch ? `, arch ${spec.arch}` : ''}), then wait for its conversion${why}`
      )
    }
  }
  return refs
}

/** deploy and create-pipeline. */
async function planDeploy(ctx: RunContext): Promise<void> {
  const { settings, record, api } = ctx
  const add = planner(ctx)
  const pipeline = required(settings.pipeline, 'pipeline')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => planWorkspace(ctx, add))
  const refs = await phase(ctx, 'models', 'looking up the models', () => planModels(ctx, add, workspaceId))
  const known = [...refs.values()].every((r) => r !== undefined) ? new Map([...refs].map(([k, v]) => [k, v!])) : undefined
  const definition = known && (settings.pipelineDefinition ? fillDefinition(settings.pipelineDefinition, known) : defaultDefinition([...known.values()]))
  const lookup = await phase(ctx, 'pipeline', `looking up pipeline "${pipeline}"`, async () =>
    workspaceId === undefined ? ({ kind: 'absent' } as const) : findPipeline(api, workspaceId, pipeline)
  )
  const target = `pipeline "${pipeline}"`
  const item = lookup.kind === 'found' ? lookup.item : undefined
  if (lookup.kind === 'absent') add('create', target, 'does not exist; it would be created with this definition')
  else if (lookup.kind === 'unsupported')
    add('create', `a version of ${target}`, 'this server has no list_pipelines, so reuse cannot be checked: a new version would be created')
  else {
    const currentId = versionPk(item)
    const current = item?.pipeline_version?.definition ?? (item?.pipeline_version?.steps ? { steps: item.pipeline_version.steps } : undefined)
    if (definition && current && sameDefinition(current, definition)) add('reuse', target, `its current version ${currentId} already has this definition`)
    else
      add(
        'create',
        `a version of ${target}`,
        known ? `the definition differs from the current version ${currentId ?? '(none)'}` : 'a model would be uploaded first, so the definition is new'
      )
  }
  record.pipeline = { name: pipeline, ...(item ? { id: item.pipeline.id } : {}), created: lookup.kind === 'absent', versionReused: false }
  if (settings.operation === 'create-pipeline') return planTeardown(ctx, add, lookup.kind === 'absent')

  let deploymentId = item?.deployment?.id
  let deployed = item?.deployment?.deployed === true
  if (lookup.kind === 'unsupported' && workspaceId !== undefined) {
    // No list_pipelines: the inference URL names the deployment once there was one (steps/deployment-url.ts).
    const fromUrl = await deploymentFromUrl(ctx, workspaceId, pipeline)
    if (fromUrl.kind === 'named') {
      deploymentId = fromUrl.id
      deployed = true
    }
  }
  const engine = JSON.stringify(settings.engineConfig.engine ?? {})
  let runningVersion: string | undefined
  if (deploymentId !== undefined && deployed) {
    const name = deploymentName(pipeline, deploymentId)
    const status = await api.getDeployment(name)
    const pk = versionPk(item)
    runningVersion = status?.status === 'Running' ? (statusVersion(status, pipeline) ?? (pk !== undefined ? `version ${pk}` : UNNAMED)) : undefined
    planLiveAnswers(ctx, add, runningVersion)
    add(
      'redeploy',
      `deployment ${name}`,
      `now ${status?.status ?? 'not found (404)'}${runningVersion ? ` with ${runningVersion}` : ''}; the engines would be updated with engine ${engine}`
    )
  } else {
    planLiveAnswers(ctx, add, undefined)
    add('deploy', target, `not deployed now; a deployment would be started with engine ${engine}`)
  }
  add(
    'wait',
    target,
    `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)} (an Error lasting '${Inputs.ErrorGrace}' ${formatDuration(settings.errorGraceMs)} fails at once)`
  )
  if (settings.smokeInput) {
    add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}, checking this run's version answered`)
    if (settings.expectedOutput) add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`)
  } else {
    add('skip', 'smoke inference', `no '${Inputs.SmokeInput}' given: the deployment would not be checked`)
  }
  planLiveComparison(ctx, add, runningVersion)
  const policy = settings.onFailure
  const onFailure =
    policy === 'keep'
      ? 'leave the deployment as it is'
      : policy === 'rollback' && runningVersion === UNNAMED
        ? `leave it as it is: the version Running now is not named by this server (no list_pipelines, no version in its status), so it cannot be rolled back to`
        : policy === 'rollback' && runningVersion
          ? `roll back to ${runningVersion} (Running now)`
          : 'undeploy it' + (policy === 'rollback' ? ' (nothing is Running now to roll back to)' : '')
  add('on-failure', target, `if the wait or the checks fail: ${onFailure}`)
  planTeardown(ctx, add, lookup.kind === 'absent')
}

/** What the post step would remove. */
export function planTeardown(ctx: RunContext, add: ReturnType<typeof planner>, createsPipeline: boolean): void {
  const { teardown, ephemeralBase } = ctx.settings
  if (teardown === 'never') return
  const what =
    createsPipeline || ephemeralBase
      ? 'undeploy and delete the pipeline'
      : 'undeploy the deployment if this run started it (the pipeline existed before, so it stays)'
  add(
    'teardown',
    `pipeline "${ctx.settings.pipeline ?? ctx.settings.newPipeline}"`,
    `${teardown === 'always' ? 'after the job' : 'after the job, if this step failed'}: ${what}`
  )
}

async function planUploadModel(ctx: RunContext): Promise<void> {
  const add = planner(ctx)
  const workspaceId = await planWorkspace(ctx, add)
  await planModels(ctx, add, workspaceId)
}

async function planUndeploy(ctx: RunContext): Promise<void> {
  const add = planner(ctx)
  const lookup = await findWorkspace(ctx).catch((e: unknown) => {
    if (e instanceof WorkspaceNotFound) return undefined
    throw e
  })
  if (!lookup?.found) return add('nothing', `pipeline "${ctx.settings.pipeline}"`, 'the workspace does not exist')
  const found = await lookupDeployment(ctx, lookup.found.id)
  if (found.kind === 'no-pipeline') return add('nothing', `pipeline "${found.pipeline}"`, 'it does not exist in the workspace')
  if (found.name === undefined || found.deployed === false) return add('nothing', `pipeline "${found.pipeline}"`, 'it is not deployed')
  const status = await ctx.api.getDeployment(found.name)
  add(status ? 'undeploy' : 'nothing', `deployment ${found.name}`, status ? `now ${status.status}` : 'not deployed (404)')
}

async function planCopy(ctx: RunContext): Promise<void> {
  const add = planner(ctx)
  const { settings } = ctx
  const source = required(settings.sourcePipeline, 'source-pipeline')
  const target = required(settings.newPipeline, 'new-pipeline')
  const ws = await findWorkspace(ctx)
  if (!ws.found) throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`)
  const which = settings.sourceVersion ? `version ${settings.sourceVersion}` : 'its latest version'
  const items = await listPipelinesIn(ctx.api, ws.found.id)
  let to: ReturnType<typeof pickPipeline>
  if (items === undefined) {
    if (settings.sourcePipelineId === undefined) {
      throw new InputMismatch(
        `this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' "${source}" cannot be resolved to an id; give the pipeline's numeric id instead`
      )
    }
    add(
      'copy',
      `pipeline ${source}`,
      `${which} to "${target}" (this server has no list_pipelines, so neither the source nor the name "${target}" could be checked)`
    )
  } else {
    const from =
      settings.sourcePipelineId !== undefined ? items.find((i) => i.pipeline.id === settings.sourcePipelineId) : pickPipeline(items, ws.found.id, source)
    if (!from) throw new InputMismatch(`no pipeline "${source}" in workspace ${ws.found.id}; check '${Inputs.SourcePipeline}'`)
    to = pickPipeline(items, ws.found.id, target)
    add(
      to ? 'nothing' : 'copy',
      `pipeline "${from.pipeline.pipeline_id}"`,
      to ? `"${target}" already exists (id ${to.pipeline.id})` : `${which} to "${target}" (current version ${versionPk(from)})`
    )
  }
  if (settings.deployCopy) {
    const copyTarget = `pipeline "${target}"`
    add(to?.deployment?.deployed ? 'redeploy' : 'deploy', copyTarget, `with engine ${JSON.stringify(settings.engineConfig.engine ?? {})}`)
    add('wait', copyTarget, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`)
    if (settings.smokeInput)
      add(
        'infer',
        copyTarget,
        `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}${settings.expectedOutput ? `, checked against ${settings.expectedOutput.path}` : ''}`
      )
    add('on-failure', copyTarget, settings.onFailure === 'keep' ? 'leave the deployment as it is' : 'undeploy the copy (nothing ran before it)')
  }
  planTeardown(ctx, add, !to)
}

async function planInfer(ctx: RunContext): Promise<void> {
  const add = planner(ctx)
  const ws = await findWorkspace(ctx)
  if (!ws.found) throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`)
  const found = await lookupDeployment(ctx, ws.found.id, 'unknown')
  const input = required(ctx.settings.smokeInput, 'smoke-input')
  const status = found.kind === 'pipeline' && found.name ? await ctx.api.getDeployment(found.name) : null
  add('infer', `pipeline "${ctx.settings.pipeline}"`, `${input.rows} row(s) from ${input.path}; the deployment is now ${status?.status ?? 'not deployed'}`)
  if (ctx.settings.expectedOutput) add('check', `pipeline "${ctx.settings.pipeline}"`, `answers against ${ctx.settings.expectedOutput.path}`)
  if (ctx.settings.writeOutput) add('write', ctx.settings.writeOutput, 'the answers (a local file, not the server)')
}

async function planSweep(ctx: RunContext): Promise<void> {
  const add = planner(ctx)
  const candidates = await sweepCandidates(ctx)
  if (candidates.length === 0) add('nothing', `pipelines "${ctx.settings.prefix}*"`, 'none is stale')
  for (const c of candidates) add('remove', `pipeline "${c.name}"`, c.reason)
}

/** The planner of each operation; status and get-url only read, so they run as they are. */
export const planners: Record<Operation, (ctx: RunContext) => Promise<void>> = {
  deploy: (ctx) => ((ctx.settings.rollout?.strategy ?? 'basic') === 'basic' ? planDeploy(ctx) : planStrategy(ctx)),
  'create-pipeline': planDeploy,
  'upload-model': planUploadModel,
  undeploy: planUndeploy,
  'copy-pipeline': planCopy,
  status: async (ctx) => {
    planner(ctx)('read', `pipeline "${ctx.settings.pipeline}"`, 'status only reads, so it runs as usual')
    await runStatus(ctx)
  },
  'get-url': async (ctx) => {
    planner(ctx)('read', `pipeline "${ctx.settings.pipeline}"`, 'get-url only reads, so it runs as usual')
    await runGetUrl(ctx)
  },
  infer: planInfer,
  sweep: planSweep,
  // Champion and challenger
  promote: (ctx) => planSettle(ctx, 'promote'),
  reject: (ctx) => planSettle(ctx, 'reject')
}
