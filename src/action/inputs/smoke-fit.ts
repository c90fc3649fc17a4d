/**
 * The smoke input against the pipeline's first model, before anything is created: every model input needs a column
 * (by name, or the lone column of a one-column file for a one-input model, as the engine matches them), and every
 * row of that column must fit the input's declared shape and element type. Catches, from the file and the model
 * alone, what the engine would only refuse after the new version is deployed: a missing or misnamed column, a row
 * of the wrong width (28 values for 29), a value of the wrong type, a null, a value nested the wrong way (a single
 * value for a vector, ragged or too deep), and a fixed batch size the file does not have.
 */
import { arrowIfLoaded, readArrowFile } from '../lazy-parsers.js'
import { Inputs } from '../constants.js'
import type { PipelineDefinition } from '../../wallaroo/types.js'
import type { ModelSpec, SmokeInput } from '../settings.js'
import { closestWord } from './closest-word.js'
import type { OnnxSignature, TensorSignature } from './onnx-signature.js'
import { isRecord } from './structured-text.js'

/** The model the smoke input is sent to: the first model of the pipeline's first step. */
export interface FirstModel {
  name: string
  signature: OnnxSignature
}

/**
 * The model the pipeline's input goes to, when it is a file whose signature was read: the first model of the first
 * step of `pipeline-definition`, or else the first entry of `models`. Undefined when that is not known here (an
 * existing version, a non-ONNX file, or a first step of another kind).
 */
export function firstModelOf(definition: PipelineDefinition | undefined, models: ModelSpec[]): FirstModel | undefined {
  const name = definition ? definition.steps?.[0]?.ModelInference?.models?.[0]?.name : models[0]?.name
  const spec = models.find((m) => m.name === name)
  return spec?.kind === 'file' && spec.signature ? { name: spec.name, signature: spec.signature } : undefined
}

/** Problems reported per column: enough to see the pattern, few enough to read. */
const MAX_ROW_PROBLEMS = 3
/** Nesting past this is no tensor row any model takes. */
const MAX_DEPTH = 32

/** One column of the smoke input: its name and the value of each row, as plain JSON values. */
interface Column {
  name: string
  values: unknown[]
}

/** Element kinds a row's leaves must be, by ONNX element type. */
type Kind = 'float' | 'integer' | 'bool' | 'string' | 'other'

function kindOf(type: string): Kind {
  if (/^(float|double|bfloat16|float16|float8|float4)/.test(type)) return 'float'
  if (/^u?int\d+$/.test(type)) return 'integer'
  if (type === 'bool') return 'bool'
  if (type === 'string') return 'string'
  return 'other'
}

/** Every way the smoke input does not fit `model`, as full sentences naming 'smoke-input' and the fix. */
export function smokeInputMisfits(input: SmokeInput, model: FirstModel): string[] {
  let columns: Column[]
  try {
    columns = input.format === 'arrow' ? arrowColumns(input.body) : recordColumns(input.body)
  } catch {
    // readSmokeInput already checked the file; anything it let through that cannot be read as columns is left to the engine.
    return []
  }
  const at = `Input '${Inputs.SmokeInput}' file ${input.path}`
  const who = `model "${model.name}" (the pipeline's first model)`
  const problems: string[] = []
  const inputs = model.signature.inputs.filter((i) => i.tensor)
  for (const info of inputs) {
    let column = columns.find((c) => c.name === info.name)
    if (!column && model.signature.inputs.length === 1 && columns.length === 1) column = columns[0]
    if (!column) {
      const names = columns.map((c) => `"${c.name}"`).join(', ')
      const close = closestWord(
        info.name,
        columns.map((c) => c.name)
      )
      const fix = close ? `rename column "${close}" to "${info.name}"` : `add a column "${info.name}"`
      problems.push(`${at} has no column "${info.name}", which ${who} takes as input (the file's columns: ${names}); ${fix}.`)
      continue
    }
    problems.push(...columnMisfits(at, who, column, info, input.rows))
  }
  return problems
}

/** The rows of one column against one model input: batch size, then each row's shape and values. */
function columnMisfits(at: string, who: string, column: Column, info: TensorSignature, rows: number): string[] {
  const label = column.name === info.name ? `column "${column.name}"` : `column "${column.name}" (fed to input "${info.name}")`
  const kind = kindOf(info.type)
  const declared = info.dims ? `shape [${info.dims.map((d) => (d === null ? '?' : d)).join(', ')}]` : 'no declared shape'
  const takes = `${who} input "${info.name}" takes ${info.type} values with ${declared}`
  const batch = info.dims?.[0]
  if (typeof batch === 'number' && batch > 0 && batch !== rows) {
    return [`${at} has ${rows} row(s), but ${takes}: batches of exactly ${batch} row(s); give ${batch} row(s).`]
  }
  // Dims after the batch: a number is fixed, a name (or an unknown) takes any size.
  const rowDims = info.dims?.slice(1)
  const found: string[] = []
  let count = 0
  column.values.forEach((value, row) => {
    const problem = rowMisfit(value, rowDims, kind, info.type)
    if (!problem) return
    if (++count <= MAX_ROW_PROBLEMS) found.push(`row ${row + 1} ${problem}`)
  })
  if (count === 0) return []
  const more = count > MAX_ROW_PROBLEMS ? ` (and ${count - MAX_ROW_PROBLEMS} more row(s))` : ''
  return [`${at} does not fit ${takes}: in ${label}, ${found.join('; ')}${more}. Give each row ${rowText(rowDims, info.type)}.`]
}

/** What a fitting row is, in words: "29 float values", "a [3, 4] list of int64 values", "one string value". */
function rowText(rowDims: TensorSignature['dims'], type: string): string {
  if (!rowDims) return `${type} values`
  if (rowDims.length === 0) return `one ${type} value`
  if (rowDims.length === 1) return typeof rowDims[0] === 'number' ? `${rowDims[0]} ${type} values` : `a list of ${type} values`
  return `a [${rowDims.map((d) => (typeof d === 'number' ? d : '*')).join(', ')}] nested list of ${type} values`
}

/** Why one row does not fit, or undefined when it does. */
function rowMisfit(value: unknown, rowDims: TensorSignature['dims'], kind: Kind, type: string): string | undefined {
  if (value === null || value === undefined) return 'is null (tensor values may not be null)'
  const shape = shapeOf(value, 0)
  if (typeof shape === 'string') return shape
  if (rowDims) {
    const want = rowDims
    const size = (dims: readonly unknown[]): number | undefined =>
      dims.every((d) => typeof d === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : undefined
    const wantSize = size(want)
    if (shape.length === 0) {
      if (wantSize !== 1) return `holds a single value (${short(value)}), but a row takes ${wantSize ?? 'a list of'} values`
    } else if (want.length <= 1 && shape.length === 1) {
      if (typeof want[0] === 'number' ? shape[0] !== want[0] : false) return `has ${shape[0]} values, but a row takes ${want[0]}`
      if (want.length === 0 && shape[0] !== 1) return `has ${shape[0]} values, but a row takes one`
    } else if (shape.length !== want.length || shape.some((d, i) => typeof want[i] === 'number' && want[i] !== d)) {
      return `has shape [${shape.join(', ')}], but a row takes [${want.map((d) => (typeof d === 'number' ? d : '*')).join(', ')}]`
    }
  }
  return leafMisfit(value, kind, type)
}

/** The nested-list shape of a row value, or why it has none (ragged, too deep). */
function shapeOf(value: unknown, depth: number): number[] | string {
  if (!Array.isArray(value)) return []
  if (depth > MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`
  if (value.length === 0) return [0]
  const first = shapeOf(value[0], depth + 1)
  if (typeof first === 'string') return first
  for (let i = 1; i < value.length; i++) {
    const s = shapeOf(value[i], depth + 1)
    if (typeof s === 'string') return s
    if (s.join(',') !== first.join(',')) return `is ragged (element 1 has shape [${first.join(', ')}], element ${i + 1} has [${s.join(', ')}])`
  }
  return [value.length, ...first]
}

/** The first leaf of the wrong type, in words. */
function leafMisfit(value: unknown, kind: Kind, type: string): string | undefined {
  const stack: unknown[] = [value]
  let index = 0
  while (stack.length > 0) {
    const v = stack.pop()
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i])
      continue
    }
    index++
    if (v === null || v === undefined) return `has a null value (tensor values may not be null)`
    const ok =
      kind === 'other' ||
      (kind === 'float' && typeof v === 'number') ||
      (kind === 'integer' && typeof v === 'number' && Number.isInteger(v)) ||
      (kind === 'bool' && (typeof v === 'boolean' || v === 0 || v === 1)) ||
      (kind === 'string' && typeof v === 'string')
    if (!ok) {
      const what = typeof v === 'number' ? `the number ${v}` : `a ${Array.isArray(v) ? 'list' : isRecord(v) ? 'mapping' : typeof v} (${short(v)})`
      return `has ${what} at value ${index}, but the input takes ${kind === 'integer' ? `whole numbers (${type})` : `${type} values`}`
    }
  }
  return undefined
}

function short(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** pandas-records rows as columns, in the order keys first appear. */
function recordColumns(body: Uint8Array): Column[] {
  const rows = JSON.parse(new TextDecoder().decode(body)) as Array<Record<string, unknown>>
  const names: string[] = []
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k)
  return names.map((name) => ({ name, values: rows.map((r) => (name in r ? r[name] : null)) }))
}

/** An Arrow file's columns as plain values (lists become arrays, int64 numbers). */
function arrowColumns(body: Uint8Array): Column[] {
  // Through the guard, like readSmokeInput: apache-arrow alone can loop forever on a damaged file.
  const table = readArrowFile(body)
  return table.schema.fields.map((field, i) => {
    const vector = table.getChildAt(i)
    const values: unknown[] = []
    for (let r = 0; r < table.numRows; r++) values.push(plain(vector?.get(r)))
    return { name: field.name, values }
  })
}

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return Number(v)
  const loaded = arrowIfLoaded()
  if ((loaded && v instanceof loaded.Vector) || ArrayBuffer.isView(v)) return Array.from(v as Iterable<unknown>, plain)
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'object') {
    const o = v as { toJSON?: () => unknown }
    return typeof o.toJSON === 'function' ? o.toJSON() : v
  }
  return v
}
