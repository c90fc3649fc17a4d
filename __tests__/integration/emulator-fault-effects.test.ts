/**
 * Fault rules that leave the server and the client out of step, through a real emulator process: `afterApply`
 * (the change is made, the client sees an error), `drop` before or after the route runs (no answer at all), and
 * `Retry-After` on the answer.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals'
import { callEmulator, emulatorToken, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'

describe('emulator faults: afterApply, drop, Retry-After', () => {
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

  const fault = (rule: unknown) => callEmulator(emu.url, '/_emulator/faults', { body: rule })
  const create = (name: string) => callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: name } })
  const names = async (): Promise<string[]> =>
    ((await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json.workspaces as Array<{ name: string }>).map((w) => w.name)

  it('afterApply: the workspace is created, yet the client sees the fault status', async () => {
    expect((await fault({ route: '/v1/api/workspaces/create', status: 502, afterApply: true, count: 1 })).status).toBe(201)
    const r = await create('applied-then-failed')
    expect([r.status, r.json]).toEqual([502, { msg: expect.stringContaining('fault injected by the emulator'), code: 502 }])
    expect(await names()).toContain('applied-then-failed')
    // A retry of the create then meets the real server's answer: the name is taken.
    expect((await create('applied-then-failed')).status).toBe(409)
  })

  it('drop before the route runs: no answer and no change', async () => {
    await fault({ route: '/v1/api/workspaces/create', drop: true, count: 1 })
    await expect(create('dropped-before')).rejects.toThrow('fetch failed')
    expect(await names()).not.toContain('dropped-before')
    expect((await create('dropped-before')).status).toBe(200)
  })

  it('drop after the route ran: no answer, but the change is made', async () => {
    await fault({ route: '/v1/api/workspaces/create', drop: true, afterApply: true, count: 1 })
    await expect(create('dropped-after')).rejects.toThrow('fetch failed')
    expect(await names()).toContain('dropped-after')
  })

  it('Retry-After on the answer, on MLOps and inference routes, and the rule listed with its options', async () => {
    await fault([
      { route: '/v1/api/workspaces/list', status: 429, retryAfter: 4, count: 1 },
      { route: '/v1/api/pipelines/infer/*', status: 503, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT', count: 1 }
    ])
    const list = await callEmulator(emu.url, '/v1/api/workspaces/list', { token, body: {} })
    expect([list.status, list.headers.get('retry-after')]).toEqual([429, '4'])
    const infer = await callEmulator(emu.url, '/v1/api/pipelines/infer/p-1/p', { token, raw: '[]', headers: { 'content-type': 'application/json' } })
    expect([infer.status, infer.headers.get('retry-after'), infer.json.status]).toEqual([503, 'Wed, 21 Oct 2015 07:28:00 GMT', 'error'])
    const rules = (await callEmulator(emu.url, '/_emulator/faults', { method: 'GET' })).json.faults
    expect(rules).toEqual([
      expect.objectContaining({ retryAfter: 4, hits: 1 }),
      expect.objectContaining({ retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT', hits: 1 })
    ])
  })
})
