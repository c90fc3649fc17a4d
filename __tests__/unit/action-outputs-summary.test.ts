import { describe, expect, it } from '@jest/globals'
import { cutRecords, outputValues, setOutputs } from '../../src/action/report/outputs.js'
import { newRunRecord, serializeRecord, type RunRecord } from '../../src/action/run-record.js'
import { escapeCell, renderSummary } from '../../src/action/report/summary.js'

const SHA = 'bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507'

function fullRecord(records: unknown[] = [{ time: 1, out: { dense_1: [0.0014974177] }, anomaly: { count: 0 } }]): RunRecord {
  const r = newRunRecord('deploy', 0)
  r.workspace = { id: 7, name: 'fraud-team', created: true }
  r.models.push({ name: 'ccfraud', versionId: 12, version: '1d7191d4-5996-4750-b209-3a3a757bd4dd', sha: SHA, source: 'uploaded', status: 'ready' })
  r.pipeline = { name: 'ccfraud', id: 3, versionId: 4, version: '5d0326fa-6753-4252-bb56-3b2106a8c671', created: true, versionReused: false }
  r.deployment = { id: 14, name: 'ccfraud-14', status: 'Running', wasDeployed: false }
  r.inferenceUrl = 'https://w.example.com/v1/api/pipelines/infer/ccfraud-14/ccfraud'
  r.smoke = { latencyMs: 23, inputRows: records.length, records, contentType: 'application/json' }
  r.phases.push({ name: 'models', ms: 1500, outcome: 'ok' }, { name: 'wait', ms: 42_000, outcome: 'ok' })
  return r
}

describe('outputs', () => {
  it('sets every output the record has', () => {
    expect(outputValues(fullRecord(), 45_678)).toEqual({
      'workspace-id': '7',
      'pipeline-id': '3',
      'pipeline-version-id': '4',
      'pipeline-version': '5d0326fa-6753-4252-bb56-3b2106a8c671',
      'deployment-id': '14',
      'deployment-name': 'ccfraud-14',
      status: 'Running',
      'inference-url': 'https://w.example.com/v1/api/pipelines/infer/ccfraud-14/ccfraud',
      models: JSON.stringify([{ name: 'ccfraud', version_id: 12, version: '1d7191d4-5996-4750-b209-3a3a757bd4dd', sha: SHA, source: 'uploaded' }]),
      'smoke-output': '[{"time":1,"out":{"dense_1":[0.0014974177]},"anomaly":{"count":0}}]',
      'smoke-latency-ms': '23',
      'duration-seconds': '45.7',
      'pipeline-name': 'ccfraud'
    })
  })

  it('a run that failed early still reports its duration and nothing invented', () => {
    expect(outputValues(newRunRecord('deploy', 0), 1200)).toEqual({ 'duration-seconds': '1.2' })
  })

  it('cuts smoke-output on a record boundary to 4 KB and says so', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ time: i, out: { score: [i / 7] }, note: 'é'.repeat(20) }))
    const cut = cutRecords(records)
    expect(Buffer.byteLength(cut.json)).toBeLessThanOrEqual(4096)
    expect(JSON.parse(cut.json)).toEqual(records.slice(0, cut.kept))
    expect(Buffer.byteLength(cutRecords(records.slice(0, cut.kept + 1)).json)).toBeLessThanOrEqual(4096) // sanity
    expect(Buffer.byteLength(JSON.stringify(records.slice(0, cut.kept + 1)))).toBeGreaterThan(4096)
    const set: Record<string, string> = {}
    const note = setOutputs(fullRecord(records), 1000, (n, v) => (set[n] = v))
    expect(set['smoke-output']).toBe(cut.json)
    expect(note).toBe(
      `Output 'smoke-output' holds the first ${cut.kept} of 100 answer records (outputs are capped at 4096 bytes); the job summary shows the first rows.`
    )
    expect(setOutputs(fullRecord(), 1000, () => undefined)).toBeUndefined()
  })

  it('an answer whose first record alone is too big gives an empty array', () => {
    expect(cutRecords([{ x: 'a'.repeat(5000) }])).toEqual({ json: '[]', kept: 0, total: 1 })
  })

  it('the saved run record keeps what was created and only the first smoke records', () => {
    const r = fullRecord(Array.from({ length: 20 }, (_, i) => ({ i })))
    r.created.push({ kind: 'deployment', id: 14, name: 'ccfraud-14' })
    const saved = JSON.parse(serializeRecord(r))
    expect(saved.created).toEqual([{ kind: 'deployment', id: 14, name: 'ccfraud-14' }])
    expect(saved.smoke.records).toHaveLength(5)
  })
})

describe('job summary', () => {
  it('on success: a table of ids, status, URL, timings, models and the first smoke answers', () => {
    const md = renderSummary(fullRecord(), 45_678)
    expect(md).toContain('## ✅ Wallaroo deploy of ccfraud succeeded')
    for (const text of [
      '| **Workspace** | fraud-team (id 7, created by this run) |',
      '| **Pipeline** | ccfraud (id 3, created by this run) |',
      '| **Pipeline version** | 4 <code>5d0326fa-6753-4252-bb56-3b2106a8c671</code> (new) |',
      '| **Deployment** | ccfraud-14 (id 14) |',
      '| **Status** | Running |',
      '| **Inference URL** | <code>https://w.example.com/v1/api/pipelines/infer/ccfraud-14/ccfraud</code> |',
      '| **Smoke inference** | 1 row(s) in, 1 record(s) out, 23 ms |',
      '| **Duration** | 46s |',
      '| models | ✅ ok | 2s |',
      '| wait | ✅ ok | 42s |',
      '| Item | Value |',
      '| ccfraud | 12 | <code>1d7191d4-5996-4750-b209-3a3a757bd4dd</code> | <code>bc85ce596945…</code> | uploaded |',
      '### Smoke answers (first 1 of 1)',
      '| 1 | <code>{"out":{"dense_1":[0.0014974177]}}</code> | <code>{"count":0}</code> |'
    ]) {
      expect([text, md.includes(text)]).toEqual([text, true])
    }
  })

  it('on failure: the message first, and whatever was learned before it', () => {
    const r = newRunRecord('deploy', 0)
    r.workspace = { id: 7, name: 'fraud-team', created: false }
    r.deployment = { id: 14, name: 'ccfraud-14', status: 'Error' }
    r.error = 'deploy failed while waiting for deployment ccfraud-14: did not reach Running.\n  engine e: Pending, reason: 1 Insufficient memory.'
    const md = renderSummary(r, 3000)
    expect(
      md.startsWith(
        '## ❌ Wallaroo deploy failed: deploy-failed\n\n> deploy failed while waiting for deployment ccfraud-14: did not reach Running.<br>\n>   engine e: Pending, reason: 1 Insufficient memory.'
      )
    ).toBe(true)
    expect(md).toContain('| **Status** | Error |')
    expect(md).not.toContain('Smoke answers')
  })

  it('shows at most 5 answer rows, flattened answers too', () => {
    const records = Array.from({ length: 8 }, (_, i) => ({ time: i, 'in.tensor': [1], 'out.dense_1': [i / 10], 'anomaly.count': 0 }))
    const md = renderSummary(fullRecord(records), 1000)
    expect(md).toContain('### Smoke answers (first 5 of 8)')
    expect(md).toContain('| 5 | <code>{"out.dense_1":[0.4]}</code> | <code>0</code> |')
    expect(md).not.toContain('| 6 |')
  })

  it('an A/B split: which model answered each row (2023 and 2024+ shapes), and not in the Output column', () => {
    const split2023 = JSON.stringify({ name: 'challenger', version: 'v-b', sha: SHA })
    const split2024 = JSON.stringify({ model_version: { name: 'champion', file_info: { version: 'v-a', sha: SHA } }, config: { id: 3 } })
    const md = renderSummary(
      fullRecord([{ out: { _model_split: [split2023], dense_1: [0.1] } }, { 'out._model_split': [split2024], 'out.dense_1': [0.2] }]),
      1000
    )
    expect(md).toContain('| # | Output | Anomalies | Answered by (A/B split) |')
    expect(md).toContain('| 1 | <code>{"out":{"dense_1":[0.1]}}</code> |  | challenger <code>v-b</code> |')
    expect(md).toContain('| 2 | <code>{"out.dense_1":[0.2]}</code> |  | champion <code>v-a</code> |')
  })

  it("a shadow deploy: the challengers' out_<model> groups beside the champion's answer, nested and flattened", () => {
    const md = renderSummary(
      fullRecord([
        { out: { dense_1: [0.0014974177] }, anomaly: { count: 0 }, 'out_ccfraud-xgb': { variable: [0.0005066991] } },
        { 'out.dense_1': [0.5], 'anomaly.count': 0, 'out_ccfraud-xgb.variable': [0.4], 'out_other.y': [1] }
      ]),
      1000
    )
    expect(md).toContain('| # | Output | Anomalies | Shadow outputs (challengers) |')
    expect(md).toContain(
      '| 1 | <code>{"out":{"dense_1":[0.0014974177]}}</code> | <code>{"count":0}</code> | ccfraud-xgb: <code>{"variable":[0.0005066991]}</code> |'
    )
    expect(md).toContain(
      '| 2 | <code>{"out.dense_1":[0.5]}</code> | <code>0</code> | ccfraud-xgb: <code>{"variable":[0.4]}</code><br>other: <code>{"y":[1]}</code> |'
    )
  })

  it('escapes server text so it cannot break the table or inject HTML', () => {
    expect(escapeCell('a|b <script>x</script> `c`\nd & e')).toBe('a&#124;b &lt;script&gt;x&lt;/script&gt; &#96;c&#96;<br>d &amp; e')
    const r = fullRecord([{ out: { x: ['</code><img src=x>|'] } }])
    r.error = 'boom | <b>'
    const md = renderSummary(r, 1)
    expect(md).not.toMatch(/<img|<b>/)
    expect(escapeCell('x'.repeat(400))).toHaveLength(301)
  })
})
