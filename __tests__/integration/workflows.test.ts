/**
 * Runs every workflow under examples/ and .github/workflows/ with the local workflow runner, once per scenario
 * of SCENARIOS (event, secrets, vars, an emulator, a GitHub API stand-in), in the checkout itself. A workflow
 * without a scenario fails, so a new example cannot go untested. Runs set ACT=true: a step that must not run
 * locally (ci.yml's `bash .ci/run`, which would run this suite inside itself) is guarded by `if: ${{ !env.ACT }}`.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { startGitHubApiStandIn, type GitHubApiStandIn } from '../helpers/github-api-stand-in.js'
import { credentialArgs, TEST_CREDENTIALS } from '../helpers/wallaroo-session.js'
import {
  describeWorkflowRun,
  jobOf,
  PROJECT_ROOT,
  runWorkflow,
  stepOf,
  type Conclusion,
  type EventSpec,
  type RunWorkflowOptions,
  type WorkflowResult
} from '../helpers/workflow-runner.js'

/** What a scenario's checks get besides the run. */
interface ScenarioContext {
  emulator?: EmulatorProcess
  githubApi?: GitHubApiStandIn
}

/** One local run of a workflow file. */
interface Scenario {
  /** Shown as the test name. */
  title: string
  event: EventSpec
  /**
   * Start an emulator for the run (extra CLI flags, or true): its URL is given as vars.WALLAROO_URL and the
   * credentials it accepts as secrets.WALLAROO_USER / secrets.WALLAROO_PASSWORD.
   */
  emulator?: boolean | string[]
  /** Start a GitHub API stand-in (GITHUB_API_URL, per-job tokens with the job's permissions). */
  githubApi?: boolean
  secrets?: Record<string, string>
  vars?: Record<string, string>
  env?: Record<string, string>
  /** Further runner options (cancelAt, environments …). */
  options?: Partial<RunWorkflowOptions>
  /** The run's conclusion, or 'not triggered' when the workflow's on: filters must refuse the event. */
  expect: Conclusion | 'not triggered'
  /** More assertions on the run. */
  check?: (run: WorkflowResult, context: ScenarioContext) => void | Promise<void>
}

/** Scenarios by workflow file (relative to the project root). Every discovered workflow needs at least one. */
const SCENARIOS: Record<string, Scenario[]> = {
  '.github/workflows/ci.yml': [
    {
      title: 'push to main: checkout and setup-node are no-ops, .ci/run is skipped locally',
      event: { name: 'push', branch: 'main' },
      expect: 'success',
      check: (run) => {
        const action = jobOf(run, 'action')
        expect(action.result).toBe('success')
        expect(stepOf(action, 'deploy').outputs).toMatchObject({ outcome: 'success', 'smoke-passed': 'true' })
        const job = jobOf(run, 'test')
        expect(job.steps.map((s) => s.conclusion)).toEqual(['success', 'success', 'skipped'])
        expect(stepOf(job, 'Build, check the build output and test (same script as local CI)').conclusion).toBe('skipped')
        expect(job.permissions.contents).toBe('read')
      }
    },
    { title: 'pull request: the same job runs', event: { name: 'pull_request', action: 'opened', number: 1 }, expect: 'success' },
    { title: 'push to another branch: not run', event: { name: 'push', branch: 'feature' }, expect: 'not triggered' }
  ],
  'examples/deploy-on-merge.yml': [
    {
      title: 'push to main without WALLAROO_URL: deploys to the emulator step, goldens pass, environment url set',
      event: { name: 'push', branch: 'main' },
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'deploy')
        const deploy = stepOf(job, 'deploy')
        expect(deploy.outputs).toMatchObject({ outcome: 'success', 'smoke-passed': 'true', status: 'Running', 'pipeline-name': 'ccfraud' })
        expect(job.environment).toEqual({ name: 'production', url: deploy.outputs['inference-url'] })
        expect(run.concurrency).toEqual({ group: 'wallaroo-ccfraud', cancelInProgress: false })
        expect(stepOf(job, 'emulator').conclusion).toBe('success')
        // The post steps ran: the deploy's (nothing to clean up) and the emulator's (stopped it).
        expect(job.steps.filter((st) => st.phase === 'post').map((st) => st.conclusion)).toEqual(['success', 'success'])
      }
    },
    {
      title: 'push to main with WALLAROO_URL and secrets: the same file deploys to that server, no emulator step',
      event: { name: 'push', branch: 'main' },
      emulator: ['--start-seconds', '0.5'],
      expect: 'success',
      check: (run, { emulator }) => {
        const job = jobOf(run, 'deploy')
        expect(stepOf(job, 'emulator').conclusion).toBe('skipped')
        expect(stepOf(job, 'deploy').outputs['inference-url']).toContain(emulator!.url)
      }
    }
  ],
  'examples/pr-smoke-check.yml': [
    {
      title: 'pull request: an ephemeral pipeline per PR, checked, commented on, torn down by the post step',
      event: { name: 'pull_request', action: 'opened', number: 42 },
      githubApi: true,
      expect: 'success',
      check: (run, { githubApi }) => {
        const job = jobOf(run, 'smoke')
        const check = stepOf(job, 'check')
        expect(check.outputs).toMatchObject({ outcome: 'success', 'smoke-passed': 'true', 'pipeline-name': 'ccfraud-pr-42' })
        const post = stepOf(job, 'check', 'post')
        expect(post.log.join('\n')).toMatch(/teardown: deployment ccfraud-pr-42-\d+ undeployed; pipeline "ccfraud-pr-42" deleted/)
        const comments = githubApi!.commentsOn(42)
        expect(comments).toHaveLength(1)
        expect(comments[0].body).toContain('Wallaroo deploy of `ccfraud-pr-42`: success')
        expect(comments[0].body).toContain('Teardown')
        expect(jobOf(run, 'cleanup').result).toBe('skipped')
      }
    },
    {
      title: 'pull request from a fork: no secrets and a read-only token, so it runs on the emulator and only warns about the comment',
      event: { name: 'pull_request', action: 'opened', number: 43, fork: true },
      githubApi: true,
      expect: 'success',
      check: (run, { githubApi }) => {
        const job = jobOf(run, 'smoke')
        expect(stepOf(job, 'check').outputs.outcome).toBe('success')
        expect(job.annotations.map((a) => a.message).join('\n')).toContain(
          "The pull request comment was not written: GitHub refused the token (HTTP 403). Give the job 'permissions: pull-requests: write'"
        )
        expect(githubApi!.commentsOn(43)).toEqual([])
      }
    },
    {
      title: 'closed pull request: the cleanup job undeploys (nothing left, so NotDeployed)',
      event: { name: 'pull_request', action: 'closed', number: 42, merged: true },
      githubApi: true,
      expect: 'success',
      check: (run) => {
        expect(jobOf(run, 'smoke').result).toBe('skipped')
        expect(jobOf(run, 'cleanup').steps.find((st) => st.uses?.includes('wallaroo-action@'))?.outputs.status).toBe('NotDeployed')
      }
    },
    {
      title: 'schedule: the sweep job runs and removes nothing it should keep',
      event: { name: 'schedule' },
      githubApi: true,
      expect: 'success',
      check: (run) => {
        expect(stepOf(jobOf(run, 'sweep'), 'sweep').outputs.swept ?? '[]').toBe('[]')
      }
    }
  ],
  'examples/shadow-deploy.yml': [
    {
      title: 'push to main: the candidate shadows the champion, is compared on 40 rows and promoted within the gates',
      event: { name: 'push', branch: 'main' },
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'shadow')
        const shadow = stepOf(job, 'shadow')
        expect(shadow.outputs.outcome).toBe('success')
        expect(Number(shadow.outputs['live-max-deviation'])).toBeGreaterThan(0.05)
        expect(Number(shadow.outputs['live-changed-rows'])).toBeLessThanOrEqual(4)
        expect(job.summary).toContain('### Champion and challenger')
        expect(job.summary).toContain('now serves alone')
        expect(stepOf(job, 'Report').log.join('\n')).toContain('outcome: success')
        expect(stepOf(job, 'Report').log.join('\n')).toMatch(/largest deviation from the champion: 0\.\d+; rows that changed class: 1/)
      }
    }
  ],
  'examples/canary.yml': [
    {
      title: 'push to main: 30 % of the requests go to the candidate, sticky by customer',
      event: { name: 'push', branch: 'main' },
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'canary')
        expect(stepOf(job, 'canary').outputs.outcome).toBe('success')
        expect(job.summary).toContain('gets 30% of the requests')
        expect(job.summary).toContain('sticky by column <code>customer</code>')
        expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
          ['canary', 'success'],
          ['settle', 'skipped']
        ])
      }
    },
    ...(['promote', 'reject'] as const).map((decision): Scenario => ({
      title: `workflow_dispatch with ${decision}: the pipeline ends with one model`,
      event: { name: 'workflow_dispatch', inputs: { decision } },
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'settle')
        const settle = stepOf(job, 'settle')
        expect(settle.outputs.outcome).toBe('success')
        expect(job.summary).toContain(decision === 'promote' ? 'challenger "ccfraud-candidate"' : 'champion "ccfraud"')
        expect(job.summary).toContain('now serves alone')
      }
    }))
  ]
}

const WORKFLOW_DIRECTORIES = ['examples', '.github/workflows']

/** Workflow files (relative paths), from the directories that exist. */
function discoverWorkflows(): string[] {
  return WORKFLOW_DIRECTORIES.flatMap((dir) => {
    const absolute = path.join(PROJECT_ROOT, dir)
    if (!existsSync(absolute)) return []
    return readdirSync(absolute)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => `${dir}/${name}`)
  })
}

async function runScenario(file: string, scenario: Scenario): Promise<void> {
  const context: ScenarioContext = {}
  try {
    if (scenario.emulator) context.emulator = await startEmulatorProcess([...(Array.isArray(scenario.emulator) ? scenario.emulator : []), ...credentialArgs()])
    if (scenario.githubApi) context.githubApi = await startGitHubApiStandIn()
    const run = await runWorkflow(path.join(PROJECT_ROOT, file), {
      cwd: PROJECT_ROOT,
      event: scenario.event,
      secrets: { ...(context.emulator ? { WALLAROO_USER: TEST_CREDENTIALS.user, WALLAROO_PASSWORD: TEST_CREDENTIALS.password } : {}), ...scenario.secrets },
      vars: { ...(context.emulator ? { WALLAROO_URL: context.emulator.url } : {}), ...scenario.vars },
      env: scenario.env,
      githubApi: context.githubApi,
      ...scenario.options
    })
    const outcome = run.triggered ? run.conclusion : 'not triggered'
    expect({ outcome, run: outcome === scenario.expect ? '' : describeWorkflowRun(run) }).toEqual({ outcome: scenario.expect, run: '' })
    await scenario.check?.(run, context)
  } finally {
    await context.emulator?.stop()
    await context.githubApi?.close()
  }
}

const workflows = discoverWorkflows()

describe('workflows of this repository, run locally', () => {
  it('finds the workflows, and every scenario names one that exists', () => {
    expect(workflows).toContain('.github/workflows/ci.yml')
    expect(Object.keys(SCENARIOS).filter((file) => !workflows.includes(file))).toEqual([])
  })

  describe.each(workflows)('%s', (file) => {
    const scenarios = SCENARIOS[file] ?? []
    if (scenarios.length === 0) {
      it('has a scenario', () => {
        throw new Error(`${file} has no scenario: add one to SCENARIOS in __tests__/integration/workflows.test.ts (event, secrets/vars, expected conclusion)`)
      })
      return
    }
    it.each(scenarios.map((s) => [s.title, s] as const))('%s', async (_title, scenario) => runScenario(file, scenario), 120_000)
  })
})

describe('the PR comment of examples/pr-smoke-check.yml', () => {
  it('is created once, then edited in place on the next push (never a second comment)', async () => {
    const githubApi = await startGitHubApiStandIn()
    try {
      const file = path.join(PROJECT_ROOT, 'examples/pr-smoke-check.yml')
      for (const action of ['opened', 'synchronize'] as const) {
        const run = await runWorkflow(file, { cwd: PROJECT_ROOT, event: { name: 'pull_request', action, number: 7 }, githubApi })
        expect({ conclusion: run.conclusion, run: run.conclusion === 'success' ? '' : describeWorkflowRun(run) }).toEqual({ conclusion: 'success', run: '' })
      }
      const comments = githubApi.commentsOn(7)
      expect(comments).toHaveLength(1)
      expect(comments[0].body).toContain('<!-- wallaroo-action:pr-comment workspace=fraud-team-ci pipeline=ccfraud-pr-7 -->')
      expect(githubApi.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1)
      // Each run edits it: the main step with its result, the post step with its teardown.
      expect(githubApi.requestsTo('PATCH', /\/issues\/comments\/\d+$/).length).toBeGreaterThanOrEqual(3)
    } finally {
      await githubApi.close()
    }
  }, 180_000)
})
