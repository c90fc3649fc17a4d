/**
 * The GitHub REST client (@actions/github's Octokit), imported only when a run needs GitHub (a PR comment, a
 * sweep of closed pull requests), so the action's start-up does not pay for it.
 */
import type { ActionSettings } from './settings.js'

/** The Octokit type, without importing the module at start-up. */
export type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>

/** An Octokit for `github-token`, talking to GITHUB_API_URL (api.github.com by default). */
export async function githubClient(settings: Pick<ActionSettings, 'githubToken' | 'github'>): Promise<Octokit> {
  if (!settings.githubToken) throw new Error('internal: githubClient without a token')
  const { getOctokit } = await import('@actions/github')
  return getOctokit(settings.githubToken, { baseUrl: settings.github.apiUrl ?? 'https://api.github.com' })
}

/** owner and repo from GITHUB_REPOSITORY ("owner/repo"). */
export function repoOf(settings: Pick<ActionSettings, 'github'>): { owner: string; repo: string } {
  const [owner, repo] = (settings.github.repository ?? '').split('/')
  if (!owner || !repo) throw new Error('internal: GITHUB_REPOSITORY is not "owner/repo"')
  return { owner, repo }
}

/** The HTTP status of an Octokit error, if it has one. */
export function httpStatusOf(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}
