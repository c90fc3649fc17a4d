import { describe, it, expect } from '@jest/globals'
import { tableFromIPC, DataType, type FixedSizeList } from 'apache-arrow'
import { toArrowFile, toPandasRecordsJson } from '../../src/model/data-files.js'
import { demoRows } from '../../src/model/ccfraud-like.js'

describe('toPandasRecordsJson', () => {
  it('writes one {column: row} record per row, column `tensor` by default', () => {
    const rows = demoRows(2)
    expect(JSON.parse(toPandasRecordsJson(rows))).toEqual([{ tensor: rows[0] }, { tensor: rows[1] }])
    expect(JSON.parse(toPandasRecordsJson([[1, 2]], 'dense_input'))).toEqual([{ dense_input: [1, 2] }])
  })
})

describe('toArrowFile', () => {
  it('writes an Arrow IPC file (ARROW1 magic) with tensor: FixedSizeList[29]<Float32>, like cc_data_10k.arrow', () => {
    const rows = demoRows(5)
    const bytes = toArrowFile(rows)
    expect(Buffer.from(bytes.subarray(0, 6)).toString()).toBe('ARROW1')
    const table = tableFromIPC(bytes)
    expect(table.numRows).toBe(5)
    expect(table.schema.toString()).toBe('Schema<{ 0: tensor: FixedSizeList[29]<Float32> }>')
    expect(table.schema.fields[0].metadata.get('tensor_type')).toBe('{"shape":[29]}')
    expect(DataType.isFixedSizeList(table.schema.fields[0].type)).toBe(true)
    expect((table.schema.fields[0].type as FixedSizeList).listSize).toBe(29)
  })

  it('round-trips the values as float32', () => {
    const rows = demoRows(3)
    const column = tableFromIPC(toArrowFile(rows, 'dense_input')).getChild('dense_input')!
    rows.forEach((row, r) => expect(Array.from(column.get(r)!.toArray() as Float32Array)).toEqual(row.map(Math.fround)))
  })

  it('refuses rows of different widths and an empty row list', () => {
    expect(() => toArrowFile([[1, 2], [3]])).toThrow('toArrowFile: row 1 has 1 values, row 0 has 2')
    expect(() => toArrowFile([])).toThrow('toArrowFile needs at least one row')
  })
})
