import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { callEmulator, emulatorToken, startEmulatorProcess, TOKEN_PATH, type EmulatorProcess } from '../helpers/emulator-process.js'

const basic = (id: string, secret: string): string => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64')
const formHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({ 'content-type': 'application/x-www-form-urlencoded', ...extra })

describe('emulator auth (Keycloak token endpoint and Bearer checks)', () => {
  let emu: EmulatorProcess
  beforeAll(async () => {
    // Env vars as the SDK names them; --token-seconds 1 so expiry is observable.
    emu = await startEmulatorProcess(['--client-secret', 'cs', '--token-seconds', '1'], { WALLAROO_USER: 'ci@example.com', WALLAROO_PASSWORD: 'pw' })
  })
  afterAll(async () => {
    await emu?.stop()
  })

  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    callEmulator(emu.url, TOKEN_PATH, { raw: new URLSearchParams(form).toString(), headers: formHeaders(headers) })

  it('password grant for the public sdk-client answers the recorded fields, expires_in = --token-seconds', async () => {
    const r = await token({ client_id: 'sdk-client', grant_type: 'password', username: 'ci@example.com', password: 'pw' })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: 1,
      refresh_expires_in: 1800,
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: expect.any(String),
      scope: 'profile email'
    })
    const claims = JSON.parse(Buffer.from(r.json.access_token.split('.')[1], 'base64url').toString())
    expect(claims).toMatchObject({ iss: `${emu.url}/auth/realms/master`, azp: 'sdk-client', email: 'ci@example.com', preferred_username: 'ci@example.com' })
  })

  it('password, refresh and client-credentials grants for api-client with Basic auth', async () => {
    const pw = await token({ grant_type: 'password', username: 'ci@example.com', password: 'pw' }, { authorization: basic('api-client', 'cs') })
    expect(pw.status).toBe(200)
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: pw.json.refresh_token }, { authorization: basic('api-client', 'cs') })
    expect(refreshed.status).toBe(200)
    expect(refreshed.json.access_token).not.toBe(pw.json.access_token)
    const cc = await token({ grant_type: 'client_credentials' }, { authorization: basic('api-client', 'cs') })
    expect(cc.status).toBe(200)
    expect(cc.json.refresh_token).toBeUndefined()
  })

  it.each([
    [
      'wrong password',
      { client_id: 'sdk-client', grant_type: 'password', username: 'ci@example.com', password: 'no' },
      {},
      401,
      'invalid_grant',
      'Invalid user credentials'
    ],
    ['wrong client secret', { grant_type: 'client_credentials' }, { authorization: basic('api-client', 'bad') }, 401, 'unauthorized_client', undefined],
    ['unknown client', { client_id: 'who', grant_type: 'password', username: 'a', password: 'b' }, {}, 401, 'invalid_client', undefined],
    ['bad refresh token', { client_id: 'sdk-client', grant_type: 'refresh_token', refresh_token: 'x.y.z' }, {}, 400, 'invalid_grant', 'Invalid refresh token'],
    ['unsupported grant', { client_id: 'sdk-client', grant_type: 'implicit' }, {}, 400, 'unsupported_grant_type', undefined]
  ])("refuses a %s with Keycloak's error body", async (_what, form, headers, status, error, description) => {
    const r = await token(form as Record<string, string>, headers as Record<string, string>)
    expect(r.status).toBe(status)
    expect(r.json.error).toBe(error)
    expect(typeof r.json.error_description).toBe('string')
    if (description) expect(r.json.error_description).toBe(description)
  })

  it('refuses a JSON body at the token endpoint with invalid_request', async () => {
    const r = await callEmulator(emu.url, TOKEN_PATH, { body: { grant_type: 'password' } })
    expect([r.status, r.json.error]).toEqual([400, 'invalid_request'])
  })

  it('answers 401 in the MLOps format without a token, with a garbage token, and in the inference format on inference routes', async () => {
    const none = await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {} })
    expect(none.status).toBe(401)
    expect(none.json).toEqual({ msg: expect.stringContaining('Jwt is missing'), code: 401 })
    const garbage = await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: 'abc.def.ghi' })
    expect([garbage.status, garbage.json.msg]).toEqual([401, expect.stringContaining('Jwt verification fails')])
    const infer = await callEmulator(emu.url, '/v1/api/pipelines/infer/p-1/p', {
      raw: '[]',
      headers: { 'content-type': 'application/json; format=pandas-records' }
    })
    expect([infer.status, infer.json]).toEqual([401, { code: 401, status: 'error', error: 'Jwt is missing', source: 'platform' }])
  })

  it('rejects a client-credentials token on MLOps routes with 403 but accepts it for inference', async () => {
    const cc = (await token({ grant_type: 'client_credentials' }, { authorization: basic('api-client', 'cs') })).json.access_token
    const mlops = await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: cc })
    expect(mlops.status).toBe(403)
    expect(mlops.json.msg).toContain('client-credentials')
    const infer = await callEmulator(emu.url, '/v1/api/pipelines/infer/p-1/p', {
      raw: '[]',
      token: cc,
      headers: { 'content-type': 'application/json; format=pandas-records' }
    })
    expect([infer.status, infer.json.error]).toEqual([404, 'Deployment not found'])
  })

  it('answers 401 "Jwt is expired" once --token-seconds have passed, and the refresh token still works', async () => {
    const r = await token({ client_id: 'sdk-client', grant_type: 'password', username: 'ci@example.com', password: 'pw' })
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: r.json.access_token })).status).toBe(200)
    // A real child process: the token's exp is whole seconds, so wait just past one second boundary plus the lifetime.
    await new Promise((res) => setTimeout(res, 2100))
    const expired = await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: r.json.access_token })
    expect([expired.status, expired.json.msg]).toEqual([401, expect.stringContaining('Jwt is expired')])
    const refreshed = await token({ client_id: 'sdk-client', grant_type: 'refresh_token', refresh_token: r.json.refresh_token })
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: refreshed.json.access_token })).status).toBe(200)
  })

  it('serves GET /v1/api/config and /_emulator without a token', async () => {
    expect((await callEmulator(emu.url, '/v1/api/config', { method: 'GET' })).status).toBe(200)
    expect((await callEmulator(emu.url, '/_emulator', { method: 'GET' })).json).toHaveProperty(['POST /_emulator/faults'])
  })

  it('creates the default workspace for the configured user', async () => {
    const t = await emulatorToken(emu.url, 'ci@example.com', 'pw')
    const r = await callEmulator(emu.url, '/v1/api/workspaces/list', { body: {}, token: t })
    expect(r.json.workspaces[0]).toMatchObject({ id: 1, name: 'ci@example.com - Default Workspace', created_by: 'ci@example.com' })
  })
})
