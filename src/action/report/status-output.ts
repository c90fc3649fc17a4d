/** The `status` output: Wallaroo's deployment status, limited to the values action.yml documents. */
import type { DeploymentStatus } from '../../wallaroo/types.js'

/** Values of the `status` output (documented in action.yml); nothing else may be set. */
export const STATUS_OUTPUTS = ['Running', 'Starting', 'Error', 'NotDeployed', 'Unknown'] as const
/** One value of the `status` output. */
export type StatusOutput = (typeof STATUS_OUTPUTS)[number]

/** Status output when the pipeline has no deployment (get_deployment answers 404). */
export const NOT_DEPLOYED: StatusOutput = 'NotDeployed'

/** Server statuses passed through as they are (§8.3). */
const SERVER_STATUSES: readonly string[] = ['Running', 'Starting', 'Error']

/** The `status` output for a status answer: a 404 (null) is NotDeployed; no answer at all, or a status the docs do not list, is Unknown. */
export function statusOutput(status: DeploymentStatus | null | undefined): StatusOutput {
  if (status === undefined) return 'Unknown'
  if (status === null) return 'NotDeployed'
  return SERVER_STATUSES.includes(status.status) ? (status.status as StatusOutput) : 'Unknown'
}

/** Any recorded status as an output value: a documented one as it is, anything else (e.g. a wait label) Unknown. */
export function documentedStatus(value: string): StatusOutput {
  return (STATUS_OUTPUTS as readonly string[]).includes(value) ? (value as StatusOutput) : 'Unknown'
}
