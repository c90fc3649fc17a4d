/**
 * The bundle's own runner protocol (src/action/runner-protocol.ts, `#actions-core` in the bundle) writes exactly
 * what @actions/core writes: the same stdout commands, the same file commands, the same exit code, for the same
 * calls; and it has every function the action calls on `core`.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as real from '@actions/core'
import * as ours from '../../src/action/runner-protocol.js'
import { PROJECT_ROOT } from '../helpers/emulator-process.js'

type Core = typeof ours

/** What one implementation did: stdout, the files, the exit code and what it returned or threw. */
interface Trace {
  stdout: string
  files: Record<string, string>
  exitCode: typeof process.exitCode
  results: unknown[]
}

let dir: string
const saved = { ...process.env }
const savedExitCode = process.exitCode

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-protocol-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  process.env = { ...saved }
  process.exitCode = savedExitCode
  jest.restoreAllMocks()
})

/** Runs `calls` against one implementation with fresh files and environment; delimiters are made comparable. */
async function trace(core: Core, env: Record<string, string>, files: boolean, calls: (core: Core) => Promise<unknown[]>): Promise<Trace> {
  const sub = mkdtempSync(join(dir, 'run-'))
  process.env = { ...saved }
  for (const key of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) delete process.env[key]
  Object.assign(process.env, env)
  // core.summary remembers the file of its first write (the action writes once); start each trace afresh.
  if (core === (real as unknown)) Object.assign(real.summary, { _filePath: undefined, _buffer: '' })
  if (files) {
    for (const name of ['OUTPUT', 'STATE', 'STEP_SUMMARY']) {
      const path = join(sub, name.toLowerCase())
      writeFileSync(path, '')
      process.env[`GITHUB_${name}`] = path
    }
  }
  process.exitCode = undefined
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const results = await calls(core)
  jest.restoreAllMocks()
  const read = Object.fromEntries(readdirSync(sub).map((f) => [f, readFileSync(join(sub, f), 'utf8')]))
  const exitCode = process.exitCode
  process.exitCode = undefined
  const same = (text: string): string => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_UUID')
  return { stdout: same(stdout), files: Object.fromEntries(Object.entries(read).map(([k, v]) => [k, same(v)])), exitCode, results }
}

/** Both implementations, same calls: the traces must be equal. */
async function expectSame(env: Record<string, string>, files: boolean, calls: (core: Core) => Promise<unknown[]>): Promise<Trace> {
  const theirs = await trace(real as unknown as Core, env, files, calls)
  const mine = await trace(ours, env, files, calls)
  expect(mine).toEqual(theirs)
  return mine
}

const attempt = (fn: () => unknown): unknown => {
  try {
    return fn()
  } catch (e) {
    return `threw: ${(e as Error).message}`
  }
}

describe('runner protocol', () => {
  it('writes log lines, annotations, masks and groups as @actions/core does, escaping what needs it', async () => {
    const t = await expectSame({}, true, async (core) => {
      core.info('plain line with %, : and ,')
      core.debug('debug\nline two\r\n100%')
      core.warning('a warning')
      core.warning('located', { title: 'Title: with, commas', file: 'dir/a.yaml', startLine: 3, startColumn: 7 })
      core.error(new Error('an Error object'))
      core.error('with only a title', { title: 'Wallaroo deploy p: failed' })
      core.error('with empty properties', { title: undefined })
      core.setSecret('s3cret%value')
      core.startGroup('Phase: sign-in')
      core.endGroup()
      return []
    })
    // Not vacuous: the lines are there.
    expect(t.stdout).toContain('::warning title=Title%3A with%2C commas,file=dir/a.yaml,line=3,col=7::located')
    expect(t.stdout).toContain('::debug::debug%0Aline two%0D%0A100%25')
    expect(t.stdout).toContain('::error ::with empty properties')
  })

  it('reads inputs (trimmed, spaces as underscores, required) and state as @actions/core does', async () => {
    const env = { 'INPUT_POLL-INTERVAL': '  2s \n', INPUT_MY_INPUT: 'x', STATE_record: '{"a":1}' }
    const t = await expectSame(env, true, async (core) => [
      core.getInput('poll-interval'),
      core.getInput('poll-interval', { trimWhitespace: false }),
      core.getInput('my input'),
      core.getInput('absent'),
      attempt(() => core.getInput('absent', { required: true })),
      core.getState('record'),
      core.getState('other')
    ])
    expect(t.results).toEqual(['2s', '  2s \n', 'x', '', 'threw: Input required and not supplied: absent', '{"a":1}', ''])
  })

  it('writes outputs, state and the job summary to the runner files as @actions/core does', async () => {
    const t = await expectSame({}, true, async (core) => {
      core.setOutput('status', 'Running')
      core.setOutput('details', { a: [1, 2] })
      core.setOutput('multi', 'line one\nline two')
      core.saveState('record', '{"x":1}')
      await core.summary.addRaw('## Title').addRaw('\nbody', true).write()
      await core.summary.addRaw('second').write()
      return []
    })
    expect(t.files.output).toContain('multi<<ghadelimiter_UUID\nline one\nline two\nghadelimiter_UUID\n')
    expect(t.files.step_summary).toBe('## Title\nbody\nsecond')
  })

  it('without runner files, falls back to the same stdout commands, and fails the summary the same way', async () => {
    const t = await expectSame({}, false, async (core) => {
      core.setOutput('status', 'Running')
      core.saveState('record', 'x')
      return [
        await core.summary
          .addRaw('text')
          .write()
          .then(
            () => 'written',
            (e: Error) => `threw: ${e.message}`
          )
      ]
    })
    expect(t.stdout).toContain('::set-output name=status::Running')
    expect(String(t.results[0])).toMatch(/^threw: Unable to find environment variable for \$GITHUB_STEP_SUMMARY/)
  })

  it('refuses a missing runner file the same way, and setFailed sets exit code 1', async () => {
    const t = await expectSame({ GITHUB_OUTPUT: '/nonexistent/output' }, false, async (core) => {
      const r = attempt(() => core.setOutput('a', 'b'))
      core.setFailed('it failed')
      return [r]
    })
    expect(t.results).toEqual(['threw: Missing file at path: /nonexistent/output'])
    expect(t.exitCode).toBe(1)
  })

  it('has every function the action calls on core (src/action files that import #actions-core)', () => {
    const root = join(PROJECT_ROOT, 'src', 'action')
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(root, f), 'utf8'))
    const users = files.filter((text) => text.includes("from '#actions-core'"))
    expect(users.length).toBeGreaterThanOrEqual(3)
    const used = new Set(users.flatMap((text) => [...text.matchAll(/\bcore\.(\w+)/g)].map((m) => m[1])))
    expect([...used].filter((name) => !(name in ours))).toEqual([])
    for (const method of ['addRaw', 'write'] as const) expect(typeof ours.summary[method]).toBe('function')
  })
})
