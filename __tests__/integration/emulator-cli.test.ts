import { describe, it, expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { PROJECT_ROOT, startEmulatorProcess } from '../helpers/emulator-process.js'

function run(args: string[], timeoutMs = 20000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: PROJECT_ROOT })
    let stdout = ''
    let stderr = ''
    proc.stdout.on('data', (c) => (stdout += c))
    proc.stderr.on('data', (c) => (stderr += c))
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      reject(new Error(`timed out: ${stderr}`))
    }, timeoutMs)
    // 'close', not 'exit': the output may still be in the pipes when the process exits.
    proc.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('emulator command line', () => {
  it('--help lists every flag', async () => {
    const r = await run(['--import', 'tsx', 'src/emulator/cli.ts', '--help'])
    expect(r.code).toBe(0)
    for (const flag of [
      '--host',
      '--port',
      '--user',
      '--password',
      '--users',
      '--client-secret',
      '--token-seconds',
      '--start-seconds',
      '--convert-seconds',
      '--data-dir',
      '--profile',
      '--no-list-pipelines',
      '--list-pipelines',
      '--nodes'
    ]) {
      expect(r.stdout).toContain(flag)
    }
    expect(r.stdout).toContain('WALLAROO_USER')
  })

  it('exits 2 naming a bad flag', async () => {
    const r = await run(['--import', 'tsx', 'src/emulator/cli.ts', '--profile', '1999'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--profile must be one of 2023.4, 2024.1, 2025.2, got '1999'")
  })

  it('prints exactly "Wallaroo emulator listening on http://HOST:PORT" first, through the package bin as well', async () => {
    const emu = await startEmulatorProcess(['--host', '127.0.0.1'])
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await emu.stop()
    const viaBin = spawn(process.execPath, ['bin/wallaroo-emulator.js', '--port', '0'], { cwd: PROJECT_ROOT })
    const first = await new Promise<string>((resolve) => {
      let out = ''
      viaBin.stdout.on('data', (c) => {
        out += c
        if (out.includes('\n')) resolve(out.split('\n')[0])
      })
    })
    expect(first).toMatch(/^Wallaroo emulator listening on http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(first.split(' ').pop() + '/v1/api/config')
    expect(await res.json()).toEqual({ default_arch: 'x86' })
    viaBin.kill('SIGTERM')
    await new Promise((r) => viaBin.once('exit', r))
  })
})
