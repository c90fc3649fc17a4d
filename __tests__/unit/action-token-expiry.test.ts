/**
 * A given 'token' cannot be renewed: an expired one fails before any request, as an input error; one that
 * will expire before the run's waits can end is warned about visibly, up front. The token is never printed.
 */
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { FakeWallaroo } from './action-fake-api.js'
import { instantRunDeps, useMockedCoreCheckout, warningsLogged } from '../helpers/mocked-core-run.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')

const checkout = useMockedCoreCheckout('token-expiry-', { 'ccfraud.onnx': 'model bytes' })

/** An unsigned JWT whose `exp` is `seconds` from now (wall clock, as the issuer sets it). */
function jwt(seconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'ci', exp: Math.floor(Date.now() / 1000) + seconds })}.c2lnbmF0dXJl`
}

const deployInputs = {
  url: 'https://w.example.com',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: ccfraud.onnx',
  timeout: '1m'
}

async function runWith(inputs: Record<string, string>) {
  jest.clearAllMocks()
  core.summary.reset()
  core.useInputs(inputs)
  const api = new FakeWallaroo()
  await api.createWorkspace('fraud-team')
  const createApi = jest.fn(() => api)
  await run(instantRunDeps(checkout.dir, createApi))
  const logged = [core.info, core.warning, core.debug, core.error].flatMap((f) => f.mock.calls.map((c) => String(c[0])))
  return {
    api,
    createApi,
    failure: core.error.mock.calls[0]?.[0] as string | undefined,
    // The token warnings (a deploy without smoke-input also warns that nothing was checked).
    warnings: warningsLogged().filter((w) => w.includes('token')),
    logged: logged.join('\n') + core.summary.written.join('')
  }
}

describe("an expired 'token'", () => {
  it('fails as an input error naming the input, before any request', async () => {
    const token = jwt(-60)
    const { failure, createApi, api, logged } = await runWith({ ...deployInputs, token })
    expect(failure).toMatch(
      /^Input 'token' expired 1m0\ds ago \(at \d{4}-\d\d-\d\dT[\d:.]+Z\); pass a fresh token, or use 'username'\/'password' so the action can sign in again as needed\.$/
    )
    expect(createApi).not.toHaveBeenCalled()
    expect(api.calls.map((c) => c[0])).toEqual(['createWorkspace'])
    expect(core.summary.written.join('')).toContain("Input 'token' expired")
    expect(logged).not.toContain(token)
  })
})

describe("a 'token' that expires before the run's waits can end", () => {
  it('gets a visible warning up front, and the run goes on', async () => {
    const token = jwt(5)
    const { failure, warnings, createApi, logged } = await runWith({ ...deployInputs, token })
    expect(failure).toBeUndefined()
    expect(createApi).toHaveBeenCalled()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Input 'token' expires in [45]s and cannot be renewed; the deploy may outlive it \('timeout' is 1m00s\) — use 'username'\/'password' so the action can sign in again as needed, or pass a token that lives longer\.$/
    )
    // Before the first call to Wallaroo.
    expect(core.warning.mock.invocationCallOrder[0]).toBeLessThan(createApi.mock.invocationCallOrder[0])
    expect(logged).not.toContain(token)
  })

  it('no warning when the token outlives the timeout, for an operation that does not wait, or for a non-JWT token', async () => {
    expect((await runWith({ ...deployInputs, token: jwt(3600) })).warnings).toEqual([])
    const status = await runWith({ operation: 'status', url: deployInputs.url, workspace: 'fraud-team', pipeline: 'ccfraud', token: jwt(5) })
    expect(status.createApi).toHaveBeenCalled()
    expect(status.warnings).toEqual([])
    const opaque = await runWith({ ...deployInputs, token: 'opaque-token-value' })
    expect([opaque.warnings, opaque.failure]).toEqual([[], undefined])
  })
})
