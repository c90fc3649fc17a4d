/**
 * Builds the Arrow columns of an inference reply straight from typed arrays (no per-row objects), so a
 * 10k-row reply costs about as much as its tensors.
 */
import {
  Bool,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector
} from 'apache-arrow'
import type { TensorData } from '../onnx.js'

const encoder = new TextEncoder()

/** The same string in every row. */
export function constantUtf8(value: string, rows: number): Vector {
  const bytes = encoder.encode(value)
  const data = new Uint8Array(bytes.length * rows)
  const valueOffsets = new Int32Array(rows + 1)
  for (let r = 0; r < rows; r++) {
    data.set(bytes, r * bytes.length)
    valueOffsets[r + 1] = (r + 1) * bytes.length
  }
  return makeVector(makeData({ type: new Utf8(), length: rows, data, valueOffsets }))
}

/** The same int32 in every row. */
export function constantInt32(value: number, rows: number): Vector {
  return makeVector(makeData({ type: new Int32(), length: rows, data: new Int32Array(rows).fill(value) }))
}

/** The same int64 in every row (`time`: epoch milliseconds as a plain int64, as every recorded Arrow reply has it). */
export function constantInt64(value: number, rows: number): Vector {
  return makeVector(makeData({ type: new Int64(), length: rows, data: new BigInt64Array(rows).fill(BigInt(value)) }))
}

/** The same list of strings in every row, as List<Utf8> (`out._model_split`). */
export function constantStringList(values: string[], rows: number): Vector {
  const bytes = values.map((v) => encoder.encode(v))
  const perRow = bytes.reduce((n, b) => n + b.length, 0)
  const data = new Uint8Array(perRow * rows)
  const valueOffsets = new Int32Array(values.length * rows + 1)
  let at = 0
  for (let r = 0; r < rows; r++) {
    bytes.forEach((b, i) => {
      data.set(b, at)
      at += b.length
      valueOffsets[r * values.length + i + 1] = at
    })
  }
  const child = makeData({ type: new Utf8(), length: values.length * rows, data, valueOffsets })
  const listOffsets = Int32Array.from({ length: rows + 1 }, (_, r) => r * values.length)
  return makeVector(makeData({ type: new List(new Field('item', new Utf8(), true)), length: rows, valueOffsets: listOffsets, child }))
}

/** An empty list<utf8> in every row (check_failures, metadata.dropped). */
export function emptyStringLists(rows: number): Vector {
  const child = makeData({ type: new Utf8(), length: 0, data: new Uint8Array(0), valueOffsets: new Int32Array(1) })
  const type = new List(new Field('item', new Utf8(), true))
  return makeVector(makeData({ type, length: rows, valueOffsets: new Int32Array(rows + 1), child }))
}

/** The same integer list in every row, as FixedSizeList<Int64> (metadata.elapsed). */
export function constantInt64List(values: number[], rows: number): Vector {
  const flat = new BigInt64Array(values.length * rows)
  const big = values.map((v) => BigInt(Math.round(v)))
  for (let r = 0; r < rows; r++) big.forEach((v, i) => (flat[r * values.length + i] = v))
  const child = makeData({ type: new Int64(), length: flat.length, data: flat })
  const type = new FixedSizeList(values.length, new Field('item', new Int64(), true))
  return makeVector(makeData({ type, length: rows, child }))
}

function leafData(data: TensorData): Data | undefined {
  if (data instanceof Float32Array) return makeData({ type: new Float32(), length: data.length, data })
  if (data instanceof Float64Array) return makeData({ type: new Float64(), length: data.length, data })
  if (data instanceof Int32Array) return makeData({ type: new Int32(), length: data.length, data })
  if (data instanceof BigInt64Array) return makeData({ type: new Int64(), length: data.length, data })
  return undefined
}

/**
 * A tensor [N, ...] as FixedSizeList[rowSize]<T>, one row per record, sharing the tensor's buffer.
 * Non-numeric tensors (bool, string) go through vectorFromArray instead.
 */
export function tensorColumn(data: TensorData, rows: number, rowSize: number): Vector {
  const child = leafData(data)
  if (child) {
    const type = new FixedSizeList(rowSize, new Field('item', child.type as DataType, true))
    return makeVector(makeData({ type, length: rows, child }))
  }
  const values = data as Array<boolean | string>
  const perRow: unknown[][] = []
  for (let r = 0; r < rows; r++) perRow.push(values.slice(r * rowSize, (r + 1) * rowSize))
  const itemType = typeof values[0] === 'boolean' ? new Bool() : new Utf8()
  return vectorFromArray(perRow, new List(new Field('item', itemType, true)))
}

/** Any JSON values, as Arrow if apache-arrow can infer a type, else as their JSON text. */
export function jsonColumn(values: unknown[]): Vector {
  try {
    return vectorFromArray(values)
  } catch {
    // Mixed or odd values (objects, mixed types): keep them readable instead of failing the whole reply.
    return vectorFromArray(
      values.map((v) => JSON.stringify(v)),
      new Utf8()
    )
  }
}
