/**
 * The emulated cluster (`--nodes`) against a real emulator process: engines that fit no node stay Pending with
 * kube-scheduler's message and the deployment is in Error; replicas count; GPUs only on labelled nodes; an
 * undeploy frees capacity, so a deployment waiting for room starts.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { callEmulator, emulatorToken, pollEmulator, startEmulatorProcess, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

type Json = any

/** Two general nodes of 4 CPUs and 8Gi, and one GPU node labelled for A100 deployments. */
const NODES = 'cpu=4,memory=8Gi,count=2;cpu=8,memory=32Gi,gpu=1,label=wallaroo.ai/accelerator:a100'
const A100 = 'wallaroo.ai/accelerator:a100'

describe('emulator cluster capacity (--nodes)', () => {
  let emu: EmulatorProcess
  let token: string
  let ref: { name: string; version: string; sha: string }
  const call = (path: string, body: unknown) => callEmulator(emu.url, `/v1/api/${path}`, { token, body })
  const status = (name: string) => call('status/get_deployment', { name })

  /** Creates pipeline `name` with the demo model and deploys it with `engine`; returns the deployment name. */
  async function deploy(name: string, engine: Record<string, unknown>): Promise<string> {
    const created = await call('pipelines/create', { pipeline_id: name, workspace_id: 1, definition: { steps: [{ ModelInference: { models: [ref] } }] } })
    const d = await call('pipelines/deploy', { deploy_id: name, pipeline_version_pk_id: created.json.pipeline_variant_pk_id, engine_config: { engine } })
    expect(d.status).toBe(200)
    return `${name}-${d.json.id}`
  }
  const undeploy = async (deployment: string) => call('pipelines/undeploy', { deployment_id: Number(deployment.split('-').pop()) })
  const resources = (cpu: number | string, memory: string, gpu = 0) => ({
    cpu,
    ...(gpu ? { gpu } : {}),
    resources: { limits: { cpu, memory, ...(gpu ? { 'nvidia.com/gpu': gpu } : {}) }, requests: { cpu, memory, ...(gpu ? { 'nvidia.com/gpu': gpu } : {}) } }
  })

  beforeAll(async () => {
    emu = await startEmulatorProcess(['--nodes', NODES, '--start-seconds', '0.2', '--convert-seconds', '0.1'])
    token = await emulatorToken(emu.url)
    const up = await uploadToEmulator(emu.url, token, buildDemoModel(), {
      name: 'ccfraud',
      visibility: 'private',
      workspace_id: 1,
      conversion: { framework: 'onnx' }
    })
    const id = up.json.insert_models.returning[0].models[0].id
    const mv = await pollEmulator(
      () => call('models/get_version_by_id', { model_version_id: id }),
      (r) => r.json.model_version.model_version.status === 'ready'
    )
    ref = { name: 'ccfraud', version: mv.json.model_version.model_version.file_info.version, sha: mv.json.model_version.model_version.file_info.sha }
  })
  afterAll(async () => {
    await emu?.stop()
  })

  it('keeps an engine that asks for more memory than any node has Pending with the scheduler message; the deployment is in Error and answers 503', async () => {
    const name = await deploy('too-big', resources(1, '64Gi'))
    const s = await status(name)
    expect(s.json).toMatchObject({ status: 'Error', details: null })
    // The tainted GPU node refuses it first; the two general nodes are short of memory.
    expect(s.json.engines).toEqual([
      expect.objectContaining({
        status: 'Pending',
        ip: null,
        reason: ['0/3 nodes are available: 1 node(s) had untolerated taint {wallaroo.ai/accelerator: a100}, 2 Insufficient memory.'],
        model_statuses: null
      })
    ])
    const infer = await callEmulator(emu.url, `/v1/api/pipelines/infer/${name}/too-big`, {
      token,
      raw: toPandasRecordsJson(demoRows(1)),
      headers: { 'content-type': 'application/json; format=pandas-records' }
    })
    expect(infer.status).toBe(503)
    await undeploy(name)
  })

  it('counts replicas: the ones that fit run, the rest wait Pending; an undeploy frees room and the waiting one starts', async () => {
    // Each general node takes one 3-CPU engine: two of three replicas fit.
    const three = await deploy('three-replicas', { ...resources(3, '1Gi'), replicas: 3 })
    const s = await pollEmulator(
      () => status(three),
      (r) => r.json.engines?.filter((e: Json) => e.status === 'Running').length === 2
    )
    expect(s.json.status).toBe('Error')
    expect(s.json.engines.map((e: Json) => e.status).sort()).toEqual(['Pending', 'Running', 'Running'])
    expect(s.json.engines.find((e: Json) => e.status === 'Pending').reason).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {wallaroo.ai/accelerator: a100}, 2 Insufficient cpu.'
    ])
    // A small deployment that still fits beside them starts; then one that does not, waits.
    const small = await deploy('small', resources(0.5, '512Mi'))
    expect(
      (
        await pollEmulator(
          () => status(small),
          (r) => r.json.status === 'Running'
        )
      ).json.status
    ).toBe('Running')
    const waiting = await deploy('waiting', resources(2, '1Gi'))
    expect((await status(waiting)).json.status).toBe('Error')
    await undeploy(three)
    const started = await pollEmulator(
      () => status(waiting),
      (r) => r.json.status === 'Running'
    )
    expect(started.json.status).toBe('Running')
    await undeploy(small)
    await undeploy(waiting)
  })

  it('schedules a GPU engine only on the labelled GPU node: without the label it is refused, with it it runs', async () => {
    const unlabelled = await deploy('gpu-nolabel', resources(1, '1Gi', 1))
    expect((await status(unlabelled)).json.engines[0].reason).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {wallaroo.ai/accelerator: a100}, 2 Insufficient nvidia.com/gpu.'
    ])
    await undeploy(unlabelled)
    const labelled = await deploy('gpu-a100', { ...resources(1, '1Gi', 1), node_selector: A100 })
    expect(
      (
        await pollEmulator(
          () => status(labelled),
          (r) => r.json.status === 'Running'
        )
      ).json.status
    ).toBe('Running')
    // The only GPU is taken: a second GPU deployment waits for it.
    const second = await deploy('gpu-second', { ...resources(1, '1Gi', 1), node_selector: A100 })
    expect((await status(second)).json.engines[0].reason).toEqual([
      "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector."
    ])
    await undeploy(labelled)
    expect(
      (
        await pollEmulator(
          () => status(second),
          (r) => r.json.status === 'Running'
        )
      ).json.status
    ).toBe('Running')
    await undeploy(second)
  })

  it('takes the SDK defaults (1 CPU, 512Mi) for an engine_config that names no resources', async () => {
    // Eight default engines fill the two general nodes' 8 CPUs; the ninth waits.
    const names: string[] = []
    for (let i = 0; i < 9; i++) names.push(await deploy(`default-${i}`, {}))
    const last = await status(names[8])
    expect(last.json.engines[0].reason).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {wallaroo.ai/accelerator: a100}, 2 Insufficient cpu.'
    ])
    expect((await status(names[7])).json.status).not.toBe('Error')
    for (const n of names) await undeploy(n)
  })
})
