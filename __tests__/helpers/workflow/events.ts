/**
 * The event that starts a local run: its webhook payload (what GITHUB_EVENT_PATH holds and `github.event`
 * reads), the ref and sha GitHub derives from it, whether the workflow's `on:` filters let it through, and the
 * `inputs` of a workflow_dispatch. Payloads carry the fields actions read (pull_request.number, head.sha,
 * merged, repository …), not GitHub's every field.
 */
import { createHash } from 'node:crypto'
import { matchesFilters } from './glob.js'
import { DefinitionError, type WorkflowDefinition } from './definitions.js'

/** A push of a branch (default `main`) or of a tag. */
export interface PushEvent {
  name: 'push'
  branch?: string
  tag?: string
  sha?: string
  /** Changed files, to evaluate `paths` filters; without it path filters are assumed to match. */
  changedFiles?: string[]
}

/** A pull_request event (`action` opened by default). */
export interface PullRequestEvent {
  name: 'pull_request'
  action?: 'opened' | 'synchronize' | 'reopened' | 'closed' | 'edited' | 'labeled' | 'unlabeled' | 'ready_for_review' | 'converted_to_draft'
  number?: number
  title?: string
  headRef?: string
  headSha?: string
  baseRef?: string
  /** For `closed`: whether it was merged. */
  merged?: boolean
  /** From a fork: secrets are empty (but GITHUB_TOKEN) and the token is read-only, as on GitHub. */
  fork?: boolean
  draft?: boolean
  changedFiles?: string[]
}

/** A scheduled run; `cron` (optional) must be one of the workflow's schedules. */
export interface ScheduleEvent {
  name: 'schedule'
  cron?: string
}

/** A manual run with inputs. */
export interface DispatchEvent {
  name: 'workflow_dispatch'
  branch?: string
  inputs?: Record<string, string | number | boolean>
}

/** The event of a run: a name (defaults for everything) or a description. */
export type EventSpec = 'push' | 'pull_request' | 'schedule' | 'workflow_dispatch' | PushEvent | PullRequestEvent | ScheduleEvent | DispatchEvent

/** The repository a run pretends to be in. */
export interface RepositoryInfo {
  /** `owner/name`. */
  repository: string
  defaultBranch: string
  actor: string
}

/** The pull request of a pull_request event, as the payload and the GitHub API stand-in describe it. */
export interface PullRequestInfo {
  number: number
  title: string
  state: 'open' | 'closed'
  merged: boolean
  draft: boolean
  headRef: string
  headSha: string
  baseRef: string
  baseSha: string
  /** owner/name of the head repository (another one for forks). */
  headRepository: string
}

/** An event with everything GitHub derives from it. */
export interface ResolvedEvent {
  name: string
  /** The `action` of the payload (pull_request), if any. */
  action?: string
  payload: Record<string, unknown>
  ref: string
  refName: string
  refType: 'branch' | 'tag' | ''
  sha: string
  headRef: string
  baseRef: string
  pullRequest?: PullRequestInfo
  fork: boolean
  changedFiles?: string[]
  cron?: string
  dispatchInputs?: Record<string, string | number | boolean>
}

/** A stable fake commit sha for a label, so runs are reproducible. */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex')
}

function repositoryPayload(repo: RepositoryInfo): Record<string, unknown> {
  const [owner, name] = repo.repository.split('/')
  return {
    id: 1,
    name,
    full_name: repo.repository,
    owner: { login: owner, type: 'Organization' },
    default_branch: repo.defaultBranch,
    private: false,
    fork: false,
    html_url: `https://github.com/${repo.repository}`
  }
}

/** Builds the payload, ref and sha of an event. */
export function resolveEvent(spec: EventSpec, repo: RepositoryInfo): ResolvedEvent {
  const event = typeof spec === 'string' ? ({ name: spec } as Exclude<EventSpec, string>) : spec
  const repository = repositoryPayload(repo)
  const sender = { login: repo.actor, type: 'User' }
  switch (event.name) {
    case 'push': {
      const isTag = event.tag !== undefined
      const refName = event.tag ?? event.branch ?? repo.defaultBranch
      const ref = isTag ? `refs/tags/${refName}` : `refs/heads/${refName}`
      const sha = event.sha ?? fakeSha(`push:${ref}`)
      return {
        name: 'push',
        payload: {
          ref,
          before: fakeSha(`before:${sha}`),
          after: sha,
          created: false,
          deleted: false,
          forced: false,
          base_ref: null,
          head_commit: { id: sha, message: `commit ${sha.slice(0, 7)}`, author: { name: repo.actor } },
          commits: [{ id: sha, message: `commit ${sha.slice(0, 7)}` }],
          pusher: { name: repo.actor },
          repository,
          sender
        },
        ref,
        refName,
        refType: isTag ? 'tag' : 'branch',
        sha,
        headRef: '',
        baseRef: '',
        fork: false,
        changedFiles: event.changedFiles
      }
    }
    case 'pull_request': {
      const number = event.number ?? 1
      const action = event.action ?? 'opened'
      const closed = action === 'closed'
      const pr: PullRequestInfo = {
        number,
        title: event.title ?? `Pull request ${number}`,
        state: closed ? 'closed' : 'open',
        merged: closed && event.merged === true,
        draft: event.draft === true,
        headRef: event.headRef ?? `feature-${number}`,
        headSha: event.headSha ?? fakeSha(`pr:${number}:head`),
        baseRef: event.baseRef ?? repo.defaultBranch,
        baseSha: fakeSha(`pr:${number}:base`),
        headRepository: event.fork ? `contributor/${repo.repository.split('/')[1]}` : repo.repository
      }
      return {
        name: 'pull_request',
        action,
        payload: {
          action,
          number,
          pull_request: pullRequestPayload(pr, repo),
          repository,
          sender
        },
        ref: `refs/pull/${number}/merge`,
        refName: `${number}/merge`,
        refType: 'branch',
        // GitHub runs pull_request workflows on a merge commit, not on the head commit.
        sha: fakeSha(`pr:${number}:merge:${pr.headSha}`),
        headRef: pr.headRef,
        baseRef: pr.baseRef,
        pullRequest: pr,
        fork: event.fork === true,
        changedFiles: event.changedFiles
      }
    }
    case 'schedule': {
      const ref = `refs/heads/${repo.defaultBranch}`
      return {
        name: 'schedule',
        payload: { schedule: event.cron ?? '', repository, sender },
        ref,
        refName: repo.defaultBranch,
        refType: 'branch',
        sha: fakeSha(`schedule:${ref}`),
        headRef: '',
        baseRef: '',
        fork: false,
        cron: event.cron
      }
    }
    case 'workflow_dispatch': {
      const branch = event.branch ?? repo.defaultBranch
      const ref = `refs/heads/${branch}`
      return {
        name: 'workflow_dispatch',
        payload: { inputs: Object.fromEntries(Object.entries(event.inputs ?? {}).map(([k, v]) => [k, String(v)])), ref, repository, sender },
        ref,
        refName: branch,
        refType: 'branch',
        sha: fakeSha(`dispatch:${ref}`),
        headRef: '',
        baseRef: '',
        fork: false,
        dispatchInputs: event.inputs ?? {}
      }
    }
  }
  throw new Error(`unsupported event ${JSON.stringify(spec)}: use push, pull_request, schedule or workflow_dispatch`)
}

/** The `pull_request` object of a payload (also what the API stand-in answers for GET /pulls/{n}). */
export function pullRequestPayload(pr: PullRequestInfo, repo: RepositoryInfo): Record<string, unknown> {
  const closedAt = pr.state === 'closed' ? '2026-01-01T00:00:00Z' : null
  return {
    id: 1000 + pr.number,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    draft: pr.draft,
    merged: pr.merged,
    merged_at: pr.merged ? closedAt : null,
    closed_at: closedAt,
    html_url: `https://github.com/${repo.repository}/pull/${pr.number}`,
    user: { login: repo.actor, type: 'User' },
    head: { ref: pr.headRef, sha: pr.headSha, repo: { full_name: pr.headRepository, fork: pr.headRepository !== repo.repository } },
    base: { ref: pr.baseRef, sha: pr.baseSha, repo: { full_name: repo.repository, fork: false } }
  }
}

const DEFAULT_PR_TYPES = ['opened', 'synchronize', 'reopened']

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined
  return Array.isArray(value) ? value.map(String) : [String(value)]
}

/** Checks `branches`/`branches-ignore` (or tags) filters; undefined when neither is given. */
function refFilter(config: Record<string, unknown>, key: 'branches' | 'tags', name: string, file: string): boolean | undefined {
  const include = list(config[key])
  const ignore = list(config[`${key}-ignore`])
  if (include && ignore) throw new DefinitionError(`${file}: on: ${key} and ${key}-ignore cannot both be given for one event`)
  if (include) return matchesFilters(name, include)
  if (ignore) return !matchesFilters(name, ignore)
  return undefined
}

function pathFilter(config: Record<string, unknown>, files: string[] | undefined, notes: string[]): boolean {
  const include = list(config.paths)
  const ignore = list(config['paths-ignore'])
  if (!include && !ignore) return true
  if (!files) {
    notes.push('paths filters were not checked (give the event changedFiles to check them)')
    return true
  }
  if (include) return files.some((f) => matchesFilters(f, include))
  return !files.every((f) => matchesFilters(f, ignore!))
}

/** Whether the workflow's `on:` lets the event through, and why not. */
export function matchTrigger(workflow: WorkflowDefinition, event: ResolvedEvent): { triggered: boolean; reason: string; notes: string[] } {
  const notes: string[] = []
  const events = Object.keys(workflow.on)
  if (!events.includes(event.name)) return { triggered: false, reason: `the workflow does not run on ${event.name} (on: ${events.join(', ')})`, notes }
  const config = workflow.on[event.name] ?? {}
  const no = (reason: string) => ({ triggered: false, reason, notes })
  switch (event.name) {
    case 'push': {
      const onTag = event.refType === 'tag'
      const own = refFilter(config, onTag ? 'tags' : 'branches', event.refName, workflow.file)
      const other = refFilter(config, onTag ? 'branches' : 'tags', event.refName, workflow.file)
      if (own === false) return no(`push to ${event.ref} does not pass the ${onTag ? 'tags' : 'branches'} filter`)
      // Only a filter for the other kind of ref: GitHub does not run the workflow for this kind.
      if (own === undefined && other !== undefined) return no(`push to ${event.ref}: the workflow filters only ${onTag ? 'branches' : 'tags'}`)
      if (!pathFilter(config, event.changedFiles, notes)) return no('no changed file passes the paths filter')
      break
    }
    case 'pull_request': {
      const types = list(config.types) ?? DEFAULT_PR_TYPES
      if (!types.includes(event.action ?? '')) return no(`pull_request '${event.action}' is not among types: ${types.join(', ')}`)
      if (refFilter(config, 'branches', event.baseRef, workflow.file) === false)
        return no(`pull_request into ${event.baseRef} does not pass the branches filter`)
      if (!pathFilter(config, event.changedFiles, notes)) return no('no changed file passes the paths filter')
      break
    }
    case 'schedule': {
      const crons = (config.crons as string[] | undefined) ?? []
      if (event.cron && !crons.includes(event.cron)) return no(`schedule '${event.cron}' is not one of the workflow's: ${crons.join(', ')}`)
      break
    }
  }
  return { triggered: true, reason: '', notes }
}

/** The `inputs` context of a workflow_dispatch: given values checked against the declared inputs, defaults applied. */
export function dispatchInputs(workflow: WorkflowDefinition, event: ResolvedEvent): Record<string, unknown> {
  if (event.name !== 'workflow_dispatch') return {}
  const declared = (workflow.on.workflow_dispatch?.inputs ?? {}) as Record<string, Record<string, unknown> | null>
  const given = event.dispatchInputs ?? {}
  for (const name of Object.keys(given)) {
    if (!(name in declared))
      throw new DefinitionError(`${workflow.file}: workflow_dispatch input '${name}' is not declared (declared: ${Object.keys(declared).join(', ') || 'none'})`)
  }
  const inputs: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(declared)) {
    const spec = raw ?? {}
    let value: unknown = given[name] ?? spec.default
    if (value === undefined) {
      if (spec.required === true) throw new DefinitionError(`${workflow.file}: workflow_dispatch input '${name}' is required`)
      value = spec.type === 'boolean' ? false : ''
    }
    if (spec.type === 'boolean') value = value === true || value === 'true'
    else if (spec.type === 'number') value = Number(value)
    else value = String(value)
    if (spec.type === 'choice' && !(spec.options as unknown[] | undefined)?.map(String).includes(value as string)) {
      throw new DefinitionError(`${workflow.file}: workflow_dispatch input '${name}' is ${JSON.stringify(value)}, not one of ${JSON.stringify(spec.options)}`)
    }
    inputs[name] = value
  }
  return inputs
}
