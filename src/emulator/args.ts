/**
 * Command-line flags of the emulator (and the SDK's env vars): parsed strictly, so a typo
 * fails with a message naming the flag instead of silently using a default.
 */
import { resolve } from 'node:path'
import { DEFAULT_NODES, parseNodes } from './cluster.js'
import { PROFILE_NAMES, PROFILES, parseProfile } from './profiles.js'
import { DEFAULTS, type EmulatorOptions } from './server.js'
import { readUsersFile } from './users.js'

/** The --help text. */
export const HELP = `Usage: wallaroo-emulator [flags]

A local Wallaroo MLOps API + inference emulator (see docs/emulator.md, or GET /_emulator).

Flags:
  --host HOST             interface to listen on (default ${DEFAULTS.host})
  --port PORT             port; 0 picks a free one (default ${DEFAULTS.port})
  --user NAME             the built-in admin user (default ${DEFAULTS.user}; env WALLAROO_USER)
  --password PASS         its password (default ${DEFAULTS.password}; env WALLAROO_PASSWORD)
  --users FILE            more users: a YAML list of {email, password, admin: true|false}; each signs in
                          with its email. Non-admins see only the workspaces they belong to
  --client-secret SECRET  secret of the confidential 'api-client' (default ${DEFAULTS.clientSecret};
                          env WALLAROO_CLIENT_SECRET). 'sdk-client' is public and needs none.
  --token-seconds N       access-token lifetime of EVERY grant and client (default per profile:
                          ${PROFILE_NAMES.map((p) => `${p} ${PROFILES[p].tokenSeconds}`).join(', ')})
  --refresh-seconds N     refresh-token lifetime (default ${DEFAULTS.refreshSeconds})
  --start-seconds N       how long a deployment stays Starting (default ${DEFAULTS.startSeconds})
  --convert-seconds N     how long a model upload converts: half pending_load_*, half
                          attempting_load_*, then ready/error (default ${DEFAULTS.convertSeconds})
  --data-dir DIR          persist all state and model files there (default: in memory)
  --seed FILE             create the workspaces, models and pipelines of a YAML file before listening
                          (model paths relative to the file; see docs/emulator.md, "Seed file")
  --profile P             the release to imitate: ${PROFILE_NAMES.join(', ')} (default ${DEFAULTS.profile})
  --no-list-pipelines     answer 404 for pipelines/list_pipelines and delete_pipeline, like servers
                          before 2025 (default on 2023.4; 2024.1 may use it; not 2025.2)
  --list-pipelines        serve them anyway (2023.4)
  --nodes SPEC            the cluster: node groups separated by ';', each cpu=N,memory=Q,gpu=N,count=N,
                          label=key:value (default "${DEFAULT_NODES}": one node, no GPU), e.g.
                          "cpu=8,memory=32Gi,count=2;gpu=1,label=wallaroo.ai/accelerator:a100"
  --max-json-mb N         body limit of JSON and inference routes (default 64)
  --max-upload-mb N       body limit of model uploads (default 512)
  --verbose               log one line per request to stderr
  --help                  this text

Developer API (no token): GET /_emulator lists it (reset, state, faults, forced errors).
`

/** Parse argv into options; throws an Error with a message that names the bad flag. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions & { help?: boolean; verbose?: boolean } {
  const opts: EmulatorOptions & { help?: boolean; verbose?: boolean } = {
    user: env.WALLAROO_USER || undefined,
    password: env.WALLAROO_PASSWORD || undefined,
    clientSecret: env.WALLAROO_CLIENT_SECRET || undefined
  }
  const num = (flag: string, value: string, min: number, integer = false): number => {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      throw new Error(`${flag} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${value}'`)
    }
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const eq = arg.indexOf('=')
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined
    if (flag === '--help' || flag === '-h') {
      opts.help = true
      continue
    }
    if (flag === '--verbose') {
      opts.verbose = true
      continue
    }
    if (flag === '--list-pipelines' || flag === '--no-list-pipelines') {
      opts.listPipelines = flag === '--list-pipelines'
      continue
    }
    const value = (): string => {
      if (inline !== undefined) return inline
      const v = argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--host':
        opts.host = value()
        break
      case '--port':
        opts.port = num(flag, value(), 0, true)
        if (opts.port > 65535) throw new Error(`--port must be <= 65535, got ${opts.port}`)
        break
      case '--user':
        opts.user = value()
        break
      case '--password':
        opts.password = value()
        break
      case '--client-secret':
        opts.clientSecret = value()
        break
      case '--token-seconds':
        opts.tokenSeconds = num(flag, value(), 1, true)
        break
      case '--refresh-seconds':
        opts.refreshSeconds = num(flag, value(), 1, true)
        break
      case '--start-seconds':
        opts.startSeconds = num(flag, value(), 0)
        break
      case '--convert-seconds':
        opts.convertSeconds = num(flag, value(), 0)
        break
      case '--data-dir':
        opts.dataDir = resolve(value())
        break
      case '--seed':
        opts.seedFile = value()
        break
      case '--profile':
        opts.profile = parseProfile(value())
        break
      case '--users':
        opts.users = readUsersFile(value())
        break
      case '--nodes':
        opts.nodes = parseNodes(value())
        break
      case '--max-json-mb':
        opts.maxJsonBytes = Math.floor(num(flag, value(), 0) * 1024 * 1024)
        break
      case '--max-upload-mb':
        opts.maxUploadBytes = Math.floor(num(flag, value(), 0) * 1024 * 1024)
        break
      default:
        throw new Error(`unknown flag '${arg}' (see --help)`)
    }
  }
  const profile = opts.profile ?? DEFAULTS.profile
  if (opts.listPipelines === false && !PROFILES[profile].listPipelines.switchable) {
    throw new Error(`--no-list-pipelines: profile ${profile} always has pipelines/list_pipelines and delete_pipeline; use it with --profile 2023.4 or 2024.1`)
  }
  return opts
}
