/**
 * The real action (action.yml → dist/index.js, rebuilt by `npm run build`) through the local workflow runner:
 * a workflow starts the emulator in a background step, deploys with `uses: ./`, reads the status through
 * `uses: octo-org/wallaroo-action@v1`, and undeploys. Proves the runner protocol end to end: INPUT_* from
 * `with:`, outputs into expressions, masks, environment url, post steps when action.yml declares one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { findJwts, makeDemoWorkspace, type DemoWorkspace } from '../helpers/action-process.js'
import { TEST_CREDENTIALS } from '../helpers/wallaroo-session.js'
import { readAction } from '../helpers/workflow/definitions.js'
import { jobOf, PROJECT_ROOT, runWorkflow, stepOf, type WorkflowResult } from '../helpers/workflow-runner.js'
import { expectConclusion } from '../helpers/workflow-testbed.js'

const WORKFLOW = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'workflows', 'deploy-with-emulator.yml')
let ws: DemoWorkspace
let run: WorkflowResult

beforeAll(async () => {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'index.js'))) throw new Error("dist/index.js is missing: run 'npm run build' first")
  // A checkout-like workspace: the demo model and smoke input, plus the action itself (action.yml and dist/).
  ws = await makeDemoWorkspace(2)
  for (const entry of ['action.yml', 'dist']) symlinkSync(path.join(PROJECT_ROOT, entry), path.join(ws.dir, entry))
  run = await runWorkflow(WORKFLOW, {
    cwd: ws.dir,
    event: { name: 'push', branch: 'main' },
    secrets: { WALLAROO_USER: TEST_CREDENTIALS.user, WALLAROO_PASSWORD: TEST_CREDENTIALS.password },
    env: { PROJECT_ROOT }
  })
}, 120_000)

afterAll(async () => {
  await ws?.cleanup()
})

describe('the real action in a local workflow run', () => {
  it('deploys, reports Running through both uses forms, and undeploys', () => {
    expectConclusion(run, 'success')
    const job = jobOf(run, 'deploy')
    const deploy = stepOf(job, 'deploy')
    expect([deploy.outputs.status, stepOf(job, 'status').outputs.status, stepOf(job, 'undeploy').outputs.status]).toEqual(['Running', 'Running', 'NotDeployed'])
    expect(deploy.outputs['inference-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+/)
    expect(job.environment).toEqual({ name: 'emulator', url: deploy.outputs['inference-url'] })
  })

  it('keeps the password and tokens out of every log and summary', () => {
    const job = jobOf(run, 'deploy')
    const text = JSON.stringify(job.steps.map((s) => [s.log, s.annotations, s.summary, s.outputs]))
    expect(text.includes(TEST_CREDENTIALS.password)).toBe(false)
    expect(findJwts(text)).toEqual([])
    expect(job.summary).toMatch(/harness-pipeline/)
  })

  it("runs the action's post step for each use when action.yml declares one, after the main steps", () => {
    const action = readAction(path.join(PROJECT_ROOT, 'action.yml'), PROJECT_ROOT)
    const hasPost = action.runs.using === 'node' && action.runs.post !== undefined
    const posts = jobOf(run, 'deploy').steps.filter((s) => s.phase === 'post')
    expect(posts.map((s) => [s.id, s.conclusion])).toEqual(
      hasPost
        ? [
            ['undeploy', 'success'],
            ['status', 'success'],
            ['deploy', 'success']
          ]
        : []
    )
  })

  it('ends the background emulator (and the esbuild service tsx started) at the end of the job', () => {
    expect(jobOf(run, 'deploy').orphans.map((o) => o.command)).toEqual(expect.arrayContaining([expect.stringContaining('src/emulator/cli.ts')]))
  })
})
