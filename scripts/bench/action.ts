/**
 * The bundled action as the runner starts it: its start-up against `node -e ''` spawned the same way, and a real
 * deploy against the emulator with its peak RSS. Both spawn with the same minimal runner-like environment.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { ACTION_ENTRY, inputEnvName, parseFileCommands, runnerFiles } from '../../__tests__/helpers/action-process.js'

/** What a spawned process did: exit code, output and wall time from spawn to exit. */
export interface Spawned {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Spawns `command args` with `env` and waits for it to exit. */
export function spawnTimed(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }))
  })
}

/** A runner-like directory: the workspace and the GITHUB_OUTPUT / STATE / STEP_SUMMARY files the runner creates. */
export interface RunnerDir {
  dir: string
  env: Record<string, string>
  outputs(): Promise<Record<string, string>>
  cleanup(): Promise<void>
}

/** A temp directory with a step's runner files and the minimal environment a runner gives a node action step. */
export async function runnerDir(workspace?: string): Promise<RunnerDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-runner-'))
  const { files, env } = await runnerFiles(dir, workspace ?? dir)
  return {
    dir,
    env,
    outputs: async () => parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}

function requireBundle(): void {
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run 'npm run build' first (the bench times the bundle the runner runs)`)
}

/**
 * Wall times of `node dist/index.js` with no inputs (it must fail at its inputs: exit 1 and an ::error naming an
 * input) and of `node -e ''` (exit 0), spawned alternately with the same environment after `warmup` pairs.
 */
export async function startupTimes(samples: number, warmup: number): Promise<{ action: number[]; bare: number[] }> {
  requireBundle()
  const runner = await runnerDir()
  const times = { action: [] as number[], bare: [] as number[] }
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const order = i % 2 === 0 ? (['action', 'bare'] as const) : (['bare', 'action'] as const)
      for (const who of order) {
        const run =
          who === 'action'
            ? await spawnTimed(process.execPath, [ACTION_ENTRY], runner.env, runner.dir)
            : await spawnTimed(process.execPath, ['-e', ''], runner.env, runner.dir)
        if (who === 'action' && (run.code !== 1 || !/^::error.*input/im.test(run.stdout)))
          throw new Error(
            `node dist/index.js without inputs should fail at its inputs (exit 1, an ::error naming an input); it exited ${run.code}:\n${run.stdout}\n${run.stderr}`
          )
        if (who === 'bare' && run.code !== 0) throw new Error(`node -e '' exited ${run.code}: ${run.stderr}`)
        if (i >= warmup) times[who].push(run.ms)
      }
    }
  } finally {
    await runner.cleanup()
  }
  return times
}

/** `node dist/index.js` under /usr/bin/time in `runner`'s directory: how it ran and its peak RSS (MiB). */
async function underTime(runner: RunnerDir, env: Record<string, string>, cwd: string): Promise<{ run: Spawned; peakMiB: number }> {
  requireBundle()
  if (!existsSync('/usr/bin/time')) throw new Error("/usr/bin/time is needed to read the action's peak RSS (apt-get install time)")
  const rssFile = path.join(runner.dir, 'rss')
  const run = await spawnTimed('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ACTION_ENTRY], env, cwd)
  const kb = existsSync(rssFile) ? Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) : NaN
  if (!Number.isFinite(kb) || kb <= 0) throw new Error(`/usr/bin/time wrote no peak RSS (exit ${run.code}): ${run.stderr}`)
  return { run, peakMiB: kb / 1024 }
}

/** One real run of the action: its outputs, log, wall time and peak RSS (MiB). Throws unless it exits 0. */
export async function realRun(
  inputs: Record<string, string>,
  workspace: string
): Promise<{ outputs: Record<string, string>; stdout: string; peakMiB: number; ms: number }> {
  const runner = await runnerDir(workspace)
  try {
    const env = { ...runner.env }
    for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value
    const { run, peakMiB } = await underTime(runner, env, workspace)
    if (run.code !== 0)
      throw new Error(`the action's ${inputs.operation ?? 'deploy'} failed (exit ${run.code}):\n${run.stdout.split('\n').slice(-40).join('\n')}\n${run.stderr}`)
    return { outputs: await runner.outputs(), stdout: run.stdout, peakMiB, ms: run.ms }
  } finally {
    await runner.cleanup()
  }
}

/** Peak RSS (MiB) of the action failing at its inputs (exit 1 checked): what the process costs before any work. */
export async function failingRunPeak(): Promise<number> {
  const runner = await runnerDir()
  try {
    const { run, peakMiB } = await underTime(runner, runner.env, runner.dir)
    if (run.code !== 1) throw new Error(`node dist/index.js without inputs exited ${run.code}, not 1:\n${run.stdout}\n${run.stderr}`)
    return peakMiB
  } finally {
    await runner.cleanup()
  }
}
