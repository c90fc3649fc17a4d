/**
 * Runs `arrow-mutate-child.ts` and watches it: a decode that prints nothing for `stallMs` is a stall (a hang, for
 * any sane value: a decode takes milliseconds). With `resume` the child is killed and restarted after the stalled
 * mutation (to count stalls of the raw decoder); otherwise the first stall ends the run.
 */
import { spawn } from 'node:child_process'
import { PROJECT_ROOT } from './emulator-process.js'

/** What the child reported, plus the mutations it stalled on. */
export interface MutationRun {
  summary: {
    files: string[]
    total: number
    decoded: number
    refused: number
    kinds: Record<string, number>
    other: string[]
    unreadable: string[]
    samples: string[]
  } | null
  stalls: string[]
  stderr: string
}

/** Runs `count` seeded mutations; `raw` decodes with apache-arrow alone. */
export async function runMutations(opts: { seed: number; count: number; stallMs: number; raw?: boolean; resume?: boolean }): Promise<MutationRun> {
  const stalls: string[] = []
  let skip = 0
  let stderr = ''
  for (;;) {
    const args = [
      '--import',
      'tsx',
      '__tests__/helpers/arrow-mutate-child.ts',
      String(opts.seed),
      String(opts.count),
      `--skip=${skip}`,
      ...(opts.raw ? ['--raw'] : [])
    ]
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let last = ''
    let lastIndex = skip
    let done: string | null = null
    let buffered = ''
    let timer: NodeJS.Timeout | undefined
    const arm = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => child.kill('SIGKILL'), opts.stallMs)
    }
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (line.startsWith('start ')) {
          last = line.slice(6)
          lastIndex = Number(line.split(' ')[1])
          arm()
        } else if (line.startsWith('done ')) {
          done = line.slice(5)
        }
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (c: string) => (stderr += c))
    // Startup (tsx, building the source files) is not a decode: give it more room than one.
    timer = setTimeout(() => child.kill('SIGKILL'), Math.max(opts.stallMs, 30_000))
    // 'close', not 'exit': the child's last lines ('done …') may still be in the pipe when it exits.
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('close', (_code, sig) => resolve(sig)))
    clearTimeout(timer)
    if (done !== null) return { summary: JSON.parse(done), stalls, stderr }
    if (signal !== 'SIGKILL') return { summary: null, stalls, stderr }
    stalls.push(last)
    if (!opts.resume) return { summary: null, stalls, stderr }
    skip = lastIndex
  }
}
