/**
 * Deploys that cannot succeed, through `node dist/index.js` against the emulator: a GPU deployment that
 * cannot be scheduled (until the timeout), a deployment forced into Error, and a model file that
 * does not convert. Each must fail with a message that says what went wrong and which input to change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import {
  describeRun,
  emulatorPost,
  emulatorState,
  errorMessages,
  makeDemoWorkspace,
  runAction,
  type DemoWorkspace
} from '../helpers/action-process.js'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import { credentialArgs, pause, TEST_CREDENTIALS } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'failures-test'

let emulator: Awaited<ReturnType<typeof startEmulatorProcess>>
let ws: DemoWorkspace

function deployInputs(pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    url: emulator.url,
    username: TEST_CREDENTIALS.user,
    password: TEST_CREDENTIALS.password,
    workspace: WORKSPACE,
    pipeline,
    models: `- name: ccfraud-like\n  path: ${ws.modelPath}\n`,
    'poll-interval': '100ms',
    ...extra
  }
}

beforeAll(async () => {
  // Deployments take 2 s to start, so a test can force one into Error while the action is still waiting.
  emulator = await startEmulatorProcess(['--start-seconds', '2', '--convert-seconds', '0.1', ...credentialArgs()])
  ws = await makeDemoWorkspace(1)
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
  await ws?.cleanup()
})

/** Forces the pipeline's deployment into Error with `reason` as soon as it is live (it stays Starting for 2 s). */
async function forceErrorWhenLive(pipeline: string, reason: string): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    const state = await emulatorState(emulator.url)
    const live = state.deployments.find((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === pipeline && d.deployed)
    if (live) {
      await emulatorPost(emulator.url, `/_emulator/deployments/${live.name}/error`, { reason })
      return true
    }
    await pause(50)
  }
  return false
}

describe('deploy failures', () => {
  it("an unschedulable GPU deployment times out and points at 'deployment-label'", async () => {
    // A label naming a nodepool with no free GPU: the engine stays Pending, as on a real cluster.
    const reason = '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'
    const pending = runAction(deployInputs('gpu-pipe', { gpus: '1', 'deployment-label': 'no-free-gpus', timeout: '3s' }), { cwd: ws.dir })
    const forced = await forceErrorWhenLive('gpu-pipe', reason)
    const run = await pending
    expect(forced).toBe(true)
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toMatch(/deployment-label/)
    expect(message).toMatch(/nvidia\.com\/gpu/i)
    expect(message).toMatch(/timeout|timed out|3s/i)
    expect(run.summary).toMatch(/deployment-label/)
    expect(run.outputs.status).toBe('Error')
  })

  it('a deployment forced into Error fails the step with the engine reason', async () => {
    const reason = '0/1 nodes are available: 1 Insufficient memory.'
    const pending = runAction(deployInputs('forced-pipe', { timeout: '4s' }), { cwd: ws.dir })
    const forced = await forceErrorWhenLive('forced-pipe', reason)
    const run = await pending
    expect(forced).toBe(true)
    expect({ code: run.code, log: run.code === 1 ? '' : describeRun(run) }).toEqual({ code: 1, log: '' })
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toContain('Insufficient memory')
    expect(message).toMatch(/'memory'/)
    expect(run.summary).toContain('Insufficient memory')
  })

  it('a model file that is not a model fails with the conversion error_summary', async () => {
    const broken = await ws.write('models/broken.onnx', randomBytes(2048))
    const run = await runAction(
      deployInputs('broken-pipe', { models: `- name: broken-model\n  path: ${broken}\n`, timeout: '10s' }),
      { cwd: ws.dir }
    )
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    const state = await emulatorState(emulator.url)
    const version = state.model_versions.find((v: { name: string }) => v.name === 'broken-model')
    expect(version).toMatchObject({ status: 'error' })
    expect(typeof version.error_summary).toBe('string')
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toContain('broken-model')
    expect(message).toContain(version.error_summary)
    // It failed on the model, before any pipeline was deployed for it.
    expect(state.deployments.filter((d: { deploy_id: string }) => d.deploy_id === 'broken-pipe')).toEqual([])
  })
})
