/** Errors the action itself raises (the client raises WallarooApiError). */
import type { Outcome } from './report/outcome.js'

/** Where in an input file a problem is (for an annotation on that line). */
export interface FileLocation {
  /** Absolute path. */
  file: string
  line: number
  column?: number
}

/** A problem found at a place in an input file (a YAML or JSON syntax error). */
export interface LocatedProblem {
  text: string
  location: FileLocation
}

/** One input problem: a sentence, or a sentence with the file line it is about. */
export type Problem = string | LocatedProblem

/** An error thrown by an input file reader that knows the line it stopped at. */
export class LocatedError extends Error {
  constructor(
    message: string,
    readonly location: FileLocation
  ) {
    super(message)
    this.name = 'LocatedError'
  }
}

/** The problem an input reader's error stands for (keeping its file location, if it has one). */
export function problemOf(e: unknown, text = e instanceof Error ? e.message : String(e)): Problem {
  return e instanceof LocatedError ? { text, location: e.location } : text
}

/** Bad inputs, found before any call to Wallaroo; lists every problem, one per line. */
export class InputError extends Error {
  /** Each problem as a full sentence naming the input, what is wrong and how to fix it. */
  readonly problems: string[]
  /** The problems that point at a line of an input file. */
  readonly locations: LocatedProblem[]
  constructor(problems: Problem[]) {
    const texts = problems.map((p) => (typeof p === 'string' ? p : p.text))
    super(texts.length === 1 ? texts[0] : `${texts.length} inputs need fixing:\n${texts.map((p) => `- ${p}`).join('\n')}`)
    this.name = 'InputError'
    this.problems = texts
    this.locations = problems.filter((p): p is LocatedProblem => typeof p !== 'string')
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
