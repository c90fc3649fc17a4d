/**
 * Shared plumbing of the contract tests: where the recordings are, reading one recorded
 * document by JSON pointer, starting one emulator per test file, resetting it between
 * cases, and comparing an emulator answer with a recording while honouring the
 * KNOWN_DIFFERENCES table.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import type { Profile } from '../../src/emulator/profiles.js'
import { WallarooSession, credentialArgs, type RawResponse } from '../helpers/wallaroo-session.js'
import { compareWithRecording, type DiffOptions, type NormalizeOptions } from './normalize.js'
import { KNOWN_DIFFERENCES } from './known-differences.js'

/** ../shared next to the project; absent outside the development machine, so every contract test skips. */
export const shared = path.resolve(process.cwd(), '../shared')
/** Recorded request/response pairs (read in place, never copied). */
export const samplesDir = path.join(shared, 'wallaroo-api-samples')
/** Real tutorial fixtures (ccfraud.onnx is uploaded where the recorded sha matters). */
export const fixturesDir = path.join(shared, 'fixtures')
/** Whether the recordings are here. */
export const samplesPresent = existsSync(samplesDir) && existsSync(path.join(fixturesDir, 'ccfraud.onnx'))

/** sha256 of ccfraud.onnx, the sha every recording shows; kept literal when comparing. */
export const CCFRAUD_SHA = 'bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507'

type Json = any

/** Reads a recorded document (or the part of it at `pointer`, e.g. '/empty/response'). */
export function recording(file: string, pointer = ''): Json {
  const doc = JSON.parse(readFileSync(path.join(samplesDir, file), 'utf8')) as Json
  let node = doc
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object' || !(seg in node)) throw new Error(`${file} has nothing at ${pointer} (missing '${seg}')`)
    node = node[seg]
  }
  return node
}

/** The known differences that apply under `file#pointer`, as pointers relative to it. */
export function knownSkips(file: string, pointer: string): string[] {
  const prefix = `${file}#${pointer}`
  return Object.keys(KNOWN_DIFFERENCES)
    .filter((k) => k.startsWith(prefix + '/'))
    .map((k) => k.slice(prefix.length))
}

/**
 * Asserts that `actual` has the recorded shape of `file#pointer`: same keys at every level,
 * same JSON types, same literal values once ids/UUIDs/times/hosts/pods/IPs are normalised.
 * Places listed in KNOWN_DIFFERENCES are skipped (their reasons are in that table).
 */
export function expectLikeRecording(file: string, pointer: string, actual: unknown, opts: DiffOptions & NormalizeOptions = {}): void {
  const recorded = recording(file, pointer)
  const diffs = compareWithRecording(recorded, actual, {
    keepShas: new Set([CCFRAUD_SHA]),
    ...opts,
    skip: [...(opts.skip ?? []), ...knownSkips(file, pointer)]
  })
  // The title line makes a failure name the recording; each further line is one difference.
  expect([`${file}#${pointer}`, ...diffs]).toEqual([`${file}#${pointer}`])
}

/** Asserts the HTTP status of a raw response; a failure names the call and shows the body the emulator sent. */
export function expectStatus(res: RawResponse, expected: number, what: string): void {
  expect(`${what} → HTTP ${res.status}${res.status === expected ? '' : `: ${res.text.slice(0, 300)}`}`).toBe(`${what} → HTTP ${expected}`)
}

/** The claims of a JWT (no signature check: the emulator's tokens are compared, not trusted). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
}

/**
 * The claims a recording lists, taken from a real token: the recordings show selected
 * claims only, plus the derived `exp_minus_iat_seconds`.
 */
export function recordedClaimsOf(token: string, recorded: Record<string, unknown>): Record<string, unknown> {
  const claims = jwtClaims(token)
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(recorded)) {
    picked[key] = key === 'exp_minus_iat_seconds' ? Number(claims.exp) - Number(claims.iat) : claims[key]
  }
  return picked
}

/** ccfraud.onnx read in place from ../shared/fixtures. */
export function ccfraudBytes(): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixturesDir, 'ccfraud.onnx')))
}

/** A running emulator for one test file. */
export interface ContractEmulator {
  url: string
  session: WallarooSession
  stop(): Promise<void>
  /** POST /_emulator/reset and log in again: every case starts from an empty platform. */
  reset(): Promise<void>
}

/**
 * Starts the emulator with a profile and fast timings, logged in. Cases read a deployment's Starting status right
 * after deploying it: 1.5 s of Starting leaves room for a loaded machine's stalls between the two calls.
 */
export async function startContractEmulator(profile: Profile, extra: string[] = []): Promise<ContractEmulator> {
  const emu = await startEmulatorProcess(['--profile', profile, '--start-seconds', '1.5', '--convert-seconds', '0.2', ...credentialArgs(), ...extra])
  const session = new WallarooSession(emu.url)
  await session.login()
  return {
    url: emu.url,
    session,
    stop: emu.stop,
    async reset() {
      const res = await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' })
      if (res.status >= 300) throw new Error(`POST /_emulator/reset answered HTTP ${res.status}: ${await res.text()}`)
      await session.login()
    }
  }
}

/** What `setupDeployment` built, with the ids the emulator assigned. */
export interface Deployed {
  workspaceId: number
  modelVersionId: number
  modelVersionUuid: string
  pipelineId: number
  pipelineVersionPkId: number
  pipelineVersionUuid: string
  deploymentId: number
  deploymentName: string
  inferUrl: string
}

/**
 * Drives the emulator into the recorded state "ccfraud uploaded as `model` into a new
 * workspace, one-step pipeline `pipeline` created, deployed and Running".
 */
export async function setupDeployment(
  s: WallarooSession,
  names: { workspace: string; model: string; pipeline: string },
  deploy: 'models' | 'model_ids' = 'models'
): Promise<Deployed> {
  const workspaceId = (await s.postOk<Json>('/v1/api/workspaces/create', { workspace_name: names.workspace })).workspace_id
  const modelVersionId = await s.uploadModel({ name: names.model, workspaceId, file: ccfraudBytes(), fileName: 'ccfraud.onnx' })
  await s.waitForModelReady(modelVersionId)
  const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: modelVersionId })).model_version.model_version
  const ref = { name: names.model, version: mv.file_info.version, sha: mv.file_info.sha }
  const created = await s.postOk<Json>('/v1/api/pipelines/create', {
    pipeline_id: names.pipeline,
    workspace_id: workspaceId,
    definition: { steps: [{ ModelInference: { models: [ref] } }] }
  })
  const body: Json = { deploy_id: names.pipeline, pipeline_version_pk_id: created.pipeline_variant_pk_id, pipeline_id: created.pipeline_pk_id }
  if (deploy === 'models') body.models = [ref]
  else body.model_ids = [modelVersionId]
  const deploymentId = (await s.postOk<Json>('/v1/api/pipelines/deploy', body)).id
  const deploymentName = `${names.pipeline}-${deploymentId}`
  await s.waitForDeployment(deploymentName, 'Running')
  const inferUrl = (await s.postOk<Json>('/v1/api/admin/get_pipeline_external_url', { workspace_id: workspaceId, pipeline_name: names.pipeline })).url
  return {
    workspaceId,
    modelVersionId,
    modelVersionUuid: mv.file_info.version,
    pipelineId: created.pipeline_pk_id,
    pipelineVersionPkId: created.pipeline_variant_pk_id,
    pipelineVersionUuid: created.pipeline_variant_version,
    deploymentId,
    deploymentName,
    inferUrl
  }
}

/** The emulator of one contract test file, as `useContractEmulator` keeps it. */
export interface ContractTestbed {
  /** The emulator's base URL. */
  readonly url: string
  /** The logged-in session (the same object across resets). */
  readonly session: WallarooSession
}

/**
 * Starts a contract emulator in `profile` before the tests of the calling describe block, resets it before each
 * of them (every case starts from an empty platform) and stops it after them.
 */
export function useContractEmulator(profile: Profile, extra: string[] = []): ContractTestbed {
  let emu: ContractEmulator | undefined
  beforeAll(async () => {
    emu = await startContractEmulator(profile, extra)
  })
  afterAll(async () => {
    await emu?.stop()
  })
  beforeEach(async () => {
    await started().reset()
  })
  const started = (): ContractEmulator => {
    if (!emu) throw new Error('the contract emulator is not started yet: use it inside a test or hook')
    return emu
  }
  return {
    get url() {
      return started().url
    },
    get session() {
      return started().session
    }
  }
}

/** xgboost_ccfraud.onnx read in place from ../shared/fixtures (feature_input → variable). */
export function xgboostBytes(): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixturesDir, 'xgboost_ccfraud.onnx')))
}

/** A model uploaded and ready, as a step reference `{name, version, sha}` plus its version id. */
export async function readyRef(
  s: WallarooSession,
  workspaceId: number,
  name: string,
  file: Uint8Array,
  fileName: string
): Promise<{ id: number; ref: { name: string; version: string; sha: string } }> {
  const id = await s.uploadModel({ name, workspaceId, file, fileName })
  await s.waitForModelReady(id)
  const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: id })).model_version.model_version
  return { id, ref: { name, version: mv.file_info.version, sha: mv.file_info.sha } }
}

/** Creates a pipeline with `steps` in the workspace, deploys it (models from the steps) and waits until Running; returns its inference URL. */
export async function deploySteps(
  s: WallarooSession,
  workspaceId: number,
  pipeline: string,
  steps: unknown[]
): Promise<{ inferUrl: string; deploymentId: number; deploymentName: string }> {
  const created = await s.postOk<Json>('/v1/api/pipelines/create', { pipeline_id: pipeline, workspace_id: workspaceId, definition: { steps } })
  const deploymentId = (await s.postOk<Json>('/v1/api/pipelines/deploy', { deploy_id: pipeline, pipeline_version_pk_id: created.pipeline_variant_pk_id })).id
  const deploymentName = `${pipeline}-${deploymentId}`
  await s.waitForDeployment(deploymentName, 'Running')
  const inferUrl = (await s.postOk<Json>('/v1/api/admin/get_pipeline_external_url', { workspace_id: workspaceId, pipeline_name: pipeline })).url
  return { inferUrl, deploymentId, deploymentName }
}

/** Asserts `actual` has the shape of a tutorial excerpt (tutorial-recordings.ts), normalised like the samples. */
export function expectLikeTutorial(name: string, recorded: unknown, actual: unknown, opts: DiffOptions & NormalizeOptions = {}): void {
  const diffs = compareWithRecording(recorded, actual, { keepShas: new Set([CCFRAUD_SHA]), ...opts })
  expect([name, ...diffs]).toEqual([name])
}

/** Creates a workspace named `name`; returns its id. */
export async function createWorkspace(s: WallarooSession, name: string): Promise<number> {
  return (await s.postOk<Json>('/v1/api/workspaces/create', { workspace_name: name })).workspace_id
}

/**
 * A describe block of cases that read ../shared/wallaroo-api-samples, titled "contract vs …, `what` (`ran`)";
 * skipped, with the reason in its title, when ../shared is absent.
 */
export function describeWithSamples(what: string, ran: string, fn: () => void): void {
  const base = `contract vs ../shared/wallaroo-api-samples, ${what}`
  if (samplesPresent) describe(`${base} (${ran})`, fn)
  else describe.skip(`${base} (skipped: ../shared absent)`, fn)
}
