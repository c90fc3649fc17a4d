import { describe, it, expect } from '@jest/globals'
import { rowsToTensor } from '../../src/emulator/inference/tensors.js'
import type { TensorInfo } from '../../src/emulator/onnx.js'

const info = (dims: Array<number | string>, type = 'float32'): TensorInfo => ({ name: 'x', type, dims })

describe('rowsToTensor', () => {
  it('batches flat rows into one row-major float32 tensor [N, k]', () => {
    const t = rowsToTensor(
      [
        [1, 2],
        [3, 4],
        [5, 6]
      ],
      info(['n', 2]),
      'x'
    )
    expect(t.dims).toEqual([3, 2])
    expect(t.data).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6]))
  })

  it('takes nested rows for a rank-3 input and infers symbolic dims from row 0', () => {
    const t = rowsToTensor(
      [
        [
          [1, 2],
          [3, 4],
          [5, 6]
        ],
        [
          [7, 8],
          [9, 10],
          [11, 12]
        ]
      ],
      info(['n', 'h', 2]),
      'x'
    )
    expect(t.dims).toEqual([2, 3, 2])
    expect(t.rowShape).toEqual([3, 2])
  })

  it('infers the row shape when the model declares none', () => {
    expect(rowsToTensor([[1, 2, 3]], info([]), 'x').dims).toEqual([1, 3])
  })

  it('refuses a row whose shape differs from row 0 when dims are symbolic', () => {
    expect(() =>
      rowsToTensor(
        [
          [[1, 2]],
          [
            [1, 2],
            [3, 4]
          ]
        ],
        info(['n', 'h', 2]),
        'x'
      )
    ).toThrow('tensor "x" expects rows of shape [1,2] but row 1 has shape [2,2]')
  })

  it('refuses a ragged row', () => {
    expect(() => rowsToTensor([[[1, 2], [3]]], info(['n', 2, 2]), 'col')).toThrow(
      'tensor "x" (column "col") row 0 is ragged (element 0 has shape [2], element 1 has [1])'
    )
  })

  it('refuses fractions for an integer input', () => {
    expect(() => rowsToTensor([[1, 2.5]], info(['n', 2], 'int64'), 'x')).toThrow('tensor "x" row 0 has 2.5, but the model takes integers')
  })

  it('refuses a batch size the model does not take', () => {
    expect(() => rowsToTensor([[1], [2]], info([1, 1]), 'x')).toThrow('tensor "x" takes batches of exactly 1 row(s) but the request has 2')
  })

  it('refuses element types it cannot feed', () => {
    expect(() => rowsToTensor([['a']], info(['n', 1], 'string'), 'x')).toThrow(
      'tensor "x" has element type string; the emulator feeds float32, float64, int32 and int64 tensors only'
    )
  })

  it('refuses a single value where a row needs several', () => {
    expect(() => rowsToTensor([7], info(['n', 3]), 'x')).toThrow('tensor "x" expects 3 values per row but row 0 has a single value')
  })
})
