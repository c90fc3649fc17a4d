/**
 * What the operations refuse or tolerate, as a user sees it through `node dist/index.js` against the emulator:
 * refused inputs (empty definition, URL with /v1/api, missing schemas) and given model versions the workspace
 * lacks create nothing; get-url and infer of a pipeline that is not deployed fail clearly; undeploy is idempotent;
 * credentials may be split over input and environment; schemas of a containerized model reach the upload.
 */
import { describe, expect, it } from '@jest/globals'
import { Field, Float32, Schema, Table, tableToIPC } from 'apache-arrow'
import { emulatorState, runAction } from '../helpers/action-process.js'
import { demoModelsInput, expectFailure, expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'

const WORKSPACE = 'audit-ops'
const PIPELINE = 'audit-pipe'
const MODEL = 'audit-model'

const bed = useActionTestbed(['--start-seconds', '0.3', '--convert-seconds', '0.1'])

function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { operation, timeout: '30s', ...extra })
}
const modelsInput = () => demoModelsInput(bed.ws, MODEL)

/** Base64 of an Arrow IPC schema message (what pyarrow's Schema.serialize() gives). */
function schemaB64(name: string): string {
  const stream = tableToIPC(new Table(new Schema([new Field(name, new Float32())])), 'stream')
  return Buffer.from(stream.subarray(0, stream.length - 8)).toString('base64')
}

describe('inputs refused before any call', () => {
  it('deploy of an empty definition, a URL ending in /v1/api, a containerized model without schemas: nothing is created', async () => {
    const torch = await bed.ws.write('models/model.pt', 'not really pytorch')
    const run = await runAction(
      inputs('deploy', {
        url: `${bed.url}/v1/api`,
        pipeline: PIPELINE,
        'pipeline-definition': '{"steps": []}',
        models: `- name: torchy\n  path: ${torch}\n  framework: pytorch\n`
      }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(message).toContain(`Try ${bed.url}.`)
    expect(message).toContain("operation 'deploy' cannot deploy an empty pipeline")
    expect(message).toContain(`Input 'models' item 1 ("torchy") has 'framework' pytorch`)
    expect(message).toContain("missing: 'input_schema' and 'output_schema'")
    expect((await emulatorState(bed.url)).workspaces.filter((w: { name: string }) => w.name === WORKSPACE)).toEqual([])
  })

  it('a model given as version + sha that the workspace lacks creates no workspace and no pipeline', async () => {
    const run = await runAction(
      inputs('deploy', { pipeline: PIPELINE, models: `- name: ${MODEL}\n  version: 00000000-0000-4000-8000-000000000001\n  sha: ${'a'.repeat(64)}\n` }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(message).toContain(
      `Input 'models' item 1 ("${MODEL}") names the existing version 00000000-0000-4000-8000-000000000001, but workspace "${WORKSPACE}" does not exist`
    )
    const state = await emulatorState(bed.url)
    expect(state.workspaces.filter((w: { name: string }) => w.name === WORKSPACE)).toEqual([])
    expect(state.pipelines).toEqual([])
  })
})

describe('a pipeline that is not deployed', () => {
  it('create-pipeline with a password input and WALLAROO_USER from the environment', async () => {
    const { username, ...rest } = inputs('create-pipeline', { pipeline: PIPELINE, models: modelsInput() })
    const run = await runAction(rest, { cwd: bed.ws.dir, env: { WALLAROO_USER: username } })
    expectSuccess(run)
  })

  it('a version + sha the workspace lacks fails before a new pipeline version', async () => {
    const before = await emulatorState(bed.url)
    const run = await runAction(
      inputs('create-pipeline', { pipeline: PIPELINE, models: `- name: ${MODEL}\n  version: no-such-version\n  sha: ${bed.ws.modelSha}\n` }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(message).toContain(`Input 'models' item 1 ("${MODEL}") names version no-such-version, which workspace`)
    expect((await emulatorState(bed.url)).pipeline_versions).toEqual(before.pipeline_versions)
  })

  it('get-url and infer fail with one clear message and no URL', async () => {
    for (const [operation, extra] of [
      ['get-url', {}],
      ['infer', { 'smoke-input': bed.ws.smokeJson }]
    ] as const) {
      const run = await runAction(inputs(operation, { pipeline: PIPELINE, ...extra }), { cwd: bed.ws.dir })
      const message = expectFailure(run)
      expect(message).toBe(
        `${operation} failed while finding the deployment: pipeline '${PIPELINE}' is not deployed (it has never been deployed); deploy it first (operation 'deploy')`
      )
      expect(run.outputs).not.toHaveProperty('inference-url')
      expect(run.outputs.status).toBe('NotDeployed')
      expect(run.outputs['pipeline-id']).toMatch(/^\d+$/)
    }
  })

  it('undeploy succeeds: of a pipeline never deployed, and of one that does not exist', async () => {
    for (const pipeline of [PIPELINE, 'no-such-pipe']) {
      const run = await runAction(inputs('undeploy', { pipeline }), { cwd: bed.ws.dir })
      expectSuccess(run)
      expect(run.outputs.status).toBe('NotDeployed')
      expect(run.stdout).toContain('nothing to undeploy: ')
    }
  })
})

describe('after deploy and undeploy', () => {
  it('get-url after undeploy does not hand out the old URL', async () => {
    expectSuccess(await runAction(inputs('deploy', { pipeline: PIPELINE, models: modelsInput() }), { cwd: bed.ws.dir }))
    const live = await runAction(inputs('get-url', { pipeline: PIPELINE }), { cwd: bed.ws.dir })
    expectSuccess(live)
    expect(live.outputs).toMatchObject({ status: 'Running', 'deployment-name': expect.stringMatching(new RegExp(`^${PIPELINE}-\\d+$`)) })
    expectSuccess(await runAction(inputs('undeploy', { pipeline: PIPELINE }), { cwd: bed.ws.dir }))
    const gone = await runAction(inputs('get-url', { pipeline: PIPELINE }), { cwd: bed.ws.dir })
    expect(expectFailure(gone)).toContain(`pipeline '${PIPELINE}' is not deployed (deployment ${live.outputs['deployment-name']} was undeployed)`)
  })

  it('upload-model sends the schemas of a containerized model', async () => {
    const torch = await bed.ws.write('models/model2.pt', 'not really pytorch either')
    const [input, output] = [schemaB64('x'), schemaB64('y')]
    const run = await runAction(
      inputs('upload-model', { models: `- name: torchy\n  path: ${torch}\n  framework: pytorch\n  input_schema: ${input}\n  output_schema: ${output}\n` }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const version = (await emulatorState(bed.url)).model_versions.find((v: { name: string }) => v.name === 'torchy')
    expect(version.config).toMatchObject({ input_schema: input, output_schema: output })
  })
})
