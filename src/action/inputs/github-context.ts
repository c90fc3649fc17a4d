/** The workflow run the action is part of, read from the runner's GITHUB_* variables and event payload. */
import { readFileSync } from 'node:fs'
import { Env } from '../constants.js'
import type { GithubContext } from '../settings.js'
import { isRecord } from './structured-text.js'

/** Events whose payload describes a pull request. */
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])

/** The pull request number from the event payload, or from a `refs/pull/<n>/merge` ref. */
function prNumberOf(env: NodeJS.ProcessEnv): number | undefined {
  const path = env[Env.EventPath]
  if (path) {
    try {
      const payload: unknown = JSON.parse(readFileSync(path, 'utf8'))
      if (isRecord(payload)) {
        const pr = isRecord(payload.pull_request) ? payload.pull_request.number : payload.number
        if (typeof pr === 'number' && Number.isInteger(pr) && pr > 0) return pr
      }
    } catch {
      // An unreadable payload leaves the ref to tell.
    }
  }
  const m = /^refs\/pull\/(\d+)\//.exec(env[Env.Ref] ?? '')
  return m ? Number(m[1]) : undefined
}

/** What the environment says about the run; every field is optional (local runs have none). */
export function readGithubContext(env: NodeJS.ProcessEnv): GithubContext {
  const eventName = env[Env.EventName] || undefined
  const ctx: GithubContext = {}
  if (eventName) ctx.eventName = eventName
  if (eventName && PR_EVENTS.has(eventName)) {
    const pr = prNumberOf(env)
    if (pr !== undefined) ctx.prNumber = pr
  }
  const put = (key: 'sha' | 'repository' | 'serverUrl' | 'apiUrl' | 'runId', name: string): void => {
    const v = env[name]?.trim()
    if (v) ctx[key] = v
  }
  put('sha', Env.Sha)
  put('repository', Env.Repository)
  put('serverUrl', Env.ServerUrl)
  put('apiUrl', Env.ApiUrl)
  put('runId', Env.RunId)
  return ctx
}

/** A link to the workflow run, when the environment names one. */
export function runLink(gh: GithubContext): string | undefined {
  if (!gh.repository || !gh.runId) return undefined
  return `${gh.serverUrl ?? 'https://github.com'}/${gh.repository}/actions/runs/${gh.runId}`
}
