/**
 * The emulator as an npm package, installed for real (from the npm cache where it can): `npm pack`,
 * `npm install <tarball>` in an empty folder, then `npx wallaroo-emulator`. It packs lib/ as it is:
 * `npm run build` (or `npm run build:emulator`) first.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PROJECT_ROOT } from '../helpers/action-process.js'
import { alive, callEmulator, emulatorToken, pollEmulator, uploadToEmulator } from '../helpers/emulator-process.js'
import { buildDemoModel, demoRows, demoScore } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

/** npm from the cache where it can: the tests need no network beyond the registry, and mostly not even that. */
const NPM_ENV = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  ONNXRUNTIME_NODE_INSTALL: 'skip'
}
const INSTALL_MS = 240_000

/** Runs a command to its end and resolves with its stdout; rejects with both streams when it fails. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: NPM_ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}\n${err}`))))
  })
}

describe('the emulator as an installed npm package', () => {
  let dir = ''
  const cleanups: Array<() => void> = []

  beforeAll(async () => {
    if (!existsSync(path.join(PROJECT_ROOT, 'lib', 'emulator', 'cli.js'))) throw new Error("lib/ is missing: run 'npm run build' first")
    dir = await mkdtemp(path.join(tmpdir(), 'emulator-package-'))
  })
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup()
    await rm(dir, { recursive: true, force: true })
  })

  it(
    'packs into a tarball that installs in an empty folder, where `npx wallaroo-emulator` starts, converts an upload and answers inference',
    async () => {
      // --ignore-scripts: prepack would rebuild lib/ in the checkout while other tests read it; CI checks lib/ is current.
      const packed = JSON.parse(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], PROJECT_ROOT)) as Array<{
        filename: string
        files: Array<{ path: string }>
      }>
      const files = packed[0].files.map((f) => f.path)
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'README.md',
          'LICENSE',
          'bin/wallaroo-emulator.js',
          'lib/emulator/cli.js',
          'lib/emulator/server.js',
          'docs/emulator.md'
        ])
      )
      expect(files.filter((f) => !/^(bin|lib)\//.test(f)).sort()).toEqual(['LICENSE', 'README.md', 'docs/emulator.md', 'package.json'])

      const app = path.join(dir, 'app')
      await mkdir(app)
      await run('npm', ['install', path.join(dir, packed[0].filename)], app)
      const installed = await readdir(path.join(app, 'node_modules'))
      expect(installed).toEqual(expect.arrayContaining(['wallaroo-emulator', 'onnxruntime-node', 'apache-arrow', 'busboy', 'yaml']))
      // Development tooling stays out of a user's install.
      expect(installed).not.toEqual(expect.arrayContaining(['tsx']))
      expect(installed).not.toContain('typescript')
      expect(installed).not.toContain('@actions')

      const emulator = spawn('npx', ['wallaroo-emulator', '--port', '0', '--start-seconds', '0', '--convert-seconds', '0'], {
        cwd: app,
        env: NPM_ENV,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      // npx runs the bin in a child: stop the whole process group.
      cleanups.push(() => {
        if (emulator.pid && alive(emulator.pid)) process.kill(-emulator.pid, 'SIGKILL')
      })
      let stderr = ''
      emulator.stderr.on('data', (c) => (stderr += c))
      const first = await new Promise<string>((resolve, reject) => {
        let out = ''
        emulator.stdout.on('data', (c) => {
          out += c
          if (out.includes('\n')) resolve(out.split('\n')[0])
        })
        emulator.on('exit', (code) => reject(new Error(`npx wallaroo-emulator exited with ${code}: ${stderr}`)))
      })
      const url = /^Wallaroo emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1]
      expect(url).toBeDefined()
      expect((await callEmulator(url!, '/health', { method: 'GET' })).status).toBe(200)

      const token = await emulatorToken(url!)
      const ws = await callEmulator(url!, '/v1/api/workspaces/create', { token, body: { workspace_name: 'packed' } })
      const upload = await uploadToEmulator(url!, token, buildDemoModel(), {
        name: 'demo',
        visibility: 'private',
        workspace_id: ws.json.workspace_id,
        conversion: { framework: 'onnx' }
      })
      expect(upload.status).toBe(202)
      const mv = (await callEmulator(url!, '/_emulator/state', { method: 'GET' })).json.model_versions[0]
      const pipeline = await callEmulator(url!, '/v1/api/pipelines/create', {
        token,
        body: {
          pipeline_id: 'packed',
          workspace_id: ws.json.workspace_id,
          definition: { steps: [{ ModelInference: { models: [{ name: 'demo', version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
        }
      })
      expect(pipeline.status).toBe(200)
      const deploy = await callEmulator(url!, '/v1/api/pipelines/deploy', {
        token,
        body: { deploy_id: 'packed', pipeline_version_pk_id: pipeline.json.pipeline_variant_pk_id }
      })
      expect(deploy.status).toBe(200)
      const rows = demoRows(1)
      // onnxruntime loads the model in the background: 503 until the deployment is Running.
      const infer = () =>
        callEmulator(url!, `/v1/api/pipelines/infer/packed-${deploy.json.id}/packed`, {
          token,
          raw: toPandasRecordsJson(rows),
          headers: { 'content-type': 'application/json; format=pandas-records' }
        })
      const out = await pollEmulator(infer, (r) => r.status !== 503)
      expect(out.status).toBe(200)
      expect(out.json[0].out.dense_1[0]).toBeCloseTo(demoScore(rows[0]), 5)
    },
    INSTALL_MS
  )
})
