/**
 * Workspace routes (§5): list, create, add_user, list_users, remove_user. Each acts as the token's user: a user who
 * is not an admin lists only its own workspaces and is refused (403) the others (`store-workspaces.ts`).
 */
import { ApiError, field } from '../http.js'
import { mlopsRoute, ok, type Route } from '../router.js'

/** Routes of this area. */
export const workspaceRoutes: Route[] = [
  mlopsRoute('workspaces/list', async (ctx) => {
    const body = await ctx.json()
    const userIds = field.optArray(body, 'user_ids')
    userIds?.forEach((v, i) => {
      if (typeof v !== 'string') throw new ApiError(400, `invalid field 'user_ids[${i}]': expected a Keycloak user id (a UUID string)`)
    })
    return ok({ workspaces: ctx.store.listWorkspaces(userIds as string[] | undefined) })
  }),
  mlopsRoute('workspaces/create', async (ctx) => {
    const body = await ctx.json()
    const ws = ctx.store.createWorkspace(field.string(body, 'workspace_name'))
    return ok({ workspace_id: ws.id })
  }),
  mlopsRoute('workspaces/add_user', async (ctx) => {
    const body = await ctx.json()
    ctx.store.addUser(field.int(body, 'workspace_id'), field.string(body, 'email'))
    return ok({})
  }),
  mlopsRoute('workspaces/list_users', async (ctx) => {
    const id = field.int(await ctx.json(), 'workspace_id')
    ctx.store.workspace(id)
    return ok({ users: ctx.store.members(id) })
  }),
  mlopsRoute('workspaces/remove_user', async (ctx) => {
    const body = await ctx.json()
    const email = field.optString(body, 'email')
    const userId = field.optString(body, 'user_id')
    if (!email && !userId) throw new ApiError(400, "missing field 'email' or 'user_id': give one of them")
    return ok({ affected_rows: ctx.store.removeUser(field.int(body, 'workspace_id'), { email, user_id: userId }) })
  })
]
