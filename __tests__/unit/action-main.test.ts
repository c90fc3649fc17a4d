/** run(): inputs → operation → outputs + state + summary, with @actions/core mocked and the fake API. */
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { FakeWallaroo, status } from './action-fake-api.js'
import { instantRunDeps, outputsSet, useMockedCoreCheckout } from '../helpers/mocked-core-run.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')
type RunDeps = Parameters<typeof run>[0]

const checkout = useMockedCoreCheckout('main-', { 'ccfraud.onnx': buildDemoModel(), 'smoke.df.json': toPandasRecordsJson(demoRows(1)) })

const PASSWORD = 's3cret-pw'
const deployInputs = {
  url: 'https://w.example.com',
  username: 'ci@example.com',
  password: PASSWORD,
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: ccfraud.onnx',
  'smoke-input': 'smoke.df.json',
  timeout: '1m'
}

/** Runs the action with a fake API and an instant clock; returns the outputs set. */
async function runWith(inputs: Record<string, string>, api: FakeWallaroo | (() => never) = new FakeWallaroo(), extra: RunDeps = {}) {
  core.useInputs(inputs)
  const createApi = jest.fn(() => (typeof api === 'function' ? api() : api))
  await run(instantRunDeps(checkout.dir, createApi, extra))
  return { outputs: outputsSet(), createApi, summary: core.summary.written.join('') }
}

describe('run()', () => {
  it('a deploy sets every output, saves the run record and writes the summary', async () => {
    const api = new FakeWallaroo()
    const { outputs, summary } = await runWith(deployInputs, api)
    expect(core.error).not.toHaveBeenCalled()
    const depId = api.pipelines[0].deployment!.id
    expect(outputs).toMatchObject({
      'workspace-id': String(api.workspaces[0].id),
      'deployment-name': `ccfraud-${depId}`,
      'deployment-id': String(depId),
      status: 'Running',
      'smoke-latency-ms': '12',
      'inference-url': `https://wallaroo.test/v1/api/pipelines/infer/ccfraud-${depId}/ccfraud`
    })
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'workspace-id',
        'pipeline-id',
        'pipeline-version-id',
        'pipeline-version',
        'deployment-id',
        'deployment-name',
        'status',
        'inference-url',
        'models',
        'smoke-output',
        'smoke-latency-ms',
        'duration-seconds',
        'outcome',
        'pipeline-name'
      ].sort()
    )
    expect(outputs.outcome).toBe('success')
    expect(core.saveState).toHaveBeenCalledWith('wallaroo-run-record', expect.stringContaining('"created":[{"kind":"workspace"'))
    expect(summary).toContain('## ✅ Wallaroo deploy of ccfraud succeeded')
    expect(summary).toContain(`ccfraud-${depId}`)
  })

  it('masks the secret inputs before anything else happens', async () => {
    await runWith({ ...deployInputs, 'client-secret': 'cs-123' })
    expect(core.setSecret).toHaveBeenCalledWith(PASSWORD)
    expect(core.setSecret).toHaveBeenCalledWith('cs-123')
    expect(core.setSecret.mock.invocationCallOrder[0]).toBeLessThan(core.info.mock.invocationCallOrder[0])
  })

  it('masks each secret once, also tokens the session announces later', async () => {
    const { createApi } = await runWith({ ...deployInputs })
    const hooks = createApi.mock.calls[0] as unknown as [unknown, { mask: (s: string) => void }]
    hooks[1].mask('token-abc')
    hooks[1].mask('token-abc')
    hooks[1].mask(PASSWORD)
    expect(core.setSecret.mock.calls.map(([s]) => s)).toEqual([PASSWORD, 'token-abc'])
  })

  it('bad inputs fail before any API is created, and still write a summary naming the input', async () => {
    const { createApi, summary, outputs } = await runWith({ ...deployInputs, pipeline: 'My_Pipe', timeout: '15 minutes' })
    expect(createApi).not.toHaveBeenCalled()
    expect(core.error).toHaveBeenCalledTimes(1)
    const message = String(core.error.mock.calls[0][0])
    expect(message).toMatch(/^2 inputs need fixing:\n- Input 'pipeline' is "My_Pipe": .* Try "my-pipe"\.\n- Input 'timeout' is "15 minutes": /)
    expect(summary).toContain('## ❌ Wallaroo deploy failed: invalid-input')
    expect(summary).toContain(`Input 'pipeline' is "My_Pipe"`)
    expect(outputs).toEqual({ 'duration-seconds': '0.0', outcome: 'invalid-input' })
  })

  it('a failed deploy still sets what it learned, and the summary shows the failure', async () => {
    const api = new FakeWallaroo({ deploymentScript: [status('Error', '0/1 nodes are available: 1 Insufficient cpu.')] })
    const { outputs, summary } = await runWith({ ...deployInputs, 'on-failure': 'keep' }, api)
    const name = `ccfraud-${api.pipelines[0].deployment!.id}`
    const message = String(core.error.mock.calls[0][0])
    expect(message.split('\n')[0]).toBe(
      `deploy failed while waiting for deployment ${name}: deployment ${name} did not reach Running within 1m00s ('timeout' is 1m00s for the whole step): last status Error after 13 polls.`
    )
    expect(message).toContain(`lower 'cpus'`)
    // 'timeout' bounds the whole step: 0.5 s of model conversion (a quarter of the poll-interval default), then the rest of the minute.
    expect(outputs).toMatchObject({ status: 'Error', 'deployment-name': name, 'duration-seconds': '60.0', outcome: 'deploy-timeout' })
    expect(outputs['smoke-output']).toBeUndefined()
    expect(summary).toContain('## ❌ Wallaroo deploy of ccfraud failed: deploy-timeout')
    expect(summary).toContain('Insufficient cpu')
    expect(summary).toContain('| wait | ❌ failed | 1m00s | 99% |')
  })

  it.each<[string, ConstructorParameters<typeof WallarooApiError>[0], string]>([
    [
      '401',
      { code: 'UNAUTHORIZED', status: 401, endpoint: '/v1/api/workspaces/list', attempts: 2, serverMessage: 'Unauthorized' },
      `The server refused the user's token even after signing in again: check that 'username' may use the Wallaroo API.`
    ],
    [
      'auth',
      {
        code: 'AUTH_FAILED',
        status: 401,
        endpoint: '/auth/realms/master/protocol/openid-connect/token',
        attempts: 1,
        serverMessage: 'invalid_grant: Invalid user credentials'
      },
      `Signing in at https://w.example.com was refused: check 'username' and 'password'. If your Keycloak is on another host (older installs: https://<prefix>.keycloak.<domain>), set 'auth-url'.`
    ],
    [
      '403',
      { code: 'FORBIDDEN', status: 403, endpoint: '/v1/api/workspaces/list', attempts: 1, serverMessage: 'Forbidden' },
      `The user lacks permission for this: ask an owner of workspace "fraud-team" to add the user, or use a user who is a member.`
    ],
    [
      '404',
      { code: 'NOT_FOUND', status: 404, endpoint: '/v1/api/workspaces/list', attempts: 1, serverMessage: 'Not Found' },
      `/v1/api/workspaces/list does not exist at https://w.example.com: check 'url' is the Wallaroo API address (e.g. https://wallaroo.example.com, not the UI or Keycloak), and the names in 'workspace'/'pipeline'.`
    ],
    [
      '409',
      { code: 'CONFLICT', status: 409, endpoint: '/v1/api/pipelines/deploy', attempts: 1, serverMessage: 'Conflict' },
      `The server reports a conflict with the current state; check nothing else changes this pipeline at the same time, then re-run.`
    ],
    [
      '5xx',
      { code: 'SERVER_ERROR', status: 502, endpoint: '/v1/api/workspaces/list', attempts: 4, serverMessage: 'Bad Gateway', requestId: 'req-42' },
      `Wallaroo had a server-side problem (4 attempts); retry later. Quote request id req-42 if you contact support.`
    ],
    [
      'network',
      { code: 'NETWORK', endpoint: '/v1/api/workspaces/list', attempts: 4, message: 'connect ECONNREFUSED 127.0.0.1:9' },
      `Could not reach https://w.example.com: check 'url' and that the runner can reach it (a self-hosted runner may be needed for a private install).`
    ],
    [
      'timeout',
      { code: 'TIMEOUT', endpoint: '/v1/api/workspaces/list', attempts: 4, message: 'no answer within 60000 ms' },
      `No answer within 'request-timeout' (1m00s); raise it if the server is just slow.`
    ]
  ])('a %s from the API fails with the server text and a hint', async (_t, init, hint) => {
    const api = new FakeWallaroo()
    api.listWorkspaces = async () => {
      throw new WallarooApiError(init)
    }
    await runWith(deployInputs, api)
    const err = new WallarooApiError(init)
    expect(core.error.mock.calls[0]?.[0]).toBe(`deploy failed while resolving the workspace: ${err.message.replace(/[.\s]+$/, '')}. ${hint}`)
  })

  it('a thrown non-Error still fails the step with a message', async () => {
    await runWith(deployInputs, () => {
      throw 'plain string' as never
    })
    expect(core.error.mock.calls[0]?.[0]).toBe('deploy failed: plain string')
    expect(core.summary.written.join('')).toContain('plain string')
  })

  /** A fake whose deployment wait hangs: `waiting` resolves once the run is in it, `release` fails it. */
  function heldWait(): { api: FakeWallaroo; waiting: Promise<void>; release: (e: Error) => void } {
    const api = new FakeWallaroo()
    let fail: (e: Error) => void = () => undefined
    let started: () => void = () => undefined
    const waiting = new Promise<void>((resolve) => (started = resolve))
    api.getDeployment = () => {
      started()
      return new Promise((_resolve, reject) => (fail = reject))
    }
    return { api, waiting, release: (e) => fail(e) }
  }

  it('a cancelled run (SIGTERM) still writes its outputs, run record and summary, then exits 1', async () => {
    const { api, waiting, release } = heldWait()
    const exit = jest.fn<(code: number) => void>()
    const listenersBefore = process.listenerCount('SIGTERM')
    const running = runWith(deployInputs, api, { exit })
    await waiting
    process.emit('SIGTERM', 'SIGTERM')
    await new Promise((resolve) => setImmediate(resolve))
    expect(exit).toHaveBeenCalledWith(1)
    expect(core.error.mock.calls[0][0]).toMatch(/^deploy was cancelled \(SIGTERM\) after /)
    expect(core.summary.written.join('')).toContain('was cancelled (SIGTERM)')
    expect(core.setOutput).toHaveBeenCalledWith('deployment-name', `ccfraud-${api.pipelines[0].deployment!.id}`)
    expect(core.saveState).toHaveBeenCalledWith('wallaroo-run-record', expect.stringContaining('"kind":"deployment"'))
    release(new Error('aborted'))
    await running
    // Finishing happened once; the signal handlers are gone.
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore)
  })

  it('SIGTERM while the SIGINT finish is still writing the summary waits for it before exiting', async () => {
    const { api, waiting, release } = heldWait()
    let summaryWritten: () => void = () => undefined
    core.summary.write.mockImplementationOnce(() => new Promise((resolve) => (summaryWritten = () => resolve(core.summary))))
    const exit = jest.fn<(code: number) => void>()
    const running = runWith(deployInputs, api, { exit })
    await waiting
    process.emit('SIGINT', 'SIGINT')
    process.emit('SIGTERM', 'SIGTERM')
    await new Promise((resolve) => setImmediate(resolve))
    expect(exit).not.toHaveBeenCalled()
    summaryWritten()
    await new Promise((resolve) => setImmediate(resolve))
    expect(exit).toHaveBeenCalledWith(1)
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    release(new Error('aborted'))
    await running
  })

  it('a summary that cannot be written (outside Actions) does not fail the run', async () => {
    core.summary.write.mockRejectedValueOnce(new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY'))
    const api = new FakeWallaroo()
    await api.createWorkspace('fraud-team')
    // undeploy of a pipeline that does not exist succeeds (nothing to undeploy): only the summary fails.
    await runWith({ ...deployInputs, operation: 'undeploy', models: '', 'smoke-input': '' }, api)
    expect(core.error).not.toHaveBeenCalled()
    expect(core.debug).toHaveBeenCalledWith(expect.stringContaining('writing the job summary failed'))
  })
})
