/**
 * `--seed FILE` and `GET /health` against the emulator as a real process: the seeded state is there,
 * converted and Running when the emulator announces itself; a restart on the same --data-dir keeps
 * it without duplicates; a broken seed stops the start with a message naming the file and field.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PROJECT_ROOT, callEmulator, emulatorToken, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const RECORDS = 'application/json; format=pandas-records'
const SEED = `# a workspace with the demo model, one deployed pipeline and one that is only created
workspaces:
  - name: fraud-team
    models:
      - name: ccfraud
        path: models/ccfraud.onnx
    pipelines:
      - name: ccfraud
      - name: ccfraud-later
        deploy: false
  - name: empty-team
`

/** Runs the emulator CLI to its exit (for starts that must fail). */
function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', ...args], { cwd: PROJECT_ROOT })
    let stdout = ''
    let stderr = ''
    proc.stdout.on('data', (c) => (stdout += c))
    proc.stderr.on('data', (c) => (stderr += c))
    // 'close', not 'exit': the output may still be in the pipes when the process exits.
    proc.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('emulator --seed and /health', () => {
  let dir = ''
  let seedFile = ''
  let dataDir = ''
  let emu: EmulatorProcess | undefined

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'emulator-seed-'))
    await mkdir(path.join(dir, 'ci', 'models'), { recursive: true })
    await writeFile(path.join(dir, 'ci', 'models', 'ccfraud.onnx'), buildDemoModel())
    seedFile = path.join(dir, 'ci', 'seed.yml')
    await writeFile(seedFile, SEED)
    dataDir = path.join(dir, 'data')
  })
  afterAll(async () => {
    await emu?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('starts with the seeded workspaces, a converted model and a Running pipeline that answers inference', async () => {
    emu = await startEmulatorProcess(['--seed', seedFile, '--data-dir', dataDir, '--start-seconds', '1', '--convert-seconds', '0.5'])
    const health = await callEmulator(emu.url, '/health', { method: 'GET' })
    expect(health.status).toBe(200)
    expect(health.json).toEqual({ status: 'ok', profile: expect.any(String) })

    const token = await emulatorToken(emu.url)
    const list = await callEmulator(emu.url, '/v1/api/workspaces/list', { token, body: {} })
    expect(list.json.workspaces.map((w: { name: string }) => w.name)).toEqual(expect.arrayContaining(['fraud-team', 'empty-team']))

    // No wait: the emulator announced itself only once the seed was ready.
    const state = (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json
    expect(state.model_versions.map((v: { name: string; status: string }) => [v.name, v.status])).toEqual([['ccfraud', 'ready']])
    expect(state.pipelines.map((p: { name: string }) => p.name).sort()).toEqual(['ccfraud', 'ccfraud-later'])
    expect(state.deployments.map((d: { deploy_id: string; phase: string }) => [d.deploy_id, d.phase])).toEqual([['ccfraud', 'Running']])

    const rows = demoRows(2)
    const out = await callEmulator(emu.url, '/v1/api/pipelines/infer/ccfraud-1/ccfraud', {
      token,
      raw: toPandasRecordsJson(rows),
      headers: { 'content-type': RECORDS }
    })
    expect(out.status).toBe(200)
    expect(out.json.map((r: { out: { dense_1: number[] } }) => r.out.dense_1[0])).toEqual(rows.map((row) => expect.closeTo(demoScore(row), 5)))
  })

  it('keeps the state of a restart on the same --data-dir without creating anything twice', async () => {
    const before = (await callEmulator(emu!.url, '/_emulator/state', { method: 'GET' })).json
    emu = await emu!.restart()
    const after = (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json
    const ids = (s: Record<string, Array<{ id: number }>>) =>
      ['workspaces', 'models', 'model_versions', 'pipelines', 'pipeline_versions', 'deployments'].map((k) => [k, s[k].map((x) => x.id)])
    expect(ids(after)).toEqual(ids(before))
    expect(after.deployments.map((d: { phase: string }) => d.phase)).toEqual(['Running'])
  })

  it('answers /health without a token, even while fault rules fail every other route', async () => {
    const injected = await callEmulator(emu!.url, '/_emulator/faults', { body: { route: '*', status: 503 } })
    expect(injected.status).toBe(201)
    expect((await callEmulator(emu!.url, '/v1/api/config', { method: 'GET' })).status).toBe(503)
    expect((await callEmulator(emu!.url, '/health', { method: 'GET' })).status).toBe(200)
    await callEmulator(emu!.url, '/_emulator/faults', { method: 'DELETE' })
  })

  it('does not start when a seeded model cannot be loaded, naming the seed file and the model entry', async () => {
    const broken = path.join(dir, 'ci', 'broken.yml')
    await writeFile(path.join(dir, 'ci', 'models', 'garbage.onnx'), 'this is not an ONNX model')
    await writeFile(broken, 'workspaces:\n  - name: broken-team\n    models:\n      - {name: garbage, path: models/garbage.onnx}\n')
    const r = await runToExit(['--seed', broken])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`wallaroo-emulator: cannot start: seed file ${broken}: workspaces[0].models[0]: model 'garbage' failed to load:`)
  })

  it('does not start on a seed file with a mistake, naming the field', async () => {
    const typo = path.join(dir, 'ci', 'typo.yml')
    await writeFile(typo, 'workspaces:\n  - name: team\n    pipelines:\n      - name: p\n        models: [nope]\n')
    const r = await runToExit(['--seed', typo])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`seed file ${typo}: workspaces[0].pipelines[0].models[0]: "nope" is not a model of this workspace entry (its models: none)`)
  })
})
