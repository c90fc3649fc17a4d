/**
 * The processes the bench measures: the compiled emulator (lib/, what `wallaroo-emulator` runs for users), the floor
 * server, and the API calls that deploy the demo model on the emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { PROJECT_ROOT } from '../../__tests__/helpers/emulator-process.js'
import { processMemory } from '../../__tests__/helpers/process-memory.js'
import { credentialArgs, WallarooSession } from '../../__tests__/helpers/wallaroo-session.js'

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
  const m = processMemory(pid)
  if (!m) throw new Error(`process ${pid} is gone: its memory cannot be read`)
  return { rssMiB: m.rss / 2 ** 20, peakMiB: m.peak / 2 ** 20 }
}

/** The compiled emulator, `node lib/emulator/cli.js --port 0 …`, accepting the test credentials. */
export function startEmulator(args: string[] = []): Promise<ServerProcess> {
  return startServer([path.join('lib', 'emulator', 'cli.js'), '--port', '0', ...credentialArgs(), ...args], /^Wallaroo emulator listening on (http:\/\/\S+)$/)
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

/** A session signed in as the test user the bench's emulators accept (TEST_CREDENTIALS, via credentialArgs). */
export async function signIn(url: string): Promise<WallarooSession> {
  const session = new WallarooSession(url)
  await session.login()
  return session
}

/** Uploads `model` as `name` into a new workspace, creates pipeline `name`, deploys it and waits for Running; returns its inference URL. */
export async function deployModel(session: WallarooSession, name: string, model: Uint8Array): Promise<string> {
  const ws = (await session.postOk<{ workspace_id: number }>('/v1/api/workspaces/create', { workspace_name: `${name}-ws` })).workspace_id
  const versionId = await session.uploadModel({ name, workspaceId: ws, file: model, fileName: `${name}.onnx`, visibility: 'private' })
  await session.waitForModelReady(versionId)
  const { model_version: mv } = (
    await session.postOk<{ model_version: { model_version: { name: string; file_info: { version: string; sha: string } } } }>(
      '/v1/api/models/get_version_by_id',
      { model_version_id: versionId }
    )
  ).model_version
  const ref = { name: mv.name, version: mv.file_info.version, sha: mv.file_info.sha }
  const created = await session.postOk<{ pipeline_variant_pk_id: number }>('/v1/api/pipelines/create', {
    pipeline_id: name,
    workspace_id: ws,
    definition: { steps: [{ ModelInference: { models: [ref] } }] }
  })
  const deployed = await session.postOk<{ id: number }>('/v1/api/pipelines/deploy', { deploy_id: name, pipeline_version_pk_id: created.pipeline_variant_pk_id })
  // A full cluster never gets there: give the emulator more --nodes then.
  await session.waitForDeployment(`${name}-${deployed.id}`, 'Running', 30_000)
  return (await session.postOk<{ url: string }>('/v1/api/admin/get_pipeline_external_url', { workspace_id: ws, pipeline_name: name })).url
}
