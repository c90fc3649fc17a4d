import { describe, expect, it } from '@jest/globals'
import type { DeploymentStatus } from '../../src/wallaroo/types.js'
import { describeDeployment, suggestFix } from '../../src/action/steps/diagnose.js'
import { status } from './action-fake-api.js'

describe('describeDeployment', () => {
  it('lists the deployment, each engine with its models, the load balancers and sidekicks', () => {
    const s: DeploymentStatus = {
      ...status('Error', '0/1 nodes are available: 1 Insufficient cpu.'),
      sidekicks: [
        {
          ip: null,
          name: 'engine-sidekick-vgg-1135-x',
          status: 'Pending',
          reason: null,
          details: ['containers with unready status: [x]', 'containers with unready status: [x]']
        }
      ]
    }
    expect(describeDeployment(s)).toEqual([
      'deployment: Error',
      'engine engine-abc: Pending, reason: 0/1 nodes are available: 1 Insufficient cpu.',
      `  model ccfraud v-uuid: Pending`,
      'engine-lb engine-lb-1: Running',
      'sidekick engine-sidekick-vgg-1135-x: Pending, details: containers with unready status: [x]'
    ])
  })

  it('says so when there is no status (404) or no engine yet', () => {
    expect(describeDeployment(null)).toEqual(['no deployment status (the server answered 404: not deployed yet, or already undeployed)'])
    expect(describeDeployment({ status: 'Starting', details: null, engines: [], engine_lbs: [] })).toEqual([
      'deployment: Starting',
      'no engine pods reported yet'
    ])
  })

  it('shows the 2025 model_version_id when present', () => {
    const s = status('Running')
    s.engines[0].model_statuses!.models[0].model_version_id = 1214
    expect(describeDeployment(s)).toContain('  model ccfraud v-uuid (version id 1214): Running')
  })
})

describe('suggestFix names the input to change', () => {
  it.each([
    [
      '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      `No node has a free GPU: check 'deployment-label' names your GPU nodepool's label, or lower 'gpus'.`
    ],
    [
      '0/1 nodes are available: 1 Insufficient cpu.',
      `The cluster lacks free CPU: lower 'cpus' (or 'replicas'), or ask your Wallaroo administrator for capacity.`
    ],
    [
      '0/1 nodes are available: 1 Insufficient memory.',
      `The cluster lacks free memory: lower 'memory' (or 'replicas'), or ask your Wallaroo administrator for capacity.`
    ],
    [
      '1 Insufficient cpu, 1 Insufficient memory.',
      `The cluster lacks free CPU and memory: lower 'cpus' and 'memory' (or 'replicas'), or ask your Wallaroo administrator for capacity.`
    ],
    [
      'Back-off pulling image: ImagePullBackOff',
      'An engine image cannot be pulled; ask your Wallaroo administrator to check the registry access of the cluster.'
    ],
    ["0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", `No node matches 'deployment-label'; check the label of your nodepool.`]
  ])('%s', (reason, hint) => {
    expect(suggestFix(status('Error', reason), '15m00s')).toBe(hint)
  })

  it("falls back to 'timeout'", () => {
    expect(suggestFix(status('Starting'), '15m00s')).toBe(
      `If the deployment is just slow (containerized models can take minutes), raise 'timeout' (now 15m00s).`
    )
    expect(suggestFix(null, '3s')).toBe(`If the deployment is just slow (containerized models can take minutes), raise 'timeout' (now 3s).`)
  })
})
