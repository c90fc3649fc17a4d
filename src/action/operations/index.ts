/** One function per operation; main dispatches on `operation`. */
import type { RunContext } from '../context.js'
import type { Operation } from '../settings.js'
import { runCopyPipeline } from './copy-pipeline.js'
import { runCreatePipeline } from './create-pipeline.js'
import { runGetUrl } from './get-url.js'
import { runInfer } from './infer.js'
import { runStatus } from './status.js'
import { runUndeploy } from './undeploy.js'
import { runSweep } from './sweep.js'
import { runUploadModel } from './upload-model.js'
// Champion and challenger
import { runPromote } from './promote.js'
import { runReject } from './reject.js'
import { runDeployWithStrategy } from './strategy.js'

/** The implementation of each operation. */
export const operations: Record<Operation, (ctx: RunContext) => Promise<void>> = {
  deploy: runDeployWithStrategy,
  'upload-model': runUploadModel,
  'create-pipeline': runCreatePipeline,
  undeploy: runUndeploy,
  'copy-pipeline': runCopyPipeline,
  status: runStatus,
  infer: runInfer,
  'get-url': runGetUrl,
  sweep: runSweep,
  // Champion and challenger
  promote: runPromote,
  reject: runReject
}
