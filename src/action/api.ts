/** The client methods the action calls: operations depend on this, so unit tests can pass a hand-written fake. */
import type { WallarooClient } from '../wallaroo/client.js'

/** The subset of WallarooClient the action uses. */
export type WallarooApi = Pick<
  WallarooClient,
  | 'signIn'
  | 'listWorkspaces'
  | 'createWorkspace'
  | 'uploadModel'
  | 'getModelVersion'
  | 'listModels'
  | 'listModelVersions'
  | 'createPipeline'
  | 'listPipelines'
  | 'copyPipeline'
  | 'deployPipeline'
  | 'undeployPipeline'
  | 'deletePipeline'
  | 'getDeployment'
  | 'getExternalUrl'
  | 'infer'
>

/** Where the action's progress lines go (core.info/warning/debug in production). */
export interface Logger {
  info: (msg: string) => void
  warning: (msg: string) => void
  debug: (msg: string) => void
  /** Folds what follows into a group of the job log, until endGroup (groups do not nest: inner ones are ignored). */
  group?: (title: string) => void
  endGroup?: () => void
}
