/**
 * parseInputs: the action's inputs (and WALLAROO_* variables) → settings, and every problem named with its input
 * and fix: operations, URLs (also with a path), credentials from inputs and environment, models and their schemas,
 * pipeline definitions and smoke-input files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Field, Float32, Schema, Table, tableFromArrays, tableToIPC, Utf8 } from 'apache-arrow'
import { inputParser } from '../helpers/input-parsing.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'
import { InputError } from '../../src/action/errors.js'

// The action loads these before parsing its inputs (main.ts); here every test may need them.
await loadParsers()

const SHA = 'a'.repeat(64)
/** The model file: a real (tiny) ONNX model, since ONNX files are read and checked while parsing the inputs. */
const MODEL = buildDemoModel()
/** sha256 of the model file: parseInputs hashes the file and carries the sha and size. */
const MODEL_SHA = createHash('sha256').update(MODEL).digest('hex')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inputs-'))
  mkdirSync(join(dir, 'models'))
  mkdirSync(join(dir, 'data'))
  writeFileSync(join(dir, 'models/ccfraud.onnx'), MODEL)
  writeFileSync(join(dir, 'models/model.pt'), 'not really pytorch')
  // Rows that fit the model's one input (29 floats): a lone column of any name feeds a one-input model.
  writeFileSync(join(dir, 'data/smoke.df.json'), toPandasRecordsJson(demoRows(2)))
  writeFileSync(join(dir, 'data/empty.json'), '[]')
  writeFileSync(join(dir, 'data/object.json'), '{"tensor": [1]}')
  writeFileSync(join(dir, 'data/bad.json'), '[{"tensor": [1]')
  writeFileSync(join(dir, 'data/rows.arrow'), toArrowFile(demoRows(3)))
  writeFileSync(join(dir, 'data/stream.arrow'), tableToIPC(tableFromArrays({ x: Float32Array.from([1]) }), 'stream'))
  writeFileSync(join(dir, 'data/smoke.csv'), 'x\n1\n')
  writeFileSync(join(dir, 'data/goldens-1.json'), JSON.stringify([{ dense_1: [0.1] }]))
  writeFileSync(join(dir, 'data/goldens-2.json'), JSON.stringify([{ dense_1: [0.1] }, { dense_1: [0.2] }]))
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
  url: 'https://wallaroo.example.com/',
  username: 'ci@example.com',
  password: 'hunter2',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud\n  path: models/ccfraud.onnx\n'
}

const { parse, problems } = inputParser(base, () => dir)

describe('parseInputs: a valid deploy', () => {
  it('builds the settings with the defaults', () => {
    const s = parse({ 'smoke-input': 'data/smoke.df.json' })
    expect(s).toMatchObject({
      operation: 'deploy',
      url: 'https://wallaroo.example.com',
      authUrl: 'https://wallaroo.example.com',
      auth: { kind: 'password', username: 'ci@example.com', password: 'hunter2' },
      workspace: { name: 'fraud-team' },
      createWorkspace: true,
      pipeline: 'ccfraud',
      models: [
        {
          kind: 'file',
          name: 'ccfraud',
          path: join(dir, 'models/ccfraud.onnx'),
          size: MODEL.length,
          sha: MODEL_SHA,
          framework: 'onnx',
          signature: { inputs: [{ name: 'dense_input', type: 'float', dims: ['batch', 29] }] }
        }
      ],
      timeoutMs: 900_000,
      requestTimeoutMs: 60_000,
      pollIntervalMs: 2000,
      smokeInput: { format: 'pandas-records', rows: 2, path: join(dir, 'data/smoke.df.json') }
    })
    expect(s.engineConfig).toEqual({ engine: {}, enginelb: {}, engineAux: { images: {} } })
  })

  it('takes url and the user from WALLAROO_* when the inputs are empty', () => {
    const s = parse(
      { url: undefined, username: undefined, password: undefined },
      { WALLAROO_URL: 'http://127.0.0.1:8080', WALLAROO_USER: 'u', WALLAROO_PASSWORD: 'p' }
    )
    expect(s.url).toBe('http://127.0.0.1:8080')
    expect(s.auth).toEqual({ kind: 'password', username: 'u', password: 'p' })
  })

  it('a token, a client secret, an auth-url, a numeric workspace and an Arrow smoke input', () => {
    expect(parse({ username: '', password: '', token: 'tok' }).auth).toEqual({ kind: 'token', token: 'tok' })
    const s = parse({ 'client-secret': 'sec', 'auth-url': 'https://x.keycloak.example.com/', workspace: '42', 'smoke-input': 'data/rows.arrow' })
    expect(s.auth).toEqual({ kind: 'password', username: 'ci@example.com', password: 'hunter2', clientSecret: 'sec' })
    expect(s.authUrl).toBe('https://x.keycloak.example.com')
    expect(s.workspace).toEqual({ id: 42 })
    expect(s.smokeInput).toMatchObject({ format: 'arrow', rows: 3 })
  })

  it('client-id: a service account without a user (client_credentials), or the client a user signs in through', () => {
    expect(parse({ username: '', password: '', 'client-id': 'api-client', 'client-secret': 'sec' }).auth).toEqual({
      kind: 'client',
      clientId: 'api-client',
      clientSecret: 'sec'
    })
    expect(parse({ 'client-id': 'ci-client', 'client-secret': 'sec' }).auth).toEqual({
      kind: 'password',
      username: 'ci@example.com',
      password: 'hunter2',
      clientSecret: 'sec',
      clientId: 'ci-client'
    })
    // A user from the environment still signs in as that user, through the client.
    expect(
      parse({ username: '', password: '', 'client-id': 'api-client', 'client-secret': 'sec' }, { WALLAROO_USER: 'env-user', WALLAROO_PASSWORD: 'pw' }).auth
    ).toEqual({
      kind: 'password',
      username: 'env-user',
      password: 'pw',
      clientSecret: 'sec',
      clientId: 'api-client'
    })
  })

  it('models: an existing version, a framework and an arch', () => {
    const s = parse({
      models: JSON.stringify([
        { name: 'old', version: 'uuid-1', sha: SHA },
        { name: 'new', path: 'models/ccfraud.onnx', framework: 'tensorflow', arch: 'arm' }
      ])
    })
    expect(s.models).toEqual([
      { kind: 'existing', name: 'old', version: 'uuid-1', sha: SHA },
      { kind: 'file', name: 'new', path: join(dir, 'models/ccfraud.onnx'), size: MODEL.length, sha: MODEL_SHA, framework: 'tensorflow', arch: 'arm' }
    ])
  })

  it('models: an existing version by numeric id (a number or digits)', () => {
    const s = parse({ models: '- name: old\n  id: 42\n- name: older\n  id: "7"\n' })
    expect(s.models).toEqual([
      { kind: 'id', name: 'old', versionId: 42 },
      { kind: 'id', name: 'older', versionId: 7 }
    ])
    expect(problems({ operation: 'upload-model', pipeline: undefined, models: '- name: old\n  id: 42\n' })).toEqual([
      `Input 'models' entry "old" names an existing version; operation 'upload-model' uploads files, so give 'path' instead.`
    ])
  })

  it("arch: entries without their own arch follow the engine's (also from engine-config); a contradicting one is refused", () => {
    const two = JSON.stringify([
      { name: 'a', path: 'models/ccfraud.onnx' },
      { name: 'b', path: 'models/ccfraud.onnx', arch: 'arm' }
    ])
    expect(parse({ models: two, arch: 'arm' }).models.map((m) => (m as { arch?: string }).arch)).toEqual(['arm', 'arm'])
    expect(parse({ models: two, 'engine-config': '{"engine": {"arch": "arm"}}' }).models.map((m) => (m as { arch?: string }).arch)).toEqual(['arm', 'arm'])
    expect(parse({ models: two }).models.map((m) => (m as { arch?: string }).arch)).toEqual([undefined, 'arm'])
    expect(problems({ models: two, arch: 'x86' })).toEqual([
      `Input 'arch' is x86 but 'models' item 2 ("b") has 'arch: arm': a model converted for arm cannot run on x86 engines. Set the same arch on both, or drop the entry's 'arch' (it then follows 'arch').`
    ])
  })

  it('a definition alone is enough for deploy', () => {
    const def = JSON.stringify({ steps: [{ ModelInference: { models: [{ name: 'x', version: 'v', sha: SHA }] } }] })
    expect(parse({ models: undefined, 'pipeline-definition': def }).pipelineDefinition).toEqual(JSON.parse(def))
  })

  it('status with a deployment id, copy-pipeline with its names', () => {
    expect(parse({ operation: 'status', models: undefined, 'deployment-id': '14' }).deploymentId).toBe(14)
    const copy = parse({ operation: 'copy-pipeline', models: undefined, pipeline: undefined, 'source-pipeline': 'a', 'new-pipeline': 'b' })
    expect([copy.sourcePipeline, copy.newPipeline]).toEqual(['a', 'b'])
  })
})

describe('parseInputs: every problem, named with its input and fix', () => {
  it.each<[string, Record<string, string | undefined>, string]>([
    [
      'unknown operation',
      { operation: 'redeploy' },
      `Input 'operation' is "redeploy": use one of deploy, upload-model, create-pipeline, undeploy, copy-pipeline, status, infer, get-url, sweep, promote, reject (did you mean 'deploy'?).`
    ],
    [
      'missing url',
      { url: undefined },
      `Input 'url' is required: set 'url' (or the WALLAROO_URL environment variable) to your Wallaroo API address, e.g. https://wallaroo.example.com.`
    ],
    [
      'url without scheme',
      { url: 'wallaroo.example.com' },
      `Input 'url' is "wallaroo.example.com": not a URL; give the full address with its scheme, e.g. https://wallaroo.example.com.`
    ],
    ['ftp url', { url: 'ftp://x.example.com' }, `Input 'url' is "ftp://x.example.com": only http:// and https:// addresses are supported.`],
    [
      'url with query',
      { url: 'https://x.example.com/?a=1' },
      `Input 'url' is "https://x.example.com/?a=1": remove the query or fragment; give only the base address, e.g. https://x.example.com.`
    ],
    [
      'url with credentials',
      { url: 'https://u:p@x.example.com' },
      `Input 'url' contains credentials; remove them from the URL and use the 'token' or 'username'/'password' inputs.`
    ],
    [
      'bad auth-url',
      { 'auth-url': 'keycloak' },
      `Input 'auth-url' is "keycloak": not a URL; give the full address with its scheme, e.g. https://wallaroo.example.com.`
    ],
    [
      'no credentials',
      { username: undefined, password: undefined },
      `No credentials: give 'token', or 'username' and 'password' (or the WALLAROO_USER/WALLAROO_PASSWORD environment variables), from repository secrets.`
    ],
    ['token and user', { token: 't' }, `Inputs 'token' and 'username'/'password' are both given; use one way to sign in: a token, or a user and password.`],
    [
      'user without password',
      { password: undefined },
      `Input 'password' is required with 'username' (or set WALLAROO_PASSWORD); pass it from a secret, e.g. \${{ secrets.WALLAROO_PASSWORD }}.`
    ],
    ['password without user', { username: undefined }, `Input 'username' is required with 'password' (or set WALLAROO_USER).`],
    [
      'client-secret with token',
      { username: undefined, password: undefined, token: 't', 'client-secret': 's' },
      `Input 'client-secret' does not apply when signing in with 'token' (the token is used as it is); remove it, or remove 'token'.`
    ],
    [
      'client-id with token',
      { username: undefined, password: undefined, token: 't', 'client-id': 'svc' },
      `Input 'client-id' does not apply when signing in with 'token' (the token is used as it is); remove it, or remove 'token'.`
    ],
    [
      'client-id without a secret or a user',
      { username: undefined, password: undefined, 'client-id': 'api-client' },
      `Input 'client-id' without a user signs in as that client's service account (the client_credentials grant), which needs 'client-secret': pass it from a secret, e.g. \${{ secrets.WALLAROO_CLIENT_SECRET }}; or give 'username' and 'password' to sign in as a user through this client.`
    ],
    [
      'client-secret without a user or client-id',
      { username: undefined, password: undefined, 'client-secret': 's' },
      `Input 'client-secret' is given without a user: give 'username' and 'password' to sign in as a user through the confidential client, or 'client-id' (e.g. api-client) to sign in as the client's service account (client_credentials grant; Wallaroo's docs describe such tokens for inference).`
    ],
    [
      'workspace name with "_"',
      { workspace: 'fraud_team' },
      `Input 'workspace' is "fraud_team": names allow lowercase ASCII letters, digits and '-' only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects). Try "fraud-team". An existing workspace with another name can be given by its numeric id.`
    ],
    [
      'missing workspace',
      { workspace: undefined },
      `Input 'workspace' is required by operation 'deploy'. Give the workspace name (e.g. fraud-team) or its numeric id.`
    ],
    ['create-workspace typo', { 'create-workspace': 'ture' }, `Input 'create-workspace' is "ture": use true or false.`],
    [
      'pipeline with "."',
      { pipeline: 'cc.fraud' },
      `Input 'pipeline' is "cc.fraud": names allow ASCII letters, digits and '-' only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects). Try "cc-fraud".`
    ],
    ['missing pipeline', { pipeline: undefined }, `Input 'pipeline' is required by operation 'deploy'. Give the pipeline name, e.g. ccfraud.`],
    [
      'no models nor definition',
      { models: undefined },
      `Operation 'deploy' needs 'models' or 'pipeline-definition' (or both): say which models the pipeline runs.`
    ],
    [
      'bad timeout',
      { timeout: '10 minutes' },
      `Input 'timeout' is "10 minutes": "10 minutes" is not a number followed by ms, s, m, h or d; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds).`
    ],
    [
      'zero request-timeout',
      { 'request-timeout': '0' },
      `Input 'request-timeout' is "0": it must be greater than zero; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds).`
    ],
    [
      'negative poll-interval',
      { 'poll-interval': '-1s' },
      `Input 'poll-interval' is "-1s": "-1s" is not a number followed by ms, s, m, h or d; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds).`
    ],
    [
      'gpus without label',
      { gpus: '2' },
      `Input 'gpus' asks for 2 GPU(s) but 'deployment-label' is empty: GPU deployments need the node label of your GPU nodepool, e.g. 'deployment-label: wallaroo.ai/accelerator:a100'.`
    ],
    [
      'bad deployment-id',
      { operation: 'status', models: undefined, 'deployment-id': 'ccfraud-14' },
      `Input 'deployment-id' is "ccfraud-14": give the numeric deployment id (the 'deployment-id' output of the deploy step, e.g. 14).`
    ],
    [
      'smoke-input with undeploy',
      { operation: 'undeploy', models: undefined, 'smoke-input': 'data/smoke.df.json' },
      `Input 'smoke-input' does not apply to operation 'undeploy'; it is used by 'deploy', 'copy-pipeline', 'infer', 'promote', 'reject'. Remove it or change 'operation'.`
    ],
    [
      'source-pipeline with deploy',
      { 'source-pipeline': 'a' },
      `Input 'source-pipeline' does not apply to operation 'deploy'; it is used by 'copy-pipeline'. Remove it or change 'operation'.`
    ],
    [
      'engine input with status',
      { operation: 'status', models: undefined, cpus: '2' },
      `Input 'cpus' does not apply to operation 'status'; it is used by 'deploy', 'copy-pipeline'. Remove it or change 'operation'.`
    ],
    [
      'infer without smoke-input',
      { operation: 'infer', models: undefined },
      `Input 'smoke-input' is required by operation 'infer'. Give a pandas-records .json or Arrow .arrow file to send to the pipeline.`
    ],
    [
      'copy onto itself',
      { operation: 'copy-pipeline', models: undefined, pipeline: undefined, 'source-pipeline': 'a', 'new-pipeline': 'a' },
      `Input 'new-pipeline' is the same as 'source-pipeline' ("a"); give the copy a new name.`
    ],
    [
      'existing version for upload-model',
      { operation: 'upload-model', pipeline: undefined, models: `- name: m\n  version: v\n  sha: ${SHA}\n` },
      `Input 'models' entry "m" names an existing version; operation 'upload-model' uploads files, so give 'path' instead.`
    ],
    [
      'smoke-input of another format',
      { 'smoke-input': 'data/smoke.csv' },
      `Input 'smoke-input' is "data/smoke.csv": use a pandas-records .json file (e.g. data/smoke_test.df.json) or an Arrow IPC .arrow file.`
    ],
    [
      'goldens without smoke-input',
      { 'expected-output': 'data/goldens-2.json' },
      `Input 'expected-output' needs 'smoke-input': the golden answers are compared with the answers to that input. Give the input file the goldens were recorded from.`
    ],
    [
      'goldens of another row count',
      { 'expected-output': 'data/goldens-1.json', 'smoke-input': 'data/smoke.df.json' },
      `Input 'expected-output' has 1 record(s) but 'smoke-input' has 2 row(s); the goldens need one record per input row. Record them again from this input with operation 'infer' and 'write-output'.`
    ],
    [
      'tolerance without goldens',
      { tolerance: '1e-3' },
      `Input 'tolerance' only applies with 'expected-output' (it bounds the golden check) or a comparison with the live model; give the golden file or remove 'tolerance'.`
    ],
    [
      'bad tolerance',
      { 'expected-output': 'data/goldens-2.json', 'smoke-input': 'data/smoke.df.json', tolerance: 'loose' },
      `Input 'tolerance' is "loose": the value "loose" is not a non-negative number; write one number for both bounds (1e-6) or abs=… and/or rel=… separated by a comma (abs=1e-6,rel=1e-4).`
    ],
    [
      'write-output not json',
      { operation: 'infer', models: undefined, 'smoke-input': 'data/smoke.df.json', 'write-output': 'out.csv' },
      `Input 'write-output' is "out.csv": the answers are written as pandas-records JSON, so give a .json path, e.g. goldens/ccfraud.expected.json.`
    ],
    ['on-failure typo', { 'on-failure': 'roll-back' }, `Input 'on-failure' is "roll-back": use one of rollback, undeploy, keep (did you mean 'rollback'?).`],
    ['teardown typo', { teardown: 'yes' }, `Input 'teardown' is "yes": use one of always, on-failure, never.`],
    [
      'error-grace of zero',
      { 'error-grace': '0s' },
      `Input 'error-grace' is "0s": it must be greater than zero; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds).`
    ],
    [
      'on-failure with status',
      { operation: 'status', models: undefined, 'on-failure': 'keep' },
      `Input 'on-failure' does not apply to operation 'status'; it is used by 'deploy', 'copy-pipeline', 'promote', 'reject'. Remove it or change 'operation'.`
    ],
    [
      'ephemeral outside a workflow',
      { ephemeral: 'true' },
      `Input 'ephemeral' is true, but this run has neither a pull request number (GITHUB_EVENT_PATH of a pull_request event) nor a commit (GITHUB_SHA) to name the pipeline after; run it in a workflow, or set 'ephemeral' to false and give the full name in 'pipeline'.`
    ],
    ['dry-run typo', { 'dry-run': 'maybe' }, `Input 'dry-run' is "maybe": use true or false.`],
    [
      'sweep prefix with "_"',
      { operation: 'sweep', models: undefined, pipeline: undefined, prefix: 'pr_', 'max-age': '7d' },
      `Input 'prefix' is "pr_": pipeline names start with a letter and hold ASCII letters, digits and '-', so a prefix that can match one must too, e.g. ccfraud-pr-.`
    ],
    [
      'closed-prs without a repository',
      { operation: 'sweep', models: undefined, pipeline: undefined, prefix: 'pr-', 'closed-prs': 'true', 'github-token': 'ghs_x' },
      `Input 'closed-prs' needs the repository (GITHUB_REPOSITORY) to read its pull requests; run the sweep in a workflow.`
    ],
    [
      'closed-prs without a token',
      { operation: 'sweep', models: undefined, pipeline: undefined, prefix: 'pr-', 'closed-prs': 'true', 'github-token': '${{ github.token }}' },
      `Input 'closed-prs' needs a GitHub token to read the pull requests: keep 'github-token' at its default (\${{ github.token }}) and give the job 'pull-requests: read'.`
    ],
    [
      'definition naming an unknown model',
      { 'pipeline-definition': '{"steps": [{"ModelInference": {"models": [{"name": "other"}]}}]}' },
      `Input 'pipeline-definition' uses model "other" without 'version' and 'sha', and 'models' has no entry named "other"; add it to 'models' or give its version and sha.`
    ]
  ])('%s', (_title, inputs, message) => {
    expect(problems(inputs)).toEqual([message])
  })

  it('lists every problem at once, one per line', () => {
    try {
      parse({ pipeline: 'My_Pipe', timeout: 'soon', url: undefined })
      throw new Error('expected an InputError')
    } catch (e) {
      const err = e as InputError
      expect(err.problems).toHaveLength(3)
      expect(err.message.split('\n')[0]).toBe('3 inputs need fixing:')
      expect(err.message).toContain(`- Input 'pipeline' is "My_Pipe"`)
      expect(err.message).toContain(`- Input 'timeout' is "soon"`)
      expect(err.message).toContain(`- Input 'url' is required`)
    }
  })
})

describe('the models input', () => {
  const m = (models: string): string[] => problems({ models })
  it.each<[string, string, string]>([
    [
      'a mapping instead of a list',
      'name: ccfraud\npath: models/ccfraud.onnx',
      `Input 'models' must be a YAML or JSON list of models. Start each item with '- ', e.g. '- name: ccfraud' then '  path: models/ccfraud.onnx'.`
    ],
    ['an empty list', '[]', `Input 'models' is an empty list; name at least one model or leave the input out.`],
    ['malformed YAML', '- name: a\n  path: [x\n', `Input 'models' cannot be read: it is not valid YAML or JSON: `],
    ['an item without name', '- path: models/ccfraud.onnx', `Input 'models' item 1 has no 'name'; give the model's name in Wallaroo, e.g. 'name: ccfraud'.`],
    [
      'a bad name',
      '- name: cc_fraud\n  path: models/ccfraud.onnx',
      `Input 'models' item 1 'name' is "cc_fraud": names allow ASCII letters, digits and '-' only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects). Try "cc-fraud".`
    ],
    [
      'a missing file',
      '- name: a\n  path: models/missing.onnx',
      `Input 'models' item 1 ("a") 'path' ${'DIR'}/models/missing.onnx does not exist; paths are relative to the workspace directory ${'DIR'} (check out the repository first, e.g. actions/checkout).`
    ],
    [
      'a directory',
      '- name: a\n  path: models',
      `Input 'models' item 1 ("a") 'path' ${'DIR'}/models cannot be read (not a regular file); paths are relative to the workspace directory ${'DIR'} (check out the repository first, e.g. actions/checkout).`
    ],
    [
      'path and version',
      `- name: a\n  path: models/ccfraud.onnx\n  version: v`,
      `Input 'models' item 1 ("a") has 'path' and 'version'/'sha'; give one of 'path' (a file to upload), 'version' + 'sha' or 'id' (an existing version).`
    ],
    ['neither', '- name: a', `Input 'models' item 1 ("a") needs 'path' (a model file to upload), or 'version' + 'sha' or 'id' (an existing model version).`],
    [
      'an id and a sha',
      '- name: a\n  id: 4\n  sha: x',
      `Input 'models' item 1 ("a") has 'version'/'sha' and 'id'; give one of 'path' (a file to upload), 'version' + 'sha' or 'id' (an existing version).`
    ],
    [
      'an id that is not a number',
      '- name: a\n  id: four',
      `Input 'models' item 1 ("a") has 'id' "four": give the model version's numeric id (the 'version_id' of the 'models' output, or the id an upload answers), e.g. 'id: 42'.`
    ],
    [
      'an id of 0',
      '- name: a\n  id: 0',
      `Input 'models' item 1 ("a") has 'id' 0: give the model version's numeric id (the 'version_id' of the 'models' output, or the id an upload answers), e.g. 'id: 42'.`
    ],
    [
      'an unknown key beside id',
      '- name: a\n  id: 4\n  arch: arm',
      `Input 'models' item 1 ("a") has key 'arch', which does not go with 'id'; allowed with it: name, id.`
    ],
    [
      'a bad sha',
      '- name: a\n  version: v\n  sha: 1234',
      `Input 'models' item 1 ("a") needs 'sha': the file's SHA-256 as 64 lowercase hex digits (shown by 'sha256sum <file>') (it is "1234").`
    ],
    [
      'an unknown framework',
      '- name: a\n  path: models/ccfraud.onnx\n  framework: caffe',
      `Input 'models' item 1 ("a") has 'framework' "caffe"; use one of onnx, tensorflow, python, keras, pytorch, sklearn, xgboost, custom, mlflow, vllm or hugging-face-<task>.`
    ],
    [
      'an unknown key',
      '- name: a\n  path: models/ccfraud.onnx\n  frmework: onnx',
      `Input 'models' item 1 ("a") has unknown key 'frmework' (did you mean 'framework'?); the keys are name, path, framework, arch, accel, input_schema, output_schema (to upload a file), name, version, sha or name, id (an existing version).`
    ],
    [
      'jetson on x86',
      '- name: a\n  path: models/ccfraud.onnx\n  arch: x86\n  accel: jetson',
      `Input 'models' item 1 ("a") has 'accel' jetson with 'arch' x86; jetson runs on arm only, so set 'arch: arm' or drop 'accel'.`
    ],
    [
      'openvino on arm',
      '- name: a\n  path: models/ccfraud.onnx\n  arch: arm\n  accel: openvino',
      `Input 'models' item 1 ("a") has 'accel' openvino with 'arch' arm; openvino runs on x86 only, so set 'arch: x86' or drop 'accel'.`
    ],
    [
      'a repeated name',
      '- name: a\n  path: models/ccfraud.onnx\n- name: a\n  path: models/ccfraud.onnx',
      `Input 'models' item 2 repeats the model name "a"; each model may appear once.`
    ]
  ])('%s', (_t, text, message) => {
    const got = m(text)
    expect(got).toHaveLength(1)
    const expected = message.replace(/DIR/g, dir)
    if (expected.endsWith(': ')) expect(got[0].startsWith(expected)).toBe(true)
    else expect(got[0]).toBe(expected)
  })
})

describe('the smoke-input file', () => {
  const s = (file: string): string[] => problems({ 'smoke-input': file })
  it.each<[string, string]>([
    ['data/missing.json', `Input 'smoke-input' file DIR/data/missing.json does not exist; paths are relative to the workspace directory DIR.`],
    [
      'data/empty.json',
      `Input 'smoke-input' file DIR/data/empty.json holds an empty array; pandas-records JSON is a non-empty array of row objects, e.g. [{"tensor": [1.0, 2.0]}] (pandas: df.to_json(orient="records")).`
    ],
    [
      'data/object.json',
      `Input 'smoke-input' file DIR/data/object.json holds an object; pandas-records JSON is a non-empty array of row objects, e.g. [{"tensor": [1.0, 2.0]}] (pandas: df.to_json(orient="records")).`
    ],
    [
      'data/stream.arrow',
      `Input 'smoke-input' file DIR/data/stream.arrow is not an Arrow IPC file (it does not start with "ARROW1"); write it with pyarrow.ipc.new_file (an Arrow *file*, not a stream).`
    ]
  ])('%s', (file, message) => {
    expect(s(file)).toEqual([message.replace(/DIR/g, dir)])
  })

  it('names the JSON syntax error', () => {
    expect(s('data/bad.json')[0]).toMatch(
      new RegExp(`^Input 'smoke-input' file ${dir.replace(/[/.]/g, '\\$&')}/data/bad\\.json is not valid JSON \\(.+\\)\\.$`)
    )
  })
})

describe('a pipeline-definition without a model step', () => {
  const refusal = (instead: string) =>
    `Input 'pipeline-definition' has no step that runs a model (ModelInference or RandomSplit), and operation 'deploy' cannot deploy an empty pipeline (it could not answer an inference). Add a step such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}${instead}; use operation 'create-pipeline' to create an empty pipeline.`

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
    expect(notB64).toEqual([
      expect.stringMatching(/^Input 'models' item 1 \("torchy"\) has 'input_schema' that is not base64; give base64 of an Arrow IPC schema/)
    ])
    const notArrow = problems({ models: item(`  input_schema: ${INPUT_SCHEMA}\n  output_schema: ${Buffer.from('hello world!').toString('base64')}\n`) })
    expect(notArrow).toEqual([
      expect.stringMatching(/^Input 'models' item 1 \("torchy"\) has 'output_schema' that decodes to bytes that are not an Arrow schema/)
    ])
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
    expect(problems({ url })).toEqual([
      `Input 'url' is ${JSON.stringify(url)}: give the base address without ${part}; the action appends the API paths itself. Try ${base}.`
    ])
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
    expect(parse({}, { WALLAROO_USER: 'other', WALLAROO_PASSWORD: 'other' }).auth).toEqual({
      kind: 'password',
      username: 'ci@example.com',
      password: 'hunter2'
    })
    expect(parse({ username: undefined, password: undefined, token: 'tok' }, { WALLAROO_USER: 'u', WALLAROO_PASSWORD: 'p' }).auth).toEqual({
      kind: 'token',
      token: 'tok'
    })
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
