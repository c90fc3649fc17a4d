/**
 * The reply record (§9.3) as a small field tree — time, in.*, out.*, check_failures | anomaly.count, metadata.* —
 * which `dataset[]`/`dataset.exclude[]` prune and which renders as JSON records or as an Arrow IPC file.
 *
 * Arrow layout (a choice; the recordings only say "columns time, in, out, anomaly/check_failures, metadata"):
 * without `dataset.separator` the groups are struct columns `in`, `out`, `anomaly`, `metadata` (read with
 * `table.getChild('out').getChild('dense_1')`); with a separator they are flat columns named like the JSON keys
 * (`out.dense_1`), which is what pyarrow's `Table.flatten()` would give the SDK. Tensors are FixedSizeList columns,
 * `time` is an int64 of epoch milliseconds (as recorded on every release), `metadata.elapsed` is FixedSizeList[2]<int64>.
 */
import { Field, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableToIPC, type Vector } from 'apache-arrow'
import { InferenceInputError } from './errors.js'
import { BoundedMemo } from '../bounded-memo.js'

/**
 * One value of the reply: a row's value as JSON text, or the whole column as Arrow (built only when asked for).
 * `constant` when every row has the same value, so the JSON reply writes it once into its row template.
 */
export interface Leaf {
  text(row: number): string
  constant?: boolean
  arrow(): Vector
  /** In a JSON layout (inference.ts): the number of the varying value this leaf stands for. */
  slot?: number
}

/** A top-level key: either a leaf (time, check_failures) or a group of named leaves (in, out, anomaly, metadata). */
export interface TopField {
  key: string
  leaf?: Leaf
  children?: Array<{ key: string; leaf: Leaf }>
}

/** Prunes the field tree per `dataset[]` (default `*`) and `dataset.exclude[]`; entries are `key` or `group.child`. */
export function selectFields(fields: TopField[], dataset: string[] | undefined, exclude: string[] | undefined): TopField[] {
  // The usual request asks for everything: the whole tree, less any group left without members.
  if (!dataset?.length && !exclude?.length) return fields.filter((f) => f.leaf || (f.children ?? []).length > 0)
  const include = dataset && dataset.length > 0 ? dataset : ['*']
  const whole = new Set<string>()
  const parts = new Map<string, Set<string>>()
  for (const entry of include) {
    if (entry === '*') fields.forEach((f) => whole.add(f.key))
    else if (fields.some((f) => f.key === entry)) whole.add(entry)
    else {
      const { group, child } = splitPath(fields, entry)
      parts.set(group.key, (parts.get(group.key) ?? new Set()).add(child))
    }
  }
  const excluded = new Set(exclude ?? [])
  const out: TopField[] = []
  for (const f of fields) {
    if (excluded.has(f.key) || (!whole.has(f.key) && !parts.has(f.key))) continue
    if (f.leaf) {
      out.push(f)
      continue
    }
    const wanted = whole.has(f.key) ? undefined : parts.get(f.key)
    const children = (f.children ?? []).filter((c) => (!wanted || wanted.has(c.key)) && !excluded.has(`${f.key}.${c.key}`))
    if (children.length > 0) out.push({ key: f.key, children })
  }
  return out
}

function splitPath(fields: TopField[], entry: string): { group: TopField; child: string } {
  const dot = entry.indexOf('.')
  const group = dot > 0 ? fields.find((f) => f.key === entry.slice(0, dot) && f.children) : undefined
  if (!group) {
    const keys = ['*', ...fields.map((f) => f.key)].join(', ')
    throw new InferenceInputError(`dataset[] value "${entry}" is not a field of the reply; use ${keys} or <group>.<name> such as out.<output>`)
  }
  const child = entry.slice(dot + 1)
  if (!group.children?.some((c) => c.key === child)) {
    const names = (group.children ?? []).map((c) => `${group.key}.${c.key}`).join(', ')
    throw new InferenceInputError(`dataset[] value "${entry}" is not a field of the reply; ${group.key} has ${names}`)
  }
  return { group, child }
}

/**
 * A JSON record (nested objects, or flat `group<sep>child` keys when a separator is set) as text pieces (keys and
 * constant values) and the leaves that vary between them; JSON records are this template filled in row by row.
 */
export function jsonTemplate(fields: TopField[], separator: string | undefined): Array<string | Leaf> {
  // Every row has the same keys and the same constant values: written once into a template of text pieces and the
  // leaves that vary, so each row costs only its own values (the text JSON.stringify gave for the records).
  const pieces: Array<string | Leaf> = []
  let text = ''
  const write = (o: Record<string, Leaf | Record<string, Leaf>>): void => {
    text += '{'
    // Object.keys: the order and the last-wins of duplicate keys that JSON.stringify of such an object has.
    const keys = Object.keys(o)
    for (let i = 0; i < keys.length; i++) {
      text += (i > 0 ? ',' : '') + keyText(keys[i])
      const v = o[keys[i]]
      if (!isLeaf(v)) write(v)
      else if (v.constant) text += v.text(0)
      else {
        pieces.push(text, v)
        text = ''
      }
    }
    text += '}'
  }
  const record: Record<string, Leaf | Record<string, Leaf>> = Object.create(null)
  for (const f of fields) {
    if (f.leaf) record[f.key] = f.leaf
    else if (separator) for (const c of f.children ?? []) record[`${f.key}${separator}${c.key}`] = c.leaf
    else {
      // No prototype, so a column named __proto__ is a key like any other (as Object.fromEntries would make it).
      const group: Record<string, Leaf> = Object.create(null)
      for (const c of f.children ?? []) group[c.key] = c.leaf
      record[f.key] = group
    }
  }
  write(record)
  pieces.push(text)
  return pieces
}

/** `"key":` for each key seen so far (replies repeat the same few keys). */
const keyTexts = new BoundedMemo<string, string>(4096)

function keyText(key: string): string {
  return keyTexts.get(key, (k) => `${JSON.stringify(k)}:`)
}

function isLeaf(v: Leaf | Record<string, Leaf>): v is Leaf {
  return typeof (v as Leaf).text === 'function' && typeof (v as Leaf).arrow === 'function'
}

/** An Arrow IPC file: struct columns per group, or flat `group<sep>child` columns when a separator is set. */
export function renderArrow(fields: TopField[], rows: number, separator: string | undefined): Uint8Array {
  const columns: Array<{ name: string; vector: Vector }> = []
  for (const f of fields) {
    if (f.leaf) columns.push({ name: f.key, vector: f.leaf.arrow() })
    else if (separator) for (const c of f.children ?? []) columns.push({ name: `${f.key}${separator}${c.key}`, vector: c.leaf.arrow() })
    else
      columns.push({
        name: f.key,
        vector: structOf(
          (f.children ?? []).map((c) => ({ name: c.key, vector: c.leaf.arrow() })),
          rows
        )
      })
  }
  const schema = new Schema(columns.map((c) => new Field(c.name, c.vector.type, true)))
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, children: columns.map((c) => single(c.vector)) }))
  return tableToIPC(new Table(schema, [batch]), 'file')
}

function structOf(children: Array<{ name: string; vector: Vector }>, rows: number): Vector {
  const type = new Struct(children.map((c) => new Field(c.name, c.vector.type, true)))
  return makeVector(makeData({ type, length: rows, children: children.map((c) => single(c.vector)) }))
}

/** The column's single Data chunk; leaves are built as one chunk (multi-chunk inputs are re-built, see inference.ts). */
function single(vector: Vector) {
  if (vector.data.length !== 1) throw new Error(`internal: reply column has ${vector.data.length} chunks, expected 1`)
  return vector.data[0]
}
