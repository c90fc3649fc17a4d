/**
 * What the emulator takes in cannot poison its state: JSON nested deeper than it can serialize, or larger than it
 * stores per field, is refused at intake with a 400 that says so (MLOps `{msg, code}`, inference
 * `{code, status, error, source}`), and nothing changes. With --data-dir a write that cannot be saved answers 500 and
 * is not kept in memory either, so a restart shows exactly what was acknowledged.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callEmulator, emulatorToken, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'

/** `{"a":{"a":…}}` nested `depth` levels, as text (building it as an object would need the recursion it tests). */
const nestedObjectText = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
const nestedArrayText = (depth: number): string => '['.repeat(depth) + '1' + ']'.repeat(depth)

/** The parts of /_emulator/state a refused request must leave alone. */
const entities = (state: Record<string, unknown>) => {
  const { workspaces, models, model_versions, pipelines, pipeline_versions, deployments, counters } = state
  return { workspaces, models, model_versions, pipelines, pipeline_versions, deployments, counters }
}

describe('emulator intake limits: nesting and size', () => {
  let emu: EmulatorProcess
  let token: string
  let ws: number
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--start-seconds', '0', '--convert-seconds', '0'])
    token = await emulatorToken(emu.url)
    ws = (await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'limits' } })).json.workspace_id
  })
  afterAll(async () => {
    await emu?.stop()
  })
  const state = async () => (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json

  it.each([
    [
      'a definition nested 10,000 levels',
      '/v1/api/pipelines/create',
      (ws: number) => `{"pipeline_id":"deep","workspace_id":${ws},"definition":${nestedObjectText(10_000)}}`
    ],
    [
      'an engine_config nested 10,000 levels',
      '/v1/api/pipelines/deploy',
      () => `{"deploy_id":"deep","pipeline_version_pk_id":1,"engine_config":${nestedObjectText(10_000)}}`
    ],
    ['a body of arrays nested 100,000 levels', '/v1/api/workspaces/list', () => nestedArrayText(100_000)]
  ])('refuses %s with a 400 that says so, and every dump still works after', async (_what, path, body) => {
    const before = entities(await state())
    const r = await callEmulator(emu.url, path, { token, raw: body(ws), headers: { 'content-type': 'application/json' } })
    expect([r.status, r.json]).toEqual([
      400,
      { msg: 'invalid JSON body: arrays and objects are nested more than 64 levels deep; the emulator accepts at most 64', code: 400 }
    ])
    const after = await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })
    expect(after.status).toBe(200)
    expect(entities(after.json)).toEqual(before)
    expect((await callEmulator(emu.url, '/v1/api/pipelines/list_pipelines', { token, body: {} })).status).toBe(200)
  })

  it('takes a definition nested 64 levels (the limit itself)', async () => {
    const r = await callEmulator(emu.url, '/v1/api/pipelines/create', {
      token,
      raw: `{"pipeline_id":"deep-ok","workspace_id":${ws},"definition":${nestedObjectText(62)}}`,
      headers: { 'content-type': 'application/json' }
    })
    expect(r.status).toBe(200)
    expect((await callEmulator(emu.url, '/v1/api/pipelines/list_pipelines', { token, body: {} })).status).toBe(200)
  })

  it('refuses a definition over 1 MiB, naming the field', async () => {
    const before = entities(await state())
    const r = await callEmulator(emu.url, '/v1/api/pipelines/create', {
      token,
      body: { pipeline_id: 'big', workspace_id: ws, definition: { steps: [], note: 'x'.repeat(1024 * 1024) } }
    })
    expect(r.status).toBe(400)
    expect(r.json).toEqual({
      msg: expect.stringMatching(/^invalid field 'definition': \d+ bytes of JSON; the emulator stores at most 1048576 bytes \(1 MiB\) per field$/),
      code: 400
    })
    expect(entities(await state())).toEqual(before)
  })

  it('refuses a deeply nested upload metadata part and fault rule', async () => {
    const form = new FormData()
    form.append('metadata', nestedObjectText(1000))
    form.append('file', new Blob([new Uint8Array([1])]), 'm.onnx')
    const up = await callEmulator(emu.url, '/v1/api/models/upload_and_convert', { token, raw: form })
    expect([up.status, up.json.msg]).toEqual([
      400,
      "invalid 'metadata' part: arrays and objects are nested more than 64 levels deep; the emulator accepts at most 64"
    ])
    const fault = await callEmulator(emu.url, '/_emulator/faults', {
      raw: `{"route":"/x","status":500,"body":${nestedArrayText(1000)}}`,
      headers: { 'content-type': 'application/json' }
    })
    expect(fault.status).toBe(400)
    expect((await callEmulator(emu.url, '/_emulator/faults', { method: 'GET' })).json.faults).toEqual([])
  })
})

describe('emulator --data-dir: a write that cannot be saved is not kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-tx-'))
  let emu: EmulatorProcess | undefined
  afterAll(async () => {
    await emu?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers 500, keeps nothing of it in memory, and a restart shows only what was acknowledged', async () => {
    emu = await startEmulatorProcess(['--data-dir', dir, '--token-seconds', '600'])
    const token = await emulatorToken(emu.url)
    const create = (name: string) => callEmulator(emu!.url, '/v1/api/workspaces/create', { token, body: { workspace_name: name } })
    expect((await create('saved-first')).status).toBe(200)
    // Make the next save fail: state.json becomes a non-empty directory, which a rename cannot replace.
    rmSync(join(dir, 'state.json'))
    mkdirSync(join(dir, 'state.json', 'blocker'), { recursive: true })
    const refused = await create('never-saved')
    expect(refused.status).toBe(500)
    expect(refused.json).toEqual({
      msg: expect.stringMatching(/^the emulator could not save its state in --data-dir \(.+\); the request was not applied$/),
      code: 500
    })
    const names = async () =>
      ((await callEmulator(emu!.url, '/_emulator/state', { method: 'GET' })).json.workspaces as Array<{ name: string }>).map((w) => w.name)
    expect(await names()).not.toContain('never-saved')
    rmSync(join(dir, 'state.json'), { recursive: true })
    expect((await create('saved-second')).status).toBe(200)
    emu = await emu.restart()
    const after = await names()
    expect(after).toEqual(expect.arrayContaining(['saved-first', 'saved-second']))
    expect(after).not.toContain('never-saved')
  })
})
