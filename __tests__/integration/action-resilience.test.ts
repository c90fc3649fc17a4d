/**
 * A run survives what a real cluster does to it: tokens that expire while the action waits (the emulator
 * issues 2 s tokens and takes 3 s to start a deployment), a 401 in the middle of the run, and transient 503s.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  describeRun,
  emulatorPost,
  makeDemoWorkspace,
  runAction,
  type ActionRun,
  type DemoWorkspace
} from '../helpers/action-process.js'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import { credentialArgs, TEST_CREDENTIALS, TOKEN_PATH } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'resilience-test'
const PIPELINE = 'resilient-pipe'

let emulator: Awaited<ReturnType<typeof startEmulatorProcess>>
let ws: DemoWorkspace

function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    operation,
    url: emulator.url,
    username: TEST_CREDENTIALS.user,
    password: TEST_CREDENTIALS.password,
    workspace: WORKSPACE,
    pipeline: PIPELINE,
    timeout: '30s',
    'poll-interval': '200ms',
    ...extra
  }
}

function expectSuccess(run: ActionRun): void {
  expect({ code: run.code, log: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, log: '' })
}

interface FaultView {
  id: number
  hits: number
}

/** Adds a fault rule and returns a function that reads how often it fired. */
async function addFault(spec: Record<string, unknown>): Promise<() => Promise<number>> {
  const added = (await emulatorPost(emulator.url, '/_emulator/faults', spec)) as { faults: FaultView[] }
  const id = added.faults[0].id
  return async () => {
    const response = await fetch(`${emulator.url}/_emulator/faults`)
    const { faults } = (await response.json()) as { faults: FaultView[] }
    return faults.find((f) => f.id === id)?.hits ?? 0
  }
}

beforeAll(async () => {
  emulator = await startEmulatorProcess(['--token-seconds', '2', '--start-seconds', '3', '--convert-seconds', '0.1', ...credentialArgs()])
  ws = await makeDemoWorkspace(1)
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
  await ws?.cleanup()
})

describe('resilience', () => {
  it('a deploy that outlives its tokens still succeeds (the action signs in again)', async () => {
    // A latency-only rule with no delay changes nothing but counts the token requests.
    const tokenRequests = await addFault({ route: TOKEN_PATH, delayMs: 0 })
    const run = await runAction(inputs('deploy', { models: `- name: ccfraud-like\n  path: ${ws.modelPath}\n`, 'smoke-input': ws.smokeJson }), {
      cwd: ws.dir
    })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await tokenRequests()).toBeGreaterThanOrEqual(2)
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })
  })

  it('a 401 in the middle of the run is answered by signing in again, once', async () => {
    const hits = await addFault({ route: '/v1/api/status/get_deployment', status: 401, count: 1 })
    const run = await runAction(inputs('status'), { cwd: ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await hits()).toBe(1)
  })

  it('two 503s on a read are retried and the run succeeds', async () => {
    const hits = await addFault({ route: '/v1/api/workspaces/list', status: 503, count: 2 })
    const run = await runAction(inputs('status'), { cwd: ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await hits()).toBe(2)
  })
})
