/** Process-level helpers shared by the main and post steps: the real sleep and once-only masking. */
import * as core from '@actions/core'

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
