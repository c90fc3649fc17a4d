/**
 * A run survives what a real cluster does to it: tokens that expire while the action waits (the emulator
 * issues 2 s tokens and takes 3 s to start a deployment), a 401 in the middle of the run, and transient 503s.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../helpers/action-process.js'
import { addFault, clearFaults, expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { TOKEN_PATH } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'resilience-test'
const PIPELINE = 'resilient-pipe'

const bed = useActionTestbed(['--token-seconds', '2', '--start-seconds', '3', '--convert-seconds', '0.1'])

function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { operation, pipeline: PIPELINE, timeout: '30s', 'poll-interval': '200ms', ...extra })
}

describe('resilience', () => {
  it('a deploy that outlives its tokens still succeeds (the action signs in again)', async () => {
    // A latency-only rule with no delay changes nothing but counts the token requests.
    const tokenRequests = await addFault(bed.url, { route: TOKEN_PATH, delayMs: 0 })
    const run = await runAction(inputs('deploy', { models: `- name: ccfraud-like\n  path: ${bed.ws.modelPath}\n`, 'smoke-input': bed.ws.smokeJson }), {
      cwd: bed.ws.dir
    })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await tokenRequests()).toBeGreaterThanOrEqual(2)
    await clearFaults(bed.url)
  })

  it('a 401 in the middle of the run is answered by signing in again, once', async () => {
    const hits = await addFault(bed.url, { route: '/v1/api/status/get_deployment', status: 401, count: 1 })
    const run = await runAction(inputs('status'), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await hits()).toBe(1)
  })

  it('two 503s on a read are retried and the run succeeds', async () => {
    const hits = await addFault(bed.url, { route: '/v1/api/workspaces/list', status: 503, count: 2 })
    const run = await runAction(inputs('status'), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(await hits()).toBe(2)
  })
})
