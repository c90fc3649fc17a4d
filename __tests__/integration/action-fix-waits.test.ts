/**
 * The deploy wait through `node dist/index.js` against the emulator, as a user reads the run: a status endpoint
 * that keeps failing, an Error reported while the wait goes on, a deploy re-sent after a 503, and an expired
 * token refused before any request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  describeRun,
  emulatorPost,
  emulatorState,
  errorMessages,
  findLeaks,
  makeDemoWorkspace,
  runAction,
  type DemoWorkspace
} from '../helpers/action-process.js'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import { credentialArgs, pause, TEST_CREDENTIALS } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'fix-waits-test'

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

/** Adds a fault rule; returns a reader of how often it fired. */
async function addFault(spec: Record<string, unknown>): Promise<() => Promise<number>> {
  const added = (await emulatorPost(emulator.url, '/_emulator/faults', spec)) as { faults: Array<{ id: number }> }
  const id = added.faults[0].id
  return async () => {
    const { faults } = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { faults: Array<{ id: number; hits: number }> }
    return faults.find((f) => f.id === id)?.hits ?? 0
  }
}

const clearFaults = () => fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })

/** The `::warning::` annotations, decoded. */
function warningMessages(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::warning'))
    .map((line) => line.slice(line.indexOf('::', 2) + 2).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'))
}

beforeAll(async () => {
  // Deployments take 2 s to start, so a test can force one into Error while the action still waits.
  emulator = await startEmulatorProcess(['--start-seconds', '2', '--convert-seconds', '0.1', ...credentialArgs()])
  ws = await makeDemoWorkspace(1)
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
  await ws?.cleanup()
})

describe('deploy wait, as the user reads it', () => {
  it('a status endpoint that always answers 503 is described as such, with status Unknown', async () => {
    await addFault({ route: '/v1/api/status/get_deployment', status: 503 })
    try {
      const run = await runAction(deployInputs('unreachable-pipe', { timeout: '2s' }), { cwd: ws.dir })
      expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
      const message = errorMessages(run.stdout).join('\n')
      expect(message).toMatch(/did not reach Running within 2s: no status call succeeded in \d+s \(\d+ polls?\); the last one failed: HTTP 503 from \/v1\/api\/status\/get_deployment: .+\. Wallaroo had a server-side problem \(4 attempts\); retry later\./)
      expect(message).not.toMatch(/404|raise 'timeout'/)
      expect(run.outputs.status).toBe('Unknown')
      expect(run.summary).toContain('Wallaroo had a server-side problem (4 attempts); retry later.')
    } finally {
      await clearFaults()
    }
  })

  it('an Error is reported with its reason while the wait goes on, before the step fails', async () => {
    const reason = '0/1 nodes are available: 1 Insufficient memory.'
    const pending = runAction(deployInputs('error-pipe', { timeout: '4s' }), { cwd: ws.dir })
    let forced = false
    for (let i = 0; i < 300 && !forced; i++) {
      const live = (await emulatorState(emulator.url)).deployments.find((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === 'error-pipe' && d.deployed)
      if (live) {
        await emulatorPost(emulator.url, `/_emulator/deployments/${live.name}/error`, { reason })
        forced = true
      } else await pause(50)
    }
    const run = await pending
    expect(forced).toBe(true)
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
    const hits = await addFault({ route: '/v1/api/pipelines/deploy', status: 503, count: 1 })
    try {
      const run = await runAction(deployInputs('resent-pipe', { timeout: '20s' }), { cwd: ws.dir })
      expect({ code: run.code, log: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, log: '' })
      expect(await hits()).toBe(1)
      expect(run.outputs.status).toBe('Running')
      const deployments = (await emulatorState(emulator.url)).deployments.filter((d: { deploy_id: string }) => d.deploy_id === 'resent-pipe')
      expect(deployments).toHaveLength(1)
    } finally {
      await clearFaults()
    }
  })

  it('an expired token fails as an input error before any request', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'ci', exp: Math.floor(Date.now() / 1000) - 120 })}.c2ln`
    const anyCall = await addFault({ route: '/v1/api/workspaces/list', delayMs: 0 })
    try {
      const { username: _u, password: _p, ...rest } = deployInputs('expired-pipe')
      const run = await runAction({ ...rest, token }, { cwd: ws.dir })
      expect(run.code).toBe(1)
      expect(errorMessages(run.stdout)).toEqual([expect.stringMatching(/^Input 'token' expired 2m0\ds ago \(at .+\); pass a fresh token, or use 'username'\/'password'/)])
      expect(await anyCall()).toBe(0)
      expect(findLeaks(run, [token])).toEqual([])
    } finally {
      await clearFaults()
    }
  })
})
