/** Turns a deployment status (§8.3) into readable lines and the input a user should change. */
import type { DeploymentStatus, EngineStatus, PodStatus } from '../../wallaroo/types.js'
import { Inputs } from '../constants.js'

function reasonText(reason: null | string | string[] | undefined): string {
  if (reason === null || reason === undefined) return ''
  return Array.isArray(reason) ? reason.join('; ') : reason
}

function podLine(kind: string, pod: PodStatus | EngineStatus): string {
  const reason = reasonText(pod.reason)
  const details = (pod.details ?? []).filter((d, i, all) => all.indexOf(d) === i)
  const parts = [`${kind} ${pod.name}: ${pod.status}`]
  if (reason) parts.push(`reason: ${reason}`)
  if (details.length > 0) parts.push(`details: ${details.join('; ')}`)
  return parts.join(', ')
}

/** One line per engine, load balancer, sidekick and model, each with status and reason. */
export function describeDeployment(status: DeploymentStatus | null | undefined): string[] {
  if (!status) return ['no deployment status (the server answered 404: not deployed yet, or already undeployed)']
  const lines: string[] = []
  lines.push(`deployment: ${status.status}${status.details && status.details.length > 0 ? ` (${status.details.join(', ')})` : ''}`)
  for (const e of status.engines ?? []) {
    lines.push(podLine('engine', e))
    for (const m of e.model_statuses?.models ?? []) {
      const id = m.model_version_id !== undefined ? ` (version id ${m.model_version_id})` : ''
      lines.push(`  model ${m.name} ${m.version}${id}: ${m.status}`)
    }
  }
  for (const lb of status.engine_lbs ?? []) lines.push(podLine('engine-lb', lb))
  for (const s of status.sidekicks ?? []) lines.push(podLine('sidekick', s))
  if ((status.engines ?? []).length === 0) lines.push('no engine pods reported yet')
  return lines
}

/** Every reason text in a status, lower-cased, for matching scheduler messages. */
function allReasons(status: DeploymentStatus): string {
  const pods: Array<PodStatus | EngineStatus> = [...(status.engines ?? []), ...(status.engine_lbs ?? []), ...(status.sidekicks ?? [])]
  return pods
    .map((p) => `${reasonText(p.reason)} ${(p.details ?? []).join(' ')}`)
    .join(' ')
    .toLowerCase()
}

/** Kubernetes' words for a pod that cannot be placed on any node. */
const UNSCHEDULABLE = /nodes are available|insufficient |didn't match|node affinity|untolerated taint|unschedulable|imagepullbackoff|errimagepull/i

/** The reason an engine is Pending because it cannot be scheduled (or its image pulled), if one is. */
export function schedulingReason(status: DeploymentStatus | null | undefined): string | undefined {
  for (const e of status?.engines ?? []) {
    if (e.status !== 'Pending') continue
    const text = [reasonText(e.reason), ...(e.details ?? [])].join('; ')
    if (UNSCHEDULABLE.test(text)) return text
  }
  return undefined
}

/** Which input to change, judged from Kubernetes' scheduling reasons; undefined when nothing in them points anywhere. */
export function fixFromReasons(status: DeploymentStatus | null | undefined): string | undefined {
  if (!status) return undefined
  const reasons = allReasons(status)
  if (reasons.includes('insufficient nvidia.com/gpu')) {
    return `No node has a free GPU: check '${Inputs.DeploymentLabel}' names your GPU nodepool's label, or lower '${Inputs.Gpus}'.`
  }
  const cpu = reasons.includes('insufficient cpu')
  const mem = reasons.includes('insufficient memory')
  if (cpu || mem) {
    const which = [cpu ? `'${Inputs.Cpus}'` : '', mem ? `'${Inputs.Memory}'` : ''].filter(Boolean).join(' and ')
    return `The cluster lacks free ${cpu && mem ? 'CPU and memory' : cpu ? 'CPU' : 'memory'}: lower ${which} (or '${Inputs.Replicas}'), or ask your Wallaroo administrator for capacity.`
  }
  if (/imagepullbackoff|errimagepull/.test(reasons)) {
    return 'An engine image cannot be pulled; ask your Wallaroo administrator to check the registry access of the cluster.'
  }
  if (/didn't match .*node selector|node affinity/.test(reasons)) {
    return `No node matches '${Inputs.DeploymentLabel}'; check the label of your nodepool.`
  }
  return undefined
}

/** Which input to change, judged from Kubernetes' scheduling reasons; `timeout` when nothing points elsewhere. */
export function suggestFix(status: DeploymentStatus | null | undefined, timeoutText: string): string {
  return fixFromReasons(status) ?? `If the deployment is just slow (containerized models can take minutes), raise '${Inputs.Timeout}' (now ${timeoutText}).`
}
