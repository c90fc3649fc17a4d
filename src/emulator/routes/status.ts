/** status/get_deployment (§8.3): 404 before deploy and after undeploy. */
import { ApiError, field } from '../http.js'
import { ok, type Route } from '../router.js'

/** Routes of this area. */
export const statusRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/api/status/get_deployment',
    access: 'user',
    format: 'mlops',
    async handler(ctx) {
      const body = await ctx.json()
      // The seed table calls the field `id`; every recorded call sends `name` (§8.3). Accept both.
      if (body.name === undefined && typeof body.id === 'string') body.name = body.id
      if (body.name === undefined && body.id !== undefined) throw new ApiError(400, "invalid field 'id': send {\"name\": \"<pipeline>-<deployment id>\"}")
      return ok(ctx.store.deploymentStatus(field.string(body, 'name')))
    }
  }
]
