/** admin/get_pipeline_external_url (§9.1): the inference URL on the emulator's own host. */
import { ApiError, field } from '../http.js';
import { mlopsRoute, ok } from '../router.js';
/** Routes of this area. */
export const adminRoutes = [
    mlopsRoute('admin/get_pipeline_external_url', async (ctx) => {
        const body = await ctx.json();
        const workspaceId = field.int(body, 'workspace_id');
        const name = field.string(body, 'pipeline_name');
        ctx.store.workspace(workspaceId, 404);
        const pipeline = ctx.store.pipelineByName(name, workspaceId);
        if (!pipeline)
            throw new ApiError(404, `pipeline '${name}' not found in workspace ${workspaceId}`);
        const d = ctx.store.deploymentOf(pipeline.id);
        if (!d)
            throw new ApiError(404, `pipeline '${name}' has never been deployed, so it has no inference URL yet; deploy it first`);
        return ok({ url: `${ctx.baseUrl}/v1/api/pipelines/infer/${d.deploy_id}-${d.id}/${pipeline.name}` });
    })
];
