import { describe, expect, it } from '@jest/globals'
import { jobOf, stepOf } from '../helpers/workflow-runner.js'
import { expectConclusion, useWorkflowTestbed } from '../helpers/workflow-testbed.js'

const testbed = useWorkflowTestbed()

describe('run steps: environment and file commands', () => {
  it('layers env (options < workflow < job < GITHUB_ENV < step) in the process and the env context', async () => {
    const run = await testbed.runYaml(
      `
on: push
env: { LEVEL: workflow, W: w }
jobs:
  a:
    runs-on: ubuntu-latest
    env: { LEVEL: job, J: j }
    steps:
      - run: echo "LEVEL=from-github-env" >> "$GITHUB_ENV"
      - id: show
        env: { S: s }
        run: |
          echo "process=$LEVEL/$W/$J/$S/$FROM_OPTIONS/$ACT"
          echo "context=\${{ env.LEVEL }}/\${{ env.S }}/\${{ env.FROM_OPTIONS }}"
      - id: step-wins
        env: { LEVEL: step }
        if: env.LEVEL == 'step'
        run: echo "LEVEL=$LEVEL"
`,
      { env: { FROM_OPTIONS: 'o', LEVEL: 'options' } }
    )
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'show').log).toEqual(['process=from-github-env/w/j/s/o/true', 'context=from-github-env/s/o'])
    expect(stepOf(job, 'step-wins').log).toEqual(['LEVEL=step'])
  })

  it('reads outputs (name=value and heredoc), prepends GITHUB_PATH, collects the job summary', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: out
        run: |
          echo "plain=one" >> "$GITHUB_OUTPUT"
          { echo "multi<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_OUTPUT"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool ran\\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
          echo "## Heading" >> "$GITHUB_STEP_SUMMARY"
      - id: use
        run: |
          mytool
          echo "\${{ steps.out.outputs.plain }}|\${{ steps.out.outputs.multi }}"
          test -z "$GITHUB_STATE" && echo "no GITHUB_STATE for run steps"
          echo "second" >> "$GITHUB_STEP_SUMMARY"
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'out').outputs).toEqual({ plain: 'one', multi: 'line 1\nline 2' })
    expect(stepOf(job, 'use').log).toEqual(['tool ran', 'one|line 1', 'line 2', 'no GITHUB_STATE for run steps'])
    expect(job.summary).toBe('## Heading\nsecond\n')
  })

  it('fails a step whose GITHUB_OUTPUT is malformed, naming the file command', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: bad
        run: echo "no equals sign" >> "$GITHUB_OUTPUT"
`)
    expectConclusion(run, 'failure')
    expect(stepOf(jobOf(run, 'a'), 'bad').error).toBe('GITHUB_OUTPUT: invalid line "no equals sign" (write name=value or name<<DELIMITER)')
  })
})

describe('run steps: logs, masks and annotations', () => {
  it('masks secrets and ::add-mask:: values from then on, in logs, annotations and the summary', async () => {
    const run = await testbed.runYaml(
      `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      leaky: \${{ steps.s.outputs.leak }}
      clean: \${{ steps.s.outputs.clean }}
    steps:
      - id: s
        run: |
          echo "before mask: derived-value"
          echo "::add-mask::derived-value"
          echo "after mask: derived-value, secret \${{ secrets.API_KEY }}"
          echo "::error file=app.py,line=3,title=Oops \${{ secrets.API_KEY }}::bad \${{ secrets.API_KEY }}"
          echo "key \${{ secrets.API_KEY }}" >> "$GITHUB_STEP_SUMMARY"
          echo "leak=\${{ secrets.API_KEY }}" >> "$GITHUB_OUTPUT"
          echo "clean=fine" >> "$GITHUB_OUTPUT"
`,
      { secrets: { API_KEY: 'sk-123456' } }
    )
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    const step = stepOf(job, 's')
    expect(step.log).toEqual(['before mask: derived-value', 'after mask: ***, secret ***', '##[error]bad ***'])
    expect(step.annotations).toEqual([{ level: 'error', message: 'bad ***', title: 'Oops ***', file: 'app.py', line: 3, step: step.name }])
    expect(job.summary).toBe('key ***\n')
    // The runner drops job outputs that reveal a secret, with a warning.
    expect(job.outputs).toEqual({ clean: 'fine' })
    expect(job.annotations).toContainEqual({ level: 'warning', message: "Skip output 'leaky' since it may contain secret." })
    expect(job.masks).toEqual(expect.arrayContaining(['sk-123456', 'derived-value']))
  })

  it('renders groups, hides debug lines unless asked, honours stop-commands', async () => {
    const yaml = `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: s
        run: |
          echo "::group::Phase 1"
          echo "::debug::retrying"
          echo "::endgroup::"
          echo "::stop-commands::pause123"
          echo "::error::not a command now"
          echo "::pause123::"
          echo "::warning::a command again"
`
    const quiet = stepOf(jobOf(await testbed.runYaml(yaml), 'a'), 's')
    expect(quiet.log).toEqual(['##[group]Phase 1', '##[endgroup]', '::error::not a command now', '##[warning]a command again'])
    expect(quiet.annotations.map((a) => a.message)).toEqual(['a command again'])
    const verbose = stepOf(jobOf(await testbed.runYaml(yaml, { debug: true }), 'a'), 's')
    expect(verbose.log).toContain('##[debug]retrying')
  })
})

describe('run steps: shells and working directories', () => {
  it('runs bash -e without pipefail by default and with pipefail for shell: bash, like the runner', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: default-shell
        run: false | true
      - id: explicit-bash
        shell: bash
        run: false | true
`)
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'default-shell').outcome).toBe('success')
    expect(stepOf(job, 'explicit-bash').outcome).toBe('failure')
    expect(stepOf(job, 'explicit-bash').error).toBe('Process completed with exit code 1.')
  })

  it('applies defaults.run (workflow shell, job working-directory), python and custom {0} shells', async () => {
    testbed.workspace.write('sub/marker.txt', 'here')
    const run = await testbed.runYaml(`
on: push
defaults:
  run:
    shell: sh
jobs:
  a:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: sub
    steps:
      - id: where
        run: cat marker.txt; echo " in $(basename "$PWD") with \${BASH_VERSION:+bash}\${BASH_VERSION:-sh}"
      - id: py
        shell: python
        run: print(40 + 2)
      - id: custom
        shell: node {0}
        run: console.log(process.argv.length)
`)
    expectConclusion(run, 'success')
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'where').log).toEqual(['here in sub with sh'])
    expect(stepOf(job, 'py').log).toEqual(['42'])
    expect(stepOf(job, 'custom').log).toEqual(['2'])
  })

  it('fails clearly for a missing working directory and a shell the local runner lacks', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: nowhere
        continue-on-error: true
        working-directory: does-not-exist
        run: echo hi
      - id: pwsh
        shell: pwsh
        run: Write-Output hi
`)
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'nowhere').error).toMatch(
      /^An error occurred trying to start process 'bash' with working directory '.*does-not-exist'\. No such file or directory$/
    )
    expect(stepOf(job, 'pwsh').error).toBe("jobs.a.steps[1]: shell 'pwsh' is not available on the local (Linux) runner")
  })
})

describe('step conditions and results', () => {
  it('after a failure skips default steps, runs failure() and always() steps, and keeps outcome apart from conclusion', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: tolerated
        continue-on-error: true
        run: exit 2
      - id: after-tolerated
        run: echo "tolerated was \${{ steps.tolerated.outcome }}/\${{ steps.tolerated.conclusion }}"
      - id: broken
        run: exit 3
      - id: skipped
        run: echo never
      - id: on-failure
        if: failure()
        run: echo "broken was \${{ steps.broken.outcome }}"
      - id: on-cancel
        if: cancelled()
        run: echo never
      - id: always
        if: \${{ always() }}
        run: echo "skipped was \${{ steps.skipped.outcome }}"
`)
    expectConclusion(run, 'failure')
    const job = jobOf(run, 'a')
    expect(job.steps.map((s) => [s.id, s.outcome, s.conclusion])).toEqual([
      ['tolerated', 'failure', 'success'],
      ['after-tolerated', 'success', 'success'],
      ['broken', 'failure', 'failure'],
      ['skipped', 'skipped', 'skipped'],
      ['on-failure', 'success', 'success'],
      ['on-cancel', 'skipped', 'skipped'],
      ['always', 'success', 'success']
    ])
    expect(stepOf(job, 'after-tolerated').log).toEqual(['tolerated was failure/success'])
    expect(stepOf(job, 'on-failure').log).toEqual(['broken was failure'])
    expect(stepOf(job, 'always').log).toEqual(['skipped was skipped'])
    expect(job.result).toBe('failure')
  })

  it('fails a step whose expression is wrong, naming the place, and still runs always() steps', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: typo
        run: echo "\${{ step.x.outputs.y }}"
      - id: secret-in-if
        if: \${{ always() && secrets.TOKEN != '' }}
        run: echo never
      - id: cleanup
        if: always()
        run: echo cleaned
`)
    const job = jobOf(run, 'a')
    expect(stepOf(job, 'typo').error).toMatch(/^Unrecognized named-value: 'step'\. .*\(in jobs\.a\.steps\[0\]\.run\)$/)
    expect(stepOf(job, 'secret-in-if').error).toMatch(/Unrecognized named-value: 'secrets'.*\(in jobs\.a\.steps\[1\]\.if\)$/)
    expect(stepOf(job, 'cleanup').log).toEqual(['cleaned'])
  })

  it('evaluates step names with expressions and fails a step past its timeout-minutes', async () => {
    const run = await testbed.runYaml(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: slow
        name: Slow step for \${{ github.event_name }}
        # 3 s: bash has surely started sleep by then, so the timeout's SIGINT leaves it orphaned as asserted.
        timeout-minutes: 0.05
        run: sleep 30
      - id: next
        if: always()
        run: echo "slow was \${{ steps.slow.outcome }}"
`)
    const job = jobOf(run, 'a')
    const slow = stepOf(job, 'slow')
    expect([slow.name, slow.outcome, slow.error]).toEqual(['Slow step for push', 'failure', 'The action has timed out.'])
    expect(slow.signalsSent?.[0]).toBe('SIGINT')
    expect(stepOf(job, 'next').log).toEqual(['slow was failure'])
    // The orphaned `sleep` (bash died, sleep did not) is ended at job end, as the runner's orphan cleanup does.
    expect(job.orphans.map((o) => o.command)).toEqual(['sleep 30'])
  })
})
