import { describe, it, expect } from '@jest/globals'
import { armFor, chooseArm, splitKey } from '../../src/emulator/inference/split.js'
import { mulberry32 } from '../../src/random.js'
import type { InputFrame } from '../../src/emulator/inference/request.js'

const arms = [
  { model: 'champion', weight: 2 },
  { model: 'challenger', weight: 1 }
]
const frameWith = (value: unknown): InputFrame => ({
  format: 'json',
  rowCount: 1,
  columns: [
    {
      name: 'session_id',
      json: () => value,
      jsonText: () => JSON.stringify(value),
      toTensor: () => {
        throw new Error('not fed')
      }
    }
  ]
})

describe('A/B split routing', () => {
  it('maps the weights onto [0, 1) in order, as the docs describe (0.4 → first, 0.6 → second for equal weights)', () => {
    const equal = [
      { model: 'a', weight: 1 },
      { model: 'b', weight: 1 }
    ]
    expect([armFor(equal, 0.4), armFor(equal, 0.6)]).toEqual(['a', 'b'])
    expect([armFor(arms, 0), armFor(arms, 0.66), armFor(arms, 0.67), armFor(arms, 0.999999)]).toEqual(['champion', 'champion', 'challenger', 'challenger'])
    expect(
      armFor(
        [
          { model: 'never', weight: 0 },
          { model: 'always', weight: 3 }
        ],
        0
      )
    ).toBe('always')
  })

  it('routes by the hash_key column deterministically: a number in [0, 1) is the key, anything else is hashed', () => {
    expect(splitKey(0.25)).toBe(0.25)
    expect(splitKey('user-17')).toBe(splitKey('user-17'))
    expect(splitKey('user-17')).not.toBe(splitKey('user-18'))
    const random = (): number => {
      throw new Error('a hash_key request must not draw a random number')
    }
    const first = chooseArm(arms, 'session_id', frameWith('user-17'), random)
    for (let i = 0; i < 5; i++) expect(chooseArm(arms, 'session_id', frameWith('user-17'), random)).toBe(first)
    expect(chooseArm(arms, 'session_id', frameWith(0.9), random)).toBe('challenger')
  })

  it('draws a random key without a hash_key or when the request lacks the column, and keeps the weights over many requests', () => {
    const random = mulberry32(7)
    const picks = Array.from({ length: 3000 }, () => chooseArm(arms, 'missing', frameWith('x'), random))
    const share = picks.filter((p) => p === 'champion').length / picks.length
    expect(share).toBeGreaterThan(0.6)
    expect(share).toBeLessThan(0.73)
    expect(mulberry32(7)()).toBe(mulberry32(7)())
  })
})
