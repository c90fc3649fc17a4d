/**
 * Which model version a `models` entry ends up with, against the in-memory fake API: a file is reused only when its
 * sha AND its conversion settings match (and the log says why not), versions named by id or by version + sha carry
 * their numeric id into the outputs and the deploy body, and a given version converted for another architecture than
 * the engine's is refused before anything changes.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { InputMismatch } from '../../src/action/errors.js'
import { conversionDifferences } from '../../src/action/steps/model-reuse.js'
import { deployModelFields } from '../../src/action/steps/deploy-models.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { deploySettings, fileModel, runOp, useModelFiles, type FileModel } from '../helpers/fake-operations.js'
import { FakeWallaroo } from './action-fake-api.js'

const files = useModelFiles('versions-')
const shaOf = (s: string) => createHash('sha256').update(s).digest('hex')
const SHA_A = shaOf('model A bytes')
const settings = (over: Partial<ActionSettings> = {}) => deploySettings(files.modelA, over)
const armEngine = { engine: { arch: 'arm' }, enginelb: {}, engineAux: { images: {} } }

describe('reuse needs the same sha and the same conversion settings', () => {
  it('a file already uploaded for x86 is uploaded again for arm, and the log says why it was not reused', async () => {
    const api = new FakeWallaroo()
    const x86 = api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-x86', sha: SHA_A })
    const run = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA, { arch: 'arm' })], engineConfig: armEngine }))
    expect(run.error).toBeUndefined()
    const upload = api.calls.find((c) => c[0] === 'uploadModel')!
    expect(upload[1]).toMatchObject({ conversion: { framework: 'onnx', arch: 'arm' } })
    expect(run.record.models).toEqual([expect.objectContaining({ source: 'uploaded', sha: SHA_A })])
    expect(run.record.models[0].versionId).not.toBe(x86)
    expect(run.lines).toContain(
      `Model "ccfraud": the workspace has sha ${SHA_A.slice(0, 12)}… but not with these conversion settings (version ${x86} has arch x86 (this entry: arm)), so it is not reused: uploading a new version.`
    )
  })

  it('the same file with the same settings is reused (a missing arch on either side means the server default, x86)', async () => {
    const api = new FakeWallaroo()
    const x86 = api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-x86', sha: SHA_A })
    const run = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA, { arch: 'x86' })] }))
    expect(run.error).toBeUndefined()
    expect(api.methods()).not.toContain('uploadModel')
    expect(run.record.models).toEqual([{ name: 'ccfraud', versionId: x86, version: 'uuid-x86', sha: SHA_A, source: 'reused', status: 'ready' }])
  })

  it('picks the version whose settings match among several with the same sha (2023 flat models/list too)', async () => {
    for (const modelsShape of ['2025', '2023'] as const) {
      const api = new FakeWallaroo({ modelsShape })
      api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-x86', sha: SHA_A })
      const arm = api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-arm', sha: SHA_A, arch: 'arm' })
      const run = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA, { arch: 'arm' })], engineConfig: armEngine }))
      expect([modelsShape, run.error]).toEqual([modelsShape, undefined])
      expect(api.methods()).not.toContain('uploadModel')
      expect(run.record.models[0]).toMatchObject({ versionId: arm, version: 'uuid-arm', source: 'reused' })
    }
  })

  it('compares framework, arch, accel, python version, requirements and the schemas an entry gives', () => {
    const spec = fileModel('m', files.modelA, { framework: 'onnx', arch: 'arm', accel: 'jetson', inputSchema: 'AAAA' }) as FileModel
    expect(conversionDifferences(spec, {})).toEqual([])
    expect(
      conversionDifferences(spec, {
        conversion: { framework: 'tensorflow', arch: 'x86', python_version: '3.9', requirements: ['numpy'] },
        config: { input_schema: 'BBBB', output_schema: 'CCCC' }
      })
    ).toEqual([
      'framework tensorflow (this entry: onnx)',
      'arch x86 (this entry: arm)',
      'accel none (this entry: jetson)',
      'python_version 3.9 (this entry: 3.8)',
      'requirements ["numpy"] (this entry: [])',
      'another input_schema'
    ])
    // An entry without schemas does not hold the server's own schema against a version.
    expect(conversionDifferences(fileModel('m', files.modelA) as FileModel, { conversion: { framework: 'onnx' }, config: { input_schema: 'BBBB' } })).toEqual(
      []
    )
  })
})

describe('existing versions: by numeric id, and by version + sha', () => {
  it('an id entry deploys that version: no upload, its ref in the definition, its id in the outputs and in model_ids', async () => {
    const api = new FakeWallaroo()
    const id = api.seedVersion('fraud-team', { name: 'ccfraud', version: 'uuid-42', sha: 'c'.repeat(64) })
    const run = await runOp(api, settings({ models: [{ kind: 'id', name: 'ccfraud', versionId: id }] }))
    expect(run.error).toBeUndefined()
    expect(api.methods()).not.toContain('uploadModel')
    const ref = { name: 'ccfraud', version: 'uuid-42', sha: 'c'.repeat(64) }
    expect(api.pipelines[0].versions[0].definition).toEqual({ steps: [{ ModelInference: { models: [ref] } }] })
    expect(api.calls.find((c) => c[0] === 'deployPipeline')![1]).toMatchObject({ models: [ref], model_ids: [id] })
    expect(JSON.parse(run.outputs.models!)).toEqual([{ name: 'ccfraud', version_id: id, version: 'uuid-42', sha: 'c'.repeat(64), source: 'given' }])
  })

  it('a version + sha entry carries its numeric version_id in the outputs (nested and 2023 flat models/list)', async () => {
    for (const modelsShape of ['2025', '2023'] as const) {
      const api = new FakeWallaroo({ modelsShape })
      const id = api.seedVersion('fraud-team', { name: 'post', version: 'uuid-post', sha: 'd'.repeat(64) })
      const run = await runOp(
        api,
        settings({ models: [fileModel('ccfraud', files.modelA), { kind: 'existing', name: 'post', version: 'uuid-post', sha: 'd'.repeat(64) }] })
      )
      expect([modelsShape, run.error]).toEqual([modelsShape, undefined])
      expect(JSON.parse(run.outputs.models!)[1]).toEqual({ name: 'post', version_id: id, version: 'uuid-post', sha: 'd'.repeat(64), source: 'given' })
    }
  })

  it.each<[string, (api: FakeWallaroo) => number, string, (id: number) => string]>([
    [
      'an unknown id',
      () => 4711,
      'ccfraud',
      () =>
        `Input 'models' item 1 ("ccfraud") names model version id 4711, which the server does not know (HTTP 404 from /v1/api/models/get_version_by_id: Not Found); check 'id' (the 'version_id' of the 'models' output)`
    ],
    [
      'the id of another model',
      (api) => api.seedVersion('fraud-team', { name: 'other', version: 'u', sha: 'e'.repeat(64) }),
      'ccfraud',
      (id) => `Input 'models' item 1 ("ccfraud") names model version id ${id}, but that version belongs to model "other"; check 'id', or set 'name: other'`
    ],
    [
      'a version of another workspace',
      (api) => {
        api.seedVersion('fraud-team', { name: 'x', version: 'u0', sha: 'e'.repeat(64) })
        return api.seedVersion('elsewhere', { name: 'ccfraud', version: 'u', sha: 'e'.repeat(64) })
      },
      'ccfraud',
      (id) =>
        `Input 'models' item 1 ("ccfraud") names model version id ${id}, which lives in workspace 901, not in workspace 900; upload the model into this workspace ('path'), or deploy in workspace 901`
    ]
  ])('refuses %s before anything is created', async (_label, seed, name, message) => {
    const api = new FakeWallaroo()
    api.seedVersion('fraud-team', { name: 'seed', version: 's', sha: 'f'.repeat(64) })
    const id = seed(api)
    const run = await runOp(api, settings({ models: [{ kind: 'id', name, versionId: id }] }))
    expect(run.error).toBeDefined()
    expect((run.error as { cause?: unknown }).cause).toBeInstanceOf(InputMismatch)
    expect((run.error as { cause: Error }).cause.message).toBe(message(id))
    expect(api.methods().filter((m) => ['uploadModel', 'createPipeline', 'deployPipeline', 'createWorkspace'].includes(m))).toEqual([])
  })

  it("an 'arch' input that contradicts a given version's arch is refused before any upload", async () => {
    for (const given of ['id', 'existing'] as const) {
      const api = new FakeWallaroo()
      const id = api.seedVersion('fraud-team', { name: 'post', version: 'uuid-post', sha: 'd'.repeat(64) })
      const spec =
        given === 'id'
          ? ({ kind: 'id', name: 'post', versionId: id } as const)
          : ({ kind: 'existing', name: 'post', version: 'uuid-post', sha: 'd'.repeat(64) } as const)
      const run = await runOp(api, settings({ models: [fileModel('ccfraud', files.modelA, { arch: 'arm' }), spec], engineConfig: armEngine }))
      const label = given === 'id' ? `version id ${id}` : 'version uuid-post'
      expect((run.error as { cause: Error }).cause.message).toBe(
        `Input 'arch' is arm, but Input 'models' item 2 ("post") names ${label}, which was converted for x86: it cannot run on arm engines. Name a version converted for arm (or give 'path' to upload the file for arm), or set 'arch' to x86`
      )
      expect(api.methods()).not.toContain('uploadModel')
      expect(api.methods()).not.toContain('createPipeline')
    }
  })
})

describe('the deploy body names the models (deploy-models.ts)', () => {
  const a = { name: 'a', version: 'va', sha: 's' }
  const b = { name: 'b', version: 'vb', sha: 's' }
  it('always the refs; model_ids only when every id is known; never model_configs', () => {
    expect(
      deployModelFields(
        [a, b],
        new Map([
          ['a@va', 1],
          ['b@vb', 2]
        ])
      )
    ).toEqual({ models: [a, b], model_ids: [1, 2] })
    expect(deployModelFields([a, b], new Map([['a@va', 1]]))).toEqual({ models: [a, b] })
    expect(deployModelFields([])).toEqual({})
  })
})
