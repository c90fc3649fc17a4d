/**
 * Store area: models and their versions (§6). An upload's conversion progresses by time; ONNX
 * files are really loaded (`ModelLoads`), so a broken file really fails conversion.
 */
import { createHash, randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { ApiError } from './http.js'
import { ModelLoads, type LoadState } from './model-loads.js'
import { checkModelFile, checkName } from './rules.js'
import { isoTime, NATIVE_FRAMEWORKS, runtimeOf, type ModelRecord, type ModelStatus, type ModelVersionRecord } from './state.js'
import { WorkspaceStore } from './store-workspaces.js'
import type { StreamedFile } from './upload-stream.js'
import type { Conversion, ModelRef } from '../wallaroo/types.js'

/** Model and model-version rules on top of the workspaces. */
export abstract class ModelStore extends WorkspaceStore {
  protected readonly loads = new ModelLoads((sha) => this.applyLoad(sha))

  /**
   * Store an uploaded file as a new version of the named model; conversion starts now. `file` is bytes (seeds,
   * tests) or a file an upload streamed to disk, which the store then owns: kept in --data-dir, else removed once
   * loaded. Nothing changes when the upload is refused.
   */
  uploadModel(
    meta: { name: string; visibility: string; workspace_id: number; conversion: Conversion; input_schema?: string; output_schema?: string },
    upload: Buffer | StreamedFile,
    fileName: string,
    route: string
  ): ModelVersionRecord {
    const file = Buffer.isBuffer(upload) ? { bytes: upload, sha: createHash('sha256').update(upload).digest('hex'), size: upload.length, head: upload } : upload
    checkName('model', meta.name)
    this.workspace(meta.workspace_id)
    checkModelFile(meta.conversion.framework, file.head, file.size)
    const now = this.now()
    let model = this.data.models.find((m) => m.name === meta.name && m.workspace_id === meta.workspace_id)
    if (!model) {
      model = { id: this.data.counters.entity++, name: meta.name, workspace_id: meta.workspace_id, created_at: isoTime(now), updated_at: isoTime(now) }
      this.data.models.push(model)
    }
    model.updated_at = isoTime(now)
    const sha = file.sha
    const conversion: Conversion = {
      ...(meta.conversion.arch !== undefined ? { arch: meta.conversion.arch } : {}),
      ...(meta.conversion.accel !== undefined ? { accel: meta.conversion.accel } : {}),
      python_version: meta.conversion.python_version ?? '3.8',
      requirements: meta.conversion.requirements ?? [],
      framework: meta.conversion.framework,
      framework_config: meta.conversion.framework_config ?? null
    }
    const mv: ModelVersionRecord = {
      id: this.data.counters.entity++,
      model_id: model.id,
      name: meta.name,
      visibility: meta.visibility,
      workspace_id: meta.workspace_id,
      conversion,
      task_id: randomUUID(),
      file_info: { version: randomUUID(), sha, file_name: fileName, size: file.size },
      created_by: this.actorEmail(),
      created_at: isoTime(now),
      uploaded_at_ms: now,
      // Only ONNX is really loaded; the emulator cannot check other frameworks, so they convert fine.
      settled: null,
      config: {
        id: this.data.counters.config++,
        runtime: runtimeOf(conversion.framework),
        tensor_fields: null,
        filter_threshold: null,
        input_schema: meta.input_schema ?? null,
        output_schema: meta.output_schema ?? null
      },
      route
    }
    this.data.model_versions.push(mv)
    const source = this.keepModelFile(sha, file)
    if (loadable(mv)) {
      this.loads.start(sha, source.load, source.release)
      this.applyLoad(sha)
    } else {
      mv.settled = READY
      source.release()
    }
    this.persist()
    return mv
  }

  /**
   * Keep a model file: in --data-dir as `models/<sha>` (a rename for a streamed file), else only until it is loaded.
   * Returns what to load from and what to call once loaded.
   */
  private keepModelFile(sha: string, file: { bytes: Buffer } | StreamedFile): { load: Uint8Array | string; release: () => void } {
    const p = this.opts.persistence
    if ('bytes' in file) {
      p?.saveModel(sha, file.bytes)
      return { load: file.bytes, release: () => undefined }
    }
    if (p) return { load: p.adoptModel(sha, file.path), release: () => undefined }
    // In memory only: the temporary file serves the load, then goes (onnxruntime keeps what it needs).
    return { load: file.path, release: () => rmSync(file.path, { force: true }) }
  }

  /** Record a finished load as the conversion outcome of every ONNX version of that file. */
  protected applyLoad(sha: string): void {
    const load = this.loads.get(sha)
    if (!load || load.state === 'loading') return
    const outcome = load.state === 'ok' ? READY : { status: 'error' as const, error_summary: load.message }
    let changed = false
    for (const mv of this.data.model_versions) {
      if (mv.settled || mv.file_info.sha !== sha || !loadable(mv)) continue
      mv.settled = outcome
      changed = true
    }
    if (!changed) return
    try {
      this.persist(false)
    } catch (err) {
      // Called when a load finishes, not by a request: nobody to answer, so say it. A restart loads the file again.
      process.stderr.write(`wallaroo-emulator: ${(err as Error).message}\n`)
    }
  }

  /** Wait until every pending model load settled (tests and restart use it). */
  settleLoads(): Promise<void> {
    return this.loads.settled()
  }

  /**
   * Conversion status, progressing by time: pending (first half of --convert-seconds), then
   * attempting, then the outcome of the upload (`settled`: the real load for ONNX, ready for
   * the rest), or still attempting while an ONNX load runs.
   */
  modelStatus(mv: ModelVersionRecord): { status: ModelStatus; error_summary: string | null } {
    const native = NATIVE_FRAMEWORKS.has(mv.conversion.framework)
    const elapsed = this.now() - mv.uploaded_at_ms
    if (elapsed < this.opts.convertMs / 2) return { status: native ? 'pending_load_native' : 'pending_load_container', error_summary: null }
    if (elapsed < this.opts.convertMs || !mv.settled) return { status: native ? 'attempting_load_native' : 'attempting_load_container', error_summary: null }
    return mv.settled
  }

  /** A model version by id (404 when unknown, 403 when its workspace is not the caller's). */
  modelVersion(id: number, status = 404, field = 'model_version_id'): ModelVersionRecord {
    const mv = this.data.model_versions.find((v) => v.id === id)
    if (!mv) throw new ApiError(status, `model version ${id} not found (${field}); use the id returned by the upload (insert_models.returning[0].models[0].id)`)
    this.workspace(mv.workspace_id)
    return mv
  }

  /** A model (not a version) by id, as models/list shows it; the recorded 400 when unknown (§12). */
  model(id: number): ModelRecord {
    const model = this.data.models.find((m) => m.id === id)
    if (!model) throw new ApiError(400, 'The provided model id was not found.')
    this.workspace(model.workspace_id)
    return model
  }

  /** A model's versions, oldest first. */
  versionsOf(modelId: number): ModelVersionRecord[] {
    return this.data.model_versions.filter((v) => v.model_id === modelId)
  }

  /** Models of a workspace with their versions newest first (as recorded), the models in `order`. */
  listModels(workspaceId: number, order: 'newest-first' | 'oldest-first' = 'newest-first'): Array<{ model: ModelRecord; versions: ModelVersionRecord[] }> {
    this.workspace(workspaceId)
    const models = this.data.models.filter((m) => m.workspace_id === workspaceId)
    if (order === 'newest-first') models.reverse()
    return models.map((model) => ({ model, versions: this.versionsOf(model.id).reverse() }))
  }

  /**
   * The real server's loose list_versions (§11.2): every version whose model *name* equals
   * `modelName` in any workspace the caller may see, plus every version whose model id equals `modelsPkId`.
   */
  listVersions(modelName: string, modelsPkId: number): ModelVersionRecord[] {
    return this.data.model_versions.filter((v) => (v.name === modelName || v.model_id === modelsPkId) && this.canSee(v.workspace_id))
  }

  /** Find a model version by the `{name, version, sha}` reference used in steps and deploy bodies. */
  versionByRef(ref: ModelRef, where: string): ModelVersionRecord {
    const mv = this.data.model_versions.find((v) => v.file_info.version === ref.version)
    if (!mv) throw new ApiError(400, `${where}: no model version with version '${ref.version}' (use file_info.version of the uploaded model)`)
    this.workspace(mv.workspace_id)
    if (mv.name !== ref.name) throw new ApiError(400, `${where}: model version '${ref.version}' belongs to model '${mv.name}', not '${ref.name}'`)
    if (mv.file_info.sha !== ref.sha)
      throw new ApiError(400, `${where}: sha '${ref.sha}' does not match model version '${ref.version}' (sha ${mv.file_info.sha})`)
    return mv
  }

  /** models/insert_model_config: set what is given; the config counts as explicit from now on (§6.3). */
  insertModelConfig(mv: ModelVersionRecord, change: { tensor_fields?: string[]; filter_threshold?: number | null }): void {
    if (change.tensor_fields !== undefined) mv.config.tensor_fields = change.tensor_fields
    if (change.filter_threshold !== undefined) mv.config.filter_threshold = change.filter_threshold
    mv.config.explicit = true
    this.persist()
  }

  /** The onnxruntime load outcome of a model version's file (shared per sha256), for inference. */
  loadedModel(mv: ModelVersionRecord): LoadState | undefined {
    return this.loads.get(mv.file_info.sha)
  }
}

/** The outcome of a conversion that went well. */
export const READY = { status: 'ready', error_summary: null } as const

/** Whether the emulator really loads the model's file (only ONNX runs, §6.1). */
export function loadable(mv: ModelVersionRecord): boolean {
  return mv.conversion.framework === 'onnx'
}
