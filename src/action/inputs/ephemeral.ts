/**
 * `ephemeral: true`: one pipeline per pull request (or per commit), named from `pipeline` plus `-pr-<number>` on
 * pull_request events and `-<sha7>` otherwise; DNS-safe and at most 63 characters (§4), without a trailing '-'.
 */
import { Inputs } from '../constants.js'
import type { GithubContext } from '../settings.js'

/** Wallaroo's name length limit (§4). */
const MAX_LENGTH = 63

/** The ephemeral pipeline name, or a problem sentence when the run has neither a PR number nor a commit sha. */
export function ephemeralPipelineName(base: string, gh: GithubContext): { name: string } | { problem: string } {
  let suffix: string
  if (gh.prNumber !== undefined) suffix = `-pr-${gh.prNumber}`
  else if (gh.sha && /^[0-9a-f]{7,}$/i.test(gh.sha)) suffix = `-${gh.sha.slice(0, 7).toLowerCase()}`
  else {
    return {
      problem: `Input '${Inputs.Ephemeral}' is true, but this run has neither a pull request number (GITHUB_EVENT_PATH of a pull_request event) nor a commit (GITHUB_SHA) to name the pipeline after; run it in a workflow, or set '${Inputs.Ephemeral}' to false and give the full name in '${Inputs.Pipeline}'.`
    }
  }
  // Kubernetes-safe: lower case, runs of anything else become one '-'.
  const safe = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
  const cut = safe.slice(0, MAX_LENGTH - suffix.length).replace(/-+$/, '')
  return { name: `${cut}${suffix}` }
}
