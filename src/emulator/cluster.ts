/**
 * The emulated Kubernetes cluster (`--nodes`): node groups with CPU, memory and GPU capacity, the resources each
 * engine and sidekick pod requests (from `engine_config`, §8.2), and a first-fit scheduler whose refusal reads like
 * kube-scheduler's: `0/2 nodes are available: 2 Insufficient memory.`
 *
 * Labelled node groups are tainted with their label and only take pods whose deployment label (`node_selector`)
 * names it, the way Wallaroo's GPU node pools are set up (INFERRED: the taint itself was never recorded).
 */

/** One group of identical nodes. */
export interface NodeGroup {
  cpu: number
  /** Bytes. */
  memory: number
  gpu: number
  count: number
  /** Deployment label of the group (`key:value`), also its taint; null for an untainted general pool. */
  label: string | null
}

/** One node of the cluster. */
export interface ClusterNode extends NodeGroup {
  name: string
}

/** What one pod asks the scheduler for. */
export interface PodRequest {
  /** Unique key of the pod (its name). */
  key: string
  cpu: number
  memory: number
  gpu: number
  /** The deployment label the pod must land on, or null. */
  selector: string | null
}

/** The default cluster: one node with 4 CPUs, 16Gi and no GPU. */
export const DEFAULT_NODES = 'cpu=4,memory=16Gi'

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40
}
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }

/** A Kubernetes memory quantity (`512Mi`, `1.5Gi`, `1G`, `1073741824`; the docs' `GiB` forms too) in bytes; NaN when malformed. */
export function parseMemory(value: unknown): number {
  if (typeof value === 'number') return value >= 0 ? value : NaN
  if (typeof value !== 'string') return NaN
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value)
  if (!m) return NaN
  const factor = BINARY[m[2]] ?? DECIMAL[m[2]]
  return factor === undefined ? NaN : Math.round(Number(m[1]) * factor)
}

/** A Kubernetes CPU quantity (`2`, `0.5`, `500m`) in cores; NaN when malformed. */
export function parseCpu(value: unknown): number {
  if (typeof value === 'number') return value >= 0 ? value : NaN
  if (typeof value !== 'string') return NaN
  const m = /^\s*(\d+(?:\.\d+)?)(m?)\s*$/.exec(value)
  if (!m) return NaN
  return m[2] ? Number(m[1]) / 1000 : Number(m[1])
}

/**
 * Parses `--nodes`: groups separated by `;`, each a comma list of `cpu=N`, `memory=Q`, `gpu=N`, `count=N`,
 * `label=key:value` (defaults: 4 CPUs, 16Gi, no GPU, one node, no label). GPUs need a label: GPU pools are
 * labelled and tainted so only deployments that name them land there.
 */
export function parseNodes(spec: string): NodeGroup[] {
  const groups = spec.split(';').map((g) => g.trim())
  if (groups.some((g) => g === ''))
    throw new Error(
      `--nodes '${spec}': an empty node group; separate groups with ';', e.g. "cpu=8,memory=32Gi,count=2;gpu=1,label=wallaroo.ai/accelerator:a100"`
    )
  return groups.map((group, i) => {
    const where = `--nodes group ${i + 1} ('${group}')`
    const node: NodeGroup = { cpu: 4, memory: parseMemory('16Gi'), gpu: 0, count: 1, label: null }
    for (const part of group.split(',').map((p) => p.trim())) {
      const eq = part.indexOf('=')
      const key = eq > 0 ? part.slice(0, eq).trim() : part
      const value = eq > 0 ? part.slice(eq + 1).trim() : ''
      if (eq <= 0 || value === '') throw new Error(`${where}: '${part}' is not key=value; keys are cpu, memory, gpu, count, label`)
      switch (key) {
        case 'cpu':
          node.cpu = parseCpu(value)
          if (!(node.cpu > 0)) throw new Error(`${where}: cpu must be a positive number of cores (e.g. 8 or 500m), got '${value}'`)
          break
        case 'memory':
          node.memory = parseMemory(value)
          if (!(node.memory > 0)) throw new Error(`${where}: memory must be a Kubernetes quantity such as 16Gi or 512Mi, got '${value}'`)
          break
        case 'gpu':
          node.gpu = Number(value)
          if (!Number.isInteger(node.gpu) || node.gpu < 0) throw new Error(`${where}: gpu must be a whole number, got '${value}'`)
          break
        case 'count':
          node.count = Number(value)
          if (!Number.isInteger(node.count) || node.count < 1) throw new Error(`${where}: count must be a whole number >= 1, got '${value}'`)
          break
        case 'label':
          node.label = value
          break
        default:
          throw new Error(`${where}: unknown key '${key}'; keys are cpu, memory, gpu, count, label`)
      }
    }
    if (node.gpu > 0 && !node.label) {
      throw new Error(`${where}: GPU nodes need a label (the deployment label that selects them), e.g. gpu=1,label=wallaroo.ai/accelerator:a100`)
    }
    return node
  })
}

/** The nodes of the groups, named like a node pool's nodes. */
export function nodesOf(groups: NodeGroup[]): ClusterNode[] {
  return groups.flatMap((g, gi) => Array.from({ length: g.count }, (_, i) => ({ ...g, name: `node-${gi + 1}-${i + 1}` })))
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

/** What a component stanza (`engine`, or an `engineAux.images` entry) requests: requests first, then limits, then the shorthand, then the SDK's defaults. */
function stanzaRequests(stanza: Record<string, unknown> | undefined, gpuShorthand: unknown): { cpu: number; memory: number; gpu: number } {
  const resources = record(stanza?.resources)
  const requests = record(resources?.requests) ?? {}
  const limits = record(resources?.limits) ?? {}
  const pick = (key: string): unknown => requests[key] ?? limits[key]
  // SDK DeploymentConfig._deploy_config_to_engine_config: cpu 1.0 and memory 512Mi when the config names none.
  const cpu = parseCpu(pick('cpu') ?? stanza?.cpu ?? 1)
  const memory = parseMemory(pick('memory') ?? '512Mi')
  const gpuValue = pick('nvidia.com/gpu') ?? gpuShorthand ?? 0
  const gpu = typeof gpuValue === 'number' ? gpuValue : Number(gpuValue) || 0
  return { cpu: Number.isFinite(cpu) ? cpu : 1, memory: Number.isFinite(memory) ? memory : parseMemory('512Mi'), gpu }
}

/** The engine pods of a deployment: how many replicas and what each requests. */
export function engineRequests(engineConfig: Record<string, unknown> | null): {
  replicas: number
  cpu: number
  memory: number
  gpu: number
  selector: string | null
} {
  const engine = record(engineConfig?.engine)
  const replicas = typeof engine?.replicas === 'number' && engine.replicas >= 1 ? Math.floor(engine.replicas) : 1
  const selector = typeof engine?.node_selector === 'string' && engine.node_selector !== '' ? engine.node_selector : null
  return { replicas, selector, ...stanzaRequests(engine, engine?.gpu) }
}

/** A sidekick pod's requests: its `engineAux.images` entry (by any of `keys`), else the SDK defaults; it inherits the engine's label. */
export function sidekickRequests(
  engineConfig: Record<string, unknown> | null,
  keys: string[]
): { cpu: number; memory: number; gpu: number; selector: string | null } {
  const images = record(record(engineConfig?.engineAux)?.images) ?? {}
  const stanza = keys.map((k) => record(images[k])).find((s) => s !== undefined)
  const own = typeof stanza?.node_selector === 'string' && stanza.node_selector !== '' ? stanza.node_selector : null
  return { selector: own ?? engineRequests(engineConfig).selector, ...stanzaRequests(stanza, undefined) }
}

/** A node's taint as kube-scheduler prints it: `{key: value}`. */
function taintText(label: string): string {
  const colon = label.indexOf(':')
  return colon < 0 ? `{${label}}` : `{${label.slice(0, colon)}: ${label.slice(colon + 1)}}`
}

/**
 * Places pods in order, first fit, like kube-scheduler without preemption: a pod that was placed keeps its node,
 * a pod that fits nowhere stays Pending with the scheduler's message. Returns, per pod key, its node or the reason.
 */
export function schedule(nodes: ClusterNode[], pods: PodRequest[]): Map<string, { node: string } | { reason: string }> {
  const free = nodes.map((n) => ({ node: n, cpu: n.cpu, memory: n.memory, gpu: n.gpu }))
  const out = new Map<string, { node: string } | { reason: string }>()
  for (const pod of pods) {
    const reasons = new Map<string, number>()
    const count = (r: string): void => {
      reasons.set(r, (reasons.get(r) ?? 0) + 1)
    }
    let placed = false
    for (const slot of free) {
      // Filters in kube-scheduler's order: taints, then node selector, then resources (all that are short).
      if (slot.node.label !== null && slot.node.label !== pod.selector) {
        count(`node(s) had untolerated taint ${taintText(slot.node.label)}`)
        continue
      }
      if (pod.selector !== null && slot.node.label !== pod.selector) {
        count("node(s) didn't match Pod's node affinity/selector")
        continue
      }
      // A small tolerance keeps float sums (0.1 + 0.2) from refusing a pod that fits exactly.
      const short = [
        pod.cpu > slot.cpu + 1e-9 ? 'Insufficient cpu' : null,
        pod.memory > slot.memory ? 'Insufficient memory' : null,
        pod.gpu > slot.gpu ? 'Insufficient nvidia.com/gpu' : null
      ].filter((r): r is string => r !== null)
      if (short.length > 0) {
        short.forEach(count)
        continue
      }
      slot.cpu -= pod.cpu
      slot.memory -= pod.memory
      slot.gpu -= pod.gpu
      out.set(pod.key, { node: slot.node.name })
      placed = true
      break
    }
    if (!placed) {
      // kube-scheduler's FitError: "0/N nodes are available: <count> <reason>, …." with the entries sorted as strings.
      const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort()
      out.set(pod.key, { reason: `0/${nodes.length} nodes are available: ${parts.join(', ')}.` })
    }
  }
  return out
}
