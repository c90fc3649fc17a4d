/**
 * The processes the bench measures: the compiled emulator (lib/, what `wallaroo-emulator` runs for users), the floor
 * server, and the API calls that deploy the demo model on the emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../../__tests__/helpers/emulator-process.js'

/** A server child process. */
export interface ServerProcess {
  url: string
  pid: number
  /** Resident memory now (VmRSS) and its peak so far (VmHWM), in MiB, from /proc. */
  memory(): { rssMiB: number; peakMiB: number }
  /** What it wrote to stderr so far (the emulator's request log with --verbose). */
  stderr(): string
  stop(): Promise<void>
}

/** Spawns `args` with node and waits for the first stdout line to announce the URL. */
function startServer(args: string[], announce: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const proc: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
      if (out.includes('\n')) return
      out += c
      const line = out.split('\n')[0]
      if (!out.includes('\n')) return
      const m = announce.exec(line)
      if (!m) return reject(new Error(`${args.join(' ')} said ${JSON.stringify(line)}; stderr:\n${stderr}`))
      resolve({
        url: m[1],
        pid: proc.pid!,
        memory: () => procMemory(proc.pid!),
        stderr: () => stderr,
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM')
          await exited
        }
      })
    })
    // 'close', not 'exit': by then stderr has been read to the end.
    proc.once('close', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening; stderr:\n${stderr}`)))
  })
}

/** VmRSS and VmHWM of a live process, in MiB. */
export function procMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 }
}

/** The compiled emulator, `node lib/emulator/cli.js --port 0 …`. */
export function startEmulator(args: string[] = []): Promise<ServerProcess> {
  return startServer([path.join('lib', 'emulator', 'cli.js'), '--port', '0', ...args], /^Wallaroo emulator listening on (http:\/\/\S+)$/)
}

/** What the floor needs to answer as the emulator does: the metadata of the emulator's answer. */
export interface FloorMeta {
  lastModel: string
  pipelineVersion: string
  partition: string
}

/** The floor server (floor-server.mjs) on the model file at `modelPath`. */
export function startFloor(modelPath: string, meta: FloorMeta): Promise<ServerProcess> {
  return startServer([path.join('scripts', 'bench', 'floor-server.mjs'), modelPath, JSON.stringify(meta)], /^floor listening on (http:\/\/\S+)$/)
}

/** POST a JSON body with a token; the parsed answer, or an error naming the call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are read loosely, as the tests read them
async function call(url: string, route: string, token: string, body: unknown): Promise<any> {
  const res = await fetch(url + route, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${route} answered ${res.status}: ${text}`)
  return JSON.parse(text)
}

/** A user token (admin/admin, the emulator's default). */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/auth/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'admin' })
  })
  if (!res.ok) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** Uploads `model` as `name` into a new workspace, creates pipeline `name`, deploys it and waits for Running; returns its inference URL. */
export async function deployModel(url: string, token: string, name: string, model: Uint8Array): Promise<string> {
  const ws = (await call(url, '/v1/api/workspaces/create', token, { workspace_name: `${name}-ws` })).workspace_id as number
  const form = new FormData()
  form.append(
    'metadata',
    new Blob([JSON.stringify({ name, visibility: 'private', workspace_id: ws, conversion: { framework: 'onnx', python_version: '3.8', requirements: [] } })], {
      type: 'application/json'
    })
  )
  form.append('file', new Blob([model]), `${name}.onnx`)
  const up = await fetch(`${url}/v1/api/models/upload_and_convert`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  if (up.status !== 202) throw new Error(`upload answered ${up.status}: ${await up.text()}`)
  const versionId = ((await up.json()) as { insert_models: { returning: Array<{ models: Array<{ id: number }> }> } }).insert_models.returning[0].models[0].id
  let mv: { name: string; status: string; file_info: { version: string; sha: string } }
  for (;;) {
    mv = (await call(url, '/v1/api/models/get_version_by_id', token, { model_version_id: versionId })).model_version.model_version
    if (mv.status === 'ready') break
    if (mv.status === 'error') throw new Error(`model ${name} failed conversion`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const ref = { name: mv.name, version: mv.file_info.version, sha: mv.file_info.sha }
  const created = await call(url, '/v1/api/pipelines/create', token, {
    pipeline_id: name,
    workspace_id: ws,
    definition: { steps: [{ ModelInference: { models: [ref] } }] }
  })
  const deployed = await call(url, '/v1/api/pipelines/deploy', token, { deploy_id: name, pipeline_version_pk_id: created.pipeline_variant_pk_id })
  const deadline = Date.now() + 30_000
  for (;;) {
    const res = await fetch(`${url}/v1/api/status/get_deployment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${name}-${deployed.id}` })
    })
    const last = res.ok ? ((await res.json()) as { status: string }).status : `HTTP ${res.status}: ${await res.text()}`
    if (last === 'Running') break
    if (Date.now() > deadline) throw new Error(`deployment ${name}-${deployed.id} is still ${last} after 30 s (a full cluster? give the emulator more --nodes)`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return (await call(url, '/v1/api/admin/get_pipeline_external_url', token, { workspace_id: ws, pipeline_name: name })).url as string
}
