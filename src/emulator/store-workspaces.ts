/**
 * Store area: users, workspaces and their members (§5). Admins see every workspace; any other user sees and changes
 * only the workspaces it belongs to (INFERRED §5): others are absent from its lists, and a call naming one answers
 * 403 (INFERRED: no recording shows a non-member's call; see `notAMember`).
 */
import { randomUUID } from 'node:crypto'
import { ApiError } from './http.js'
import { checkName } from './rules.js'
import { isoTime, type WorkspaceMember, type WorkspaceRecord } from './state.js'
import { StoreBase, type Caller } from './store-base.js'
import type { UserSpec } from './users.js'

/** Workspace rules; every user owns its own default workspace. */
export abstract class WorkspaceStore extends StoreBase {
  /** Give every user an id and its `"<email> - Default Workspace"` when missing. */
  protected ensureUsers(): void {
    this.data.user_times ??= {}
    for (const user of this.users) {
      if (!this.data.users[user.username]) this.data.users[user.username] = randomUUID()
      const id = this.data.users[user.username]
      this.data.user_times[id] ??= { created: this.now(), last_login: null }
      const defaultName = `${user.email} - Default Workspace`
      // The recorded default workspace names its creator by email (§5).
      if (!this.data.workspaces.some((w) => w.name === defaultName)) this.addWorkspace(defaultName, user.email, id)
    }
  }

  /** The caller of a token's claims (its `sub`), or undefined when the token belongs to nobody known now. */
  callerOf(sub: string): Caller | undefined {
    const user = this.users.find((u) => this.data.users[u.username] === sub)
    return user ? { userId: sub, email: user.email, admin: user.admin } : undefined
  }

  /** Records a password sign-in (users/query `lastLogin`). */
  recordLogin(userId: string): void {
    const times = (this.data.user_times ??= {})
    times[userId] = { created: times[userId]?.created ?? this.now(), last_login: this.now() }
  }

  /** A known user with its id and times. */
  knownUsers(): Array<UserSpec & { id: string; created: number; last_login: number | null }> {
    return this.users.map((u) => {
      const id = this.data.users[u.username]
      const t = this.data.user_times?.[id]
      return { ...u, id, created: t?.created ?? 0, last_login: t?.last_login ?? null }
    })
  }

  /** Whether the caller may see a workspace: admins and code outside requests see all, others their own. */
  protected canSee(workspaceId: number): boolean {
    const caller = this.caller
    return !caller || caller.admin || this.members(workspaceId).some((m) => m.user_id === caller.userId)
  }

  /** 403 unless the caller may use the workspace (it exists: check that first). */
  protected checkAccess(ws: WorkspaceRecord): void {
    if (!this.canSee(ws.id)) throw notAMember(this.caller!, ws)
  }

  /** The workspaces the caller may see; `userIds` keeps those where one of these users is a member (§5 `user_ids`). */
  listWorkspaces(userIds?: string[]): Array<WorkspaceRecord & { models: number[]; pipelines: number[] }> {
    return this.data.workspaces
      .filter((w) => this.canSee(w.id))
      .filter((w) => !userIds || this.members(w.id).some((m) => userIds.includes(m.user_id)))
      .map((w) => ({
        ...w,
        models: this.data.models.filter((m) => m.workspace_id === w.id).map((m) => m.id),
        pipelines: this.data.pipelines.filter((p) => p.workspace_id === w.id).map((p) => p.id)
      }))
  }

  /** Create a workspace owned by the caller; names are unique across the platform (also among workspaces the caller cannot see). */
  createWorkspace(name: string): WorkspaceRecord {
    checkName('workspace', name, true)
    if (this.data.workspaces.some((w) => w.name === name)) {
      throw new ApiError(
        409,
        `workspace '${name}' already exists; workspace names are unique. List workspaces to find its id (if it is not listed, you are not a member: ask one of its members to add you)`
      )
    }
    const ws = this.addWorkspace(name, this.actorId(), this.actorId())
    this.persist()
    return ws
  }

  /** A new workspace owned by `ownerId`; `createdBy` is an email or a user id (both are recorded, §5). */
  private addWorkspace(name: string, createdBy: string, ownerId: string): WorkspaceRecord {
    const ws: WorkspaceRecord = { id: this.data.counters.workspace++, name, created_at: isoTime(this.now()), created_by: createdBy, archived: false }
    this.data.workspaces.push(ws)
    this.members(ws.id).push({ user_id: ownerId, user_type: 'OWNER' })
    return ws
  }

  /** Members of a workspace (a live array in the state). */
  members(workspaceId: number): WorkspaceMember[] {
    return (this.data.workspace_members[String(workspaceId)] ??= [])
  }

  /** The user id of a known user by email or user name; 400 otherwise. */
  private userByEmail(email: string): string {
    const user = this.users.find((u) => u.email === email || u.username === email)
    if (user) return this.data.users[user.username]
    throw new ApiError(
      400,
      `user '${email}' not found: add_user needs an existing user (the emulator knows ${this.users.map((u) => `'${u.email}'`).join(', ')}; start it with --users FILE for more)`
    )
  }

  /** workspaces/add_user: the user must exist; adding a member again changes nothing. */
  addUser(workspaceId: number, email: string): void {
    this.workspace(workspaceId)
    const userId = this.userByEmail(email)
    const members = this.members(workspaceId)
    if (members.some((m) => m.user_id === userId)) return
    members.push({ user_id: userId, user_type: 'COLLABORATOR' })
    this.persist()
  }

  /** workspaces/remove_user: how many memberships were removed (0 when not a member). */
  removeUser(workspaceId: number, who: { email?: string; user_id?: string }): number {
    this.workspace(workspaceId)
    const userId = who.user_id ?? this.userByEmail(who.email!)
    const members = this.members(workspaceId)
    const at = members.findIndex((m) => m.user_id === userId)
    if (at < 0) return 0
    members.splice(at, 1)
    this.persist()
    return 1
  }

  /** A workspace by id the caller may use; `status` for the error when it does not exist, 403 when the caller is not a member. */
  workspace(id: number, status = 400, field = 'workspace_id'): WorkspaceRecord {
    const ws = this.data.workspaces.find((w) => w.id === id)
    if (!ws) throw new ApiError(status, `workspace ${id} not found (${field}); list workspaces to see the ids that exist`)
    this.checkAccess(ws)
    return ws
  }

  /** A workspace by name the caller may use (404 when unknown, 403 when the caller is not a member). */
  workspaceByName(name: string, field = 'workspace_name'): WorkspaceRecord {
    const ws = this.data.workspaces.find((w) => w.name === name)
    if (!ws) throw new ApiError(404, `workspace '${name}' not found (${field})`)
    this.checkAccess(ws)
    return ws
  }
}

/**
 * The answer to a call naming a workspace the caller does not belong to. INFERRED: no recording shows one; 403 with
 * the MLOps body says what is wrong and how to fix it, and keeps "exists, not a member" apart from "not found".
 */
function notAMember(caller: Caller, ws: WorkspaceRecord): ApiError {
  return new ApiError(
    403,
    `Forbidden: user '${caller.email}' is not a member of workspace ${ws.id} ('${ws.name}'); ask one of its members or an admin to add you (workspaces/add_user)`
  )
}
