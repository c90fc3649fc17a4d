import { describe, it, expect } from '@jest/globals'
import { shortestFloat32 } from '../../src/emulator/inference/float32.js'

describe('shortestFloat32', () => {
  it('prints float32 values as the engine recordings show them', () => {
    expect(String(shortestFloat32(0.0014974177069962025))).toBe('0.0014974177')
    expect(String(shortestFloat32(0.993003249168396))).toBe('0.99300325')
    expect(String(shortestFloat32(0.0010916889))).toBe('0.0010916889')
  })

  it('returns a number that reads back to the same float32, with no more digits than needed', () => {
    for (const x of [0.1, 1 / 3, -2.5e-8, 123456.789, 3.4028234663852886e38, 1.401298464324817e-45]) {
      const s = shortestFloat32(x)
      expect(Math.fround(s)).toBe(Math.fround(x))
      const digits = s.toExponential().replace(/^-?(\d)\.?(\d*)e.*$/, '$1$2').length
      if (digits > 1) expect(Math.fround(Number(s.toPrecision(digits - 1)))).not.toBe(Math.fround(x))
    }
  })

  it('passes zero, infinities and NaN through', () => {
    expect(shortestFloat32(0)).toBe(0)
    expect(shortestFloat32(Infinity)).toBe(Infinity)
    expect(shortestFloat32(NaN)).toBeNaN()
  })
})
