/** The sticky PR comment's text: marker, outcome, ids, golden verdict and diff, cleanup, and when it is written. */
import { describe, expect, it } from '@jest/globals'
import { commentMarker, renderComment, wantsComment } from '../../src/action/report/pr-comment.js'
import { newRunRecord } from '../../src/action/run-record.js'

function record() {
  const r = newRunRecord('deploy', 0)
  r.workspace = { id: 3, name: 'fraud-team', created: false }
  r.pipelineName = 'ccfraud-pr-7'
  r.pipeline = { name: 'ccfraud-pr-7', id: 4, versionId: 9, version: 'f00d-uuid', created: true, versionReused: false }
  r.deployment = { id: 5, name: 'ccfraud-pr-7-5', status: 'Running' }
  r.inferenceUrl = 'https://w.example.com/v1/api/pipelines/infer/ccfraud-pr-7-5/ccfraud-pr-7'
  r.smoke = { latencyMs: 12, inputRows: 3, records: [], contentType: 'application/json' }
  r.context = { sha: 'abcdef0123456789', runUrl: 'https://github.com/o/r/actions/runs/1' }
  r.durationMs = 42_000
  return r
}

describe('the PR comment', () => {
  it('is found again by a marker naming the workspace and pipeline', () => {
    expect(commentMarker(record())).toBe('<!-- wallaroo-action:pr-comment workspace=fraud-team pipeline=ccfraud-pr-7 -->')
    expect(renderComment(record()).startsWith(commentMarker(record()))).toBe(true)
  })

  it('shows outcome, ids, URL, golden verdict, latency, commit and run', () => {
    const r = record()
    r.outcome = 'success'
    r.golden = {
      passed: true,
      rowsExpected: 3,
      rowsGot: 3,
      valuesCompared: 3,
      maxDeviation: 2e-8,
      mismatches: [],
      totalMismatches: 0,
      tolerance: { abs: 1e-6, rel: 1e-6 },
      expectedPath: 'g.json'
    }
    const md = renderComment(r)
    for (const text of [
      '### ✅ Wallaroo deploy of `ccfraud-pr-7`: success',
      '| **Pipeline version** | 9 <code>f00d-uuid</code> |',
      '| **Deployment** | ccfraud-pr-7-5 · Running |',
      '| **Golden check** | ✅ 3 row(s) within abs=0.000001,rel=0.000001; largest deviation 2.00e-8 |',
      '| **Smoke inference** | 3 row(s), 12 ms |',
      '| **Run** | <code>abcdef0</code> · <a href="https://github.com/o/r/actions/runs/1">workflow run</a> |'
    ]) {
      expect([text, md.includes(text)]).toEqual([text, true])
    }
  })

  it('on a rollback: the failure quoted, the first rows of the diff, and what the policy did', () => {
    const r = record()
    r.outcome = 'rolled-back'
    r.error = 'deploy failed while checking the smoke answers: the answers differ <b>'
    r.golden = {
      passed: false,
      rowsExpected: 3,
      rowsGot: 3,
      valuesCompared: 3,
      maxDeviation: 0.03,
      maxDeviationAt: 'row 1 dense_1[0]',
      mismatches: [{ row: 0, field: 'dense_1[0]', kind: 'value', expected: '0.99', got: '0.96', deviation: 0.03 }],
      totalMismatches: 1,
      tolerance: { abs: 1e-6, rel: 1e-6 },
      expectedPath: 'g.json'
    }
    r.cleanup.push({ action: 'rollback', result: 'done', detail: 'rolled back to pipeline version 8', where: 'main' })
    const md = renderComment(r)
    expect(md).toContain('### ❌ Wallaroo deploy of `ccfraud-pr-7`: rolled-back')
    expect(md).toContain('> deploy failed while checking the smoke answers: the answers differ &#60;b&#62;')
    expect(md).toContain('<summary>Golden diff: first 1 of 1</summary>')
    expect(md).toContain('- row 1 dense_1[0]: expected 0.99, got 0.96 (off by 3.00e-2)')
    expect(md).toContain('| **On failure (rollback)** | ✅ rolled back to pipeline version 8 |')
  })

  it('is written on pull requests with a token and a repository, unless switched off', () => {
    const gh = { prNumber: 7, repository: 'o/r' }
    expect(wantsComment({ comment: true, github: gh, githubToken: 't' })).toBe(true)
    expect(wantsComment({ comment: false, github: gh, githubToken: 't' })).toBe(false)
    expect(wantsComment({ comment: true, github: { repository: 'o/r' }, githubToken: 't' })).toBe(false)
    expect(wantsComment({ comment: true, github: gh, githubToken: undefined })).toBe(false)
  })
})
