/**
 * A create whose answer was lost: the server may have applied it (a 5xx after the work was done, a connection cut
 * after the request was sent, no answer in time). Creates are never re-sent (a second workspace, model version or
 * pipeline version would be made), so the action looks instead: what it finds is used as if the create had
 * answered; when nothing is there, the failure stands and says nothing was created.
 */
import { WallarooApiError } from '../../wallaroo/errors.js'
import type { Logger } from '../api.js'

/** Whether a failed create may have been applied by the server. */
export function mayHaveApplied(e: unknown): boolean {
  if (!(e instanceof WallarooApiError)) return false
  switch (e.code) {
    case 'SERVER_ERROR':
    case 'UNAVAILABLE':
    case 'TIMEOUT':
    case 'BAD_RESPONSE':
      return true
    case 'NETWORK':
      return e.connectFailed !== true
    default:
      return false
  }
}

/**
 * Runs `create`; when it fails in a way the server may have applied, runs `find` (read-only) and returns what it
 * found, logging that the create went through after all. Otherwise (or when nothing is found) the failure stands,
 * with a note that nothing was created.
 */
export async function createOrFind<T>(what: string, log: Logger, create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
  try {
    return await create()
  } catch (e) {
    if (!mayHaveApplied(e)) throw e
    let found: T | undefined
    try {
      found = await find()
    } catch {
      // Could not look: the create's own failure is the one to report.
      throw e
    }
    if (found === undefined) {
      const err = e as WallarooApiError
      throw new WallarooApiError({
        code: err.code,
        endpoint: err.endpoint,
        attempts: err.attempts,
        ...(err.status !== undefined ? { status: err.status } : {}),
        ...(err.serverMessage !== undefined ? { serverMessage: err.serverMessage } : {}),
        body: err.body,
        ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
        ...(err.connectFailed !== undefined ? { connectFailed: err.connectFailed } : {}),
        message: `${err.detail.replace(/[.\s]+$/, '')} (the action looked: ${what} was not created, so a re-run starts clean)`,
        ...(err.advice !== undefined ? { advice: err.advice } : {}),
        cause: err
      })
    }
    log.warning(`Creating ${what} failed (${(e as WallarooApiError).detail}), but the server had done it: the action found it and goes on with it.`)
    return found
  }
}
