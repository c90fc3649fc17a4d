/** Resolves the `workspace` input to an id (§5): exact name match in workspaces/list, or a numeric id; creates it when allowed. */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { Workspace } from '../../wallaroo/types.js'
import { Inputs, OperationsCreatingWorkspace } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { InputMismatch } from '../errors.js'
import { createOrFind } from './ambiguous-create.js'

/** The named workspace does not exist (or is not visible): undeploy treats that as nothing to do. */
export class WorkspaceNotFound extends InputMismatch {}

/** The workspace as workspaces/list shows it, or what is visible instead when it is not there. */
export type WorkspaceLookup = { found: Workspace } | { found: undefined; visible: Workspace[] }

/** Finds the `workspace` input among the visible workspaces (read-only); an id that is not there is an error. */
export async function findWorkspace(ctx: RunContext): Promise<WorkspaceLookup> {
  const wanted = required(ctx.settings.workspace, 'workspace')
  const { workspaces } = await ctx.api.listWorkspaces()
  if ('id' in wanted) {
    const found = workspaces.find((w) => w.id === wanted.id)
    if (!found) {
      throw new WorkspaceNotFound(
        `no workspace with id ${wanted.id} is visible to this user (visible: ${describe(workspaces)}); check '${Inputs.Workspace}', or ask a workspace owner to add the user`
      )
    }
    return { found }
  }
  const found = pick(workspaces, wanted.name)
  return found ? { found } : { found: undefined, visible: workspaces }
}

/** Why a missing workspace is not created for this operation, as a complete message; undefined when it may be. */
export function refusalToCreate(ctx: RunContext, visible: Workspace[]): string | undefined {
  const { settings } = ctx
  const wanted = required(settings.workspace, 'workspace')
  const name = 'name' in wanted ? wanted.name : String(wanted.id)
  const mayCreate = OperationsCreatingWorkspace.includes(settings.operation)
  if (mayCreate && settings.createWorkspace) return undefined
  const why = mayCreate
    ? ` and '${Inputs.CreateWorkspace}' is false; set it to true to create it`
    : `; check '${Inputs.Workspace}' (operation '${settings.operation}' does not create workspaces)`
  return `workspace "${name}" does not exist or this user is not a member (visible: ${describe(visible)})${why}`
}

/**
 * The workspace id; records it (and whether this run created it). Only OperationsCreatingWorkspace may create it,
 * and only when `refuseCreate` gives no reason against it (e.g. the run needs something a new workspace cannot hold).
 */
export async function resolveWorkspace(ctx: RunContext, refuseCreate?: () => string | undefined): Promise<number> {
  const { settings, api, record, log } = ctx
  const wanted = required(settings.workspace, 'workspace')
  const lookup = await findWorkspace(ctx)
  if (lookup.found) {
    const { id, name } = lookup.found
    if ('name' in wanted) log.info(`Workspace "${name}" (id ${id}) found.`)
    record.workspace = { id, name, created: false }
    return id
  }
  if (!('name' in wanted)) throw new Error('internal: a workspace id that findWorkspace did not refuse is missing')
  const notCreated = refusalToCreate(ctx, lookup.visible)
  if (notCreated) throw new WorkspaceNotFound(notCreated)
  const refusal = refuseCreate?.()
  if (refusal) throw new InputMismatch(refusal)
  let id: number
  try {
    // A create whose answer was lost is looked for before it counts as failed (never sent twice).
    id = await createOrFind(
      `workspace "${wanted.name}"`,
      log,
      async () => (await api.createWorkspace(wanted.name)).workspace_id,
      async () => pick((await api.listWorkspaces()).workspaces, wanted.name)?.id
    )
  } catch (e) {
    // Another run may have created it between our list and our create: look again before failing.
    if (e instanceof WallarooApiError && (e.code === 'CONFLICT' || e.code === 'BAD_REQUEST' || e.code === 'FORBIDDEN')) {
      const again = pick((await api.listWorkspaces()).workspaces, wanted.name)
      if (again) {
        record.workspace = { id: again.id, name: again.name, created: false }
        return again.id
      }
      const refused = notAMember(ctx, wanted.name, e)
      if (refused) throw refused
    }
    throw e
  }
  log.info(`Workspace "${wanted.name}" created (id ${id}).`)
  record.workspace = { id, name: wanted.name, created: true }
  record.created.push({ kind: 'workspace', id, name: wanted.name })
  return id
}

/**
 * The workspace is not in the user's list, yet the server refuses to create it: names are unique across the platform,
 * so it exists and this user is not a member (409; INFERRED §3), or the user may not create it (403). Said as such,
 * not as a conflict with the pipeline's state.
 */
function notAMember(ctx: RunContext, name: string, e: WallarooApiError): WorkspaceNotMember | undefined {
  const server = e.detail.replace(/[.\s]+$/, '')
  const fix = `ask one of its members or an admin to add this user (workspaces/add_user), or choose another '${Inputs.Workspace}'`
  if (e.code === 'CONFLICT') {
    return new WorkspaceNotMember(
      `workspace "${name}" exists, but this user is not a member of it, so it is not in the user's workspace list and cannot be created again (${server}); ${fix}`
    )
  }
  if (e.code === 'FORBIDDEN') {
    return new WorkspaceNotMember(
      `workspace "${name}" is not in this user's workspace list, and the server refused to create it (${server}): it exists and this user is not a member, or the user may not create workspaces; ${fix}`
    )
  }
  return undefined
}

/** The workspace exists, but the user is not a member: an input to change (or a membership to ask for), nothing was changed. */
export class WorkspaceNotMember extends InputMismatch {}

function pick(workspaces: Workspace[], name: string): Workspace | undefined {
  const same = workspaces.filter((w) => w.name === name)
  return same.find((w) => !w.archived) ?? same[0]
}

function describe(workspaces: Workspace[]): string {
  if (workspaces.length === 0) return 'none'
  const names = workspaces.slice(0, 8).map((w) => `"${w.name}" (${w.id})`)
  return names.join(', ') + (workspaces.length > 8 ? `, … ${workspaces.length - 8} more` : '')
}
