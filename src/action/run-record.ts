/**
 * What a run did, phase by phase: ids, what was created or reused, timings and the outcome. Outputs and
 * the job summary are rendered from it, and it is saved with core.saveState so a later `post:` step
 * (teardown, rollback) knows exactly what this run created.
 */
import { during } from './errors.js'
import type { Outcome } from './report/outcome.js'
import type { EngineConfig, ModelRef, PipelineDefinition } from '../wallaroo/types.js'
import type { FailurePolicy, PromotePolicy, TeardownMode, Tolerance } from './settings.js'
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

/** One difference between the golden answers and the answers (the golden check's diff). */
export interface GoldenMismatch {
  /** 0-based row; -1 for the row count itself. */
  row: number
  /** Output field, with the element's index path, e.g. `dense_1[0]`; '' for the row count. */
  field: string
  kind: 'value' | 'shape' | 'missing-field' | 'extra-field' | 'type' | 'row-count'
  expected: string
  got: string
  /** |got - expected| for numeric values. */
  deviation?: number
}

/** The golden check's result. */
export interface GoldenResult {
  passed: boolean
  rowsExpected: number
  rowsGot: number
  /** Values compared (numbers and other leaves). */
  valuesCompared: number
  /** Largest |got - expected| among numeric values compared; null when none were. */
  maxDeviation: number | null
  /** Where the largest deviation is, e.g. "row 7 dense_1[0]". */
  maxDeviationAt?: string
  /** The first mismatches (at most 10 are kept). */
  mismatches: GoldenMismatch[]
  totalMismatches: number
  tolerance: { abs: number; rel: number }
  expectedPath: string
}

/** The version that was Running before this run deployed (what `rollback` goes back to). */
export interface PreviousVersion {
  /** Pipeline version id (pipeline_version_pk_id), when known. */
  versionId?: number
  /** Pipeline version UUID, when the server reports it. */
  version?: string
  /** Its definition, when list_pipelines showed it (2023 servers need the models in the deploy body). */
  definition?: PipelineDefinition
  /** The engine_config it was deployed with, when the server showed it. */
  engineConfig?: EngineConfig
  /** The models its engines ran (name, version, sha), from the status. */
  models: Array<{ name: string; version: string; sha: string }>
}

/** What the failure policy (or the post step's teardown) did. */
export interface CleanupOutcome {
  action: FailurePolicy | 'teardown'
  result: 'done' | 'failed' | 'skipped'
  /** One sentence: what was done or why not. */
  detail: string
  /** The version redeployed by a rollback. */
  rolledBackTo?: { version?: string; versionId?: number }
  /** The rollback's own smoke check. */
  smoke?: { records: number; latencyMs: number; golden?: { passed: boolean; maxDeviation: number | null } }
  /** When it ran: in the main step, or in the post step (after a cancel). */
  where: 'main' | 'post'
}

// ---- Champion and challenger (the PR comment renders these; keep the shapes stable) ----

/** One output field compared between champion and challenger, over every row compared. */
export interface FieldComparison {
  /** The champion's output field, e.g. `dense_1`. */
  field: string
  /** The challenger's field, when its name differs (a single output each, paired although named differently). */
  challengerField?: string
  rowsCompared: number
  /** Rows where some value of this field is beyond `tolerance` (or the field or its shape differs). */
  rowsBeyondTolerance: number
  /** Largest and mean |challenger - champion| over the field's numeric values; null when none were numeric. */
  maxDeviation: number | null
  meanDeviation: number | null
  /** The field holds one number per row (a score), so `decision-threshold` applies to it. */
  oneValue: boolean
  /** With `decision-threshold`, for one-value fields: rows whose class (value >= threshold) differs. */
  changedClass?: number
}

/** One of the rows that differ most: the field with the largest deviation in that row. */
export interface WorstRow {
  /** 0-based row of the input. */
  row: number
  field: string
  champion: string
  challenger: string
  /** |challenger - champion|; null when the values are not both numbers (e.g. a missing field). */
  deviation: number | null
  /** With `decision-threshold`: the row changes class. */
  classChanged?: boolean
}

/** One gate (`max-live-deviation`, `max-changed-rows`) and how the comparison fared against it. */
export interface GateResult {
  input: 'max-live-deviation' | 'max-changed-rows'
  /** The limit as given, e.g. `0.05` or `2%`. */
  limit: string
  /** The comparison's value, e.g. `3.1e-2` or `12 of 1000`. */
  value: string
  passed: boolean
}

/** One challenger against the champion. */
export interface ChallengerComparison {
  /** What is compared with the champion, e.g. `model "ccfraud-v2"` or `pipeline version 31`. */
  challenger: string
  rowsCompared: number
  /**
   * Rows that changed: some field beyond `tolerance`, or (with `decision-threshold`) a one-value field whose class
   * differs; multi-value fields always go by tolerance.
   */
  changedRows: number
  changedBy: 'tolerance' | 'decision-threshold'
  /** Largest |challenger - champion| over every numeric value, and where (e.g. `row 7 dense_1[0]`). */
  maxDeviation: number | null
  maxDeviationAt?: string
  /** Rows where a field is missing on one side or the shapes differ (they count as changed and fail a deviation gate). */
  structuralMismatches: number
  fields: FieldComparison[]
  /** The rows that differ most, largest first (at most 5). */
  worstRows: WorstRow[]
  gates: GateResult[]
  /** Every gate passed (true when no gate was given). */
  passed: boolean
}

/** The comparison of this run's model(s) with the live champion (`compare-with-live` or a shadow deploy). */
export interface ComparisonRecord {
  /** `live`: the version Running before answered first, this run's version after; `shadow`: one request, champion and challengers side by side. */
  mode: 'live' | 'shadow'
  /** The champion, e.g. `pipeline version 30 (live before this run)` or `model "ccfraud"`. */
  champion: string
  /** The rows sent: `compare-input`, or `smoke-input`. */
  input: { path: string; rows: number }
  tolerance: Tolerance
  decisionThreshold?: number
  /** One entry per challenger (one for compare-with-live). */
  challengers: ChallengerComparison[]
  /** Why nothing was compared (e.g. nothing was Running before this run); then `challengers` is empty. */
  skipped?: string
}

/** What a shadow, canary, promote or reject did with champion and challenger. */
export interface RolloutRecord {
  strategy: 'shadow' | 'canary' | 'promote' | 'reject'
  /** The live model this run kept (or, for promote, replaced). */
  champion?: ModelRef
  challengers: ModelRef[]
  /** The canary's split. */
  canary?: { weight?: number; hashKey?: string; version?: string; versionId?: number }
  /** The shadow deploy's pipeline version (before a promotion replaced it). */
  shadow?: { version?: string; versionId?: number }
  /** Shadow: what `promote` decided; promote/reject: what was done. */
  decision?: {
    policy?: PromotePolicy
    result: 'promoted' | 'kept' | 'not-promoted' | 'rejected' | 'nothing-to-do'
    detail: string
  }
  /** The model serving alone at the end (after a promotion, promote or reject). */
  serving?: ModelRef
}

/** Everything the run learned; each phase fills its part. */
export interface RunRecord {
  /** The operation, or the raw `operation` input when it was not valid. */
  operation: Operation | string
  /** The pipeline name this run used (derived for `ephemeral`; the copy's for copy-pipeline). */
  pipelineName?: string
  /** The workflow run: commit, link and pull request (for the summary and the PR comment). */
  context?: { sha?: string; runUrl?: string; pr?: number }
  /** The `timeout` input, for the summary's shares. */
  timeoutMs?: number
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
    /** The definition this run deployed (the post step compares the deployment's models with it on 2023 servers). */
    definition?: PipelineDefinition
  }
  deployment?: {
    id?: number
    name?: string
    status?: string
    /** The pipeline was deployed before this run (so a teardown must not undeploy it). */
    wasDeployed?: boolean
    /** pipelines/deploy was sent (the server may have acted on it even if no answer came back). */
    requested?: boolean
  }
  inferenceUrl?: string
  smoke?: SmokeOutcome
  /** The golden check of the smoke answers, when `expected-output` was given. */
  golden?: GoldenResult
  /** Whether the smoke answer proved that this run's version answered, and how. */
  answeredBy?: { verified: 'pipeline-version' | 'last-model' | 'no'; detail: string }
  /** The version Running before this run deployed; absent when none was. */
  previous?: PreviousVersion
  /** The failure policy's or teardown's results, in order. */
  cleanup: CleanupOutcome[]
  /** The input values the post step needs (it re-reads the inputs, but these may have been derived). */
  policy?: { onFailure: FailurePolicy; teardown: TeardownMode; ephemeral: boolean }
  created: CreatedThing[]
  phases: PhaseTiming[]
  /** The failure message, when the run failed. */
  error?: string
  /** How the run ended, for the `outcome` output; set when the main step finishes (or is cancelled). */
  outcome?: Outcome
  /** The outcome of the failure itself, before a failure policy acted on it. */
  failureOutcome?: Outcome
  /** The step was cancelled (SIGINT/SIGTERM) before it finished. */
  cancelled?: boolean
  /** `dry-run`: what would have been done. */
  plan?: PlanStep[]
  /** compare-with-live or shadow: this run's model(s) against the live champion, per output field. */
  comparison?: ComparisonRecord
  /** strategy shadow or canary, operation promote or reject. */
  rollout?: RolloutRecord
  /** sweep: the pipelines removed. */
  swept?: Array<{ name: string; id: number; reason: string; deleted?: false }>
  durationMs?: number
}

/** One line of a dry run's plan. */
export interface PlanStep {
  /** What would happen, e.g. upload, reuse, create, deploy, undeploy, delete, infer, check, rollback, nothing. */
  action: string
  /** What it would happen to, e.g. `model "ccfraud"`. */
  target: string
  /** Why, or the details. */
  detail: string
}

/** A new, empty record. */
export function newRunRecord(operation: Operation | string, startedAt: number): RunRecord {
  return { operation, startedAt, models: [], created: [], phases: [], cleanup: [] }
}

/** What a phase needs of the run: its record, its clock and its log (whose groups fold the phase in the job log). */
export interface PhaseContext {
  record: RunRecord
  clock: { now: () => number }
  log: { group?: (title: string) => void; endGroup?: () => void }
}

/** Runs one phase in its own log group: times it, records its outcome, and wraps a failure with what was being done. */
export async function phase<T>(ctx: PhaseContext, name: string, doing: string, fn: () => Promise<T>): Promise<T> {
  const { record, clock, log } = ctx
  const start = clock.now()
  log.group?.(doing.charAt(0).toUpperCase() + doing.slice(1))
  try {
    const result = await during(doing, fn)
    record.phases.push({ name, ms: clock.now() - start, outcome: 'ok' })
    return result
  } catch (e) {
    record.phases.push({ name, ms: clock.now() - start, outcome: 'failed' })
    throw e
  } finally {
    log.endGroup?.()
  }
}

/** JSON for core.saveState, without the (possibly large) smoke records. */
export function serializeRecord(record: RunRecord): string {
  const { smoke, ...rest } = record
  return JSON.stringify(smoke ? { ...rest, smoke: { ...smoke, records: smoke.records.slice(0, 5) } } : rest)
}

/** The record the main step saved, as the post step reads it back; undefined when absent or unreadable. */
export function parseSavedRecord(text: string): RunRecord | undefined {
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as RunRecord
    if (typeof value !== 'object' || value === null || typeof value.operation !== 'string') return undefined
    value.cleanup ??= []
    value.created ??= []
    value.phases ??= []
    value.models ??= []
    return value
  } catch {
    return undefined
  }
}
