/**
 * The emulator action's inputs, checked before anything starts and turned into the emulator's
 * command-line flags. The user and password go through the environment, not the command line,
 * so they do not show in the runner's process list.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'

/** Reads one input by name ('' when not given), like core.getInput. */
export type InputReader = (name: string) => string

/** How to start the emulator. */
export interface StartSettings {
  /** Flags after `cli.js`. */
  args: string[]
  /** Extra environment of the emulator process (WALLAROO_USER, WALLAROO_PASSWORD). */
  env: Record<string, string>
  port: number
  /** The seed file, absolute, when given. */
  seed?: string
  /** How long the emulator may spend on the seed before it answers (it waits until seeded deployments run). */
  seedMs: number
}

/** Bad inputs: one sentence per problem, each naming the input and the fix. */
export class EmulatorInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs need fixing:\n${problems.map((p) => `- ${p}`).join('\n')}`)
    this.name = 'EmulatorInputError'
  }
}

/** Checks every input and collects every problem, so a user fixes them in one round. */
export function parseStartInputs(read: InputReader, workspace: string): StartSettings {
  const problems: string[] = []
  const get = (name: string): string => (read(name) ?? '').trim()
  const args: string[] = []
  const seconds: Record<string, number> = {}

  const portText = get('port') || '0'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) {
    problems.push(`Input 'port' must be a whole number from 0 to 65535 (0 picks a free port), got '${portText}'.`)
  }
  args.push('--port', portText)

  const user = get('user') || 'admin'
  const password = get('password') || 'admin'
  for (const [name, flag] of [
    ['start-seconds', '--start-seconds'],
    ['convert-seconds', '--convert-seconds']
  ]) {
    const text = get(name)
    if (text === '') continue
    if (!/^\d+(\.\d+)?$/.test(text)) problems.push(`Input '${name}' must be a number of seconds, 0 or more (e.g. 2 or 0.5), got '${text}'.`)
    seconds[name] = Number(text)
    args.push(flag, text)
  }
  const profile = get('profile')
  if (profile !== '') {
    if (!/^\d{4}\.\d+$/.test(profile)) problems.push(`Input 'profile' must be a Wallaroo version such as 2023.4 or 2025.2, got '${profile}'.`)
    args.push('--profile', profile)
  }
  let seed: string | undefined
  const seedText = get('seed')
  if (seedText !== '') {
    seed = path.resolve(workspace, seedText)
    if (!existsSync(seed) || !statSync(seed).isFile()) {
      problems.push(`Input 'seed' names ${seedText}, but there is no file at ${seed}; give a path relative to the workspace (check out the repository first).`)
    }
    args.push('--seed', seed)
  }
  const verbose = get('verbose') || 'true'
  if (verbose !== 'true' && verbose !== 'false') problems.push(`Input 'verbose' must be true or false, got '${verbose}'.`)
  if (verbose === 'true') args.push('--verbose')

  if (problems.length > 0) throw new EmulatorInputError(problems)
  // A seeded start waits for conversions and deployments; 5 s each stands in for the emulator's own defaults.
  const seedMs = seed ? ((seconds['start-seconds'] ?? 5) + (seconds['convert-seconds'] ?? 5)) * 1000 : 0
  return { args, env: { WALLAROO_USER: user, WALLAROO_PASSWORD: password }, port, seed, seedMs }
}
