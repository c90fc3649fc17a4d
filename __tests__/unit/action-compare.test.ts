/**
 * The champion/challenger comparison (steps/compare.ts) and the definitions the strategies build and read
 * (steps/champion.ts): deviations per output field, tolerance as the golden check applies it, class changes at a
 * decision threshold, differently named single outputs, missing fields and shapes, gates, worst rows; shadow and
 * canary definitions read back as what they are.
 */
import { describe, expect, it } from '@jest/globals'
import { applyGates, compareAnswerSets, gateFailures } from '../../src/action/steps/compare.js'
import { canaryDefinition, modelsOfDefinition, shadowDefinition, singleDefinition, structureOf } from '../../src/action/steps/champion.js'
import { keptModel } from '../../src/action/operations/promote.js'
import { outFields, shadowOutFields, splitModelOf } from '../../src/action/answers.js'

const TOL = { abs: 1e-6, rel: 1e-6 }
const scores = (values: number[]) => values.map((v) => ({ dense_1: [v] }))

describe('compareAnswerSets', () => {
  it('counts rows beyond tolerance, the largest and mean deviation, and where the largest is', () => {
    const c = compareAnswerSets('new', scores([0.1, 0.2, 0.3, 0.4]), scores([0.1, 0.25, 0.3000000001, 0.1]), { tolerance: TOL })
    expect(c).toMatchObject({ rowsCompared: 4, changedRows: 2, changedBy: 'tolerance', structuralMismatches: 0, maxDeviationAt: 'row 4 dense_1[0]' })
    expect(c.maxDeviation).toBeCloseTo(0.3, 12)
    expect(c.fields).toHaveLength(1)
    expect(c.fields[0]).toMatchObject({ field: 'dense_1', rowsCompared: 4, rowsBeyondTolerance: 2, oneValue: true })
    expect(c.fields[0].meanDeviation).toBeCloseTo((0 + 0.05 + 1e-10 + 0.3) / 4, 9)
    // Worst first; a row within tolerance but not identical still shows when it differs at all.
    expect(c.worstRows.map((w) => w.row)).toEqual([3, 1, 2])
    expect(c.worstRows[0]).toMatchObject({ field: 'dense_1[0]', champion: '0.4', challenger: '0.1' })
  })

  it('with a decision threshold, changed rows are class changes, not tolerance breaches', () => {
    const c = compareAnswerSets('new', scores([0.1, 0.49, 0.51, 0.9]), scores([0.2, 0.51, 0.52, 0.6]), { tolerance: TOL, decisionThreshold: 0.5 })
    expect(c).toMatchObject({ changedRows: 1, changedBy: 'decision-threshold' })
    expect(c.fields[0]).toMatchObject({ rowsBeyondTolerance: 4, changedClass: 1 })
    expect(c.worstRows.find((w) => w.row === 1)).toMatchObject({ classChanged: true })
  })

  it('pairs single outputs of different names (dense_1 against variable) and compares every element of multi-value ones', () => {
    const c = compareAnswerSets('xgb', scores([0.1, 0.2]), [{ variable: [0.1] }, { variable: [0.3] }], { tolerance: TOL })
    expect(c.fields).toEqual([expect.objectContaining({ field: 'dense_1', challengerField: 'variable', rowsBeyondTolerance: 1 })])
    const multi = compareAnswerSets('m', [{ probs: [0.1, 0.9] }], [{ probs: [0.1, 0.8] }], { tolerance: TOL, decisionThreshold: 0.5 })
    expect(multi.fields[0]).toMatchObject({ oneValue: false, rowsBeyondTolerance: 1 })
    expect(multi.fields[0].changedClass).toBeUndefined()
    expect(multi.changedRows).toBe(1)
    expect(multi.maxDeviationAt).toBe('row 1 probs[1]')
  })

  it('a missing field or another shape changes the row without a distance, and fails a deviation gate', () => {
    const c = compareAnswerSets(
      'new',
      [
        { a: [1], b: [2] },
        { a: [1], b: [2] }
      ],
      [{ a: [1], b: [2, 3] }, { a: [1] }],
      { tolerance: TOL }
    )
    expect(c).toMatchObject({ changedRows: 2, structuralMismatches: 2, maxDeviation: 0 })
    expect(c.worstRows[0]).toMatchObject({ field: 'b', deviation: null })
    const gated = applyGates(c, { maxDeviation: 1 })
    expect(gated.passed).toBe(false)
    expect(gateFailures(gated)).toEqual([`'max-live-deviation' is 1, but the largest deviation is 2 row(s) with another field or shape`])
  })

  it('NaN equals NaN; NaN against a number is beyond tolerance', () => {
    const c = compareAnswerSets('new', [{ s: [null] }, { s: ['NaN'] }], [{ s: ['NaN'] }, { s: [1] }], { tolerance: TOL })
    expect(c).toMatchObject({ changedRows: 1, maxDeviation: null })
  })

  it('gates: a deviation limit, a row count and a percentage of the rows compared', () => {
    const c = compareAnswerSets('new', scores([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), scores([0.01, 0.02, 0, 0, 0, 0, 0, 0, 0, 0]), { tolerance: TOL })
    expect(applyGates(c, { maxDeviation: 0.05, maxChangedRows: { count: 2 } })).toMatchObject({ passed: true })
    const tight = applyGates(c, { maxDeviation: 0.015, maxChangedRows: { percent: 10 } })
    expect(tight.passed).toBe(false)
    expect(tight.gates).toEqual([
      { input: 'max-live-deviation', limit: '0.015', value: '2.00e-2', passed: false },
      { input: 'max-changed-rows', limit: '10%', value: '2 of 10', passed: false }
    ])
    expect(gateFailures(tight)).toEqual([
      `'max-live-deviation' is 0.015, but the largest deviation is 2.00e-2 (row 2 dense_1[0])`,
      `'max-changed-rows' is 10%, but 2 of 10 rows changed (beyond tolerance)`
    ])
    expect(applyGates(c, {})).toMatchObject({ gates: [], passed: true })
  })
})

describe('answer records of shadow and A/B deploys', () => {
  it('reads a challenger group nested or flattened, and leaves the split note out of the outputs', () => {
    const nested = { out: { dense_1: [0.1] }, 'out_ccfraud-xgb': { variable: [0.2] }, metadata: {} }
    expect(shadowOutFields(nested, 'ccfraud-xgb')).toEqual({ variable: [0.2] })
    expect(shadowOutFields({ 'out.dense_1': [0.1], 'out_ccfraud-xgb.variable': [0.2] }, 'ccfraud-xgb')).toEqual({ variable: [0.2] })
    expect(shadowOutFields(nested, 'other')).toBeUndefined()
    const split = { out: { _model_split: ['{"model_version":{"name":"b","file_info":{"version":"v2","sha":"s2"}},"config":{}}'], dense_1: [0.3] } }
    expect(outFields(split)).toEqual({ dense_1: [0.3] })
    expect(splitModelOf(split)).toEqual({ name: 'b', version: 'v2', sha: 's2' })
    expect(splitModelOf({ 'out._model_split': ['{"name":"a","version":"v1","sha":"s1"}'], 'out.dense_1': [0.1] })).toEqual({
      name: 'a',
      version: 'v1',
      sha: 's1'
    })
  })
})

describe('definitions of champion and challenger', () => {
  const champion = { name: 'ccfraud', version: 'v1', sha: 's1' }
  const challenger = { name: 'ccfraud-v2', version: 'v2', sha: 's2' }
  const pre = { name: 'pre', version: 'p1', sha: 'ps' }
  const prefix = [{ ModelInference: { models: [pre] } }]

  it('a shadow deploy is written as the SDK writes it and read back as one', () => {
    const d = shadowDefinition(prefix, champion, [challenger])
    expect(d.steps?.slice(1)).toEqual([{ ModelInference: { models: [champion, challenger] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }])
    expect(structureOf(d)).toEqual({ prefix, shape: { kind: 'shadow', champion, challengers: [challenger] } })
    expect(modelsOfDefinition(d)).toEqual([pre, champion, challenger])
  })

  it('a canary is a RandomSplit with the champion first, read back with its weights and hash key', () => {
    const d = canaryDefinition([], champion, challenger, 30, 'customer')
    expect(d.steps).toEqual([
      {
        RandomSplit: {
          hash_key: 'customer',
          weights: [
            { model: champion, weight: 70 },
            { model: challenger, weight: 30 }
          ]
        }
      }
    ])
    expect(structureOf(d).shape).toEqual({ kind: 'canary', champion, challenger, weights: [70, 30], hashKey: 'customer' })
    expect(structureOf(canaryDefinition([], champion, challenger, 10, undefined)).shape).not.toHaveProperty('hashKey')
  })

  it('promote keeps the challenger, reject the champion; one model or several challengers leave nothing to choose', () => {
    const canary = structureOf(canaryDefinition([], champion, challenger, 30, undefined)).shape
    expect(keptModel(canary, 'promote', 'p').keep).toEqual(challenger)
    expect(keptModel(canary, 'reject', 'p').keep).toEqual(champion)
    const two = structureOf(shadowDefinition([], champion, [challenger, pre])).shape
    expect(keptModel(two, 'reject', 'p').keep).toEqual(champion)
    expect(() => keptModel(two, 'promote', 'p')).toThrow(
      `pipeline "p" shadows champion "ccfraud" with 2 challengers ("ccfraud-v2", "pre"), so 'promote' cannot tell which one to keep`
    )
    expect(structureOf(singleDefinition(prefix, champion))).toEqual({ prefix, shape: { kind: 'single', model: champion } })
    expect(structureOf({ steps: [{ ModelInference: { models: [champion, challenger] } }] }).shape).toEqual({
      kind: 'other',
      why: 'its last step is a ModelInference step of 2 models'
    })
  })
})
