/**
 * Shared setup of the workflow runner's own tests: a temporary workspace with the fixture actions linked in
 * as `actions/`, and `runYaml` that runs inline workflow YAML there with short cancellation grace periods.
 */
import { afterAll, beforeAll, expect } from '@jest/globals'
import path from 'node:path'
import {
  describeWorkflowRun,
  makeWorkflowWorkspace,
  PROJECT_ROOT,
  runWorkflowText,
  type RunWorkflowOptions,
  type WorkflowResult,
  type WorkflowWorkspace
} from './workflow-runner.js'

/** The fixture actions (linked as `./actions` into each test workspace). */
export const FIXTURE_ACTIONS = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'actions')

/** A workspace for one test file, valid from its beforeAll on, and a runner for inline workflows in it. */
export function useWorkflowTestbed(): { readonly workspace: WorkflowWorkspace; runYaml(yaml: string, options?: RunWorkflowOptions): Promise<WorkflowResult> } {
  let workspace: WorkflowWorkspace | undefined
  beforeAll(() => {
    workspace = makeWorkflowWorkspace({ links: { actions: FIXTURE_ACTIONS } })
  })
  afterAll(() => workspace?.cleanup())
  const ws = () => {
    if (!workspace) throw new Error('the workflow testbed is not set up yet: use it inside a test')
    return workspace
  }
  return {
    get workspace() {
      return ws()
    },
    runYaml: (yaml, options = {}) => runWorkflowText(yaml, { cwd: ws().dir, sigintGraceMs: 300, sigtermGraceMs: 300, orphanGraceMs: 500, ...options })
  }
}

/** The run ended with `conclusion`; otherwise the assertion shows the whole run. */
export function expectConclusion(run: WorkflowResult, conclusion: WorkflowResult['conclusion']): void {
  expect({ conclusion: run.conclusion, run: run.conclusion === conclusion ? '' : describeWorkflowRun(run) }).toEqual({ conclusion, run: '' })
}
