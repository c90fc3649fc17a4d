/** `create-pipeline`: the deploy flow up to a pipeline version, without deploying it. */
import type { RunContext } from '../context.js'
import { preparePipeline } from './deploy.js'

/** The `create-pipeline` operation. */
export async function runCreatePipeline(ctx: RunContext): Promise<void> {
  await preparePipeline(ctx)
}
