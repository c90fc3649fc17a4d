/** parseInputs as the unit tests of input parsing call it: a file's base inputs plus a test's own, in a checkout. */
import { expect } from '@jest/globals'
import { InputError } from '../../src/action/errors.js'
import { parseInputs } from '../../src/action/inputs/parse.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'

// The action loads the YAML and Arrow parsers before it parses its inputs (main.ts); these tests may need both.
await loadParsers()

type Inputs = Record<string, string | undefined>

/** `parse` and `problems` over `base` (a test's inputs add or override; undefined unsets) in the checkout `dir()`. */
export function inputParser(base: Record<string, string>, dir: () => string) {
  const parse = (inputs: Inputs, env: NodeJS.ProcessEnv = {}): ActionSettings => {
    const all: Inputs = { ...base, ...inputs }
    return parseInputs((name) => all[name] ?? '', env, dir())
  }
  /** The problems parseInputs reports for these inputs (a failure if it accepts them). */
  const problems = (inputs: Inputs, env: NodeJS.ProcessEnv = {}): string[] => {
    try {
      parse(inputs, env)
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      return (e as InputError).problems
    }
    throw new Error('expected an InputError')
  }
  return { parse, problems }
}
