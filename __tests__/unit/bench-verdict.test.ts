/** The bench's pure parts: a figure's verdict against its target, and a deploy's calls sorted into minimum, polls and extras. */
import { describe, expect, it } from '@jest/globals'
import { classifyCalls, MINIMUM, parseRequestLog, pollCount } from '../../scripts/bench/calls.js'
import { cells, markdownTable, ratioOf, verdictOf, type Figure } from '../../scripts/bench/verdict.js'

const figure = (value: number, baseline: number, target: Figure['target']): Figure => ({
  name: 'f',
  value,
  baseline: { name: 'floor', value: baseline },
  unit: 'ms',
  target
})

describe('bench verdicts', () => {
  it('checks a ratio against an upper bound, the bound itself included', () => {
    expect(verdictOf(figure(1.2, 1, { ratioAtMost: 1.2 }))).toBe('ok')
    expect(verdictOf(figure(1.25, 1, { ratioAtMost: 1.2 }))).toBe('MISSED')
  })

  it('checks throughput ratios against a lower bound', () => {
    expect(verdictOf(figure(8000, 10000, { ratioAtLeast: 0.8 }))).toBe('ok')
    expect(verdictOf(figure(6500, 10000, { ratioAtLeast: 0.8 }))).toBe('MISSED')
  })

  it('checks an absolute bound on the figure, whatever the baseline', () => {
    expect(verdictOf(figure(2900, 100, { atMost: 3000 }))).toBe('ok')
    expect(verdictOf(figure(3100, 9000, { atMost: 3000 }))).toBe('MISSED')
  })

  it('never passes a figure that is not a number, and only reports a figure without a target', () => {
    expect(verdictOf(figure(NaN, 1, { ratioAtMost: 2 }))).toBe('MISSED')
    expect(verdictOf(figure(1, 0, { ratioAtLeast: 0.8 }))).toBe('ok')
    expect(ratioOf(figure(1, 0, { reported: true }))).toBe(Infinity)
    expect(verdictOf(figure(500, 1, { reported: true }))).toBe('reported')
  })

  it('prints figure, baseline, ratio, target and verdict on each line', () => {
    expect(cells(figure(0.5, 0.4, { ratioAtMost: 1.2 }))).toEqual(['f', '0.500 ms', '0.400 ms (floor)', '1.25×', '≤ 1.2×', 'MISSED'])
    expect(markdownTable([{ ...figure(3, 2, { atMost: 5 }), note: 'why' }])).toContain('| f | 3.00 ms | 2.00 ms (floor) | 1.50× | ≤ 5.00 ms | ok |\n\n- f: why')
  })
})

const flow = [
  'POST /auth/realms/master/protocol/openid-connect/token 200 36ms',
  'POST /v1/api/workspaces/list 200 5ms',
  'POST /v1/api/workspaces/create 200 1ms',
  'POST /v1/api/models/list 200 1ms',
  'POST /v1/api/models/upload_and_convert 202 46ms',
  'POST /v1/api/models/get_version_by_id 200 14ms',
  'POST /v1/api/models/get_version_by_id 200 1ms',
  'POST /v1/api/pipelines/list_pipelines 200 1ms',
  'POST /v1/api/pipelines/create 200 1ms',
  'POST /v1/api/pipelines/deploy 200 2ms',
  'POST /v1/api/status/get_deployment 200 4ms',
  'POST /v1/api/status/get_deployment 200 1ms',
  'POST /v1/api/admin/get_pipeline_external_url 200 0ms',
  'POST /v1/api/pipelines/infer/p-1/p 200 14ms'
]

describe('bench call count', () => {
  it('counts a first deploy as the minimum plus its polls, with nothing extra', () => {
    const c = classifyCalls(parseRequestLog(['wallaroo-emulator: something else', ...flow].join('\n')))
    expect(c).toMatchObject({ total: 14, minimum: Object.keys(MINIMUM).length, polls: { 'conversion wait': 2, 'deployment wait': 2 }, extras: [], missing: [] })
    expect(pollCount(c)).toBe(4)
  })

  it('names each extra call with its reason', () => {
    const log = [...flow, 'POST /v1/api/workspaces/list 200 1ms', 'POST /v1/api/pipelines/deploy 503 1ms', 'GET /v1/api/assays/list 200 1ms'].join('\n')
    expect(classifyCalls(parseRequestLog(log)).extras).toEqual([
      { call: 'POST /v1/api/workspaces/list (200)', reason: "a second 'find the workspace by name (the API has no lookup by name)'" },
      { call: 'POST /v1/api/pipelines/deploy (503)', reason: 'a failed call (retried or answered by another)' },
      { call: 'GET /v1/api/assays/list (200)', reason: 'not part of the deploy flow' }
    ])
  })

  it('says which minimum steps a run skipped', () => {
    const c = classifyCalls(parseRequestLog(flow.filter((l) => !l.includes('/infer/')).join('\n')))
    expect(c.missing).toEqual(['the smoke inference'])
  })
})
