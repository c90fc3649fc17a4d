/**
 * `dry-run: true`: the API the planners get. Every method that changes something on the server throws, so a
 * dry run cannot change anything even through a planner's bug; reads pass through.
 */
import type { WallarooApi } from './api.js'

/** Methods of WallarooApi that change server state (or, for infer, run the model). */
const WRITES: ReadonlySet<string> = new Set([
  'createWorkspace',
  'uploadModel',
  'createPipeline',
  'copyPipeline',
  'deployPipeline',
  'undeployPipeline',
  'deletePipeline',
  'infer'
])

/** Wraps `api` so that writes fail loudly instead of reaching the server. */
export function readOnly(api: WallarooApi): WallarooApi {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof prop === 'string' && WRITES.has(prop)) {
        return () => Promise.reject(new Error(`internal: the dry run tried to call ${prop}, which would change the server; nothing was sent`))
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    }
  })
}
