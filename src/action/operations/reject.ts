/** `reject`: a pipeline that runs a canary or a shadow deploy goes back to its champion alone (see promote.ts). */
import type { RunContext } from '../context.js'
import { settleOnOne } from './promote.js'

/** The `reject` operation. */
export async function runReject(ctx: RunContext): Promise<void> {
  await settleOnOne(ctx, 'reject')
}
