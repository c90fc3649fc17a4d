/**
 * Models (§6): reuse a version whose sha256 the workspace already has, else upload; then wait until the
 * conversion is `ready` (§11.3), since deploying a converting model fails.
 */
import { basename } from 'node:path'
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { ListModelsResponse, ModelStatus } from '../../wallaroo/types.js'
import type { WallarooApi } from '../api.js'
import { CONVERSION_FIRST_PAUSE_DIVISOR, Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure, InputMismatch } from '../errors.js'
import type { ModelOutcome } from '../run-record.js'
import type { ModelSpec } from '../settings.js'
import { classifyConversion, pollForRun, WaitTimeoutError } from './wait.js'

/** A version already in the workspace. */
interface ExistingVersion {
  versionId: number
  version: string
  status: ModelStatus | string
}

/** A model file as uploaded (or found) but possibly still converting. */
interface Unready {
  spec: Extract<ModelSpec, { kind: 'file' }>
  versionId: number
  source: 'uploaded' | 'reused'
}

/** The workspace's models, or undefined when the server has no models/list (then nothing is reused). */
export async function listModelsOrNothing(api: WallarooApi, workspaceId: number): Promise<ListModelsResponse | undefined> {
  try {
    return await api.listModels(workspaceId)
  } catch (e) {
    if (e instanceof WallarooApiError && e.code === 'NOT_FOUND') return undefined
    throw e
  }
}

/**
 * Finds a version of model `name` with this sha in the workspace. Handles the 2025.2 nested shape
 * (`{model, model_versions}`) and the 2023 flat one (`{id, name}`, then list_versions, whose answer is
 * not workspace-scoped and matches loosely (§11.2), so it is filtered by name AND models_pk_id AND sha).
 */
export async function findExistingVersion(api: WallarooApi, list: ListModelsResponse | undefined, workspaceId: number, name: string, sha: string): Promise<ExistingVersion | undefined> {
  const found: ExistingVersion[] = []
  for (const entry of list?.models ?? []) {
    const e = entry as unknown as Record<string, unknown>
    if (Array.isArray(e.model_versions)) {
      for (const mvc of entry.model_versions) {
        const mv = mvc?.model_version
        if (!mv || mv.name !== name || mv.file_info?.sha !== sha || mv.status === 'error') continue
        if (mv.workspace_id !== undefined && mv.workspace_id !== workspaceId) continue
        found.push({ versionId: mv.id, version: mv.file_info.version, status: mv.status })
      }
    } else if (e.name === name && typeof e.id === 'number') {
      const modelsPkId = e.id
      const versions = await api.listModelVersions(name, modelsPkId)
      for (const v of versions) {
        if (v.model_id !== name || v.models_pk_id !== modelsPkId || v.sha !== sha || v.status === 'error') continue
        found.push({ versionId: v.id, version: v.model_version, status: v.status })
      }
    }
  }
  // Prefer a version that is ready, then the newest.
  found.sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || b.versionId - a.versionId)
  return found[0]
}

/** A `models` item as the error messages name it: its position in the input and its name. */
function itemText(ctx: RunContext, spec: ModelSpec): string {
  return `Input '${Inputs.Models}' item ${ctx.settings.models.indexOf(spec) + 1} ("${spec.name}")`
}

/** The versions the workspace shows for model `name` as {version UUID, sha} (2025.2 nested or 2023 flat shape). */
async function versionsNamed(api: WallarooApi, list: ListModelsResponse, name: string): Promise<Array<{ version: string; sha: string }>> {
  const out: Array<{ version: string; sha: string }> = []
  for (const entry of list.models ?? []) {
    const e = entry as unknown as Record<string, unknown>
    if (Array.isArray(e.model_versions)) {
      for (const mvc of entry.model_versions) {
        const mv = mvc?.model_version
        if (mv?.name === name && mv.file_info) out.push({ version: mv.file_info.version, sha: mv.file_info.sha })
      }
    } else if (e.name === name && typeof e.id === 'number') {
      const modelsPkId = e.id
      // list_versions is global and loose (§11.2): keep only this model's rows.
      for (const v of await api.listModelVersions(name, modelsPkId)) {
        if (v.model_id === name && v.models_pk_id === modelsPkId) out.push({ version: v.model_version, sha: v.sha })
      }
    }
  }
  return out
}

/**
 * Checks every `version` + `sha` item against the workspace's models (read-only, before any upload), so a
 * mistyped version fails before a pipeline version is made of it. Skipped when the server has no models/list.
 */
export async function checkGivenVersions(ctx: RunContext, list: ListModelsResponse | undefined, workspaceId: number): Promise<void> {
  const given = ctx.settings.models.filter((m): m is Extract<ModelSpec, { kind: 'existing' }> => m.kind === 'existing')
  if (given.length === 0) return
  if (!list) {
    ctx.log.debug('models/list is not available on this server; the given model versions are not checked')
    return
  }
  const problems: string[] = []
  for (const spec of given) {
    const known = await versionsNamed(ctx.api, list, spec.name)
    const match = known.find((k) => k.version === spec.version)
    if (!match) {
      const seen = known.length === 0 ? `it has no model "${spec.name}"` : `model "${spec.name}" has version${known.length > 1 ? 's' : ''} ${known.slice(0, 5).map((k) => k.version).join(', ')}${known.length > 5 ? ', …' : ''}`
      problems.push(`${itemText(ctx, spec)} names version ${spec.version}, which workspace ${workspaceId} does not have (${seen}); check 'version' (the model version's file_info.version), or give 'path' to upload the file`)
    } else if (match.sha !== spec.sha) {
      problems.push(`${itemText(ctx, spec)} gives sha ${spec.sha} for version ${spec.version}, but the server has sha ${match.sha} for it; check 'sha'`)
    }
  }
  if (problems.length > 0) throw new InputMismatch(problems.join('\n'))
}

/**
 * Why the workspace must not be created for this run: a new workspace cannot hold the versions given by
 * `version` + `sha`, so creating it for them would only leave an empty workspace behind.
 */
export function givenVersionsNeedExistingWorkspace(ctx: RunContext): string | undefined {
  const given = ctx.settings.models.find((m) => m.kind === 'existing')
  if (!given) return undefined
  const wanted = ctx.settings.workspace
  const name = wanted && 'name' in wanted ? wanted.name : ''
  return `${itemText(ctx, given)} names the existing version ${given.version}, but workspace "${name}" does not exist, so it cannot hold that version; check '${Inputs.Workspace}', or give 'path' to upload the model file instead`
}

/** Waits until a model version is `ready`; fails with the server's error_summary on `error`. */
async function waitForConversion(ctx: RunContext, name: string, versionId: number, signal: AbortSignal): Promise<{ version: string; sha: string; status: string }> {
  try {
    const { value } = await pollForRun(ctx, `Model "${name}" version ${versionId}`, {
      fetch: () => ctx.api.getModelVersion(versionId),
      classify: classifyConversion,
      signal,
      firstPauseMs: ctx.settings.pollIntervalMs / CONVERSION_FIRST_PAUSE_DIVISOR
    })
    const mv = value.model_version.model_version
    return { version: mv.file_info.version, sha: mv.file_info.sha, status: mv.status }
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      throw new ActionFailure(
        `model "${name}" version ${versionId} was not ready after ${formatDuration(e.elapsedMs)} (last status ${e.lastLabel}); raise '${Inputs.Timeout}' (now ${formatDuration(ctx.settings.timeoutMs)}) if conversion is just slow`
      )
    }
    throw e
  }
}

/** Reuses a version with the file's sha, or uploads the file; returns the outcome when ready, else what to wait for. */
async function reuseOrUpload(ctx: RunContext, spec: Unready['spec'], list: ListModelsResponse | undefined, workspaceId: number): Promise<ModelOutcome | Unready> {
  const { api, log, record } = ctx
  const { name, sha, bytes } = spec
  const existing = await findExistingVersion(api, list, workspaceId, name, sha)
  if (existing) {
    log.info(`Model "${name}": the workspace already has sha ${sha.slice(0, 12)}… as version ${existing.versionId}; reusing it.`)
    if (existing.status !== 'ready') return { spec, versionId: existing.versionId, source: 'reused' }
    return { name, versionId: existing.versionId, version: existing.version, sha, source: 'reused', status: existing.status }
  }
  const fileName = basename(spec.path)
  log.info(`Model "${name}": uploading ${fileName} (${bytes.length} bytes, sha ${sha.slice(0, 12)}…).`)
  const { modelVersionId } = await api.uploadModel({
    metadata: {
      name,
      visibility: 'private',
      workspace_id: workspaceId,
      conversion: {
        framework: spec.framework,
        python_version: '3.8',
        requirements: [],
        ...(spec.arch ? { arch: spec.arch } : {}),
        ...(spec.accel ? { accel: spec.accel } : {})
      },
      // At the top level, as the SDK sends them, not inside `conversion` as the docs say (§6.1).
      ...(spec.inputSchema ? { input_schema: spec.inputSchema } : {}),
      ...(spec.outputSchema ? { output_schema: spec.outputSchema } : {})
    },
    file: bytes,
    fileName
  })
  record.created.push({ kind: 'model-version', id: modelVersionId, name })
  return { spec, versionId: modelVersionId, source: 'uploaded' }
}

/** Waits for one converting version and turns it into its outcome. */
async function whenReady(ctx: RunContext, u: Unready, signal: AbortSignal): Promise<ModelOutcome> {
  const { name, sha } = u.spec
  const ready = await waitForConversion(ctx, name, u.versionId, signal)
  if (ready.sha && ready.sha !== sha) ctx.log.warning(`Model "${name}": the server reports sha ${ready.sha}, the file has ${sha}.`)
  if (u.source === 'uploaded') ctx.log.info(`Model "${name}": version ${u.versionId} is ready.`)
  return { name, versionId: u.versionId, version: ready.version, sha, source: u.source, status: ready.status }
}

/**
 * Resolves every model of the `models` input to a ready version: reused, uploaded or given. Uploads go one
 * after another; the conversions then run side by side on the server, so they are awaited together, and the
 * first failure stops the other waits.
 */
export async function resolveModels(ctx: RunContext, workspaceId: number): Promise<ModelOutcome[]> {
  const { settings, log, record } = ctx
  const list = settings.models.length > 0 ? await listModelsOrNothing(ctx.api, workspaceId) : undefined
  await checkGivenVersions(ctx, list, workspaceId)
  // One slot per model, in input order: its outcome, or what to wait for until it is ready.
  const slots: Array<ModelOutcome | Unready> = []
  const stop = new AbortController()
  try {
    for (const spec of settings.models) {
      if (spec.kind === 'existing') {
        log.info(`Model "${spec.name}": using the given version ${spec.version}.`)
        slots.push({ name: spec.name, version: spec.version, sha: spec.sha, source: 'given' })
      } else {
        slots.push(await reuseOrUpload(ctx, spec, list, workspaceId))
      }
    }
    await Promise.all(
      slots.map(async (slot, i) => {
        if (!('spec' in slot)) return
        try {
          slots[i] = await whenReady(ctx, slot, stop.signal)
        } catch (e) {
          stop.abort(e)
          throw e
        }
      })
    )
  } finally {
    // Even after a failure the outputs list the models that did get ready, in input order.
    record.models.push(...slots.filter((s): s is ModelOutcome => !('spec' in s)))
  }
  return slots as ModelOutcome[]
}
