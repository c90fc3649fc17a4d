import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../helpers/action-process.js'
import { EmulatorInputError, parseStartInputs } from '../../src/emulator-action/inputs.js'

interface ActionYaml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post?: string }
}

const action = parse(readFileSync(path.join(PROJECT_ROOT, 'emulator', 'action.yml'), 'utf8')) as ActionYaml
const docs = readFileSync(path.join(PROJECT_ROOT, 'docs', 'emulator.md'), 'utf8')

describe('emulator/action.yml', () => {
  it('runs one bundle on node24 as main and post step', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/index.js' })
  })

  it('declares exactly the inputs the action reads, and docs/emulator.md lists each input and output', () => {
    const read = new Set<string>()
    parseStartInputs((name) => {
      read.add(name)
      return ''
    }, PROJECT_ROOT)
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect([name, docs.includes(`\`${name}\``)]).toEqual([name, true])
  })

  it('turns the declared defaults into the emulator flags they document', () => {
    const defaults = (name: string): string => action.inputs[name]?.default ?? ''
    const start = parseStartInputs(defaults, PROJECT_ROOT)
    expect(start.args).toEqual(['--port', '0', '--verbose'])
    expect(start.env).toEqual({ WALLAROO_USER: 'admin', WALLAROO_PASSWORD: 'admin' })
  })

  it('passes the password through the environment, never as a flag', () => {
    const start = parseStartInputs((name) => ({ password: 's3cret', user: 'ci', 'start-seconds': '0.5', profile: '2025.2' })[name] ?? '', PROJECT_ROOT)
    expect(start.args.join(' ')).not.toContain('s3cret')
    expect(start.args).toEqual(['--port', '0', '--start-seconds', '0.5', '--profile', '2025.2', '--verbose'])
    expect(start.env).toEqual({ WALLAROO_USER: 'ci', WALLAROO_PASSWORD: 's3cret' })
  })

  it('collects every bad input in one error', () => {
    const bad: Record<string, string> = { port: '70000', 'convert-seconds': 'soon', profile: 'latest', verbose: 'yes' }
    let error: unknown
    try {
      parseStartInputs((name) => bad[name] ?? '', PROJECT_ROOT)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EmulatorInputError)
    expect((error as EmulatorInputError).problems).toEqual([
      "Input 'port' must be a whole number from 0 to 65535 (0 picks a free port), got '70000'.",
      "Input 'convert-seconds' must be a number of seconds, 0 or more (e.g. 2 or 0.5), got 'soon'.",
      "Input 'profile' must be a Wallaroo version such as 2023.4 or 2025.2, got 'latest'.",
      "Input 'verbose' must be true or false, got 'yes'."
    ])
  })
})
