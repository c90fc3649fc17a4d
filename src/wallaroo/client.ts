/**
 * Typed client for the Wallaroo MLOps REST API and pipeline inference endpoints: one method per
 * endpoint (wallaroo-api.md §5–§9), no @actions/* import. Every method either returns the
 * validated response or throws a WallarooApiError with a stable code.
 */
import { createHash } from 'node:crypto'
import type { TokenProvider } from './auth.js'
import { WallarooApiError } from './errors.js'
import {
  badResponse,
  createTransport,
  encodeMultipart,
  httpError,
  isSuccess,
  parseJsonBody,
  send,
  streamMultipart,
  type HttpResult,
  type MultipartPart,
  type RequestBody,
  type Transport,
  type TransportOptions
} from './http.js'
import { safeDebug } from './redact.js'
import type { RetryClass } from './retry.js'
import type {
  CopyPipelineRequest,
  CopyPipelineResponse,
  CreatePipelineResponse,
  CreateWorkspaceResponse,
  DeployRequest,
  DeployResponse,
  DeploymentStatus,
  GetModelConfigResponse,
  GetModelVersionResponse,
  ListModelsResponse,
  ListPipelinesResponse,
  ListWorkspacesResponse,
  ModelVersionListItem,
  PipelineDefinition,
  UndeployRequest,
  UploadMetadata
} from './types.js'

export type { RetryPolicy } from './retry.js'

/** Settings of a WallarooClient; effects are injectable for tests. */
export interface ClientOptions extends TransportOptions {
  /** API base, e.g. 'http://127.0.0.1:8080' (a trailing slash is fine). */
  url: string
  tokens: TokenProvider
  /** Never receives tokens/passwords. */
  onDebug?: (msg: string) => void
}

/** One inference call against a pipeline's external URL (§9). */
export interface InferRequest {
  /** Absolute URL from getExternalUrl(). */
  url: string
  format: 'pandas-records' | 'arrow'
  body: Uint8Array | string
  /** `dataset[]` query values, e.g. ['*'] or ['time', 'out']. */
  dataset?: string[]
  /** `dataset.exclude[]` query values, e.g. ['metadata']. */
  exclude?: string[]
  /** `dataset.separator`, e.g. '.' for flattened `out.dense_1` columns. */
  separator?: string
  /** Retry while the deployment is still activating (503), on 429 (after its Retry-After), 502/504 and network errors, like the SDK; never a 500. */
  retryUnavailable?: boolean
}

/** A 2xx inference answer, undecoded. */
export interface InferResult {
  status: number
  contentType: string
  body: Uint8Array
  /** Round trip of the successful send, in ms. */
  latencyMs: number
}

/** Content types of the two inference formats (§9.2). */
export const INFERENCE_CONTENT_TYPES = {
  'pandas-records': 'application/json; format=pandas-records',
  arrow: 'application/vnd.apache.arrow.file'
} as const

interface ApiSpec {
  path: string
  retry: RetryClass
  /** Everything is POST except the anonymous GET /v1/api/config, which is sent without a token. */
  method?: 'GET' | 'POST'
  body?: RequestBody
  contentType?: string
}

/** One typed method per Wallaroo endpoint; see ClientOptions for the injectable effects. */
export class WallarooClient {
  readonly #base: string
  readonly #tokens: TokenProvider
  readonly #transport: Transport

  /** Validates the options; no network call happens here. */
  constructor(opts: ClientOptions) {
    let parsed: URL
    try {
      parsed = new URL(opts.url)
    } catch {
      throw new TypeError(`the Wallaroo URL "${opts.url}" is not a URL; expected e.g. https://wallaroo.example.com`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`the Wallaroo URL "${opts.url}" must start with http:// or https://`)
    }
    this.#base = opts.url.replace(/\/+$/, '')
    this.#tokens = opts.tokens
    this.#transport = createTransport(opts, safeDebug(opts.onDebug), opts.onNotice ? safeDebug(opts.onNotice) : safeDebug(opts.onDebug))
  }

  /** Gets an access token now (signs in with a user and password), so refused credentials fail as a sign-in, not inside a later call. */
  async signIn(): Promise<void> {
    await this.#tokens.getToken()
  }

  /** GET /v1/api/config, sent without a token as the SDK does (§1). */
  async getConfig(): Promise<{ default_arch?: string; [k: string]: unknown }> {
    const path = '/v1/api/config'
    const result = await this.#sendApi({ path, retry: 'idempotent', method: 'GET' })
    return expectObject(result, path, 'configuration fields')
  }

  /** workspaces/list: the caller's workspaces (§5). */
  async listWorkspaces(): Promise<ListWorkspacesResponse> {
    return this.#post<ListWorkspacesResponse>('/v1/api/workspaces/list', {}, 'idempotent', (b) => isArray(b, 'workspaces'), '`workspaces` array')
  }

  /** workspaces/create → `{workspace_id}`; never re-sent (a duplicate name fails the second time). */
  async createWorkspace(name: string): Promise<CreateWorkspaceResponse> {
    return this.#post<CreateWorkspaceResponse>(
      '/v1/api/workspaces/create',
      { workspace_name: name },
      'create',
      (b) => isNumber(b, 'workspace_id'),
      'numeric `workspace_id`'
    )
  }

  /**
   * models/upload_and_convert (convert !== false) or models/upload, multipart (§6.1). Answers 202
   * with `insert_models.returning[0].models[0].id`, which is the model *version* id (§11.1).
   * `file` is the model's bytes, or `{path}` to stream it from disk as it is sent (memory stays flat whatever its
   * size; multi-GB models). `sha256` is the hash of the bytes sent, computed while sending.
   */
  async uploadModel(a: {
    metadata: UploadMetadata
    file: Uint8Array | { path: string }
    fileName: string
    convert?: boolean
  }): Promise<{ modelVersionId: number; sha256: string }> {
    const path = a.convert === false ? '/v1/api/models/upload' : '/v1/api/models/upload_and_convert'
    const parts: MultipartPart[] = [
      { name: 'metadata', contentType: 'application/json', data: JSON.stringify(a.metadata) },
      { name: 'file', contentType: 'application/octet-stream', data: a.file, filename: a.fileName }
    ]
    let sha256: string
    let result: HttpResult
    if ('path' in a.file) {
      // Hashed as it is read; a re-send (after a connect failure) reads, and hashes, the file again.
      let hash = createHash('sha256')
      const multipart = streamMultipart(parts, () => {
        hash = createHash('sha256')
        return { onFileChunk: (chunk) => hash.update(chunk) }
      })
      result = await this.#sendApi({ path, retry: 'create', body: multipart.body, contentType: multipart.contentType })
      sha256 = hash.digest('hex')
    } else {
      const multipart = encodeMultipart(parts)
      sha256 = createHash('sha256').update(a.file).digest('hex')
      result = await this.#sendApi({ path, retry: 'create', body: multipart.body, contentType: multipart.contentType })
    }
    const body = parseJsonBody(result, path)
    const id = (body as { insert_models?: { returning?: Array<{ models?: Array<{ id?: unknown }> }> } } | null)?.insert_models?.returning?.[0]?.models?.[0]?.id
    if (typeof id !== 'number') throw badResponse(result, path, 'expected `insert_models.returning[0].models[0].id` (the model version id)')
    return { modelVersionId: id, sha256 }
  }

  /** models/get_version_by_id: status, file_info (sha, version UUID) and config (§6.3). */
  async getModelVersion(modelVersionId: number): Promise<GetModelVersionResponse> {
    return this.#post<GetModelVersionResponse>(
      '/v1/api/models/get_version_by_id',
      { model_version_id: modelVersionId },
      'idempotent',
      (b) => {
        const mv = (b as { model_version?: { model_version?: unknown } }).model_version?.model_version
        return typeof mv === 'object' && mv !== null
      },
      '`model_version.model_version` object'
    )
  }

  /** models/list for one workspace (2025.2 nested or 2023 flat entries, §12). */
  async listModels(workspaceId: number): Promise<ListModelsResponse> {
    return this.#post<ListModelsResponse>('/v1/api/models/list', { workspace_id: workspaceId }, 'idempotent', (b) => isArray(b, 'models'), '`models` array')
  }

  /** models/list_versions: global and loosely matched (§11.2) — filter the result yourself. */
  async listModelVersions(modelName: string, modelsPkId: number): Promise<ModelVersionListItem[]> {
    const path = '/v1/api/models/list_versions'
    const result = await this.#sendApi({ path, retry: 'idempotent', body: JSON.stringify({ model_id: modelName, models_pk_id: modelsPkId }) })
    const body = parseJsonBody(result, path)
    if (!Array.isArray(body)) throw badResponse(result, path, 'expected a JSON array of model versions')
    return body as ModelVersionListItem[]
  }

  /** models/get_config_by_id (`model_id` is a version id here, §11.11); `model_config` may be null. */
  async getModelConfig(modelVersionId: number): Promise<GetModelConfigResponse> {
    return this.#post<GetModelConfigResponse>(
      '/v1/api/models/get_config_by_id',
      { model_id: modelVersionId },
      'idempotent',
      (b) => 'model_config' in (b as object),
      '`model_config` field'
    )
  }

  /** pipelines/create: an upsert that adds a pipeline version (§11.4), hence never re-sent. */
  async createPipeline(name: string, workspaceId: number, definition: PipelineDefinition): Promise<CreatePipelineResponse> {
    return this.#post<CreatePipelineResponse>(
      '/v1/api/pipelines/create',
      { pipeline_id: name, workspace_id: workspaceId, definition },
      'create',
      (b) => isNumber(b, 'pipeline_pk_id') && isNumber(b, 'pipeline_variant_pk_id'),
      'numeric `pipeline_pk_id` and `pipeline_variant_pk_id`'
    )
  }

  /** pipelines/list_pipelines (2025.x). Older servers answer 404 → NOT_FOUND; the caller picks the fallback (§7.2). */
  async listPipelines(workspaceId: number): Promise<ListPipelinesResponse> {
    return this.#post<ListPipelinesResponse>(
      '/v1/api/pipelines/list_pipelines',
      { workspace_id: workspaceId },
      'idempotent',
      (b) => isArray(b, 'pipelines'),
      '`pipelines` array'
    )
  }

  /** pipelines/copy (§7.3); never re-sent. */
  async copyPipeline(req: CopyPipelineRequest): Promise<CopyPipelineResponse> {
    return this.#post<CopyPipelineResponse>('/v1/api/pipelines/copy', req, 'create', (b) => isNumber(b, 'pipeline_pk_id'), 'numeric `pipeline_pk_id`')
  }

  /**
   * pipelines/deploy → `{id}` (the deployment id, §8.1). Retried like a read: deploy is an upsert keyed by the
   * pipeline (a redeploy keeps the deployment id and rolls the engines in place, §11.4), so a re-send after a
   * lost answer deploys the same version again rather than creating a second deployment.
   */
  async deployPipeline(req: DeployRequest): Promise<DeployResponse> {
    return this.#post<DeployResponse>('/v1/api/pipelines/deploy', req, 'idempotent', (b) => isNumber(b, 'id'), 'numeric `id` (the deployment id)')
  }

  /** pipelines/undeploy; 200 with `null`, `{}` or nothing are all success (§8.4). Safe to repeat. */
  async undeployPipeline(req: UndeployRequest): Promise<void> {
    const path = '/v1/api/pipelines/undeploy'
    const result = await this.#sendApi({ path, retry: 'idempotent', body: JSON.stringify(req) })
    parseJsonBody(result, path)
  }

  /** pipelines/delete_pipeline (409 while still deployed, §7.4); never re-sent. */
  async deletePipeline(name: string, workspaceId: number): Promise<void> {
    const path = '/v1/api/pipelines/delete_pipeline'
    const result = await this.#sendApi({ path, retry: 'create', body: JSON.stringify({ pipeline_id: name, workspace_id: workspaceId }) })
    parseJsonBody(result, path)
  }

  /** status/get_deployment by '<pipeline>-<deployment id>' (§8.3); null while it does not exist (404). */
  async getDeployment(deploymentName: string): Promise<DeploymentStatus | null> {
    const path = '/v1/api/status/get_deployment'
    try {
      return await this.#post<DeploymentStatus>(
        path,
        { name: deploymentName },
        'idempotent',
        (b) => typeof (b as { status?: unknown }).status === 'string',
        'string `status`'
      )
    } catch (err) {
      if (err instanceof WallarooApiError && err.code === 'NOT_FOUND') return null
      throw err
    }
  }

  /** admin/get_pipeline_external_url → the absolute inference URL (§9.1). */
  async getExternalUrl(workspaceId: number, pipelineName: string): Promise<string> {
    const body = await this.#post<{ url: string }>(
      '/v1/api/admin/get_pipeline_external_url',
      { workspace_id: workspaceId, pipeline_name: pipelineName },
      'idempotent',
      (b) => typeof (b as { url?: unknown }).url === 'string' && (b as { url: string }).url !== '',
      'non-empty string `url`'
    )
    return body.url
  }

  /**
   * POSTs rows to an inference URL (§9.2). Non-2xx → WallarooApiError whose serverMessage is the
   * engine's `error`. Without retryUnavailable it is sent once (the smoke test should see failures).
   */
  async infer(req: InferRequest): Promise<InferResult> {
    let url: URL
    try {
      url = new URL(req.url)
    } catch {
      throw new TypeError(`the inference URL "${req.url}" is not an absolute URL; use the one getExternalUrl() returns`)
    }
    for (const d of req.dataset ?? []) url.searchParams.append('dataset[]', d)
    for (const x of req.exclude ?? []) url.searchParams.append('dataset.exclude[]', x)
    if (req.separator !== undefined) url.searchParams.set('dataset.separator', req.separator)
    const contentType = INFERENCE_CONTENT_TYPES[req.format]
    const headers: Record<string, string> = { 'content-type': contentType, accept: contentType }
    // The SDK adds this header for Arrow requests (§9.2).
    if (req.format === 'arrow') headers.format = 'arrow'
    const endpoint = url.pathname
    const result = await send(this.#transport, {
      method: 'POST',
      url: url.toString(),
      endpoint,
      headers,
      body: req.body,
      retry: req.retryUnavailable ? 'idempotent' : 'never',
      // Activation (503) and gateway hiccups heal; a 500 is the engine failing on this input, which a re-send repeats.
      retryStatus: isTransientInferenceStatus,
      bearer: () => this.#tokens.getToken(),
      onUnauthorized: () => this.#tokens.invalidate()
    })
    if (!isSuccess(result.status)) throw httpError(result, endpoint)
    return {
      status: result.status,
      contentType: result.headers.get('content-type') ?? '',
      body: result.body,
      latencyMs: result.latencyMs
    }
  }

  /** POSTs a JSON body and checks the 2xx answer is an object that passes `valid`. */
  async #post<T>(path: string, body: unknown, retry: RetryClass, valid: (b: object) => boolean, expected: string): Promise<T> {
    const result = await this.#sendApi({ path, retry, body: JSON.stringify(body) })
    return expectObject<T>(result, path, expected, valid)
  }

  /** Sends to the MLOps API with a bearer token (except anonymous GETs) and throws on non-2xx. */
  async #sendApi(spec: ApiSpec): Promise<HttpResult> {
    const anonymous = spec.method === 'GET'
    const headers: Record<string, string> = { accept: 'application/json' }
    if (spec.body !== undefined) headers['content-type'] = spec.contentType ?? 'application/json'
    const result = await send(this.#transport, {
      method: spec.method ?? 'POST',
      url: `${this.#base}${spec.path}`,
      endpoint: spec.path,
      headers,
      body: spec.body,
      retry: spec.retry,
      bearer: anonymous ? undefined : () => this.#tokens.getToken(),
      onUnauthorized: anonymous ? undefined : () => this.#tokens.invalidate()
    })
    if (!isSuccess(result.status)) throw httpError(result, spec.path)
    return result
  }
}

/** Parses a 2xx body that must be a JSON object passing `valid`; BAD_RESPONSE names what was expected. */
function expectObject<T>(result: HttpResult, path: string, expected: string, valid: (b: object) => boolean = () => true): T {
  const body = parseJsonBody(result, path)
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !valid(body)) {
    throw badResponse(result, path, `expected a JSON object with ${expected}`)
  }
  return body as T
}

/** Inference statuses worth another send: 429 (rate limited: wait as Retry-After says), 502, 503 (still activating, §9.4) and 504. */
function isTransientInferenceStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}

function isArray(b: object, key: string): boolean {
  return Array.isArray((b as Record<string, unknown>)[key])
}

function isNumber(b: object, key: string): boolean {
  return typeof (b as Record<string, unknown>)[key] === 'number'
}
