/**
 * `infer`: the smoke inference alone, against a deployed pipeline (waiting while its deployment is still starting);
 * its answers are written for `write-output` and checked against `expected-output`.
 */
import { required, type RunContext } from '../context.js'
import { phase } from '../run-record.js'
import { runSmoke } from '../steps/smoke.js'
import { checkAnswers } from '../steps/check-answers.js'
import { resolveWorkspace } from '../steps/workspace.js'
import { reachDeployment } from './deployed.js'

/** The `infer` operation. */
export async function runInfer(ctx: RunContext): Promise<void> {
  const { settings } = ctx
  const pipeline = required(settings.pipeline, 'pipeline')
  const input = required(settings.smokeInput, 'smoke-input')
  const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx))
  const url = await reachDeployment(ctx, workspaceId, 'running')
  const smoke = await phase(ctx, 'smoke', `running an inference on "${pipeline}"`, () => runSmoke(ctx, url, input))
  await phase(ctx, 'check', `checking the answers of "${pipeline}"`, async () => checkAnswers(ctx, smoke.records))
}
