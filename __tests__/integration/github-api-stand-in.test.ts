import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubApiStandIn, type GitHubApiStandIn } from '../helpers/github-api-stand-in.js'
import { jobOf, stepOf } from '../helpers/workflow-runner.js'
import { expectConclusion, useWorkflowTestbed } from '../helpers/workflow-testbed.js'

const owner = 'octo-org'
const repo = 'wallaroo-action'
let api: GitHubApiStandIn

beforeAll(async () => {
  api = await startGitHubApiStandIn()
})
afterAll(async () => {
  await api.close()
})
beforeEach(() => api.reset())

/** @actions/github's client for the stand-in; its base URL is fixed when the module loads, so give it here. */
async function octokit(token = api.token) {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, { baseUrl: api.url })
}

/** The HTTP status of a rejected Octokit call. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
    return 200
  } catch (e) {
    return (e as { status: number }).status
  }
}

describe('GitHub API stand-in, through @actions/github', () => {
  it('lists issue comments page by page with Link headers, as octokit.paginate follows them', async () => {
    api.addPullRequest({ number: 3 })
    for (let i = 0; i < 25; i++) api.addComment(3, `comment ${i}`)
    const client = await octokit()
    const all = await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: 3, per_page: 10 })
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 25 }, (_, i) => `comment ${i}`))
    expect(api.requestsTo('GET', '/repos/octo-org/wallaroo-action/issues/3/comments').map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3'])
  })

  it('creates, updates and deletes a comment, recording method, path, body and the token sent', async () => {
    api.addPullRequest({ number: 4 })
    const client = await octokit()
    const created = await client.rest.issues.createComment({ owner, repo, issue_number: 4, body: 'first' })
    expect(created.status).toBe(201)
    await client.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'second' })
    expect(api.commentsOn(4).map((c) => [c.id, c.body, c.user.login])).toEqual([[created.data.id, 'second', 'test-user']])
    await client.rest.issues.deleteComment({ owner, repo, comment_id: created.data.id })
    expect(api.commentsOn(4)).toEqual([])
    expect(api.requests.map((r) => [r.method, r.path, r.body, r.authorization, r.status])).toEqual([
      ['POST', '/repos/octo-org/wallaroo-action/issues/4/comments', { body: 'first' }, `token ${api.token}`, 201],
      ['PATCH', `/repos/octo-org/wallaroo-action/issues/comments/${created.data.id}`, { body: 'second' }, `token ${api.token}`, 200],
      ['DELETE', `/repos/octo-org/wallaroo-action/issues/comments/${created.data.id}`, undefined, `token ${api.token}`, 204]
    ])
  })

  it('gets and lists pull requests by state (a sweep of closed PRs)', async () => {
    api.addPullRequest({ number: 10, state: 'closed', merged: true })
    api.addPullRequest({ number: 11, state: 'closed' })
    api.addPullRequest({ number: 12 })
    const client = await octokit()
    const closed = await client.rest.pulls.list({ owner, repo, state: 'closed' })
    expect(closed.data.map((p) => [p.number, p.state, p.merged_at !== null])).toEqual([
      [11, 'closed', false],
      [10, 'closed', true]
    ])
    expect((await client.rest.pulls.list({ owner, repo })).data.map((p) => p.number)).toContain(12)
    expect((await client.rest.pulls.get({ owner, repo, pull_number: 12 })).data.head.ref).toBe('feature-12')
  })

  it('answers 401 for a missing or unknown token, 404 for an unknown issue or repository', async () => {
    api.addPullRequest({ number: 5 })
    expect(await statusOf((await octokit('ghs_unknown')).rest.issues.listComments({ owner, repo, issue_number: 5 }))).toBe(401)
    expect(await statusOf((await octokit()).rest.issues.createComment({ owner, repo, issue_number: 999, body: 'x' }))).toBe(404)
    expect(await statusOf((await octokit()).rest.issues.listComments({ owner: 'other', repo, issue_number: 5 }))).toBe(404)
  })

  it('answers 403 with the permission needed when the token may not write comments', async () => {
    api.addPullRequest({ number: 6 })
    const readOnly = api.issueToken({ 'pull-requests': 'read', issues: 'none' }, `${owner}/${repo}`)
    const client = await octokit(readOnly)
    expect((await client.rest.issues.listComments({ owner, repo, issue_number: 6 })).status).toBe(200)
    try {
      await client.rest.issues.createComment({ owner, repo, issue_number: 6, body: 'x' })
      throw new Error('expected a 403')
    } catch (e) {
      const error = e as { status: number; message: string; response: { headers: Record<string, string> } }
      expect([error.status, error.response.headers['x-accepted-github-permissions']]).toEqual([403, 'issues=write; pull_requests=write'])
      expect(error.message).toMatch(/^Resource not accessible by integration/)
    }
  })

  it('answers what a fault rule says, as many times as it says, and marks routes it does not implement', async () => {
    api.addPullRequest({ number: 8 })
    api.fault({ method: 'POST', path: /\/comments$/, status: 403, times: 1 })
    const client = await octokit()
    expect(await statusOf(client.rest.issues.createComment({ owner, repo, issue_number: 8, body: 'x' }))).toBe(403)
    expect(await statusOf(client.rest.issues.createComment({ owner, repo, issue_number: 8, body: 'x' }))).toBe(200)
    expect(await statusOf(client.rest.repos.listReleases({ owner, repo }))).toBe(404)
    expect(api.requests.filter((r) => r.unhandled).map((r) => r.path)).toEqual(['/repos/octo-org/wallaroo-action/releases'])
  })
})

describe('GitHub API stand-in, through a workflow', () => {
  const testbed = useWorkflowTestbed()
  const workflow = (permissions: string) => `
on: pull_request
jobs:
  comment:
    runs-on: ubuntu-latest
${permissions}
    steps:
      - id: c
        uses: ./actions/pr-comment
        with:
          body: "run \${{ github.run_attempt }} for \${{ github.event.pull_request.head.sha }}"
`

  it('creates one sticky comment, then edits it on the next run (GITHUB_API_URL, repository, event file, job token)', async () => {
    const event = { name: 'pull_request' as const, number: 21, headSha: 'a'.repeat(40) }
    const writable = workflow('    permissions:\n      pull-requests: write')
    const first = await testbed.runYaml(writable, { event, githubApi: api, runAttempt: 1 })
    expectConclusion(first, 'success')
    const second = await testbed.runYaml(writable, { event: { ...event, action: 'synchronize' }, githubApi: api, runAttempt: 2 })
    expectConclusion(second, 'success')
    const comments = api.commentsOn(21)
    expect(comments.map((c) => [c.body, c.user.login])).toEqual([[`<!-- pr-comment-fixture -->\nrun 2 for ${'a'.repeat(40)}`, 'github-actions[bot]']])
    expect(stepOf(jobOf(first, 'comment'), 'c').log).toEqual([`created comment ${comments[0].id} on octo-org/wallaroo-action#21`])
    expect(api.requests.filter((r) => r.method !== 'GET').map((r) => [r.method, r.status])).toEqual([
      ['POST', 201],
      ['PATCH', 200]
    ])
    // Each job's token is the one the runner minted for it, and it is masked in the job's logs.
    const tokens = new Set(api.requests.map((r) => r.authorization))
    expect(tokens.size).toBe(2)
    expect(jobOf(second, 'comment').masks.some((m) => `token ${m}` === api.requests.at(-1)!.authorization)).toBe(true)
  })

  it("gets 403 without pull-requests: write (the default token) and the action's warning names the permission", async () => {
    const run = await testbed.runYaml(workflow(''), { event: { name: 'pull_request', number: 22 }, githubApi: api })
    expectConclusion(run, 'success')
    const step = stepOf(jobOf(run, 'comment'), 'c')
    expect(step.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        title: 'PR comment not written',
        message: expect.stringMatching(/Resource not accessible by integration.*\(the token needs issues=write; pull_requests=write\)$/)
      })
    ])
    expect(api.commentsOn(22)).toEqual([])
  })
})
