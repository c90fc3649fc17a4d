/**
 * The inference endpoint `/v1/api/pipelines/infer/{deploy_id}-{id}/{pipeline}` (§9): looks up
 * the live deployment, answers 404/503 like the platform does (501 for what the emulator cannot run), and runs
 * the step models of the rollout that serves now through onnxruntime via `runInference`. Errors use the inference format (§9.4).
 */
import { ApiError, decodePathPart } from '../http.js'
import { InferenceError, runInference, type PlanStep, type StepModel } from '../inference.js'
import type { Route } from '../router.js'
import { NATIVE_FRAMEWORKS, type ModelVersionRecord } from '../state.js'
import type { Store } from '../store.js'
import type { ServingRollout } from '../store-deployments.js'
import type { StepPlan } from '../store-pipelines.js'
import { modelSplitText } from '../views.js'

/** The platform's answer while a pipeline is being activated (§9.4). */
const NOT_READY_TEXT = 'The resources required to run this request are not available. Please check the inference endpoint status and try again'

/** A model version ready to run: ONNX, loaded; otherwise the engine's (or the emulator's) refusal. */
function runnable(store: Store, mv: ModelVersionRecord, arm: boolean): StepModel {
  if (mv.conversion.framework !== 'onnx') {
    const where = NATIVE_FRAMEWORKS.has(mv.conversion.framework) ? 'engine' : 'sidekick'
    throw new ApiError(
      501,
      `not implemented by the emulator: model '${mv.name}' has framework '${mv.conversion.framework}'; the emulator only runs onnx models`,
      where
    )
  }
  const load = store.loadedModel(mv)
  // After a restart the engine is still loading the model again: the platform's activation answer.
  if (load?.state === 'loading') throw new ApiError(503, NOT_READY_TEXT, 'engine')
  if (load?.state !== 'ok') throw new ApiError(500, `Internal processing error: model '${mv.name}' is not loaded`, 'engine')
  return { name: mv.name, sha: mv.file_info.sha, model: load.model, ...(arm ? { split: modelSplitText(mv, store.traits) } : {}) }
}

/**
 * The plans of serving rollouts whose models were all loaded: store.servingRollout answers with the same rollout
 * while nothing changed, and a loaded model stays loaded until the state changes (a new rollout object).
 */
const loadedPlans = new WeakMap<ServingRollout, PlanStep[]>()

/** The rollout's plan with each model loaded (remembered once every model is). */
function loadedPlanOf(store: Store, serving: ServingRollout): PlanStep[] {
  const known = loadedPlans.get(serving)
  if (known) return known
  const steps = loadedPlan(store, serving.plan)
  loadedPlans.set(serving, steps)
  return steps
}

/** The plan with each model loaded. */
function loadedPlan(store: Store, plan: StepPlan[]): PlanStep[] {
  return plan.map((step): PlanStep => {
    if (step.kind === 'model') return { kind: 'model', model: runnable(store, step.model, false) }
    if (step.kind === 'split')
      return { kind: 'split', hashKey: step.hashKey, arms: step.arms.map((a) => ({ model: runnable(store, a.model, true), weight: a.weight })) }
    return { kind: 'shadow', champion: runnable(store, step.champion, false), challengers: step.challengers.map((m) => runnable(store, m, false)) }
  })
}

/** Routes of this area. */
export const inferenceRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/api\/pipelines\/infer\/([^/]+)\/([^/]+)\/?$/,
    access: 'any',
    format: 'inference',
    async handler(ctx) {
      // Plain names (the usual) need no decoding.
      const [deployName, pipelineName] = ctx.params.map((p) => (p.includes('%') ? decodePathPart(p) : p))
      const d = ctx.store.liveDeployment(deployName)
      if (!d || d.deploy_id !== pipelineName) throw new ApiError(404, 'Deployment not found', 'platform')
      // While a changed redeploy starts, the rollout it replaces still answers (a rolling update, §8.1).
      const serving = ctx.store.servingRollout(d)
      if (!serving) throw new ApiError(503, NOT_READY_TEXT, 'engine')
      // Real servers accept these definitions; guessing how they run would mislead, so say what is missing.
      if (serving.unsupported) throw new ApiError(501, `not implemented by the emulator: ${serving.unsupported}`, 'platform')
      if (serving.plan.length === 0) {
        throw new ApiError(400, 'the deployed pipeline version has no ModelInference steps; add a model step with pipelines/create and redeploy', 'engine')
      }
      const steps = loadedPlanOf(ctx.store, serving)
      // Most requests have no query: URLSearchParams is only made for those that do.
      const q = ctx.req.url?.includes('?') ? ctx.url.searchParams : undefined
      const list = (...keys: string[]): string[] | undefined => {
        if (!q) return undefined
        const values = keys
          .flatMap((k) => q.getAll(k))
          .flatMap((v) => v.split(','))
          .filter((v) => v !== '')
        return values.length > 0 ? values : undefined
      }
      const body = await ctx.body()
      try {
        const out = await runInference({ contentType: ctx.req.headers['content-type'], accept: ctx.req.headers.accept, body }, steps, {
          profile: ctx.settings.profile,
          pipelineVersion: serving.version.version,
          partition: serving.partition,
          dataset: list('dataset[]', 'dataset'),
          exclude: list('dataset.exclude[]', 'dataset.exclude'),
          separator: q?.get('dataset.separator') ?? undefined,
          now: ctx.settings.now,
          random: () => ctx.store.nextRandom()
        })
        return { status: 200, raw: out.body, contentType: out.contentType }
      } catch (err) {
        if (err instanceof InferenceError) throw new ApiError(err.status, err.message, 'engine')
        throw err
      }
    }
  }
]
