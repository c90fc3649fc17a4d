import { describe, it, expect } from '@jest/globals'
import { enginePodNames, newPods, phaseOf, statusBody, type LifecycleInput, type LifecycleModel } from '../../src/emulator/lifecycle.js'
import type { DeploymentRecord } from '../../src/emulator/state.js'

const model: LifecycleModel = { id: 7, name: 'ccfraud', version: 'v-uuid', sha: 'a'.repeat(64), status: 'ready', error_summary: null, containerized: false }

function input(over: Partial<LifecycleInput> = {}, dep: Partial<DeploymentRecord> = {}): LifecycleInput {
  const deployment: DeploymentRecord = {
    id: 3,
    deploy_id: 'pipe',
    pipeline_id: 1,
    pipeline_version_id: 2,
    engine_config: null,
    model_version_ids: [7],
    deployed: true,
    deployed_at_ms: 1000,
    created_at: 'x',
    forced_error: null,
    pods: newPods([{ id: 7, name: 'ccfraud', containerized: false }]),
    ...dep
  }
  return { deployment, pipelineName: 'pipe', pipelineVersion: 'pv-uuid', models: [model], now: 1000, startMs: 2000, profile: '2023.4', ...over }
}

describe('deployment lifecycle', () => {
  it('is Starting until start-seconds have passed, then Running', () => {
    expect(phaseOf(input({ now: 2999 }))).toBe('Starting')
    expect(phaseOf(input({ now: 3000 }))).toBe('Running')
  })

  it('stays Starting while a model is still converting', () => {
    expect(phaseOf(input({ now: 99999, models: [{ ...model, status: 'attempting_load_native' }] }))).toBe('Starting')
  })

  it('reports the Starting shape with Scaling details and a Pending engine', () => {
    const body = statusBody(input({ now: 1500 }))
    expect(body).toMatchObject({ status: 'Starting', details: ['Scaling'], sidekicks: [] })
    const engine = (body.engines as Array<Record<string, unknown>>)[0]
    expect(engine).toMatchObject({ ip: null, status: 'Pending', pipeline_statuses: null, model_statuses: null })
    expect(engine.name).toMatch(/^engine-[0-9a-f]{10}-[a-z0-9]{5}$/)
  })

  it('reports 2023.4 model statuses as {name, version, sha, status} and pipeline statuses as {id, status}', () => {
    const engine = (statusBody(input({ now: 5000 })).engines as Array<Record<string, unknown>>)[0]
    expect(engine.model_statuses).toEqual({ models: [{ name: 'ccfraud', version: 'v-uuid', sha: 'a'.repeat(64), status: 'Running' }] })
    expect(engine.pipeline_statuses).toEqual({ pipelines: [{ id: 'pipe', status: 'Running' }] })
    expect(engine.ip).toMatch(/^10\.244\.\d+\.\d+$/)
  })

  it('adds model_version_id and the pipeline version under profile 2025.2', () => {
    const engine = (statusBody(input({ now: 5000, profile: '2025.2' })).engines as Array<Record<string, unknown>>)[0]
    expect(engine.model_statuses).toEqual({ models: [{ model_version_id: 7, name: 'ccfraud', sha: 'a'.repeat(64), status: 'Running', version: 'v-uuid' }] })
    expect(engine.pipeline_statuses).toEqual({ pipelines: [{ id: 'pipe', status: 'Running', version: 'pv-uuid' }] })
  })

  it('adds only the pipeline version under profile 2024.1 (model statuses without model_version_id)', () => {
    const engine = (statusBody(input({ now: 5000, profile: '2024.1' })).engines as Array<Record<string, unknown>>)[0]
    expect(engine.model_statuses).toEqual({ models: [{ name: 'ccfraud', version: 'v-uuid', sha: 'a'.repeat(64), status: 'Running' }] })
    expect(engine.pipeline_statuses).toEqual({ pipelines: [{ id: 'pipe', status: 'Running', version: 'pv-uuid' }] })
  })

  it('is Error with a Pending engine and the scheduler message when the engine pod fits no node', () => {
    const reason = '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'
    const pods = newPods([{ id: 7, name: 'ccfraud', containerized: false }])
    const body = statusBody(input({ now: 99999, engines: [{ name: pods.engine, ip: pods.engine_ip, unschedulable: reason }] }, { pods }))
    expect(body).toMatchObject({ status: 'Error', details: null })
    expect((body.engines as unknown[])[0]).toMatchObject({ ip: null, status: 'Pending', reason: [reason], model_statuses: null })
  })

  it('shows each replica; the ones the scheduler placed run while one that fits nowhere is Pending', () => {
    const pods = newPods([{ id: 7, name: 'ccfraud', containerized: false }], 2)
    const [first, second] = enginePodNames(pods, 2)
    expect(first.name.slice(0, 17)).toBe(second.name.slice(0, 17))
    const reason = '0/1 nodes are available: 1 Insufficient memory.'
    const body = statusBody(
      input(
        {
          now: 99999,
          engines: [
            { ...first, unschedulable: null },
            { ...second, unschedulable: reason }
          ]
        },
        { pods }
      )
    )
    expect(body.status).toBe('Error')
    expect(body.engines).toEqual([
      expect.objectContaining({ name: first.name, status: 'Running', ip: first.ip }),
      expect.objectContaining({ name: second.name, status: 'Pending', ip: null, reason: [reason] })
    ])
    expect(
      phaseOf(
        input(
          {
            now: 99999,
            engines: [
              { ...first, unschedulable: null },
              { ...second, unschedulable: null }
            ]
          },
          { pods }
        )
      )
    ).toBe('Running')
  })

  it('derives stable names for replicas of a deployment saved before replicas were named', () => {
    const pods = newPods([{ id: 7, name: 'ccfraud', containerized: false }])
    expect(enginePodNames(pods, 3).map((p) => p.name)).toEqual([pods.engine, `${pods.engine}-1`, `${pods.engine}-2`])
  })

  it('is Error with the forced reason', () => {
    const body = statusBody(input({ now: 99999 }, { forced_error: 'ImagePullBackOff' }))
    expect(body).toMatchObject({ status: 'Error' })
    expect((body.engines as unknown[])[0]).toMatchObject({ status: 'Pending', reason: ['ImagePullBackOff'] })
  })

  it('is Error naming the model when a model failed conversion', () => {
    const broken = { ...model, status: 'error', error_summary: 'not an ONNX model' }
    const body = statusBody(input({ now: 99999, models: [broken] }))
    expect(body.status).toBe('Error')
    expect(JSON.stringify(body.details)).toContain('not an ONNX model')
    const engine = (body.engines as Array<Record<string, unknown>>)[0]
    expect(engine.model_statuses).toEqual({ models: [expect.objectContaining({ name: 'ccfraud', status: 'Error' })] })
  })

  it('lists containerized models as sidekick pods', () => {
    const byop = { ...model, id: 9, name: 'byop', containerized: true }
    const pods = newPods([{ id: 9, name: 'byop', containerized: true }])
    const body = statusBody(input({ now: 99999, models: [byop] }, { pods }))
    expect(body.sidekicks).toEqual([expect.objectContaining({ status: 'Running', name: expect.stringMatching(/^engine-sidekick-byop-9-/) })])
  })

  it('while Starting with a containerized model, shows the engine up and the sidekick Pending, as recorded', () => {
    const byop = { ...model, id: 9, name: 'byop', containerized: true }
    const pods = newPods([{ id: 9, name: 'byop', containerized: true }])
    const body = statusBody(input({ now: 1500, models: [byop], profile: '2025.2' }, { pods }))
    expect(body).toMatchObject({ status: 'Starting', details: ['Scaling'] })
    expect((body.engines as unknown[])[0]).toMatchObject({
      status: 'Running',
      ip: expect.any(String),
      model_statuses: { models: [expect.objectContaining({ name: 'byop' })] }
    })
    expect(body.sidekicks).toEqual([
      expect.objectContaining({ status: 'Pending', ip: null, details: Array(2).fill('containers with unready status: [engine-sidekick-byop-9]') })
    ])
  })
})
