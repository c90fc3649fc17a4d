/**
 * How model versions and their configs look in answers, per release (`profiles.ts`): `models/get_version_by_id`,
 * `models/list`, `insert_model_config` and the `out._model_split` text of A/B replies share these shapes.
 */
import type { ProfileTraits } from './profiles.js'
import type { ModelVersionRecord } from './state.js'

/** The facts of the moment a model version view shows. */
export interface VersionFacts {
  status: string
  error_summary: string | null
  deployed: boolean
}

/** The conversion object: 2025 servers add `framework_config`. */
function conversionView(mv: ModelVersionRecord, traits: ProfileTraits): Record<string, unknown> {
  if (traits.keys2025) return { ...mv.conversion }
  const { framework_config: _omit, ...older } = mv.conversion
  void _omit
  return older
}

/** The model_version object of get_version_by_id and models/list (field order as recorded). */
export function modelVersionView(mv: ModelVersionRecord, facts: VersionFacts, traits: ProfileTraits): Record<string, unknown> {
  return {
    name: mv.name,
    visibility: mv.visibility,
    workspace_id: mv.workspace_id,
    conversion: conversionView(mv, traits),
    id: mv.id,
    image_path: null,
    status: facts.status,
    task_id: facts.status === 'ready' ? null : mv.task_id,
    file_info: mv.file_info,
    created_on_version: traits.serverVersion,
    created_by: mv.created_by,
    created_at: mv.created_at,
    deployed: facts.deployed,
    ...(traits.keys2025 ? { error_summary: facts.error_summary } : {})
  }
}

/** The keys every release's full config object starts with, in their recorded order. */
function configCore(mv: ModelVersionRecord): Record<string, unknown> {
  const c = mv.config
  return {
    id: c.id,
    model_version_id: mv.id,
    runtime: c.runtime,
    filter_threshold: c.filter_threshold,
    tensor_fields: c.tensor_fields,
    input_schema: c.input_schema,
    output_schema: c.output_schema,
    batch_config: null
  }
}

/** The full config object (2024.1 recorded without the batching, queue and openai keys of 2025). */
export function configView(mv: ModelVersionRecord, traits: ProfileTraits): Record<string, unknown> {
  const common = configCore(mv)
  if (!traits.keys2025) return { ...common, sidekick_uri: null }
  return { ...common, dynamic_batching_config: null, continuous_batching_config: null, queue_depth: null, sidekick_uri: null, openai: null }
}

/** The short config of get_config_by_id and get_by_id. */
export function shortConfigView(mv: ModelVersionRecord): Record<string, unknown> {
  const c = mv.config
  return { id: c.id, runtime: c.runtime, tensor_fields: c.tensor_fields, filter_threshold: c.filter_threshold }
}

/**
 * The JSON text `out._model_split` holds for the model that answered an A/B request, as each release recorded it:
 * `{name, version, sha}` (2023), or the model version and its config (2024.1 recorded 2024-04; 2024.4 adds
 * `file_info.size`, `created_by`, `created_at`, `deployed` and `dynamic_batching_config`).
 */
export function modelSplitText(mv: ModelVersionRecord, traits: ProfileTraits): string {
  if (traits.modelSplit === 'ref') return JSON.stringify({ name: mv.name, version: mv.file_info.version, sha: mv.file_info.sha })
  const newer = traits.modelSplit === 'model-version-2024.4'
  const conversion = {
    arch: mv.conversion.arch ?? 'x86',
    accel: mv.conversion.accel ?? 'none',
    python_version: mv.conversion.python_version ?? '3.8',
    requirements: mv.conversion.requirements ?? [],
    framework: mv.conversion.framework
  }
  const { size, ...fileInfo } = mv.file_info
  return JSON.stringify({
    model_version: {
      name: mv.name,
      visibility: mv.visibility,
      workspace_id: mv.workspace_id,
      conversion,
      id: mv.id,
      image_path: null,
      status: 'ready',
      task_id: null,
      file_info: newer ? { ...fileInfo, size } : fileInfo,
      created_on_version: traits.serverVersion,
      ...(newer ? { created_by: mv.created_by, created_at: null, deployed: false } : {})
    },
    config: {
      ...configCore(mv),
      ...(newer ? { dynamic_batching_config: null } : {}),
      sidekick_uri: null
    }
  })
}
