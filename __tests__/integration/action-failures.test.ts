/**
 * Deploys that cannot succeed, and the deploy wait as a user reads the run, through `node dist/index.js` against
 * the emulator: a GPU deployment that cannot be scheduled (until the timeout), a deployment forced into Error
 * (reported while the wait goes on), a model file that does not convert, a status endpoint that keeps failing,
 * a deploy re-sent after a 503, and an expired token refused before any request. Each failure must say what went
 * wrong and which input to change.
 */
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { describeRun, emulatorState, errorMessages, findLeaks, runAction, type ActionRun } from '../helpers/action-process.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'
import {
  addFault,
  clearFaults,
  demoModelsInput,
  entities,
  forceErrorWhenLive,
  signedInInputs,
  useActionTestbed,
  warningMessages
} from '../helpers/action-testbed.js'

const WORKSPACE = 'failures-test'

// Deployments take 2 s to start, so a test can force one into Error while the action is still waiting. The short
// `timeout`s below still leave the steps before the wait (process start, sign-in, upload, pipeline) a few seconds: they
// take about one on a loaded machine, and a deadline that ran out there would fail for another reason than the test's.
const bed = useActionTestbed(['--start-seconds', '2', '--convert-seconds', '0.1'])

function deployInputs(pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { pipeline, models: demoModelsInput(bed.ws), ...extra })
}

/** Deploys `pipeline`, forcing its deployment into Error with `reason` once it is live (the force must land). */
async function deployForcedIntoError(pipeline: string, reason: string, extra: Record<string, string>): Promise<ActionRun> {
  const pending = runAction(deployInputs(pipeline, extra), { cwd: bed.ws.dir })
  const forced = await forceErrorWhenLive(bed.url, pipeline, reason)
  const run = await pending
  expect(forced).toBe(true)
  return run
}

describe('deploy failures', () => {
  it("an unschedulable GPU deployment times out and points at 'deployment-label'", async () => {
    // A label naming a nodepool with no free GPU: the engine stays Pending, as on a real cluster.
    const reason = '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'
    const run = await deployForcedIntoError('gpu-pipe', reason, { gpus: '1', 'deployment-label': 'no-free-gpus', timeout: '6s', 'on-failure': 'keep' })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toMatch(/deployment-label/)
    expect(message).toMatch(/nvidia\.com\/gpu/i)
    expect(message).toMatch(/timeout|timed out|6s/i)
    expect(run.summary).toMatch(/deployment-label/)
    expect(run.outputs.status).toBe('Error')
  })

  it('a deployment forced into Error fails the step with the engine reason', async () => {
    const reason = '0/1 nodes are available: 1 Insufficient memory.'
    const run = await deployForcedIntoError('forced-pipe', reason, { timeout: '8s' })
    expect({ code: run.code, log: run.code === 1 ? '' : describeRun(run) }).toEqual({ code: 1, log: '' })
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toContain('Insufficient memory')
    expect(message).toMatch(/'memory'/)
    expect(run.summary).toContain('Insufficient memory')
  })

  it('a model file that is not a model is refused before anything is uploaded, naming models and the fix', async () => {
    const broken = await bed.ws.write('models/broken.onnx', randomBytes(2048))
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(deployInputs('broken-pipe', { models: `- name: broken-model\n  path: ${broken}\n`, timeout: '10s' }), { cwd: bed.ws.dir })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    expect(run.outputs.outcome).toBe('invalid-input')
    expect(errorMessages(run.stdout).join('\n')).toMatch(
      /^Input 'models' item 1 \("broken-model"\) 'path' .*broken\.onnx is not a loadable ONNX model: .+\. Give the \.onnx file your exporter wrote/
    )
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  })

  it('an ONNX model onnxruntime cannot load fails with the conversion error_summary, before any pipeline', async () => {
    // A well-formed model (its signature reads fine) with an operator no runtime has.
    const model = encodeModel({
      graphName: 'unknown-op',
      inputs: [{ name: 'x', elemType: OnnxDataType.FLOAT, dims: ['n', 2] }],
      outputs: [{ name: 'y', elemType: OnnxDataType.FLOAT, dims: ['n', 2] }],
      initializers: [],
      nodes: [{ opType: 'NoSuchOperator', inputs: ['x'], outputs: ['y'] }]
    })
    const path = await bed.ws.write('models/unknown-op.onnx', model)
    const run = await runAction(deployInputs('broken-pipe', { models: `- name: broken-model\n  path: ${path}\n`, timeout: '10s' }), { cwd: bed.ws.dir })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    const state = await emulatorState(bed.url)
    const version = state.model_versions.find((v: { name: string }) => v.name === 'broken-model')
    expect(version).toMatchObject({ status: 'error' })
    expect(typeof version.error_summary).toBe('string')
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toContain('broken-model')
    expect(message).toContain(version.error_summary)
    expect(run.outputs.outcome).toBe('upload-failed')
    // It failed on the model, before any pipeline was deployed for it.
    expect(state.deployments.filter((d: { deploy_id: string }) => d.deploy_id === 'broken-pipe')).toEqual([])
  })
})

describe('deploy wait, as the user reads it', () => {
  it('a status endpoint that always answers 503 is described as such, with status Unknown', async () => {
    await addFault(bed.url, { route: '/v1/api/status/get_deployment', status: 503 })
    try {
      const run = await runAction(deployInputs('unreachable-pipe', { timeout: '6s', 'on-failure': 'keep' }), { cwd: bed.ws.dir })
      expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
      const message = errorMessages(run.stdout).join('\n')
      expect(message).toMatch(
        /did not reach Running within \d+s \('timeout' is 6s for the whole step\): no status call succeeded \(\d+ polls?(, the last still out when the deadline came)?\); the last one (to answer )?failed: HTTP 503 from \/v1\/api\/status\/get_deployment: .+\. Wallaroo had a server-side problem \(\d+ attempts?\); retry later\./
      )
      expect(message).not.toMatch(/404|raise 'timeout'/)
      expect(run.outputs.status).toBe('Unknown')
      expect(run.summary).toMatch(/Wallaroo had a server-side problem \(\d+ attempts?\); retry later\./)
    } finally {
      await clearFaults(bed.url)
    }
  })

  it('an Error is reported with its reason while the wait goes on, before the step fails', async () => {
    const reason = '0/1 nodes are available: 1 Insufficient memory.'
    const run = await deployForcedIntoError('error-pipe', reason, { timeout: '6s', 'on-failure': 'keep' })
    expect({ code: run.code, log: run.code === 1 ? '' : describeRun(run) }).toEqual({ code: 1, log: '' })
    const warnings = warningMessages(run.stdout).filter((w) => w.includes('reports Error'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(reason)
    expect(warnings[0]).toContain(`If it persists: The cluster lacks free memory: lower 'memory'`)
    // Reported at once, not at the deadline: the warning precedes the last status polls and the failure.
    const lines = run.stdout.split('\n')
    const warnedAt = lines.findIndex((l) => l.startsWith('::warning') && l.includes('reports Error'))
    expect(warnedAt).toBeLessThan(lines.findIndex((l) => l.startsWith('::error')))
    expect(run.outputs.status).toBe('Error')
  })

  it('a deploy answered with 503 is re-sent and the run succeeds', async () => {
    const hits = await addFault(bed.url, { route: '/v1/api/pipelines/deploy', status: 503, count: 1 })
    try {
      const run = await runAction(deployInputs('resent-pipe', { timeout: '20s' }), { cwd: bed.ws.dir })
      expect({ code: run.code, log: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, log: '' })
      expect(await hits()).toBe(1)
      expect(run.outputs.status).toBe('Running')
      const deployments = (await emulatorState(bed.url)).deployments.filter((d: { deploy_id: string }) => d.deploy_id === 'resent-pipe')
      expect(deployments).toHaveLength(1)
    } finally {
      await clearFaults(bed.url)
    }
  })

  it('an expired token fails as an input error before any request', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'ci', exp: Math.floor(Date.now() / 1000) - 120 })}.c2ln`
    const anyCall = await addFault(bed.url, { route: '/v1/api/workspaces/list', delayMs: 0 })
    try {
      const { username: _u, password: _p, ...rest } = deployInputs('expired-pipe')
      const run = await runAction({ ...rest, token }, { cwd: bed.ws.dir })
      expect(run.code).toBe(1)
      expect(errorMessages(run.stdout)).toEqual([
        expect.stringMatching(/^Input 'token' expired 2m0\ds ago \(at .+\); pass a fresh token, or use 'username'\/'password'/)
      ])
      expect(await anyCall()).toBe(0)
      expect(findLeaks(run, [token])).toEqual([])
    } finally {
      await clearFaults(bed.url)
    }
  })
})
