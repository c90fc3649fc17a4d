/**
 * What differs per profile at the process level: the default token lifetime (`--token-seconds` still wins), and
 * whether pipelines/list_pipelines and delete_pipeline exist (`--no-list-pipelines` / `--list-pipelines`): a server
 * without them answers exactly like any path it does not know.
 */
import { spawn } from 'node:child_process'
import { describe, it, expect, afterEach } from '@jest/globals'
import { callEmulator, emulatorToken, PROJECT_ROOT, startEmulatorProcess, TOKEN_PATH, type EmulatorProcess } from '../helpers/emulator-process.js'

const started: EmulatorProcess[] = []
async function start(args: string[]): Promise<{ emu: EmulatorProcess; token: string }> {
  const emu = await startEmulatorProcess(args)
  started.push(emu)
  return { emu, token: await emulatorToken(emu.url) }
}

async function expiresIn(url: string): Promise<number> {
  const res = await callEmulator(url, TOKEN_PATH, {
    raw: new URLSearchParams({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'admin' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  return res.json.expires_in
}

describe('emulator profiles', () => {
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()))
  })

  it.each([
    ['2023.4', 60],
    ['2024.1', 60],
    ['2025.2', 3600]
  ])('profile %s issues tokens for %i s unless --token-seconds says otherwise', async (profile, seconds) => {
    const { emu } = await start(['--profile', profile])
    expect(await expiresIn(emu.url)).toBe(seconds)
    const { emu: short } = await start(['--profile', profile, '--token-seconds', '5'])
    expect(await expiresIn(short.url)).toBe(5)
  })

  it.each([
    ['2023.4', [], 404],
    ['2023.4', ['--list-pipelines'], 200],
    ['2024.1', [], 200],
    ['2024.1', ['--no-list-pipelines'], 404],
    ['2025.2', [], 200]
  ])('profile %s %j: pipelines/list_pipelines and delete_pipeline answer %i', async (profile, extra, status) => {
    const { emu, token } = await start(['--profile', profile, ...(extra as string[])])
    const list = await callEmulator(emu.url, '/v1/api/pipelines/list_pipelines', { token, body: {} })
    const created = await callEmulator(emu.url, '/v1/api/pipelines/create', { token, body: { pipeline_id: 'doomed', workspace_id: 1, definition: {} } })
    expect(created.status).toBe(200)
    const del = await callEmulator(emu.url, '/v1/api/pipelines/delete_pipeline', { token, body: { pipeline_id: 'doomed', workspace_id: 1 } })
    expect([list.status, del.status]).toEqual([status, status])
    if (status === 404) {
      // Exactly what any unknown path answers (the body names the path, which the action's hints rely on).
      const unknown = await callEmulator(emu.url, '/v1/api/pipelines/no_such_route', { token, body: {} })
      expect(list.json).toEqual({ ...unknown.json, msg: unknown.json.msg.replace('/v1/api/pipelines/no_such_route', '/v1/api/pipelines/list_pipelines') })
      expect(list.json).toEqual({ msg: 'not implemented by the emulator: /v1/api/pipelines/list_pipelines', code: 404 })
    }
  })

  it('refuses --no-list-pipelines on 2025.2, which always has them', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--no-list-pipelines'], { cwd: PROJECT_ROOT })
    let stderr = ''
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    // 'close', not 'exit': stderr may still be in the pipe when the process exits.
    const code = await new Promise<number | null>((r) => proc.on('close', r))
    expect(code).toBe(2)
    expect(stderr).toContain(
      '--no-list-pipelines: profile 2025.2 always has pipelines/list_pipelines and delete_pipeline; use it with --profile 2023.4 or 2024.1'
    )
  })
})
