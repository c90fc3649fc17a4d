/**
 * The GITHUB_TOKEN's permissions for a job, as GitHub computes them: the job's `permissions:`, else the
 * workflow's, else the repository default (restricted by default since 2023: contents and packages read);
 * scopes a `permissions:` block leaves out are `none`; a pull_request from a fork gets read at most.
 */
import { DefinitionError } from './definitions.js'

/** Access of one scope. */
export type Access = 'read' | 'write' | 'none'

/** Token permissions by scope (e.g. `pull-requests: write`). */
export type Permissions = Record<string, Access>

/** Scopes a `permissions:` block may name. */
export const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses'
] as const

/** The repository setting "Workflow permissions": restricted (the default for new repositories) or permissive. */
export type DefaultPermissions = 'restricted' | 'permissive'

const all = (access: Access): Permissions => Object.fromEntries(PERMISSION_SCOPES.map((s) => [s, access]))

function defaults(kind: DefaultPermissions): Permissions {
  return kind === 'permissive' ? all('write') : { ...all('none'), contents: 'read', packages: 'read' }
}

/** Reads a `permissions:` value (read-all, write-all, {} or a mapping), naming `where` in errors. */
export function parsePermissions(value: unknown, where: string): Permissions {
  if (value === 'read-all') return all('read')
  if (value === 'write-all') return all('write')
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DefinitionError(`${where}: permissions must be read-all, write-all or a mapping of scopes, got ${JSON.stringify(value)}`)
  }
  const result = all('none')
  for (const [scope, access] of Object.entries(value)) {
    if (!(PERMISSION_SCOPES as readonly string[]).includes(scope)) {
      throw new DefinitionError(`${where}: permissions: unknown scope '${scope}' (scopes: ${PERMISSION_SCOPES.join(', ')})`)
    }
    if (access !== 'read' && access !== 'write' && access !== 'none') {
      throw new DefinitionError(`${where}: permissions.${scope} must be read, write or none, got ${JSON.stringify(access)}`)
    }
    if (scope === 'id-token' && access === 'read') throw new DefinitionError(`${where}: permissions.id-token can be write or none`)
    result[scope] = access
  }
  return result
}

/** The effective token permissions of a job. */
export function effectivePermissions(jobValue: unknown, workflowValue: unknown, where: string, fallback: DefaultPermissions, fromFork: boolean): Permissions {
  const declared = jobValue !== undefined ? jobValue : workflowValue
  const permissions = declared !== undefined ? parsePermissions(declared, where) : defaults(fallback)
  if (fromFork) for (const scope of Object.keys(permissions)) if (permissions[scope] === 'write') permissions[scope] = 'read'
  return permissions
}
