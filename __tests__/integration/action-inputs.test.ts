/**
 * Bad inputs, through `node dist/index.js`: the step fails with a message naming the input, and the emulator's
 * state is exactly what it was (inputs are checked before the first call that changes anything; a workspace
 * that cannot be used is found before anything is created in it).
 * One pipeline is deployed first, so "unchanged" also means "still deployed".
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { describeRun, emulatorState, errorMessages, runAction } from '../helpers/action-process.js'
import { demoModelsInput, entities, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'

const WORKSPACE = 'inputs-test'
const PIPELINE = 'inputs-pipe'

const bed = useActionTestbed(['--start-seconds', '0.3', '--convert-seconds', '0.1'])

function deployInputs(extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { pipeline: PIPELINE, models: demoModelsInput(bed.ws), timeout: '30s', ...extra })
}

/** Runs the action with `inputs`, expects failure naming `input`, and checks the emulator saw no change. */
async function expectInputError(inputs: Record<string, string>, input: string, alsoMentions: RegExp[] = []): Promise<string> {
  const before = entities(await emulatorState(bed.url))
  const run = await runAction(inputs, { cwd: bed.ws.dir })
  const after = entities(await emulatorState(bed.url))
  expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
  const message = errorMessages(run.stdout).join('\n')
  expect([message, message.includes(`'${input}'`)]).toEqual([message, true])
  for (const pattern of alsoMentions) expect(message).toMatch(pattern)
  expect(after).toEqual(before)
  // A failed step still explains itself in the job summary.
  expect([run.summary, run.summary.includes(input)]).toEqual([run.summary, true])
  return message
}

beforeAll(async () => {
  const setup = await runAction(deployInputs(), { cwd: bed.ws.dir })
  if (setup.code !== 0) throw new Error(`setup deploy failed: ${describeRun(setup)}`)
}, 60_000)

describe('bad inputs fail before anything changes', () => {
  it('an unknown operation lists the valid ones', async () => {
    await expectInputError(deployInputs({ operation: 'redeploy' }), 'operation', [/redeploy/, /upload-model/])
  })

  it("'_' in a pipeline name is refused", async () => {
    await expectInputError(deployInputs({ pipeline: 'ccfraud_v2' }), 'pipeline', [/ccfraud_v2/])
  })

  it('a model file that does not exist is named', async () => {
    await expectInputError(deployInputs({ models: '- name: ccfraud-like\n  path: models/missing.onnx\n' }), 'models', [/missing\.onnx/])
  })

  it('malformed models YAML is refused', async () => {
    await expectInputError(deployInputs({ models: '- name: ccfraud-like\n  path: [models/a.onnx\n' }), 'models')
  })

  it('a syntax error in an input file is also annotated on its line, relative to the workspace', async () => {
    const file = await bed.ws.write('pipeline/definition.yml', 'steps:\n  - ModelInference:\n      models: [{name: ccfraud-like\n')
    const run = await runAction(deployInputs({ 'pipeline-definition': file }), { cwd: bed.ws.dir })
    expect(run.code).toBe(1)
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(annotations).toHaveLength(2)
    expect(annotations[0]).toMatch(
      /^::error title=Input file error,file=pipeline\/definition\.yml,line=\d+,col=\d+::Input 'pipeline-definition' cannot be read: it is not valid YAML or JSON in /
    )
    expect(annotations[1]).toMatch(/^::error title=Wallaroo deploy%3A invalid-input::Input 'pipeline-definition' cannot be read/)
    const json = await bed.ws.write('data/broken.df.json', '[{"dense_input": [1, 2,\n ]}]')
    const second = await runAction(deployInputs({ 'smoke-input': json }), { cwd: bed.ws.dir })
    expect(second.stdout).toMatch(/::error title=Input file error,file=data\/broken\.df\.json,line=2,col=\d+::Input 'smoke-input' file .* is not valid JSON/)
  })

  it('gpus without deployment-label asks for the label', async () => {
    await expectInputError(deployInputs({ gpus: '1' }), 'deployment-label')
  })

  it('a duration without a unit the action knows is refused', async () => {
    await expectInputError(deployInputs({ timeout: '10 minutes' }), 'timeout', [/10 minutes/])
  })

  it('a boolean typo in create-workspace is refused, not read as false', async () => {
    await expectInputError(deployInputs({ 'create-workspace': 'ture' }), 'create-workspace', [/ture/])
  })

  it('a missing workspace with create-workspace false is not created', async () => {
    await expectInputError(deployInputs({ workspace: 'not-there', 'create-workspace': 'false' }), 'create-workspace', [/not-there/])
  })

  it('an unknown numeric workspace id is named', async () => {
    await expectInputError(deployInputs({ workspace: '999' }), 'workspace', [/999/])
  })

  it('smoke-input with undeploy is refused and the pipeline stays deployed', async () => {
    const inputs = deployInputs({ operation: 'undeploy', 'smoke-input': bed.ws.smokeJson })
    delete inputs.models
    await expectInputError(inputs, 'smoke-input', [/undeploy/])
    const state = await emulatorState(bed.url)
    expect(state.deployments.map((d: { deployed: boolean }) => d.deployed)).toEqual([true])
  })
})
