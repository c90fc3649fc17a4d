/** Process-level helpers shared by the main and post steps: the real sleep and once-only masking. */
import * as core from '#actions-core'
import type { Logger } from './api.js'

/** setTimeout as a promise that also ends on abort, so a stopped wait leaves no timer keeping the process alive. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** One ::add-mask:: per secret, however many places announce it. */
export function maskOnce(): (secret: string) => void {
  const masked = new Set<string>()
  return (secret: string): void => {
    if (secret && !masked.has(secret)) {
      masked.add(secret)
      core.setSecret(secret)
    }
  }
}

/** core's log with phase groups that do not nest (the job log cannot show a group inside a group). */
export function groupedLogger(): Logger {
  let depth = 0
  return {
    info: core.info,
    warning: core.warning,
    debug: core.debug,
    group: (title) => {
      if (depth++ === 0) core.startGroup(title)
    },
    endGroup: () => {
      if (--depth === 0) core.endGroup()
    }
  }
}
