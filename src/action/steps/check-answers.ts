/**
 * What follows a smoke inference: proof that this run's version answered (deploy), the answers written for
 * `write-output`, and the golden check against `expected-output`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { outFields } from '../answers.js'
import { Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'
import { phase, type GoldenResult } from '../run-record.js'
import type { SmokeInput } from '../settings.js'
import { runSmoke } from './smoke.js'
import { compareAnswers, goldenFailureText, showDeviation } from './golden.js'
import { checkWhoAnswered } from './who-answered.js'
import type { ModelRef } from '../../wallaroo/types.js'

/** Writes the answers' output fields as pandas-records JSON, one record per line: exactly what `expected-output` reads. */
export function writeAnswers(path: string, records: unknown[]): void {
  const rows = records.map((r) => outFields(r) ?? {})
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`)
}

/** Compares with the goldens and logs the verdict; does not throw. */
export function goldenCheck(ctx: RunContext, records: unknown[]): GoldenResult | undefined {
  const expected = ctx.settings.expectedOutput
  if (!expected) return undefined
  const result = compareAnswers(expected, records, ctx.settings.tolerance)
  const dev = result.maxDeviation === null ? '' : `; largest deviation ${showDeviation(result.maxDeviation)}`
  if (result.passed)
    ctx.log.info(`Golden check passed: ${result.rowsGot} row(s), ${result.valuesCompared} value(s) within tolerance of ${expected.path}${dev}.`)
  return result
}

/** Who answered, the written answers and the golden check; a mismatch throws (outcome smoke-failed). */
export function checkAnswers(ctx: RunContext, records: unknown[], origin?: AnswerOrigin): void {
  const { settings, record, log } = ctx
  if (origin) checkWhoAnswered(ctx, records, origin)
  // Written before the verdict, so a failing run still leaves the answers to inspect (or to take as new goldens).
  if (settings.writeOutput) {
    writeAnswers(settings.writeOutput, records)
    log.info(
      `Wrote ${records.length} answer record(s) to ${settings.writeOutput} ('${Inputs.WriteOutput}'); use it as '${Inputs.ExpectedOutput}' to check later runs against these answers.`
    )
  }
  const golden = goldenCheck(ctx, records)
  if (!golden) return
  record.golden = golden
  if (!golden.passed) throw new ActionFailure(goldenFailureText(golden), 'smoke-failed')
}

/** Where smoke answers must come from: the pipeline, this run's version and the models that may answer last. */
export type AnswerOrigin = { version?: string; lastModels?: ModelRef[]; pipeline: string }

/**
 * The smoke inference on `origin.pipeline` and the check of its answers (`check`, by default checkAnswers: who
 * answered, goldens, write-output), each in its own phase.
 */
export async function smokeAndCheck(
  ctx: RunContext,
  url: string,
  input: SmokeInput,
  origin: AnswerOrigin,
  check: (records: unknown[], origin: AnswerOrigin) => void = (records, o) => checkAnswers(ctx, records, o)
): Promise<void> {
  const smoke = await phase(ctx, 'smoke', `running the smoke inference on "${origin.pipeline}"`, () => runSmoke(ctx, url, input))
  await phase(ctx, 'check', `checking the smoke answers of "${origin.pipeline}"`, async () => check(smoke.records, origin))
}
