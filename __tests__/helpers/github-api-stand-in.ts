/**
 * A local stand-in for the GitHub REST API, for the action's PR comment and sweep: issue comments (list with
 * pagination, get, create, update, delete), pull requests (get, list by state) and issues (get). An action
 * reaches it through GITHUB_API_URL, as @actions/github's Octokit does (getApiBaseUrl() reads GITHUB_API_URL;
 * context.repo reads GITHUB_REPOSITORY; context.issue.number reads the payload at GITHUB_EVENT_PATH).
 * It checks tokens and their permissions like GitHub (401 Bad credentials, 403 "Resource not accessible by
 * integration" with x-accepted-github-permissions), can be told to answer any status for chosen requests, and
 * records every request for assertions. Unknown routes answer 404 and are marked `unhandled`.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pullRequestPayload, type PullRequestInfo, type RepositoryInfo } from './workflow/events.js'
import type { Permissions } from './workflow/permissions.js'
import type { GitHubApiForRuns } from './workflow/types.js'

/** A request as the stand-in received it, with the status it answered. */
export interface RecordedRequest {
  method: string
  /** Path without the query, e.g. /repos/o/r/issues/7/comments. */
  path: string
  query: Record<string, string>
  /** The body parsed as JSON (undefined when empty). */
  body: unknown
  /** The Authorization header as sent (`token …` from Octokit). */
  authorization?: string
  status: number
  /** True when no route matched (a call the stand-in does not implement). */
  unhandled?: boolean
}

/** An issue comment as GitHub returns it (the fields clients read). */
export interface IssueComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: { login: string; id: number; type: string }
  created_at: string
  updated_at: string
  author_association: string
}

/** A canned answer for matching requests (e.g. 403 for a missing permission). */
export interface FaultRule {
  method?: string
  /** Exact path or a pattern, e.g. /\/issues\/\d+\/comments$/. */
  path?: string | RegExp
  status: number
  /** Answer body; default `{ message }` with GitHub's message for the status. */
  body?: unknown
  message?: string
  /** How many requests it answers (default: all). */
  times?: number
}

/** Options of {@link startGitHubApiStandIn}. */
export interface StandInOptions {
  /** The repository the tokens are for (default octo-org/wallaroo-action). */
  repository?: string
  /** A private repository's reads need permissions too; a public one's do not (default false). */
  private?: boolean
}

interface TokenGrant {
  repository: string
  permissions: Permissions | 'all'
  login: string
}

interface StoredPullRequest {
  info: PullRequestInfo
  repository: string
}

const MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Server Error'
}

/** Timestamps from a fixed start, one second apart, so listings order deterministically. */
function clock(): () => string {
  let t = Date.parse('2026-01-01T00:00:00Z')
  return () => new Date((t += 1000)).toISOString().replace('.000Z', 'Z')
}

/** The running stand-in. */
export class GitHubApiStandIn implements GitHubApiForRuns {
  readonly requests: RecordedRequest[] = []
  /** A token with every permission on the repository (for tests calling the API directly). */
  readonly token: string
  private readonly tokens = new Map<string, TokenGrant>()
  private readonly comments = new Map<string, IssueComment[]>()
  private readonly pulls = new Map<string, StoredPullRequest>()
  private readonly faults: FaultRule[] = []
  private nextCommentId = 1001
  private readonly now = clock()
  url = ''

  constructor(
    private readonly server: http.Server,
    readonly repository: string,
    private readonly isPrivate: boolean
  ) {
    this.token = this.mint({ repository, permissions: 'all', login: 'test-user' })
  }

  private mint(grant: TokenGrant): string {
    const token = `ghs_${randomBytes(18).toString('hex')}`
    this.tokens.set(token, grant)
    return token
  }

  /** A token for a workflow job: its requests are allowed as `permissions` allow (GitHub App bot user). */
  issueToken(permissions: Permissions, repository: string): string {
    return this.mint({ repository, permissions, login: 'github-actions[bot]' })
  }

  /** Makes a pull request known (the workflow runner calls this for pull_request events). */
  recordPullRequest(repository: string, pr: PullRequestInfo): void {
    this.pulls.set(`${repository}#${pr.number}`, { info: { ...pr }, repository })
  }

  /** Adds or replaces a pull request of the stand-in's repository; unspecified fields get defaults. */
  addPullRequest(pr: Partial<PullRequestInfo> & { number: number }): PullRequestInfo {
    const info: PullRequestInfo = {
      title: `Pull request ${pr.number}`,
      state: 'open',
      merged: false,
      draft: false,
      headRef: `feature-${pr.number}`,
      headSha: randomBytes(20).toString('hex'),
      baseRef: 'main',
      baseSha: randomBytes(20).toString('hex'),
      headRepository: this.repository,
      ...pr
    }
    this.recordPullRequest(this.repository, info)
    return info
  }

  /** The comments on an issue or pull request, oldest first. */
  commentsOn(issue: number, repository = this.repository): IssueComment[] {
    return [...(this.comments.get(`${repository}#${issue}`) ?? [])]
  }

  /** Seeds a comment (e.g. another user's, or a previous run's). */
  addComment(issue: number, body: string, login = 'someone-else', repository = this.repository): IssueComment {
    return this.createComment(repository, issue, body, login)
  }

  /** Answers matching requests with `rule.status` until `times` runs out. */
  fault(rule: FaultRule): void {
    this.faults.push({ ...rule })
  }

  /** Forgets faults and recorded requests (pull requests, comments and tokens stay). */
  reset(): void {
    this.faults.length = 0
    this.requests.length = 0
  }

  /** Requests to one path pattern with one method, e.g. `requestsTo('POST', /comments$/)`. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)))
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private createComment(repository: string, issue: number, body: string, login: string): IssueComment {
    const id = this.nextCommentId++
    const time = this.now()
    const comment: IssueComment = {
      id,
      node_id: `IC_${Buffer.from(String(id)).toString('base64')}`,
      url: `${this.url}/repos/${repository}/issues/comments/${id}`,
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${this.url}/repos/${repository}/issues/${issue}`,
      body,
      user: login.endsWith('[bot]') ? { login, id: 41898282, type: 'Bot' } : { login, id: 583231, type: 'User' },
      created_at: time,
      updated_at: time,
      author_association: 'NONE'
    }
    const key = `${repository}#${issue}`
    this.comments.set(key, [...(this.comments.get(key) ?? []), comment])
    return comment
  }

  private findComment(repository: string, id: number): { key: string; list: IssueComment[]; index: number } | undefined {
    for (const [key, list] of this.comments) {
      if (!key.startsWith(`${repository}#`)) continue
      const index = list.findIndex((c) => c.id === id)
      if (index >= 0) return { key, list, index }
    }
    return undefined
  }

  /** Handles one request: status, body, extra headers, and whether the route is one the stand-in does not implement. */
  handle(method: string, path: string, query: URLSearchParams, body: unknown, authorization: string | undefined): Answer {
    const fault = this.faults.find(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path || (typeof f.path === 'string' ? f.path === path : f.path.test(path))) &&
        (f.times === undefined || f.times > 0)
    )
    if (fault) {
      if (fault.times !== undefined) fault.times--
      return [fault.status, fault.body ?? { message: fault.message ?? MESSAGES[fault.status] ?? 'Error', documentation_url: 'https://docs.github.com/rest' }]
    }
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1]
    if (!token) return [401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' }]
    const grant = this.tokens.get(token)
    if (!grant) return [401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }]

    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)
    if (!match) return unknownRoute()
    const repository = `${match[1]}/${match[2]}`
    const rest = match[3] ?? ''
    if (repository.toLowerCase() !== grant.repository.toLowerCase()) return notFound()

    const allowed = (access: 'read' | 'write', scopes: string[]): boolean => {
      if (grant.permissions === 'all') return true
      if (access === 'read' && !this.isPrivate) return true
      const permissions = grant.permissions
      return scopes.some((s) => permissions[s] === 'write' || (access === 'read' && permissions[s] === 'read'))
    }
    const forbidden = (needed: string, docs: string): Answer => [
      403,
      { message: 'Resource not accessible by integration', documentation_url: `https://docs.github.com/rest/${docs}`, status: '403' },
      { 'x-accepted-github-permissions': needed }
    ]
    const commentScopes = ['issues', 'pull-requests']
    let m: RegExpExecArray | null

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1])
      if (!this.pulls.has(`${repository}#${issue}`)) return notFound()
      if (method === 'GET') {
        if (!allowed('read', commentScopes)) return forbidden('issues=read; pull_requests=read', 'issues/comments#list-issue-comments')
        return this.page(this.commentsOn(issue, repository), query, path)
      }
      if (method === 'POST') {
        if (!allowed('write', commentScopes)) return forbidden('issues=write; pull_requests=write', 'issues/comments#create-an-issue-comment')
        const text = (body as { body?: unknown } | undefined)?.body
        if (typeof text !== 'string' || text === '') return invalid('body')
        return [201, this.createComment(repository, issue, text, grant.login)]
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const found = this.findComment(repository, Number(m[1]))
      if (method === 'GET') {
        if (!allowed('read', commentScopes)) return forbidden('issues=read; pull_requests=read', 'issues/comments#get-an-issue-comment')
        return found ? [200, found.list[found.index]] : notFound()
      }
      if (method === 'PATCH') {
        if (!allowed('write', commentScopes)) return forbidden('issues=write; pull_requests=write', 'issues/comments#update-an-issue-comment')
        if (!found) return notFound()
        const text = (body as { body?: unknown } | undefined)?.body
        if (typeof text !== 'string' || text === '') return invalid('body')
        const updated = { ...found.list[found.index], body: text, updated_at: this.now() }
        found.list[found.index] = updated
        return [200, updated]
      }
      if (method === 'DELETE') {
        if (!allowed('write', commentScopes)) return forbidden('issues=write; pull_requests=write', 'issues/comments#delete-an-issue-comment')
        if (!found) return notFound()
        found.list.splice(found.index, 1)
        return [204, undefined]
      }
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest)) && method === 'GET') {
      if (!allowed('read', ['pull-requests'])) return forbidden('pull_requests=read', 'pulls/pulls#get-a-pull-request')
      const pr = this.pulls.get(`${repository}#${m[1]}`)
      return pr ? [200, this.pullPayload(pr)] : notFound()
    }
    if (rest === '/pulls' && method === 'GET') {
      if (!allowed('read', ['pull-requests'])) return forbidden('pull_requests=read', 'pulls/pulls#list-pull-requests')
      const state = query.get('state') ?? 'open'
      if (!['open', 'closed', 'all'].includes(state)) return invalid('state')
      const list = [...this.pulls.values()]
        .filter((p) => p.repository === repository && (state === 'all' || p.info.state === state))
        .sort((a, b) => b.info.number - a.info.number)
        .map((p) => this.pullPayload(p))
      return this.page(list, query, path)
    }
    if ((m = /^\/issues\/(\d+)$/.exec(rest)) && method === 'GET') {
      const pr = this.pulls.get(`${repository}#${m[1]}`)
      if (!pr) return notFound()
      const payload = this.pullPayload(pr)
      return [
        200,
        {
          number: pr.info.number,
          title: pr.info.title,
          state: pr.info.state,
          pull_request: { url: `${this.url}/repos/${repository}/pulls/${pr.info.number}` },
          html_url: payload.html_url
        }
      ]
    }
    return unknownRoute()
  }

  private pullPayload(pr: StoredPullRequest): Record<string, unknown> {
    const repo: RepositoryInfo = { repository: pr.repository, defaultBranch: 'main', actor: 'octocat' }
    return { ...pullRequestPayload(pr.info, repo), url: `${this.url}/repos/${pr.repository}/pulls/${pr.info.number}` }
  }

  /** A page of a list with GitHub's per_page (default 30, at most 100) and a Link header. */
  private page<T>(items: T[], query: URLSearchParams, path: string): Answer {
    const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100)
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1)
    const last = Math.max(Math.ceil(items.length / perPage), 1)
    const link = (n: number, rel: string) => {
      const q = new URLSearchParams(query)
      q.set('per_page', String(perPage))
      q.set('page', String(n))
      return `<${this.url}${path}?${q.toString()}>; rel="${rel}"`
    }
    const links: string[] = []
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    return [200, items.slice((page - 1) * perPage, page * perPage), links.length > 0 ? { link: links.join(', ') } : {}]
  }
}

/** [status, body, extra headers, true for a route the stand-in does not implement]. */
type Answer = [number, unknown, Record<string, string>?, boolean?]

function notFound(): Answer {
  return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }]
}

function unknownRoute(): Answer {
  return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, {}, true]
}

function invalid(field: string): Answer {
  return [
    422,
    { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field }], documentation_url: 'https://docs.github.com/rest' }
  ]
}

/** Starts a stand-in on 127.0.0.1, port 0. Close it with `close()`. */
export async function startGitHubApiStandIn(options: StandInOptions = {}): Promise<GitHubApiStandIn> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in')
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined
      } catch {
        body = text
      }
      const authorization = req.headers.authorization
      const [status, answer, headers = {}, unhandled] = standIn.handle(req.method ?? 'GET', url.pathname, url.searchParams, body, authorization)
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization,
        status
      }
      if (unhandled) record.unhandled = true
      standIn.requests.push(record)
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': `STANDIN:${standIn.requests.length}`,
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        ...headers
      })
      res.end(answer === undefined ? '' : JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // The handler above reads it only when a request comes, after it is made here.
  const standIn = new GitHubApiStandIn(server, options.repository ?? 'octo-org/wallaroo-action', options.private ?? false)
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return standIn
}
