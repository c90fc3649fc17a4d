import { describe, it, expect, afterAll } from '@jest/globals'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callEmulator, emulatorToken, startEmulatorProcess, pollEmulator, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore, DEMO_OUTPUT } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

describe('emulator --data-dir: a restart loses nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-data-'))
  let emu: EmulatorProcess | undefined
  afterAll(async () => {
    await emu?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps workspaces, models (with their files), pipelines, deployments and tokens; the deployment comes back Starting → Running and still infers', async () => {
    // 2 s to start: after the restart the deployment starts again, and three calls later it must still be Starting on a
    // busy machine too (the restart itself is not in that window: the clock starts when the new process loads the state).
    emu = await startEmulatorProcess(['--data-dir', dir, '--start-seconds', '2', '--convert-seconds', '0.1', '--token-seconds', '600'])
    const token = await emulatorToken(emu.url)
    const ws = (await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'kept' } })).json.workspace_id
    const up = await uploadToEmulator(emu.url, token, buildDemoModel(), {
      name: 'kept-model',
      visibility: 'private',
      workspace_id: ws,
      conversion: { framework: 'onnx' }
    })
    const id = up.json.insert_models.returning[0].models[0].id
    const mv = (
      await pollEmulator(
        () => callEmulator(emu!.url, '/v1/api/models/get_version_by_id', { token, body: { model_version_id: id } }),
        (r) => r.json.model_version.model_version.status === 'ready'
      )
    ).json.model_version.model_version
    const created = await callEmulator(emu.url, '/v1/api/pipelines/create', {
      token,
      body: {
        pipeline_id: 'kept-pipe',
        workspace_id: ws,
        definition: { steps: [{ ModelInference: { models: [{ name: 'kept-model', version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
      }
    })
    const d = await callEmulator(emu.url, '/v1/api/pipelines/deploy', {
      token,
      body: { deploy_id: 'kept-pipe', pipeline_version_pk_id: created.json.pipeline_variant_pk_id }
    })
    const name = `kept-pipe-${d.json.id}`
    /** The deployment's status once it is Running, or the last one seen if it never gets there. */
    const statusOnceRunning = async (): Promise<string> =>
      (
        await pollEmulator(
          () => callEmulator(emu!.url, '/v1/api/status/get_deployment', { token, body: { name } }),
          (r) => r.json.status === 'Running'
        )
      ).json.status
    expect(await statusOnceRunning()).toBe('Running')
    const before = (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json
    expect(readdirSync(join(dir, 'models'))).toEqual([mv.file_info.sha])
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([])

    emu = await emu.restart()
    // The old token still works: the signing secret lives in the data dir.
    const after = (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json
    expect(after.workspaces).toEqual(before.workspaces)
    expect(after.pipelines).toEqual(before.pipelines)
    expect(after.model_versions.map((v: { file_info: unknown }) => v.file_info)).toEqual(before.model_versions.map((v: { file_info: unknown }) => v.file_info))
    const version = await callEmulator(emu.url, '/v1/api/models/get_version_by_id', { token, body: { model_version_id: id } })
    expect(version.status).toBe(200)
    expect(version.json.model_version.model_version).toMatchObject({ status: 'ready', file_info: mv.file_info })
    const status = await callEmulator(emu.url, '/v1/api/status/get_deployment', { token, body: { name } })
    expect(status.json.status).toBe('Starting')
    expect(await statusOnceRunning()).toBe('Running')
    const rows = demoRows(2)
    const out = await callEmulator(emu.url, `/v1/api/pipelines/infer/${name}/kept-pipe`, {
      token,
      raw: toPandasRecordsJson(rows),
      headers: { 'content-type': 'application/json; format=pandas-records' }
    })
    expect(out.status).toBe(200)
    expect(out.json[1].out[DEMO_OUTPUT][0]).toBeCloseTo(demoScore(rows[1]), 5)
    // Ids continue after the restart instead of colliding.
    const ws2 = (await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'later' } })).json.workspace_id
    expect(ws2).toBe(ws + 1)
  })
})
