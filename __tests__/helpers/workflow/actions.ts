/**
 * What a `uses:` runs locally: `./dir` in the workspace, this repository's own actions by `owner/name[/dir]@ref`
 * (mapped to the local checkout), well-known setup actions as no-ops (the workspace already is the checkout),
 * and a clear refusal for anything else. Also the INPUT_* variables of an action, built as the runner builds them.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { readAction, type ActionDefinition } from './definitions.js'

/** Actions that do nothing locally: the workspace is the checkout and the tools are installed. */
export const DEFAULT_NOOP_ACTIONS = [
  'actions/checkout',
  'actions/setup-node',
  'actions/setup-python',
  'actions/setup-go',
  'actions/setup-java',
  'actions/cache',
  'actions/cache/restore',
  'actions/cache/save',
  'actions/upload-artifact'
]

/** What a `uses:` resolves to. */
export type ResolvedUses = { kind: 'local'; action: ActionDefinition } | { kind: 'noop'; name: string }

/** Where `uses:` may look. */
export interface UsesSettings {
  workspace: string
  actionRoot: string
  actionRepositories: string[]
  noopActions: string[]
}

/** Thrown for a `uses:` the local runner cannot run; the step fails with this message. */
export class UnsupportedActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedActionError'
  }
}

function loadAction(dir: string, uses: string, hint: string): ActionDefinition {
  for (const name of ['action.yml', 'action.yaml']) {
    const file = path.join(dir, name)
    if (existsSync(file)) return readAction(file, dir)
  }
  throw new UnsupportedActionError(`uses: ${uses}: no action.yml or action.yaml in ${dir} (${hint})`)
}

/** Resolves a `uses:` value. */
export function resolveUses(uses: string, settings: UsesSettings): ResolvedUses {
  if (uses.startsWith('./') || uses === '.') {
    return {
      kind: 'local',
      action: loadAction(path.resolve(settings.workspace, uses), uses, 'a local action path is relative to the workspace, GITHUB_WORKSPACE')
    }
  }
  if (uses.startsWith('docker://')) throw new UnsupportedActionError(`uses: ${uses}: Docker actions are not supported by the local runner`)
  const match = /^([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]+)?)@(.+)$/.exec(uses)
  if (!match) throw new UnsupportedActionError(`uses: ${uses}: expected ./path, owner/repo@ref or owner/repo/path@ref`)
  const [, owner, repo, subdir] = match
  const fullName = `${owner}/${repo}${subdir}`.toLowerCase()
  const repos = settings.actionRepositories.map((r) => r.toLowerCase())
  if (repos.includes(repo.toLowerCase()) || repos.includes(`${owner}/${repo}`.toLowerCase())) {
    const dir = path.join(settings.actionRoot, subdir.replace(/^\//, ''))
    return { kind: 'local', action: loadAction(dir, uses, `this repository's action mapped to the checkout ${settings.actionRoot}`) }
  }
  if (settings.noopActions.some((name) => name.toLowerCase() === fullName)) return { kind: 'noop', name: `${owner}/${repo}${subdir}` }
  throw new UnsupportedActionError(
    `uses: ${uses} is not available locally. The local runner runs ./ paths, this repository's actions ` +
      `(${settings.actionRepositories.join(', ')}, any owner) and treats ${settings.noopActions.join(', ')} as no-ops; ` +
      `pass noopActions: ['${owner}/${repo}${subdir}'] if skipping it is right`
  )
}

/** `INPUT_<NAME>` as @actions/core reads it: upper-cased, spaces → `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** The inputs of one action step: INPUT_* variables, the `inputs` context, and the runner's warnings. */
export interface ActionInputs {
  env: Record<string, string>
  context: Record<string, string>
  warnings: string[]
}

/**
 * Builds an action's inputs as the runner does: every `with:` value (also undeclared ones, with a warning),
 * then declared defaults (`evaluateDefault` evaluates expressions in them), '' for a declared input without
 * one. `required:` is not enforced by the runner (the action's getInput does that).
 */
export function actionInputs(action: ActionDefinition, given: Record<string, string>, evaluateDefault: (text: string) => string): ActionInputs {
  const env: Record<string, string> = {}
  const context: Record<string, string> = {}
  const warnings: string[] = []
  const declared = Object.keys(action.inputs)
  const declaredLower = declared.map((n) => n.toLowerCase())
  const unexpected = Object.keys(given).filter((name) => !declaredLower.includes(name.toLowerCase()))
  if (unexpected.length > 0) {
    warnings.push(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.join("', '")}']`)
  }
  for (const [name, value] of Object.entries(given)) {
    env[inputEnvName(name)] = value
    context[declared[declaredLower.indexOf(name.toLowerCase())] ?? name] = value
  }
  for (const [name, input] of Object.entries(action.inputs)) {
    const givenName = Object.keys(given).find((n) => n.toLowerCase() === name.toLowerCase())
    if (givenName !== undefined) {
      if (input.deprecationMessage) warnings.push(`Input '${name}' has been deprecated with message: ${input.deprecationMessage}`)
      continue
    }
    if (input.default !== undefined) {
      const value = evaluateDefault(input.default)
      env[inputEnvName(name)] = value
      context[name] = value
    } else {
      env[inputEnvName(name)] = ''
      context[name] = ''
    }
  }
  return { env, context, warnings }
}
