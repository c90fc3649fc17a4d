/**
 * Models (§6): reuse a version whose sha256 the workspace already has, else upload; then wait until the
 * conversion is `ready` (§11.3), since deploying a converting model fails.
 */
import { basename } from 'node:path'
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { Conversion, ListModelsResponse, ModelStatus } from '../../wallaroo/types.js'
import type { WallarooApi } from '../api.js'
import { CONVERSION_FIRST_PAUSE_DIVISOR, Inputs } from '../constants.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import { ActionFailure, InputMismatch } from '../errors.js'
import type { ModelOutcome } from '../run-record.js'
import type { ModelSpec } from '../settings.js'
import { archOf, conversionDifferences, conversionOf, type ExistingSettings, type FileSpec } from './model-reuse.js'
import { classifyConversion, conversionFailure, pollForRun, WaitTimeoutError } from './wait.js'
import { createOrFind } from './ambiguous-create.js'

/** A version of the wanted name and sha already in the workspace, with its settings where the server showed them. */
interface ExistingVersion extends ExistingSettings {
  versionId: number
  version: string
  status: ModelStatus | string
}

/** A model version that is known but possibly still converting. */
interface Unready {
  name: string
  sha: string
  versionId: number
  source: ModelOutcome['source']
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
 * The versions of model `name` with this sha in the workspace, ready ones first, then newest (none in error). Rows
 * of the 2023 flat shape show no conversion, so each candidate's settings are read with get_version_by_id.
 */
async function versionsWithSha(
  api: WallarooApi,
  list: ListModelsResponse | undefined,
  workspaceId: number,
  name: string,
  sha: string
): Promise<ExistingVersion[]> {
  const found: ExistingVersion[] = []
  for (const v of list ? await versionsNamed(api, list, workspaceId, name) : []) {
    if (v.sha !== sha || v.id === undefined || v.status === 'error') continue
    let settings: ExistingSettings = { ...(v.conversion ? { conversion: v.conversion } : {}), ...(v.config !== undefined ? { config: v.config } : {}) }
    if (v.flat) {
      const detail = await api.getModelVersion(v.id).catch(() => undefined)
      const mv = detail?.model_version.model_version
      settings = { ...(mv?.conversion ? { conversion: mv.conversion } : {}), ...(detail ? { config: detail.model_version.config } : {}) }
    }
    found.push({ versionId: v.id, version: v.version, status: v.status ?? '', ...settings })
  }
  found.sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || b.versionId - a.versionId)
  return found
}

/** What reuse found for a file entry: a version to reuse, and why the others with the same sha were not. */
export interface ReuseLookup {
  reusable?: ExistingVersion
  /** One line per version with the same sha but other conversion settings. */
  rejected: string[]
}

/** Finds a version to reuse for a file entry: the same sha and the same conversion settings (model-reuse.ts). */
export async function findReusableVersion(api: WallarooApi, list: ListModelsResponse | undefined, workspaceId: number, spec: FileSpec): Promise<ReuseLookup> {
  const rejected: string[] = []
  for (const candidate of await versionsWithSha(api, list, workspaceId, spec.name, spec.sha)) {
    const differences = conversionDifferences(spec, candidate)
    if (differences.length === 0) return { reusable: candidate, rejected }
    rejected.push(`version ${candidate.versionId} has ${differences.join(', ')}`)
  }
  return { rejected }
}

/** A `models` item as the error messages name it: its position in the input and its name. */
function itemText(ctx: RunContext, spec: ModelSpec): string {
  return `Input '${Inputs.Models}' item ${ctx.settings.models.indexOf(spec) + 1} ("${spec.name}")`
}

/** A version the workspace shows for model `name`. */
interface NamedVersion extends ExistingSettings {
  id?: number
  version: string
  sha: string
  status?: string
  /** From the 2023 flat shape's list_versions rows, which show neither conversion nor config. */
  flat?: boolean
}

/**
 * The versions the workspace shows for model `name`: the nested shape (`{model, model_versions}`, 2024+), or the 2023
 * flat one (`{id, name}`, then list_versions, whose answer is not workspace-scoped and matches loosely (§11.2), so
 * its rows are kept only when both name and models_pk_id match).
 */
async function versionsNamed(api: WallarooApi, list: ListModelsResponse, workspaceId: number, name: string): Promise<NamedVersion[]> {
  const out: NamedVersion[] = []
  for (const entry of list.models ?? []) {
    const e = entry as unknown as Record<string, unknown>
    if (Array.isArray(e.model_versions)) {
      for (const mvc of entry.model_versions) {
        const mv = mvc?.model_version
        if (mv?.name !== name || !mv.file_info) continue
        if (mv.workspace_id !== undefined && mv.workspace_id !== workspaceId) continue
        out.push({
          id: mv.id,
          version: mv.file_info.version,
          sha: mv.file_info.sha,
          status: mv.status,
          ...(mv.conversion ? { conversion: mv.conversion } : {}),
          ...(mvc.config !== undefined ? { config: mvc.config } : {})
        })
      }
    } else if (e.name === name && typeof e.id === 'number') {
      const modelsPkId = e.id
      for (const v of await api.listModelVersions(name, modelsPkId)) {
        if (v.model_id === name && v.models_pk_id === modelsPkId) out.push({ id: v.id, version: v.model_version, sha: v.sha, status: v.status, flat: true })
      }
    }
  }
  return out
}

/** A version named by `version` + `sha` or by `id`, as the server holds it. */
export interface GivenVersion {
  versionId?: number
  version: string
  sha: string
  status?: string
}

/** Refuses a given version converted for another architecture than the engine's `arch` (checked before any change). */
function archProblem(ctx: RunContext, spec: ModelSpec, label: string, conversion: Partial<Conversion> | undefined): string | undefined {
  const engineArch = ctx.settings.engineConfig.engine?.arch
  if (typeof engineArch !== 'string' || conversion === undefined) return undefined
  const arch = archOf(conversion)
  if (arch === engineArch) return undefined
  return `Input '${Inputs.Arch}' is ${engineArch}, but ${itemText(ctx, spec)} names ${label}, which was converted for ${arch}: it cannot run on ${engineArch} engines. Name a version converted for ${engineArch} (or give 'path' to upload the file for ${engineArch}), or set '${Inputs.Arch}' to ${arch}`
}

/** A version named by its numeric id: it must exist, carry that name and live in the workspace. */
async function checkVersionById(
  ctx: RunContext,
  spec: Extract<ModelSpec, { kind: 'id' }>,
  workspaceId: number,
  problems: string[]
): Promise<GivenVersion | undefined> {
  let detail
  try {
    detail = await ctx.api.getModelVersion(spec.versionId)
  } catch (e) {
    if (e instanceof WallarooApiError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) {
      problems.push(
        `${itemText(ctx, spec)} names model version id ${spec.versionId}, which the server does not know (${e.detail.replace(/[.\s]+$/, '')}); check 'id' (the 'version_id' of the 'models' output)`
      )
      return undefined
    }
    throw e
  }
  const mv = detail.model_version.model_version
  if (mv.name !== spec.name) {
    problems.push(
      `${itemText(ctx, spec)} names model version id ${spec.versionId}, but that version belongs to model "${mv.name}"; check 'id', or set 'name: ${mv.name}'`
    )
  } else if (mv.workspace_id !== undefined && mv.workspace_id !== workspaceId) {
    problems.push(
      `${itemText(ctx, spec)} names model version id ${spec.versionId}, which lives in workspace ${mv.workspace_id}, not in workspace ${workspaceId}; upload the model into this workspace ('path'), or deploy in workspace ${mv.workspace_id}`
    )
  } else if (mv.status === 'error') {
    problems.push(`${itemText(ctx, spec)} names model version id ${spec.versionId}, whose conversion failed (${conversionFailure(mv)}); give another version`)
  } else {
    const arch = archProblem(ctx, spec, `version id ${spec.versionId}`, mv.conversion)
    if (arch) problems.push(arch)
    else return { versionId: mv.id, version: mv.file_info.version, sha: mv.file_info.sha, status: mv.status }
  }
  return undefined
}

/**
 * Checks every `version` + `sha` and `id` item against the server (read-only, before any upload), so a mistyped
 * version fails before a pipeline version is made of it; returns what each names (with the numeric id for the
 * outputs). `version` + `sha` items are not checked when the server has no models/list.
 */
export async function checkGivenVersions(ctx: RunContext, list: ListModelsResponse | undefined, workspaceId: number): Promise<Map<ModelSpec, GivenVersion>> {
  const resolved = new Map<ModelSpec, GivenVersion>()
  const problems: string[] = []
  for (const spec of ctx.settings.models) {
    if (spec.kind === 'id') {
      const found = await checkVersionById(ctx, spec, workspaceId, problems)
      if (found) resolved.set(spec, found)
      continue
    }
    if (spec.kind !== 'existing') continue
    if (!list) {
      ctx.log.debug(`models/list is not available on this server; the given model version of "${spec.name}" is not checked`)
      resolved.set(spec, { version: spec.version, sha: spec.sha })
      continue
    }
    const known = await versionsNamed(ctx.api, list, workspaceId, spec.name)
    const match = known.find((k) => k.version === spec.version)
    if (!match) {
      const seen =
        known.length === 0
          ? `it has no model "${spec.name}"`
          : `model "${spec.name}" has version${known.length > 1 ? 's' : ''} ${known
              .slice(0, 5)
              .map((k) => k.version)
              .join(', ')}${known.length > 5 ? ', …' : ''}`
      problems.push(
        `${itemText(ctx, spec)} names version ${spec.version}, which workspace ${workspaceId} does not have (${seen}); check 'version' (the model version's file_info.version), or give 'path' to upload the file`
      )
      continue
    }
    if (match.sha !== spec.sha) {
      problems.push(`${itemText(ctx, spec)} gives sha ${spec.sha} for version ${spec.version}, but the server has sha ${match.sha} for it; check 'sha'`)
      continue
    }
    // The 2023 list shows no conversion: read it when the engine's arch has to be checked against it.
    let conversion = match.conversion
    if (!conversion && match.id !== undefined && typeof ctx.settings.engineConfig.engine?.arch === 'string') {
      conversion = (await ctx.api.getModelVersion(match.id)).model_version.model_version.conversion
    }
    const arch = archProblem(ctx, spec, `version ${spec.version}`, conversion)
    if (arch) problems.push(arch)
    else resolved.set(spec, { ...(match.id !== undefined ? { versionId: match.id } : {}), version: spec.version, sha: spec.sha })
  }
  if (problems.length > 0) throw new InputMismatch(problems.join('\n'))
  return resolved
}

/**
 * Why the workspace must not be created for this run: a new workspace cannot hold the versions given by
 * `version` + `sha` or `id`, so creating it for them would only leave an empty workspace behind.
 */
export function givenVersionsNeedExistingWorkspace(ctx: RunContext): string | undefined {
  const given = ctx.settings.models.find((m) => m.kind !== 'file')
  if (!given) return undefined
  const wanted = ctx.settings.workspace
  const name = wanted && 'name' in wanted ? wanted.name : ''
  const label = given.kind === 'id' ? `version id ${given.versionId}` : `version ${given.version}`
  return `${itemText(ctx, given)} names the existing ${label}, but workspace "${name}" does not exist, so it cannot hold that version; check '${Inputs.Workspace}', or give 'path' to upload the model file instead`
}

/** Waits until a model version is `ready`; fails with the server's error_summary on `error`. */
async function waitForConversion(
  ctx: RunContext,
  name: string,
  versionId: number,
  signal: AbortSignal
): Promise<{ version: string; sha: string; status: string }> {
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

/** Reuses a version with the file's sha and conversion settings, or uploads the file; returns the outcome when ready, else what to wait for. */
async function reuseOrUpload(ctx: RunContext, spec: FileSpec, list: ListModelsResponse | undefined, workspaceId: number): Promise<ModelOutcome | Unready> {
  const { api, log, record } = ctx
  const { name, sha, size } = spec
  const { reusable, rejected } = await findReusableVersion(api, list, workspaceId, spec)
  if (reusable) {
    log.info(`Model "${name}": the workspace already has sha ${sha.slice(0, 12)}… with these conversion settings as version ${reusable.versionId}; reusing it.`)
    if (reusable.status !== 'ready') return { name, sha, versionId: reusable.versionId, source: 'reused' }
    return { name, versionId: reusable.versionId, version: reusable.version, sha, source: 'reused', status: reusable.status }
  }
  const fileName = basename(spec.path)
  if (rejected.length > 0) {
    log.info(
      `Model "${name}": the workspace has sha ${sha.slice(0, 12)}… but not with these conversion settings (${rejected.join('; ')}), so it is not reused: uploading a new version.`
    )
  }
  log.info(
    `Model "${name}": uploading ${fileName} (${size} bytes, sha ${sha.slice(0, 12)}…, framework ${spec.framework}${spec.arch ? `, arch ${spec.arch}` : ''}${spec.accel ? `, accel ${spec.accel}` : ''}).`
  )
  const upload = (): ReturnType<WallarooApi['uploadModel']> =>
    api.uploadModel({
      metadata: {
        name,
        visibility: 'private',
        workspace_id: workspaceId,
        conversion: conversionOf(spec),
        // At the top level, as the SDK sends them, not inside `conversion` as the docs say (§6.1).
        ...(spec.inputSchema ? { input_schema: spec.inputSchema } : {}),
        ...(spec.outputSchema ? { output_schema: spec.outputSchema } : {})
      },
      // Streamed from disk as it is sent (hashed on the way): memory stays flat whatever the model's size.
      file: { path: spec.path },
      fileName
    })
  // An upload whose answer was lost may have made the version: look for the sha before calling it failed.
  const { modelVersionId, sha256 } = await createOrFind(`a version of model "${name}" (sha ${sha.slice(0, 12)}…)`, log, upload, async () => {
    const { reusable: found } = await findReusableVersion(api, await listModelsOrNothing(api, workspaceId), workspaceId, spec)
    return found ? { modelVersionId: found.versionId, sha256: sha } : undefined
  })
  if (sha256 !== sha) {
    log.warning(
      `Model "${name}": ${spec.path} changed while the action ran (sha ${sha.slice(0, 12)}… when the inputs were checked, ${sha256.slice(0, 12)}… as uploaded); the uploaded file is version ${modelVersionId}. Do not write the model file during the step.`
    )
  }
  record.created.push({ kind: 'model-version', id: modelVersionId, name })
  return { name, sha, versionId: modelVersionId, source: 'uploaded' }
}

/** Waits for one converting version and turns it into its outcome. */
async function whenReady(ctx: RunContext, u: Unready, signal: AbortSignal): Promise<ModelOutcome> {
  const { name, sha } = u
  const ready = await waitForConversion(ctx, name, u.versionId, signal)
  if (ready.sha && ready.sha !== sha) ctx.log.warning(`Model "${name}": the server reports sha ${ready.sha}, the file has ${sha}.`)
  if (u.source === 'uploaded') ctx.log.info(`Model "${name}": version ${u.versionId} is ready.`)
  return { name, versionId: u.versionId, version: ready.version, sha: ready.sha || sha, source: u.source, status: ready.status }
}

/**
 * Resolves every model of the `models` input to a ready version: reused, uploaded or given (by version + sha or id).
 * Uploads go one after another; the conversions then run side by side on the server, so they are awaited together,
 * and the first failure stops the other waits.
 */
export async function resolveModels(ctx: RunContext, workspaceId: number): Promise<ModelOutcome[]> {
  const { settings, log, record } = ctx
  const list = settings.models.some((m) => m.kind !== 'id') ? await listModelsOrNothing(ctx.api, workspaceId) : undefined
  const given = await checkGivenVersions(ctx, list, workspaceId)
  // One slot per model, in input order: its outcome, or what to wait for until it is ready.
  const slots: Array<ModelOutcome | Unready> = []
  const stop = new AbortController()
  try {
    for (const spec of settings.models) {
      if (spec.kind === 'file') {
        slots.push(await reuseOrUpload(ctx, spec, list, workspaceId))
        continue
      }
      const g = given.get(spec)!
      log.info(`Model "${spec.name}": using the given version ${g.versionId !== undefined ? `${g.versionId} (${g.version})` : g.version}.`)
      if (g.versionId !== undefined && g.status !== undefined && g.status !== 'ready')
        slots.push({ name: spec.name, sha: g.sha, versionId: g.versionId, source: 'given' })
      else
        slots.push({
          name: spec.name,
          ...(g.versionId !== undefined ? { versionId: g.versionId } : {}),
          version: g.version,
          sha: g.sha,
          source: 'given',
          ...(g.status ? { status: g.status } : {})
        })
    }
    await Promise.all(
      slots.map(async (slot, i) => {
        if (!isUnready(slot)) return
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
    record.models.push(...slots.filter((s): s is ModelOutcome => !isUnready(s)))
  }
  return slots as ModelOutcome[]
}

function isUnready(slot: ModelOutcome | Unready): slot is Unready {
  return !('version' in slot)
}
