/**
 * The post step: stop the emulator the main step started (SIGTERM, then SIGKILL after 5 s) and print
 * the last lines of its log, so a failed job shows what the emulator saw last.
 */
import { lastLines, readLog } from './process-log.js'

/** What the post step needs from the runner. */
export interface StopDeps {
  getState: (name: string) => string
  info: (line: string) => void
  group: <T>(title: string, fn: () => Promise<T>) => Promise<T>
  /** Sends a signal; `0` only checks that the process exists (process.kill by default). */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void
}

/** How many log lines the post step prints. */
const TAIL_LINES = 40

/** Stop the emulator; never throws (a post step has nothing left to fail). */
export async function stopEmulatorStep(deps: StopDeps): Promise<'stopped' | 'already stopped' | 'not started'> {
  const kill = deps.kill ?? ((pid: number, signal: NodeJS.Signals | 0) => process.kill(pid, signal))
  const pid = Number(deps.getState('pid'))
  const logFile = deps.getState('log-file')
  if (!Number.isInteger(pid) || pid <= 0) {
    deps.info('The emulator was not started, so there is nothing to stop.')
    return 'not started'
  }
  const alive = (): boolean => {
    try {
      kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  let outcome: 'stopped' | 'already stopped' = 'already stopped'
  if (alive()) {
    kill(pid, 'SIGTERM')
    const deadline = Date.now() + 5000
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    if (alive()) {
      kill(pid, 'SIGKILL')
      // SIGKILL is not instant either: wait (briefly) until it is gone, so "stopped" is true when it is said.
      const killDeadline = Date.now() + 2000
      while (alive() && Date.now() < killDeadline) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    outcome = 'stopped'
    deps.info(`Stopped the Wallaroo emulator (pid ${pid}).`)
  } else {
    deps.info(`The Wallaroo emulator (pid ${pid}) had already stopped.`)
  }
  if (logFile) {
    const tail = lastLines(readLog(logFile), TAIL_LINES)
    await deps.group(`Last ${tail.length} lines of the emulator's log (${logFile})`, async () => {
      for (const line of tail) deps.info(line)
    })
  }
  return outcome
}
