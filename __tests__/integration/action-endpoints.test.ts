/**
 * Options of the seed's endpoints, through `node dist/index.js` against an emulator process (profile 2025.2): reuse
 * that respects conversion settings (the same file for x86 and for arm gives two versions), models named by numeric id
 * and by version + sha with their version_id in the outputs, an `arch` that contradicts the models refused before any
 * change, and signing in as a service account (client-id + client-secret, the client_credentials grant).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { emulatorState, findJwts, findLeaks, maskedValues, runAction, type ActionRun } from '../helpers/action-process.js'
import { entities, expectFailure, expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { TEST_CREDENTIALS } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'endpoints-test'
const MODEL = 'endpoints-model'

const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '0.3', '--convert-seconds', '0.1'], 1)

function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { operation, timeout: '30s', 'smoke-input': bed.ws.smokeJson, ...extra })
}
const fileEntry = (extra = '') => `- name: ${MODEL}\n  path: ${bed.ws.modelPath}\n${extra}`
const modelsOutput = (run: ActionRun) =>
  JSON.parse(run.outputs.models) as Array<{ name: string; version_id: number | null; version: string; sha: string; source: string }>
type Version = { id: number; name: string; conversion: { arch?: string }; file_info: { sha: string; version: string } }
const versionsOf = async (name: string): Promise<Version[]> => (await emulatorState(bed.url)).model_versions.filter((v: Version) => v.name === name)

describe('reuse respects the conversion settings', () => {
  let x86: ActionRun
  let arm: ActionRun

  beforeAll(async () => {
    x86 = await runAction(inputs('deploy', { pipeline: 'arch-x86', models: fileEntry(), arch: 'x86' }), { cwd: bed.ws.dir })
    arm = await runAction(inputs('deploy', { pipeline: 'arch-arm', models: fileEntry(), arch: 'arm' }), { cwd: bed.ws.dir })
  }, 60_000)

  it('the same file deployed for x86 and for arm gives two model versions, one per arch, each deployed on its own', async () => {
    expectSuccess(x86)
    expectSuccess(arm)
    const versions = await versionsOf(MODEL)
    expect(versions.map((v) => [v.file_info.sha, v.conversion.arch])).toEqual([
      [bed.ws.modelSha, 'x86'],
      [bed.ws.modelSha, 'arm']
    ])
    expect(modelsOutput(arm)[0]).toMatchObject({ version_id: versions[1].id, version: versions[1].file_info.version, source: 'uploaded' })
    expect(arm.stdout).toContain(
      `but not with these conversion settings (version ${versions[0].id} has arch x86 (this entry: arm)), so it is not reused: uploading a new version.`
    )
    const state = await emulatorState(bed.url)
    const deployment = state.deployments.find((d: { name: string }) => d.name === arm.outputs['deployment-name'])
    expect(deployment).toMatchObject({ deployed: true, engine_config: { engine: { arch: 'arm' } } })
    expect(arm.outputs.status).toBe('Running')
  })

  it('a re-run for arm reuses the arm version', async () => {
    const again = await runAction(inputs('deploy', { pipeline: 'arch-arm', models: fileEntry(), arch: 'arm' }), { cwd: bed.ws.dir })
    expectSuccess(again)
    expect(await versionsOf(MODEL)).toHaveLength(2)
    expect(modelsOutput(again)[0]).toMatchObject({ version_id: modelsOutput(arm)[0].version_id, source: 'reused' })
  })

  it("an 'arch' that contradicts an entry's arch, or a given version's, is refused before anything changes", async () => {
    const before = entities(await emulatorState(bed.url))
    const entry = await runAction(inputs('deploy', { pipeline: 'arch-clash', models: fileEntry('  arch: arm\n'), arch: 'x86' }), { cwd: bed.ws.dir })
    expect(expectFailure(entry)).toContain(
      `Input 'arch' is x86 but 'models' item 1 ("${MODEL}") has 'arch: arm': a model converted for arm cannot run on x86 engines.`
    )
    const x86Id = modelsOutput(x86)[0].version_id
    const given = await runAction(inputs('deploy', { pipeline: 'arch-clash', models: `- name: ${MODEL}\n  id: ${x86Id}\n`, arch: 'arm' }), { cwd: bed.ws.dir })
    expect(expectFailure(given)).toContain(
      `Input 'arch' is arm, but Input 'models' item 1 ("${MODEL}") names version id ${x86Id}, which was converted for x86: it cannot run on arm engines.`
    )
    expect(given.outputs.outcome).toBe('invalid-input')
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  })
})

describe('existing model versions by numeric id and by version + sha', () => {
  it('deploys a version named by its id: nothing uploaded, Running, its id and UUID in the models output', async () => {
    const [version] = await versionsOf(MODEL)
    const before = (await emulatorState(bed.url)).model_versions.length
    const run = await runAction(inputs('deploy', { pipeline: 'by-id', models: `- name: ${MODEL}\n  id: ${version.id}\n` }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    expect(modelsOutput(run)).toEqual([{ name: MODEL, version_id: version.id, version: version.file_info.version, sha: bed.ws.modelSha, source: 'given' }])
    expect((await emulatorState(bed.url)).model_versions).toHaveLength(before)
    const pipelineVersion = (await emulatorState(bed.url)).pipeline_versions.find((v: { id: number }) => String(v.id) === run.outputs['pipeline-version-id'])
    expect(JSON.stringify(pipelineVersion.definition)).toContain(version.file_info.version)
  })

  it('a version given by version + sha carries its numeric version_id', async () => {
    const [version] = await versionsOf(MODEL)
    const run = await runAction(
      inputs('create-pipeline', {
        pipeline: 'by-uuid',
        'smoke-input': '',
        models: `- name: ${MODEL}\n  version: ${version.file_info.version}\n  sha: ${bed.ws.modelSha}\n`
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(modelsOutput(run)).toEqual([{ name: MODEL, version_id: version.id, version: version.file_info.version, sha: bed.ws.modelSha, source: 'given' }])
  })

  it('an id the server does not know is refused before anything changes, naming the input', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(inputs('deploy', { pipeline: 'by-id', models: `- name: ${MODEL}\n  id: 987654\n` }), { cwd: bed.ws.dir })
    expect(expectFailure(run)).toContain(`Input 'models' item 1 ("${MODEL}") names model version id 987654, which the server does not know`)
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  })
})

describe('copy-pipeline of a given source version', () => {
  it("copies source-version, not the latest, and reports the copy's version UUID", async () => {
    const [x86, arm] = await versionsOf(MODEL)
    const entry = (v: Version) => `- name: ${MODEL}\n  version: ${v.file_info.version}\n  sha: ${v.file_info.sha}\n`
    const older = await runAction(inputs('create-pipeline', { pipeline: 'two-versions', 'smoke-input': '', models: entry(x86) }), { cwd: bed.ws.dir })
    expectSuccess(older)
    expectSuccess(await runAction(inputs('create-pipeline', { pipeline: 'two-versions', 'smoke-input': '', models: entry(arm) }), { cwd: bed.ws.dir }))
    const run = await runAction(
      inputs('copy-pipeline', {
        'smoke-input': '',
        'source-pipeline': 'two-versions',
        'source-version': older.outputs['pipeline-version'],
        'new-pipeline': 'older-version-copy'
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const state = await emulatorState(bed.url)
    const copy = state.pipelines.find((p: { name: string }) => p.name === 'older-version-copy')
    const copied = state.pipeline_versions.find((v: { pipeline_id: number }) => v.pipeline_id === copy.id)
    expect(JSON.stringify(copied.definition)).toContain(x86.file_info.version)
    expect(JSON.stringify(copied.definition)).not.toContain(arm.file_info.version)
    expect(run.outputs['pipeline-version']).toBe(copied.version)
  })
})

describe('a service account: client-id + client-secret without a user', () => {
  it('signs in with the client_credentials grant, then says the MLOps API refuses such a token; nothing changes, no secret leaks', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(
      {
        operation: 'upload-model',
        url: bed.url,
        workspace: WORKSPACE,
        models: fileEntry(),
        'client-id': 'api-client',
        'client-secret': TEST_CREDENTIALS.clientSecret
      },
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    // Signed in: the failure comes after, from the first MLOps call.
    expect(run.stdout).toMatch(/Signed in: access token valid for \d+ s/)
    expect(message).toMatch(
      /^upload-model failed while resolving the workspace: HTTP 403 from \/v1\/api\/workspaces\/list: Forbidden: this token belongs to a service account/
    )
    expect(message).toContain("The action signed in as the service account of client 'api-client' ('client-id' without a user: the client_credentials grant)")
    expect(message).toContain("Sign in as a user instead ('username' and 'password'")
    expect(run.outputs.outcome).toBe('invalid-input')
    expect(entities(await emulatorState(bed.url))).toEqual(before)
    const masked = new Set(maskedValues(run.stdout))
    expect(masked.has(TEST_CREDENTIALS.clientSecret)).toBe(true)
    const jwts = [...findJwts(run.stdout), ...findJwts(run.summary)]
    expect(jwts.length).toBeGreaterThan(0)
    expect(jwts.filter((j) => !masked.has(j))).toEqual([])
    expect(findLeaks(run, [TEST_CREDENTIALS.clientSecret])).toEqual([])
  })

  it('a wrong client secret names client-id and client-secret', async () => {
    const run = await runAction(
      { operation: 'upload-model', url: bed.url, workspace: WORKSPACE, models: fileEntry(), 'client-id': 'api-client', 'client-secret': 'wrong-secret-4711' },
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(message).toContain("Signing in as the service account of client 'api-client' (client_credentials grant)")
    expect(message).toContain("check 'client-id' and 'client-secret'")
    expect(findLeaks(run, ['wrong-secret-4711'])).toEqual([])
  })
})
