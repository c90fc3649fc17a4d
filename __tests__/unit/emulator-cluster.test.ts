import { describe, it, expect } from '@jest/globals'
import { engineRequests, nodesOf, parseCpu, parseMemory, parseNodes, schedule, sidekickRequests } from '../../src/emulator/cluster.js'

const GI = 2 ** 30

describe('emulated cluster', () => {
  it('reads Kubernetes quantities', () => {
    expect([parseMemory('512Mi'), parseMemory('1.5Gi'), parseMemory('1G'), parseMemory('2GiB'), parseMemory(1024)]).toEqual([
      512 * 2 ** 20,
      1.5 * GI,
      1e9,
      2 * GI,
      1024
    ])
    expect([parseCpu(2), parseCpu('0.5'), parseCpu('250m')]).toEqual([2, 0.5, 0.25])
    expect([parseMemory('lots'), parseMemory('1Qi'), parseCpu('two'), parseCpu(-1)].every(Number.isNaN)).toBe(true)
  })

  it('parses --nodes groups with defaults, and refuses bad ones naming the group and the fix', () => {
    expect(parseNodes('cpu=4,memory=16Gi')).toEqual([{ cpu: 4, memory: 16 * GI, gpu: 0, count: 1, label: null }])
    expect(nodesOf(parseNodes('count=2;gpu=2,label=pool:a100')).map((n) => n.name)).toEqual(['node-1-1', 'node-1-2', 'node-2-1'])
    expect(() => parseNodes('cpu=4;')).toThrow("an empty node group; separate groups with ';'")
    expect(() => parseNodes('cpu=4,disk=10Gi')).toThrow("--nodes group 1 ('cpu=4,disk=10Gi'): unknown key 'disk'; keys are cpu, memory, gpu, count, label")
    expect(() => parseNodes('memory=lots')).toThrow("memory must be a Kubernetes quantity such as 16Gi or 512Mi, got 'lots'")
    expect(() => parseNodes('count=0')).toThrow('count must be a whole number >= 1')
    expect(() => parseNodes('cpu')).toThrow("'cpu' is not key=value")
    expect(() => parseNodes('cpu=4;gpu=1')).toThrow("--nodes group 2 ('gpu=1'): GPU nodes need a label")
  })

  it('reads what an engine asks for from engine_config: requests, then limits, then the shorthand, then the SDK defaults', () => {
    expect(engineRequests(null)).toEqual({ replicas: 1, selector: null, cpu: 1, memory: 512 * 2 ** 20, gpu: 0 })
    const ec = {
      engine: {
        cpu: 2,
        gpu: 1,
        replicas: 3,
        node_selector: 'pool:a100',
        resources: { limits: { cpu: 4, memory: '2Gi' }, requests: { memory: '1Gi', 'nvidia.com/gpu': 2 } }
      }
    }
    expect(engineRequests(ec)).toEqual({ replicas: 3, selector: 'pool:a100', cpu: 4, memory: GI, gpu: 2 })
    const aux = { engine: { node_selector: 'pool:a100' }, engineAux: { images: { 'byop-5': { resources: { requests: { cpu: 2, memory: '4Gi' } } } } } }
    expect(sidekickRequests(aux, ['byop-5'])).toEqual({ selector: 'pool:a100', cpu: 2, memory: 4 * GI, gpu: 0 })
    expect(sidekickRequests(aux, ['other'])).toEqual({ selector: 'pool:a100', cpu: 1, memory: 512 * 2 ** 20, gpu: 0 })
  })

  it('places pods first fit in order and says why the rest fit nowhere, like kube-scheduler', () => {
    const nodes = nodesOf(parseNodes('cpu=2,memory=4Gi,count=2;cpu=8,memory=32Gi,gpu=1,label=pool:a100'))
    const pod = (key: string, cpu: number, memory: number, gpu = 0, selector: string | null = null) => ({ key, cpu, memory, gpu, selector })
    const placed = schedule(nodes, [
      pod('a', 2, GI),
      pod('b', 1, GI),
      pod('c', 2, GI),
      pod('gpu', 1, GI, 1, 'pool:a100'),
      pod('gpu2', 1, GI, 1, 'pool:a100'),
      pod('huge', 1, 64 * GI)
    ])
    expect(placed.get('a')).toEqual({ node: 'node-1-1' })
    expect(placed.get('b')).toEqual({ node: 'node-1-2' })
    expect(placed.get('c')).toEqual({ reason: '0/3 nodes are available: 1 node(s) had untolerated taint {pool: a100}, 2 Insufficient cpu.' })
    expect(placed.get('gpu')).toEqual({ node: 'node-2-1' })
    expect(placed.get('gpu2')).toEqual({
      reason: "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector."
    })
    // One node short of both cpu and memory counts under each.
    expect(schedule(nodes, [pod('x', 3, 8 * GI)]).get('x')).toEqual({
      reason: '0/3 nodes are available: 1 node(s) had untolerated taint {pool: a100}, 2 Insufficient cpu, 2 Insufficient memory.'
    })
  })
})
