/**
 * Models (§6): reuse a version whose sha256 the workspace already has, else upload; then wait until the
 * conversion is `ready` (§11.3), since deploying a converting model fails.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { WallarooApiError } from '../wallaroo/errors.js'
import type { ListModelsResponse, ModelStatus } from '../wallaroo/types.js'
import type { WallarooApi } from './api.js'
import { Inputs } from './constants.js'
import { pollTimings, type RunContext } from './context.js'
import { formatDuration } from './duration.js'
import { ActionFailure } from './errors.js'
import type { ModelOutcome } from './run-record.js'
import type { ModelSpec } from './settings.js'
import { classifyConversion, waitForStatus, WaitTimeoutError } from './wait.js'

/** A version already in the workspace. */
export interface ExistingVersion {
  versionId: number
  version: string
  sha: string
  status: ModelStatus | string
}

/** Hex SHA-256 of the bytes (what the server stores as file_info.sha). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The workspace's models, or undefined when the server has no models/list (then nothing is reused). */
async function listModelsOrNothing(api: WallarooApi, workspaceId: number): Promise<ListModelsResponse | undefined> {
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
        found.push({ versionId: mv.id, version: mv.file_info.version, sha, status: mv.status })
      }
    } else if (e.name === name && typeof e.id === 'number') {
      const modelsPkId = e.id
      const versions = await api.listModelVersions(name, modelsPkId)
      for (const v of versions) {
        if (v.model_id !== name || v.models_pk_id !== modelsPkId || v.sha !== sha || v.status === 'error') continue
        found.push({ versionId: v.id, version: v.model_version, sha, status: v.status })
      }
    }
  }
  // Prefer a version that is ready, then the newest.
  found.sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || b.versionId - a.versionId)
  return found[0]
}

/** Waits until a model version is `ready`; fails with the server's error_summary on `error`. */
export async function waitForConversion(ctx: RunContext, name: string, versionId: number): Promise<{ version: string; sha: string; status: string }> {
  const { api, clock, log, settings } = ctx
  try {
    const { value } = await waitForStatus({
      ...clock,
      ...pollTimings(settings),
      timeoutMs: settings.timeoutMs,
      fetch: () => api.getModelVersion(versionId),
      classify: classifyConversion,
      isTransientError: isTransient,
      onChange: (label, ms) => log.info(`Model "${name}" version ${versionId}: ${label} (${formatDuration(ms)})`),
      onHeartbeat: (label, ms) => log.info(`Model "${name}" version ${versionId}: still ${label} after ${formatDuration(ms)}`)
    })
    const mv = value.model_version.model_version
    return { version: mv.file_info.version, sha: mv.file_info.sha, status: mv.status }
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      throw new ActionFailure(
        `model "${name}" version ${versionId} was not ready after ${formatDuration(e.elapsedMs)} (last status ${e.lastLabel}); raise '${Inputs.Timeout}' (now ${formatDuration(settings.timeoutMs)}) if conversion is just slow`
      )
    }
    throw e
  }
}

/** Errors the wait loops ride out: the client already retried them, but the deadline has the last word. */
export function isTransient(e: unknown): boolean {
  return e instanceof WallarooApiError && ['NETWORK', 'TIMEOUT', 'UNAVAILABLE', 'SERVER_ERROR', 'RATE_LIMITED'].includes(e.code)
}

/** Resolves every model of the `models` input to a ready version: reused, uploaded or given. */
export async function resolveModels(ctx: RunContext, workspaceId: number): Promise<ModelOutcome[]> {
  const { api, log, record } = ctx
  const files = ctx.settings.models.filter((m): m is Extract<ModelSpec, { kind: 'file' }> => m.kind === 'file')
  const list = files.length > 0 ? await listModelsOrNothing(api, workspaceId) : undefined
  const outcomes: ModelOutcome[] = []
  for (const spec of ctx.settings.models) {
    let outcome: ModelOutcome
    if (spec.kind === 'existing') {
      outcome = { name: spec.name, version: spec.version, sha: spec.sha, source: 'given' }
      log.info(`Model "${spec.name}": using the given version ${spec.version}.`)
    } else {
      const bytes = new Uint8Array(readFileSync(spec.path))
      const sha = sha256Hex(bytes)
      const existing = await findExistingVersion(api, list, workspaceId, spec.name, sha)
      if (existing) {
        log.info(`Model "${spec.name}": the workspace already has sha ${sha.slice(0, 12)}… as version ${existing.versionId}; reusing it.`)
        const ready = existing.status === 'ready' ? { ...existing } : { ...existing, ...(await waitForConversion(ctx, spec.name, existing.versionId)) }
        outcome = { name: spec.name, versionId: existing.versionId, version: ready.version, sha, source: 'reused', status: ready.status }
      } else {
        log.info(`Model "${spec.name}": uploading ${basename(spec.path)} (${bytes.length} bytes, sha ${sha.slice(0, 12)}…).`)
        const { modelVersionId } = await api.uploadModel({
          metadata: {
            name: spec.name,
            visibility: 'private',
            workspace_id: workspaceId,
            conversion: {
              framework: spec.framework,
              python_version: '3.8',
              requirements: [],
              ...(spec.arch ? { arch: spec.arch } : {}),
              ...(spec.accel ? { accel: spec.accel } : {})
            }
          },
          file: bytes,
          fileName: basename(spec.path)
        })
        record.created.push({ kind: 'model-version', id: modelVersionId, name: spec.name })
        const ready = await waitForConversion(ctx, spec.name, modelVersionId)
        if (ready.sha && ready.sha !== sha) log.warning(`Model "${spec.name}": the server reports sha ${ready.sha}, the file has ${sha}.`)
        outcome = { name: spec.name, versionId: modelVersionId, version: ready.version, sha, source: 'uploaded', status: ready.status }
        log.info(`Model "${spec.name}": version ${modelVersionId} is ready.`)
      }
    }
    outcomes.push(outcome)
    record.models.push(outcome)
  }
  return outcomes
}
