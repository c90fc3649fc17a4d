/** Sets the action's outputs from the run record; called on every run, failed or not. */
import { Outputs, SMOKE_OUTPUT_MAX_BYTES, type OutputName } from '../constants.js'
import type { RunRecord } from '../run-record.js'

/** The smoke answers as a JSON array cut on a record boundary to fit `maxBytes`. */
export interface CutRecords {
  json: string
  kept: number
  total: number
}

/** Keeps the first records whose JSON array fits in `maxBytes` (UTF-8), so the output stays valid JSON. */
export function cutRecords(records: unknown[], maxBytes: number = SMOKE_OUTPUT_MAX_BYTES): CutRecords {
  let size = 2 // "[" and "]"
  let kept = 0
  const parts: string[] = []
  for (const r of records) {
    const part = JSON.stringify(r) ?? 'null'
    const add = Buffer.byteLength(part) + (kept > 0 ? 1 : 0)
    if (size + add > maxBytes) break
    parts.push(part)
    size += add
    kept++
  }
  return { json: `[${parts.join(',')}]`, kept, total: records.length }
}

/** The `models` output: one entry per model with its ids and whether it was reused or uploaded. */
function modelsOutput(record: RunRecord): string {
  return JSON.stringify(record.models.map((m) => ({ name: m.name, version_id: m.versionId ?? null, version: m.version, sha: m.sha, source: m.source })))
}

/** Every output the record has a value for, as strings (undefined values are left unset). */
export function outputValues(record: RunRecord, durationMs: number): Partial<Record<OutputName, string>> {
  const out: Partial<Record<OutputName, string>> = {}
  const set = (name: OutputName, v: string | number | undefined): void => {
    if (v !== undefined && v !== '') out[name] = String(v)
  }
  set(Outputs.WorkspaceId, record.workspace?.id)
  set(Outputs.PipelineId, record.pipeline?.id)
  set(Outputs.PipelineVersionId, record.pipeline?.versionId)
  set(Outputs.PipelineVersion, record.pipeline?.version)
  set(Outputs.DeploymentId, record.deployment?.id)
  set(Outputs.DeploymentName, record.deployment?.name)
  set(Outputs.Status, record.deployment?.status)
  set(Outputs.InferenceUrl, record.inferenceUrl)
  if (record.models.length > 0) set(Outputs.Models, modelsOutput(record))
  if (record.smoke) {
    set(Outputs.SmokeOutput, cutRecords(record.smoke.records).json)
    set(Outputs.SmokeLatencyMs, record.smoke.latencyMs)
  }
  set(Outputs.DurationSeconds, (durationMs / 1000).toFixed(1))
  set(Outputs.Outcome, record.outcome)
  set(Outputs.PipelineName, record.pipelineName ?? record.pipeline?.name)
  // Empty when nothing was checked, so `if: steps.x.outputs.smoke-passed == 'false'` means a real mismatch.
  if (record.golden) {
    set(Outputs.SmokePassed, String(record.golden.passed))
    if (record.golden.maxDeviation !== null) set(Outputs.SmokeMaxDeviation, record.golden.maxDeviation)
  }
  const rollback = record.cleanup.find((c) => c.action === 'rollback' && c.result === 'done' && c.rolledBackTo)
  if (rollback?.rolledBackTo)
    set(Outputs.RolledBackTo, JSON.stringify({ version: rollback.rolledBackTo.version ?? null, version_id: rollback.rolledBackTo.versionId ?? null }))
  if (record.plan) set(Outputs.Plan, JSON.stringify(record.plan))
  if (record.swept) set(Outputs.Swept, JSON.stringify(record.swept))
  // Champion and challenger: the worst challenger's figures (one challenger for compare-with-live).
  const compared = record.comparison?.challengers ?? []
  if (compared.length > 0) {
    const deviations = compared.map((c) => c.maxDeviation).filter((d): d is number => d !== null)
    if (deviations.length > 0) set(Outputs.LiveMaxDeviation, Math.max(...deviations))
    set(Outputs.LiveChangedRows, Math.max(...compared.map((c) => c.changedRows)))
  }
  return out
}

/** Sets the outputs; returns a note when smoke-output had to be cut, for the log. */
export function setOutputs(record: RunRecord, durationMs: number, setOutput: (name: string, value: string) => void): string | undefined {
  for (const [name, value] of Object.entries(outputValues(record, durationMs))) setOutput(name, value)
  if (record.smoke) {
    const cut = cutRecords(record.smoke.records)
    if (cut.kept < cut.total) {
      return `Output '${Outputs.SmokeOutput}' holds the first ${cut.kept} of ${cut.total} answer records (outputs are capped at ${SMOKE_OUTPUT_MAX_BYTES} bytes); the job summary shows the first rows.`
    }
  }
  return undefined
}
