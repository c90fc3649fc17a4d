/**
 * The emulator's persistent state: plain JSON records (no class instances) so the whole
 * thing can be dumped by `/_emulator/state` and written to `--data-dir/state.json` as is.
 */
import { randomBytes, randomUUID } from 'node:crypto';
/** A fresh state; `keep` carries the signing secret and user ids over a reset so issued tokens stay valid. */
export function emptyState(keep) {
    return {
        format: 1,
        secret: keep?.secret ?? randomBytes(32).toString('hex'),
        users: keep?.users ?? {},
        user_times: keep?.user_times ?? {},
        service_account_id: keep?.service_account_id ?? randomUUID(),
        counters: { workspace: 1, entity: 1, config: 1, pipeline: 1, deployment: 1 },
        workspaces: [],
        models: [],
        model_versions: [],
        pipelines: [],
        pipeline_versions: [],
        deployments: [],
        workspace_members: {}
    };
}
/** ISO timestamp with microseconds and `+00:00`, like the recorded responses. */
export function isoTime(ms) {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
/** Frameworks the real platform runs natively (§6.1); every other framework runs in a container. */
export const NATIVE_FRAMEWORKS = new Set(['onnx', 'tensorflow', 'python']);
/** `config.runtime` for a framework (§6.1 "Runtime Display"). */
export function runtimeOf(framework) {
    if (NATIVE_FRAMEWORKS.has(framework))
        return framework;
    return framework === 'mlflow' ? 'mlflow' : 'flight';
}
