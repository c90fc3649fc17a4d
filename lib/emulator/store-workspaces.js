/** Store area: workspaces and their members (§5). */
import { randomUUID } from 'node:crypto';
import { ApiError } from './http.js';
import { checkName } from './rules.js';
import { isoTime } from './state.js';
import { StoreBase } from './store-base.js';
/** Workspace rules; the single emulated user owns the default workspace. */
export class WorkspaceStore extends StoreBase {
    /** Give the configured user an id and its `"<email> - Default Workspace"` when missing. */
    ensureUser() {
        if (!this.data.users[this.opts.username])
            this.data.users[this.opts.username] = randomUUID();
        const defaultName = `${this.email()} - Default Workspace`;
        if (!this.data.workspaces.some((w) => w.name === defaultName))
            this.addWorkspace(defaultName, this.email());
    }
    /** All workspaces (the single emulated user is an admin and sees every one). */
    listWorkspaces() {
        return this.data.workspaces.map((w) => ({
            ...w,
            models: this.data.models.filter((m) => m.workspace_id === w.id).map((m) => m.id),
            pipelines: this.data.pipelines.filter((p) => p.workspace_id === w.id).map((p) => p.id)
        }));
    }
    /** Create a workspace; names are unique and lowercase DNS names. */
    createWorkspace(name) {
        checkName('workspace', name, true);
        if (this.data.workspaces.some((w) => w.name === name)) {
            throw new ApiError(409, `workspace '${name}' already exists; workspace names are unique. List workspaces to find its id.`);
        }
        const ws = this.addWorkspace(name, this.userId);
        this.persist();
        return ws;
    }
    /** A new workspace owned by the user; `createdBy` is an email or a user id (both are recorded, §5). */
    addWorkspace(name, createdBy) {
        const ws = { id: this.data.counters.workspace++, name, created_at: isoTime(this.now()), created_by: createdBy, archived: false };
        this.data.workspaces.push(ws);
        this.members(ws.id).push({ user_id: this.userId, user_type: 'OWNER' });
        return ws;
    }
    /** Members of a workspace (a live array in the state). */
    members(workspaceId) {
        return (this.data.workspace_members[String(workspaceId)] ??= []);
    }
    /** The user id of a known user by email or user name (the emulator knows one user); 400 otherwise. */
    userByEmail(email) {
        if (email === this.email() || email === this.opts.username)
            return this.userId;
        throw new ApiError(400, `user '${email}' not found: the emulator knows one user, '${this.email()}'`);
    }
    /** workspaces/add_user: the user must exist; adding a member again changes nothing. */
    addUser(workspaceId, email) {
        this.workspace(workspaceId);
        const userId = this.userByEmail(email);
        const members = this.members(workspaceId);
        if (members.some((m) => m.user_id === userId))
            return;
        members.push({ user_id: userId, user_type: 'COLLABORATOR' });
        this.persist();
    }
    /** workspaces/remove_user: how many memberships were removed (0 when not a member). */
    removeUser(workspaceId, who) {
        this.workspace(workspaceId);
        const userId = who.user_id ?? this.userByEmail(who.email);
        const members = this.members(workspaceId);
        const at = members.findIndex((m) => m.user_id === userId);
        if (at < 0)
            return 0;
        members.splice(at, 1);
        this.persist();
        return 1;
    }
    /** A workspace by id; `status` for the error when it does not exist. */
    workspace(id, status = 400, field = 'workspace_id') {
        const ws = this.data.workspaces.find((w) => w.id === id);
        if (!ws)
            throw new ApiError(status, `workspace ${id} not found (${field}); list workspaces to see the ids that exist`);
        return ws;
    }
    /** A workspace by name (404 when unknown). */
    workspaceByName(name, field = 'workspace_name') {
        const ws = this.data.workspaces.find((w) => w.name === name);
        if (!ws)
            throw new ApiError(404, `workspace '${name}' not found (${field})`);
        return ws;
    }
}
