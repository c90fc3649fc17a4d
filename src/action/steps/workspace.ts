/** Resolves the `workspace` input to an id (§5): exact name match in workspaces/list, or a numeric id; creates it when allowed. */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { Workspace } from '../../wallaroo/types.js'
import { Inputs, OperationsCreatingWorkspace } from '../constants.js'
import { required, type RunContext } from '../context.js'
import { ActionFailure } from '../errors.js'

/** The named workspace does not exist (or is not visible): undeploy treats that as nothing to do. */
export class WorkspaceNotFound extends ActionFailure {}

/**
 * The workspace id; records it (and whether this run created it). Only OperationsCreatingWorkspace may create it,
 * and only when `refuseCreate` gives no reason against it (e.g. the run needs something a new workspace cannot hold).
 */
export async function resolveWorkspace(ctx: RunContext, refuseCreate?: () => string | undefined): Promise<number> {
  const { settings, api, record, log } = ctx
  const wanted = required(settings.workspace, 'workspace')
  const mayCreate = OperationsCreatingWorkspace.includes(settings.operation)
  const { workspaces } = await api.listWorkspaces()
  if ('id' in wanted) {
    const found = workspaces.find((w) => w.id === wanted.id)
    if (!found) {
      throw new WorkspaceNotFound(
        `no workspace with id ${wanted.id} is visible to this user (visible: ${describe(workspaces)}); check '${Inputs.Workspace}', or ask a workspace owner to add the user`
      )
    }
    record.workspace = { id: found.id, name: found.name, created: false }
    return found.id
  }
  const match = pick(workspaces, wanted.name)
  if (match) {
    log.info(`Workspace "${match.name}" (id ${match.id}) found.`)
    record.workspace = { id: match.id, name: match.name, created: false }
    return match.id
  }
  if (!mayCreate || !settings.createWorkspace) {
    const why = mayCreate ? ` and '${Inputs.CreateWorkspace}' is false; set it to true to create it` : `; check '${Inputs.Workspace}' (operation '${settings.operation}' does not create workspaces)`
    throw new WorkspaceNotFound(`workspace "${wanted.name}" does not exist or this user is not a member (visible: ${describe(workspaces)})${why}`)
  }
  const refusal = refuseCreate?.()
  if (refusal) throw new ActionFailure(refusal)
  let id: number
  try {
    id = (await api.createWorkspace(wanted.name)).workspace_id
  } catch (e) {
    // Another run may have created it between our list and our create: look again before failing.
    if (e instanceof WallarooApiError && (e.code === 'CONFLICT' || e.code === 'BAD_REQUEST')) {
      const again = pick((await api.listWorkspaces()).workspaces, wanted.name)
      if (again) {
        record.workspace = { id: again.id, name: again.name, created: false }
        return again.id
      }
    }
    throw e
  }
  log.info(`Workspace "${wanted.name}" created (id ${id}).`)
  record.workspace = { id, name: wanted.name, created: true }
  record.created.push({ kind: 'workspace', id, name: wanted.name })
  return id
}

function pick(workspaces: Workspace[], name: string): Workspace | undefined {
  const same = workspaces.filter((w) => w.name === name)
  return same.find((w) => !w.archived) ?? same[0]
}

function describe(workspaces: Workspace[]): string {
  if (workspaces.length === 0) return 'none'
  const names = workspaces.slice(0, 8).map((w) => `"${w.name}" (${w.id})`)
  return names.join(', ') + (workspaces.length > 8 ? `, … ${workspaces.length - 8} more` : '')
}
