/**
 * The common ground of the store's areas: the state, the options, the clock, the users, the caller of the request
 * being handled, and saving. Each area (`store-workspaces.ts` → `store-models.ts` → `store-pipelines.ts` →
 * `store-deployments.ts`) extends the one before it, so a rule only sees the areas below it;
 * `store.ts` closes the chain with loading, restoring and resetting the whole state.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_NODES, nodesOf, parseNodes } from './cluster.js';
import { ApiError } from './http.js';
import { traitsOf } from './profiles.js';
import { emptyState } from './state.js';
import { adminUser } from './users.js';
/** The caller of the request being handled, carried across its awaits (requests interleave on one thread). */
const currentCaller = new AsyncLocalStorage();
/** State, options and saving, shared by every area. */
export class StoreBase {
    opts;
    data;
    /** Whether `data` came from `--data-dir` (the facade then restores what is not saved). */
    loadedFromDisk;
    /**
     * Counts the state's changes (every change ends in persist()): what is computed from the state alone may be
     * remembered until it moves (store-deployments.ts keeps the serving rollout of a Running deployment so).
     */
    revision = 0;
    /** Everyone who can sign in, the admin first. */
    users;
    /** The emulated cluster's nodes. */
    nodes;
    constructor(opts) {
        this.opts = opts;
        const saved = opts.persistence?.loadState() ?? null;
        this.data = saved ?? emptyState();
        this.loadedFromDisk = saved !== null;
        this.users = opts.users ?? [adminUser(opts.username, '')];
        this.nodes = opts.nodes ?? nodesOf(parseNodes(DEFAULT_NODES));
    }
    /** The admin's Keycloak UUID (stable in the state, so `sub` does not change across restarts). */
    get userId() {
        return this.userIdOf(this.users[0].username);
    }
    /** A user's Keycloak UUID. */
    userIdOf(username) {
        return this.data.users[username];
    }
    /** The server version the answers imitate. */
    get profile() {
        return this.opts.profile;
    }
    /** Its shape choices (profiles.ts). */
    get traits() {
        return traitsOf(this.opts.profile);
    }
    /** The admin's email as the API shows it (the same as the token's email claim). */
    email() {
        return this.users[0].email;
    }
    /** Run a request's handler as `caller`: what it reads and changes is limited to what that user may see. */
    runAs(caller, fn) {
        // The built-in admin sees and acts exactly as code outside requests does, so there is no caller to carry; and
        // AsyncLocalStorage, once used, adds a hook to every promise of the process (15% of an inference's CPU time).
        if (caller.admin && caller.userId === this.userId && caller.email === this.email())
            return fn();
        return currentCaller.run(caller, fn);
    }
    /** The caller of the request being handled; undefined outside requests (restore, developer API, inference). */
    get caller() {
        return currentCaller.getStore();
    }
    /** Run `fn` outside the caller's limits: bookkeeping that looks at every deployment (scheduling, `deployed` flags). */
    unrestricted(fn) {
        return currentCaller.exit(fn);
    }
    /** The email of whoever acts now (the admin outside requests). */
    actorEmail() {
        return this.caller?.email ?? this.email();
    }
    /** The user id of whoever acts now (the admin outside requests). */
    actorId() {
        return this.caller?.userId ?? this.userId;
    }
    now() {
        return this.opts.now();
    }
    /**
     * Save the state after a change. A save that fails (disk full, a state that cannot be serialized) puts the last
     * saved state back and answers 500: a write is never acknowledged unless saved, nor kept in memory when refused.
     * `rollback: false` keeps the change in memory anyway (for outcomes a restart recomputes, such as model loads).
     */
    persist(rollback = true) {
        this.revision++;
        const p = this.opts.persistence;
        if (!p)
            return;
        try {
            p.saveState(this.data);
        }
        catch (err) {
            if (rollback)
                this.data = p.lastSavedState() ?? this.data;
            throw new ApiError(500, `the emulator could not save its state in --data-dir (${err.message}); the request was not applied`, 'platform');
        }
    }
}
