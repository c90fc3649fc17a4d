/**
 * Deployment lifecycle (moto's managed-state idea): the status is computed from facts —
 * when it was deployed, the start delay, a forced error, its models' conversion status and
 * whether it asks for a GPU without a deployment label — never stored, so it is the same
 * for every reader and progresses by time alone. Shapes follow §8.3 and the recorded
 * status samples (2023.4: model `{name, version, sha, status}`; 2025.2 adds
 * `model_version_id` and the pipeline `version`).
 */
import { randomBytes } from 'node:crypto';
/** The Kubernetes scheduler's message for a GPU pod no node can take. */
export const GPU_UNSCHEDULABLE = '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.';
/** Reason shown when a deployment is forced to Error without one (the SDK fixture's text). */
export const DEFAULT_FORCED_REASON = '0/1 nodes are available: 1 Insufficient cpu.';
/** GPUs requested by an engine_config (`engine.gpu` or an `nvidia.com/gpu` limit/request). */
export function requestedGpus(engineConfig) {
    const engine = asRecord(engineConfig?.engine);
    const resources = asRecord(engine?.resources);
    const counts = [engine?.gpu, asRecord(resources?.limits)?.['nvidia.com/gpu'], asRecord(resources?.requests)?.['nvidia.com/gpu']];
    return Math.max(0, ...counts.map((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) || 0 : 0)));
}
/** The deployment label (`engine.node_selector`), or undefined. */
export function deploymentLabel(engineConfig) {
    const label = asRecord(engineConfig?.engine)?.node_selector;
    return typeof label === 'string' && label !== '' ? label : undefined;
}
function asRecord(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
/** Why the deployment cannot run, as Kubernetes would say it; null when nothing is wrong. */
function failureOf(input) {
    const d = input.deployment;
    if (d.forced_error !== null)
        return { kind: 'unschedulable', reason: d.forced_error };
    if (requestedGpus(d.engine_config) > 0 && !deploymentLabel(d.engine_config))
        return { kind: 'unschedulable', reason: GPU_UNSCHEDULABLE };
    const broken = input.models.find((m) => m.status === 'error');
    if (broken) {
        return { kind: 'model', reason: `model '${broken.name}' (version ${broken.version}) failed to load: ${broken.error_summary ?? 'conversion error'}` };
    }
    return null;
}
/** Starting until start-seconds passed and every model finished converting; Error when it cannot run. */
export function phaseOf(input, failure = failureOf(input)) {
    if (failure)
        return 'Error';
    const converting = input.models.some((m) => m.status !== 'ready');
    if (converting || input.now < input.deployment.deployed_at_ms + input.startMs)
        return 'Starting';
    return 'Running';
}
function hex(n) {
    return randomBytes(n).toString('hex').slice(0, n);
}
function alnum(n) {
    const chars = 'bcdfghjklmnpqrstvwxz2456789';
    return Array.from(randomBytes(n), (b) => chars[b % chars.length]).join('');
}
function ip() {
    const b = randomBytes(2);
    return `10.244.${b[0] % 16}.${(b[1] % 250) + 2}`;
}
/** Fresh pod names/IPs for a (re)deploy, like a rolling Kubernetes ReplicaSet. */
export function newPods(models) {
    const sidekicks = {};
    for (const m of models.filter((x) => x.containerized)) {
        sidekicks[String(m.id)] = { name: `engine-sidekick-${m.name}-${m.id}-${hex(9)}${alnum(1)}-${alnum(5)}`, ip: ip() };
    }
    return { engine: `engine-${hex(10)}-${alnum(5)}`, engine_ip: ip(), lb: `engine-lb-${hex(10)}-${alnum(5)}`, lb_ip: ip(), sidekicks };
}
/** Kubernetes' line for a pod whose container is not ready yet. */
const ENGINE_UNREADY = 'containers with unready status: [engine]';
/** The status/get_deployment body. */
export function statusBody(input) {
    const { deployment: d, profile } = input;
    const failure = failureOf(input);
    const phase = phaseOf(input, failure);
    const modelStatus = (m, status) => profile === '2025.2'
        ? { model_version_id: m.id, name: m.name, sha: m.sha, status, version: m.version }
        : { name: m.name, version: m.version, sha: m.sha, status };
    const pipelineStatus = (status) => profile === '2025.2' ? { id: input.pipelineName, status, version: input.pipelineVersion } : { id: input.pipelineName, status };
    /** The engine pod; `statuses` null while it reports none (not started), else its pipeline status and each model's. */
    const engine = (status, reason, details, statuses) => ({
        ip: status === 'Running' ? d.pods.engine_ip : null,
        name: d.pods.engine,
        status,
        reason,
        details,
        pipeline_statuses: statuses ? { pipelines: [pipelineStatus(statuses.pipeline)] } : null,
        model_statuses: statuses ? { models: input.models.map((m) => modelStatus(m, statuses.model(m))) } : null
    });
    const sidekicks = (status, unready = false) => input.models
        .filter((m) => m.containerized)
        .map((m) => {
        const pod = d.pods.sidekicks[String(m.id)] ?? { name: `engine-sidekick-${m.name}-${m.id}`, ip: null };
        // Kubernetes repeats the line once per readiness check; the recording shows it twice.
        const details = unready ? Array(2).fill(`containers with unready status: [engine-sidekick-${m.name}-${m.id}]`) : [];
        return { ip: status === 'Running' ? pod.ip : null, name: pod.name, status, reason: null, details, statuses: null };
    });
    const body = (status, details, enginePod, sidekickPods) => ({
        status,
        details,
        engines: [enginePod],
        engine_lbs: [{ ip: d.pods.lb_ip, name: d.pods.lb, status: 'Running', reason: null, details: [] }],
        sidekicks: sidekickPods
    });
    const running = { pipeline: 'Running', model: () => 'Running' };
    if (failure?.kind === 'unschedulable') {
        // A pod the scheduler cannot place: Pending, no IP, no statuses (SDK fixture ERROR).
        return body('Error', null, engine('Pending', [failure.reason], [], null), sidekicks('Pending'));
    }
    if (failure) {
        // The engine starts but cannot load a model: it crash-loops.
        const statuses = { pipeline: 'Error', model: (m) => (m.status === 'error' ? 'Error' : 'Running') };
        return body('Error', [failure.reason], engine('Running', 'CrashLoopBackOff', [ENGINE_UNREADY, failure.reason], statuses), sidekicks('Running'));
    }
    if (phase === 'Starting' && input.models.some((m) => m.containerized)) {
        // Recorded (2025-12): the engine is up and reports its statuses while the sidekick pod is still Pending.
        return body('Starting', ['Scaling'], engine('Running', null, Array(2).fill(ENGINE_UNREADY), running), sidekicks('Pending', true));
    }
    if (phase === 'Starting')
        return body('Starting', ['Scaling'], engine('Pending', null, [ENGINE_UNREADY], null), sidekicks('Pending'));
    return body('Running', [], engine('Running', null, [], running), sidekicks('Running'));
}
