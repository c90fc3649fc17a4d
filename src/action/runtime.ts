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

/** One ::add-mask:: per secret, however many places announce it; `onSecret` also hears each (the scrubber). */
export function maskOnce(onSecret?: (secret: string) => void): (secret: string) => void {
  const masked = new Set<string>()
  return (secret: string): void => {
    if (secret && !masked.has(secret)) {
      masked.add(secret)
      core.setSecret(secret)
      onSecret?.(secret)
    }
  }
}

/**
 * core's log with phase groups that do not nest (the job log cannot show a group inside a group); every line
 * passes `scrub` first (known secrets in any encoding, see report/scrub.ts).
 */
export function groupedLogger(scrub: (text: string) => string = (t) => t): Logger {
  let depth = 0
  return {
    info: (msg) => core.info(scrub(msg)),
    warning: (msg) => core.warning(scrub(msg)),
    debug: (msg) => core.debug(scrub(msg)),
    group: (title) => {
      if (depth++ === 0) core.startGroup(title)
    },
    endGroup: () => {
      if (--depth === 0) core.endGroup()
    }
  }
}
