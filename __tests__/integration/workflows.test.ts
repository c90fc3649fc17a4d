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
import { describeWorkflowRun, jobOf, makeWorkflowWorkspace, PROJECT_ROOT, runWorkflow, stepOf, type Conclusion, type EventSpec, type RunWorkflowOptions, type WorkflowResult, type WorkflowWorkspace } from '../helpers/workflow-runner.js'
import { buildDemoModel, demoRows } from '../../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../../src/model/data-files.js'

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
  /**
   * The files of a user's repository the workflow reads (models, data): the run then happens in a temporary checkout
   * holding them, with this repository's action.yml, dist/ and emulator/ linked in (so `uses: ./` and
   * `uses: ./emulator` work), instead of in the project root.
   */
  checkout?: () => Record<string, string | Uint8Array>
}

/** The secrets of a workflow that starts its own emulator (`uses: ./emulator`) with them. */
const EMULATOR_SECRETS = { WALLAROO_USER: 'ci@example.com', WALLAROO_PASSWORD: 'example-password' }

/**
 * A user's repository for the champion-and-challenger examples: the champion (the project's model), a candidate with
 * other weights, a smoke file, a comparison file, and rows that carry a customer id for a sticky canary.
 */
function championChallengerCheckout(): Record<string, string | Uint8Array> {
  const rows = demoRows(3)
  return {
    'models/ccfraud.onnx': buildDemoModel(),
    'models/ccfraud-candidate.onnx': buildDemoModel({ bias: 0.1 }),
    'data/smoke.df.json': toPandasRecordsJson(rows),
    'data/compare.df.json': toPandasRecordsJson(demoRows(40, 11)),
    'data/customers.df.json': JSON.stringify(rows.map((row, i) => ({ dense_input: row, customer: `customer-${i}` })))
  }
}

/** Scenarios by workflow file (relative to the project root). Every discovered workflow needs at least one. */
const SCENARIOS: Record<string, Scenario[]> = {
  '.github/workflows/ci.yml': [
    {
      title: 'push to main: checkout and setup-node are no-ops, .ci/run is skipped locally',
      event: { name: 'push', branch: 'main' },
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'test')
        expect(job.steps.map((s) => s.conclusion)).toEqual(['success', 'success', 'skipped'])
        expect(stepOf(job, 'Build, check the build output and test (same script as local CI)').conclusion).toBe('skipped')
        expect(job.permissions.contents).toBe('read')
      }
    },
    { title: 'pull request: the same job runs', event: { name: 'pull_request', action: 'opened', number: 1 }, expect: 'success' },
    { title: 'push to another branch: not run', event: { name: 'push', branch: 'feature' }, expect: 'not triggered' }
  ],
  'examples/shadow-deploy.yml': [
    {
      title: 'push to main: the candidate shadows the champion, is compared on 40 rows and promoted within the gates',
      event: { name: 'push', branch: 'main' },
      secrets: EMULATOR_SECRETS,
      checkout: championChallengerCheckout,
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'shadow')
        const shadow = stepOf(job, 'shadow')
        expect(shadow.outputs.outcome).toBe('success')
        expect(Number(shadow.outputs['live-max-deviation'])).toBeGreaterThan(0.05)
        expect(Number(shadow.outputs['live-changed-rows'])).toBeLessThanOrEqual(4)
        expect(job.summary).toContain('### Champion and challenger')
        expect(job.summary).toContain('now serves alone')
        expect(stepOf(job, 'Report the comparison').log).toContain('outcome: success')
      }
    }
  ],
  'examples/canary.yml': [
    {
      title: 'push to main: 30 % of the requests go to the candidate, sticky by customer',
      event: { name: 'push', branch: 'main' },
      secrets: EMULATOR_SECRETS,
      checkout: championChallengerCheckout,
      expect: 'success',
      check: (run) => {
        const job = jobOf(run, 'canary')
        expect(stepOf(job, 'canary').outputs.outcome).toBe('success')
        expect(job.summary).toContain('gets 30% of the requests')
        expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
          ['canary', 'success'],
          ['settle', 'skipped']
        ])
      }
    },
    ...(['promote', 'reject'] as const).map(
      (decision): Scenario => ({
        title: `workflow_dispatch with ${decision}: the pipeline ends with one model`,
        event: { name: 'workflow_dispatch', inputs: { decision } },
        secrets: EMULATOR_SECRETS,
        checkout: championChallengerCheckout,
        expect: 'success',
        check: (run) => {
          const job = jobOf(run, 'settle')
          const settle = stepOf(job, 'settle')
          expect(settle.outputs.outcome).toBe('success')
          expect(job.summary).toContain(decision === 'promote' ? 'challenger "ccfraud-candidate"' : 'champion "ccfraud"')
          expect(job.summary).toContain('now serves alone')
        }
      })
    )
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

/** A temporary checkout with the scenario's files and this repository's actions linked in. */
function scenarioCheckout(files: Record<string, string | Uint8Array>): WorkflowWorkspace {
  const links = Object.fromEntries(['action.yml', 'dist', 'emulator'].map((entry) => [entry, path.join(PROJECT_ROOT, entry)]))
  return makeWorkflowWorkspace({ links, files })
}

async function runScenario(file: string, scenario: Scenario): Promise<void> {
  const context: ScenarioContext = {}
  const checkout = scenario.checkout ? scenarioCheckout(scenario.checkout()) : undefined
  try {
    if (scenario.emulator) context.emulator = await startEmulatorProcess([...(Array.isArray(scenario.emulator) ? scenario.emulator : []), ...credentialArgs()])
    if (scenario.githubApi) context.githubApi = await startGitHubApiStandIn()
    const run = await runWorkflow(path.join(PROJECT_ROOT, file), {
      cwd: checkout?.dir ?? PROJECT_ROOT,
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
    checkout?.cleanup()
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
