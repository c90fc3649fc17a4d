/** Reading the `smoke-input` file in its own format: pandas-records JSON or an Arrow IPC file (§9.2). */
import { readFileSync } from 'node:fs'
import { readArrowFile } from '../lazy-parsers.js'
import type { SmokeInput } from '../settings.js'
import { Inputs, type InputName } from '../constants.js'
import { isRecord, jsonErrorLocation, resolvePath } from './structured-text.js'
import { inputFileFormat } from './input-file-format.js'
import { LocatedError } from '../errors.js'

/** The magic bytes an Arrow IPC *file* starts with (a stream does not have them). */
const ARROW_MAGIC = 'ARROW1'

/** Reads and checks the smoke input (or another input file, e.g. `compare-input`); throws an Error whose message is a full input-error sentence. */
export function readSmokeInput(path: string, cwd: string, input: InputName = Inputs.SmokeInput): SmokeInput {
  const abs = resolvePath(path, cwd)
  const format = inputFileFormat(abs)
  if (!format) {
    throw new Error(`Input '${input}' is "${path}": use a pandas-records .json file (e.g. data/smoke_test.df.json) or an Arrow IPC .arrow file.`)
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(abs)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${(e as Error).message})`
    throw new Error(`Input '${input}' file ${abs} ${why}; paths are relative to the workspace directory ${cwd}.`, { cause: e })
  }
  const body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return format === 'arrow' ? readArrow(abs, body, input) : readRecords(abs, bytes.toString('utf8'), body, input)
}

function readRecords(abs: string, text: string, body: Uint8Array, input: InputName): SmokeInput {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const message = `Input '${input}' file ${abs} is not valid JSON (${(e as Error).message}).`
    const location = jsonErrorLocation(abs, text, e)
    throw location ? new LocatedError(message, location) : new Error(message)
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) {
    const got = Array.isArray(value) ? (value.length === 0 ? 'an empty array' : 'an array with non-object items') : isRecord(value) ? 'an object' : typeof value
    throw new Error(
      `Input '${input}' file ${abs} holds ${got}; pandas-records JSON is a non-empty array of row objects, e.g. [{"tensor": [1.0, 2.0]}] (pandas: df.to_json(orient="records")).`
    )
  }
  return { path: abs, format: 'pandas-records', body, rows: value.length }
}

function readArrow(abs: string, body: Uint8Array, input: InputName): SmokeInput {
  const magic = Buffer.from(body.subarray(0, ARROW_MAGIC.length)).toString('latin1')
  if (magic !== ARROW_MAGIC) {
    throw new Error(
      `Input '${input}' file ${abs} is not an Arrow IPC file (it does not start with "ARROW1"); write it with pyarrow.ipc.new_file (an Arrow *file*, not a stream).`
    )
  }
  let rows: number
  try {
    rows = readArrowFile(body).numRows
  } catch (e) {
    throw new Error(
      `Input '${input}' file ${abs} is not a readable Arrow IPC file (${(e as Error).message}); write it again with pyarrow.ipc.new_file, or give the rows as pandas-records .json.`,
      { cause: e }
    )
  }
  if (rows === 0) throw new Error(`Input '${input}' file ${abs} has no rows; the smoke inference needs at least one.`)
  return { path: abs, format: 'arrow', body, rows }
}
