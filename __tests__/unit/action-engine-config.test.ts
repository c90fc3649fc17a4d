import { describe, expect, it } from '@jest/globals'
import { buildEngineConfig, deepMerge, type EngineInputs } from '../../src/action/inputs/engine-config.js'

const none: EngineInputs = { arch: '', gpus: '', deploymentLabel: '', cpus: '', memory: '', replicas: '', engineConfig: '' }

describe('buildEngineConfig (§8.2 nested form)', () => {
  it('with no inputs sends the SDK skeleton', () => {
    expect(buildEngineConfig(none)).toEqual({ engineConfig: { engine: {}, enginelb: {}, engineAux: { images: {} } }, problems: [] })
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
    const extra = JSON.stringify({ engine: { cpu: 2, autoscale: { type: 'cpu', replica_min: 1, replica_max: 3 } }, enginelb: { resources: { limits: { cpu: 1 } } } })
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
    [{ replicas: '0' }, `Input 'replicas' is "0": give a whole number of engine replicas, 1 or more.`],
    [{ arch: 'amd64' }, `Input 'arch' is "amd64": use one of x86, arm, power10.`],
    [{ engineConfig: '[1]' }, `Input 'engine-config' must be a JSON object (the nested engine_config, e.g. {"engine": {...}}), not an array.`]
  ])('refuses %j', (raw, message) => {
    expect(buildEngineConfig({ ...none, ...raw }).problems).toEqual([message])
  })

  it('names the JSON error of engine-config', () => {
    const [problem] = buildEngineConfig({ ...none, engineConfig: '{engine: 1}' }).problems
    expect(problem).toMatch(/^Input 'engine-config' is not valid JSON \(.+\); give an object such as \{"engine"/)
  })

  it('deepMerge replaces arrays and scalars, merges objects', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: { e: 1 } })).toEqual({ a: { b: 1, c: [3] }, d: { e: 1 } })
  })
})
