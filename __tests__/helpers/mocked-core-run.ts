/**
 * Shared setup of the unit tests that call the action's run() with @actions/core mocked
 * (`jest.unstable_mockModule('@actions/core', () => core)` stays in each test file, before its dynamic import):
 * a checkout directory, fresh mocks per test, an instant clock, and readers of what run() reported.
 */
import { afterAll, beforeAll, beforeEach, jest } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { RunDeps } from '../../src/action/main.js'

/** The checkout directory of a test file, valid from its beforeAll on. */
export interface Checkout {
  readonly dir: string
}

/**
 * Writes `files` (workspace-relative path → content) into a temp checkout before the file's tests and removes
 * it after them; clears every core mock and the summary before each test.
 */
export function useMockedCoreCheckout(prefix: string, files: Record<string, string>): Checkout {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(() => {
    jest.clearAllMocks()
    core.summary.reset()
  })
  return {
    get dir() {
      return dir
    }
  }
}

/** run() dependencies with an instant clock (sleep advances time), no environment, and the checkout as cwd. */
export function instantRunDeps(cwd: string, createApi: RunDeps['createApi'], extra: Partial<RunDeps> = {}): Partial<RunDeps> {
  let t = 0
  return { now: () => t, sleep: async (ms) => void (t += ms), random: () => 0.5, env: {}, cwd, createApi, setExitCode: () => undefined, ...extra }
}

/** The outputs run() set, as strings. */
export function outputsSet(): Record<string, string> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, String(v)]))
}

/** The message run() failed the step with, if it did. */
export function firstFailure(): string | undefined {
  return core.error.mock.calls.length > 0 ? String(core.error.mock.calls[0][0]) : undefined
}

/** The warnings run() printed. */
export function warningsLogged(): string[] {
  return core.warning.mock.calls.map(([m]) => String(m))
}
