/**
 * The two pattern languages of workflows: branch/tag/path filters of `on:` (GitHub's filter cheat sheet:
 * `*`, `**`, `?` and `+` quantify the preceding character, `[…]`, leading `!` negates) and the file globs of
 * `hashFiles` (`*`, `**`, `?` as one character, leading `!` excludes).
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** A filter pattern of `on.<event>.branches|tags|paths` as a regular expression. */
function filterPatternRegex(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*'
      i++
    } else if (c === '*') {
      source += '[^/]*'
    } else if (c === '?' || c === '+') {
      // Quantifies what came before, as in a regular expression.
      source += c
    } else if (c === '[') {
      const end = pattern.indexOf(']', i)
      if (end < 0) throw new Error(`filter pattern '${pattern}' has an unclosed '['`)
      source += pattern.slice(i, end + 1)
      i = end
    } else if (c === '\\' && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i])
    } else {
      source += escapeRegex(c)
    }
  }
  return new RegExp(`^${source}$`)
}

/** Whether `name` passes a list of filter patterns; later patterns win, `!` patterns exclude. */
export function matchesFilters(name: string, patterns: readonly string[]): boolean {
  let matched = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (filterPatternRegex(pattern.slice(1)).test(name)) matched = false
    } else if (filterPatternRegex(pattern).test(name)) {
      matched = true
    }
  }
  return matched
}

/** A hashFiles glob (relative to the workspace) as a regular expression over '/'-separated relative paths. */
function fileGlobRegex(pattern: string): RegExp {
  let source = ''
  const p = pattern.replace(/^\.\//, '')
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '*' && p[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches everything below.
      if (p[i + 2] === '/') {
        source += '(?:.*/)?'
        i += 2
      } else {
        source += '.*'
        i++
      }
    } else if (c === '*') {
      source += '[^/]*'
    } else if (c === '?') {
      source += '[^/]'
    } else {
      source += escapeRegex(c)
    }
  }
  return new RegExp(`^${source}$`)
}

/** Directories hashFiles never walks into locally (a real runner would, slowly). */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules'])

function listFiles(root: string, relative = ''): string[] {
  const files: string[] = []
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...listFiles(root, child))
    } else if (entry.isFile()) {
      files.push(child)
    }
  }
  return files
}

/** Workspace-relative files matching the hashFiles patterns, sorted (leading `!` patterns exclude). */
export function globFiles(root: string, patterns: readonly string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(fileGlobRegex)
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => fileGlobRegex(p.slice(1)))
  return listFiles(root)
    .filter((file) => include.some((re) => re.test(file)) && !exclude.some((re) => re.test(file)))
    .sort()
}
