/** status/get_deployment (§8.3): 404 before deploy and after undeploy. */
import { ApiError, field } from '../http.js';
import { mlopsRoute, ok } from '../router.js';
/** Routes of this area. */
export const statusRoutes = [
    mlopsRoute('status/get_deployment', async (ctx) => {
        const body = await ctx.json();
        // The seed table calls the field `id`; every recorded call sends `name` (§8.3). Accept both.
        if (body.name === undefined && body.id !== undefined && typeof body.id !== 'string') {
            throw new ApiError(400, 'invalid field \'id\': send {"name": "<pipeline>-<deployment id>"}');
        }
        return ok(ctx.store.deploymentStatus(body.name === undefined ? field.string(body, 'id') : field.string(body, 'name')));
    })
];
