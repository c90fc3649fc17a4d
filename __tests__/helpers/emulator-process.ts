/**
 * Starts the emulator as a real child process (`node --import tsx src/emulator/cli.ts
 * --port 0 …`) and resolves with its URL once the first stdout line announces it.
 * Used by integration and contract tests; every test file stops what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Project root (this file lives in __tests__/helpers). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

const READY = /^Wallaroo emulator listening on (http:\/\/\S+)$/

/** A running emulator child process. */
export interface EmulatorProcess {
  url: string
  proc: ChildProcess
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string
  /** SIGTERM and wait for exit (SIGKILL after 5 s). */
  stop(): Promise<void>
  /** Stop, then start again with the same args and env (on a new port). */
  restart(): Promise<EmulatorProcess>
}

/** Spawn the emulator; `args` are CLI flags (`--port 0` is added first, a later `--port` wins). */
export function startEmulatorProcess(args: string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 30000): Promise<EmulatorProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  proc.stderr!.setEncoding('utf8')
  proc.stderr!.on('data', (c: string) => {
    stderr += c
  })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolvePromise, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`emulator did not announce itself within ${timeoutMs} ms; stderr:\n${stderr}`))
    }, timeoutMs)
    proc.stdout!.setEncoding('utf8')
    const onData = (c: string): void => {
      stdout += c
      const nl = stdout.indexOf('\n')
      if (nl < 0) return
      proc.stdout!.off('data', onData)
      proc.stdout!.resume()
      clearTimeout(timer)
      const first = stdout.slice(0, nl)
      const m = READY.exec(first)
      if (!m) {
        void stop()
        reject(new Error(`unexpected first stdout line from the emulator: ${JSON.stringify(first)}; stderr:\n${stderr}`))
        return
      }
      const handle: EmulatorProcess = {
        url: m[1],
        proc,
        stderr: () => stderr,
        stop,
        restart: async () => {
          await stop()
          return startEmulatorProcess(args, env, timeoutMs)
        }
      }
      resolvePromise(handle)
    }
    proc.stdout!.on('data', onData)
    // 'close', not 'exit': only then has all of stderr been read (the message is what a refused start is checked by).
    proc.once('close', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`emulator exited before listening (code ${code}, signal ${signal}); stderr:\n${stderr}`))
    })
  })
}

/** Token URL path of the emulated Keycloak. */
export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token'

/** A user access token from the emulator (public sdk-client, password grant; default admin/admin). */
export async function emulatorToken(url: string, username = 'admin', password = 'admin'): Promise<string> {
  const res = await fetch(url + TOKEN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'sdk-client', grant_type: 'password', username, password })
  })
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** Result of `callEmulator`: status, headers and the body as text and (when it parses) JSON. */
export interface EmulatorResponse {
  status: number
  headers: Headers
  text: string
  json: any
}

/** POST (by default) a JSON body, or send a raw body, to the emulator. */
export async function callEmulator(
  url: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: RequestInit['body']; method?: string; headers?: Record<string, string> } = {}
): Promise<EmulatorResponse> {
  const headers: Record<string, string> = { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers }
  let body: RequestInit['body'] = opts.raw
  if (opts.raw === undefined && opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(url + path, { method: opts.method ?? 'POST', headers, body })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Upload model bytes through the multipart route; returns the response (202 with the version id on success). */
export function uploadToEmulator(
  url: string,
  token: string,
  file: Uint8Array,
  metadata: Record<string, unknown>,
  route: 'upload_and_convert' | 'upload' = 'upload_and_convert'
): Promise<EmulatorResponse> {
  const form = new FormData()
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }))
  form.append('file', new Blob([file], { type: 'application/octet-stream' }), 'model.onnx')
  return callEmulator(url, `/v1/api/models/${route}`, { token, raw: form })
}

/**
 * Polls a real emulator process every 50 ms (it progresses by wall-clock time) until `done` accepts the answer;
 * after `timeoutMs` returns the last answer as it is, so the caller's assertion shows what it was.
 */
export async function pollEmulator(fn: () => Promise<EmulatorResponse>, done: (r: EmulatorResponse) => boolean, timeoutMs = 10000): Promise<EmulatorResponse> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const r = await fn()
    if (done(r) || Date.now() > deadline) return r
    await new Promise((res) => setTimeout(res, 50))
  }
}

/** Whether a process exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
