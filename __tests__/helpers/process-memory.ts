/** A process's resident memory, read from /proc (Linux only): for the tests and the bench that bound or report it. */
import { readFileSync } from 'node:fs'

/**
 * Resident memory now (VmRSS) and its peak so far (VmHWM), in bytes; undefined once the process is gone, or is
 * exiting (a zombie's status has no memory lines).
 */
export function processMemory(pid: number): { rss: number; peak: number } | undefined {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
  const peak = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]
  return rss === undefined || peak === undefined ? undefined : { rss: Number(rss) * 1024, peak: Number(peak) * 1024 }
}
