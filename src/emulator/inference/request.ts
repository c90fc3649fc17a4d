/**
 * Parses an inference request body (pandas-records JSON or an Arrow IPC file, §9.2) into columns that can become
 * model tensors, be echoed back as `in.<column>`, and (for Arrow) be passed through to an Arrow reply without copying.
 */
import { DataType, Float32, FixedSizeList, Precision, type Table, type Vector } from 'apache-arrow'
import { ArrowFileError } from '../../arrow/ipc-guard.js'
import { readArrowFile } from '../../arrow/read-arrow-file.js'
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../json-limits.js'
import type { TensorInfo } from '../onnx.js'
import { InferenceInputError, NULL_VALUES_MESSAGE } from './errors.js'
import { shortestFloat32 } from './float32.js'
import { checkBatch, rowsToTensor, tensorLabel, type BatchTensor } from './tensors.js'
import { BoundedMemo } from '../bounded-memo.js'

/** Body formats the engine accepts. */
export type BodyFormat = 'json' | 'arrow'

/** One request column. */
export interface InputColumn {
  /** The column name as sent (echoed as `in.<name>`). */
  name: string
  /** Builds the batched tensor for a model input from this column. */
  toTensor(info: TensorInfo): BatchTensor
  /** The row's value as JSON for the `in` echo. */
  json(row: number): unknown
  /** The same as JSON text (what JSON.stringify gives for json(row)). */
  jsonText(row: number): string
  /** The column as sent, when it arrived as Arrow (reused as is in an Arrow reply). */
  arrow?: Vector
}

/** A parsed request: its format, row count and columns in the order sent. */
export interface InputFrame {
  format: BodyFormat
  rowCount: number
  columns: InputColumn[]
}

const ARROW_FILE = 'application/vnd.apache.arrow.file'
const SUPPORTED = `send "application/json; format=pandas-records" or "${ARROW_FILE}"`

/** A media type split into its lower-cased type and parameters. */
export interface MediaType {
  type: string
  params: Record<string, string>
}

/** Media types parsed so far, by their text: a client sends the same few headers with every request. */
const parsedMediaTypes = new BoundedMemo<string, Readonly<MediaType>>(64)

/** Parses a Content-Type/Accept entry such as `application/json; format=pandas-records`. */
export function parseMediaType(value: string): Readonly<MediaType> {
  return parsedMediaTypes.get(value, parseMediaTypeText)
}

function parseMediaTypeText(value: string): Readonly<MediaType> {
  const [type, ...rest] = value.split(';')
  const params: Record<string, string> = {}
  for (const p of rest) {
    const eq = p.indexOf('=')
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '')
        .toLowerCase()
  }
  return Object.freeze({ type: type.trim().toLowerCase(), params: Object.freeze(params) })
}

/** Picks the body format from Content-Type, or throws 415 naming what is accepted. */
export function requestFormat(contentType: string | undefined): BodyFormat {
  if (!contentType || !contentType.trim()) throw new InferenceInputError(`missing Content-Type; ${SUPPORTED}`, 415)
  const { type, params } = parseMediaType(contentType)
  if (type === ARROW_FILE) return 'arrow'
  if (type === 'application/json') {
    const format = params.format ?? 'pandas-records'
    if (format === 'pandas-records') return 'json'
    throw new InferenceInputError(`Content-Type format=${format} is not supported by the emulator; ${SUPPORTED}`, 415)
  }
  throw new InferenceInputError(`unsupported Content-Type "${contentType}"; ${SUPPORTED}`, 415)
}

/** Parses the body in the given format. */
export function parseRequest(format: BodyFormat, body: Buffer): InputFrame {
  return format === 'json' ? parseRecords(body) : parseArrowFile(body)
}

function parseRecords(body: Buffer): InputFrame {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw new InferenceInputError(`body is not valid JSON (${(err as Error).message}); send a pandas-records array like [{"tensor":[...]}]`)
  }
  // JSON.parse nests as deep as it is given; the shape checks and the reply recurse, so refuse absurd nesting first.
  if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) {
    throw new InferenceInputError(`the request nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; tensors need one level per dimension`)
  }
  if (!Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : typeof parsed === 'object' ? 'an object' : `a ${typeof parsed}`
    throw new InferenceInputError(`expected a JSON array of records (DataFrame.to_json(orient="records")), got ${got}`)
  }
  if (parsed.length === 0) throw new InferenceInputError('the request has no rows; send at least one record')
  const names: string[] = []
  parsed.forEach((record, row) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new InferenceInputError(`record ${row} is not an object; pandas-records rows look like {"tensor":[...]}`)
    }
    for (const key of Object.keys(record)) if (!names.includes(key)) names.push(key)
  })
  const records = parsed as Array<Record<string, unknown>>
  const columns = names.map((name): InputColumn => {
    const values = () => records.map((r) => r[name])
    const json = (row: number): unknown => records[row][name] ?? null
    return { name, toTensor: (info) => rowsToTensor(values(), info, name), json, jsonText: (row) => JSON.stringify(json(row)) }
  })
  return { format: 'json', rowCount: records.length, columns }
}

function parseArrowFile(body: Buffer): InputFrame {
  let table: Table
  try {
    // Checked before decoding: apache-arrow alone loops forever on some damaged files (see ipc-guard.ts).
    table = readArrowFile(body)
  } catch (err) {
    if (!(err instanceof ArrowFileError)) throw err
    if (err.kind === 'stream')
      throw new InferenceInputError('body is an Arrow IPC stream, not an Arrow IPC file; write it with pyarrow.ipc.new_file (or tableToIPC(table, "file"))')
    throw new InferenceInputError(`body is not a valid Arrow IPC file (${err.message})`)
  }
  if (table.numRows === 0) throw new InferenceInputError('the request has no rows; send at least one record')
  const columns = table.schema.fields.map((field, i): InputColumn => {
    const vector = table.getChildAt(i) as Vector
    const render = leafIsFloat32(field.type) ? shortestFloat32 : (v: number) => v
    const json = (row: number): unknown => toPlain(cell(vector, row, field.name), render)
    return {
      name: field.name,
      arrow: vector,
      toTensor: (info) => fastTensor(vector, info, field.name) ?? rowsToTensor(plainRows(vector, field.name), info, field.name),
      json,
      jsonText: float32RowsText(vector) ?? ((row) => JSON.stringify(json(row)))
    }
  })
  return { format: 'arrow', rowCount: table.numRows, columns }
}

/**
 * JSON text of the rows of a FixedSizeList<Float32> column without nulls in one chunk (the shape of a tensor
 * column), read straight from its values; undefined for any other column (then json() is stringified).
 */
function float32RowsText(vector: Vector): ((row: number) => string) | undefined {
  if (!DataType.isFixedSizeList(vector.type) || vector.data.length !== 1) return undefined
  const child = (vector.type as FixedSizeList).children[0].type
  const data = vector.data[0]
  const values = data.children[0]
  if (
    !DataType.isFloat(child) ||
    (child as Float32).precision !== Precision.SINGLE ||
    data.nullCount > 0 ||
    values.nullCount > 0 ||
    data.offset !== 0 ||
    values.offset !== 0
  )
    return undefined
  const width = (vector.type as FixedSizeList).listSize
  const floats = values.values as Float32Array
  return (row) => {
    let out = '['
    for (let k = row * width; k < (row + 1) * width; k++) {
      const v = shortestFloat32(floats[k])
      out += (k > row * width ? ',' : '') + (Number.isFinite(v) ? String(v) : 'null')
    }
    return out + ']'
  }
}

function leafIsFloat32(type: DataType): boolean {
  let t = type
  while (t.children?.length === 1 && (DataType.isList(t) || DataType.isFixedSizeList(t))) t = t.children[0].type
  return DataType.isFloat(t) && (t as Float32).precision === Precision.SINGLE
}

/** Arrow values (Vectors, typed arrays, bigints) to plain JSON values. */
function toPlain(value: unknown, render: (v: number) => number): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return render(value)
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'object' && Symbol.iterator in value && typeof value !== 'string') {
    return Array.from(value as Iterable<unknown>, (v) => toPlain(v, render))
  }
  return value
}

/** One value of a column; a value apache-arrow cannot turn into a JS value (an int64 time beyond 2^53) is the request's fault. */
function cell(vector: Vector, row: number, column: string): unknown {
  try {
    return vector.get(row)
  } catch (err) {
    throw new InferenceInputError(`column "${column}" row ${row} cannot be read (${(err as Error).message})`)
  }
}

function plainRows(vector: Vector, column: string): unknown[] {
  const rows: unknown[] = new Array(vector.length)
  for (let i = 0; i < vector.length; i++) rows[i] = toPlain(cell(vector, i, column), (v) => v)
  return rows
}

/**
 * FixedSizeList<Float32> with as many values per row as the float32 input takes: its values are one contiguous
 * Float32Array per record batch, handed to onnxruntime as is (one batch) or concatenated once (several).
 * Returns undefined when the column does not qualify, so the general (per-row, checked) path handles it.
 */
function fastTensor(vector: Vector, info: TensorInfo, column: string): BatchTensor | undefined {
  if (info.type !== 'float32' || !DataType.isFixedSizeList(vector.type)) return undefined
  const listType = vector.type as FixedSizeList
  const child = listType.children[0].type
  if (!DataType.isFloat(child) || (child as Float32).precision !== Precision.SINGLE) return undefined
  const rowShape = info.dims.slice(1)
  const width = listType.listSize
  const fits = rowShape.length === 1 && (rowShape[0] === width || typeof rowShape[0] === 'string')
  if (!fits) return undefined
  checkBatch(info, vector.length, tensorLabel(info, column))
  const chunks: Float32Array[] = []
  for (const data of vector.data) {
    const values = data.children[0]
    if (data.nullCount > 0 || values.nullCount > 0) throw new InferenceInputError(NULL_VALUES_MESSAGE)
    // Slicing in apache-arrow already offsets a FixedSizeList's child, so row 0 of this chunk starts at index 0.
    const chunk = (values.values as Float32Array).subarray(0, data.length * width)
    // ipc-guard.ts already refuses files whose child holds fewer values; onnxruntime would call it a size mismatch (500).
    if (chunk.length !== data.length * width)
      throw new InferenceInputError(`${tensorLabel(info, column)} has ${data.length} rows of ${width} values but only ${chunk.length} values`)
    chunks.push(chunk)
  }
  const data = chunks.length === 1 ? chunks[0] : concat(chunks)
  return { data, dims: [vector.length, width], rowShape: [width] }
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
