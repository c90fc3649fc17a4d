/**
 * The deploy wait as a user reads it: a status endpoint that keeps failing is described as such (not as a slow
 * deployment), the `status` output stays a documented value, an Error is reported when first seen, and the
 * job summary keeps the whole failure message.
 */
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { FakeWallaroo, status } from './action-fake-api.js'
import { firstFailure, instantRunDeps, outputsSet, useMockedCoreCheckout, warningsLogged } from '../helpers/mocked-core-run.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import type { DeploymentStatus } from '../../src/wallaroo/types.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')
const { statusOutput, STATUS_OUTPUTS } = await import('../../src/action/report/status-output.js')

const checkout = useMockedCoreCheckout('wait-reporting-', { 'ccfraud.onnx': buildDemoModel() })

const inputs = {
  url: 'https://w.example.com',
  username: 'ci@example.com',
  password: 'pw-123',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: ccfraud.onnx',
  timeout: '20s',
  // These tests read the wait's own report; what on-failure does after it is tested in action-failure-policy.
  'on-failure': 'keep'
}

const unavailable = new WallarooApiError({
  code: 'UNAVAILABLE',
  status: 503,
  endpoint: '/v1/api/status/get_deployment',
  attempts: 4,
  serverMessage: 'upstream connect error or disconnect/reset before headers',
  body: { msg: 'upstream connect error or disconnect/reset before headers', code: 503 }
})

/** Runs a deploy with an instant clock; getDeployment answers from `answer` (a status, or an error to throw). */
async function deployWith(answer: (poll: number) => DeploymentStatus | null | Error, prepare: (api: FakeWallaroo) => void = () => undefined) {
  core.useInputs(inputs)
  const api = new FakeWallaroo()
  prepare(api)
  let polls = 0
  api.getDeployment = async () => {
    const a = answer(polls++)
    if (a instanceof Error) throw a
    return a
  }
  await run(instantRunDeps(checkout.dir, () => api))
  // Only the wait's warnings (a deploy without smoke-input also warns that nothing was checked).
  return {
    outputs: outputsSet(),
    failure: firstFailure(),
    summary: core.summary.written.join(''),
    warnings: warningsLogged().filter((w) => w.startsWith('Deployment '))
  }
}

describe('a status endpoint that never answers', () => {
  it('is described by its error and the server-side hint, not as a slow deployment, and status is Unknown', async () => {
    const { failure, outputs, summary } = await deployWith(() => unavailable)
    expect(failure).toMatch(
      /^deploy failed while waiting for deployment ccfraud-\d+: deployment ccfraud-\d+ did not reach Running within \d+s \('timeout' is 20s for the whole step\): no status call succeeded \(\d+ polls\); the last one failed: HTTP 503 from \/v1\/api\/status\/get_deployment: upstream connect error or disconnect\/reset before headers\. Wallaroo had a server-side problem \(4 attempts\); retry later\.\non-failure: keep: the deployment is left as it is; fix the cause or deploy again$/
    )
    expect(failure).not.toContain('404')
    expect(failure).not.toContain("raise 'timeout'")
    expect(outputs.status).toBe('Unknown')
    expect(summary).toContain('Wallaroo had a server-side problem (4 attempts); retry later.')
  })

  it('when the last poll is cut by the deadline, still names the 503 the polls before it answered', async () => {
    const cut = new WallarooApiError({
      code: 'DEADLINE',
      endpoint: '/v1/api/status/get_deployment',
      attempts: 1,
      message: 'the deadline ran out for POST https://w.example.com/v1/api/status/get_deployment while it was out (1 attempt)'
    })
    const { failure, outputs } = await deployWith((poll) => (poll < 3 ? unavailable : cut))
    expect(failure).toMatch(
      /no status call succeeded \(4 polls, the last still out when the deadline came\); the last one to answer failed: HTTP 503 from \/v1\/api\/status\/get_deployment: upstream connect error or disconnect\/reset before headers\. Wallaroo had a server-side problem \(4 attempts\); retry later\./
    )
    expect(failure).not.toContain('the deadline ran out')
    expect(outputs.status).toBe('Unknown')
  })

  it('a network failure points at the URL', async () => {
    const network = new WallarooApiError({
      code: 'NETWORK',
      endpoint: '/v1/api/status/get_deployment',
      attempts: 4,
      message: 'could not reach POST https://w.example.com/v1/api/status/get_deployment: connect ECONNREFUSED (4 attempts)',
      advice: 'check the URL and that the server is up'
    })
    const { failure, outputs } = await deployWith(() => network)
    expect(failure).toContain('no status call succeeded')
    expect(failure).toContain(`connect ECONNREFUSED (4 attempts). Could not reach https://w.example.com: check 'url'`)
    expect(failure).not.toContain("raise 'timeout'")
    expect(outputs.status).toBe('Unknown')
  })

  it('after a status was seen, names that status and the failing polls that followed', async () => {
    const { failure, outputs } = await deployWith((poll) => (poll < 2 ? { ...status('Starting'), details: ['Scaling'] } : unavailable))
    expect(failure).toMatch(
      /did not reach Running within \d+s \('timeout' is 20s for the whole step\): last status Starting \(Scaling\) after \d+ polls\. Then the last \d+ polls failed: HTTP 503 from \/v1\/api\/status\/get_deployment: upstream connect error .*retry later\.\n {2}deployment: Starting \(Scaling\)/
    )
    expect(outputs.status).toBe('Starting')
  })

  it('a deployment still 404 at the deadline reports NotDeployed, never an undocumented value', async () => {
    const { failure, outputs } = await deployWith(() => null)
    expect(failure).toContain('last status not found yet (404)')
    expect(outputs.status).toBe('NotDeployed')
  })
})

describe('the status output', () => {
  it('only ever takes the documented values', () => {
    expect(STATUS_OUTPUTS).toEqual(['Running', 'Starting', 'Error', 'NotDeployed', 'Unknown'])
    expect(statusOutput(undefined)).toBe('Unknown')
    expect(statusOutput(null)).toBe('NotDeployed')
    expect(statusOutput(status('Running'))).toBe('Running')
    expect(statusOutput(status('Error'))).toBe('Error')
    expect(statusOutput(status('Deployed'))).toBe('Unknown')
    expect(statusOutput(status('Unreachable'))).toBe('Unknown')
  })
})

describe('the status output of every operation', () => {
  it('is a documented value even when an operation records something else', async () => {
    const api = new FakeWallaroo()
    const runOp = async (extra: Record<string, string>) => {
      jest.clearAllMocks()
      core.useInputs({ ...inputs, ...extra })
      await run(instantRunDeps(checkout.dir, () => api))
      return outputsSet()
    }
    expect((await runOp({})).status).toBe('Running')
    // A status the docs do not list (the SDK's unit tests know "Deployed").
    api.getDeployment = async () => status('Deployed')
    expect((await runOp({ operation: 'status', models: '', timeout: '', 'on-failure': '' })).status).toBe('Unknown')
    // The undeploy wait's label when the status calls fail.
    api.getDeployment = async () => {
      throw unavailable
    }
    const undeploy = await runOp({ operation: 'undeploy', models: '', 'on-failure': '' })
    expect(String(core.error.mock.calls[0]?.[0])).toContain('unreachable (HTTP 503')
    expect(undeploy.status).toBe('Unknown')
  })
})

describe('an Error status during the wait', () => {
  const memory = '0/1 nodes are available: 1 Insufficient memory.'

  it('is reported with its reason and the input to change when first seen, and the wait goes on to Running', async () => {
    const script = [status('Starting'), status('Error', memory), status('Error', memory), status('Error', memory), status('Running')]
    const { failure, outputs, warnings } = await deployWith((poll) => script[Math.min(poll, script.length - 1)])
    expect(failure).toBeUndefined()
    expect(outputs.status).toBe('Running')
    // Once, although three polls saw the same Error.
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Deployment ccfraud-\d+ reports Error after \d+s; Wallaroo can report a transient Error while starting, so the action keeps waiting until 'timeout' \(20s\) runs out\.\n/
    )
    expect(warnings[0]).toContain(`  engine engine-abc: Pending, reason: ${memory}`)
    expect(warnings[0]).toContain(`If it persists: The cluster lacks free memory: lower 'memory'`)
  })

  it('is reported before the deadline, while the wait keeps tolerating it', async () => {
    const order: string[] = []
    core.warning.mockImplementation(() => void order.push('warning'))
    const { failure } = await deployWith((poll) => {
      order.push(`poll ${poll}`)
      return status('Error', memory)
    })
    core.warning.mockReset()
    expect(order.slice(0, 2)).toEqual(['poll 0', 'warning'])
    expect(order.filter((o) => o.startsWith('poll')).length).toBeGreaterThan(3)
    expect(failure).toContain('last status Error after')
  })

  it('a different reason is reported again; an Error without a known reason has no fix line', async () => {
    const script = [status('Error', 'Back-off pulling image: ImagePullBackOff'), status('Error', memory), status('Error')]
    const { warnings } = await deployWith((poll) => script[Math.min(poll, script.length - 1)])
    expect(warnings).toHaveLength(3)
    expect(warnings[0]).toContain('An engine image cannot be pulled')
    expect(warnings[2]).not.toContain('If it persists')
  })
})

describe('the job summary', () => {
  it('shows a long failure message whole, fix advice included', async () => {
    const longReason = `0/12 nodes are available: ${Array.from({ length: 12 }, (_, i) => `node-${i} had untolerated taint {pool: gpu}`).join(', ')}; 1 Insufficient memory.`
    const { failure, summary } = await deployWith(() => status('Error', longReason))
    expect(failure!.length).toBeGreaterThan(600)
    expect(summary).toContain(`lower 'memory' (or 'replicas'), or ask your Wallaroo administrator for capacity.`)
    expect(summary).toContain('node-11 had untolerated taint {pool: gpu}')
  })

  it('keeps the hint at the end of a long one-line message, escaped', async () => {
    const serverMessage = `schema check failed <details>: ${'field x is not valid; '.repeat(20)}end`
    const { failure, summary } = await deployWith(
      () => status('Running'),
      (api) => {
        api.listWorkspaces = async () => {
          throw new WallarooApiError({ code: 'SERVER_ERROR', status: 500, endpoint: '/v1/api/workspaces/list', attempts: 4, serverMessage, requestId: 'req-7' })
        }
      }
    )
    expect(failure!.length).toBeGreaterThan(500)
    expect(failure).not.toContain('\n')
    expect(summary).toContain('Quote request id req-7 if you contact support.')
    expect(summary).toContain('schema check failed &#60;details&#62;:')
    expect(summary).not.toContain('<details>')
  })
})
