/**
 * Store area: deployments (§8): one per pipeline, its id kept across undeploy and redeploy; the
 * status itself is computed by `lifecycle.ts` from the facts kept here.
 */
import { isDeepStrictEqual } from 'node:util';
import { engineRequests, schedule, sidekickRequests } from './cluster.js';
import { ApiError } from './http.js';
import { enginePodNames, newPods, phaseOf, statusBody } from './lifecycle.js';
import { checkEngineConfig } from './rules.js';
import { isoTime, NATIVE_FRAMEWORKS } from './state.js';
import { PipelineStore } from './store-pipelines.js';
/** Deployment rules on top of the pipelines. */
export class DeploymentStore extends PipelineStore {
    /**
     * pipelines/deploy: models come from `models`, `model_ids`, `model_configs` or, when none is
     * given (SDK 2025.2), the version's steps. The deployment id is stable per pipeline. Redeploying
     * a live deployment works like `kubectl apply` (§8.1 INFERRED "rolls the engines in place"): the
     * same version, engine_config and models change nothing; anything else rolls new pods that are
     * Starting while the rollout they replace keeps answering inference until they run. A deploy
     * after an undeploy starts cold.
     */
    deploy(req) {
        const version = req.pipeline_version_pk_id !== undefined ? this.pipelineVersion(req.pipeline_version_pk_id) : this.pipelineVersionByUuid(req.pipeline_version);
        const pipeline = this.pipeline(version.pipeline_id);
        if (req.pipeline_id !== undefined && req.pipeline_id !== pipeline.id) {
            throw new ApiError(400, `pipeline_version_pk_id ${version.id} belongs to pipeline ${pipeline.id} ('${pipeline.name}'), not pipeline_id ${req.pipeline_id}`);
        }
        if (req.pipeline_version !== undefined && req.pipeline_version !== version.version) {
            throw new ApiError(400, `pipeline_version '${req.pipeline_version}' does not match pipeline_version_pk_id ${version.id} (version ${version.version})`);
        }
        if (req.deploy_id !== pipeline.name) {
            throw new ApiError(400, `deploy_id '${req.deploy_id}' must be the pipeline name '${pipeline.name}' (the deployment is named '<deploy_id>-<deployment id>')`);
        }
        checkEngineConfig(req.engine_config);
        const chosen = new Map();
        for (const mv of this.stepsOf(version).models)
            chosen.set(mv.id, mv);
        req.models?.forEach((ref, i) => {
            const mv = this.versionByRef(ref, `models[${i}]`);
            chosen.set(mv.id, mv);
        });
        req.model_ids?.forEach((id, i) => {
            const mv = this.modelVersion(id, 400, `model_ids[${i}]`);
            chosen.set(mv.id, mv);
        });
        req.model_configs?.forEach((cid, i) => {
            const mv = this.data.model_versions.find((v) => v.config.id === cid);
            if (!mv)
                throw new ApiError(400, `model config ${cid} not found (model_configs[${i}])`);
            chosen.set(mv.id, mv);
        });
        const models = [...chosen.values()];
        const modelIds = models.map((m) => m.id);
        const engineConfig = req.engine_config ?? null;
        let d = this.deploymentOf(pipeline.id);
        if (d?.deployed &&
            d.pipeline_version_id === version.id &&
            isDeepStrictEqual(d.model_version_ids, modelIds) &&
            isDeepStrictEqual(d.engine_config, engineConfig)) {
            // An apply of an identical spec: Kubernetes changes nothing, so the pods keep their state.
            return d;
        }
        // The rollout answering now keeps doing so until the new one runs (a rolling update); after an undeploy, nothing does.
        const servingBefore = d?.deployed ? this.servingRecord(d) : null;
        const pods = newPods(models.map((m) => ({ id: m.id, name: m.name, containerized: !NATIVE_FRAMEWORKS.has(m.conversion.framework) })), engineRequests(engineConfig).replicas);
        if (!d) {
            d = {
                id: this.data.counters.deployment++,
                deploy_id: req.deploy_id,
                pipeline_id: pipeline.id,
                pipeline_version_id: version.id,
                engine_config: null,
                model_version_ids: [],
                deployed: false,
                deployed_at_ms: 0,
                created_at: isoTime(this.now()),
                forced_error: null,
                pods
            };
            this.data.deployments.push(d);
        }
        Object.assign(d, {
            deploy_id: req.deploy_id,
            pipeline_version_id: version.id,
            engine_config: engineConfig,
            model_version_ids: modelIds,
            deployed: true,
            deployed_at_ms: this.now(),
            forced_error: null,
            pods,
            serving_before: servingBefore
        });
        this.persist();
        return d;
    }
    /** pipelines/copy with `deploy`: the engine_config is checked first, so a refused deploy leaves no half-made copy. */
    copyAndDeploy(req, engineConfig) {
        checkEngineConfig(engineConfig);
        const copy = this.copyPipeline(req);
        return { ...copy, deployment: this.deploy({ deploy_id: copy.pipeline.name, pipeline_version_pk_id: copy.version.id, engine_config: engineConfig }) };
    }
    /** pipelines/undeploy: idempotent; the status answers 404 right away. */
    undeploy(deploymentId, pipelineId) {
        const d = this.data.deployments.find((x) => x.id === deploymentId);
        if (!d)
            throw new ApiError(404, `deployment ${deploymentId} not found (deployment_id); use the id returned by pipelines/deploy`);
        this.pipeline(d.pipeline_id, 'deployment_id');
        if (pipelineId !== undefined && pipelineId !== d.pipeline_id) {
            throw new ApiError(400, `deployment ${deploymentId} belongs to pipeline ${d.pipeline_id}, not pipeline_id ${pipelineId}`);
        }
        d.deployed = false;
        d.forced_error = null;
        d.serving_before = null;
        this.persist();
    }
    /** Whether a model version is part of a live deployment (or of the rollout still serving while it starts). */
    isDeployed(mv) {
        return this.unrestricted(() => this.data.deployments.some((d) => d.deployed && (d.model_version_ids.includes(mv.id) || (this.servingRecord(d)?.model_version_ids.includes(mv.id) ?? false))));
    }
    /** The live deployment named `<deploy_id>-<id>`, or undefined. */
    liveDeployment(name) {
        return this.data.deployments.find((d) => d.deployed && `${d.deploy_id}-${d.id}` === name);
    }
    /** Force a deployment (by deployment name or pipeline name) into Error, or clear it with `reason: null`. */
    forceError(name, reason) {
        const d = this.data.deployments.find((x) => x.deployed && (`${x.deploy_id}-${x.id}` === name || x.deploy_id === name));
        if (!d)
            throw new ApiError(404, `no live deployment named '${name}' (give '<pipeline>-<deployment id>' or the pipeline name)`);
        d.forced_error = reason;
        this.persist();
        return d;
    }
    /** What the pods of a live deployment ask the scheduler for: each engine replica, then each sidekick. */
    podRequests(d) {
        const engine = engineRequests(d.engine_config);
        const pods = enginePodNames(d.pods, engine.replicas).map((p) => ({
            key: p.name,
            cpu: engine.cpu,
            memory: engine.memory,
            gpu: engine.gpu,
            selector: engine.selector
        }));
        for (const id of d.model_version_ids) {
            const mv = this.data.model_versions.find((v) => v.id === id);
            const pod = d.pods.sidekicks[String(id)];
            if (!mv || !pod)
                continue;
            // engineAux.images is keyed by the SDK's model version uid; accept the forms a REST caller may use.
            const request = sidekickRequests(d.engine_config, [`${mv.name}-${mv.id}`, mv.file_info.version, String(mv.id), mv.name]);
            pods.push({ key: pod.name, ...request });
        }
        return pods;
    }
    /** Where the cluster placed every pod of every live deployment, oldest deployment first (kube-scheduler never moves a placed pod). */
    placements() {
        const live = this.data.deployments.filter((d) => d.deployed && d.forced_error === null).sort((a, b) => a.deployed_at_ms - b.deployed_at_ms || a.id - b.id);
        return schedule(this.nodes, live.flatMap((d) => this.podRequests(d)));
    }
    lifecycleInput(d) {
        return this.unrestricted(() => this.lifecycleFacts(d));
    }
    lifecycleFacts(d) {
        const pipeline = this.pipeline(d.pipeline_id);
        const version = this.pipelineVersion(d.pipeline_version_id);
        const placed = this.placements();
        const reasonOf = (key) => {
            const p = placed.get(key);
            return p && 'reason' in p ? p.reason : null;
        };
        const engines = enginePodNames(d.pods, engineRequests(d.engine_config).replicas).map((p) => ({ ...p, unschedulable: reasonOf(p.name) }));
        const sidekickUnschedulable = {};
        for (const [id, pod] of Object.entries(d.pods.sidekicks)) {
            const reason = reasonOf(pod.name);
            if (reason)
                sidekickUnschedulable[id] = reason;
        }
        const models = d.model_version_ids.map((id) => {
            const mv = this.modelVersion(id);
            const s = this.modelStatus(mv);
            return {
                id: mv.id,
                name: mv.name,
                version: mv.file_info.version,
                sha: mv.file_info.sha,
                status: s.status,
                error_summary: s.error_summary,
                containerized: !NATIVE_FRAMEWORKS.has(mv.conversion.framework)
            };
        });
        return {
            deployment: d,
            pipelineName: pipeline.name,
            pipelineVersion: version.version,
            models,
            now: this.now(),
            startMs: this.opts.startMs,
            profile: this.opts.profile,
            engines,
            sidekickUnschedulable
        };
    }
    /** status/get_deployment body; 404 when not deployed, 403 when its workspace is not the caller's. */
    deploymentStatus(name) {
        const d = this.liveDeployment(name);
        if (!d)
            throw new ApiError(404, `deployment '${name}' not found: it was never deployed or has been undeployed (names are '<pipeline>-<deployment id>')`);
        this.pipeline(d.pipeline_id);
        return statusBody(this.lifecycleInput(d));
    }
    /** Current phase of a live deployment. */
    phase(d) {
        return phaseOf(this.lifecycleInput(d));
    }
    /**
     * The rollout answering inference now: the current one once Running; while it is Starting (or in Error), the
     * rollout it replaces, if that one was serving; null when nothing serves (503). A forced Error stops every pod.
     */
    servingRecord(d) {
        return this.serving(d)?.record ?? null;
    }
    /** servingRecord, and whether it is the deployment's own rollout (it is Running). */
    serving(d) {
        if (!d.deployed || d.forced_error !== null)
            return null;
        if (this.phase(d) === 'Running')
            return { record: { pipeline_version_id: d.pipeline_version_id, model_version_ids: d.model_version_ids, pods: d.pods }, running: true };
        return d.serving_before ? { record: d.serving_before, running: false } : null;
    }
    /**
     * What answers an inference on this deployment now (null: nothing, 503): the pipeline version, its models in step
     * order (the deployed models when the version has no steps), why the emulator cannot run them, and the engine pod.
     */
    servingRollout(d) {
        // Every inference asks: answered from memory while nothing changed since the deployment was seen Running
        // (with the state unchanged, time only moves a deployment forward, and Running is as far as it goes).
        const now = this.now();
        const known = this.runningRollouts.get(d);
        if (known && known.revision === this.revision && now >= known.seenAt)
            return known.rollout;
        const serving = this.serving(d);
        if (!serving)
            return null;
        const r = serving.record;
        const rollout = this.unrestricted(() => {
            const version = this.pipelineVersion(r.pipeline_version_id);
            const steps = this.stepsOf(version);
            const plan = steps.plan.length > 0 ? steps.plan : r.model_version_ids.map((id) => ({ kind: 'model', model: this.modelVersion(id) }));
            return { version, plan, unsupported: steps.unsupported, partition: r.pods.engine };
        });
        if (serving.running)
            this.runningRollouts.set(d, { revision: this.revision, seenAt: now, rollout });
        return rollout;
    }
    /** The serving rollout of each deployment last seen Running, with the state's revision and the time then. */
    runningRollouts = new WeakMap();
}
