/** workspaces/list and workspaces/create (§5). */
import { field } from '../http.js'
import { ok, type Route } from '../router.js'

/** Routes of this area. */
export const workspaceRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/api/workspaces/list',
    access: 'user',
    format: 'mlops',
    async handler(ctx) {
      const body = await ctx.json()
      field.optArray(body, 'user_ids')
      return ok({ workspaces: ctx.store.listWorkspaces() })
    }
  },
  {
    method: 'POST',
    path: '/v1/api/workspaces/create',
    access: 'user',
    format: 'mlops',
    async handler(ctx) {
      const body = await ctx.json()
      const ws = ctx.store.createWorkspace(field.string(body, 'workspace_name'))
      return ok({ workspace_id: ws.id })
    }
  }
]
