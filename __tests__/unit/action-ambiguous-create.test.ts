/**
 * Creates whose answer was lost (a 500 after the work was done, a connection cut after sending, no answer in time):
 * the action looks before calling them failed, goes on with what it finds (never creating it twice), and when
 * nothing is there says so, without blaming the URL. Against the in-memory FakeWallaroo.
 */
import { describe, expect, it } from '@jest/globals'
import { mayHaveApplied } from '../../src/action/steps/ambiguous-create.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { describeFailure } from '../../src/action/report/hints.js'
import { FakeWallaroo } from './action-fake-api.js'
import { deploySettings, runOp, useModelFiles } from '../helpers/fake-operations.js'

const files = useModelFiles('ambiguous-')

const serverError = (endpoint: string): WallarooApiError =>
  new WallarooApiError({ code: 'SERVER_ERROR', status: 500, endpoint, attempts: 1, serverMessage: 'upstream died' })
const reset = (endpoint: string): WallarooApiError =>
  new WallarooApiError({
    code: 'NETWORK',
    endpoint,
    attempts: 1,
    connectFailed: false,
    message: `the connection for POST http://w${endpoint} broke before an answer came: socket hang up (1 attempt); the server may have received the request`
  })

type Method = 'createWorkspace' | 'uploadModel' | 'createPipeline'

/** The fake, with `method` applying the call and then failing with `error` the first time. */
function appliedThenFailed(method: Method, error: (endpoint: string) => WallarooApiError, apply = true): FakeWallaroo {
  const api = new FakeWallaroo()
  const original = (api[method] as (...a: unknown[]) => Promise<unknown>).bind(api)
  let failed = false
  ;(api as unknown as Record<Method, (...a: unknown[]) => Promise<unknown>>)[method] = async (...args: unknown[]) => {
    if (failed) return original(...args)
    failed = true
    if (apply) await original(...args)
    throw error(`/v1/api/${method}`)
  }
  return api
}

describe('mayHaveApplied', () => {
  it.each([
    ['a 500', serverError('/x'), true],
    ['a reset after connecting', reset('/x'), true],
    ['a timeout', new WallarooApiError({ code: 'TIMEOUT', endpoint: '/x', attempts: 1 }), true],
    ['a refused connection', new WallarooApiError({ code: 'NETWORK', endpoint: '/x', attempts: 1, connectFailed: true }), false],
    ['a 400', new WallarooApiError({ code: 'BAD_REQUEST', status: 400, endpoint: '/x', attempts: 1 }), false],
    ['a 409', new WallarooApiError({ code: 'CONFLICT', status: 409, endpoint: '/x', attempts: 1 }), false]
  ])('%s: %s', (_what, error, expected) => {
    expect(mayHaveApplied(error)).toBe(expected)
  })
})

describe('a create applied, then failed', () => {
  it.each([
    ['the workspace', 'createWorkspace'],
    ['the model upload', 'uploadModel'],
    ['the pipeline version', 'createPipeline']
  ] as const)('%s: found and used, nothing made twice, the deploy goes on', async (_what, method) => {
    for (const error of [serverError, reset]) {
      const api = appliedThenFailed(method, error)
      const { error: failure, lines, record } = await runOp(api, deploySettings(files.modelA))
      expect(failure).toBeUndefined()
      expect(lines).toContainEqual(
        expect.stringMatching(/^WARN Creating .+ failed \(.+\), but the server had done it: the action found it and goes on with it\.$/)
      )
      expect(api.methods().filter((m) => m === method)).toHaveLength(1)
      expect([api.workspaces.length, api.versions.length, api.pipelines.length, api.pipelines[0].versions.length]).toEqual([1, 1, 1, 1])
      expect(record.deployment?.status).toBe('Running')
    }
  })
})

describe('a create cut off before the server applied it', () => {
  it('fails saying nothing was created, and a reset does not blame the URL', async () => {
    const s = deploySettings(files.modelA)
    const api = appliedThenFailed('createPipeline', reset, false)
    const { error } = await runOp(api, s)
    const message = describeFailure('deploy', error, s)
    expect(message).toMatch(
      /the connection for POST .+ broke before an answer came: socket hang up \(1 attempt\); the server may have received the request \(the action looked: a version of pipeline "ccfraud" was not created, so a re-run starts clean\)\. The connection to https:\/\/w\.example\.com broke while the request was out; the server may have acted on it\./
    )
    expect(message).not.toContain("check 'url'")
    expect(api.pipelines).toHaveLength(0)
    // The re-run creates it once.
    const again = await runOp(api, s)
    expect(again.error).toBeUndefined()
    expect(api.pipelines[0].versions).toHaveLength(1)
  })
})
