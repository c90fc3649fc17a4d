/**
 * parseInputs' checks of what the inputs point at, before anything changes on the server: the model file (is it a
 * loadable ONNX model?), the smoke input against it, mistyped `models` keys, all-digit `sha` values, durations a
 * timer cannot hold or that round to nothing, and the engine-config schema's warnings reaching the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputParser } from '../helpers/input-parsing.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

let dir = ''
const MODEL = buildDemoModel()

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'input-checks-'))
  mkdirSync(join(dir, 'models'))
  mkdirSync(join(dir, 'data'))
  writeFileSync(join(dir, 'models/ccfraud.onnx'), MODEL)
  writeFileSync(join(dir, 'models/notes.onnx'), 'This is where the model will go.\n')
  writeFileSync(join(dir, 'models/cut.onnx'), MODEL.subarray(0, 300))
  writeFileSync(join(dir, 'models/empty.onnx'), '')
  writeFileSync(join(dir, 'data/fits.json'), toPandasRecordsJson(demoRows(2)))
  writeFileSync(join(dir, 'data/short.json'), toPandasRecordsJson(demoRows(2).map((r) => r.slice(0, 28))))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base: Record<string, string> = {
  url: 'https://wallaroo.example.com',
  username: 'ci@example.com',
  password: 'hunter2',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: models/ccfraud.onnx\n'
}

const { parse, problems } = inputParser(base, () => dir)

describe('the model file', () => {
  it('an ONNX file is hashed and its signature read', () => {
    const [m] = parse({}).models
    expect(m).toMatchObject({
      kind: 'file',
      size: MODEL.length,
      sha: createHash('sha256').update(MODEL).digest('hex'),
      signature: { inputs: [{ name: 'dense_input' }] }
    })
  })

  it.each([
    [
      'a text file',
      'models/notes.onnx',
      /is not a loadable ONNX model: it is text, not a binary ONNX protobuf \(it starts with "This is where the model will go\.\\n"\)\. Give the \.onnx file your exporter wrote .*or set 'framework' to the model's real framework\.$/
    ],
    [
      'a cut-off file',
      'models/cut.onnx',
      /is not a loadable ONNX model: it ends too soon \(.+\): the file looks cut short; upload the whole file\. Give the \.onnx file/
    ]
  ])('%s is refused, naming models and the fix', (_what, path, message) => {
    expect(problems({ models: `- name: ccfraud\n  path: ${path}\n` })).toEqual([
      expect.stringMatching(new RegExp(`^Input 'models' item 1 \\("ccfraud"\\) 'path' ${join(dir, path).replace(/[.]/g, '\\.')} ${message.source}`))
    ])
  })

  it('an empty file is refused whatever its framework', () => {
    expect(problems({ models: '- name: ccfraud\n  path: models/empty.onnx\n  framework: python\n' })).toEqual([
      `Input 'models' item 1 ("ccfraud") 'path' ${join(dir, 'models/empty.onnx')} is empty (0 bytes); give the model file itself (a checkout without its Git LFS files leaves pointers or empty files).`
    ])
  })

  it('other frameworks are not read as ONNX', () => {
    expect(parse({ models: '- name: ccfraud\n  path: models/notes.onnx\n  framework: python\n' }).models[0]).not.toHaveProperty('signature')
  })
})

describe('the models entries', () => {
  it("a mistyped 'paht' is named with its correction, not reported as a missing 'path'", () => {
    expect(problems({ models: '- name: ccfraud\n  paht: models/ccfraud.onnx\n' })).toEqual([
      `Input 'models' item 1 ("ccfraud") has unknown key 'paht' (did you mean 'path'?); the keys are name, path, framework, arch, accel, input_schema, output_schema (to upload a file), name, version, sha or name, id (an existing version).`
    ])
  })

  it('an all-digit sha is read as the text written, not as a rounded number', () => {
    const digits = '1234567890'.repeat(6) + '1234'
    const [m] = parse({ models: `- name: ccfraud\n  version: 1d7191d4-5996-4750-b209-3a3a757bd4dd\n  sha: ${digits}\n` }).models
    expect(m).toEqual({ kind: 'existing', name: 'ccfraud', version: '1d7191d4-5996-4750-b209-3a3a757bd4dd', sha: digits })
  })

  it('a short all-digit sha is refused quoting what was written', () => {
    expect(problems({ models: '- name: ccfraud\n  version: v1\n  sha: 0123\n' })).toEqual([
      expect.stringContaining(`needs 'sha': the file's SHA-256 as 64 lowercase hex digits (shown by 'sha256sum <file>') (it is "0123").`)
    ])
  })

  it('an upper-case sha gets its lower-case form', () => {
    expect(problems({ models: `- name: ccfraud\n  version: v1\n  sha: ${'AB'.repeat(32)}\n` })[0]).toContain(`Write it in lower case: ${'ab'.repeat(32)}.`)
  })
})

describe('the smoke input against the model', () => {
  it('a fitting file passes', () => {
    expect(parse({ 'smoke-input': 'data/fits.json' }).smokeInput?.rows).toBe(2)
  })

  it('rows of 28 values for a model taking 29 are refused before anything is created', () => {
    expect(problems({ 'smoke-input': 'data/short.json' })).toEqual([
      expect.stringMatching(
        /^Input 'smoke-input' file .*short\.json does not fit model "ccfraud" \(the pipeline's first model\) input "dense_input" takes float values with shape \[batch, 29\]: .* row 1 has 28 values, but a row takes 29; row 2 has 28 values, but a row takes 29\. Give each row 29 float values\.$/
      )
    ])
  })

  it('operation infer is not checked against a model file (it sends to what is deployed)', () => {
    expect(parse({ operation: 'infer', models: undefined, 'smoke-input': 'data/short.json' }).smokeInput?.rows).toBe(2)
  })
})

describe('durations', () => {
  it.each([
    [
      'timeout',
      '0.0001s',
      `Input 'timeout' is "0.0001s": it rounds to 0 ms (durations count whole milliseconds); write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds).`
    ],
    [
      'request-timeout',
      '30d',
      `Input 'request-timeout' is "30d": it is longer than 596h31m (2147483647 ms), the longest wait a timer can hold; give a shorter duration such as 6h (GitHub ends jobs after 6 hours on hosted runners).`
    ],
    ['poll-interval', '99999999999999999999d', expect.stringMatching(/^Input 'poll-interval' is "99999999999999999999d": it is longer than 596h31m/)],
    ['error-grace', '25d', expect.stringMatching(/^Input 'error-grace' is "25d": it is longer than/)]
  ])('%s %s is refused', (input, value, message) => {
    expect(problems({ [input]: value })).toEqual([message])
  })

  it('max-age is no timer: 90d is fine', () => {
    expect(parse({ operation: 'sweep', models: undefined, pipeline: undefined, prefix: 'pr-', 'max-age': '90d' }).maxAgeMs).toBe(90 * 86_400_000)
  })
})

describe('engine-config warnings reach the settings', () => {
  it('an unknown key is accepted with a warning', () => {
    const s = parse({ 'engine-config': '{"engine": {"replica": 2}}' })
    expect(s.inputWarnings).toEqual([expect.stringMatching(/^Input 'engine-config' has the key 'engine\.replica'.*did you mean 'replicas'\?/)])
  })
})
