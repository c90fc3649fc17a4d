/**
 * `operation: sweep` through `node dist/index.js` against the emulator and a stand-in for the GitHub REST API:
 * pipelines with the prefix whose pull request is closed (or that are older than max-age) are undeployed and
 * deleted; an open PR's pipeline and every name without the prefix are kept; a dry run only lists them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { emulatorState, runAction } from '../helpers/action-process.js'
import { demoModelsInput, entities, expectFailure, expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { startGitHubApiStandIn, type GitHubApiStandIn } from '../helpers/github-api-stand-in.js'

const WORKSPACE = 'sweep-test'
const REPO = 'octo-org/wallaroo-action'
const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '0.2', '--convert-seconds', '0.1'])
let github: GitHubApiStandIn
let token = ''

/** Pipeline names as the emulator holds them now. */
async function pipelineNames(): Promise<string[]> {
  return (await emulatorState(bed.url)).pipelines.map((p: { name: string }) => p.name).sort()
}

beforeAll(async () => {
  github = await startGitHubApiStandIn({ repository: REPO })
  token = github.issueToken({ 'pull-requests': 'read' }, REPO)
  github.addPullRequest({ number: 11, state: 'closed' })
  github.addPullRequest({ number: 12, state: 'open' })
  // Two ephemeral PR pipelines (deployed), and a pipeline without the prefix.
  for (const pipeline of ['ccfraud-pr-11', 'ccfraud-pr-12', 'ccfraud-main']) {
    const run = await runAction(signedInInputs(bed.url, WORKSPACE, { pipeline, models: demoModelsInput(bed.ws), timeout: '30s' }), { cwd: bed.ws.dir })
    expectSuccess(run)
  }
}, 90_000)

afterAll(async () => {
  await github?.close()
})

function sweepInputs(extra: Record<string, string>): Record<string, string> {
  return signedInInputs(bed.url, WORKSPACE, { operation: 'sweep', prefix: 'ccfraud-pr-', 'github-token': token, ...extra })
}

const githubEnv = () => ({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO })

describe('sweep', () => {
  it('a dry run lists the closed PR pipeline and changes nothing', async () => {
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(sweepInputs({ 'closed-prs': 'true', 'dry-run': 'true' }), { cwd: bed.ws.dir, env: githubEnv() })
    expectSuccess(run)
    expect(JSON.parse(run.outputs.plan)).toEqual([{ action: 'remove', target: 'pipeline "ccfraud-pr-11"', detail: 'pull request #11 is closed' }])
    expect(entities(await emulatorState(bed.url))).toEqual(before)
  })

  it('removes the pipeline of the closed pull request only, and outputs what it removed', async () => {
    const run = await runAction(sweepInputs({ 'closed-prs': 'true' }), { cwd: bed.ws.dir, env: githubEnv() })
    expectSuccess(run)
    expect(JSON.parse(run.outputs.swept)).toEqual([{ name: 'ccfraud-pr-11', id: expect.any(Number), reason: 'pull request #11 is closed' }])
    expect(await pipelineNames()).toEqual(['ccfraud-main', 'ccfraud-pr-12'])
    expect(run.stdout).toContain('Keeping pipeline "ccfraud-pr-12"')
    // It asked GitHub about each PR pipeline, with the token, and about nothing else.
    const asked = github.requests.filter((r) => r.path.startsWith(`/repos/${REPO}/pulls/`)).map((r) => r.path)
    expect(asked.sort()).toEqual([`/repos/${REPO}/pulls/11`, `/repos/${REPO}/pulls/11`, `/repos/${REPO}/pulls/12`, `/repos/${REPO}/pulls/12`])
  })

  it('with max-age removes every stale pipeline with the prefix, never one without it', async () => {
    await new Promise((r) => setTimeout(r, 1100))
    const run = await runAction(sweepInputs({ 'max-age': '1s' }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect((JSON.parse(run.outputs.swept) as Array<{ name: string }>).map((s) => s.name)).toEqual(['ccfraud-pr-12'])
    expect(await pipelineNames()).toEqual(['ccfraud-main'])
    const deployed = (await emulatorState(bed.url)).deployments.filter((d: { deployed: boolean }) => d.deployed)
    expect(deployed.map((d: { deploy_id: string }) => d.deploy_id)).toEqual(['ccfraud-main'])
  })

  it('needs max-age or closed-prs, and a prefix', async () => {
    const run = await runAction(signedInInputs(bed.url, WORKSPACE, { operation: 'sweep' }), { cwd: bed.ws.dir })
    const message = expectFailure(run)
    expect(message).toContain("Input 'prefix' is required by operation 'sweep'.")
    expect(message).toContain("Operation 'sweep' needs 'max-age' (e.g. 7d) and/or 'closed-prs: true'")
    expect(run.outputs.outcome).toBe('invalid-input')
  })
})
