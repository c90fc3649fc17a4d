/**
 * Turns one request column (a value per row: a number or nested lists of numbers) into a batched tensor [N, ...]
 * for a model input, checking every row against the input's declared shape with engine-style messages.
 */
import type { FeedTensor, TensorInfo } from '../onnx.js'
import { InferenceInputError, NULL_VALUES_MESSAGE } from './errors.js'

/** A feed tensor plus the per-row shape it was built with (needed to render rows back). */
export interface BatchTensor extends FeedTensor {
  data: Float32Array | Float64Array
  rowShape: number[]
}

const fmtShape = (shape: number[]): string => `[${shape.join(',')}]`
const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)

/** Label used in messages: the tensor, plus the request column when its name differs. */
export function tensorLabel(info: TensorInfo, column: string): string {
  return column === info.name ? `tensor "${info.name}"` : `tensor "${info.name}" (column "${column}")`
}

/** Nested-list shape of one row value, or a message saying where it is ragged. */
function shapeOf(value: unknown): number[] | string {
  if (!Array.isArray(value)) return []
  if (value.length === 0) return [0]
  const inner = shapeOf(value[0])
  if (typeof inner === 'string') return inner
  for (let i = 1; i < value.length; i++) {
    const s = shapeOf(value[i])
    if (typeof s === 'string') return s
    if (fmtShape(s) !== fmtShape(inner)) return `is ragged (element 0 has shape ${fmtShape(inner)}, element ${i} has ${fmtShape(s)})`
  }
  return [value.length, ...inner]
}

/**
 * The per-row shape: the model's dims after the batch dim, or, when some are symbolic (or the model declares no
 * shape at all), the first row's shape.
 */
function expectedRowShape(info: TensorInfo, first: unknown, label: string): number[] {
  const declared = info.dims.slice(1)
  if (info.dims.length > 0 && declared.every((d): d is number => typeof d === 'number' && d >= 0)) return declared
  const s = shapeOf(first)
  if (typeof s === 'string') throw new InferenceInputError(`${label} row 0 ${s}`)
  if (info.dims.length > 0 && s.length !== declared.length) {
    throw new InferenceInputError(`${label} expects rows with ${declared.length} dimension(s) but row 0 has shape ${fmtShape(s)}`)
  }
  return s
}

/** Writes the row's leaves into `out` from `offset`, checking types; returns the next offset. */
function writeLeaves(value: unknown, out: Float32Array | Float64Array, offset: number, label: string, row: number, integers: boolean): number {
  if (Array.isArray(value)) {
    for (const v of value) offset = writeLeaves(v, out, offset, label, row, integers)
    return offset
  }
  if (value === null || value === undefined) throw new InferenceInputError(NULL_VALUES_MESSAGE)
  if (typeof value !== 'number') {
    throw new InferenceInputError(`${label} row ${row} has a ${typeof value} value (${JSON.stringify(value)}); tensor values must be numbers`)
  }
  if (integers && !Number.isInteger(value)) {
    throw new InferenceInputError(`${label} row ${row} has ${value}, but the model takes integers`)
  }
  out[offset] = value
  return offset + 1
}

/** Checks that a row's nested-list shape fits the expected row shape (a bare number fits a one-value row). */
function checkRow(value: unknown, rowShape: number[], label: string, row: number): void {
  if (value === null || value === undefined) throw new InferenceInputError(NULL_VALUES_MESSAGE)
  const size = product(rowShape)
  if (!Array.isArray(value)) {
    if (size === 1) return
    throw new InferenceInputError(`${label} expects ${size} values per row but row ${row} has a single value`)
  }
  if (rowShape.length <= 1 && !value.some(Array.isArray)) {
    if (value.length !== size) throw new InferenceInputError(`${label} expects ${size} values per row but row ${row} has ${value.length}`)
    return
  }
  const s = shapeOf(value)
  if (typeof s === 'string') throw new InferenceInputError(`${label} row ${row} ${s}`)
  if (fmtShape(s) !== fmtShape(rowShape))
    throw new InferenceInputError(`${label} expects rows of shape ${fmtShape(rowShape)} but row ${row} has shape ${fmtShape(s)}`)
}

/** Checks a fixed batch dim (e.g. [1,29]) against the row count. */
export function checkBatch(info: TensorInfo, rows: number, label: string): void {
  const batch = info.dims[0]
  if (typeof batch === 'number' && batch > 0 && batch !== rows) {
    throw new InferenceInputError(`${label} takes batches of exactly ${batch} row(s) but the request has ${rows}`)
  }
}

/**
 * The common row, a flat list of `size` numbers (integers when the model takes them): written in one loop. False
 * for anything else, which the checked path then writes or refuses with its message.
 */
function flatRowFits(value: unknown, size: number, integers: boolean, out: Float32Array | Float64Array, offset: number): boolean {
  if (!Array.isArray(value) || value.length !== size) return false
  for (let k = 0; k < size; k++) {
    const v: unknown = value[k]
    if (typeof v !== 'number' || (integers && !Number.isInteger(v))) return false
    out[offset + k] = v
  }
  return true
}

/** Builds the batched tensor for `info` from per-row values; throws InferenceInputError on nulls and shape mismatches. */
export function rowsToTensor(values: unknown[], info: TensorInfo, column: string): BatchTensor {
  const label = tensorLabel(info, column)
  checkBatch(info, values.length, label)
  if (!['float32', 'float64', 'int32', 'int64'].includes(info.type)) {
    throw new InferenceInputError(`${label} has element type ${info.type}; the emulator feeds float32, float64, int32 and int64 tensors only`)
  }
  const rowShape = expectedRowShape(info, values[0], label)
  const size = product(rowShape)
  const data = info.type === 'float32' ? new Float32Array(values.length * size) : new Float64Array(values.length * size)
  const integers = info.type === 'int32' || info.type === 'int64'
  values.forEach((value, row) => {
    if (rowShape.length === 1 && flatRowFits(value, size, integers, data, row * size)) return
    checkRow(value, rowShape, label, row)
    writeLeaves(value, data, row * size, label, row, integers)
  })
  return { data, dims: [values.length, ...rowShape], rowShape }
}
