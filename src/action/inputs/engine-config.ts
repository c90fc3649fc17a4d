/**
 * Builds the nested engine_config the real API takes (§8.2, §11.5) from the deployment inputs:
 * never the flat `cpus`/`memory` form of the docs' prose.
 */
import type { EngineConfig } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'
import { ARCHES } from './models-input.js'
import { isRecord } from './structured-text.js'
import { checkEngineConfig, crossCheckEngineConfig, ENGINE_LIMITS, memoryBytes } from './engine-config-schema.js'

/** The raw deployment inputs (empty string = not given). */
export interface EngineInputs {
  arch: string
  gpus: string
  deploymentLabel: string
  cpus: string
  memory: string
  replicas: string
  engineConfig: string
}

/** A Kubernetes memory quantity as the SDK examples write it (512Mi, 1Gi, 1.5Gi, 1000M). */
const K8S_MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/

/** Result of building: the config, every problem found, and warnings (e.g. unknown engine-config keys). */
export interface BuiltEngineConfig {
  engineConfig: EngineConfig
  problems: string[]
  warnings: string[]
}

/** Deep merge for plain objects; arrays and scalars from `over` replace those in `base`. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) {
    out[k] = isRecord(v) && isRecord(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v
  }
  return out
}

/** Builds engine_config: the SDK's empty skeleton, then each input, then `engine-config` JSON merged last. */
export function buildEngineConfig(raw: EngineInputs): BuiltEngineConfig {
  const problems: string[] = []
  const warnings: string[] = []
  const engine: NonNullable<EngineConfig['engine']> = {}
  const limits: Record<string, unknown> = {}
  const requests: Record<string, unknown> = {}

  if (raw.arch) {
    if (ARCHES.includes(raw.arch)) engine.arch = raw.arch
    else problems.push(`Input '${Inputs.Arch}' is ${JSON.stringify(raw.arch)}: use one of ${ARCHES.join(', ')}.`)
  }
  if (raw.cpus) {
    const n = Number(raw.cpus)
    if (/^\d+(\.\d+)?$/.test(raw.cpus) && n > 0 && (n < ENGINE_LIMITS.minCpus || n > ENGINE_LIMITS.cpus)) {
      problems.push(
        `Input '${Inputs.Cpus}' is ${JSON.stringify(raw.cpus)}: give from ${ENGINE_LIMITS.minCpus} (one millicpu, the smallest Kubernetes unit) to ${ENGINE_LIMITS.cpus} CPUs per engine.`
      )
    } else if (/^\d+(\.\d+)?$/.test(raw.cpus) && n > 0) {
      engine.cpu = n
      limits.cpu = n
      requests.cpu = n
    } else {
      const hint = /^\d+m$/.test(raw.cpus) ? ` Try "${Number(raw.cpus.slice(0, -1)) / 1000}".` : ''
      problems.push(`Input '${Inputs.Cpus}' is ${JSON.stringify(raw.cpus)}: give a positive number of CPUs such as 1 or 0.5.${hint}`)
    }
  }
  if (raw.memory) {
    const bytes = memoryBytes(raw.memory)
    if (K8S_MEMORY.test(raw.memory) && bytes !== undefined && bytes > ENGINE_LIMITS.memoryBytes) {
      problems.push(
        `Input '${Inputs.Memory}' is ${JSON.stringify(raw.memory)}: that is more than 64Ti per engine; give a Kubernetes quantity such as 512Mi or 4Gi.`
      )
    } else if (K8S_MEMORY.test(raw.memory) && parseFloat(raw.memory) > 0) {
      limits.memory = raw.memory
      requests.memory = raw.memory
    } else {
      const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B$/i.exec(raw.memory)
      const hint = m ? ` Try "${m[1]}${m[2].toUpperCase()}i".` : ''
      problems.push(`Input '${Inputs.Memory}' is ${JSON.stringify(raw.memory)}: use a Kubernetes quantity such as 512Mi or 1Gi.${hint}`)
    }
  }
  if (raw.gpus) {
    if (/^\d+$/.test(raw.gpus) && Number(raw.gpus) > ENGINE_LIMITS.gpus) {
      problems.push(`Input '${Inputs.Gpus}' is ${JSON.stringify(raw.gpus)}: give a whole number of GPUs per engine from 0 to ${ENGINE_LIMITS.gpus}.`)
    } else if (/^\d+$/.test(raw.gpus)) {
      const gpus = Number(raw.gpus)
      if (gpus > 0) {
        engine.gpu = gpus
        limits['nvidia.com/gpu'] = gpus
        requests['nvidia.com/gpu'] = gpus
      }
    } else {
      problems.push(`Input '${Inputs.Gpus}' is ${JSON.stringify(raw.gpus)}: give a whole number of GPUs (0 or more).`)
    }
  }
  if (raw.deploymentLabel) engine.node_selector = raw.deploymentLabel
  if (raw.replicas) {
    if (/^\d+$/.test(raw.replicas) && Number(raw.replicas) >= 1 && Number(raw.replicas) <= ENGINE_LIMITS.replicas) engine.replicas = Number(raw.replicas)
    else
      problems.push(
        `Input '${Inputs.Replicas}' is ${JSON.stringify(raw.replicas.length > 40 ? `${raw.replicas.slice(0, 40)}…` : raw.replicas)}: give a whole number of engine replicas from 1 to ${ENGINE_LIMITS.replicas}.`
      )
  }
  if (Object.keys(limits).length > 0) engine.resources = { limits: { ...limits }, requests: { ...requests } }

  let config: Record<string, unknown> = { engine, enginelb: {}, engineAux: { images: {} } }
  if (raw.engineConfig) {
    let extra: unknown
    try {
      extra = JSON.parse(raw.engineConfig)
    } catch (e) {
      problems.push(
        `Input '${Inputs.EngineConfig}' is not valid JSON (${(e as Error).message}); give an object such as {"engine": {"autoscale": {"type": "cpu", "replica_min": 1, "replica_max": 3}}}.`
      )
    }
    if (extra !== undefined) {
      if (isRecord(extra)) {
        // Checked against the deployment config schema, not passed on unread.
        const checked = checkEngineConfig(extra)
        problems.push(...checked.errors.map((e) => `Input '${Inputs.EngineConfig}' ${e}`))
        warnings.push(...checked.warnings.map((w) => `Input '${Inputs.EngineConfig}' ${w}`))
        config = deepMerge(config, extra)
      } else
        problems.push(
          `Input '${Inputs.EngineConfig}' must be a JSON object (the nested engine_config, e.g. {"engine": {...}}), not ${Array.isArray(extra) ? 'an array' : typeof extra}.`
        )
    }
  }

  // The seed: GPU deployments need a deployment label, or the pods never schedule (§8.2). A raw
  // engine-config can ask for GPUs through the resource alone, so look there too.
  const merged = config as EngineConfig
  const finalGpu = Math.max(Number(merged.engine?.gpu ?? 0), gpuResource(merged.engine?.resources?.limits), gpuResource(merged.engine?.resources?.requests))
  if (finalGpu > 0 && !merged.engine?.node_selector) {
    const source = Number(merged.engine?.gpu ?? 0) > 0 && raw.gpus ? `Input '${Inputs.Gpus}'` : `Input '${Inputs.EngineConfig}'`
    problems.push(
      `${source} asks for ${finalGpu} GPU(s) but '${Inputs.DeploymentLabel}' is empty: GPU deployments need the node label of your GPU nodepool, e.g. 'deployment-label: wallaroo.ai/accelerator:a100'.`
    )
  }
  if (problems.length === 0)
    problems.push(
      ...crossCheckEngineConfig(config).map(
        (e) =>
          `The deployment inputs ('${Inputs.EngineConfig}' with ${[Inputs.Replicas, Inputs.Cpus, Inputs.Memory].map((i) => `'${i}'`).join(', ')}) give a config that ${e}`
      )
    )
  return { engineConfig: merged, problems, warnings }
}

/** GPUs asked for through the `nvidia.com/gpu` resource (a number or a numeric string). */
function gpuResource(spec: Record<string, unknown> | undefined): number {
  const n = Number(spec?.['nvidia.com/gpu'] ?? 0)
  return Number.isFinite(n) ? n : 0
}
