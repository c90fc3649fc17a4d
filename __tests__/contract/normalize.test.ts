/**
 * The contract tests are only as good as their normaliser and differ: these cases pin
 * what is replaced (and what is not), and that every kind of difference is reported.
 * Pure functions, no ../shared needed.
 */
import { describe, it, expect } from '@jest/globals'
import { normalize, diffJson, compareWithRecording, pointerSegment } from './normalize.js'

const SHA_A = 'bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507'
const SHA_B = '3ed5cd199e0e6e419bd3d474cf74f2e378aacbf586e40f24d1f8c89c2c476a08'

describe('normalize', () => {
  it('replaces integers under id-like keys, but not other integers', () => {
    expect(normalize({ id: 14, workspace_id: 10, pipeline_pk_id: 25, models: [1, 2], size: 1928, code: 400 })).toEqual({
      id: '<id>',
      workspace_id: '<id>',
      pipeline_pk_id: '<id>',
      models: ['<id>', '<id>'],
      size: 1928,
      code: 400
    })
  })

  it('keeps names under id-like keys (pipeline_id is a name in pipelines/create)', () => {
    expect(normalize({ pipeline_id: 'api-empty-pipeline', model_id: 'ccfraud' })).toEqual({ pipeline_id: 'api-empty-pipeline', model_id: 'ccfraud' })
  })

  it('replaces UUIDs, ISO times, epoch milliseconds, JWTs and emails', () => {
    expect(
      normalize({
        version: 'c29a277a-10b9-48f9-a738-aafb296df8c2',
        created_at: '2026-01-06T16:34:30.953078+00:00',
        time: 1701377058894,
        access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
        redacted: '<JWT>',
        created_by: 'someone@example.com',
        name: '<email> - Default Workspace'
      })
    ).toEqual({
      version: '<uuid>',
      created_at: '<iso-time>',
      time: '<epoch-ms>',
      access_token: '<jwt>',
      redacted: '<jwt>',
      created_by: '<email>',
      name: '<email> - Default Workspace'
    })
  })

  it('replaces hosts, the deployment id in inference URLs, pod names and IPs', () => {
    const a = normalize({
      url: 'https://doc-test.api.wallaroocommunity.ninja/v1/api/pipelines/infer/api-pipeline-with-models-14/api-pipeline-with-models',
      engine: 'engine-797d8958d9-fsszh',
      lb: 'engine-lb-584f54c899-qfjgp',
      sidekick: 'engine-sidekick-vgg16-clustering-error-tests-1135-77b85cb5ssx5j',
      ip: '10.244.3.145'
    })
    const b = normalize({
      url: 'http://127.0.0.1:40123/v1/api/pipelines/infer/api-pipeline-with-models-1/api-pipeline-with-models',
      engine: 'engine-0a1b2c3d4e-bcdfg',
      lb: 'engine-lb-0a1b2c3d4e-zx6gj',
      sidekick: 'engine-sidekick-vgg16-clustering-error-tests-2-aacc9a8car-zx6gj',
      ip: '10.244.0.7'
    })
    expect(a).toEqual(b)
    expect(a).toEqual({
      url: '<base>/v1/api/pipelines/infer/api-pipeline-with-models-<id>/api-pipeline-with-models',
      engine: 'engine-<pod>',
      lb: 'engine-lb-<pod>',
      sidekick: 'engine-sidekick-vgg16-clustering-error-tests-<id>-<pod>',
      ip: '<ip>'
    })
  })

  it('keeps the shas it is told to keep, also inside JSON strings, and hides the others', () => {
    const lastModel = (sha: string): string => JSON.stringify({ model_name: 'm', model_sha: sha })
    expect(normalize({ sha: SHA_A, last_model: lastModel(SHA_B) }, { keepShas: new Set([SHA_A]) })).toEqual({
      sha: SHA_A,
      last_model: lastModel('<sha>')
    })
  })

  it('escapes keys that contain slashes into one pointer segment', () => {
    expect(pointerSegment('https://hasura.io/jwt/claims')).toBe('https:~1~1hasura.io~1jwt~1claims')
  })
})

describe('diffJson', () => {
  it('answers no difference for equal documents', () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([])
  })

  it('reports missing keys, extra keys, type changes, value changes and lengths by pointer', () => {
    const diffs = diffJson({ keep: 1, gone: 'x', type: 'str', value: 'a', list: [1, 2] }, { keep: 1, type: 3, value: 'b', list: [1], extra: true })
    expect(diffs).toEqual([
      '/gone: recorded "x", missing in emulator answer',
      '/type: recorded string "str", emulator number 3',
      '/value: recorded "a", emulator "b"',
      '/list: recorded 2 items [1,2], emulator 1 items [1]',
      '/extra: not in recording, emulator has true'
    ])
  })

  it('tells null from an object and an empty list from a missing one', () => {
    expect(diffJson({ model_config: null }, { model_config: {} })).toEqual(['/model_config: recorded null null, emulator object {}'])
    expect(diffJson({ details: [] }, { details: null })).toEqual(['/details: recorded array [], emulator null null'])
  })

  it('compares floats with a tolerance and integers exactly', () => {
    expect(diffJson({ s: 0.0014974177 }, { s: 0.001497417688369751 })).toEqual([])
    expect(diffJson({ s: 0.0014974177 }, { s: 0.0015 })).toHaveLength(1)
    expect(diffJson({ n: 3 }, { n: 4 })).toEqual(['/n: recorded 3, emulator 4'])
  })

  it('honours typeOnly, anyLength and skip patterns with * segments', () => {
    const recorded = { rows: [{ elapsed: [1, 2], name: 'x' }], skipped: 'a' }
    const actual = {
      rows: [
        { elapsed: [7, 8], name: 'x' },
        { elapsed: [9, 9], name: 'x' }
      ],
      skipped: 'b'
    }
    expect(diffJson(recorded, actual)).toHaveLength(2)
    expect(diffJson(recorded, actual, { typeOnly: ['/rows/*/elapsed/*'], anyLength: ['/rows'], skip: ['/skipped'] })).toEqual([])
    expect(
      diffJson(recorded, { ...actual, rows: [{ elapsed: ['7', 8], name: 'x' }] }, { typeOnly: ['/rows/*/elapsed/*'], anyLength: ['/rows'], skip: ['/skipped'] })
    ).toEqual(['/rows/0/elapsed/0: recorded number 1, emulator string "7"'])
  })
})

describe('compareWithRecording', () => {
  it('finds a recorded create response and an emulator one alike, and not a wrong shape', () => {
    const recorded = { pipeline_pk_id: 25, pipeline_variant_pk_id: 26, pipeline_variant_version: 'c29a277a-10b9-48f9-a738-aafb296df8c2' }
    expect(
      compareWithRecording(recorded, { pipeline_pk_id: 1, pipeline_variant_pk_id: 2, pipeline_variant_version: '0f8fad5b-d9cb-469f-a165-70867728950e' })
    ).toEqual([])
    expect(compareWithRecording(recorded, { pipeline_pk_id: '1', pipeline_variant_pk_id: 2, pipeline_variant_version: 'v1' })).toEqual([
      // an integer id normalises to "<id>"; a string id stays itself, so the type change shows
      '/pipeline_pk_id: recorded "<id>", emulator "1"',
      '/pipeline_variant_version: recorded "<uuid>", emulator "v1"'
    ])
  })
})
