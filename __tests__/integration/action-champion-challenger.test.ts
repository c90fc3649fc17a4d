/**
 * Champion and challenger, through `node dist/index.js` against the emulator with two real models of the same
 * shape: the project's own model (champion) and a second one built by code with another bias (challenger), whose
 * answers the test knows row by row (demoScore). compare-with-live reports the expected deviations and changed rows
 * and gates the deploy; a shadow deploy answers with the champion while reporting the challenger; `promote:
 * if-within` promotes within the gates and not beyond them; a canary at weight 30 sends about 30% of 1,000 requests
 * to the challenger, the same hash-key value always to the same model; promote and reject leave one model, and again
 * when run twice; dry runs change nothing.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { emulatorState, runAction, type EmulatorState } from '../helpers/action-process.js'
import { demoModelsInput, entities, expectFailure, expectSuccess, signedInInputs, useActionTestbed, warningMessages } from '../helpers/action-testbed.js'
import { WallarooSession } from '../helpers/wallaroo-session.js'
import { buildDemoModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const WORKSPACE = 'champion-test'
/** The challenger: the demo model with another bias, so every score moves and some cross 0.5. */
const CHALLENGER_BIAS = 0.1
/** A challenger too far from the champion for a tight gate. */
const FAR_BIAS = 1.5
const CHAMPION = 'ccfraud-like'
const CHALLENGER = 'ccfraud-challenger'
/** Rows of the comparison input. */
const COMPARE_ROWS = 40

const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '0.3', '--convert-seconds', '0.2'], 3)
let challengerModel = ''
let farModel = ''
let compareInput = ''
let customersInput = ''
const compareRows = demoRows(COMPARE_ROWS, 11)

beforeAll(async () => {
  challengerModel = await bed.ws.write('models/challenger.onnx', buildDemoModel({ bias: CHALLENGER_BIAS }))
  farModel = await bed.ws.write('models/far.onnx', buildDemoModel({ bias: FAR_BIAS }))
  compareInput = await bed.ws.write('data/compare.df.json', toPandasRecordsJson(compareRows))
  customersInput = await bed.ws.write('data/customers.df.json', JSON.stringify(bed.ws.rows.map((row, i) => ({ dense_input: row, customer: `c${i}` }))))
})

function inputs(pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { pipeline, models: demoModelsInput(bed.ws), 'smoke-input': bed.ws.smokeJson, timeout: '60s', ...extra })
}

/** The `models` input naming one challenger file. */
function challengerInput(path = challengerModel, name = CHALLENGER): string {
  return `- name: ${name}\n  path: ${path}\n`
}

/** What the comparison of the compare input must find: the largest deviation and the rows changing class at 0.5. */
function expected(bias: number, liveBias?: number, rows = compareRows): { maxDeviation: number; changedClass: number; beyondTolerance: number } {
  const pairs = rows.map((r) => [liveBias === undefined ? demoScore(r) : demoScore(r, liveBias), demoScore(r, bias)])
  return {
    maxDeviation: Math.max(...pairs.map(([a, b]) => Math.abs(a - b))),
    changedClass: pairs.filter(([a, b]) => a >= 0.5 !== b >= 0.5).length,
    beyondTolerance: pairs.filter(([a, b]) => Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(a), Math.abs(b))).length
  }
}

/** The emulator's deployment of `pipeline`, the version it serves and that version's definition. */
function servedBy(state: EmulatorState, pipeline: string): { deployment: any; definition: any } {
  const deployment = state.deployments.find((d: { deploy_id: string }) => d.deploy_id === pipeline)
  const version = state.pipeline_versions.find((v: { id: number }) => v.id === deployment.serving_version_id)
  return { deployment, definition: version?.definition }
}

/** Names of the models a deployment runs, from the emulator's state. */
function modelNames(state: EmulatorState, pipeline: string): string[] {
  const { deployment } = servedBy(state, pipeline)
  return deployment.model_version_ids.map((id: number) => state.model_versions.find((mv: { id: number }) => mv.id === id).name).sort()
}

/** One inference of `rows` on the pipeline's URL, as a client would send it. */
async function infer(url: string, rows: unknown[]): Promise<Array<Record<string, any>>> {
  const session = new WallarooSession(bed.url)
  await session.login()
  const res = await session.infer(url, JSON.stringify(rows), 'application/json; format=pandas-records')
  expect(res.status).toBe(200)
  return res.json as Array<Record<string, any>>
}

/** Deploys the champion alone (the default strategy) and returns its inference URL. */
async function deployChampion(pipeline: string): Promise<string> {
  const run = await runAction(inputs(pipeline), { cwd: bed.ws.dir })
  expectSuccess(run)
  return run.outputs['inference-url']
}

describe('compare-with-live', () => {
  const PIPELINE = 'cwl-pipe'

  it('a first deploy has nothing to compare with: it says so and succeeds', async () => {
    const run = await runAction(inputs(PIPELINE, { 'compare-with-live': 'true', 'compare-input': compareInput }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(warningMessages(run.stdout).join('\n')).toContain(`'compare-with-live': nothing compared: no version of "${PIPELINE}" was Running before this run`)
    expect(run.summary).toContain('Nothing compared')
    expect(run.outputs['live-changed-rows']).toBeUndefined()
  }, 60_000)

  it('reports the deviation and the rows that change class, per output field, and the worst rows', async () => {
    const want = expected(CHALLENGER_BIAS)
    expect(want.changedClass).toBeGreaterThan(0)
    const run = await runAction(
      inputs(PIPELINE, { models: challengerInput(), 'compare-with-live': 'true', 'compare-input': compareInput, 'decision-threshold': '0.5' }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(Number(run.outputs['live-max-deviation'])).toBeCloseTo(want.maxDeviation, 5)
    expect(Number(run.outputs['live-changed-rows'])).toBe(want.changedClass)
    expect(run.summary).toContain('### Champion and challenger')
    expect(run.summary).toContain(`Compared on ${COMPARE_ROWS} row(s)`)
    // The field table: rows compared, beyond tolerance, changed class.
    expect(run.summary).toContain(`| <code>dense_1</code> | ${COMPARE_ROWS} | ${want.beyondTolerance} | ${want.changedClass} |`)
    expect(run.summary).toContain('Rows that differ most:')
    expect(run.stdout).toContain(`${want.changedClass} of ${COMPARE_ROWS} row(s) changed class`)
  }, 60_000)

  it('a dry run plans the live answers before the deploy and the comparison after it, and changes nothing', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(
      inputs(PIPELINE, {
        models: challengerInput(farModel, 'ccfraud-far'),
        'compare-with-live': 'true',
        'compare-input': compareInput,
        'max-changed-rows': '3',
        'dry-run': 'true'
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const plan = JSON.parse(run.outputs.plan) as Array<{ action: string; target: string; detail: string }>
    const actions = plan.map((p) => p.action)
    expect(actions.indexOf('infer')).toBeLessThan(actions.indexOf('redeploy'))
    expect(plan.find((p) => p.target === 'the live version')?.detail).toContain(`${COMPARE_ROWS} row(s) from`)
    expect(plan.find((p) => p.action === 'compare')?.detail).toContain(`gates: 'max-changed-rows' 3`)
    expect(actions.indexOf('compare')).toBeGreaterThan(actions.indexOf('wait'))
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  }, 60_000)

  it('a gate it does not meet fails the deploy (compare-failed) and rolls back to the live version', async () => {
    const before = servedBy(await emulatorState(bed.url), PIPELINE).deployment.pipeline_version_id
    const run = await runAction(
      inputs(PIPELINE, {
        models: challengerInput(farModel, 'ccfraud-far'),
        'compare-with-live': 'true',
        'compare-input': compareInput,
        'max-live-deviation': '0.01',
        'max-changed-rows': '5%'
      }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('rolled-back')
    expect(message).toContain('beyond the gates')
    expect(message).toContain(`'max-live-deviation' is 0.01, but the largest deviation is`)
    expect(message).toContain(`'max-changed-rows' is 5%, but`)
    expect(message).toContain('on-failure: rollback: rolled back to pipeline version')
    expect(Number(run.outputs['live-max-deviation'])).toBeCloseTo(expected(FAR_BIAS, CHALLENGER_BIAS).maxDeviation, 5)
    expect(run.summary).toContain('❌ beyond the gates')
    expect(servedBy(await emulatorState(bed.url), PIPELINE).deployment.serving_version_id).toBe(before)
  }, 60_000)

  it('with on-failure keep the outcome is compare-failed and the new version stays', async () => {
    const run = await runAction(
      inputs(PIPELINE, { models: challengerInput(farModel, 'ccfraud-far'), 'compare-with-live': 'true', 'max-live-deviation': '0.01', 'on-failure': 'keep' }),
      { cwd: bed.ws.dir }
    )
    expectFailure(run)
    expect(run.outputs.outcome).toBe('compare-failed')
    expect(modelNames(await emulatorState(bed.url), PIPELINE)).toEqual(['ccfraud-far'])
  }, 60_000)
})

describe('strategy shadow', () => {
  const PIPELINE = 'shadow-pipe'
  let url = ''

  beforeAll(async () => {
    url = await deployChampion(PIPELINE)
  }, 60_000)

  it("answers with the champion while reporting the challenger's answers (promote: never keeps the shadow)", async () => {
    const run = await runAction(inputs(PIPELINE, { strategy: 'shadow', models: challengerInput(), 'compare-input': compareInput }), { cwd: bed.ws.dir })
    expectSuccess(run)
    const want = expected(CHALLENGER_BIAS)
    expect(Number(run.outputs['live-max-deviation'])).toBeCloseTo(want.maxDeviation, 5)
    expect(Number(run.outputs['live-changed-rows'])).toBe(want.beyondTolerance)
    // The smoke answers are the champion's; the challenger's ride along as out_<name>.
    const smoke = JSON.parse(run.outputs['smoke-output']) as Array<Record<string, any>>
    smoke.forEach((record, i) => {
      expect(record.out.dense_1[0]).toBeCloseTo(demoScore(bed.ws.rows[i]), 6)
      expect(record[`out_${CHALLENGER}`].dense_1[0]).toBeCloseTo(demoScore(bed.ws.rows[i], CHALLENGER_BIAS), 6)
    })
    expect(run.summary).toContain('**Shadow deploy**')
    expect(run.summary).toContain('the shadow deploy keeps running on real traffic')
    // Real traffic afterwards: the champion answers.
    const [answer] = await infer(url, [{ dense_input: bed.ws.rows[0] }])
    expect(answer.out.dense_1[0]).toBeCloseTo(demoScore(bed.ws.rows[0]), 6)
    expect(JSON.parse(answer.metadata.last_model).model_name).toBe(CHAMPION)
    expect(modelNames(await emulatorState(bed.url), PIPELINE)).toEqual([CHALLENGER, CHAMPION].sort())
  }, 60_000)

  it('promote: if-within does not promote beyond the gates: it fails and the champion serves alone again', async () => {
    const run = await runAction(
      inputs(PIPELINE, {
        strategy: 'shadow',
        models: challengerInput(farModel, 'ccfraud-far'),
        'compare-input': compareInput,
        promote: 'if-within',
        'max-live-deviation': '0.01'
      }),
      { cwd: bed.ws.dir }
    )
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('rolled-back')
    expect(message).toContain(`model "ccfraud-far"`)
    expect(message).toContain(`'max-live-deviation' is 0.01`)
    expect(run.summary).toContain('beyond the gates, so no challenger was promoted')
    // The version Running before this run was the shadow with the first challenger: it serves again.
    const { definition } = servedBy(await emulatorState(bed.url), PIPELINE)
    expect(definition.steps[0].ModelInference.models.map((m: { name: string }) => m.name)).toEqual([CHAMPION, CHALLENGER])
  }, 60_000)

  it('promote: if-within promotes within the gates: the challenger serves alone', async () => {
    const run = await runAction(
      inputs(PIPELINE, {
        strategy: 'shadow',
        models: challengerInput(),
        'compare-input': compareInput,
        promote: 'if-within',
        'max-live-deviation': '0.5',
        'decision-threshold': '0.5',
        'max-changed-rows': '50%'
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    expect(run.summary).toContain('✅ within the gates')
    expect(run.summary).toContain(`challenger "${CHALLENGER}"`)
    expect(run.summary).toMatch(/now serves alone/)
    const state = await emulatorState(bed.url)
    expect(modelNames(state, PIPELINE)).toEqual([CHALLENGER])
    expect(servedBy(state, PIPELINE).deployment.pipeline_version_id).toBe(Number(run.outputs['pipeline-version-id']))
    const [answer] = await infer(url, [{ dense_input: bed.ws.rows[1] }])
    expect(answer.out.dense_1[0]).toBeCloseTo(demoScore(bed.ws.rows[1], CHALLENGER_BIAS), 6)
    expect(Object.keys(answer).filter((k) => k.startsWith('out_'))).toEqual([])
  }, 90_000)
})

describe('strategy canary, then promote and reject', () => {
  const PIPELINE = 'canary-pipe'
  let url = ''

  beforeAll(async () => {
    url = await deployChampion(PIPELINE)
  }, 60_000)

  it('at weight 30 about 30% of 1,000 requests reach the challenger', async () => {
    const run = await runAction(inputs(PIPELINE, { strategy: 'canary', models: challengerInput(), 'canary-weight': '30' }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.summary).toContain('**Canary**')
    const { definition } = servedBy(await emulatorState(bed.url), PIPELINE)
    expect(definition.steps[0].RandomSplit.weights.map((w: { model: { name: string }; weight: number }) => [w.model.name, w.weight])).toEqual([
      [CHAMPION, 70],
      [CHALLENGER, 30]
    ])
    const session = new WallarooSession(bed.url)
    await session.login()
    let challenger = 0
    for (let i = 0; i < 1000; i++) {
      const res = await session.infer(url, JSON.stringify([{ dense_input: bed.ws.rows[i % 3] }]), 'application/json; format=pandas-records')
      const split = JSON.parse((res.json as Array<{ out: { _model_split: string[] } }>)[0].out._model_split[0])
      if (split.model_version.name === CHALLENGER) challenger++
    }
    // Binomial(1000, 0.3): mean 300, standard deviation 14.5; the emulator's split sequence is seeded.
    expect(challenger).toBeGreaterThan(240)
    expect(challenger).toBeLessThan(360)
  }, 120_000)

  it('with hash-key the same value always reaches the same model', async () => {
    const run = await runAction(
      inputs(PIPELINE, {
        strategy: 'canary',
        models: challengerInput(),
        'canary-weight': '30',
        'hash-key': 'customer',
        'smoke-input': customersInput,
        cpus: '0.25'
      }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const session = new WallarooSession(bed.url)
    await session.login()
    const seen = new Map<string, Set<string>>()
    for (let round = 0; round < 5; round++) {
      for (let c = 0; c < 40; c++) {
        const customer = `customer-${c}`
        const res = await session.infer(url, JSON.stringify([{ dense_input: bed.ws.rows[round % 3], customer }]), 'application/json; format=pandas-records')
        const split = JSON.parse((res.json as Array<{ out: { _model_split: string[] } }>)[0].out._model_split[0])
        seen.set(customer, (seen.get(customer) ?? new Set()).add(split.model_version.name))
      }
    }
    expect([...seen.values()].every((models) => models.size === 1)).toBe(true)
    // Both models get some customers.
    const models = new Set([...seen.values()].flatMap((s) => [...s]))
    expect([...models].sort()).toEqual([CHALLENGER, CHAMPION].sort())
  }, 120_000)

  it('a dry-run promote plans the new version and changes nothing', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(signedInInputs(bed.url, WORKSPACE, { operation: 'promote', pipeline: PIPELINE, 'dry-run': 'true' }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(run.outputs.outcome).toBe('planned')
    const plan = JSON.parse(run.outputs.plan) as Array<{ action: string; detail: string }>
    expect(plan.map((p) => p.action)).toEqual(['create', 'redeploy', 'wait', 'on-failure'])
    expect(plan[0].detail).toContain(`model "${CHALLENGER}"`)
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  }, 60_000)

  it("promote leaves the challenger alone with the canary's engine_config, read from the pipeline; a second promote changes nothing", async () => {
    const promote = signedInInputs(bed.url, WORKSPACE, { operation: 'promote', pipeline: PIPELINE, 'smoke-input': bed.ws.smokeJson })
    const run = await runAction(promote, { cwd: bed.ws.dir })
    expectSuccess(run)
    const state = await emulatorState(bed.url)
    expect(modelNames(state, PIPELINE)).toEqual([CHALLENGER])
    expect(servedBy(state, PIPELINE).definition.steps).toHaveLength(1)
    // The deployment keeps the engine_config the canary was deployed with (read from list_pipelines).
    expect(servedBy(state, PIPELINE).deployment.engine_config.engine.cpu).toBe(0.25)
    expect(run.summary).toContain('**Promote**')
    const smoke = JSON.parse(run.outputs['smoke-output']) as Array<Record<string, any>>
    expect(smoke[0].out.dense_1[0]).toBeCloseTo(demoScore(bed.ws.rows[0], CHALLENGER_BIAS), 6)
    const again = await runAction(promote, { cwd: bed.ws.dir })
    expectSuccess(again)
    expect(again.stdout).toContain(`Nothing to promote: pipeline "${PIPELINE}" already serves model "${CHALLENGER}"`)
    expect((await emulatorState(bed.url)).pipeline_versions).toEqual(state.pipeline_versions)
  }, 90_000)

  it('reject returns to the champion alone; a second reject changes nothing', async () => {
    // A new canary: the promoted challenger is now the champion, the demo model the challenger.
    const canary = await runAction(inputs(PIPELINE, { strategy: 'canary', 'canary-weight': '50' }), { cwd: bed.ws.dir })
    expectSuccess(canary)
    expect(modelNames(await emulatorState(bed.url), PIPELINE)).toEqual([CHALLENGER, CHAMPION].sort())
    const reject = signedInInputs(bed.url, WORKSPACE, { operation: 'reject', pipeline: PIPELINE })
    const run = await runAction(reject, { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(modelNames(await emulatorState(bed.url), PIPELINE)).toEqual([CHALLENGER])
    expect(run.summary).toContain('**Reject**')
    const again = await runAction(reject, { cwd: bed.ws.dir })
    expectSuccess(again)
    expect(again.stdout).toContain('Nothing to reject')
    expect(modelNames(await emulatorState(bed.url), PIPELINE)).toEqual([CHALLENGER])
  }, 90_000)
})

describe('refusals that need the server', () => {
  it('a shadow of a pipeline that is not deployed says to deploy the champion first, and changes nothing', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(inputs('never-deployed', { strategy: 'shadow', models: challengerInput() }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(run.outputs.outcome).toBe('invalid-input')
    expect(message).toContain(`'strategy: shadow' needs pipeline "never-deployed" with a live model, but workspace`)
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  }, 60_000)

  it('a dry-run shadow plans the comparison and the promotion without changing anything', async () => {
    const pipeline = 'dry-shadow'
    await deployChampion(pipeline)
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(
      inputs(pipeline, { strategy: 'shadow', models: challengerInput(), promote: 'if-within', 'max-changed-rows': '10%', 'dry-run': 'true' }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const plan = JSON.parse(run.outputs.plan) as Array<{ action: string; target: string; detail: string }>
    expect(plan.map((p) => p.action)).toEqual(['use', 'keep', 'reuse', 'create', 'redeploy', 'wait', 'infer', 'compare', 'promote', 'on-failure'])
    expect(plan.find((p) => p.action === 'compare')?.detail).toContain(`gates: 'max-changed-rows' 10%`)
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  }, 90_000)
})
