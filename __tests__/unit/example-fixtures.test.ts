/** The files the example workflows deploy are the project's own model and data, exactly as the script builds them. */
import { describe, expect, it } from '@jest/globals'
import { staleFixtures } from '../../scripts/example-fixtures.js'

describe('examples/fixtures', () => {
  it("match a fresh build (run 'node --import tsx scripts/example-fixtures.ts' after changing the model or data)", () => {
    expect(staleFixtures()).toEqual([])
  })
})
