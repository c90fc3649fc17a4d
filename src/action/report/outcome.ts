/**
 * The `outcome` output: how the run ended, in one word a workflow can branch on. Failures carry their outcome
 * (ActionFailure.outcome) or get it from the phase they happened in; a failure policy that acted turns it into
 * `rolled-back` or `cleanup-failed`.
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import { ActionFailure, InputError, PhaseError } from '../errors.js'
import type { RunRecord } from '../run-record.js'

/** Every value of the `outcome` output (documented in action.yml and the README's troubleshooting). */
export const OUTCOMES = [
  'success',
  'invalid-input',
  'upload-failed',
  'deploy-failed',
  'deploy-timeout',
  'smoke-failed',
  // Champion and challenger: the new model's answers differ from the live model's beyond the gates.
  'compare-failed',
  'rolled-back',
  'cleanup-failed',
  'cancelled',
  'planned'
] as const
/** One value of the `outcome` output. */
export type Outcome = (typeof OUTCOMES)[number]

/** Outcomes with exit code 0. */
export const SUCCESSFUL_OUTCOMES: readonly Outcome[] = ['success', 'planned']

/** What a failure in each phase means when the error does not say (phase names as `phase()` records them). */
const PHASE_OUTCOMES: Record<string, Outcome> = {
  models: 'upload-failed',
  smoke: 'smoke-failed',
  check: 'smoke-failed'
}

/** Operations whose whole purpose is cleaning up: any failure of theirs leaves something behind. */
const CLEANUP_OPERATIONS = new Set(['undeploy', 'sweep'])

/** The outcome of a failure, judged from the error and the phase that failed. */
export function failureOutcome(e: unknown, record: RunRecord, tokenAuth: boolean, serviceAccount = false): Outcome {
  if (e instanceof InputError) return 'invalid-input'
  const cause = e instanceof PhaseError ? e.cause : e
  if (cause instanceof InputError) return 'invalid-input'
  if (cause instanceof ActionFailure && cause.outcome) return cause.outcome
  // Refused credentials are wrong inputs, whichever phase first met them.
  if (cause instanceof WallarooApiError && (cause.code === 'AUTH_FAILED' || (cause.code === 'UNAUTHORIZED' && tokenAuth))) return 'invalid-input'
  // A service account's token refused by an MLOps route: the kind of credentials is wrong for the action, nothing changed.
  if (cause instanceof WallarooApiError && cause.code === 'FORBIDDEN' && serviceAccount && !cause.endpoint.includes('/pipelines/infer')) return 'invalid-input'
  if (CLEANUP_OPERATIONS.has(record.operation)) return 'cleanup-failed'
  // The step's `timeout` ran out during a request: a deploy that did not finish in time.
  if (cause instanceof WallarooApiError && cause.code === 'DEADLINE' && record.operation === 'deploy') return 'deploy-timeout'
  const failed = [...record.phases].reverse().find((p) => p.outcome === 'failed')
  return (failed && PHASE_OUTCOMES[failed.name]) ?? 'deploy-failed'
}

/** The final outcome once the failure policy has acted: a rollback that worked, or cleanup that did not. */
export function finalOutcome(record: RunRecord): Outcome {
  if (record.plan) return 'planned'
  if (record.cancelled) return 'cancelled'
  if (record.error === undefined) return 'success'
  if (record.cleanup.some((c) => c.result === 'failed')) return 'cleanup-failed'
  if (record.cleanup.some((c) => c.action === 'rollback' && c.result === 'done')) return 'rolled-back'
  return record.failureOutcome ?? 'deploy-failed'
}
