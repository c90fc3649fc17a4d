/**
 * The deployment config schema (wallaroo-api.md §8.2, the SDK's DeploymentConfig): which keys `engine-config` may
 * hold, of which types and in which ranges. A wrong type or a value out of range is an input error naming the key
 * and the fix; an unknown key is a warning (the schema is the SDK's, and a newer server may know more keys), sent
 * as given. The ranges are sanity bounds far beyond any real cluster (INFERRED, not Wallaroo's own limits): they
 * catch a typo such as a 20-digit replica count before it reaches the server.
 */
import { closestWord } from './closest-word.js'
import { isRecord } from './structured-text.js'

/** Bounds of the numbers a deployment may ask for (INFERRED sanity limits; change them here). */
export const ENGINE_LIMITS = {
  /** Engine replicas (and autoscale replica_max). */
  replicas: 1000,
  /** GPUs per engine. */
  gpus: 64,
  /** CPUs per engine; Kubernetes counts in millicpus, so 0.001 is the smallest. */
  cpus: 1024,
  minCpus: 0.001,
  /** Memory per engine, in bytes (64 TiB). */
  memoryBytes: 64 * 1024 ** 4,
  /** Longest a timer can wait (setTimeout's 2^31-1 ms): also the longest load timeout. */
  millis: 2 ** 31 - 1
} as const

/** A schema node. */
type Node =
  | { kind: 'object'; keys: Record<string, Node>; doc: string }
  | { kind: 'map'; values: Node; doc: string }
  | { kind: 'list'; items: Node }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number; minExclusive?: boolean }
  | { kind: 'string'; values?: readonly string[] }
  | { kind: 'cpu' }
  | { kind: 'memory' }
  | { kind: 'accel' }

const int = (min: number, max: number): Node => ({ kind: 'int', min, max })
const str = (values?: readonly string[]): Node => ({ kind: 'string', ...(values ? { values } : {}) })

const ARCHES = ['x86', 'arm', 'power10'] as const
const ACCELS = ['none', 'cuda', 'jetson', 'openvino'] as const

const resourceSpec: Node = {
  kind: 'object',
  doc: 'cpu, memory and GPU resources',
  keys: {
    cpu: { kind: 'cpu' },
    memory: { kind: 'memory' },
    'nvidia.com/gpu': int(0, ENGINE_LIMITS.gpus),
    'gpu.intel.com/i915': int(0, ENGINE_LIMITS.gpus),
    'qualcomm.com/qaic': int(0, ENGINE_LIMITS.gpus)
  }
}
const resources: Node = { kind: 'object', doc: 'limits and requests', keys: { limits: resourceSpec, requests: resourceSpec } }

/** engine_config as the SDK builds it (§8.2). */
export const ENGINE_CONFIG_SCHEMA: Node = {
  kind: 'object',
  doc: 'the deployment config',
  keys: {
    engine: {
      kind: 'object',
      doc: 'the engine',
      keys: {
        cpu: { kind: 'number', min: ENGINE_LIMITS.minCpus, max: ENGINE_LIMITS.cpus },
        gpu: int(0, ENGINE_LIMITS.gpus),
        arch: str(ARCHES),
        accel: { kind: 'accel' },
        image: str(),
        replicas: int(1, ENGINE_LIMITS.replicas),
        node_selector: str(),
        autoscale: {
          kind: 'object',
          doc: 'autoscaling',
          keys: {
            type: str(['cpu', 'queue']),
            replica_min: int(0, ENGINE_LIMITS.replicas),
            replica_max: int(1, ENGINE_LIMITS.replicas),
            cpu_utilization: int(1, 100),
            scale_up_queue_depth: int(1, 1_000_000),
            scale_down_queue_depth: int(1, 1_000_000),
            autoscaling_window: int(1, 86_400)
          }
        },
        python: { kind: 'object', doc: 'Python runtime settings', keys: { load_timeout_millis: int(1, ENGINE_LIMITS.millis) } },
        resources
      }
    },
    enginelb: { kind: 'object', doc: 'the engine load balancer', keys: { resources } },
    engineAux: {
      kind: 'object',
      doc: 'sidekicks (containerized models)',
      keys: {
        images: {
          kind: 'map',
          doc: 'sidekicks by model version',
          values: {
            kind: 'object',
            doc: 'a sidekick',
            keys: {
              resources,
              env: { kind: 'list', items: { kind: 'object', doc: 'an environment variable', keys: { name: str(), value: str() } } },
              arch: str(ARCHES),
              accel: { kind: 'accel' },
              node_selector: str()
            }
          }
        }
      }
    },
    node_selector: { kind: 'map', doc: 'node labels', values: str() },
    workspace_id: int(1, Number.MAX_SAFE_INTEGER)
  }
}

/** What checking found: errors (sentences after "Input 'engine-config' ") and warnings. */
export interface SchemaCheck {
  errors: string[]
  warnings: string[]
}

/** Kubernetes CPU quantities: a number of CPUs, or millicpus written `500m`. */
const CPU_QUANTITY = /^(\d+(?:\.\d+)?)(m?)$/
/** Kubernetes memory quantities (binary and decimal suffixes, or plain bytes). */
const MEMORY_QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/
const MEMORY_FACTOR: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60
}

/** A memory quantity in bytes, or undefined when it is not one. */
export function memoryBytes(text: string): number | undefined {
  const m = MEMORY_QUANTITY.exec(text)
  return m ? Number(m[1]) * MEMORY_FACTOR[m[2] ?? ''] : undefined
}

/** CPUs of a quantity (1, 0.5, "500m"), or undefined when it is not one. */
export function cpuCount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const m = CPU_QUANTITY.exec(value)
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined
}

/** Deeper than this, a value is no deployment config (the emulator and servers refuse deep JSON too). */
const MAX_DEPTH = 32

/** Checks `value` (the parsed `engine-config`) against the schema: types, ranges and known keys. */
export function checkEngineConfig(value: Record<string, unknown>): SchemaCheck {
  const out: SchemaCheck = { errors: [], warnings: [] }
  if (depthOf(value) > MAX_DEPTH) {
    out.errors.push(
      `is nested more than ${MAX_DEPTH} levels deep, which no deployment config is; give the nested engine_config, e.g. {"engine": {"replicas": 2}}.`
    )
    return out
  }
  walk(value, ENGINE_CONFIG_SCHEMA, '', out)
  return out
}

/** The rules between keys of the final config (after the other deployment inputs are merged in). */
export function crossCheckEngineConfig(config: Record<string, unknown>): string[] {
  const out: SchemaCheck = { errors: [], warnings: [] }
  crossChecks(config, out)
  return out.errors
}

/** Nesting depth of a JSON value, walked without recursion and stopping once past the limit. */
function depthOf(value: unknown): number {
  let max = 0
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    max = Math.max(max, d)
    if (max > MAX_DEPTH) return max
    for (const child of Object.values(v as object)) stack.push([child, d + 1])
  }
  return max
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (isRecord(v)) return 'a mapping'
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function walk(value: unknown, node: Node, path: string, out: SchemaCheck): void {
  const at = path === '' ? 'the top level' : `'${path}'`
  const bad = (what: string): void => void out.errors.push(`has ${at} = ${describeValue(value)}: ${what}.`)
  switch (node.kind) {
    case 'object':
    case 'map': {
      if (!isRecord(value)) return bad(`it must be a mapping (${node.doc})`)
      for (const [key, v] of Object.entries(value)) {
        const child = `${path === '' ? '' : `${path}.`}${key}`
        if (node.kind === 'map') {
          walk(v, node.values, child, out)
          continue
        }
        const known = node.keys[key]
        if (known) walk(v, known, child, out)
        else {
          const close = closestWord(
            key,
            Object.keys(node.keys).filter((k) => !(k in value))
          )
          out.warnings.push(
            `has the key '${child}', which is not in Wallaroo's deployment config (${node.doc} takes ${Object.keys(node.keys).join(', ')})${close ? `; did you mean '${close}'?` : ''} It is sent as given; remove or rename it if it is a typo.`
          )
        }
      }
      return
    }
    case 'list':
      if (!Array.isArray(value)) return bad('it must be a list')
      value.forEach((v, i) => walk(v, node.items, `${path}[${i}]`, out))
      return
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const quoted = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? `; write it without quotes: ${Number(value)}` : ''
        return bad(`it must be a ${node.kind === 'int' ? 'whole number' : 'number'}${quoted}`)
      }
      if (node.kind === 'int' && !Number.isInteger(value)) return bad(`it must be a whole number`)
      if (value < node.min || value > node.max) return bad(`it must be from ${node.min} to ${node.max}`)
      return
    }
    case 'string':
      if (typeof value !== 'string') return bad(`it must be a string${node.values ? ` (one of ${node.values.join(', ')})` : ''}`)
      if (node.values && !node.values.includes(value)) return bad(`use one of ${node.values.join(', ')}`)
      return
    case 'accel':
      if (isRecord(value)) return // e.g. {"qaic": {...}}: its own settings, passed as given
      if (typeof value !== 'string' || !(ACCELS as readonly string[]).includes(value))
        return bad(`use one of ${ACCELS.join(', ')} (or a mapping such as {"qaic": {…}})`)
      return
    case 'cpu': {
      const n = cpuCount(value)
      if (n === undefined) return bad('give a number of CPUs such as 1 or 0.5, or millicpus such as "500m"')
      if (n < ENGINE_LIMITS.minCpus || n > ENGINE_LIMITS.cpus) return bad(`it must be from ${ENGINE_LIMITS.minCpus} (1 millicpu) to ${ENGINE_LIMITS.cpus} CPUs`)
      return
    }
    case 'memory': {
      const bytes = typeof value === 'string' ? memoryBytes(value) : typeof value === 'number' && Number.isInteger(value) ? value : undefined
      if (bytes === undefined) return bad('give a Kubernetes quantity such as "512Mi" or "1Gi"')
      if (bytes <= 0 || bytes > ENGINE_LIMITS.memoryBytes) return bad(`it must be more than 0 and at most 64Ti`)
      return
    }
  }
}

/** Rules between keys: requests within limits, replica counts within the autoscale range, accelerators on their arch. */
function crossChecks(config: Record<string, unknown>, out: SchemaCheck): void {
  const engine = isRecord(config.engine) ? config.engine : {}
  const autoscale = isRecord(engine.autoscale) ? engine.autoscale : undefined
  if (autoscale) {
    const { replica_min: min, replica_max: max } = autoscale
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      out.errors.push(`has 'engine.autoscale.replica_min' (${min}) above 'engine.autoscale.replica_max' (${max}); swap them or raise replica_max.`)
    if (typeof engine.replicas === 'number' && typeof max === 'number' && engine.replicas > max) {
      out.errors.push(
        `has 'engine.replicas' (${engine.replicas}) above 'engine.autoscale.replica_max' (${max}); the SDK requires the replica count to be at most replica_max.`
      )
    }
  }
  const checkResources = (where: string, r: unknown): void => {
    if (!isRecord(r) || !isRecord(r.limits) || !isRecord(r.requests)) return
    const lc = cpuCount(r.limits.cpu)
    const rc = cpuCount(r.requests.cpu)
    if (lc !== undefined && rc !== undefined && rc > lc)
      out.errors.push(
        `has '${where}.requests.cpu' (${describeValue(r.requests.cpu)}) above '${where}.limits.cpu' (${describeValue(r.limits.cpu)}); Kubernetes refuses a request above its limit.`
      )
    const lm = typeof r.limits.memory === 'string' ? memoryBytes(r.limits.memory) : undefined
    const rm = typeof r.requests.memory === 'string' ? memoryBytes(r.requests.memory) : undefined
    if (lm !== undefined && rm !== undefined && rm > lm)
      out.errors.push(
        `has '${where}.requests.memory' (${describeValue(r.requests.memory)}) above '${where}.limits.memory' (${describeValue(r.limits.memory)}); Kubernetes refuses a request above its limit.`
      )
  }
  checkResources('engine.resources', engine.resources)
  if (isRecord(config.enginelb)) checkResources('enginelb.resources', config.enginelb.resources)
  const needs: Record<string, string> = { jetson: 'arm', openvino: 'x86' }
  const accel = typeof engine.accel === 'string' ? engine.accel : undefined
  if (accel && needs[accel] && typeof engine.arch === 'string' && engine.arch !== needs[accel]) {
    out.errors.push(`has 'engine.accel' ${accel} with 'engine.arch' ${engine.arch}; ${accel} runs on ${needs[accel]} only.`)
  }
}
