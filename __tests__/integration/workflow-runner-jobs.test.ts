import { describe, expect, it } from '@jest/globals'
import { describeWorkflowRun, jobOf, stepOf } from '../helpers/workflow-runner.js'
import { expectConclusion, useWorkflowTestbed } from '../helpers/workflow-testbed.js'

const testbed = useWorkflowTestbed()

describe('jobs and needs', () => {
  it('runs jobs in needs order with needs.<job>.outputs and .result', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  report:
    needs: [build, test]
    runs-on: ubuntu-latest
    steps:
      - id: r
        run: echo "\${{ needs.build.outputs.version }} \${{ needs.build.result }} \${{ needs.test.result }} \${{ join(needs.*.result, ',') }}"
  build:
    runs-on: ubuntu-latest
    outputs:
      version: \${{ steps.v.outputs.version }}
    steps:
      - id: v
        run: echo "version=1.2.3" >> "$GITHUB_OUTPUT"
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ needs.build.outputs.version }}" = 1.2.3
`)
    expectConclusion(run, 'success')
    expect(run.jobs.map((j) => j.id)).toEqual(['build', 'test', 'report'])
    expect(stepOf(jobOf(run, 'report'), 'r').log).toEqual(['1.2.3 success success success,success'])
  })

  it('skips dependents of a failed job unless their if calls always() or failure(); failure() sees ancestors', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  notify:
    needs: deploy
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo "deploy was \${{ needs.deploy.result }}"
  cleanup:
    needs: deploy
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo cleanup
`)
    expectConclusion(run, 'failure')
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['build', 'failure'],
      ['deploy', 'skipped'],
      ['notify', 'success'],
      ['cleanup', 'success']
    ])
    expect(jobOf(run, 'deploy').reason).toBe('a job it needs did not succeed (build: failure)')
    expect(jobOf(run, 'notify').steps[0].log).toEqual(['deploy was skipped'])
  })

  it('evaluates job if with github, needs, vars and inputs only, and fails a job whose if names another context', async () => {
    const run = await testbed.runYaml(
      `
on: push
jobs:
  by-var:
    if: vars.ENABLED == 'yes' && github.ref_name == 'main'
    runs-on: ubuntu-latest
    steps:
      - run: echo ran
  off:
    if: vars.OTHER == 'yes'
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  wrong:
    if: secrets.TOKEN != ''
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`,
      { vars: { ENABLED: 'yes' } }
    )
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['by-var', 'success'],
      ['off', 'skipped'],
      ['wrong', 'failure']
    ])
    expect(jobOf(run, 'wrong').annotations[0].message).toMatch(/^jobs\.wrong: Unrecognized named-value: 'secrets'/)
  })

  it('treats a failed job with continue-on-error as success for the run and its dependents', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  flaky:
    continue-on-error: true
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  after:
    needs: flaky
    runs-on: ubuntu-latest
    steps:
      - run: echo "flaky \${{ needs.flaky.result }}"
`)
    expectConclusion(run, 'success')
    expect(jobOf(run, 'after').steps[0].log).toEqual(['flaky success'])
  })
})

describe('matrix jobs', () => {
  it('runs one job per combination with matrix and strategy contexts, named as GitHub names them', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest]
        node: [20, 24]
        include:
          - node: 24
            experimental: true
    steps:
      - id: s
        run: echo "node \${{ matrix.node }} exp=\${{ matrix.experimental || false }} \${{ strategy.job-index }}/\${{ strategy.job-total }}"
`)
    expectConclusion(run, 'success')
    expect(run.jobs.map((j) => [j.name, j.runsOn, stepOf(j, 's').log[0]])).toEqual([
      ['test (ubuntu-latest, 20)', 'ubuntu-latest', 'node 20 exp=false 0/2'],
      ['test (ubuntu-latest, 24, true)', 'ubuntu-latest', 'node 24 exp=true 1/2']
    ])
    expect(jobOf(run, 'test', { node: 24 }).matrix).toEqual({ os: 'ubuntu-latest', node: 24, experimental: true })
  })

  it('cancels the remaining combinations after a failure with fail-fast (the default), not without it', async () => {
    const yaml = (failFast: boolean) => `
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: ${failFast}
      matrix:
        n: [1, 2, 3]
    steps:
      - run: test \${{ matrix.n }} != 1
`
    expect((await testbed.runYaml(yaml(true))).jobs.map((j) => j.result)).toEqual(['failure', 'cancelled', 'cancelled'])
    expect((await testbed.runYaml(yaml(false))).jobs.map((j) => j.result)).toEqual(['failure', 'success', 'success'])
  })

  it('expands a matrix given as an expression from an earlier job', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.m.outputs.matrix }}
    steps:
      - id: m
        run: echo 'matrix={"pipeline":["a","b"]}' >> "$GITHUB_OUTPUT"
  deploy:
    needs: plan
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - run: echo \${{ matrix.pipeline }}
`)
    expect(run.jobs.filter((j) => j.id === 'deploy').map((j) => j.steps[0].log[0])).toEqual(['a', 'b'])
  })
})

describe('job settings the run records', () => {
  it('records environment name and url (from step outputs), concurrency and permissions; applies environment secrets', async () => {
    const run = await testbed.runYaml(
      `
on:
  push:
    branches: [main]
permissions:
  contents: read
concurrency: deploy-\${{ github.ref }}
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    environment:
      name: production
      url: \${{ steps.d.outputs.url }}
    concurrency:
      group: pipeline-\${{ vars.PIPELINE }}
      cancel-in-progress: false
    steps:
      - id: d
        run: |
          echo "url=https://example.test/\${{ vars.PIPELINE }}" >> "$GITHUB_OUTPUT"
          echo "key=\${{ secrets.KEY }}"
`,
      { vars: { PIPELINE: 'ccfraud' }, secrets: { KEY: 'repo-key' }, environments: { production: { secrets: { KEY: 'prod-key' } } } }
    )
    expectConclusion(run, 'success')
    const job = jobOf(run, 'deploy')
    expect(job.environment).toEqual({ name: 'production', url: 'https://example.test/ccfraud' })
    expect(job.concurrency).toEqual({ group: 'pipeline-ccfraud', cancelInProgress: false })
    expect(run.concurrency).toEqual({ group: 'deploy-refs/heads/main', cancelInProgress: false })
    expect([job.permissions.contents, job.permissions['pull-requests'], job.permissions.issues]).toEqual(['read', 'write', 'none'])
    expect(job.masks).toContain('prod-key')
    expect(stepOf(job, 'd').log).toEqual(['key=***'])
  })

  it('cancels a job past its timeout-minutes: the running step is interrupted, always() steps still run', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  slow:
    runs-on: ubuntu-latest
    timeout-minutes: 0.01
    steps:
      - id: wait
        run: exec sleep 30
      - id: cleanup
        if: always()
        run: echo cleanup
`)
    const job = jobOf(run, 'slow')
    expect([job.result, job.timedOut]).toEqual(['cancelled', true])
    expect(stepOf(job, 'wait').outcome).toBe('cancelled')
    expect(stepOf(job, 'cleanup').log).toEqual(['cleanup'])
    expect(job.annotations).toContainEqual({
      level: 'error',
      message: 'The job running on runner local-runner has exceeded the maximum execution time of 0.01 minutes.'
    })
  })
})

describe('events and the github context', () => {
  it('does not run when on: filters refuse the event, and says why', async () => {
    const run = await testbed.runYaml('on:\n  push:\n    branches: [main]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo never\n', {
      event: { name: 'push', branch: 'dev' }
    })
    expect([run.triggered, run.conclusion, run.jobs]).toEqual([false, 'skipped', []])
    expect(describeWorkflowRun(run)).toMatch(/not triggered: push to refs\/heads\/dev does not pass the branches filter/)
  })

  it('gives steps the pull request in github.event and the event file, and the runner variables', async () => {
    const run = await testbed.runYaml(
      `
on:
  pull_request:
    types: [opened, synchronize, closed]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: s
        run: |
          echo "\${{ github.event_name }} \${{ github.event.action }} #\${{ github.event.number }} head=\${{ github.event.pull_request.head.sha }} merged=\${{ github.event.pull_request.merged }}"
          echo "$GITHUB_EVENT_NAME $GITHUB_REF $GITHUB_HEAD_REF->$GITHUB_BASE_REF $GITHUB_REPOSITORY"
          node -e 'const e = require(process.env.GITHUB_EVENT_PATH); console.log("file", e.pull_request.number, e.action)'
`,
      { event: { name: 'pull_request', action: 'closed', number: 42, headSha: 'f'.repeat(40), headRef: 'topic', merged: true } }
    )
    expectConclusion(run, 'success')
    expect(stepOf(jobOf(run, 'a'), 's').log).toEqual([
      `pull_request closed #42 head=${'f'.repeat(40)} merged=true`,
      'pull_request refs/pull/42/merge topic->main octo-org/wallaroo-action',
      'file 42 closed'
    ])
  })

  it('gives pull requests from forks no secrets, no vars and a read-only token', async () => {
    const run = await testbed.runYaml(
      `
on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - id: s
        run: echo "secret=[\${{ secrets.KEY }}] var=[\${{ vars.V }}] token=\${{ secrets.GITHUB_TOKEN != '' }}"
`,
      { event: { name: 'pull_request', fork: true }, secrets: { KEY: 'k' }, vars: { V: 'v' } }
    )
    const job = jobOf(run, 'a')
    expect(stepOf(job, 's').log).toEqual(['secret=[] var=[] token=true'])
    expect(job.permissions['pull-requests']).toBe('read')
  })

  it('runs workflow_dispatch with typed inputs and scheduled runs on the default branch', async () => {
    const dispatch = await testbed.runYaml(
      `
on:
  workflow_dispatch:
    inputs:
      dry-run: { type: boolean, default: false }
      target: { type: string, default: staging }
jobs:
  a:
    if: inputs.dry-run
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.target }} \${{ github.event.inputs.dry-run }}"
`,
      { event: { name: 'workflow_dispatch', inputs: { 'dry-run': true } } }
    )
    expect(jobOf(dispatch, 'a').steps[0].log).toEqual(['staging true'])
    const scheduled = await testbed.runYaml(
      "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo $GITHUB_REF\n",
      { event: 'schedule' }
    )
    expect(jobOf(scheduled, 'a').steps[0].log).toEqual(['refs/heads/main'])
  })
})
