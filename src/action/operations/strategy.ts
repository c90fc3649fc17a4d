/** `deploy` by `strategy`: basic (replace what runs; see deploy.ts), shadow (steps/shadow.ts) or canary (steps/canary.ts). */
import type { RunContext } from '../context.js'
import { runCanaryDeploy } from '../steps/canary.js'
import { runShadowDeploy } from '../steps/shadow.js'
import { runDeploy } from './deploy.js'

/** The `deploy` operation, whichever `strategy` it uses. */
export async function runDeployWithStrategy(ctx: RunContext): Promise<void> {
  switch (ctx.settings.rollout?.strategy ?? 'basic') {
    case 'shadow':
      return runShadowDeploy(ctx)
    case 'canary':
      return runCanaryDeploy(ctx)
    default:
      return runDeploy(ctx)
  }
}
