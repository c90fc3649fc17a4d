/**
 * What the action does on servers before 2025, through `node dist/index.js` against an emulator with profile 2024.1
 * and `--no-list-pipelines` (no pipelines/list_pipelines, no delete_pipeline): status, undeploy and a rollback within
 * one workflow without `deployment-id` (the inference URL names the deployment), copy by numeric id with deploy-copy,
 * teardown that can only undeploy; a conversion error without error_summary; a workspace that exists without the
 * user; and A/B split and shadow definitions in `pipeline-definition`, with the smoke summary showing who answered.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emulatorState, runAction, runPostStep, type ActionRun } from '../helpers/action-process.js'
import { demoModelsInput, expectFailure, expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { encodeModel, OnnxDataType } from '../../src/model/onnx-proto.js'

const WORKSPACE = 'older-test'
const PIPELINE = 'older-pipe'
const MEMBER = { email: 'ana@example.com', password: 'ana-password' }

// --users must name a file when the emulator starts (before any hook of this file runs).
const usersDir = mkdtempSync(join(tmpdir(), 'older-users-'))
writeFileSync(join(usersDir, 'users.yml'), `- email: ${MEMBER.email}\n  password: ${MEMBER.password}\n  admin: false\n`)
afterAll(() => rmSync(usersDir, { recursive: true, force: true }))

const bed = useActionTestbed(
  [
    '--profile',
    '2024.1',
    '--no-list-pipelines',
    '--users',
    join(usersDir, 'users.yml'),
    '--nodes',
    'cpu=16,memory=32Gi',
    '--start-seconds',
    '0.3',
    '--convert-seconds',
    '0.1'
  ],
  2
)
let otherModel = ''
beforeAll(async () => {
  otherModel = await bed.ws.write('models/other.onnx', buildDemoModel({ bias: 0.9 }))
})

function inputs(operation: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { operation, pipeline: PIPELINE, timeout: '60s', ...extra })
}

describe('one workflow without list_pipelines: deploy, status, a failed deploy rolled back, copy, undeploy, teardown', () => {
  let first: ActionRun

  it('deploy, then status without deployment-id: the inference URL names the deployment', async () => {
    first = await runAction(inputs('deploy', { models: demoModelsInput(bed.ws), 'smoke-input': bed.ws.smokeJson }), { cwd: bed.ws.dir })
    expectSuccess(first)
    const status = await runAction(inputs('status'), { cwd: bed.ws.dir })
    expectSuccess(status)
    expect(status.outputs).toMatchObject({
      status: 'Running',
      'deployment-id': first.outputs['deployment-id'],
      'deployment-name': first.outputs['deployment-name']
    })
    expect(status.stdout).toContain(
      `its inference URL names deployment ${first.outputs['deployment-name']} (this server has no pipelines/list_pipelines to look it up)`
    )
  })

  it('a deploy that cannot be scheduled rolls back to the version Running before, known by the UUID its status reported', async () => {
    const run = await runAction(
      inputs('deploy', { models: `- name: ccfraud-like\n  path: ${otherModel}\n`, 'smoke-input': bed.ws.smokeJson, memory: '128Gi', 'error-grace': '1s' }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(message).toContain('Insufficient memory')
    expect(run.outputs.outcome).toBe('rolled-back')
    expect(JSON.parse(run.outputs['rolled-back-to'])).toEqual({ version: first.outputs['pipeline-version'], version_id: null })
    expect(run.outputs.status).toBe('Running')
    const state = await emulatorState(bed.url)
    const deployment = state.deployments.find((d: { name: string }) => d.name === first.outputs['deployment-name'])
    expect(String(deployment.serving_version_id)).toBe(first.outputs['pipeline-version-id'])
  })

  it('copy-pipeline by the numeric id of the source, deployed and checked', async () => {
    const run = await runAction(
      inputs('copy-pipeline', {
        pipeline: '',
        'source-pipeline': first.outputs['pipeline-id'],
        'new-pipeline': 'older-copy',
        'deploy-copy': 'true',
        'smoke-input': bed.ws.smokeJson
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(run.outputs.status).toBe('Running')
    // pipelines/copy answers no version UUID and nothing lists pipelines: the deployment's status (2024.1) names it.
    const state = await emulatorState(bed.url)
    const copy = state.pipelines.find((p: { name: string }) => p.name === 'older-copy')
    expect(run.outputs['pipeline-version']).toBe(state.pipeline_versions.find((v: { pipeline_id: number }) => v.pipeline_id === copy.id).version)
  })

  it('undeploy without deployment-id takes it down; again, it says there is nothing to undeploy', async () => {
    const run = await runAction(inputs('undeploy'), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs.status).toBe('NotDeployed')
    const deployment = (await emulatorState(bed.url)).deployments.find((d: { name: string }) => d.name === first.outputs['deployment-name'])
    expect(deployment.deployed).toBe(false)
    const again = await runAction(inputs('undeploy'), { cwd: bed.ws.dir })
    expectSuccess(again)
    expect(again.stdout).toContain(
      `nothing to undeploy: pipeline "${PIPELINE}" is not deployed (status/get_deployment answers 404 for ${first.outputs['deployment-name']})`
    )
    const never = await runAction(inputs('undeploy', { pipeline: 'never-deployed' }), { cwd: bed.ws.dir })
    expectSuccess(never)
    expect(never.stdout).toContain('nothing to undeploy: pipeline "never-deployed" has no inference URL')
  })

  it("the post step's teardown undeploys the deployment the run started (no inference URL before it), and leaves the pipeline", async () => {
    const runInputs = inputs('deploy', { pipeline: 'older-tear', models: demoModelsInput(bed.ws), 'smoke-input': bed.ws.smokeJson, teardown: 'always' })
    const main = await runAction(runInputs, { cwd: bed.ws.dir })
    expectSuccess(main)
    const post = await runPostStep(runInputs, main, { cwd: bed.ws.dir })
    expect(post.code).toBe(0)
    // Whether the run created the pipeline cannot be told without list_pipelines (and there is no delete_pipeline).
    expect(post.stdout).toContain(`teardown: deployment ${main.outputs['deployment-name']} undeployed\n`)
    const state = await emulatorState(bed.url)
    expect(state.deployments.find((d: { name: string }) => d.name === main.outputs['deployment-name']).deployed).toBe(false)
    expect(state.pipelines.some((p: { name: string }) => p.name === 'older-tear')).toBe(true)
  })
})

describe('messages on older servers', () => {
  it('a conversion error without error_summary says where to look', async () => {
    // Well-formed (so the action's own check passes it) but with an operator no runtime has: the conversion fails.
    const unloadable = encodeModel({
      graphName: 'unknown-op',
      inputs: [{ name: 'x', elemType: OnnxDataType.FLOAT, dims: ['n', 2] }],
      outputs: [{ name: 'y', elemType: OnnxDataType.FLOAT, dims: ['n', 2] }],
      initializers: [],
      nodes: [{ opType: 'NoSuchOperator', inputs: ['x'], outputs: ['y'] }]
    })
    const broken = await bed.ws.write('models/broken.onnx', unloadable)
    const run = await runAction(inputs('upload-model', { pipeline: '', models: `- name: broken\n  path: ${broken}\n` }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('upload-failed')
    expect(message).toMatch(
      /model "broken" version \d+ failed conversion: the server gives no error_summary \(Wallaroo before 2025 reports only status "error"\); read the reason in the Wallaroo UI/
    )
    expect(message).toContain('check that the file is a valid onnx model')
  })

  it('a workspace that exists without the user is reported as such, not as a conflict', async () => {
    const member = { url: bed.url, username: MEMBER.email, password: MEMBER.password, 'poll-interval': '100ms' }
    const run = await runAction({ ...member, workspace: WORKSPACE, pipeline: 'ana-pipe', models: demoModelsInput(bed.ws), timeout: '30s' }, { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(message).toContain(`workspace "${WORKSPACE}" exists, but this user is not a member of it`)
    expect(message).toContain("ask one of its members or an admin to add this user (workspaces/add_user), or choose another 'workspace'")
    expect(message).not.toMatch(/conflict with the current state/)
    expect(run.outputs.outcome).toBe('invalid-input')
  })
})

describe('A/B splits and shadow deploys in pipeline-definition', () => {
  const models = () => `- name: champion\n  path: ${bed.ws.modelPath}\n- name: challenger\n  path: ${otherModel}\n`

  it('a RandomSplit of models named without version and sha deploys; the summary says which model answered', async () => {
    const definition = JSON.stringify({
      steps: [
        {
          RandomSplit: {
            hash_key: null,
            weights: [
              { model: { name: 'champion' }, weight: 1 },
              { model: { name: 'challenger' }, weight: 1 }
            ]
          }
        }
      ]
    })
    const run = await runAction(
      inputs('deploy', { pipeline: 'ab-pipe', models: models(), 'pipeline-definition': definition, 'smoke-input': bed.ws.smokeJson }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(run.summary).toContain('| # | Output | Anomalies | Answered by (A/B split) |')
    expect(run.summary).toMatch(
      /\| 1 \| <code>\{"out":\{"dense_1":\[[^|]*\]\}\}<\/code> \| <code>\{"count":0\}<\/code> \| (champion|challenger) <code>[0-9a-f-]{36}<\/code> \|/
    )
  })

  it("a shadow deploy answers with the champion; the summary shows the challenger's out_<model> outputs beside it", async () => {
    const definition = JSON.stringify({
      steps: [{ ModelInference: { models: [{ name: 'champion' }, { name: 'challenger' }] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }]
    })
    const run = await runAction(
      inputs('deploy', { pipeline: 'shadow-pipe', models: models(), 'pipeline-definition': definition, 'smoke-input': bed.ws.smokeJson }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(run.summary).toContain('| # | Output | Anomalies | Shadow outputs (challengers) |')
    expect(run.summary).toMatch(
      /\| 1 \| <code>\{"out":\{"dense_1":\[[^|]*\]\}\}<\/code> \| <code>\{"count":0\}<\/code> \| challenger: <code>\{"dense_1":\[[^|]*\]\}<\/code> \|/
    )
    // The champion answered: this run's version, as the reply's metadata says.
    expect(run.summary).toMatch(/Answered by.*pipeline version/)
  })
})
