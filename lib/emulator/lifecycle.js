/**
 * Deployment lifecycle (moto's managed-state idea): the status is computed from facts —
 * when it was deployed, the start delay, a forced error, its models' conversion status and
 * where the cluster's scheduler placed its pods (`cluster.ts`) — never stored, so it is the same
 * for every reader and progresses by time alone. Shapes follow §8.3 and the recorded
 * status samples; what differs per release comes from `profiles.ts` (2023.4: model `{name, version, sha, status}`;
 * 2024.1 adds the pipeline `version`; 2025.2 also `model_version_id`).
 */
import { randomBytes } from 'node:crypto';
import { traitsOf } from './profiles.js';
/** Reason shown when a deployment is forced to Error without one (the SDK fixture's text). */
export const DEFAULT_FORCED_REASON = '0/1 nodes are available: 1 Insufficient cpu.';
/** The engine pods of a deployment, one per replica: the first is `pods.engine`, the others `pods.replicas`. */
export function enginePodNames(pods, replicas) {
    const all = [{ name: pods.engine, ip: pods.engine_ip }, ...(pods.replicas ?? [])];
    // States saved before replicas existed name only the first pod; later ones get a stable derived name.
    for (let i = all.length; i < replicas; i++)
        all.push({ name: `${pods.engine}-${i}`, ip: pods.engine_ip });
    return all.slice(0, Math.max(1, replicas));
}
function enginesOf(input) {
    return input.engines ?? [{ name: input.deployment.pods.engine, ip: input.deployment.pods.engine_ip, unschedulable: null }];
}
/** Why the deployment cannot run, as Kubernetes would say it; null when nothing is wrong. */
function failureOf(input) {
    const d = input.deployment;
    if (d.forced_error !== null)
        return { kind: 'unschedulable', reason: d.forced_error };
    const pending = enginesOf(input).find((e) => e.unschedulable !== null)?.unschedulable ?? Object.values(input.sidekickUnschedulable ?? {})[0];
    if (pending)
        return { kind: 'unschedulable', reason: pending };
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
/** Fresh pod names/IPs for a (re)deploy, like a rolling Kubernetes ReplicaSet: its replicas share the ReplicaSet hash. */
export function newPods(models, replicas = 1) {
    const sidekicks = {};
    for (const m of models.filter((x) => x.containerized)) {
        sidekicks[String(m.id)] = { name: `engine-sidekick-${m.name}-${m.id}-${hex(9)}${alnum(1)}-${alnum(5)}`, ip: ip() };
    }
    const hash = hex(10);
    const extra = Array.from({ length: Math.max(0, replicas - 1) }, () => ({ name: `engine-${hash}-${alnum(5)}`, ip: ip() }));
    return {
        engine: `engine-${hash}-${alnum(5)}`,
        engine_ip: ip(),
        ...(extra.length > 0 ? { replicas: extra } : {}),
        lb: `engine-lb-${hex(10)}-${alnum(5)}`,
        lb_ip: ip(),
        sidekicks
    };
}
/** Kubernetes' line for a pod whose container is not ready yet. */
const ENGINE_UNREADY = 'containers with unready status: [engine]';
/** The status/get_deployment body. */
export function statusBody(input) {
    const { deployment: d } = input;
    const traits = traitsOf(input.profile);
    const failure = failureOf(input);
    const phase = phaseOf(input, failure);
    const modelStatus = (m, status) => traits.modelStatusVersionId
        ? { model_version_id: m.id, name: m.name, sha: m.sha, status, version: m.version }
        : { name: m.name, version: m.version, sha: m.sha, status };
    const pipelineStatus = (status) => traits.pipelineStatusVersion ? { id: input.pipelineName, status, version: input.pipelineVersion } : { id: input.pipelineName, status };
    /** One engine pod; `statuses` null while it reports none (not started), else its pipeline status and each model's. */
    const engine = (pod, status, reason, details, statuses) => ({
        ip: status === 'Running' ? pod.ip : null,
        name: pod.name,
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
        const unplaced = input.sidekickUnschedulable?.[String(m.id)];
        // A pod the scheduler cannot place stays Pending with its message, whatever the rest does.
        if (unplaced)
            return { ip: null, name: pod.name, status: 'Pending', reason: [unplaced], details: [], statuses: null };
        // Kubernetes repeats the line once per readiness check; the recording shows it twice.
        const details = unready ? Array(2).fill(`containers with unready status: [engine-sidekick-${m.name}-${m.id}]`) : [];
        return { ip: status === 'Running' ? pod.ip : null, name: pod.name, status, reason: null, details, statuses: null };
    });
    const body = (status, details, enginePods, sidekickPods) => ({
        status,
        details,
        engines: enginePods,
        engine_lbs: [{ ip: d.pods.lb_ip, name: d.pods.lb, status: 'Running', reason: null, details: [] }],
        sidekicks: sidekickPods
    });
    const running = { pipeline: 'Running', model: () => 'Running' };
    const pods = enginesOf(input);
    /** Each engine pod as `placed` shows it, or Pending with the scheduler's message when it has no node. */
    const each = (placed) => pods.map((pod) => (pod.unschedulable ? engine(pod, 'Pending', [pod.unschedulable], [], null) : placed(pod)));
    const containerized = input.models.some((m) => m.containerized);
    // Where the placed pods would be without the failure: starting, or up.
    const started = !input.models.some((m) => m.status !== 'ready') && input.now >= d.deployed_at_ms + input.startMs;
    if (d.forced_error !== null) {
        // A forced Error stops every pod: Pending, no IP, no statuses (SDK fixture ERROR).
        return body('Error', null, pods.map((pod) => engine(pod, 'Pending', [d.forced_error], [], null)), sidekicks('Pending'));
    }
    if (failure?.kind === 'unschedulable') {
        // Pods the scheduler cannot place: Pending, no IP, no statuses (SDK fixture ERROR); placed ones go on starting.
        const placed = (pod) => started
            ? engine(pod, 'Running', null, [], running)
            : containerized
                ? engine(pod, 'Running', null, Array(2).fill(ENGINE_UNREADY), running)
                : engine(pod, 'Pending', null, [ENGINE_UNREADY], null);
        return body('Error', null, each(placed), sidekicks(started ? 'Running' : 'Pending', !started));
    }
    if (failure) {
        // The engine starts but cannot load a model: it crash-loops.
        const statuses = { pipeline: 'Error', model: (m) => (m.status === 'error' ? 'Error' : 'Running') };
        return body('Error', [failure.reason], each((pod) => engine(pod, 'Running', 'CrashLoopBackOff', [ENGINE_UNREADY, failure.reason], statuses)), sidekicks('Running'));
    }
    if (phase === 'Starting' && containerized) {
        // Recorded (2025-12): the engine is up and reports its statuses while the sidekick pod is still Pending.
        return body('Starting', ['Scaling'], each((pod) => engine(pod, 'Running', null, Array(2).fill(ENGINE_UNREADY), running)), sidekicks('Pending', true));
    }
    if (phase === 'Starting')
        return body('Starting', ['Scaling'], each((pod) => engine(pod, 'Pending', null, [ENGINE_UNREADY], null)), sidekicks('Pending'));
    return body('Running', [], each((pod) => engine(pod, 'Running', null, [], running)), sidekicks('Running'));
}
