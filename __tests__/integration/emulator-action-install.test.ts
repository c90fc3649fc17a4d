/**
 * The emulator action from a checkout without node_modules, as a runner downloads it for
 * `uses: <owner>/wallaroo-action/emulator@v1`: the first start installs the runtime dependencies
 * (`npm ci --omit=dev`, from the npm cache where it can), then starts the compiled emulator.
 * Runs lib/ and emulator/dist/ as they are: `npm run build` first.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PROJECT_ROOT, runAction, describeRun } from '../helpers/action-process.js'
import { alive, callEmulator, emulatorToken } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

const INSTALL_MS = 240_000

describe('emulator action from a fresh checkout', () => {
  let dir = ''
  const pids: number[] = []

  beforeAll(async () => {
    for (const built of ['lib/emulator/cli.js', 'emulator/dist/index.js']) {
      if (!existsSync(path.join(PROJECT_ROOT, built))) throw new Error(`${built} is missing: run 'npm run build' first`)
    }
    dir = await mkdtemp(path.join(tmpdir(), 'emulator-action-install-'))
  })
  afterAll(async () => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it(
    'installs only the runtime dependencies on its first start, runs the seeded model, and installs nothing the second time',
    async () => {
      // The parts of the repository the action reads (a runner downloads all of it).
      const checkout = path.join(dir, 'checkout')
      for (const item of ['package.json', 'package-lock.json', '.npmrc', 'lib', 'emulator']) {
        await cp(path.join(PROJECT_ROOT, item), path.join(checkout, item), { recursive: true })
      }
      const workspace = path.join(dir, 'workspace')
      await mkdir(workspace)
      await writeFile(path.join(workspace, 'model.onnx'), buildDemoModel())
      await writeFile(path.join(workspace, 'seed.yml'), 'workspaces: [{name: ci, models: [{name: demo, path: model.onnx}], pipelines: [{name: demo}]}]\n')
      const entry = path.join(checkout, 'emulator', 'dist', 'index.js')
      const env = { RUNNER_TEMP: dir, GITHUB_WORKSPACE: workspace, npm_config_prefer_offline: 'true' }

      const main = await runAction(
        { port: '0', seed: 'seed.yml', 'start-seconds': '0', 'convert-seconds': '0' },
        { entry, cwd: workspace, env, timeoutMs: INSTALL_MS - 20_000 }
      )
      if (main.outputs.pid) pids.push(Number(main.outputs.pid))
      expect({ code: main.code, log: describeRun(main) }).toMatchObject({ code: 0 })
      expect(main.stdout).toContain("::group::Installing the emulator's runtime dependencies (apache-arrow, busboy, onnxruntime-node, yaml)")
      const installed = await readdir(path.join(checkout, 'node_modules'))
      expect(installed).toEqual(expect.arrayContaining(['onnxruntime-node', 'apache-arrow', 'busboy', 'yaml']))
      expect(installed).not.toContain('jest')
      expect(installed).not.toContain('typescript')
      expect(installed).not.toContain('@actions')

      const url = main.outputs.url
      const token = await emulatorToken(url)
      const rows = demoRows(1)
      const out = await callEmulator(url, '/v1/api/pipelines/infer/demo-1/demo', {
        token,
        raw: toPandasRecordsJson(rows),
        headers: { 'content-type': 'application/json; format=pandas-records' }
      })
      expect(out.status).toBe(200)
      expect(out.json[0].out.dense_1[0]).toBeCloseTo(demoScore(rows[0]), 5)

      const postEnv: Record<string, string> = { RUNNER_TEMP: dir }
      for (const [name, value] of Object.entries(main.state)) postEnv[`STATE_${name}`] = value
      const post = await runAction({}, { entry, env: postEnv })
      expect(post.code).toBe(0)
      expect(alive(Number(main.outputs.pid))).toBe(false)

      const again = await runAction({ port: '0' }, { entry, cwd: workspace, env })
      if (again.outputs.pid) pids.push(Number(again.outputs.pid))
      expect(again.code).toBe(0)
      expect(again.stdout).not.toContain('Installing')
    },
    INSTALL_MS
  )
})
