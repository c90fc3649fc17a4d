import { describe, expect, it } from '@jest/globals'
import { DefinitionError, readWorkflow } from '../helpers/workflow/definitions.js'
import { dispatchInputs, matchTrigger, resolveEvent, type EventSpec } from '../helpers/workflow/events.js'
import { matchesFilters } from '../helpers/workflow/glob.js'
import { expandMatrix } from '../helpers/workflow/matrix.js'
import { effectivePermissions } from '../helpers/workflow/permissions.js'
import { thrownBy } from '../helpers/thrown.js'

const repo = { repository: 'octo-org/wallaroo-action', defaultBranch: 'main', actor: 'octocat' }

/** A workflow with one trivial job and the given `on:` block. */
const withOn = (on: string) => readWorkflow('wf.yml', `on:\n${on}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n`)

const triggered = (on: string, event: EventSpec) => matchTrigger(withOn(on), resolveEvent(event, repo)).triggered

describe('reading workflow files', () => {
  it('refuses an unknown key, suggesting the nearest one, with the file and path', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./\n        wiht:\n          a: 1\n'
    expect(thrownBy(() => readWorkflow('wf.yml', text), DefinitionError).message).toBe(
      "wf.yml: jobs.a.steps[0].wiht: unknown key 'wiht' (did you mean 'with'?)"
    )
  })

  it('refuses steps with both or neither of run and uses, and with: on a run step', () => {
    const step = (body: string) => `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - ${body}\n`
    expect(thrownBy(() => readWorkflow('wf.yml', step('name: nothing')), DefinitionError).message).toMatch(
      /steps\[0\]: a step needs exactly one of run or uses/
    )
    expect(thrownBy(() => readWorkflow('wf.yml', step('run: x\n        uses: ./')), DefinitionError).message).toMatch(/exactly one of run or uses/)
    expect(thrownBy(() => readWorkflow('wf.yml', step('run: x\n        with: {a: 1}')), DefinitionError).message).toMatch(/with is for uses steps/)
  })

  it('refuses unknown needs, cycles, duplicate step ids and a missing runs-on', () => {
    const jobs = (body: string) => `on: push\njobs:\n${body}`
    const job = (id: string, extra = '') => `  ${id}:\n    runs-on: x\n${extra}    steps:\n      - run: true\n`
    expect(thrownBy(() => readWorkflow('wf.yml', jobs(job('a', '    needs: b\n'))), DefinitionError).message).toMatch(
      /jobs\.a\.needs: 'b' is not a job of this workflow \(jobs: a\)/
    )
    expect(thrownBy(() => readWorkflow('wf.yml', jobs(job('a', '    needs: b\n') + job('b', '    needs: a\n'))), DefinitionError).message).toMatch(
      /cycle: a → b → a/
    )
    expect(
      thrownBy(
        () => readWorkflow('wf.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - {id: s, run: a}\n      - {id: s, run: b}\n'),
        DefinitionError
      ).message
    ).toMatch(/the id 's' is used by another step/)
    expect(thrownBy(() => readWorkflow('wf.yml', 'on: push\njobs:\n  a:\n    steps:\n      - run: a\n'), DefinitionError).message).toMatch(
      /jobs\.a: runs-on is required/
    )
  })

  it('reports YAML errors (here a duplicate key) with line and column', () => {
    expect(thrownBy(() => readWorkflow('wf.yml', 'on: push\njobs: {}\non: pull_request\n'), DefinitionError).message).toMatch(
      /^wf\.yml:3:1: not valid YAML: Map keys must be unique/
    )
  })

  it('says what the local runner does not support instead of ignoring it', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    services:\n      db: {image: postgres}\n    steps:\n      - run: a\n'
    expect(thrownBy(() => readWorkflow('wf.yml', text), DefinitionError).message).toMatch(/services is not supported by the local runner/)
  })
})

describe('on: filters', () => {
  it('runs pushes to listed branches only, with globs and negations', () => {
    const on = '  push:\n    branches: [main, "release/**", "!release/old*"]'
    expect(triggered(on, { name: 'push', branch: 'main' })).toBe(true)
    expect(triggered(on, { name: 'push', branch: 'release/1.2/rc' })).toBe(true)
    expect(triggered(on, { name: 'push', branch: 'release/old-1' })).toBe(false)
    expect(triggered(on, { name: 'push', branch: 'feature' })).toBe(false)
    expect(triggered(on, { name: 'push', tag: 'v1' })).toBe(false)
  })

  it('runs pull_request for opened, synchronize and reopened by default, and for listed types otherwise', () => {
    expect(triggered('  pull_request:', { name: 'pull_request', action: 'synchronize' })).toBe(true)
    expect(triggered('  pull_request:', { name: 'pull_request', action: 'closed' })).toBe(false)
    expect(triggered('  pull_request:\n    types: [closed]', { name: 'pull_request', action: 'closed' })).toBe(true)
    expect(triggered('  pull_request:\n    branches: [main]', { name: 'pull_request', baseRef: 'develop' })).toBe(false)
  })

  it('says why a workflow does not run', () => {
    const result = matchTrigger(withOn('  push:\n    branches: [main]'), resolveEvent({ name: 'push', branch: 'dev' }, repo))
    expect(result).toEqual({ triggered: false, reason: 'push to refs/heads/dev does not pass the branches filter', notes: [] })
    expect(matchTrigger(withOn('  push:'), resolveEvent('schedule', repo)).reason).toBe('the workflow does not run on schedule (on: push)')
  })

  it('matches schedules by cron and notes paths filters it cannot check without changed files', () => {
    const on = "  schedule:\n    - cron: '0 3 * * *'"
    expect(triggered(on, { name: 'schedule', cron: '0 3 * * *' })).toBe(true)
    expect(triggered(on, { name: 'schedule', cron: '0 4 * * *' })).toBe(false)
    const paths = matchTrigger(withOn('  push:\n    paths: ["src/**"]'), resolveEvent('push', repo))
    expect(paths.notes).toEqual(['paths filters were not checked (give the event changedFiles to check them)'])
    expect(triggered('  push:\n    paths: ["src/**"]', { name: 'push', changedFiles: ['README.md'] })).toBe(false)
  })

  it('filter patterns: * stops at /, ** does not, ? and + quantify the previous character', () => {
    expect(matchesFilters('feature/x', ['feature/*'])).toBe(true)
    expect(matchesFilters('feature/x/y', ['feature/*'])).toBe(false)
    expect(matchesFilters('v10', ['v1+0'])).toBe(true)
    expect(matchesFilters('v0', ['v1?0'])).toBe(true)
  })

  it('builds workflow_dispatch inputs with defaults and types, refusing undeclared or missing required ones', () => {
    const wf = withOn(
      '  workflow_dispatch:\n    inputs:\n      dry: {type: boolean, default: false}\n      env: {type: choice, options: [dev, prod], required: true}'
    )
    expect(dispatchInputs(wf, resolveEvent({ name: 'workflow_dispatch', inputs: { env: 'prod' } }, repo))).toEqual({ dry: false, env: 'prod' })
    expect(thrownBy(() => dispatchInputs(wf, resolveEvent({ name: 'workflow_dispatch', inputs: {} }, repo)), DefinitionError).message).toMatch(
      /input 'env' is required/
    )
    expect(thrownBy(() => dispatchInputs(wf, resolveEvent({ name: 'workflow_dispatch', inputs: { env: 'qa' } }, repo)), DefinitionError).message).toMatch(
      /"qa", not one of \["dev","prod"\]/
    )
    expect(
      thrownBy(() => dispatchInputs(wf, resolveEvent({ name: 'workflow_dispatch', inputs: { env: 'dev', x: '1' } }, repo)), DefinitionError).message
    ).toMatch(/input 'x' is not declared/)
  })
})

describe('events', () => {
  it('gives a pull_request the merge ref, a merge-commit sha and the payload fields actions read', () => {
    const event = resolveEvent({ name: 'pull_request', number: 12, headSha: 'h'.repeat(40) }, repo)
    expect(event.ref).toBe('refs/pull/12/merge')
    expect(event.sha).not.toBe('h'.repeat(40))
    expect(event.payload).toMatchObject({
      action: 'opened',
      number: 12,
      pull_request: { number: 12, state: 'open', merged: false, head: { sha: 'h'.repeat(40) } }
    })
    const closed = resolveEvent({ name: 'pull_request', action: 'closed', number: 12, merged: true }, repo)
    expect(closed.payload).toMatchObject({ pull_request: { state: 'closed', merged: true } })
  })
})

describe('strategy.matrix', () => {
  it('expands the product in key order and removes partial exclude matches', () => {
    expect(expandMatrix({ os: ['a', 'b'], node: [20, 24], exclude: [{ os: 'b', node: 20 }] }, 'm')).toEqual([
      { os: 'a', node: 20 },
      { os: 'a', node: 24 },
      { os: 'b', node: 24 }
    ])
  })

  it('merges include entries into combinations they do not change, and adds the others as new ones (the docs example)', () => {
    const include = [
      { color: 'green' },
      { color: 'pink', animal: 'cat' },
      { fruit: 'apple', shape: 'circle' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' }
    ]
    expect(expandMatrix({ fruit: ['apple', 'pear'], animal: ['cat', 'dog'], include }, 'm')).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' }
    ])
  })

  it('refuses a matrix that produces nothing or a key that is not a list', () => {
    expect(() => expandMatrix({ a: [1], exclude: [{ a: 1 }] }, 'jobs.x')).toThrow(/jobs\.x: strategy\.matrix produces no job/)
    expect(() => expandMatrix({ a: 1 }, 'jobs.x')).toThrow(/strategy\.matrix\.a must be a non-empty list/)
  })
})

describe('token permissions', () => {
  it('defaults to restricted (contents and packages read), and a permissions block sets the rest to none', () => {
    const restricted = effectivePermissions(undefined, undefined, 'wf', 'restricted', false)
    expect([restricted.contents, restricted['pull-requests']]).toEqual(['read', 'none'])
    const declared = effectivePermissions({ 'pull-requests': 'write' }, { contents: 'write' }, 'wf', 'restricted', false)
    expect([declared['pull-requests'], declared.contents]).toEqual(['write', 'none'])
  })

  it('gives a pull request from a fork read access at most', () => {
    expect(effectivePermissions('write-all', undefined, 'wf', 'restricted', true)['pull-requests']).toBe('read')
  })

  it('refuses unknown scopes and values', () => {
    expect(() => effectivePermissions({ 'pull-request': 'write' }, undefined, 'wf.yml: jobs.a', 'restricted', false)).toThrow(
      /wf\.yml: jobs\.a: permissions: unknown scope 'pull-request'/
    )
    expect(() => effectivePermissions({ issues: 'admin' }, undefined, 'wf', 'restricted', false)).toThrow(/permissions\.issues must be read, write or none/)
  })
})
