/**
 * The common ground of the store's areas: the state, the options, the clock, the users, the caller of the request
 * being handled, and saving. Each area (`store-workspaces.ts` → `store-models.ts` → `store-pipelines.ts` →
 * `store-deployments.ts`) extends the one before it, so a rule only sees the areas below it;
 * `store.ts` closes the chain with loading, restoring and resetting the whole state.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { DEFAULT_NODES, nodesOf, parseNodes, type ClusterNode } from './cluster.js'
import { ApiError } from './http.js'
import type { Persistence } from './persistence.js'
import { traitsOf, type Profile, type ProfileTraits } from './profiles.js'
import { emptyState, type StateData } from './state.js'
import { adminUser, type UserSpec } from './users.js'

/** Options of the store (times in milliseconds). */
export interface StoreOptions {
  /** The built-in admin's user name. */
  username: string
  /** Everyone who can sign in, the admin first (default: the admin alone). */
  users?: UserSpec[]
  profile: Profile
  startMs: number
  convertMs: number
  now: () => number
  persistence?: Persistence
  /** The cluster's nodes (default: one node, 4 CPUs, 16Gi). */
  nodes?: ClusterNode[]
}

/** Who sends the request being handled: MLOps routes see only what this user may see. */
export interface Caller {
  userId: string
  email: string
  admin: boolean
}

/** The caller of the request being handled, carried across its awaits (requests interleave on one thread). */
const currentCaller = new AsyncLocalStorage<Caller>()

/** State, options and saving, shared by every area. */
export abstract class StoreBase {
  data: StateData
  /** Whether `data` came from `--data-dir` (the facade then restores what is not saved). */
  protected readonly loadedFromDisk: boolean

  /**
   * Counts the state's changes (every change ends in persist()): what is computed from the state alone may be
   * remembered until it moves (store-deployments.ts keeps the serving rollout of a Running deployment so).
   */
  protected revision = 0

  /** Everyone who can sign in, the admin first. */
  readonly users: UserSpec[]
  /** The emulated cluster's nodes. */
  readonly nodes: ClusterNode[]

  protected constructor(protected readonly opts: StoreOptions) {
    const saved = opts.persistence?.loadState<StateData>() ?? null
    this.data = saved ?? emptyState()
    this.loadedFromDisk = saved !== null
    this.users = opts.users ?? [adminUser(opts.username, '')]
    this.nodes = opts.nodes ?? nodesOf(parseNodes(DEFAULT_NODES))
  }

  /** The admin's Keycloak UUID (stable in the state, so `sub` does not change across restarts). */
  get userId(): string {
    return this.userIdOf(this.users[0].username)
  }

  /** A user's Keycloak UUID. */
  userIdOf(username: string): string {
    return this.data.users[username]
  }

  /** The server version the answers imitate. */
  get profile(): Profile {
    return this.opts.profile
  }

  /** Its shape choices (profiles.ts). */
  get traits(): ProfileTraits {
    return traitsOf(this.opts.profile)
  }

  /** The admin's email as the API shows it (the same as the token's email claim). */
  email(): string {
    return this.users[0].email
  }

  /** Run a request's handler as `caller`: what it reads and changes is limited to what that user may see. */
  runAs<T>(caller: Caller, fn: () => T): T {
    // The built-in admin sees and acts exactly as code outside requests does, so there is no caller to carry; and
    // AsyncLocalStorage, once used, adds a hook to every promise of the process (15% of an inference's CPU time).
    if (caller.admin && caller.userId === this.userId && caller.email === this.email()) return fn()
    return currentCaller.run(caller, fn)
  }

  /** The caller of the request being handled; undefined outside requests (restore, developer API, inference). */
  protected get caller(): Caller | undefined {
    return currentCaller.getStore()
  }

  /** Run `fn` outside the caller's limits: bookkeeping that looks at every deployment (scheduling, `deployed` flags). */
  protected unrestricted<T>(fn: () => T): T {
    return currentCaller.exit(fn)
  }

  /** The email of whoever acts now (the admin outside requests). */
  protected actorEmail(): string {
    return this.caller?.email ?? this.email()
  }

  /** The user id of whoever acts now (the admin outside requests). */
  protected actorId(): string {
    return this.caller?.userId ?? this.userId
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
    this.revision++
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
