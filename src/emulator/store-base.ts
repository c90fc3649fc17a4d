/**
 * The common ground of the store's areas: the state, the options, the clock, the one user and
 * saving. Each area (`store-workspaces.ts` → `store-models.ts` → `store-pipelines.ts` →
 * `store-deployments.ts`) extends the one before it, so a rule only sees the areas below it;
 * `store.ts` closes the chain with loading, restoring and resetting the whole state.
 */
import type { Profile } from './inference.js'
import { emailOf } from './auth.js'
import { ApiError } from './http.js'
import type { Persistence } from './persistence.js'
import { emptyState, type StateData } from './state.js'

/** Options of the store (times in milliseconds). */
export interface StoreOptions {
  username: string
  profile: Profile
  startMs: number
  convertMs: number
  now: () => number
  persistence?: Persistence
}

/** State, options and saving, shared by every area. */
export abstract class StoreBase {
  data: StateData
  /** Whether `data` came from `--data-dir` (the facade then restores what is not saved). */
  protected readonly loadedFromDisk: boolean

  protected constructor(protected readonly opts: StoreOptions) {
    const saved = opts.persistence?.loadState<StateData>() ?? null
    this.data = saved ?? emptyState()
    this.loadedFromDisk = saved !== null
  }

  /** The user's Keycloak UUID (stable in the state, so `sub` does not change across restarts). */
  get userId(): string {
    return this.data.users[this.opts.username]
  }

  /** The server version the answers imitate. */
  get profile(): Profile {
    return this.opts.profile
  }

  /** The user's email as the API shows it (the same as the token's email claim). */
  email(): string {
    return emailOf(this.opts.username)
  }

  protected now(): number {
    return this.opts.now()
  }

  /**
   * Save the state after a change. A save that fails (disk full, a state that cannot be serialized) puts the last
   * saved state back and answers 500: a write is never acknowledged unless saved, nor kept in memory when refused.
   * `rollback: false` keeps the change in memory anyway (for outcomes a restart recomputes, such as model loads).
   */
  protected persist(rollback = true): void {
    const p = this.opts.persistence
    if (!p) return
    try {
      p.saveState(this.data)
    } catch (err) {
      if (rollback) this.data = p.lastSavedState<StateData>() ?? this.data
      throw new ApiError(500, `the emulator could not save its state in --data-dir (${(err as Error).message}); the request was not applied`, 'platform')
    }
  }
}
