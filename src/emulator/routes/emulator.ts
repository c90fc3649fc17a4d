/**
 * The developer API under `/_emulator/` (like moto's `/moto-api/`): no token needed, never
 * part of the real API. `GET /_emulator` lists it.
 */
import { decodePathPart, field, parseJsonBody } from '../http.js'
import { DEFAULT_FORCED_REASON } from '../lifecycle.js'
import { parseFaultSpec } from '../faults.js'
import { developerRoute, ok, type Route } from '../router.js'

/** What `GET /_emulator` answers: the developer API's own documentation. */
const EMULATOR_API_DOC = {
  'GET /_emulator': 'this list',
  'POST /_emulator/reset': 'forget every workspace, model, pipeline, deployment and fault (issued tokens stay valid)',
  'GET /_emulator/state': 'JSON dump of everything, with computed model and deployment statuses',
  'GET /_emulator/faults': 'fault rules in force',
  'POST /_emulator/faults':
    "{route, method?, status?, body?, delayMs?, count?, probability?, seed?, retryAfter?, afterApply?, drop?}: make matching calls answer `status` with `body` (default: an error in the route's format) and a `retryAfter` header after `delayMs`, or `drop` the connection without an answer, for `count` calls or with seeded `probability`; `afterApply` runs the route first (its change is kept); route is an exact path, a glob with *, or /regex/; status and drop omitted = latency only",
  'DELETE /_emulator/faults': 'remove every fault rule',
  'POST /_emulator/deployments/{name}/error':
    '{reason?}: force a live deployment (name <pipeline>-<id> or the pipeline name) into Error with that engine Pending reason',
  'DELETE /_emulator/deployments/{name}/error': 'clear a forced Error'
}

/** Routes of this area. */
export const emulatorRoutes: Route[] = [
  developerRoute('GET', '/_emulator', async () => ok(EMULATOR_API_DOC)),
  developerRoute('POST', '/_emulator/reset', async (ctx) => {
    ctx.store.reset()
    ctx.faults.clear()
    return ok({ reset: true })
  }),
  developerRoute('GET', '/_emulator/state', async (ctx) => {
    const s = ctx.store
    const { secret: _secret, ...data } = s.data
    void _secret
    return ok({
      profile: s.profile,
      now: new Date(ctx.settings.now()).toISOString(),
      ...data,
      model_versions: data.model_versions.map((mv) => ({ ...mv, ...s.modelStatus(mv), deployed: s.isDeployed(mv) })),
      deployments: data.deployments.map((d) => ({
        ...d,
        name: `${d.deploy_id}-${d.id}`,
        phase: d.deployed ? s.phase(d) : 'Undeployed',
        // The pipeline version answering inference now (the previous one during a rolling redeploy), or null.
        serving_version_id: s.servingRollout(d)?.version.id ?? null
      })),
      faults: ctx.faults.list()
    })
  }),
  developerRoute('GET', '/_emulator/faults', async (ctx) => ok({ faults: ctx.faults.list() })),
  developerRoute('POST', '/_emulator/faults', async (ctx) => {
    const body = parseJsonBody(await ctx.body())
    const specs = Array.isArray(body) ? body : [body]
    const parsed = specs.map((s) => parseFaultSpec(s))
    return ok({ faults: parsed.map((s) => ctx.faults.add(s)) }, 201)
  }),
  developerRoute('DELETE', '/_emulator/faults', async (ctx) => {
    ctx.faults.clear()
    return ok({ faults: [] })
  }),
  developerRoute('POST', /^\/_emulator\/deployments\/([^/]+)\/error$/, async (ctx) => {
    const reason = field.optString(await ctx.json(), 'reason')
    const d = ctx.store.forceError(decodePathPart(ctx.params[0]), reason ?? DEFAULT_FORCED_REASON)
    return ok({ name: `${d.deploy_id}-${d.id}`, forced_error: d.forced_error })
  }),
  developerRoute('DELETE', /^\/_emulator\/deployments\/([^/]+)\/error$/, async (ctx) => {
    const d = ctx.store.forceError(decodePathPart(ctx.params[0]), null)
    return ok({ name: `${d.deploy_id}-${d.id}`, forced_error: null })
  })
]
