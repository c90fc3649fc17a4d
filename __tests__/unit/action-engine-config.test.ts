import { describe, expect, it } from '@jest/globals'
import { buildEngineConfig, deepMerge, type EngineInputs } from '../../src/action/inputs/engine-config.js'

const none: EngineInputs = { arch: '', gpus: '', deploymentLabel: '', cpus: '', memory: '', replicas: '', engineConfig: '' }

describe('buildEngineConfig (§8.2 nested form)', () => {
  it('with no inputs sends the SDK skeleton', () => {
    expect(buildEngineConfig(none)).toEqual({ engineConfig: { engine: {}, enginelb: {}, engineAux: { images: {} } }, problems: [], warnings: [] })
  })

  it('puts cpus, memory, arch and replicas where the SDK does', () => {
    const { engineConfig, problems } = buildEngineConfig({ ...none, cpus: '0.5', memory: '1Gi', arch: 'arm', replicas: '2' })
    expect(problems).toEqual([])
    expect(engineConfig.engine).toEqual({
      arch: 'arm',
      cpu: 0.5,
      replicas: 2,
      resources: { limits: { cpu: 0.5, memory: '1Gi' }, requests: { cpu: 0.5, memory: '1Gi' } }
    })
  })

  it('puts gpus into engine.gpu and nvidia.com/gpu, and the label into engine.node_selector', () => {
    const { engineConfig, problems } = buildEngineConfig({ ...none, gpus: '1', deploymentLabel: 'wallaroo.ai/accelerator:a100' })
    expect(problems).toEqual([])
    expect(engineConfig.engine).toEqual({
      gpu: 1,
      node_selector: 'wallaroo.ai/accelerator:a100',
      resources: { limits: { 'nvidia.com/gpu': 1 }, requests: { 'nvidia.com/gpu': 1 } }
    })
  })

  it('merges engine-config last, deeply', () => {
    const extra = JSON.stringify({
      engine: { cpu: 2, autoscale: { type: 'cpu', replica_min: 1, replica_max: 3 } },
      enginelb: { resources: { limits: { cpu: 1 } } }
    })
    const { engineConfig } = buildEngineConfig({ ...none, cpus: '1', memory: '512Mi', engineConfig: extra })
    expect(engineConfig.engine).toMatchObject({ cpu: 2, autoscale: { type: 'cpu', replica_max: 3 }, resources: { limits: { cpu: 1, memory: '512Mi' } } })
    expect(engineConfig.enginelb).toEqual({ resources: { limits: { cpu: 1 } } })
  })

  it('refuses gpus without deployment-label, also when engine-config asks for the GPU', () => {
    const tail = `asks for 1 GPU(s) but 'deployment-label' is empty: GPU deployments need the node label of your GPU nodepool, e.g. 'deployment-label: wallaroo.ai/accelerator:a100'.`
    expect(buildEngineConfig({ ...none, gpus: '1' }).problems).toEqual([`Input 'gpus' ${tail}`])
    expect(buildEngineConfig({ ...none, engineConfig: '{"engine":{"gpu":1}}' }).problems).toEqual([`Input 'engine-config' ${tail}`])
    // Through the resource alone, as a hand-written engine_config may do.
    const byResource = '{"engine":{"resources":{"limits":{"nvidia.com/gpu":1}}}}'
    expect(buildEngineConfig({ ...none, engineConfig: byResource }).problems).toEqual([`Input 'engine-config' ${tail}`])
    expect(buildEngineConfig({ ...none, engineConfig: byResource, deploymentLabel: 'gpu-pool' }).problems).toEqual([])
    expect(buildEngineConfig({ ...none, gpus: '0' }).problems).toEqual([])
  })

  it.each([
    [{ cpus: 'two' }, `Input 'cpus' is "two": give a positive number of CPUs such as 1 or 0.5.`],
    [{ cpus: '500m' }, `Input 'cpus' is "500m": give a positive number of CPUs such as 1 or 0.5. Try "0.5".`],
    [{ cpus: '0' }, `Input 'cpus' is "0": give a positive number of CPUs such as 1 or 0.5.`],
    [{ memory: '1GB' }, `Input 'memory' is "1GB": use a Kubernetes quantity such as 512Mi or 1Gi. Try "1Gi".`],
    [{ memory: '512 MiB' }, `Input 'memory' is "512 MiB": use a Kubernetes quantity such as 512Mi or 1Gi. Try "512Mi".`],
    [{ memory: 'lots' }, `Input 'memory' is "lots": use a Kubernetes quantity such as 512Mi or 1Gi.`],
    [{ gpus: '1.5' }, `Input 'gpus' is "1.5": give a whole number of GPUs (0 or more).`],
    [{ replicas: '0' }, `Input 'replicas' is "0": give a whole number of engine replicas from 1 to 1000.`],
    [{ replicas: '12345678901234567890' }, `Input 'replicas' is "12345678901234567890": give a whole number of engine replicas from 1 to 1000.`],
    [{ gpus: '65' }, `Input 'gpus' is "65": give a whole number of GPUs per engine from 0 to 64.`],
    [{ cpus: '0.0001' }, `Input 'cpus' is "0.0001": give from 0.001 (one millicpu, the smallest Kubernetes unit) to 1024 CPUs per engine.`],
    [{ cpus: '99999' }, `Input 'cpus' is "99999": give from 0.001 (one millicpu, the smallest Kubernetes unit) to 1024 CPUs per engine.`],
    [
      { memory: '99999999999999999999Gi' },
      `Input 'memory' is "99999999999999999999Gi": that is more than 64Ti per engine; give a Kubernetes quantity such as 512Mi or 4Gi.`
    ],
    [{ arch: 'amd64' }, `Input 'arch' is "amd64": use one of x86, arm, power10.`],
    [{ engineConfig: '[1]' }, `Input 'engine-config' must be a JSON object (the nested engine_config, e.g. {"engine": {...}}), not an array.`]
  ])('refuses %j', (raw, message) => {
    expect(buildEngineConfig({ ...none, ...raw }).problems).toEqual([message])
  })

  it('names the JSON error of engine-config', () => {
    const [problem] = buildEngineConfig({ ...none, engineConfig: '{engine: 1}' }).problems
    expect(problem).toMatch(/^Input 'engine-config' is not valid JSON \(.+\); give an object such as \{"engine"/)
  })

  it.each([
    [
      'a 20-digit replica count',
      { engine: { replicas: Number('12345678901234567890') } },
      `Input 'engine-config' has 'engine.replicas' = 12345678901234567000: it must be from 1 to 1000.`
    ],
    [
      'a quoted number',
      { engine: { replicas: '2' } },
      `Input 'engine-config' has 'engine.replicas' = "2": it must be a whole number; write it without quotes: 2.`
    ],
    ['a fraction of a replica', { engine: { replicas: 1.5 } }, `Input 'engine-config' has 'engine.replicas' = 1.5: it must be a whole number.`],
    ['a negative gpu count', { engine: { gpu: -1 } }, `Input 'engine-config' has 'engine.gpu' = -1: it must be from 0 to 64.`],
    ['an unknown arch', { engine: { arch: 'amd64' } }, `Input 'engine-config' has 'engine.arch' = "amd64": use one of x86, arm, power10.`],
    [
      'a cpu limit of 0',
      { engine: { resources: { limits: { cpu: 0 } } } },
      `Input 'engine-config' has 'engine.resources.limits.cpu' = 0: it must be from 0.001 (1 millicpu) to 1024 CPUs.`
    ],
    [
      'a memory that is not a quantity',
      { engine: { resources: { limits: { memory: '1GB' } } } },
      `Input 'engine-config' has 'engine.resources.limits.memory' = "1GB": give a Kubernetes quantity such as "512Mi" or "1Gi".`
    ],
    [
      'a cpu_utilization above 100',
      { engine: { autoscale: { type: 'cpu', cpu_utilization: 150 } } },
      `Input 'engine-config' has 'engine.autoscale.cpu_utilization' = 150: it must be from 1 to 100.`
    ],
    [
      'a load timeout a timer cannot hold',
      { engine: { python: { load_timeout_millis: 2 ** 32 } } },
      `Input 'engine-config' has 'engine.python.load_timeout_millis' = 4294967296: it must be from 1 to 2147483647.`
    ],
    ['an engine that is a list', { engine: [1] }, `Input 'engine-config' has 'engine' = a list: it must be a mapping (the engine).`],
    [
      'replica_min above replica_max',
      { engine: { autoscale: { type: 'cpu', replica_min: 3, replica_max: 2 } } },
      `The deployment inputs ('engine-config' with 'replicas', 'cpus', 'memory') give a config that has 'engine.autoscale.replica_min' (3) above 'engine.autoscale.replica_max' (2); swap them or raise replica_max.`
    ],
    [
      'a request above its limit',
      { engine: { resources: { limits: { memory: '1Gi' }, requests: { memory: '2Gi' } } } },
      `The deployment inputs ('engine-config' with 'replicas', 'cpus', 'memory') give a config that has 'engine.resources.requests.memory' ("2Gi") above 'engine.resources.limits.memory' ("1Gi"); Kubernetes refuses a request above its limit.`
    ]
  ])('engine-config: refuses %s', (_what, config, message) => {
    expect(buildEngineConfig({ ...none, engineConfig: JSON.stringify(config) }).problems).toEqual([message])
  })

  it('engine-config: an unknown key is a warning with a suggestion, and is sent as given', () => {
    const built = buildEngineConfig({ ...none, engineConfig: JSON.stringify({ engine: { replica: 2, cpu: 1 } }) })
    expect(built.problems).toEqual([])
    expect(built.warnings).toEqual([
      expect.stringMatching(
        /^Input 'engine-config' has the key 'engine\.replica', which is not in Wallaroo's deployment config \(the engine takes cpu, gpu, .*\); did you mean 'replicas'\? It is sent as given/
      )
    ])
    expect(built.engineConfig.engine).toMatchObject({ replica: 2, cpu: 1 })
  })

  it('engine-config: replicas above the autoscale maximum, given apart, are refused together', () => {
    const built = buildEngineConfig({
      ...none,
      replicas: '5',
      engineConfig: JSON.stringify({ engine: { autoscale: { type: 'cpu', replica_min: 1, replica_max: 3 } } })
    })
    expect(built.problems).toEqual([expect.stringContaining(`has 'engine.replicas' (5) above 'engine.autoscale.replica_max' (3)`)])
  })

  it('engine-config: nesting deeper than any config is refused without walking it', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`
    expect(buildEngineConfig({ ...none, engineConfig: `{"engine": {"accel": ${deep}}}` }).problems).toEqual([
      expect.stringMatching(/^Input 'engine-config' is nested more than 32 levels deep/)
    ])
  })

  it('deepMerge replaces arrays and scalars, merges objects', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: { e: 1 } })).toEqual({ a: { b: 1, c: [3] }, d: { e: 1 } })
  })
})
