/**
 * Which contexts and functions each place of a workflow or action may use, from GitHub's "Context availability"
 * table. Checking them locally catches what GitHub would reject before running, e.g. `secrets` in a step's `if:`.
 */
import type { Scope } from './expressions.js'

const STATUS = ['success', 'failure', 'cancelled', 'always']

const scope = (where: string, contexts: string[], functions: string[] = []): Scope => ({ where, contexts, functions })

/** Expression scopes by place. `where` names the place in error messages; callers refine it with a path. */
export const SCOPES = {
  workflowEnv: scope('env', ['github', 'secrets', 'inputs', 'vars']),
  workflowConcurrency: scope('concurrency', ['github', 'inputs', 'vars']),
  runName: scope('run-name', ['github', 'inputs', 'vars']),
  jobIf: scope('jobs.<job>.if', ['github', 'needs', 'vars', 'inputs'], STATUS),
  jobStrategy: scope('jobs.<job>.strategy', ['github', 'needs', 'vars', 'inputs']),
  /** name, runs-on, environment (name), concurrency, timeout-minutes, continue-on-error of a job. */
  jobSetting: scope('jobs.<job>', ['github', 'needs', 'strategy', 'matrix', 'vars', 'inputs']),
  jobEnv: scope('jobs.<job>.env', ['github', 'needs', 'strategy', 'matrix', 'vars', 'secrets', 'inputs']),
  jobDefaults: scope('jobs.<job>.defaults.run', ['github', 'needs', 'strategy', 'matrix', 'env', 'vars', 'inputs']),
  jobOutputs: scope('jobs.<job>.outputs', ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'secrets', 'steps', 'inputs']),
  environmentUrl: scope('jobs.<job>.environment.url', ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'steps', 'inputs']),
  /** A step's `if:` cannot read `secrets` (GitHub refuses the workflow). */
  stepIf: scope('jobs.<job>.steps.if', ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'steps', 'inputs'], [...STATUS, 'hashfiles']),
  /** with, env, run, name, working-directory, shell, continue-on-error, timeout-minutes of a step. */
  step: scope('jobs.<job>.steps', ['github', 'needs', 'strategy', 'matrix', 'secrets', 'steps', 'job', 'runner', 'env', 'vars', 'inputs'], ['hashfiles']),
  /** Steps inside a composite action: no `secrets`, `needs` or `vars`; `inputs` are the action's. */
  compositeIf: scope('runs.steps.if', ['github', 'strategy', 'matrix', 'steps', 'job', 'runner', 'env', 'inputs'], [...STATUS, 'hashfiles']),
  compositeStep: scope('runs.steps', ['github', 'strategy', 'matrix', 'steps', 'job', 'runner', 'env', 'inputs'], ['hashfiles']),
  compositeOutputs: scope('outputs.<output>.value', ['github', 'strategy', 'matrix', 'steps', 'job', 'runner', 'env', 'inputs']),
  /** Defaults of action inputs (`default: ${{ github.token }}`). */
  actionInputDefault: scope('inputs.<input>.default', ['github', 'strategy', 'matrix', 'job', 'runner', 'env']),
  postIf: scope('runs.post-if', ['github', 'strategy', 'matrix', 'steps', 'job', 'runner', 'env'], STATUS)
} satisfies Record<string, Scope>

/** The scope with `where` replaced by a precise location (e.g. `jobs.test.steps[2].if`). */
export function at(base: Scope, where: string): Scope {
  return { ...base, where }
}
