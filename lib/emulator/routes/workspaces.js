/** Workspace routes (§5): list, create, add_user, list_users, remove_user. */
import { ApiError, field } from '../http.js';
import { mlopsRoute, ok } from '../router.js';
/** Routes of this area. */
export const workspaceRoutes = [
    mlopsRoute('workspaces/list', async (ctx) => {
        const body = await ctx.json();
        field.optArray(body, 'user_ids');
        return ok({ workspaces: ctx.store.listWorkspaces() });
    }),
    mlopsRoute('workspaces/create', async (ctx) => {
        const body = await ctx.json();
        const ws = ctx.store.createWorkspace(field.string(body, 'workspace_name'));
        return ok({ workspace_id: ws.id });
    }),
    mlopsRoute('workspaces/add_user', async (ctx) => {
        const body = await ctx.json();
        ctx.store.addUser(field.int(body, 'workspace_id'), field.string(body, 'email'));
        return ok({});
    }),
    mlopsRoute('workspaces/list_users', async (ctx) => {
        const id = field.int(await ctx.json(), 'workspace_id');
        ctx.store.workspace(id);
        return ok({ users: ctx.store.members(id) });
    }),
    mlopsRoute('workspaces/remove_user', async (ctx) => {
        const body = await ctx.json();
        const email = field.optString(body, 'email');
        const userId = field.optString(body, 'user_id');
        if (!email && !userId)
            throw new ApiError(400, "missing field 'email' or 'user_id': give one of them");
        return ok({ affected_rows: ctx.store.removeUser(field.int(body, 'workspace_id'), { email, user_id: userId }) });
    })
];
