/**
 * The fix hint of a failed call must match the situation: a 404 with Wallaroo's own error body names a missing
 * thing (the URL is right), and an engine that fails on the smoke input is not a "server-side problem; retry later".
 */
import { describe, expect, it } from '@jest/globals'
import { hintFor } from '../../src/action/report/hints.js'
import { WallarooApiError, type WallarooApiErrorInit } from '../../src/wallaroo/errors.js'
import { baseSettings } from '../helpers/fake-operations.js'

const settings = baseSettings({
  auth: { kind: 'password', username: 'u', password: 'pw' },
  pipeline: undefined,
  engineConfig: {},
  pollIntervalMs: 2000
})

const hint = (init: Partial<WallarooApiErrorInit> & Pick<WallarooApiErrorInit, 'code' | 'endpoint'>) =>
  hintFor(new WallarooApiError({ attempts: 1, ...init }), settings)

const URL_HINT = /does not exist at https:\/\/w\.example\.com: check 'url'/

describe('NOT_FOUND', () => {
  it.each([
    [
      'MLOps {msg, code}',
      { msg: "pipeline 'never' has never been deployed, so it has no inference URL yet; deploy it first.", code: 404 },
      '/v1/api/admin/get_pipeline_external_url'
    ],
    ['MLOps deployment', { msg: 'deployment ccfraud-14 not found', code: 404 }, '/v1/api/pipelines/undeploy'],
    ['{error} body', { error: 'pipeline not found' }, '/v1/api/pipelines/list_pipelines']
  ])('a %s body names a missing thing: no wrong-URL hint', (_label, body, endpoint) => {
    const h = hint({
      code: 'NOT_FOUND',
      status: 404,
      endpoint,
      body,
      serverMessage: (body as { msg?: string; error?: string }).msg ?? (body as { error: string }).error
    })
    expect(h).not.toMatch(URL_HINT)
    expect(h).toBe(`Check the names in 'workspace' and 'pipeline'.`)
  })

  it.each([
    ['no body', undefined],
    ['an HTML page', '<html><body>404 Not Found</body></html>'],
    ['a body without msg or error', { detail: 'Not Found' }],
    ['a "no such route" message naming the path', { msg: 'not implemented by the emulator: /api/v1/api/workspaces/list', code: 404 }]
  ])('%s keeps the wrong-URL hint', (_label, body) => {
    expect(hint({ code: 'NOT_FOUND', status: 404, endpoint: '/v1/api/workspaces/list', body })).toMatch(URL_HINT)
  })
})

describe('inference errors', () => {
  const endpoint = '/v1/api/pipelines/infer/two-3/two'

  it('an engine 500 points at the step chaining and the smoke input, not at retrying', () => {
    const h = hint({
      code: 'SERVER_ERROR',
      status: 500,
      endpoint,
      attempts: 1,
      body: { code: 500, status: 'error', error: 'Internal processing error: pipeline step 2 (model "xgb") failed: Got invalid dimensions', source: 'engine' }
    })
    expect(h).toBe(
      `The engine could not run the pipeline on the smoke input: check that each step's outputs fit the next step's inputs ('pipeline-definition', or the order of 'models'), and that 'smoke-input' matches the first model's inputs.`
    )
    expect(h).not.toMatch(/retry later/)
  })

  it('a platform 500 and an activation 503 stay server-side problems', () => {
    const platform = { code: 500, status: 'error', error: 'Internal processing error', source: 'platform' }
    expect(hint({ code: 'SERVER_ERROR', status: 500, endpoint, body: platform })).toBe('Wallaroo had a server-side problem (1 attempt); retry later.')
    const activating = { code: 503, status: 'error', error: 'The resources required to run this request are not available.', source: 'engine' }
    expect(hint({ code: 'UNAVAILABLE', status: 503, endpoint, attempts: 4, body: activating })).toBe(
      'Wallaroo had a server-side problem (4 attempts); retry later.'
    )
  })

  it('an MLOps 500 outside inference is still a server-side problem', () => {
    expect(hint({ code: 'SERVER_ERROR', status: 500, endpoint: '/v1/api/pipelines/deploy', body: { msg: 'boom', code: 500, source: 'engine' } })).toMatch(
      /server-side problem/
    )
  })
})
