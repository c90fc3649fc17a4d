/**
 * The emulator's state and rules (moto's `models.py`): every operation validates what it
 * references and throws `ApiError` with the status the real API answers; routes only parse
 * and serialize. One facade over the areas, each in its own module: `store-workspaces.ts`,
 * `store-models.ts`, `store-pipelines.ts`, `store-deployments.ts` (shared ground in
 * `store-base.ts`, request rules in `rules.ts`). Model files go to `--data-dir` only; their
 * ONNX sessions live in `ModelLoads`.
 */
import { mulberry32 } from '../random.js'
import { emptyState } from './state.js'
import { DeploymentStore } from './store-deployments.js'
import type { StoreOptions } from './store-base.js'
import { loadable, READY } from './store-models.js'

export type { StoreOptions } from './store-base.js'
export type { LoadState } from './model-loads.js'

/** State plus rules: the whole emulated platform. */
export class Store extends DeploymentStore {
  /** Random numbers of A/B splits without a hash key: seeded, so a test sees the same sequence every run. */
  private random = mulberry32(SPLIT_SEED)

  constructor(opts: StoreOptions) {
    super(opts)
    if (this.loadedFromDisk) this.restore()
    this.ensureUsers()
    this.persist()
  }

  /**
   * After loading a saved state: fill in what older states lack, load the ONNX files again and
   * restart deployments (they come back Starting and answer 503, as pods would after a cluster restart,
   * even if an older version was still serving during a redeploy).
   */
  private restore(): void {
    this.data.workspace_members ??= {}
    for (const mv of this.data.model_versions) {
      if (!loadable(mv)) {
        // States saved before conversion outcomes were set at upload.
        mv.settled ??= READY
        continue
      }
      const bytes = this.opts.persistence?.loadModel(mv.file_info.sha)
      if (bytes) this.loads.start(mv.file_info.sha, bytes)
    }
    for (const d of this.data.deployments) {
      // A restart comes back cold: no old pods survive to keep serving a rollout that was starting.
      d.serving_before = null
      if (d.deployed) d.deployed_at_ms = this.now()
    }
  }

  /** The next random number in [0, 1) for an A/B split. */
  nextRandom(): number {
    return this.random()
  }

  /** Forget everything (tokens stay valid: the signing secret and user ids are kept); the split sequence starts over. */
  reset(): void {
    this.data = emptyState(this.data)
    this.random = mulberry32(SPLIT_SEED)
    this.loads.clear()
    this.ensureUsers()
    this.persist()
  }
}

/** Seed of the A/B split sequence. */
const SPLIT_SEED = 20240416
