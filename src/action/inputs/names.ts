/**
 * Wallaroo's naming rule (§4): names map onto Kubernetes objects. Same check as the SDK's
 * `utils.require_dns_compliance`, plus lowercase-only for workspaces (the workspace-create doc).
 */

/** The SDK's regex: a letter first, then letters, digits and '-'. */
const SDK_NAME = /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]*$/
/** The SDK requires length < 64. */
const MAX_NAME_LENGTH = 63

/** What kind of object a name is for; workspaces are stricter. */
export type NameKind = 'workspace' | 'pipeline' | 'model'

/** Why `name` breaks the rule (phrase fit to follow "is "…": "), or undefined when it is fine. */
export function nameProblem(name: string, kind: NameKind): string | undefined {
  if (name.length === 0) return 'names cannot be empty'
  if (!SDK_NAME.test(name) || /[^\p{ASCII}]/u.test(name)) {
    const what = kind === 'workspace' ? "lowercase ASCII letters, digits and '-'" : "ASCII letters, digits and '-'"
    return `names allow ${what} only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects)`
  }
  if (name.endsWith('-')) return "names cannot end with '-'"
  if (name.length > MAX_NAME_LENGTH) return `names are at most ${MAX_NAME_LENGTH} characters long (this one has ${name.length})`
  if (kind === 'workspace' && name !== name.toLowerCase()) return 'workspace names must be lowercase'
  return undefined
}

/** A close name that passes the rule (lowercase, runs of other characters turned into '-'), or undefined if none can be made. */
export function suggestName(name: string): string | undefined {
  let s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
  s = s.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '')
  return s.length > 0 && s !== name ? s : undefined
}

/** The full input-error text for a bad name, or undefined when the name is fine. */
export function checkName(input: string, name: string, kind: NameKind): string | undefined {
  const problem = nameProblem(name, kind)
  if (problem === undefined) return undefined
  const suggestion = suggestName(name)
  return `Input '${input}' is ${JSON.stringify(name)}: ${problem}.${suggestion ? ` Try ${JSON.stringify(suggestion)}.` : ''}`
}
