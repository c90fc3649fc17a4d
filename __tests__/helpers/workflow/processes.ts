/**
 * Step processes as the runner handles them: output read line by line from both streams; on cancellation or a
 * step timeout SIGINT to the process, SIGTERM after a grace period (7.5 s on the runner), then SIGKILL (2.5 s
 * later), each to the step's process only, as the runner's ProcessInvoker does; and at the end of a job, the "orphan process" cleanup that ends what steps
 * left running in the background (found, as the runner finds them, by RUNNER_TRACKING_ID in their environment).
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'

/** How a step process is run and interrupted. */
export interface ProcessOptions {
  cwd: string
  env: Record<string, string>
  /** Each complete line of output, in arrival order per stream. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void
  /** Aborting it starts the interrupt sequence (cancellation or step timeout). */
  interrupt: AbortSignal
  /** SIGINT → SIGTERM (the runner: 7500 ms). */
  sigintGraceMs: number
  /** SIGTERM → SIGKILL (the runner: 2500 ms). */
  sigtermGraceMs: number
}

/** How a step process ended. */
export interface ProcessResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** True when the interrupt sequence was started. */
  interrupted: boolean
  /** The signals sent, in order (for tests of the cancellation sequence). */
  signalsSent: NodeJS.Signals[]
  /** Set when the process could not start. */
  startError?: string
}

/** How long to keep reading after exit when a background child still holds the output pipe open. */
const DRAIN_AFTER_EXIT_MS = 1000

function lineReader(stream: Readable, emit: (line: string) => void): { flush: () => void } {
  let buffer = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    buffer += chunk
    let newline: number
    while ((newline = buffer.indexOf('\n')) >= 0) {
      emit(buffer.slice(0, newline))
      buffer = buffer.slice(newline + 1)
    }
  })
  return {
    flush: () => {
      if (buffer !== '') emit(buffer)
      buffer = ''
    }
  }
}

/** Runs a step process to its end; never rejects (a start failure is reported in the result). */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const signalsSent: NodeJS.Signals[] = []
    let interrupted = false
    let finished = false
    const timers: NodeJS.Timeout[] = []
    // Its own process group, so a Ctrl-C in the terminal running the tests does not reach steps directly.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let live = true
    const emit = (stream: 'stdout' | 'stderr') => (line: string) => {
      if (live) options.onLine(line, stream)
    }
    const out = lineReader(child.stdout, emit('stdout'))
    const err = lineReader(child.stderr, emit('stderr'))
    const send = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return
      try {
        process.kill(child.pid, signal)
        signalsSent.push(signal)
      } catch {
        // Already gone.
      }
    }
    const onInterrupt = () => {
      if (finished || interrupted) return
      interrupted = true
      send('SIGINT')
      timers.push(setTimeout(() => send('SIGTERM'), options.sigintGraceMs))
      timers.push(setTimeout(() => send('SIGKILL'), options.sigintGraceMs + options.sigtermGraceMs))
    }
    if (options.interrupt.aborted) setImmediate(onInterrupt)
    else options.interrupt.addEventListener('abort', onInterrupt, { once: true })

    const finish = (result: Omit<ProcessResult, 'interrupted' | 'signalsSent'>) => {
      if (finished) return
      finished = true
      for (const timer of timers) clearTimeout(timer)
      options.interrupt.removeEventListener('abort', onInterrupt)
      resolve({ ...result, interrupted, signalsSent })
    }
    child.on('error', (error) => {
      live = false
      finish({ exitCode: null, signal: null, startError: error.message })
    })
    child.on('exit', (exitCode, signal) => {
      const ended = (stream: Readable) => new Promise<void>((r) => (stream.readableEnded || stream.destroyed ? r() : stream.once('close', () => r())))
      const drained = Promise.all([ended(child.stdout), ended(child.stderr)])
      const cap = new Promise<void>((r) => setTimeout(r, DRAIN_AFTER_EXIT_MS).unref())
      void Promise.race([drained, cap]).then(() => {
        out.flush()
        err.flush()
        // A background child may keep writing; keep reading (so it never gets EPIPE) but stop logging.
        live = false
        child.stdout.resume()
        child.stderr.resume()
        finish({ exitCode, signal })
      })
    })
  })
}

/** A process found by its RUNNER_TRACKING_ID. */
export interface OrphanProcess {
  pid: number
  command: string
}

function processesTrackedBy(trackingId: string): OrphanProcess[] {
  const marker = `RUNNER_TRACKING_ID=${trackingId}`
  const found: OrphanProcess[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return found
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pid === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0')
      if (!environ.includes(marker)) continue
      const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ')
      const status = readFileSync(`/proc/${pid}/stat`, 'latin1')
      // A zombie has already exited; its parent reaps it.
      if (/^\d+ \(.*\) Z/.test(status)) continue
      found.push({ pid, command })
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found
}

/**
 * Ends what the job's steps left running (background servers): SIGTERM, then SIGKILL after `graceMs`.
 * Linux only (reads /proc); elsewhere it finds nothing. Returns what it ended.
 */
export async function cleanUpOrphans(trackingId: string, graceMs: number): Promise<OrphanProcess[]> {
  const orphans = processesTrackedBy(trackingId)
  for (const { pid } of orphans) {
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      // Gone meanwhile.
    }
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && processesTrackedBy(trackingId).length > 0) await new Promise((r) => setTimeout(r, 50))
  for (const { pid } of processesTrackedBy(trackingId)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone meanwhile.
    }
  }
  return orphans
}
