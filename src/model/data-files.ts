/**
 * Writes inference input files in the two formats Wallaroo accepts (§9.2): pandas-records JSON and an Arrow IPC file
 * shaped like the tutorials' cc_data_10k.arrow (one column `tensor: FixedSizeList[k]<Float32>`).
 */
import { Field, FixedSizeList, Float32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from 'apache-arrow'

/** `DataFrame.to_json(orient="records")` of a one-column frame: `[{"tensor":[…]}, …]`. */
export function toPandasRecordsJson(rows: number[][], column = 'tensor'): string {
  return JSON.stringify(rows.map((row) => ({ [column]: row })))
}

/** An Arrow IPC *file* (not a stream) with one `FixedSizeList[k]<Float32>` column; all rows must have k values. */
export function toArrowFile(rows: number[][], column = 'tensor'): Uint8Array {
  if (rows.length === 0) throw new Error('toArrowFile needs at least one row to know the row width')
  const width = rows[0].length
  const values = new Float32Array(rows.length * width)
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`toArrowFile: row ${r} has ${row.length} values, row 0 has ${width}`)
    values.set(row, r * width)
  })
  const listType = new FixedSizeList(width, new Field('item', new Float32(), true))
  // The tutorials' file carries this pyarrow tensor annotation on the field; keep it so files look alike.
  const field = new Field(column, listType, true, new Map([['tensor_type', JSON.stringify({ shape: [width] })]]))
  const child = makeData({ type: new Float32(), length: values.length, data: values })
  const list = makeData({ type: listType, length: rows.length, child })
  const schema = new Schema([field])
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, children: [list] }))
  return tableToIPC(new Table(schema, [batch]), 'file')
}
