/** action.yml agrees with the constants table: same inputs, same defaults, same outputs. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { InputDefaults, Inputs, Outputs } from '../../src/action/constants.js'

interface ActionYml {
  name: string
  description: string
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post?: string; 'post-if'?: string }
}
const yml = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, each documented', () => {
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(Inputs).sort())
    for (const [name, input] of Object.entries(yml.inputs)) expect([name, input.description.length > 20]).toEqual([name, true])
  })

  it('states the same defaults as the code', () => {
    const ymlDefaults = Object.fromEntries(
      Object.entries(yml.inputs)
        .filter(([, i]) => i.default !== undefined)
        .map(([n, i]) => [n, i.default])
    )
    expect(ymlDefaults).toEqual(InputDefaults)
  })

  it('declares exactly the outputs the code sets, each documented', () => {
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(Outputs).sort())
    for (const [name, output] of Object.entries(yml.outputs)) expect([name, output.description.length > 10]).toEqual([name, true])
  })

  it('runs dist/index.js on node24 with the post step always; no input is marked required (the code checks per operation)', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js', 'post-if': 'always()' })
    expect(Object.values(yml.inputs).some((i) => i.required === true)).toBe(false)
  })
})
