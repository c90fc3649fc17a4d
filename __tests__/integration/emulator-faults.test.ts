import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals'
import { callEmulator, emulatorToken, startEmulatorProcess, TOKEN_PATH, type EmulatorProcess } from '../helpers/emulator-process.js'

describe('emulator developer API: faults, state, reset', () => {
  let emu: EmulatorProcess
  let token: string
  beforeAll(async () => {
    emu = await startEmulatorProcess([])
    token = await emulatorToken(emu.url)
  })
  beforeEach(async () => {
    await callEmulator(emu.url, '/_emulator/faults', { method: 'DELETE' })
  })
  afterAll(async () => {
    await emu?.stop()
  })

  const list = () => callEmulator(emu.url, '/v1/api/workspaces/list', { token, body: {} })

  it("makes a route answer the given status for `count` calls, in the route's error format by default", async () => {
    const added = await callEmulator(emu.url, '/_emulator/faults', { body: { route: '/v1/api/workspaces/list', status: 503, count: 2 } })
    expect(added.status).toBe(201)
    expect(added.json.faults[0]).toMatchObject({ id: expect.any(Number), route: '/v1/api/workspaces/list', status: 503, remaining: 2 })
    const first = await list()
    expect(first.status).toBe(503)
    expect(first.json).toEqual({ msg: expect.stringContaining('fault injected by the emulator'), code: 503 })
    expect((await list()).status).toBe(503)
    expect((await list()).status).toBe(200)
    const faults = await callEmulator(emu.url, '/_emulator/faults', { method: 'GET' })
    expect(faults.json.faults[0]).toMatchObject({ hits: 2, remaining: 0 })
  })

  it('answers a custom body, on globs, and in the inference format on inference routes', async () => {
    await callEmulator(emu.url, '/_emulator/faults', {
      body: [
        { route: '/v1/api/pipelines/infer/*', status: 500 },
        { route: '/v1/api/models/*', method: 'POST', status: 429, body: { msg: 'slow down', code: 429 } }
      ]
    })
    const infer = await callEmulator(emu.url, '/v1/api/pipelines/infer/a-1/a', { token, raw: '[]' })
    expect([infer.status, infer.json]).toEqual([500, { code: 500, status: 'error', error: expect.stringContaining('fault injected'), source: 'platform' }])
    const models = await callEmulator(emu.url, '/v1/api/models/list', { token, body: { workspace_id: 1 } })
    expect([models.status, models.json]).toEqual([429, { msg: 'slow down', code: 429 }])
  })

  it('can fail the token endpoint too', async () => {
    await callEmulator(emu.url, '/_emulator/faults', { body: { route: TOKEN_PATH, status: 502, count: 1 } })
    const r = await callEmulator(emu.url, TOKEN_PATH, {
      raw: 'grant_type=password&client_id=sdk-client&username=admin&password=admin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }
    })
    expect(r.status).toBe(502)
    expect(await emulatorToken(emu.url)).toEqual(expect.any(String))
  })

  it('delays a call without changing its answer when only delayMs is given', async () => {
    await callEmulator(emu.url, '/_emulator/faults', { body: { route: '/v1/api/workspaces/list', delayMs: 300, count: 1 } })
    const started = Date.now()
    const r = await list()
    expect(r.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('fails a seeded fraction of calls, the same ones for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      await callEmulator(emu.url, '/_emulator/faults', { method: 'DELETE' })
      await callEmulator(emu.url, '/_emulator/faults', { body: { route: '/v1/api/workspaces/list', status: 500, probability: 0.5, seed: 42 } })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await list()).status)
      return statuses
    }
    const a = await run()
    expect(await run()).toEqual(a)
    expect(a).toContain(500)
    expect(a).toContain(200)
  })

  it('refuses an invalid rule with a 400 naming the field', async () => {
    const r = await callEmulator(emu.url, '/_emulator/faults', { body: { route: '/x', status: 'boom' } })
    expect([r.status, r.json.msg]).toEqual([400, expect.stringContaining("invalid field 'status'")])
  })

  it('dumps the state and resets it', async () => {
    await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'dump-me' } })
    const state = await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })
    expect(state.status).toBe(200)
    expect(state.json).toMatchObject({
      profile: '2025.2',
      workspaces: expect.arrayContaining([expect.objectContaining({ name: 'dump-me' })]),
      deployments: [],
      faults: []
    })
    expect(state.json).not.toHaveProperty('secret')
    expect((await callEmulator(emu.url, '/_emulator/reset', { body: {} })).status).toBe(200)
    const after = await list()
    expect(after.status).toBe(200)
    expect(after.json.workspaces.map((w: { name: string }) => w.name)).toEqual(['admin@keycloak - Default Workspace'])
  })
})
