/**
 * The emulator action (emulator/action.yml → emulator/dist/index.js) run the way the runner runs it:
 * inputs as INPUT_*, outputs and state through the file commands, then the post step with the saved
 * state as STATE_*. The emulator must outlive the main step, answer at the `url` output with the
 * given user, and be gone after the post step.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PROJECT_ROOT, describeRun, errorMessages, runAction, type ActionRun } from '../helpers/action-process.js'
import { alive, callEmulator, emulatorToken } from '../helpers/emulator-process.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'

/** `runs.main` and `runs.post` of emulator/action.yml. */
const EMULATOR_ACTION_ENTRY = path.join(PROJECT_ROOT, 'emulator', 'dist', 'index.js')

/** The post step: the runner hands the main step's state back as STATE_* variables. */
function runPost(main: ActionRun, runnerTemp: string): Promise<ActionRun> {
  const env: Record<string, string> = { RUNNER_TEMP: runnerTemp }
  for (const [name, value] of Object.entries(main.state)) env[`STATE_${name}`] = value
  return runAction({}, { entry: EMULATOR_ACTION_ENTRY, env })
}

describe('emulator action (uses: <owner>/wallaroo-action/emulator@v1)', () => {
  let workspace = ''
  let runnerTemp = ''
  const started: number[] = []

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'emulator-action-ws-'))
    runnerTemp = await mkdtemp(path.join(tmpdir(), 'emulator-action-temp-'))
    await mkdir(path.join(workspace, 'ci', 'models'), { recursive: true })
    await writeFile(path.join(workspace, 'ci', 'models', 'ccfraud.onnx'), buildDemoModel())
    await writeFile(
      path.join(workspace, 'ci', 'seed.yml'),
      'workspaces:\n  - name: fraud-team\n    models: [{name: ccfraud, path: models/ccfraud.onnx}]\n    pipelines: [{name: ccfraud}]\n'
    )
  })
  afterAll(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL')
    await rm(workspace, { recursive: true, force: true })
    await rm(runnerTemp, { recursive: true, force: true })
  })

  it('starts the emulator in the background, outputs a url that answers, and the post step stops it and prints its log', async () => {
    const main = await runAction(
      { port: '0', user: 'ci-user', password: 'ci-secret', seed: 'ci/seed.yml', 'start-seconds': '0.5', 'convert-seconds': '0.2', profile: '2025.2' },
      { entry: EMULATOR_ACTION_ENTRY, cwd: workspace, env: { RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace } }
    )
    expect({ code: main.code, log: describeRun(main) }).toMatchObject({ code: 0 })
    const pid = Number(main.outputs.pid)
    started.push(pid)
    expect(main.outputs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(main.outputs['log-file'].startsWith(runnerTemp + path.sep)).toBe(true)
    expect(main.state).toMatchObject({ isPost: 'true', pid: String(pid), 'log-file': main.outputs['log-file'] })

    // The step's process has exited; the emulator it started still answers.
    expect(alive(pid)).toBe(true)
    const url = main.outputs.url
    expect((await callEmulator(url, '/health', { method: 'GET' })).json).toEqual({ status: 'ok', profile: '2025.2' })
    const token = await emulatorToken(url, 'ci-user', 'ci-secret')
    const workspaces = await callEmulator(url, '/v1/api/workspaces/list', { token, body: {} })
    expect(workspaces.json.workspaces.map((w: { name: string }) => w.name)).toContain('fraud-team')
    const state = (await callEmulator(url, '/_emulator/state', { method: 'GET' })).json
    expect(state.deployments.map((d: { deploy_id: string; phase: string }) => [d.deploy_id, d.phase])).toEqual([['ccfraud', 'Running']])
    // The password went through the environment: not into the log, the process list or stray INPUT_* variables.
    expect(main.stdout).not.toContain('ci-secret')
    if (process.platform === 'linux') {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain('ci-secret')
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
      expect(environ.filter((entry) => entry.includes('ci-secret'))).toEqual(['WALLAROO_PASSWORD=ci-secret'])
      expect(environ.filter((entry) => /^(INPUT|STATE)_/.test(entry))).toEqual([])
    }

    const post = await runPost(main, runnerTemp)
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Stopped the Wallaroo emulator (pid ${pid}).`)
    expect(post.stdout).toMatch(/::group::Last \d+ lines of the emulator's log/)
    expect(post.stdout).toContain(`Wallaroo emulator listening on ${url}`)
    expect(post.stdout).toMatch(/POST \/v1\/api\/workspaces\/list 200/)
    expect(alive(pid)).toBe(false)
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  })

  it('refuses bad inputs before starting anything, naming each input', async () => {
    const run = await runAction(
      { port: 'eighty', 'start-seconds': '-1', verbose: 'maybe', seed: 'missing.yml' },
      { entry: EMULATOR_ACTION_ENTRY, cwd: workspace, env: { RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace } }
    )
    expect(run.code).toBe(1)
    const [message] = errorMessages(run.stdout)
    expect(message).toContain("Input 'port' must be a whole number from 0 to 65535 (0 picks a free port), got 'eighty'.")
    expect(message).toContain("Input 'start-seconds' must be a number of seconds, 0 or more (e.g. 2 or 0.5), got '-1'.")
    expect(message).toContain("Input 'verbose' must be true or false, got 'maybe'.")
    expect(message).toContain(`Input 'seed' names missing.yml, but there is no file at ${path.join(workspace, 'missing.yml')}`)
    expect(run.state.pid).toBeUndefined()
    const post = await runPost(run, runnerTemp)
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('The emulator was not started, so there is nothing to stop.')
  })

  it('fails with the log and which input to change when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const run = await runAction(
        { port: String(port) },
        { entry: EMULATOR_ACTION_ENTRY, cwd: workspace, env: { RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace } }
      )
      expect(run.code).toBe(1)
      if (run.state.pid) started.push(Number(run.state.pid))
      const [message] = errorMessages(run.stdout)
      expect(message).toMatch(/^Starting the Wallaroo emulator failed: the emulator stopped before it answered \(code 1\); the emulator's last log lines:\n/)
      expect(message).toContain('EADDRINUSE')
      expect(message).toContain("set the input 'port' to another port, or to 0 for a free one")
      const post = await runPost(run, runnerTemp)
      expect(post.stdout).toContain('had already stopped')
    } finally {
      blocker.close()
    }
  })
})
