/**
 * Everything that differs between the Wallaroo releases the emulator imitates, one typed record per profile
 * (wallaroo-api.md §12 and the tutorial recordings named in docs/emulator.md). Routes, the lifecycle and the
 * inference reply look their shape choices up here instead of comparing profile names.
 */

/** The releases the emulator can answer as. */
export type Profile = '2023.4' | '2024.1' | '2025.2'

/** Every profile, oldest first. */
export const PROFILE_NAMES: readonly Profile[] = ['2023.4', '2024.1', '2025.2']

/** The newest profile, the default. */
export const DEFAULT_PROFILE: Profile = '2025.2'

/** What one release answers differently. */
export interface ProfileTraits {
  /** `created_on_version` stamped on model versions. */
  serverVersion: string
  /** `models/list`: flat `{id, name, owner_id, created_at, updated_at}` rows (2023) or `{model, model_versions, workspace}` entries. */
  modelsList: 'flat' | 'nested'
  /** Order of the models in `models/list` (2023.4 and 2025.2 newest first as recorded; 2024.1 oldest first). */
  modelsListOrder: 'newest-first' | 'oldest-first'
  /**
   * Keys only 2025 servers send: `conversion.framework_config` and `error_summary` of a model version,
   * `dynamic_batching_config`, `continuous_batching_config`, `queue_depth` and `openai` of its config.
   */
  keys2025: boolean
  /** `owner_id` of `models/list_versions` rows: the recorded `'""'` or the caller's user id. */
  listVersionsOwner: 'quoted-empty' | 'user-id'
  /** `status/get_deployment` model statuses carry `model_version_id`. */
  modelStatusVersionId: boolean
  /** `status/get_deployment` pipeline statuses carry the pipeline version UUID as `version`. */
  pipelineStatusVersion: boolean
  /** Inference records: `check_failures: []` (2023) or `anomaly: {count}`. */
  anomalyField: 'check_failures' | 'anomaly'
  /** Inference `metadata.pipeline_version`: the pipeline version UUID, or `""` (2023). */
  pipelineVersionInReply: boolean
  /** The 200 body of `pipelines/undeploy`. */
  undeployBody: null | Record<string, never>
  /** Default access-token lifetime in seconds (`--token-seconds` overrides it). */
  tokenSeconds: number
  /**
   * Whether `pipelines/list_pipelines` and `pipelines/delete_pipeline` exist by default, and whether
   * `--list-pipelines`/`--no-list-pipelines` may change it (no 2023/2024 recording shows them; 2025.2 has them).
   */
  listPipelines: { byDefault: boolean; switchable: boolean }
  /** The JSON in `out._model_split` of an A/B (RandomSplit) reply: `{name, version, sha}` or `{model_version, config}` of a release. */
  modelSplit: 'ref' | 'model-version-2024.1' | 'model-version-2024.4'
}

/** The table: one record per release. */
export const PROFILES: Record<Profile, ProfileTraits> = {
  '2023.4': {
    serverVersion: '2023.4.0',
    modelsList: 'flat',
    modelsListOrder: 'newest-first',
    keys2025: false,
    listVersionsOwner: 'quoted-empty',
    modelStatusVersionId: false,
    pipelineStatusVersion: false,
    anomalyField: 'check_failures',
    pipelineVersionInReply: false,
    undeployBody: null,
    // Decoded 2023 sdk-client tokens lived 60 s (§2.1).
    tokenSeconds: 60,
    listPipelines: { byDefault: false, switchable: true },
    // Recorded 2023-03 and 2023-05 (A/B tutorials): ["{\"name\",\"version\",\"sha\"}"].
    modelSplit: 'ref'
  },
  '2024.1': {
    serverVersion: '2024.1.0',
    modelsList: 'nested',
    modelsListOrder: 'oldest-first',
    keys2025: false,
    listVersionsOwner: 'quoted-empty',
    modelStatusVersionId: false,
    pipelineStatusVersion: true,
    anomalyField: 'anomaly',
    pipelineVersionInReply: true,
    undeployBody: {},
    // The only token recorded on a 2024.1 server (sdk-client, 2024-07) lived 60 s; no 2024 api-client grant was recorded.
    tokenSeconds: 60,
    listPipelines: { byDefault: true, switchable: true },
    // Recorded 2024-04-16 on 2024.1.0 (A/B tutorial logs).
    modelSplit: 'model-version-2024.1'
  },
  '2025.2': {
    serverVersion: '2025.2.1',
    modelsList: 'nested',
    modelsListOrder: 'newest-first',
    keys2025: true,
    listVersionsOwner: 'user-id',
    modelStatusVersionId: true,
    pipelineStatusVersion: true,
    anomalyField: 'anomaly',
    pipelineVersionInReply: true,
    undeployBody: {},
    // The recorded api-client password grant answered expires_in 3600 (§2.1, [MAIN]).
    tokenSeconds: 3600,
    listPipelines: { byDefault: true, switchable: false },
    // The newest recording (2024.4.0, inference-log tutorial); INFERRED unchanged in 2025.2.
    modelSplit: 'model-version-2024.4'
  }
}

/** The traits of a profile. */
export function traitsOf(profile: Profile): ProfileTraits {
  return PROFILES[profile]
}

/** Parse a `--profile` value; throws naming the valid ones. */
export function parseProfile(value: string): Profile {
  if ((PROFILE_NAMES as readonly string[]).includes(value)) return value as Profile
  throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got '${value}'`)
}
