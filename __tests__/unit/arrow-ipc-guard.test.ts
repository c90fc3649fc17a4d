/** @jest-environment ./__tests__/helpers/shared-typed-arrays-env.cjs */
import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as A from 'apache-arrow'
import { ArrowFileError, checkArrowFile } from '../../src/arrow/ipc-guard.js'
import { readArrowFile } from '../../src/arrow/read-arrow-file.js'
import { demoRows } from '../../src/model/ccfraud-like.js'
import { toArrowFile } from '../../src/model/data-files.js'
import { sharedFixture } from '../helpers/arrow-mutations.js'

const { vectorFromArray: v } = A
const field = (name: string, type: A.DataType) => new A.Field(name, type, true)

/** Columns of every type the guard accepts, with nulls where the type allows them. */
function catalogue(): Record<string, A.Vector> {
  return {
    int8: v([1, -2, null], new A.Int8()),
    uint16: v([1, 2, 3], new A.Uint16()),
    int64: v([1n, null, 3n], new A.Int64()),
    uint64: v([1n, 2n, 3n], new A.Uint64()),
    float16: v([1, 2, null], new A.Float16()),
    float32: v([1.5, null, 3], new A.Float32()),
    float64: v([1, 2, 3], new A.Float64()),
    utf8: v(['a', null, 'ccc']),
    largeUtf8: v(['a', 'bb', null], new A.LargeUtf8()),
    binary: v([new Uint8Array([1]), null, new Uint8Array([2, 3])], new A.Binary()),
    bool: v([true, false, null], new A.Bool()),
    dateDay: v([new Date(0), null, new Date(86400000)], new A.DateDay()),
    dateMs: v([new Date(0), new Date(1), null], new A.DateMillisecond()),
    timestamp: v([1n, 2n, null], new A.TimestampMillisecond()),
    timeMs: v([1, 2, 3], new A.TimeMillisecond()),
    timeNs: v([1n, 2n, 3n], new A.TimeNanosecond()),
    duration: v([1n, 2n, 3n], new A.DurationSecond()),
    interval: v([new Int32Array([1]), new Int32Array([2]), null], new A.IntervalYearMonth()),
    fixedBinary: v([new Uint8Array([1, 2]), new Uint8Array([3, 4]), null], new A.FixedSizeBinary(2)),
    list: v([[1, 2], null, []], new A.List(field('item', new A.Int32()))),
    nestedList: v([[[1], [2, 3]], null, [[]]], new A.List(field('item', new A.List(field('item', new A.Int16()))))),
    fixedList: v([[1, 2], [3, 4], null], new A.FixedSizeList(2, field('item', new A.Float32()))),
    struct: v([{ a: 1, b: 'x' }, null, { a: 3, b: null }], new A.Struct([field('a', new A.Int32()), field('b', new A.Utf8())])),
    map: v(
      [new Map([['k', 1]]), null, new Map()],
      new A.Map_(
        new A.Field(
          'entries',
          new A.Struct<{ key: A.Utf8; value: A.Int32 }>([new A.Field('key', new A.Utf8(), false), new A.Field('value', new A.Int32(), true)]),
          true
        )
      )
    ),
    dictionary: v(['a', 'b', 'a'], new A.Dictionary(new A.Utf8(), new A.Int32())),
    dictionary8: v(['x', null, 'y'], new A.Dictionary(new A.Utf8(), new A.Uint8())),
    nulls: v([null, null, null], new A.Null())
  }
}

/** A one-batch file from raw Data, lengths as given (apache-arrow's writer does not check them). */
function fileOf(columns: Record<string, A.Data>, rows: number): Uint8Array {
  const schema = new A.Schema(Object.entries(columns).map(([name, data]) => field(name, data.type)))
  const batch = new A.RecordBatch(schema, A.makeData({ type: new A.Struct(schema.fields), length: rows, children: Object.values(columns) }))
  return A.tableToIPC(new A.Table(schema, [batch]), 'file')
}
const floats = (n: number) => A.makeData({ type: new A.Float32(), length: n, data: new Float32Array(n).fill(1) })

/** Where the footer's first block of a kind sits in the file (its `offset` field), found through the flatbuffer. */
function firstBlockAt(file: Uint8Array, kind: 'dictionaries' | 'recordBatches'): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const footerStart = file.length - 10 - view.getInt32(file.length - 10, true)
  const root = footerStart + view.getInt32(footerStart, true)
  const vtable = root - view.getInt32(root, true)
  const field = view.getInt16(vtable + 4 + (kind === 'dictionaries' ? 2 : 3) * 2, true) // Footer fields 2 and 3
  const vector = root + field + view.getInt32(root + field, true)
  return vector + 4
}

function refusal(bytes: Uint8Array): ArrowFileError {
  try {
    readArrowFile(bytes)
  } catch (err) {
    if (err instanceof ArrowFileError) return err
    throw err
  }
  throw new Error('the file was accepted')
}

describe('checkArrowFile / readArrowFile: valid files', () => {
  it.each(['one batch', 'two batches', 'no rows'])('reads every supported column type (%s) exactly as apache-arrow does', (mode) => {
    for (const [name, vector] of Object.entries(catalogue())) {
      let table = new A.Table({ [name]: vector })
      if (mode === 'two batches') table = table.concat(new A.Table({ [name]: vector.slice(1) }))
      if (mode === 'no rows') table = table.slice(0, 0)
      const bytes = A.tableToIPC(table, 'file')
      const summary = checkArrowFile(bytes)
      expect([name, summary.rows, summary.columns]).toEqual([name, table.numRows, [name]])
      const json = (t: A.Table) => t.toArray().map((r) => JSON.stringify(r, (_k, x) => (typeof x === 'bigint' ? String(x) : x)))
      expect(json(readArrowFile(bytes))).toEqual(json(A.tableFromIPC(bytes)))
    }
  })

  it('reads a file of all those columns together, and what data-files.ts writes', () => {
    expect(checkArrowFile(A.tableToIPC(new A.Table(catalogue()), 'file')).rows).toBe(3)
    const table = readArrowFile(toArrowFile(demoRows(7)))
    expect([table.numRows, table.schema.fields[0].type.toString()]).toEqual([7, 'FixedSizeList[29]<Float32>'])
  })

  const fixture = sharedFixture('cc_data_10k.arrow')
  ;(fixture ? it : it.skip)(`reads the tutorials' cc_data_10k.arrow${fixture ? '' : ' (skipped: ../shared/fixtures absent)'}`, () => {
    expect(checkArrowFile(readFileSync(fixture!))).toEqual({ rows: 10254, batches: 1, columns: ['tensor'] })
  })
})

describe('checkArrowFile: what it refuses, and how it says so', () => {
  it('refuses a footer block that points at another message (the input apache-arrow reads again forever)', () => {
    const file = Uint8Array.from(A.tableToIPC(new A.Table({ label: v(['a', 'b', 'a'], new A.Dictionary(new A.Utf8(), new A.Int32())) }), 'file'))
    // Point record batch 0 at the dictionary batch: apache-arrow's file reader counts it as a dictionary, does not
    // advance its record-batch index, and reads block 0 again, forever.
    const view = new DataView(file.buffer)
    const dictionaryOffset = view.getBigInt64(firstBlockAt(file, 'dictionaries'), true)
    view.setBigInt64(firstBlockAt(file, 'recordBatches'), dictionaryOffset, true)
    const err = refusal(file)
    expect([err.kind, err.message]).toEqual([
      'damaged',
      `the footer points record batch 0 at byte ${dictionaryOffset}, where there is a DictionaryBatch message, not a RecordBatch`
    ])
  })

  ;(sharedFixture('cc_data_10k.arrow') ? it : it.skip)('refuses the one-byte corruption of cc_data_10k.arrow reported in issue 7 (byte len-273 = 0xe0)', () => {
    const file = Uint8Array.from(readFileSync(sharedFixture('cc_data_10k.arrow')!))
    file[file.length - 273] = 0xe0
    expect(refusal(file).message).toMatch(/^the footer places record batch 0 at byte 57368 .*outside the \d+ bytes before the footer$/)
  })

  it('tells a stream from a file, and names other non-Arrow input', () => {
    const stream = A.tableToIPC(new A.Table({ x: v([1, 2]) }), 'stream')
    expect([refusal(stream).kind, refusal(stream).message]).toEqual([
      'stream',
      expect.stringContaining('an Arrow IPC stream, not an Arrow IPC file; write it with pyarrow.ipc.new_file')
    ])
    expect(refusal(new TextEncoder().encode('[{"tensor":[1]}]'))).toMatchObject({
      kind: 'not-arrow',
      message: 'it does not start with "ARROW1", so it is not an Arrow IPC file'
    })
    expect(refusal(new Uint8Array(0)).kind).toBe('not-arrow')
  })

  it('refuses a cut-off file and a footer length that does not fit', () => {
    const file = toArrowFile(demoRows(2))
    expect(refusal(file.subarray(0, file.length - 1)).message).toMatch(/does not end with "ARROW1" .*cut off or damaged/)
    const bad = Uint8Array.from(file)
    new DataView(bad.buffer).setInt32(bad.length - 10, 1 << 30, true)
    expect(refusal(bad).message).toBe(`its footer length ${1 << 30} does not fit a ${file.length}-byte file`)
  })

  it('refuses lengths that the buffers do not back (what made onnxruntime answer "Tensor\'s size(58) does not match data len")', () => {
    const tensor = new A.FixedSizeList(29, field('item', new A.Float32()))
    expect(refusal(fileOf({ tensor: A.makeData({ type: tensor, length: 2, child: floats(29) }) }, 2)).message).toBe(
      'record batch 0 column "tensor" has 2 rows of 29 values but its child "item" holds 29'
    )
    expect(refusal(fileOf({ x: A.makeData({ type: new A.Float32(), length: 3_000_000, data: new Float32Array(4) }) }, 3_000_000)).message).toBe(
      'record batch 0 column "x" claims 3000000 values of 4 bytes but its buffer holds 16 bytes'
    )
    expect(refusal(fileOf({ x: floats(2) }, 5)).message).toBe('record batch 0 column "x" claims 5 values of 4 bytes but its buffer holds 8 bytes')
  })

  it('refuses offsets that leave their data or go backwards', () => {
    const utf8 = (offsets: number[]) => A.makeData({ type: new A.Utf8(), length: 2, valueOffsets: new Int32Array(offsets), data: new Uint8Array([65, 66]) })
    expect(refusal(fileOf({ s: utf8([0, 1, 100]) }, 2)).message).toMatch(/^record batch 0 column "s" reaches offset 100 but has \d+ bytes of data$/)
    expect(refusal(fileOf({ s: utf8([0, 2, 1]) }, 2)).message).toBe('record batch 0 column "s" row 1 ends at offset 1, before it starts (2)')
  })

  it('refuses more rows than the limit, and types whose buffers it does not check', () => {
    expect(() => checkArrowFile(toArrowFile(demoRows(3)), { maxRows: 2 })).toThrow(
      expect.objectContaining({ kind: 'too-large', message: 'record batch 0 claims 3 rows; at most 2 are accepted' })
    )
    const views = A.tableToIPC(new A.Table({ u: v(['a'], new A.Utf8View()) }), 'file')
    expect(refusal(views)).toMatchObject({
      kind: 'unsupported',
      message: 'column "u" has Arrow type Utf8View, which is not supported; use plain lists, strings or numbers'
    })
  })
})
