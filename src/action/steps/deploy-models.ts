/**
 * How a pipelines/deploy body names the models to run (§8.1): `models` ({name, version, sha}), `model_ids` (model
 * version ids) or `model_configs` (config ids). The docs say a pipeline with model steps must name them through one
 * of these; the SDK 2025.2 sends none (INFERRED: current servers derive the models from the version's steps). Every
 * choice about these fields is made here.
 */
import type { DeployRequest, ModelRef } from '../../wallaroo/types.js'

/**
 * Which fields the action fills. INFERRED, each from a recording:
 * - `models`: what the 2023 recordings send (servers of that time need it); a server that derives the models from the
 *   steps finds the same ones here.
 * - `model_ids`: what the 2026 REST tutorial sends (the version ids an upload answers); sent only when the id of every
 *   model is known, so it never names fewer models than `models`.
 * - `model_configs`: no recording sends it, and configs exist right after upload on every release (§12): not sent.
 */
export const DEPLOY_MODEL_FIELDS = { models: true, modelIds: true, modelConfigs: false } as const

/** The key of a model in `versionIds`. */
export function modelKey(m: Pick<ModelRef, 'name' | 'version'>): string {
  return `${m.name}@${m.version}`
}

/**
 * The model fields of a deploy body for the models of a pipeline version (in step order, each once), given the numeric
 * version ids known for some of them (by modelKey).
 */
export function deployModelFields(refs: ModelRef[], versionIds: ReadonlyMap<string, number> = new Map()): Pick<DeployRequest, 'models' | 'model_ids'> {
  if (refs.length === 0) return {}
  const ids = refs.map((m) => versionIds.get(modelKey(m)))
  const allKnown = ids.every((id): id is number => id !== undefined)
  return {
    ...(DEPLOY_MODEL_FIELDS.models ? { models: refs } : {}),
    ...(DEPLOY_MODEL_FIELDS.modelIds && allKnown ? { model_ids: ids as number[] } : {})
  }
}
