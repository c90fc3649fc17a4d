/** Errors the action itself raises (the client raises WallarooApiError). */
import type { Outcome } from './report/outcome.js'

/** Bad inputs, found before any call to Wallaroo; lists every problem, one per line. */
export class InputError extends Error {
  /** Each problem as a full sentence naming the input, what is wrong and how to fix it. */
  readonly problems: string[]
  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs need fixing:\n${problems.map((p) => `- ${p}`).join('\n')}`)
    this.name = 'InputError'
    this.problems = problems
  }
}

/** A phase failed for a reason the action diagnosed itself (e.g. conversion error, deploy timeout); `message` is complete. */
export class ActionFailure extends Error {
  constructor(
    message: string,
    /** The `outcome` this failure means, when the phase alone does not tell (see report/outcome.ts). */
    readonly outcome?: Outcome
  ) {
    super(message)
    this.name = 'ActionFailure'
  }
}

/** An input that passed the local checks but does not fit what the server holds (e.g. an unknown workspace): outcome invalid-input. */
export class InputMismatch extends ActionFailure {
  constructor(message: string) {
    super(message, 'invalid-input')
    this.name = 'InputMismatch'
  }
}

/** Wraps any failure with what the action was doing, e.g. "deploying pipeline 'ccfraud'". */
export class PhaseError extends Error {
  /** What was being done, lower-case, to be read as "<doing> failed: <cause>". */
  readonly doing: string
  constructor(doing: string, cause: unknown) {
    super(`${doing} failed: ${messageOf(cause)}`, { cause })
    this.name = 'PhaseError'
    this.doing = doing
  }
}

/** The message of anything thrown, including non-Error values. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message
  if (typeof e === 'string') return e
  try {
    return JSON.stringify(e) ?? String(e)
  } catch {
    return String(e)
  }
}

/** Runs `fn`, wrapping a failure as PhaseError(doing) unless it already is one. */
export async function during<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof PhaseError || e instanceof InputError) throw e
    throw new PhaseError(doing, e)
  }
}
