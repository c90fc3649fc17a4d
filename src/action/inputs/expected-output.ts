/**
 * The `expected-output` file (golden answers): pandas-records JSON with one record per smoke-input row, holding the
 * expected `out` fields. Accepted as written by `write-output` (`[{"dense_1": [0.99]}]`), as whole answer records
 * (`smoke-output`, or a saved inference answer: only `out` is compared) or flattened (`{"out.dense_1": […]}`).
 */
import { readFileSync } from 'node:fs'
import { outFields } from '../answers.js'
import { Inputs } from '../constants.js'
import type { ExpectedOutput } from '../settings.js'
import { isRecord, jsonErrorLocation, resolvePath } from './structured-text.js'
import { LocatedError } from '../errors.js'

/** Reads and checks the golden file; throws an Error whose message is a full input-error sentence. */
export function readExpectedOutput(path: string, cwd: string): ExpectedOutput {
  const input = Inputs.ExpectedOutput
  const abs = resolvePath(path, cwd)
  let text: string
  try {
    text = readFileSync(abs, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${(e as Error).message})`
    throw new Error(
      `Input '${input}' file ${abs} ${why}; paths are relative to the workspace directory ${cwd}. Record one with operation 'infer' and '${Inputs.WriteOutput}'.`,
      { cause: e }
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const message = `Input '${input}' file ${abs} is not valid JSON (${(e as Error).message}); it must be pandas-records JSON such as [{"dense_1": [0.0015]}].`
    const location = jsonErrorLocation(abs, text, e)
    throw location ? new LocatedError(message, location) : new Error(message)
  }
  if (!Array.isArray(value) || value.length === 0) {
    const got = Array.isArray(value) ? 'an empty array' : isRecord(value) ? 'an object' : typeof value
    throw new Error(
      `Input '${input}' file ${abs} holds ${got}; it must be a non-empty array with one record of output fields per row of '${Inputs.SmokeInput}', e.g. [{"dense_1": [0.0015]}].`
    )
  }
  const rows: ExpectedOutput['rows'] = []
  for (let i = 0; i < value.length; i++) {
    const fields = outFields(value[i])
    if (fields === undefined) {
      throw new Error(
        `Input '${input}' file ${abs} record ${i + 1} is not an object; each record holds the output fields of one row, e.g. {"dense_1": [0.0015]}.`
      )
    }
    if (Object.keys(fields).length === 0) {
      throw new Error(
        `Input '${input}' file ${abs} record ${i + 1} has no output fields (only ${Object.keys(value[i] as object).join(', ') || 'nothing'}); give the expected 'out' values, e.g. {"dense_1": [0.0015]}.`
      )
    }
    rows.push(fields)
  }
  return { path: abs, rows }
}
