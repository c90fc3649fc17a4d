/**
 * Typed jest.fn mocks of @actions/core (as in actions/typescript-action), for
 * `jest.unstable_mockModule('@actions/core', () => core)`. `summary` records what was written.
 */
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

export const debug = jest.fn<typeof core.debug>()
export const error = jest.fn<typeof core.error>()
export const info = jest.fn<typeof core.info>()
export const notice = jest.fn<typeof core.notice>()
export const warning = jest.fn<typeof core.warning>()
export const getInput = jest.fn<typeof core.getInput>()
export const getBooleanInput = jest.fn<typeof core.getBooleanInput>()
export const getMultilineInput = jest.fn<typeof core.getMultilineInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const saveState = jest.fn<typeof core.saveState>()
export const getState = jest.fn<typeof core.getState>()
export const isDebug = jest.fn<typeof core.isDebug>(() => false)
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const group = jest.fn(<T>(_name: string, fn: () => Promise<T>): Promise<T> => fn())

/** A stand-in for core.summary: addRaw buffers, write() appends the buffer to `written`. */
export const summary = {
  buffer: '',
  written: [] as string[],
  addRaw(text: string, addEOL = false) {
    summary.buffer += text + (addEOL ? '\n' : '')
    return summary
  },
  write: jest.fn(async () => {
    summary.written.push(summary.buffer)
    summary.buffer = ''
    return summary
  }),
  /** Clears what earlier tests wrote. */
  reset() {
    summary.buffer = ''
    summary.written = []
    summary.write.mockClear()
  }
}

/**
 * Makes getInput read from `inputs` the way the runner does: trimmed, '' when absent, and
 * `required: true` throwing like core.getInput.
 */
export function useInputs(inputs: Record<string, string>): void {
  getInput.mockImplementation((name: string, options?: core.InputOptions) => {
    const value = (inputs[name] ?? '').trim()
    if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`)
    return value
  })
}
