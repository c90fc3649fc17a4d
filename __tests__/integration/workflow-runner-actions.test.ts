import { describe, expect, it } from '@jest/globals'
import { jobOf, stepOf } from '../helpers/workflow-runner.js'
import { expectConclusion, FIXTURE_ACTIONS, useWorkflowTestbed } from '../helpers/workflow-testbed.js'

const testbed = useWorkflowTestbed()

describe('node actions', () => {
  it('gets INPUT_* as the runner builds them: with values, defaults (also expressions), declared inputs without one empty', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: io
        uses: ./actions/node-io
        with:
          who: \${{ github.actor }}
          input with space: spaced
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    const io = stepOf(job, 'io')
    expect(io.outputs.greeting).toBe('hello octocat')
    expect(io.outputs.space).toBe('spaced')
    expect(io.outputs['input-names'].split(',')).toEqual([
      'INPUT_EXIT-ON-SIGINT',
      'INPUT_FAIL',
      'INPUT_INPUT_WITH_SPACE',
      'INPUT_TOKEN',
      'INPUT_WAIT-FOR-SIGNAL',
      'INPUT_WHO'
    ])
    expect(io.outputs.cwd).toBe(testbed.workspace.dir)
    // `default: ${{ github.token }}` gives the job token, which is a secret: masked in the log.
    expect(Number(io.outputs['token-length'])).toBeGreaterThan(20)
    expect(io.log).toContain('token is ***')
  })

  it('warns about inputs the action does not declare, as the runner does', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: io
        uses: ./actions/node-io
        with:
          whom: typo
`)
    const io = stepOf(jobOf(run, 'a'), 'io')
    expect(io.annotations).toContainEqual({
      level: 'warning',
      message: "Unexpected input(s) 'whom', valid inputs are ['who', 'token', 'input with space', 'fail', 'wait-for-signal', 'exit-on-sigint']",
      step: io.name
    })
  })

  it('runs post steps after all main steps, in reverse order, with the state their main step saved', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: first
        uses: ./actions/node-io
        with: { who: first }
      - id: second
        uses: ./actions/node-io
        with: { who: second }
      - id: last
        run: echo main steps done
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    expect(job.steps.map((s) => `${s.phase}:${s.id}`)).toEqual(['main:first', 'main:second', 'main:last', 'post:second', 'post:first'])
    const post = stepOf(job, 'first', 'post')
    expect(post.name).toBe('Post Run ./actions/node-io')
    expect(post.log).toEqual(['post for first: {"who":"first"}', 'post sees input who=first'])
    expect(job.summary).toBe('post ran for second\npost ran for first\n')
  })

  it('runs a post step after a failed main step (post-if defaults to always()), but not one with post-if: success()', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: guarded
        uses: ./actions/post-on-success
      - id: io
        uses: ./actions/node-io
        with: { who: failing, fail: 'true' }
      - id: not-run
        uses: ./actions/node-io
`)
    expectConclusion(run, 'failure')
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'io').annotations).toContainEqual(expect.objectContaining({ level: 'error', title: 'node-io', message: 'failing as asked' }))
    // A skipped main step registers no post step.
    expect(job.steps.filter((s) => s.phase === 'post').map((s) => [s.id, s.conclusion])).toEqual([
      ['io', 'success'],
      ['guarded', 'skipped']
    ])
  })

  it('maps this repository by name (any owner, any ref, with a subdirectory) to the checkout', async () => {
    const run = await testbed.runYaml(
      `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: by-name
        uses: someone/fixture-actions/node-io@v1
        with: { who: mapped }
`,
      { actionRepositories: ['fixture-actions'], actionRoot: FIXTURE_ACTIONS }
    )
    expectConclusion(run, 'success')
    expect(stepOf(jobOf(run, 'a'), 'by-name').outputs.greeting).toBe('hello mapped')
  })

  it('treats setup actions as no-ops and fails clearly on any other remote action', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with: { node-version: 24 }
      - id: unknown
        uses: someone/unknown-action@v2
`)
    expectConclusion(run, 'failure')
    const job = jobOf(run, 'a')
    expect(job.steps.slice(0, 2).map((s) => s.conclusion)).toEqual(['success', 'success'])
    expect(stepOf(job, 'unknown').error).toMatch(
      /^uses: someone\/unknown-action@v2 is not available locally\. .*pass noopActions: \['someone\/unknown-action'\] if skipping it is right$/
    )
  })

  it('fails clearly when a local action path has no action.yml', async () => {
    const run = await testbed.runYaml('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: missing\n        uses: ./actions/nope\n')
    expect(stepOf(jobOf(run, 'a'), 'missing').error).toMatch(
      /^uses: \.\/actions\/nope: no action\.yml or action\.yaml in .*actions\/nope \(a local action path is relative to the workspace, GITHUB_WORKSPACE\)$/
    )
  })
})

describe('composite actions', () => {
  it('runs steps with the inputs context, GITHUB_ACTION_PATH, a nested local action, and maps outputs', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: greet
        uses: ./actions/composite-greet
        with: { who: ada }
      - run: echo "\${{ steps.greet.outputs.greeting }} / \${{ steps.greet.outputs.shout }}"
        id: show
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    const greet = stepOf(job, 'greet')
    expect(greet.outputs).toEqual({ greeting: 'hello ada', shout: 'ADA' })
    expect(greet.steps?.map((s) => [s.id ?? s.name, s.conclusion])).toEqual([
      ['upper', 'success'],
      ['node', 'success'],
      ['Check GITHUB_ACTION_PATH', 'success'],
      ['Inner failure', 'skipped'],
      ['Inner failure handler', 'skipped']
    ])
    expect(stepOf(job, 'show').log).toEqual(['hello ada / ADA'])
    // The nested node action's post step runs at the end of the job.
    expect(job.steps.filter((s) => s.phase === 'post').map((s) => s.log[0])).toEqual(['post for ada: {"who":"ada"}'])
  })

  it("fails the composite step when an inner step fails; failure() inside sees the composite's own status", async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: greet
        uses: ./actions/composite-greet
        with: { fail-inner: 'true' }
      - id: after
        if: always()
        run: echo "greet \${{ steps.greet.outcome }}"
`)
    expectConclusion(run, 'failure')
    const greet = stepOf(jobOf(run, 'a'), 'greet')
    expect(greet.outcome).toBe('failure')
    expect(greet.steps?.slice(3).map((s) => [s.name, s.conclusion])).toEqual([
      ['Inner failure', 'failure'],
      ['Inner failure handler', 'success']
    ])
    expect(greet.log).toContain('inner failure handled')
    expect(stepOf(jobOf(run, 'a'), 'after').log).toEqual(['greet failure'])
  })
})
