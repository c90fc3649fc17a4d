/**
 * Applies a checked seed file (`seed-file.ts`) to the store before the emulator listens: workspaces,
 * model uploads and pipelines are created through the store's own rules, and the start waits until
 * every seeded model is converted and every seeded deployment is Running. What already exists (a
 * restart with `--data-dir`) is kept: same workspace name, same model file, same pipeline steps and
 * an identical deploy change nothing.
 */
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { SeedError, type SeedPlan } from './seed-file.js'
import type { DeploymentRecord, ModelVersionRecord } from './state.js'
import type { Store } from './store.js'

/** How long past --convert-seconds + --start-seconds the start waits for seeded deployments. */
const GRACE_MS = 30_000

/** Create what the plan lists (keeping what exists), then wait until it is ready. */
export async function applySeed(store: Store, plan: SeedPlan, timing: { convertMs: number; startMs: number }): Promise<void> {
  const seededModels: Array<{ mv: ModelVersionRecord; at: string }> = []
  const deployments: Array<{ d: DeploymentRecord; at: string }> = []
  for (const ws of plan.workspaces) {
    const workspace = store.data.workspaces.find((w) => w.name === ws.name) ?? guard(plan, ws.at, () => store.createWorkspace(ws.name))
    const versions = new Map<string, ModelVersionRecord>()
    for (const m of ws.models) {
      const sha = createHash('sha256').update(m.bytes).digest('hex')
      const existing = store.data.model_versions.find((v) => v.workspace_id === workspace.id && v.name === m.name && v.file_info.sha === sha)
      const mv =
        existing ??
        guard(plan, m.at, () =>
          store.uploadModel(
            { name: m.name, visibility: 'private', workspace_id: workspace.id, conversion: { framework: m.framework } },
            m.bytes,
            basename(m.path),
            'upload_and_convert'
          )
        )
      versions.set(m.name, mv)
      seededModels.push({ mv, at: m.at })
    }
    for (const p of ws.pipelines) {
      const definition = {
        steps: p.models.map((name) => {
          const mv = versions.get(name)!
          return { ModelInference: { models: [{ name: mv.name, version: mv.file_info.version, sha: mv.file_info.sha }] } }
        })
      }
      const pipeline = store.pipelineByName(p.name, workspace.id)
      const latest = pipeline ? store.pipelineVersions(pipeline.id).at(-1) : undefined
      const version =
        latest && isDeepStrictEqual(latest.definition, definition)
          ? latest
          : guard(plan, p.at, () => store.createPipeline(p.name, workspace.id, definition).version)
      if (p.deploy) {
        const d = guard(plan, p.at, () => store.deploy({ deploy_id: p.name, pipeline_version_pk_id: version.id }))
        deployments.push({ d, at: p.at })
      }
    }
  }
  await waitUntilReady(store, plan, seededModels, deployments, Date.now() + timing.convertMs + timing.startMs + GRACE_MS)
}

/** Model loads settle, conversions end and deployments run (or the start fails saying which did not). */
async function waitUntilReady(
  store: Store,
  plan: SeedPlan,
  models: Array<{ mv: ModelVersionRecord; at: string }>,
  deployments: Array<{ d: DeploymentRecord; at: string }>,
  deadline: number
): Promise<void> {
  await store.settleLoads()
  for (const { mv, at } of models) {
    if (mv.settled?.status === 'error')
      throw new SeedError(plan.file, at, `model '${mv.name}' failed to load: ${mv.settled.error_summary ?? 'conversion error'}`)
  }
  for (;;) {
    const waiting = deployments.filter(({ d }) => store.phase(d) !== 'Running')
    const failed = waiting.find(({ d }) => store.phase(d) === 'Error')
    if (failed)
      throw new SeedError(
        plan.file,
        failed.at,
        `pipeline '${failed.d.deploy_id}' went to Error instead of Running: ${JSON.stringify(store.deploymentStatus(`${failed.d.deploy_id}-${failed.d.id}`).engines)}`
      )
    if (waiting.length === 0 && models.every(({ mv }) => store.modelStatus(mv).status === 'ready')) return
    if (Date.now() > deadline) {
      const names = waiting.map(({ d, at }) => `${d.deploy_id} (${at})`).join(', ') || 'models still converting'
      throw new SeedError(plan.file, '', `seeded deployments did not reach Running in time: ${names}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Run a store operation; a refusal becomes a seed error naming the entry. */
function guard<T>(plan: SeedPlan, at: string, op: () => T): T {
  try {
    return op()
  } catch (err) {
    throw new SeedError(plan.file, at, (err as Error).message)
  }
}
