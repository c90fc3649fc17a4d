/** nestedDeeperThan: the depth limit on JSON the emulator takes in, exact at the boundary and safe at any depth. */
import { describe, expect, it } from '@jest/globals'
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/emulator/json-limits.js'

/** `levels` arrays (or objects) nested in one another around a number. */
function nested(levels: number, kind: 'array' | 'object' = 'array'): unknown {
  let v: unknown = 1
  for (let i = 0; i < levels; i++) v = kind === 'array' ? [v] : { k: v }
  return v
}

describe('nestedDeeperThan', () => {
  it('accepts exactly the limit and refuses one level more, for arrays, objects and a mix', () => {
    for (const kind of ['array', 'object'] as const) {
      expect(nestedDeeperThan(nested(MAX_JSON_DEPTH, kind), MAX_JSON_DEPTH)).toBe(false)
      expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1, kind), MAX_JSON_DEPTH)).toBe(true)
    }
    expect(nestedDeeperThan([{ a: [1, { b: [2] }] }], 5)).toBe(false)
    expect(nestedDeeperThan([{ a: [1, { b: [[2]] }] }], 5)).toBe(true)
  })

  it('finds the deep branch among shallow siblings, and counts scalars as no level', () => {
    expect(nestedDeeperThan([[1, 2], [3], nested(10)], 10)).toBe(true)
    expect(nestedDeeperThan([[1, 2], [3], nested(9)], 10)).toBe(false)
    expect(nestedDeeperThan(1, 0)).toBe(false)
    expect(nestedDeeperThan(null, 0)).toBe(false)
    expect(nestedDeeperThan([], 0)).toBe(true)
  })

  it('checks a value nested 200,000 levels without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(200_000), MAX_JSON_DEPTH)).toBe(true)
  })
})
