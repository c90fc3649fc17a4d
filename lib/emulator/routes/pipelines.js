/** Pipeline routes (§7, §8.1, §8.4): create (upsert), list_pipelines, copy, deploy, undeploy, delete_pipeline. */
import { ApiError, describe, field } from '../http.js';
import { mlopsRoute, ok } from '../router.js';
function modelRefs(body) {
    const arr = field.optArray(body, 'models');
    return arr?.map((v, i) => {
        const r = v;
        if (r === null || typeof r !== 'object' || Array.isArray(r))
            throw new ApiError(400, `invalid field 'models[${i}]': expected {name, version, sha}, got ${describe(v)}`);
        return {
            name: field.string(r, 'name', `models[${i}].name`),
            version: field.string(r, 'version', `models[${i}].version`),
            sha: field.string(r, 'sha', `models[${i}].sha`)
        };
    });
}
function deploymentSummary(d) {
    if (!d)
        return null;
    return { id: d.id, deploy_id: d.deploy_id, deployed: d.deployed, engine_config: d.engine_config, created_at: d.created_at };
}
async function deployFromBody(ctx, body) {
    return ctx.store.deploy({
        deploy_id: field.string(body, 'deploy_id'),
        pipeline_version_pk_id: field.optInt(body, 'pipeline_version_pk_id'),
        pipeline_id: field.optInt(body, 'pipeline_id'),
        pipeline_version: field.optString(body, 'pipeline_version'),
        engine_config: field.optObject(body, 'engine_config'),
        models: modelRefs(body),
        model_ids: field.optIntArray(body, 'model_ids'),
        model_configs: field.optIntArray(body, 'model_configs')
    });
}
/** True on a server without pipelines/list_pipelines and delete_pipeline (before 2025). */
const withoutListPipelines = (settings) => !settings.listPipelines;
/** Routes of this area. */
export const pipelineRoutes = [
    mlopsRoute('pipelines/create', async (ctx) => {
        const body = await ctx.json();
        const name = field.string(body, 'pipeline_id');
        const workspaceId = field.int(body, 'workspace_id');
        const definition = field.optObject(body, 'definition');
        if (!definition)
            throw new ApiError(400, 'missing field \'definition\': expected an object ({} for an empty pipeline, or {"steps":[{"ModelInference":{"models":[{name, version, sha}]}}]})');
        const { pipeline, version } = ctx.store.createPipeline(name, workspaceId, definition);
        return ok({ pipeline_pk_id: pipeline.id, pipeline_variant_pk_id: version.id, pipeline_variant_version: version.version });
    }),
    // Servers before 2025 may lack these two (--no-list-pipelines): they then answer like any unknown path.
    mlopsRoute('pipelines/list_pipelines', async (ctx) => {
        const body = await ctx.json();
        const pipelines = ctx.store.listPipelines({ workspaceId: field.optInt(body, 'workspace_id'), workspaceName: field.optString(body, 'workspace_name') });
        return ok({
            pipelines: pipelines.map((p) => {
                const ws = ctx.store.workspace(p.workspace_id);
                const versions = ctx.store.pipelineVersions(p.id);
                const latest = versions[versions.length - 1];
                // The generated client types `pipeline_version.id` as a string (§7.2).
                return {
                    pipeline: {
                        id: p.id,
                        pipeline_id: p.name,
                        workspace_id: p.workspace_id,
                        created_at: p.created_at,
                        updated_at: p.updated_at,
                        archived: false,
                        owner_id: p.created_by
                    },
                    plateau_topic: `workspace-${p.workspace_id}-pipeline-${p.name}-inference`,
                    workspace: { id: ws.id, name: ws.name, created_at: ws.created_at, created_by: ws.created_by, archived: ws.archived },
                    deployment: deploymentSummary(ctx.store.deploymentOf(p.id)),
                    pipeline_version: latest
                        ? {
                            id: String(latest.id),
                            workspace_id: p.workspace_id,
                            created_at: latest.created_at,
                            created_by: p.created_by,
                            version: latest.version,
                            steps: latest.definition.steps ?? null,
                            definition: latest.definition
                        }
                        : null
                };
            })
        });
    }, { absent: withoutListPipelines }),
    mlopsRoute('pipelines/copy', async (ctx) => {
        const body = await ctx.json();
        const req = {
            name: field.string(body, 'name'),
            workspace_id: field.int(body, 'workspace_id'),
            source_pipeline: field.int(body, 'source_pipeline'),
            pipeline_version: field.optString(body, 'pipeline_version')
        };
        const deploy = field.optString(body, 'deploy');
        const engineConfig = field.optObject(body, 'engine_config');
        if (deploy === undefined) {
            const { pipeline, version } = ctx.store.copyPipeline(req);
            return ok({ pipeline_pk_id: pipeline.id, pipeline_variant_pk_id: version.id, pipeline_version: null, deployment: null });
        }
        const { pipeline, version, deployment: d } = ctx.store.copyAndDeploy(req, engineConfig);
        return ok({ pipeline_pk_id: pipeline.id, pipeline_variant_pk_id: version.id, pipeline_version: null, deployment: { id: d.id, deploy_id: d.deploy_id } });
    }),
    mlopsRoute('pipelines/deploy', async (ctx) => {
        const d = await deployFromBody(ctx, await ctx.json());
        return ok({ id: d.id });
    }),
    mlopsRoute('pipelines/undeploy', async (ctx) => {
        const body = await ctx.json();
        ctx.store.undeploy(field.int(body, 'deployment_id'), field.optInt(body, 'pipeline_id'));
        // 2023 answered `null`, 2024 and later `{}` (§8.4, §12).
        return ok(ctx.store.traits.undeployBody);
    }),
    mlopsRoute('pipelines/delete_pipeline', async (ctx) => {
        const body = await ctx.json();
        ctx.store.deletePipeline(field.string(body, 'pipeline_id'), field.int(body, 'workspace_id'));
        return ok({});
    }, { absent: withoutListPipelines })
];
