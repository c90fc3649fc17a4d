/**
 * --data-dir and uploads under stress, through real emulator processes: temporary files left by a crash or an
 * interrupted upload are removed at start (and an upload cut off mid-body leaves none), a token issued before a
 * restart under another --user is refused, a large upload streams to disk with the emulator's memory flat, and
 * --max-upload-mb still answers 413 for a body without a Content-Length.
 */
import { describe, it, expect, afterAll, afterEach } from '@jest/globals'
import { spawn } from 'node:child_process'
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callEmulator, emulatorToken, PROJECT_ROOT, startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { processMemory } from '../helpers/process-memory.js'

const MiB = 1024 * 1024
const dirs: string[] = []
const procs: EmulatorProcess[] = []
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'emu-dd-'))
  dirs.push(d)
  return d
}
const start = async (args: string[]): Promise<EmulatorProcess> => {
  const p = await startEmulatorProcess(args)
  procs.push(p)
  return p
}
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.stop()))
})
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Temporary files in the data dir (state writes and uploads mark theirs with `.tmp-`). */
const leftovers = (dir: string): string[] =>
  [...readdirSync(dir), ...readdirSync(join(dir, 'models')).map((f) => `models/${f}`)].filter((f) => f.includes('.tmp-'))

/** The leftovers once `done` accepts them, or as they are after 10 s. */
async function leftoversWhen(dir: string, done: (files: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const files = leftovers(dir)
    if (done(files) || Date.now() > deadline) return files
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Peak and current resident memory of a live process, from /proc (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const m = processMemory(pid)
  if (!m) throw new Error(`process ${pid} is gone`)
  return { peak: m.peak, now: m.rss }
}

describe('emulator --data-dir housekeeping', () => {
  it('removes temporary files of a crash or an interrupted upload at start, and keeps everything else', async () => {
    const dir = dataDir()
    let emu = await start(['--data-dir', dir])
    const token = await emulatorToken(emu.url)
    expect((await callEmulator(emu.url, '/v1/api/workspaces/create', { token, body: { workspace_name: 'kept' } })).status).toBe(200)
    await emu.stop()
    writeFileSync(join(dir, 'state.json.tmp-4242-1700000000000'), '{"torn":')
    writeFileSync(join(dir, 'models', 'upload-0b6a.tmp-4242'), Buffer.alloc(1024))
    mkdirSync(join(dir, 'models', 'upload-dir.tmp-4242'))
    emu = await start(['--data-dir', dir])
    expect(leftovers(dir)).toEqual([])
    const names = (await callEmulator(emu.url, '/_emulator/state', { method: 'GET' })).json.workspaces.map((w: { name: string }) => w.name)
    expect(names).toContain('kept')
  })

  it('an upload cut off mid-body leaves no temporary file, and the emulator answers on', async () => {
    const dir = dataDir()
    const emu = await start(['--data-dir', dir])
    const token = await emulatorToken(emu.url)
    const boundary = 'cut-off-boundary'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"name":"cut","visibility":"private","workspace_id":1,"conversion":{"framework":"pytorch"}}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.pt"\r\nContent-Type: application/octet-stream\r\n\r\n`
    let during: string[] = []
    await new Promise<void>((resolve) => {
      const req = http.request(`${emu.url}/v1/api/models/upload`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + 10 * MiB)
        }
      })
      req.on('error', () => resolve())
      req.write(head)
      // The client dies mid-body, once the emulator has started writing the upload (a fixed pause may end before a
      // loaded emulator read that far): it must clean up, not wait or keep a half file.
      req.write(
        Buffer.alloc(2 * MiB),
        () =>
          void leftoversWhen(dir, (files) => files.length > 0).then((files) => {
            during = files
            req.destroy()
            resolve()
          })
      )
    })
    expect(during).toEqual([expect.stringMatching(/^models\/upload-.*\.tmp-\d+$/)])
    expect(await leftoversWhen(dir, (files) => files.length === 0)).toEqual([])
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { token, body: {} })).status).toBe(200)
  })

  it('refuses, after a restart under another --user, a token issued to the previous user', async () => {
    const dir = dataDir()
    let emu = await start(['--data-dir', dir, '--token-seconds', '3600'])
    const adminToken = await emulatorToken(emu.url)
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { token: adminToken, body: {} })).status).toBe(200)
    await emu.stop()
    emu = await start(['--data-dir', dir, '--token-seconds', '3600', '--user', 'someone-else', '--password', 'pw'])
    const r = await callEmulator(emu.url, '/v1/api/workspaces/list', { token: adminToken, body: {} })
    expect([r.status, r.json]).toEqual([
      401,
      { msg: expect.stringContaining('the token belongs to a user this emulator does not know (was it started with another --user?)'), code: 401 }
    ])
    const theirs = await emulatorToken(emu.url, 'someone-else', 'pw')
    expect((await callEmulator(emu.url, '/v1/api/workspaces/list', { token: theirs, body: {} })).status).toBe(200)
  })
})

describe('emulator uploads stream to disk', () => {
  it('takes a 768 MiB model with its memory flat, stores it under its sha256, and the typed client reports the same sha', async () => {
    const dir = dataDir()
    const emu = await start(['--data-dir', dir, '--max-upload-mb', '1024'])
    const token = await emulatorToken(emu.url)
    const size = 768 * MiB
    const path = join(dir, '..', `${dir.split('/').pop()}-model.bin`)
    dirs.push(path)
    const fd = openSync(path, 'w')
    ftruncateSync(fd, size)
    closeSync(fd)
    const before = memoryOf(emu.proc.pid!)
    // The typed client streams it from disk (its own memory is the subject of client-upload-stream.test.ts).
    const child = spawn(process.execPath, ['--import', 'tsx', '__tests__/helpers/upload-child.ts', emu.url, path, token], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, UPLOAD_FRAMEWORK: 'pytorch' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c))
    // 'close', not 'exit': the report line may still be in the pipe when the process exits.
    await new Promise((r) => child.once('close', r))
    const report = JSON.parse(out.trim().split('\n').pop()!)
    expect(report.ok).toBe(true)
    const after = memoryOf(emu.proc.pid!)
    const mv = (await callEmulator(emu.url, '/v1/api/models/get_version_by_id', { token, body: { model_version_id: report.result.modelVersionId } })).json
      .model_version.model_version
    expect(mv.file_info).toMatchObject({ sha: report.result.sha256, size })
    expect(statSync(join(dir, 'models', report.result.sha256)).size).toBe(size)
    expect(leftovers(dir)).toEqual([])
    const growthMiB = (after.peak - Math.max(before.peak, before.now)) / MiB
    // Holding the upload would cost at least 768 MiB; a stream costs a few buffers.
    expect(growthMiB).toBeLessThan(200)
    console.log(`emulator upload of 768 MiB: peak RSS ${Math.round(before.peak / MiB)} → ${Math.round(after.peak / MiB)} MiB`)
  }, 180_000)

  it('answers 413 (--max-upload-mb) to a chunked upload without Content-Length, removing what it had written', async () => {
    const dir = dataDir()
    const emu = await start(['--data-dir', dir, '--max-upload-mb', '1'])
    const token = await emulatorToken(emu.url)
    async function* body(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="m.onnx"\r\nContent-Type: application/octet-stream\r\n\r\n')
      for (let i = 0; i < 4; i++) yield new Uint8Array(512 * 1024)
      yield new TextEncoder().encode('\r\n--b--\r\n')
    }
    const res = await fetch(`${emu.url}/v1/api/models/upload_and_convert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=b' },
      body: body() as unknown as RequestInit['body'],
      duplex: 'half'
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ msg: 'request body too large: this route accepts at most 1048576 bytes (1 MiB); raise --max-upload-mb', code: 413 })
    expect(leftovers(dir)).toEqual([])
    expect(existsSync(join(dir, 'models'))).toBe(true)
  })
})
