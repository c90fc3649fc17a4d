/**
 * parseInputs for champion and challenger: strategy, compare-with-live, compare-input, decision-threshold, the
 * gates, promote, canary-weight and hash-key, and operations promote/reject; every wrong combination named with
 * its input and fix.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import { inputParser } from '../helpers/input-parsing.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollout-inputs-'))
  mkdirSync(join(dir, 'models'))
  mkdirSync(join(dir, 'data'))
  // Real (tiny) ONNX models and rows that fit them: model files and the smoke input are checked while parsing.
  writeFileSync(join(dir, 'models/challenger.onnx'), buildDemoModel())
  writeFileSync(join(dir, 'models/other.onnx'), buildDemoModel({ bias: 0.5 }))
  const [a, b] = demoRows(2)
  writeFileSync(
    join(dir, 'data/smoke.df.json'),
    JSON.stringify([
      { dense_input: a, customer: 'a' },
      { dense_input: b, customer: 'b' }
    ])
  )
  writeFileSync(join(dir, 'data/compare.arrow'), tableToIPC(tableFromArrays({ x: Float32Array.from([1, 2, 3]) }), 'file'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base: Record<string, string> = {
  url: 'https://wallaroo.example.com',
  username: 'ci@example.com',
  password: 'hunter2',
  workspace: 'fraud-team',
  pipeline: 'ccfraud',
  models: '- name: ccfraud-v2\n  path: models/challenger.onnx\n',
  'smoke-input': 'data/smoke.df.json'
}
const TWO_MODELS = '- name: ccfraud-v2\n  path: models/challenger.onnx\n- name: ccfraud-v3\n  path: models/other.onnx\n'

const { parse, problems } = inputParser(base, () => dir)

describe('champion and challenger inputs: valid settings', () => {
  it('a deploy without them is a basic deploy that compares nothing', () => {
    expect(parse({}).rollout).toEqual({ strategy: 'basic', compareWithLive: false, gates: {}, promote: 'never' })
  })

  it('compare-with-live with a larger compare-input, a decision threshold and both gates (a percentage)', () => {
    const s = parse({
      'compare-with-live': 'true',
      'compare-input': 'data/compare.arrow',
      'decision-threshold': '0.5',
      'max-live-deviation': '0.05',
      'max-changed-rows': '2%',
      tolerance: '1e-3'
    })
    expect(s.rollout).toMatchObject({
      strategy: 'basic',
      compareWithLive: true,
      decisionThreshold: 0.5,
      gates: { maxDeviation: 0.05, maxChangedRows: { percent: 2 } }
    })
    expect(s.rollout?.compareInput).toMatchObject({ format: 'arrow', rows: 3 })
    expect(s.tolerance).toEqual({ abs: 1e-3, rel: 1e-3 })
  })

  it('a shadow that promotes within a row-count gate, and a sticky canary', () => {
    expect(parse({ strategy: 'shadow', promote: 'if-within', 'max-changed-rows': '3' }).rollout).toMatchObject({
      strategy: 'shadow',
      promote: 'if-within',
      gates: { maxChangedRows: { count: 3 } }
    })
    expect(parse({ strategy: 'canary', 'canary-weight': '30', 'hash-key': 'customer' }).rollout).toMatchObject({
      strategy: 'canary',
      canaryWeight: 30,
      hashKey: 'customer'
    })
  })

  it('promote and reject take the pipeline and the checks of a deploy', () => {
    const s = parse({ operation: 'reject', models: undefined, 'on-failure': 'keep' })
    expect([s.operation, s.pipeline, s.onFailure, s.smokeInput?.rows, s.rollout]).toEqual(['reject', 'ccfraud', 'keep', 2, undefined])
    expect(parse({ operation: 'promote', models: undefined, 'smoke-input': undefined }).operation).toBe('promote')
  })
})

describe('champion and challenger inputs: every problem, named with its input and fix', () => {
  it.each<[string, Record<string, string | undefined>, string]>([
    ['unknown strategy', { strategy: 'blue-green' }, `Input 'strategy' is "blue-green": use one of basic, shadow, canary.`],
    ['compare-with-live typo', { 'compare-with-live': 'yes please' }, `Input 'compare-with-live' is "yes please": use true or false.`],
    [
      'a gate without a comparison',
      { 'max-live-deviation': '0.1' },
      `Input 'max-live-deviation' only applies when the deploy compares answers with the live model: set 'compare-with-live: true', or 'strategy: shadow'.`
    ],
    [
      'compare-input without a comparison',
      { 'compare-input': 'data/compare.arrow' },
      `Input 'compare-input' only applies when the deploy compares answers with the live model: set 'compare-with-live: true', or 'strategy: shadow'.`
    ],
    [
      'a comparison without rows',
      { 'compare-with-live': 'true', 'smoke-input': undefined },
      `'compare-with-live' needs rows to send to both models: give 'smoke-input' (a few rows) or 'compare-input' (a larger file, JSON or Arrow).`
    ],
    [
      'compare-with-live on a shadow',
      { strategy: 'shadow', 'compare-with-live': 'true' },
      `Input 'compare-with-live' is not needed with 'strategy: shadow': a shadow deploy always compares its challengers with the champion. Remove 'compare-with-live'.`
    ],
    [
      'compare-with-live on a canary',
      { strategy: 'canary', 'canary-weight': '10', 'compare-with-live': 'true' },
      `Input 'compare-with-live' does not work with 'strategy: canary': each request of a canary is answered by one model or the other, so answers cannot be compared row by row. Use 'strategy: shadow' to compare first, then a canary.`
    ],
    [
      'a word as threshold',
      { 'compare-with-live': 'true', 'decision-threshold': 'half' },
      `Input 'decision-threshold' is "half": give the score at which a one-value output changes class, e.g. 0.5 for a fraud probability.`
    ],
    [
      'a negative deviation gate',
      { 'compare-with-live': 'true', 'max-live-deviation': '-1' },
      `Input 'max-live-deviation' is "-1": give the largest |new - live| answer difference allowed, a number of 0 or more, e.g. 0.05.`
    ],
    [
      'a fraction of rows',
      { 'compare-with-live': 'true', 'max-changed-rows': '0.5' },
      `Input 'max-changed-rows' is "0.5": give a number of rows (e.g. 3) or a percentage of the rows compared (e.g. 2%).`
    ],
    [
      'over 100%',
      { 'compare-with-live': 'true', 'max-changed-rows': '120%' },
      `Input 'max-changed-rows' is "120%": give a number of rows (e.g. 3) or a percentage of the rows compared (e.g. 2%).`
    ],
    [
      'promote on a basic deploy',
      { promote: 'always' },
      `Input 'promote' only applies with 'strategy: shadow'; a canary is settled later with operation 'promote' or 'reject'.`
    ],
    [
      'if-within without a gate',
      { strategy: 'shadow', promote: 'if-within' },
      `Input 'promote: if-within' needs a gate to be within: give 'max-live-deviation' and/or 'max-changed-rows'.`
    ],
    [
      'always with a gate',
      { strategy: 'shadow', promote: 'always', 'max-live-deviation': '0.1' },
      `Input 'promote: always' promotes whatever the comparison shows, so 'max-live-deviation' and 'max-changed-rows' would do nothing; use 'promote: if-within' to promote only within them, or remove the gates.`
    ],
    ['promote typo', { strategy: 'shadow', promote: 'sometimes' }, `Input 'promote' is "sometimes": use one of never, if-within, always.`],
    [
      'canary without a weight',
      { strategy: 'canary' },
      `'strategy: canary' needs 'canary-weight': the challenger's share of requests in percent (1 to 99), e.g. 10.`
    ],
    [
      'canary weight 100',
      { strategy: 'canary', 'canary-weight': '100' },
      `Input 'canary-weight' is "100": give the challenger's share of requests as a whole percentage from 1 to 99, e.g. 10.`
    ],
    ['canary weight on a shadow', { strategy: 'shadow', 'canary-weight': '10' }, `Input 'canary-weight' only applies with 'strategy: canary'.`],
    [
      'hash-key on a basic deploy',
      { 'hash-key': 'customer' },
      `Input 'hash-key' only applies with 'strategy: canary' (it keeps requests with the same value on one model).`
    ],
    [
      'hash-key the smoke input lacks',
      { strategy: 'canary', 'canary-weight': '10', 'hash-key': 'account' },
      `Input 'hash-key' is "account", but 'smoke-input' has no such column (columns: "dense_input", "customer"); name a column your requests carry, e.g. a customer id, so the same value always reaches the same model.`
    ],
    [
      'a canary of two challengers',
      { strategy: 'canary', 'canary-weight': '10', models: TWO_MODELS },
      `'strategy: canary' splits traffic between the champion and one challenger, but 'models' has 2 entries; give one.`
    ],
    [
      'promoting one of two challengers',
      { strategy: 'shadow', promote: 'always', models: TWO_MODELS },
      `Input 'promote: always' promotes the challenger, but 'models' has 2 challengers; give one, or use 'promote: never' to compare several.`
    ],
    [
      'a strategy with a definition',
      { strategy: 'shadow', 'pipeline-definition': '{"steps": [{"ModelInference": {"models": [{"name": "ccfraud-v2"}]}}]}' },
      `'strategy: shadow' builds the pipeline definition itself (the live champion plus this run's models); remove 'pipeline-definition' and list the challenger(s) in 'models'.`
    ],
    [
      'a strategy input on status',
      { operation: 'status', models: undefined, 'smoke-input': undefined, strategy: 'shadow' },
      `Input 'strategy' does not apply to operation 'status'; it is used by 'deploy'. Remove it or change 'operation'.`
    ],
    [
      'models on promote',
      { operation: 'promote' },
      `Input 'models' does not apply to operation 'promote'; it is used by 'deploy', 'upload-model', 'create-pipeline'. Remove it or change 'operation'.`
    ],
    [
      'goldens without smoke input on reject',
      { operation: 'reject', models: undefined, 'smoke-input': undefined, 'expected-output': 'data/smoke.df.json' },
      `Input 'expected-output' needs 'smoke-input': the golden answers are compared with the answers to that input. Give the input file the goldens were recorded from.`
    ]
  ])('%s', (_title, inputs, message) => {
    expect(problems(inputs)).toEqual([message])
  })

  it('a missing compare-input file names that input', () => {
    expect(problems({ 'compare-with-live': 'true', 'compare-input': 'data/nope.json' })).toEqual([
      `Input 'compare-input' file ${join(dir, 'data/nope.json')} does not exist; paths are relative to the workspace directory ${dir}.`
    ])
  })

  it('a shadow without challengers says where they go', () => {
    expect(problems({ strategy: 'shadow', models: undefined })).toEqual([
      `Operation 'deploy' needs 'models' or 'pipeline-definition' (or both): say which models the pipeline runs.`,
      `'strategy: shadow' needs the challenger in 'models': the model(s) to run beside the live champion.`
    ])
  })
})
