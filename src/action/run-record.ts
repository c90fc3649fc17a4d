/**
 * What a run did, phase by phase: ids, what was created or reused, timings and the outcome. Outputs and
 * the job summary are rendered from it, and it is saved with core.saveState so a later `post:` step
 * (teardown, rollback) knows exactly what this run created.
 */
import { during } from './errors.js'
import type { Operation } from './settings.js'

/** One model as the run used it. */
export interface ModelOutcome {
  name: string
  versionId?: number
  /** file_info.version UUID. */
  version: string
  sha: string
  /** `uploaded` by this run, `reused` because the workspace already had that sha, or `given` as version + sha. */
  source: 'uploaded' | 'reused' | 'given'
  /** Conversion status at the end of the run. */
  status?: string
}

/** Something this run created on the server (the teardown list). */
export interface CreatedThing {
  kind: 'workspace' | 'model-version' | 'pipeline' | 'pipeline-version' | 'deployment'
  id: number | string
  name: string
}

/** One phase's timing and outcome. */
export interface PhaseTiming {
  name: string
  ms: number
  outcome: 'ok' | 'failed'
}

/** Smoke inference result, decoded into rows. */
export interface SmokeOutcome {
  latencyMs: number
  /** Rows sent. */
  inputRows: number
  /** Decoded answer records (JSON-safe). */
  records: unknown[]
  contentType: string
}

/** Everything the run learned; each phase fills its part. */
export interface RunRecord {
  /** The operation, or the raw `operation` input when it was not valid. */
  operation: Operation | string
  /** Epoch ms. */
  startedAt: number
  workspace?: { id: number; name?: string; created: boolean }
  models: ModelOutcome[]
  pipeline?: {
    name: string
    id?: number
    versionId?: number
    version?: string
    /** The pipeline did not exist before this run. */
    created: boolean
    /** The current version already had the wanted definition, so no new version was created. */
    versionReused: boolean
    /** The version that was current before this run (what a rollback would go back to). */
    previousVersionId?: number
  }
  deployment?: {
    id?: number
    name?: string
    status?: string
    /** The pipeline was deployed before this run (so a teardown must not undeploy it). */
    wasDeployed?: boolean
  }
  inferenceUrl?: string
  smoke?: SmokeOutcome
  created: CreatedThing[]
  phases: PhaseTiming[]
  /** The failure message, when the run failed. */
  error?: string
  durationMs?: number
}

/** A new, empty record. */
export function newRunRecord(operation: Operation | string, startedAt: number): RunRecord {
  return { operation, startedAt, models: [], created: [], phases: [] }
}

/** Runs one phase: times it, records its outcome, and wraps a failure with what was being done. */
export async function phase<T>(record: RunRecord, now: () => number, name: string, doing: string, fn: () => Promise<T>): Promise<T> {
  const start = now()
  try {
    const result = await during(doing, fn)
    record.phases.push({ name, ms: now() - start, outcome: 'ok' })
    return result
  } catch (e) {
    record.phases.push({ name, ms: now() - start, outcome: 'failed' })
    throw e
  }
}

/** JSON for core.saveState, without the (possibly large) smoke records. */
export function serializeRecord(record: RunRecord): string {
  const { smoke, ...rest } = record
  return JSON.stringify(smoke ? { ...rest, smoke: { ...smoke, records: smoke.records.slice(0, 5) } } : rest)
}
