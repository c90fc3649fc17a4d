/** Input checks added after the user-eye audit: empty definitions, model schemas, URLs with paths, credentials from input and env. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Field, Float32, Schema, Table, tableToIPC, Utf8 } from 'apache-arrow'
import { parseInputs } from '../../src/action/inputs.js'
import { InputError } from '../../src/action/errors.js'
import type { ActionSettings } from '../../src/action/settings.js'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ops-inputs-'))
  mkdirSync(join(dir, 'models'))
  writeFileSync(join(dir, 'models/ccfraud.onnx'), 'not really onnx')
  writeFileSync(join(dir, 'models/model.pt'), 'not really pytorch')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Base64 of an Arrow IPC schema message, like pyarrow's `Schema.serialize()` (a stream without batches or end marker). */
function schemaB64(fields: Field[]): string {
  const stream = tableToIPC(new Table(new Schema(fields)), 'stream')
  return Buffer.from(stream.subarray(0, stream.length - 8)).toString('base64')
}
const INPUT_SCHEMA = schemaB64([new Field('tensor', new Float32())])
const OUTPUT_SCHEMA = schemaB64([new Field('label', new Utf8())])

const base: Record<string, string> = {
  url: 'https://wallaroo.example.com',
  username: 'ci@example.com',
  password: 'hunter2',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: models/ccfraud.onnx\n'
}

function parse(inputs: Record<string, string | undefined>, env: NodeJS.ProcessEnv = {}): ActionSettings {
  const all = { ...base, ...inputs }
  return parseInputs((name) => all[name] ?? '', env, dir)
}

function problems(inputs: Record<string, string | undefined>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parse(inputs, env)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return (e as InputError).problems
  }
  throw new Error('expected an InputError')
}

describe('a pipeline-definition without a model step', () => {
  const refusal = (instead: string) =>
    `Input 'pipeline-definition' has no ModelInference step with a model, and operation 'deploy' cannot deploy an empty pipeline (it could not answer an inference). Add a step such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}${instead}; use operation 'create-pipeline' to create an empty pipeline.`

  it.each([
    ['{}', '{}'],
    ['no steps', '{"steps": []}'],
    ['steps without models', '{"steps": [{"Echo": {}}]}']
  ])('deploy refuses %s before anything is called', (_label, definition) => {
    expect(problems({ 'pipeline-definition': definition, models: undefined })).toEqual([refusal('')])
  })

  it('deploy with models points at leaving the definition out', () => {
    expect(problems({ 'pipeline-definition': '{}' })).toEqual([refusal(" or leave 'pipeline-definition' out to run the models of 'models' in order")])
  })

  it('create-pipeline may create an empty pipeline, as pipelines/create allows', () => {
    const s = parse({ operation: 'create-pipeline', 'pipeline-definition': '{}', models: undefined })
    expect(s.pipelineDefinition).toEqual({})
  })
})

describe('schemas of models whose framework is not native', () => {
  const item = (extra: string) => `- name: torchy\n  path: models/model.pt\n  framework: pytorch\n${extra}`

  it('requires input_schema and output_schema, naming the item and what is missing', () => {
    const [p] = problems({ models: item('') })
    expect(p).toBe(
      `Input 'models' item 1 ("torchy") has 'framework' pytorch, which Wallaroo runs in a container and so needs 'input_schema' and 'output_schema' (only onnx, tensorflow, python go without); missing: 'input_schema' and 'output_schema'. Give each as base64 of an Arrow IPC schema message, e.g. from Python: base64.b64encode(pyarrow.schema([...]).serialize()).decode().`
    )
    expect(problems({ models: item(`  input_schema: ${INPUT_SCHEMA}\n`) })[0]).toContain("missing: 'output_schema'.")
  })

  it('accepts both as base64 Arrow schemas (also wrapped over lines) and keeps them', () => {
    const wrapped = INPUT_SCHEMA.match(/.{1,20}/g)!.join('\n    ')
    const s = parse({ models: item(`  input_schema: >-\n    ${wrapped}\n  output_schema: ${OUTPUT_SCHEMA}\n`) })
    expect(s.models[0]).toMatchObject({ kind: 'file', framework: 'pytorch', inputSchema: INPUT_SCHEMA, outputSchema: OUTPUT_SCHEMA })
  })

  it('refuses text that is not base64, and base64 that is not an Arrow schema', () => {
    const notB64 = problems({ models: item(`  input_schema: "not base64!"\n  output_schema: ${OUTPUT_SCHEMA}\n`) })
    expect(notB64).toEqual([expect.stringMatching(/^Input 'models' item 1 \("torchy"\) has 'input_schema' that is not base64; give base64 of an Arrow IPC schema/)])
    const notArrow = problems({ models: item(`  input_schema: ${INPUT_SCHEMA}\n  output_schema: ${Buffer.from('hello world!').toString('base64')}\n`) })
    expect(notArrow).toEqual([expect.stringMatching(/^Input 'models' item 1 \("torchy"\) has 'output_schema' that decodes to bytes that are not an Arrow schema/)])
  })

  it('native frameworks need no schema but may give one', () => {
    expect(parse({}).models[0]).not.toHaveProperty('inputSchema')
    const s = parse({ models: `- name: ccfraud\n  path: models/ccfraud.onnx\n  input_schema: ${INPUT_SCHEMA}\n` })
    expect(s.models[0]).toMatchObject({ inputSchema: INPUT_SCHEMA })
  })
})

describe('url with a path', () => {
  it.each([
    ['https://wallaroo.example.com/v1/api', "'/v1/api'", 'https://wallaroo.example.com'],
    ['https://wallaroo.example.com/v1/api/', "'/v1/api'", 'https://wallaroo.example.com'],
    ['https://wallaroo.example.com/v1/api/pipelines/deploy', "'/v1/api'", 'https://wallaroo.example.com'],
    ['https://wallaroo.example.com/auth', "'/auth'", 'https://wallaroo.example.com'],
    ['https://proxy.example.com/wallaroo/v1/api', "'/v1/api'", 'https://proxy.example.com/wallaroo']
  ])('refuses %s and suggests the base', (url, part, base) => {
    expect(problems({ url })).toEqual([`Input 'url' is ${JSON.stringify(url)}: give the base address without ${part}; the action appends the API paths itself. Try ${base}.`])
  })

  it('keeps another path as a reverse-proxy prefix, without its trailing slash', () => {
    expect(parse({ url: 'https://proxy.example.com/wallaroo/' }).url).toBe('https://proxy.example.com/wallaroo')
    expect(parse({ url: 'https://proxy.example.com/authority' }).url).toBe('https://proxy.example.com/authority')
  })

  it('applies to auth-url too', () => {
    expect(problems({ 'auth-url': 'https://keycloak.example.com/auth/realms/master' })).toEqual([
      `Input 'auth-url' is "https://keycloak.example.com/auth/realms/master": give the base address without '/auth'; the action appends the API paths itself. Try https://keycloak.example.com.`
    ])
  })

  it('names WALLAROO_URL when the address came from the environment', () => {
    expect(problems({ url: undefined }, { WALLAROO_URL: 'https://w.example.com/v1/api' })).toEqual([
      `The WALLAROO_URL environment variable is "https://w.example.com/v1/api": give the base address without '/v1/api'; the action appends the API paths itself. Try https://w.example.com.`
    ])
  })

  it('never repeats credentials written into the address', () => {
    const [p] = problems({ url: 'https://u:secret@w.example.com/v1/api?x=1' })
    expect(p).toBe(`Input 'url' contains credentials; remove them from the URL and use the 'token' or 'username'/'password' inputs.`)
  })
})

describe('credentials from inputs and environment', () => {
  it('a password input with WALLAROO_USER in the environment signs in as that user', () => {
    const s = parse({ username: undefined }, { WALLAROO_USER: 'env-user@example.com' })
    expect(s.auth).toEqual({ kind: 'password', username: 'env-user@example.com', password: 'hunter2' })
  })

  it('a username input with WALLAROO_PASSWORD in the environment', () => {
    const s = parse({ password: undefined }, { WALLAROO_PASSWORD: 'from-env' })
    expect(s.auth).toEqual({ kind: 'password', username: 'ci@example.com', password: 'from-env' })
  })

  it('inputs win over the environment; a token ignores it', () => {
    expect(parse({}, { WALLAROO_USER: 'other', WALLAROO_PASSWORD: 'other' }).auth).toEqual({ kind: 'password', username: 'ci@example.com', password: 'hunter2' })
    expect(parse({ username: undefined, password: undefined, token: 'tok' }, { WALLAROO_USER: 'u', WALLAROO_PASSWORD: 'p' }).auth).toEqual({ kind: 'token', token: 'tok' })
  })

  it('says which of input and environment was found and which is missing', () => {
    expect(problems({ username: undefined, password: undefined }, { WALLAROO_USER: 'u' })).toEqual([
      "WALLAROO_USER is set in the environment but no password is given: give 'password' or set WALLAROO_PASSWORD, from a secret, e.g. ${{ secrets.WALLAROO_PASSWORD }}."
    ])
    expect(problems({ username: undefined, password: undefined }, { WALLAROO_PASSWORD: 'p' })).toEqual([
      "WALLAROO_PASSWORD is set in the environment but no user is given: give 'username' or set WALLAROO_USER."
    ])
    // Only offered when the variable is not set already.
    expect(problems({ username: undefined })).toEqual(["Input 'username' is required with 'password' (or set WALLAROO_USER)."])
  })
})
