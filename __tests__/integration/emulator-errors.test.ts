import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { connect } from 'node:net'
import { callEmulator, emulatorToken, startEmulatorProcess, pollEmulator, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const RECORDS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'

describe('emulator error paths: every bad input gets a 4xx that says what was wrong', () => {
  let emu: EmulatorProcess
  let token: string
  let inferPath: string
  let torchPath: string
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--start-seconds', '0', '--convert-seconds', '0', '--max-json-mb', '0.01', '--max-upload-mb', '0.002'])
    token = await emulatorToken(emu.url)
    const deployModel = async (bytes: Uint8Array, name: string, framework: string): Promise<string> => {
      const up = await uploadToEmulator(emu.url, token, bytes, { name, visibility: 'private', workspace_id: 1, conversion: { framework } })
      const id = up.json.insert_models.returning[0].models[0].id
      const mv = (
        await pollEmulator(
          () => callEmulator(emu.url, '/v1/api/models/get_version_by_id', { token, body: { model_version_id: id } }),
          (r) => r.json.model_version.model_version.status === 'ready'
        )
      ).json.model_version.model_version
      const created = await callEmulator(emu.url, '/v1/api/pipelines/create', {
        token,
        body: {
          pipeline_id: `${name}-pipe`,
          workspace_id: 1,
          definition: { steps: [{ ModelInference: { models: [{ name, version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
        }
      })
      const d = await callEmulator(emu.url, '/v1/api/pipelines/deploy', {
        token,
        body: { deploy_id: `${name}-pipe`, pipeline_version_pk_id: created.json.pipeline_variant_pk_id }
      })
      await pollEmulator(
        () => callEmulator(emu.url, '/v1/api/status/get_deployment', { token, body: { name: `${name}-pipe-${d.json.id}` } }),
        (r) => r.json.status === 'Running'
      )
      return `/v1/api/pipelines/infer/${name}-pipe-${d.json.id}/${name}-pipe`
    }
    inferPath = await deployModel(buildDemoModel(), 'good', 'onnx')
    torchPath = await deployModel(new Uint8Array([1, 2, 3]), 'torchy', 'pytorch')
  })
  afterAll(async () => {
    await emu?.stop()
  })

  it('answers an unknown route with 404 "not implemented by the emulator: <path>", never a guessed 200', async () => {
    const r = await callEmulator(emu.url, '/v1/api/models/frobnicate', { token, body: {} })
    expect([r.status, r.json]).toEqual([404, { msg: 'not implemented by the emulator: /v1/api/models/frobnicate', code: 404 }])
    const noToken = await callEmulator(emu.url, '/nothing/here', { method: 'GET' })
    expect([noToken.status, noToken.json]).toEqual([404, { msg: 'not implemented by the emulator: /nothing/here', code: 404 }])
  })

  it('answers a known route called with the wrong method with 405 and Allow', async () => {
    const r = await callEmulator(emu.url, '/v1/api/workspaces/list', { token, method: 'GET' })
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('POST')
    expect(r.json.msg).toContain('use POST')
  })

  it.each([
    ['malformed JSON', '{"workspace_name":', 400, 'invalid JSON body'],
    ['a JSON array instead of an object', '[1,2]', 400, 'request body must be a JSON object, got an array'],
    ['a missing field', '{}', 400, "missing field 'workspace_name': expected a string"],
    ['a wrong type', '{"workspace_name":42}', 400, "invalid field 'workspace_name': expected a string, got number 42"],
    ['an invalid name', '{"workspace_name":"Has Spaces"}', 400, "invalid workspace name 'Has Spaces'"]
  ])('workspaces/create with %s → %i', async (_what, raw, status, msg) => {
    const r = await callEmulator(emu.url, '/v1/api/workspaces/create', { token, raw, headers: { 'content-type': 'application/json' } })
    expect(r.status).toBe(status)
    expect(r.json.code).toBe(status)
    expect(r.json.msg).toContain(msg)
  })

  it.each([
    ['/v1/api/models/get_version_by_id', { model_version_id: '7' }, 400, 'invalid field \'model_version_id\': expected an integer, got string "7"'],
    ['/v1/api/models/get_version_by_id', { model_version_id: 9999 }, 404, 'model version 9999 not found'],
    ['/v1/api/pipelines/create', { pipeline_id: 'p', workspace_id: 1 }, 400, "missing field 'definition'"],
    ['/v1/api/pipelines/create', { pipeline_id: 'p', workspace_id: 1, definition: { steps: 'x' } }, 400, "invalid field 'definition.steps'"],
    ['/v1/api/pipelines/deploy', { pipeline_version_pk_id: 1 }, 400, "missing field 'deploy_id'"],
    ['/v1/api/pipelines/deploy', { deploy_id: 'x', pipeline_version_pk_id: 1, model_ids: ['a'] }, 400, "invalid field 'model_ids[0]'"],
    ['/v1/api/pipelines/deploy', { deploy_id: 'x', pipeline_version_pk_id: 1, engine_config: 'big' }, 400, "invalid field 'engine_config': expected an object"],
    ['/v1/api/pipelines/undeploy', { deployment_id: 4242 }, 404, 'deployment 4242 not found'],
    ['/v1/api/pipelines/delete_pipeline', { pipeline_id: 'ghost', workspace_id: 1 }, 404, "pipeline 'ghost' not found"],
    ['/v1/api/status/get_deployment', { name: 'ghost-1' }, 404, "deployment 'ghost-1' not found"],
    ['/v1/api/admin/get_pipeline_external_url', { workspace_id: 1 }, 400, "missing field 'pipeline_name'"],
    ['/v1/api/models/list_versions', { model_id: 3, models_pk_id: 1 }, 400, "invalid field 'model_id': expected a string"],
    ['/v1/api/pipelines/list_pipelines', { workspace_id: 999 }, 404, 'workspace 999 not found'],
    ['/v1/api/pipelines/list_pipelines', { workspace_name: 'ghost-ws' }, 404, "workspace 'ghost-ws' not found"]
  ])('%s with %j → %i', async (path, body, status, msg) => {
    const r = await callEmulator(emu.url, path, { token, body })
    expect(r.status).toBe(status)
    expect(r.json).toEqual({ msg: expect.stringContaining(msg), code: status })
  })

  it('refuses an oversize JSON body with 413 in the MLOps format', async () => {
    const r = await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'x', pad: 'y'.repeat(20000) } })
    expect(r.status).toBe(413)
    expect(r.json).toEqual({ msg: expect.stringContaining('request body too large'), code: 413 })
  })

  it('refuses an oversize upload with 413 and an oversize inference body with 413 in the inference format', async () => {
    const up = await uploadToEmulator(emu.url, token, new Uint8Array(5000), {
      name: 'big',
      visibility: 'private',
      workspace_id: 1,
      conversion: { framework: 'onnx' }
    })
    expect([up.status, up.json.code]).toEqual([413, 413])
    const inf = await callEmulator(emu.url, inferPath, { token, raw: toPandasRecordsJson(demoRows(100)), headers: { 'content-type': RECORDS } })
    expect(inf.status).toBe(413)
    expect(inf.json).toMatchObject({ code: 413, status: 'error', error: expect.stringContaining('too large') })
  })

  it.each([
    ['not multipart at all', 'application/json', '{}', 'expected Content-Type multipart/form-data'],
    ['no boundary', 'multipart/form-data', 'abc', 'invalid multipart body'],
    ['a truncated body', 'multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"na', 'invalid multipart body'],
    [
      'no metadata part',
      'multipart/form-data; boundary=XYZ',
      '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="m.onnx"\r\n\r\nabc\r\n--XYZ--\r\n',
      "missing 'metadata' part"
    ],
    [
      'metadata that is not JSON',
      'multipart/form-data; boundary=XYZ',
      '--XYZ\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{oops\r\n--XYZ--\r\n',
      "invalid 'metadata' part: not JSON"
    ]
  ])('refuses an upload with %s with a 400', async (_what, contentType, raw, msg) => {
    const r = await callEmulator(emu.url, '/v1/api/models/upload_and_convert', { token, raw, headers: { 'content-type': contentType } })
    expect(r.status).toBe(400)
    expect(r.json).toEqual({ msg: expect.stringContaining(msg), code: 400 })
  })

  it('refuses an upload without a file part or with metadata missing a field', async () => {
    const form = new FormData()
    form.append('metadata', JSON.stringify({ name: 'm', visibility: 'private', workspace_id: 1, conversion: { framework: 'onnx' } }))
    const noFile = await callEmulator(emu.url, '/v1/api/models/upload_and_convert', { token, raw: form })
    expect([noFile.status, noFile.json.msg]).toEqual([400, expect.stringContaining("missing 'file' part")])
    const noWs = await uploadToEmulator(emu.url, token, buildDemoModel(), { name: 'm', visibility: 'private', conversion: { framework: 'onnx' } })
    expect([noWs.status, noWs.json.msg]).toEqual([400, expect.stringContaining("missing field 'metadata.workspace_id'")])
    const noFramework = await uploadToEmulator(emu.url, token, buildDemoModel(), { name: 'm', workspace_id: 1, conversion: {} })
    expect([noFramework.status, noFramework.json.msg]).toEqual([400, expect.stringContaining("missing field 'metadata.conversion.framework'")])
  })

  it('refuses a broken Arrow body and a wrong input shape with inference-format 400s', async () => {
    const arrow = await callEmulator(emu.url, inferPath, { token, raw: 'ARROW1 but not really', headers: { 'content-type': ARROW } })
    expect(arrow.status).toBe(400)
    expect(arrow.json).toEqual({ code: 400, status: 'error', error: expect.any(String), source: 'engine' })
    const shape = await callEmulator(emu.url, inferPath, { token, raw: JSON.stringify([{ tensor: [1, 2, 3] }]), headers: { 'content-type': RECORDS } })
    expect(shape.status).toBe(400)
    expect(shape.json).toMatchObject({ code: 400, status: 'error', source: 'engine' })
    const json = await callEmulator(emu.url, inferPath, { token, raw: '[{"tensor":', headers: { 'content-type': RECORDS } })
    expect([json.status, json.json.status]).toEqual([400, 'error'])
  })

  it('answers inference on a containerized model with a clear not-implemented error instead of a fake answer', async () => {
    const r = await callEmulator(emu.url, torchPath, { token, raw: toPandasRecordsJson(demoRows(1)), headers: { 'content-type': RECORDS } })
    expect(r.status).toBe(501)
    expect(r.json).toMatchObject({ code: 501, status: 'error', error: expect.stringContaining('not implemented by the emulator'), source: 'sidekick' })
  })

  it('answers an unknown inference deployment with 404 Deployment not found', async () => {
    const r = await callEmulator(emu.url, '/v1/api/pipelines/infer/nope-77/nope', { token, raw: '[]', headers: { 'content-type': RECORDS } })
    expect([r.status, r.json]).toEqual([404, { code: 404, status: 'error', error: 'Deployment not found', source: 'platform' }])
  })

  it('answers a malformed percent-escape in an inference path with a 400', async () => {
    const r = await callEmulator(emu.url, '/v1/api/pipelines/infer/bad%zz-1/bad', { token, raw: '[]', headers: { 'content-type': RECORDS } })
    expect([r.status, r.json.status, r.json.error]).toEqual([400, 'error', expect.stringContaining('malformed percent-encoding')])
  })

  it('survives a client that hangs up in the middle of a body and a request that is not HTTP', async () => {
    const { hostname, port } = new URL(emu.url)
    await new Promise<void>((resolve) => {
      const sock = connect(Number(port), hostname, () => {
        sock.write(
          `POST /v1/api/models/upload_and_convert HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n--B\r\n`
        )
        setTimeout(() => sock.destroy(), 50)
      })
      sock.on('close', () => resolve())
      sock.on('error', () => resolve())
    })
    const junk = await new Promise<string>((resolve) => {
      let data = ''
      const sock = connect(Number(port), hostname, () => sock.write('HELLO THERE\r\n\r\n'))
      sock.on('data', (c) => (data += c))
      sock.on('close', () => resolve(data))
      sock.on('error', () => resolve(data))
    })
    expect(junk).toMatch(/^HTTP\/1\.1 400/)
  })

  it('is still healthy after all of that', async () => {
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { token, body: {} })).status).toBe(200)
    expect(emu.stderr()).not.toContain('internal error')
  })
})
