/**
 * The API calls of one deploy, read from the emulator's request log (`--verbose`: `METHOD /path STATUS Nms`), sorted
 * into the flow's minimum, polls, and extras (each with its reason). Pure, so a unit test can check the sorting.
 */

/** Why a call is part of the least a first deploy of one model with a smoke test must do. */
export const MINIMUM: Record<string, string> = {
  '/auth/realms/master/protocol/openid-connect/token': 'sign in',
  '/v1/api/workspaces/list': 'find the workspace by name (the API has no lookup by name)',
  '/v1/api/workspaces/create': 'create the workspace (absent)',
  '/v1/api/models/list': 'find a model version with the same SHA to reuse (none here)',
  '/v1/api/models/upload_and_convert': 'upload the model',
  '/v1/api/pipelines/list_pipelines': 'find the pipeline and its live version (absent here)',
  '/v1/api/pipelines/create': 'create the pipeline version',
  '/v1/api/pipelines/deploy': 'deploy it',
  '/v1/api/admin/get_pipeline_external_url': 'the inference URL',
  '/v1/api/pipelines/infer/': 'the smoke inference'
}

/** Calls that are polls: repeated until what they wait for is there; how many depends on timing. */
export const POLLS: Record<string, string> = {
  '/v1/api/models/get_version_by_id': 'conversion wait',
  '/v1/api/status/get_deployment': 'deployment wait'
}

/** One call of the log. */
export interface Call {
  method: string
  path: string
  status: number
}

/** The calls in an emulator request log (other lines ignored). */
export function parseRequestLog(log: string): Call[] {
  const calls: Call[] = []
  for (const line of log.split('\n')) {
    const m = /^([A-Z]+) (\/\S*) (\d{3}) \d+ms$/.exec(line.trim())
    if (m) calls.push({ method: m[1], path: m[2], status: Number(m[3]) })
  }
  return calls
}

/** The route a call's path matches in `table` (a key ending in / matches any path under it). */
function keyOf(table: Record<string, string>, path: string): string | undefined {
  return Object.keys(table).find((k) => (k.endsWith('/') ? path.startsWith(k) : path === k))
}

/** The calls sorted: the minimum's calls, polls by what they wait for, and extras each with a reason. */
export interface CallCount {
  total: number
  minimum: number
  polls: Record<string, number>
  /** Calls beyond minimum + polls: a second call to a minimum route, a failed call, or a route not in the flow. */
  extras: Array<{ call: string; reason: string }>
  /** Minimum steps that never happened (the deploy skipped something the flow needs: the count is then suspect). */
  missing: string[]
}

/** Sorts the calls of one deploy against the flow's minimum (each minimum route once) and polls. */
export function classifyCalls(calls: Call[]): CallCount {
  const seen = new Set<string>()
  const polls: Record<string, number> = {}
  const extras: CallCount['extras'] = []
  let minimum = 0
  for (const c of calls) {
    const name = `${c.method} ${c.path} (${c.status})`
    const poll = keyOf(POLLS, c.path)
    if (poll && c.status < 300) {
      polls[POLLS[poll]] = (polls[POLLS[poll]] ?? 0) + 1
      continue
    }
    const step = keyOf(MINIMUM, c.path)
    if (c.status >= 300) extras.push({ call: name, reason: 'a failed call (retried or answered by another)' })
    else if (!step) extras.push({ call: name, reason: 'not part of the deploy flow' })
    else if (seen.has(step)) extras.push({ call: name, reason: `a second '${MINIMUM[step]}'` })
    else {
      seen.add(step)
      minimum++
    }
  }
  const missing = Object.keys(MINIMUM)
    .filter((k) => !seen.has(k))
    .map((k) => MINIMUM[k])
  return { total: calls.length, minimum, polls, extras, missing }
}

/** The polls' total. */
export const pollCount = (c: CallCount): number => Object.values(c.polls).reduce((a, b) => a + b, 0)
