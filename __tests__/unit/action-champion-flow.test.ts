/**
 * Champion and challenger against the in-memory fake: servers without list_pipelines (promote refuses before
 * changing anything; compare-with-live says it cannot find the live version and deploys), and the outputs and job
 * summary rendered from a run record with a comparison of two challengers.
 */
import { describe, expect, it } from '@jest/globals'
import { renderComment } from '../../src/action/report/pr-comment.js'
import { outputValues } from '../../src/action/report/outputs.js'
import { renderSummary } from '../../src/action/report/summary.js'
import { newRunRecord, type ChallengerComparison } from '../../src/action/run-record.js'
import { FakeWallaroo } from './action-fake-api.js'
import { baseSettings, deploySettings, runOp, useModelFiles } from '../helpers/fake-operations.js'

const files = useModelFiles('champion-flow-')

describe('servers without pipelines/list_pipelines', () => {
  it('promote refuses with the reason and changes nothing', async () => {
    const api = new FakeWallaroo({ listPipelines: false })
    await api.createWorkspace('fraud-team')
    const run = await runOp(api, baseSettings({ operation: 'promote', models: [] }))
    expect(run.message).toContain(
      `operation 'promote' reads what the pipeline serves from pipelines/list_pipelines, which this Wallaroo server does not have (older than 2024)`
    )
    expect(api.calls.map((c) => c[0]).filter((name) => ['createPipeline', 'deployPipeline', 'undeployPipeline'].includes(String(name)))).toEqual([])
  })

  it('compare-with-live finds what runs from the inference URL; a first deploy has nothing to compare with', async () => {
    const api = new FakeWallaroo({ listPipelines: false })
    const rollout = { strategy: 'basic' as const, compareWithLive: true, gates: {}, promote: 'never' as const }
    const run = await runOp(api, deploySettings(files.modelA, { rollout }))
    expect(run.error).toBeUndefined()
    expect(run.lines).toContain(
      `WARN 'compare-with-live': nothing compared: no version of "ccfraud" was Running before this run (a first deploy has nothing to compare with).`
    )
    expect(run.record.comparison).toMatchObject({
      mode: 'live',
      challengers: [],
      skipped: expect.stringContaining('no version of "ccfraud" was Running before this run')
    })
    expect(run.outputs['live-changed-rows']).toBeUndefined()
  })
})

describe('outputs and summary of a comparison', () => {
  const challenger = (name: string, maxDeviation: number, changedRows: number, passed: boolean): ChallengerComparison => ({
    challenger: `model "${name}"`,
    rowsCompared: 10,
    changedRows,
    changedBy: 'tolerance',
    maxDeviation,
    maxDeviationAt: 'row 2 dense_1[0]',
    structuralMismatches: 0,
    fields: [{ field: 'dense_1', rowsCompared: 10, rowsBeyondTolerance: changedRows, maxDeviation, meanDeviation: maxDeviation / 2, oneValue: true }],
    worstRows: [{ row: 1, field: 'dense_1[0]', champion: '0.1', challenger: (0.1 + maxDeviation).toFixed(2), deviation: maxDeviation }],
    gates: [{ input: 'max-changed-rows', limit: '3', value: `${changedRows} of 10`, passed }],
    passed
  })

  it('live-max-deviation and live-changed-rows take the worst challenger; the summary shows each with its gates', () => {
    const record = newRunRecord('deploy', 0)
    record.rollout = {
      strategy: 'shadow',
      champion: { name: 'ccfraud', version: 'v1', sha: 's' },
      challengers: [
        { name: 'a', version: 'v2', sha: 't' },
        { name: 'b', version: 'v3', sha: 'u' }
      ],
      decision: { policy: 'never', result: 'kept', detail: 'the shadow deploy keeps running' }
    }
    record.comparison = {
      mode: 'shadow',
      champion: 'model "ccfraud"',
      input: { path: 'data/compare.json', rows: 10 },
      tolerance: { abs: 1e-6, rel: 1e-6 },
      challengers: [challenger('a', 0.02, 1, true), challenger('b', 0.01, 4, false)]
    }
    const out = outputValues(record, 1000)
    expect([out['live-max-deviation'], out['live-changed-rows']]).toEqual(['0.02', '4'])
    const summary = renderSummary(record, 1000)
    expect(summary).toContain('### Champion and challenger')
    expect(summary).toContain('**Shadow deploy**: champion <code>ccfraud</code> answered')
    expect(summary).toContain('#### model "a" against model "ccfraud": ✅ within the gates')
    expect(summary).toContain('#### model "b" against model "ccfraud": ❌ beyond the gates')
    expect(summary).toContain('| <code>max-changed-rows</code> | <code>3</code> | 4 of 10 | ❌ beyond |')
    expect(summary).toContain('| 2 | <code>dense_1[0]</code> | <code>0.1</code> | <code>0.12</code> | 2.00e-2 |')
    // The PR comment folds the same table, with the changed rows in its title.
    const comment = renderComment({ ...record, pipelineName: 'ccfraud' })
    expect(comment).toContain('<details><summary>Champion and challenger: 1 of 10 row(s) changed; 4 of 10 row(s) changed</summary>')
    expect(comment).toContain('| <code>max-changed-rows</code> | <code>3</code> | 4 of 10 | ❌ beyond |')
  })
})
