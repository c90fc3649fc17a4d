import { emailOf } from './auth.js';
import { emptyState } from './state.js';
/** State, options and saving, shared by every area. */
export class StoreBase {
    opts;
    data;
    /** Whether `data` came from `--data-dir` (the facade then restores what is not saved). */
    loadedFromDisk;
    constructor(opts) {
        this.opts = opts;
        const saved = opts.persistence?.loadState() ?? null;
        this.data = saved ?? emptyState();
        this.loadedFromDisk = saved !== null;
    }
    /** The user's Keycloak UUID (stable in the state, so `sub` does not change across restarts). */
    get userId() {
        return this.data.users[this.opts.username];
    }
    /** The server version the answers imitate. */
    get profile() {
        return this.opts.profile;
    }
    /** The user's email as the API shows it (the same as the token's email claim). */
    email() {
        return emailOf(this.opts.username);
    }
    now() {
        return this.opts.now();
    }
    persist() {
        this.opts.persistence?.saveState(this.data);
    }
}
